"""The explorer page's plots, drawn with Bokeh: the timeline (fig01's rows, marks and colours), the
map (fig06's and fig07's basemap, towns, states and recapture colours) and its date slider.

Bokeh writes standalone HTML with its JavaScript inline (:data:`bokeh.resources.INLINE`): the page
needs no server, no CDN and no tiles. The plots only draw what :mod:`analysis.explore` prepared;
:func:`render_page` puts them into ``analysis/templates/explore/page.html``, whose small script
links them to the filters, the event list, the evidence panel and the URL fragment through the
models named here (:data:`MODEL_NAMES`). The keys are HTML (:func:`timeline_key`, :func:`map_key`):
Bokeh draws no key glyph for a renderer that shows no point (a map state absent on the chosen day),
and an HTML key wraps on a phone. The timeline's date axis is a plot of its own
(:func:`timeline_axis`) that the page keeps in view above the scrolling rows.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from string import Template

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import shapely
from bokeh.embed import components
from bokeh.models import (
    BooleanFilter,
    CDSView,
    ColorBar,
    Column,
    ColumnDataSource,
    CustomJS,
    CustomJSTickFormatter,
    DateSlider,
    DatetimeTickFormatter,
    FactorRange,
    HoverTool,
    LinearColorMapper,
    Range1d,
    TapTool,
)
from bokeh.plotting import figure
from bokeh.resources import Resources
from bokeh.transform import dodge

from analysis.dates import STUDY_START
from analysis.escaping import html_text
from analysis.explore import LAST_DAY, PageData, script_json
from analysis.findings import STATES
from analysis.plots.cartography import (
    BORDER,
    COUNTRY_LABELS,
    FOCUS,
    FOCUS_FILL,
    LAKE,
    NEIGHBOUR_FILL,
    PROVINCE_LINE,
    RIVER,
    SEA,
    basemap_layers,
    lonlat_to_map,
    map_extent,
)
from analysis.plots.maps import CMAP, SNAPSHOT_MARGIN_M, STATE_STYLE, STATE_WORDS
from analysis.plots.style import ACTOR_COLOURS, AXIS_END, AXIS_START, CONFLICT, DATE_RAMP, INK
from analysis.plots.timeline import EVENT_MARKERS
from analysis.vocabulary import ACTOR_NAMES, AGREED, COUNTRY_NAMES, EVENT_WORDS, SINGLE_SOURCE
from analysis.vocabulary import CONFLICT as IN_CONFLICT  # the agreement value; CONFLICT is its colour

#: Bokeh's JavaScript and CSS written into the page (:data:`bokeh.resources.INLINE`'s mode), only the
#: parts the page uses: the core and the widgets (the date slider); not tables, WebGL or MathJax.
RESOURCES = Resources(mode="inline", components=["bokeh", "bokeh-widgets"])
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "explore"
#: The Bokeh models the page script looks up by name.
MODEL_NAMES = {
    "events": "events",
    "events_filter": "events-filter",
    "milestones": "milestones",
    "milestones_filter": "milestones-filter",
    "towns": "towns",
    "day": "day",
    "selected_town": "selected-town",
    "rings": "recapture-rings",
    "timeline_axis": "timeline-axis",
}
#: fig01's matplotlib marker shapes as Bokeh markers (angle in radians, counter-clockwise).
BOKEH_MARKERS: dict[str, tuple[str, float]] = {
    "v": ("inverted_triangle", 0.0),
    "d": ("diamond", 0.0),
    "o": ("circle", 0.0),
    ">": ("triangle", -math.pi / 2),
    "*": ("star", 0.0),
    "s": ("square", 0.0),
}
#: Events fig01 draws as a window only (sieges) get a mark here too, so that every event can be selected.
OTHER_MARKERS: dict[str, tuple[str, float]] = {
    "siege_began": ("hex", 0.0),
    "siege_broken": ("circle_cross", 0.0),
}
OTHER_MARKER = ("hex", 0.0)  # an event neither fig01 nor OTHER_MARKERS names


def event_marker(event: str) -> tuple[str, float]:
    """The Bokeh marker and angle of an event: fig01's shape, else :data:`OTHER_MARKERS`'."""
    if event in EVENT_MARKERS:
        return BOKEH_MARKERS[EVENT_MARKERS[event]]
    return OTHER_MARKERS.get(event, OTHER_MARKER)


MILESTONE_LETTERS = {"declared": "D", "cleared": "C", "partial": "P", "control": "c"}
ROW_PX = 20
TIMELINE_RIGHT_PX = (
    12  # the right border of the timeline and of its axis, pixels  # height of one timeline row, pixels
)
ONE_DAY_MS = 86_400_000
#: Date ticks: a year's first day as the year alone ("2015", narrow enough for a phone), any other day
#: as "Jul 2017" or, zoomed in to days, "9 Jul 2017".
YEAR_TICKS_JS = """
const d = new Date(tick);
const month = d.toLocaleString("en-GB", {month: "short", timeZone: "UTC"});
if (d.getUTCDate() !== 1) return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
return d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : `${month} ${d.getUTCFullYear()}`;
"""


def _ms(days: pd.Series) -> np.ndarray:
    """ISO days as milliseconds since 1970 (Bokeh's datetime axis unit), at midnight."""
    return pd.to_datetime(days).to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(float)


def _ms_of(day: date) -> float:
    return float(pd.Timestamp(day).value // 1_000_000)


# --- timeline ------------------------------------------------------------------------------------


def _factors(events: pd.DataFrame) -> list[tuple[str, str]]:
    """(country lane, row) factors in fig01's order, top to bottom (Bokeh draws the first at the bottom)."""
    pairs = list(dict.fromkeys(zip(events["lane_name"], events["row"], strict=True)))
    return pairs[::-1]


def timeline_source(events: pd.DataFrame) -> dict[str, list]:
    """The columns of the timeline's event source: one row per event, in ``events`` order."""
    left, right = _ms(events["earliest"]), _ms(events["latest"]) + ONE_DAY_MS  # a window covers its last day
    undated = events["undated"].to_numpy()
    mid = np.where(undated, right - ONE_DAY_MS / 2, left + (right - left) / 2)
    shapes = [event_marker(e) for e in events["event"]]
    is_bar = (events["mark"] == "bar").to_numpy()
    return {
        "event_id": events["event_id"].tolist(),
        "y": [list(f) for f in zip(events["lane_name"], events["row"], strict=True)],
        "left": left.tolist(),
        "right": right.tolist(),
        "mid": mid.tolist(),
        "colour": events["colour"].tolist(),
        "face": np.where(events["cited_only"], "white", events["colour"]).tolist(),
        "marker": [s[0] for s in shapes],
        "angle": [s[1] for s in shapes],
        "bar_alpha": np.where(is_bar & ~undated, 0.45, 0.0).tolist(),
        "hatch": np.where(is_bar & undated, "/", " ").tolist(),
        "conflict": np.where(events["agreement"] == IN_CONFLICT, CONFLICT, None).tolist(),
        "label": events["label"].tolist(),
        "window": events["window"].tolist(),
        "precision": events["precision"].tolist(),
        "agreement": events["agreement"].tolist(),
        "family_name": events["family_name"].tolist(),
        "tiers": events["tiers"].str.replace("|", " and ", regex=False).tolist(),
    }


def _milestone_source(events: pd.DataFrame, milestones: pd.DataFrame) -> dict[str, list]:
    """The milestones that do not date their event (declared, cleared, partial...): a thin bar each."""
    other = milestones[~milestones["principal"]]
    rows = events.set_index("event_id").loc[other["event_id"]]
    left, right = _ms(other["earliest"]), _ms(other["latest"]) + ONE_DAY_MS
    return {
        "event_id": other["event_id"].tolist(),
        "y": [list(f) for f in zip(rows["lane_name"], rows["row"], strict=True)],
        "left": left.tolist(),
        "right": right.tolist(),
        "letter": [MILESTONE_LETTERS.get(m, m[:1].upper()) for m in other["milestone"]],
        "colour": np.where(other["agreement"] == IN_CONFLICT, CONFLICT, INK).tolist(),
        "label": (rows["label"].to_numpy() + ": " + other["milestone"].to_numpy()).tolist(),
        "window": other["window"].tolist(),
        "agreement": other["agreement"].tolist(),
    }


def timeline(page: PageData):
    """fig01 in Bokeh: one row per place in country lanes, each event's window as a bar (a day as a
    marker only), marker shape = what happened, colour = who acted, hollow = cited sources only; a red
    ring = sources in conflict; thin bars below a row = the event's other milestones (D declared,
    C cleared, P partial)."""
    events, milestones = page.events, page.milestones
    factors = _factors(events)
    source = ColumnDataSource(timeline_source(events), name=MODEL_NAMES["events"])
    view = CDSView(filter=BooleanFilter([True] * len(events), name=MODEL_NAMES["events_filter"]))
    m_data = _milestone_source(events, milestones)
    m_source = ColumnDataSource(m_data, name=MODEL_NAMES["milestones"])
    m_view = CDSView(
        filter=BooleanFilter([True] * len(m_data["event_id"]), name=MODEL_NAMES["milestones_filter"])
    )
    n_rows = len(factors) + 2 * events["lane"].nunique()
    p = figure(
        name="timeline",
        x_axis_type="datetime",
        x_range=Range1d(_ms_of(AXIS_START), _ms_of(AXIS_END)),
        y_range=FactorRange(*factors, group_padding=1.2, range_padding=0.02),
        height=ROW_PX * n_rows + 40,
        sizing_mode="stretch_width",
        tools="",
        toolbar_location=None,
        x_axis_location="above",
        min_border_top=6,
        min_border_right=TIMELINE_RIGHT_PX,
        output_backend="canvas",
    )
    bars = p.hbar(
        y="y",
        left="left",
        right="right",
        height=0.5,
        source=source,
        view=view,
        fill_color="colour",
        fill_alpha="bar_alpha",
        line_color=None,
        hatch_pattern="hatch",
        hatch_color="colour",
        hatch_alpha=0.8,
        hatch_scale=6,
        nonselection_fill_alpha=0.2,
        nonselection_hatch_alpha=0.35,
    )
    m_bars = p.hbar(
        y=dodge("y", -0.34, range=p.y_range),
        left="left",
        right="right",
        height=0.18,
        source=m_source,
        view=m_view,
        fill_color="colour",
        line_color=None,
        fill_alpha=0.85,
    )
    p.text(
        x="left",
        y=dodge("y", -0.34, range=p.y_range),
        text="letter",
        source=m_source,
        view=m_view,
        text_font_size="8px",
        text_color="colour",
        text_align="right",
        text_baseline="middle",
        x_offset=-2,
    )
    rings = p.scatter(
        x="mid",
        y="y",
        source=source,
        view=view,
        marker="circle",
        size=17,
        fill_color=None,
        line_color="conflict",
        line_width=2.2,
        nonselection_line_alpha=0.3,
    )
    marks = p.scatter(
        x="mid",
        y="y",
        source=source,
        view=view,
        marker="marker",
        angle="angle",
        size=10,
        fill_color="face",
        line_color="colour",
        line_width=1.4,
        nonselection_fill_alpha=0.35,
        nonselection_line_alpha=0.4,
        selection_line_color="#000000",
        selection_line_width=2.5,
    )
    hover = HoverTool(
        renderers=[marks, bars],
        tooltips=[
            ("", "@label"),
            ("when", "@window (@precision)"),
            ("sources", "@agreement; @tiers"),
            ("actor", "@family_name"),
        ],
    )
    m_hover = HoverTool(
        renderers=[m_bars], tooltips=[("", "@label"), ("when", "@window"), ("sources", "@agreement")]
    )
    p.add_tools(hover, m_hover, TapTool(renderers=[marks, bars, rings, m_bars]))
    m_source.selected.js_on_change(  # a milestone picked on the timeline selects its event
        "indices",
        CustomJS(
            args={"source": m_source}, code="window.explorer && window.explorer.tappedMilestone(source)"
        ),
    )
    source.selected.js_on_change(
        "indices", CustomJS(args={"source": source}, code="window.explorer && window.explorer.tapped(source)")
    )
    p.xaxis.visible = False  # the date axis is the sticky one above (timeline_axis); its grid stays
    p.yaxis.major_label_text_font_size = "11px"
    p.yaxis.group_text_font_size = "12px"
    p.yaxis.group_text_font_style = "bold"
    p.ygrid.grid_line_color = "#f2f2f2"
    p.xgrid.grid_line_color = "#e6e6e6"
    p.outline_line_color = None
    return timeline_axis(p), p


def timeline_axis(p):
    """The timeline's date axis as a plot of its own, sharing its date range: the page keeps it in view (CSS
    sticky) above the scrolling rows and aligns its left edge with theirs. Dragging it pans the dates, the
    mouse wheel over it zooms them (over the rows the wheel scrolls the page); "Show all" resets."""
    axis = figure(
        name=MODEL_NAMES["timeline_axis"],
        x_axis_type="datetime",
        x_range=p.x_range,
        y_range=Range1d(0, 1),
        height=34,
        sizing_mode="stretch_width",
        tools="xpan,xwheel_zoom",
        toolbar_location=None,
        x_axis_location="below",
        min_border_top=0,
        min_border_bottom=0,
        min_border_right=TIMELINE_RIGHT_PX,
        outline_line_color=None,
    )
    axis.scatter(x=[], y=[])  # a plot needs a renderer (Bokeh warns otherwise); this one draws nothing
    axis.yaxis.visible = False
    axis.grid.visible = False
    axis.xaxis.formatter = CustomJSTickFormatter(code=YEAR_TICKS_JS)
    axis.toolbar.active_drag, axis.toolbar.active_scroll = axis.tools  # drag or wheel on the axis: pan, zoom
    axis.background_fill_color = "#f7f7f7"
    return axis


#: Each Bokeh marker of the timeline as a 12 x 12 SVG shape, for the key beside it.
SVG_SHAPES = {
    "inverted_triangle": '<polygon points="1,2 11,2 6,11"/>',
    "diamond": '<polygon points="6,0.5 11.5,6 6,11.5 0.5,6"/>',
    "circle": '<circle cx="6" cy="6" r="4.5"/>',
    "triangle": '<polygon points="2,1 11,6 2,11"/>',  # pointing right, as on the timeline
    "star": '<polygon points="6,0.5 7.5,4.3 11.5,4.5 8.4,7 9.5,11 6,8.7 2.5,11 3.6,7 0.5,4.5 4.5,4.3"/>',
    "square": '<rect x="2" y="2" width="8" height="8"/>',
    "hex": '<polygon points="3,1.5 9,1.5 11.5,6 9,10.5 3,10.5 0.5,6"/>',
    "circle_cross": '<circle cx="6" cy="6" r="4.5" fill="none"/><path d="M6 1.5V10.5M1.5 6H10.5"/>',
}
#: The diagonal hatching of the keys (an undated window; fig07's "unknown"), defined once in the page.
HATCH_PATTERN = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><pattern id="hatch" width="3" '
    'height="3" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="3" '
    'stroke="#444444" stroke-width="1"/></pattern></defs></svg>'
)


def _svg(body: str, fill: str, stroke: str, width: float = 1.4, size: int = 12) -> str:
    """A small inline SVG of the keys (``body`` drawn in a 12 x 12 box), fill and stroke as given."""
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 12 12" aria-hidden="true">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="{width}">{body}</g></svg>'
    )


def timeline_key(events: pd.DataFrame) -> str:
    """The timeline's key as HTML (it wraps on a phone and stays in view above the scrolling rows): what
    each mark means. Who acted is the colour the 'Who acted' filter shows beside each name."""
    grey = "#444444"
    bar = '<rect x="0" y="3" width="12" height="6"/>'
    items = []
    for event in [e for e in EVENT_WORDS if e in set(events["event"])]:
        shape = event_marker(event)[0]
        items.append((_svg(SVG_SHAPES[shape], grey, grey), EVENT_WORDS[event]))
    items += [
        (_svg(SVG_SHAPES["circle"], "white", grey), "hollow: cited sources only"),
        (_svg('<circle cx="6" cy="6" r="4.6"/>', "none", CONFLICT, 1.8), "red ring: sources in conflict"),
        (_svg(bar, "#a6a6a6", "none", size=16), "bar: the window the sources allow"),
        (_svg(bar, "url(#hatch)", grey, 0.6, size=16), "hatched: undated, before publication"),
        (
            _svg('<rect x="0" y="5" width="12" height="2"/>', INK, "none", size=16),
            "thin bar: another milestone (D declared, C cleared, P partial)",
        ),
    ]
    return HATCH_PATTERN + "".join(f"<span>{svg} {html_text(words)}</span>" for svg, words in items)


# --- map -----------------------------------------------------------------------------------------


def _rings(geometry) -> list[list[np.ndarray]]:
    """Bokeh multi_polygons coordinates of one (multi)polygon: per part, exterior then holes (10 m)."""
    parts = []
    for part in shapely.get_parts(geometry):
        rings = [part.exterior, *part.interiors]
        parts.append([np.round(np.asarray(r.coords)[:, :2], -1) for r in rings])
    return parts


def _polygons(shapes: np.ndarray) -> dict[str, list]:
    polys = [_rings(s) for s in shapes]
    return {
        "xs": [[[ring[:, 0] for ring in part] for part in poly] for poly in polys],
        "ys": [[[ring[:, 1] for ring in part] for part in poly] for poly in polys],
    }


def _lines(shapes: np.ndarray) -> dict[str, list]:
    """One NaN-separated line per layer: every part of every (multi)line or boundary."""
    xs, ys = [], []
    for part in shapely.get_parts(shapes):
        coords = np.round(np.asarray(part.coords)[:, :2], -1)
        xs += [*coords[:, 0], np.nan]
        ys += [*coords[:, 1], np.nan]
    return {"x": np.asarray(xs), "y": np.asarray(ys)}


def _state_style(state: str) -> dict[str, object]:
    """fig07's marker style of a state, as Bokeh glyph properties (hatch drawn as diagonal lines)."""
    style = STATE_STYLE[state]
    return {
        "fill_color": mcolors.to_hex(style["facecolors"]),
        "line_color": mcolors.to_hex(style["edgecolors"]),
        "line_width": float(style["linewidths"]) * 1.4,
        "hatch_pattern": "/" if style["hatch"] else None,
        "hatch_color": mcolors.to_hex(style["edgecolors"]),
        "hatch_scale": 6,
    }


def _town_extent(towns: pd.DataFrame) -> tuple[float, float, float, float]:
    """fig07's view: the part of Iraq and Syria that has towns (their box and a margin, inside fig06's extent)."""
    xmin, xmax, ymin, ymax = map_extent()
    if towns.empty:
        return xmin, xmax, ymin, ymax
    m = SNAPSHOT_MARGIN_M
    return (
        max(xmin, towns["x"].min() - m),
        min(xmax, towns["x"].max() + m),
        max(ymin, towns["y"].min() - m),
        min(ymax, towns["y"].max() + m),
    )


def map_key() -> str:
    """The map's key as HTML: fig07's state marks, and the recapture ring (with a switch to hide it)."""
    items = []
    for state in STATES:
        style = _state_style(state)
        body = '<circle cx="6" cy="6" r="4.5"/>'
        if style["hatch_pattern"]:  # the face, then the hatching over it
            body = f'<circle cx="6" cy="6" r="4.5" fill="{style["fill_color"]}"/><circle cx="6" cy="6" r="4.5" fill="url(#hatch)"/>'
        svg = _svg(body, style["fill_color"], style["line_color"], style["line_width"])
        items.append(f"<span>{svg} {html_text(STATE_WORDS[state])}</span>")
    ring = _svg('<circle cx="6" cy="6" r="4.4"/>', "none", DATE_RAMP[2], 2.4, size=14)
    items.append(
        f'<label><input type="checkbox" id="rings" checked> {ring} ring: when the town was (last) retaken, '
        "coloured on the scale below</label>"
    )
    return "".join(items)


def map_panel(page: PageData, day: date = LAST_DAY):
    """The towns on the project's basemap (fig06/fig07's layers and colours, Albers equal-area): the
    state of each town at the end of the slider's day (fig07's states and marks) and, as a ring, the
    date of its (last) recapture (fig06's colours)."""
    towns = page.towns
    xmin, xmax, ymin, ymax = _town_extent(towns)
    p = figure(
        name="map",
        x_range=Range1d(xmin, xmax),
        y_range=Range1d(ymin, ymax),
        match_aspect=True,
        aspect_scale=1,
        height=470,
        sizing_mode="stretch_width",
        tools="pan,wheel_zoom,reset",
        toolbar_location="above",
        background_fill_color=SEA,
    )
    p.axis.visible = False
    p.grid.visible = False
    p.toolbar.logo = None
    layers = basemap_layers(False)
    p.multi_polygons(
        source=ColumnDataSource(_polygons(layers["neighbours"])),
        fill_color=NEIGHBOUR_FILL,
        line_color="white",
        line_width=0.8,
    )
    p.multi_polygons(
        source=ColumnDataSource(_polygons(layers["focus"])), fill_color=FOCUS_FILL, line_color=None
    )
    p.line(
        source=ColumnDataSource(_lines(shapely.boundary(layers["provinces"]))),
        x="x",
        y="y",
        line_color=PROVINCE_LINE,
        line_width=0.6,
    )
    p.multi_polygons(source=ColumnDataSource(_polygons(layers["lakes"])), fill_color=LAKE, line_color=None)
    p.line(source=ColumnDataSource(_lines(layers["rivers"])), x="x", y="y", line_color=RIVER, line_width=0.7)
    p.line(
        source=ColumnDataSource(_lines(layers["main_rivers"])), x="x", y="y", line_color=RIVER, line_width=1.6
    )
    p.line(
        source=ColumnDataSource(_lines(shapely.boundary(layers["focus"]))),
        x="x",
        y="y",
        line_color=BORDER,
        line_width=1.1,
    )
    for iso3 in FOCUS:
        x, y = lonlat_to_map(*COUNTRY_LABELS[iso3])
        p.text(
            [x],
            [y],
            text=[COUNTRY_NAMES[iso3].upper()],
            text_color="#8c8c8c",
            text_font_style="bold",
            text_font_size="13px",
            text_align="center",
            text_baseline="middle",
        )

    source = ColumnDataSource(
        {
            "place_id": towns["place_id"].tolist(),
            "place": towns["place"].tolist(),
            "x": towns["x"].tolist(),
            "y": towns["y"].tolist(),
            "ring": [
                c if r else None
                for c, r in zip(towns["recapture_colour"], towns["recapture_id"], strict=True)
            ],
            "recapture": [r or "none in the corpus" for r in towns["recapture"]],
            "state": [""] * len(towns),
            "basis": [""] * len(towns),
        },
        name=MODEL_NAMES["towns"],
    )
    rings = p.scatter(
        x="x",
        y="y",
        source=source,
        marker="circle",
        size=20,
        fill_color=None,
        line_color="ring",
        line_width=3,
        name=MODEL_NAMES["rings"],
    )
    state_renderers = [rings]
    for k, state in enumerate(STATES):
        view = CDSView(filter=BooleanFilter([False] * len(towns), name=f"state-{k}"))
        state_renderers.append(
            p.scatter(x="x", y="y", source=source, view=view, marker="circle", size=12, **_state_style(state))
        )
    selected = ColumnDataSource({"x": [], "y": [], "place": []}, name=MODEL_NAMES["selected_town"])
    p.scatter(
        x="x",
        y="y",
        source=selected,
        marker="circle",
        size=26,
        fill_color=None,
        line_color=CONFLICT,
        line_width=2.5,
        line_dash="solid",
    )
    p.text(
        x="x",
        y="y",
        text="place",
        source=selected,
        x_offset=16,
        text_font_size="12px",
        text_font_style="bold",
        text_baseline="middle",
        background_fill_color="white",
        background_fill_alpha=0.85,
        padding=2,
    )
    p.add_tools(
        HoverTool(
            renderers=state_renderers,
            tooltips=[
                ("", "@place"),
                ("state", "@state"),
                ("why", "@basis"),
                ("last recapture", "@recapture"),
            ],
        ),
        TapTool(renderers=state_renderers),
    )
    source.selected.js_on_change(
        "indices",
        CustomJS(args={"source": source}, code="window.explorer && window.explorer.tappedTown(source)"),
    )
    p.add_layout(_recapture_colour_bar(page), "below")
    slider = DateSlider(
        name=MODEL_NAMES["day"],
        title="State of IS control at the end of",
        start=_ms_of(STUDY_START),
        end=_ms_of(LAST_DAY),
        value=_ms_of(day),
        step=1,
        format="%d %b %Y",
        sizing_mode="stretch_width",
    )
    slider.js_on_change("value", CustomJS(code="window.explorer && window.explorer.dayMoved(cb_obj.value)"))
    return Column(slider, p, sizing_mode="stretch_width", name="map-panel")


def _recapture_colour_bar(page: PageData) -> ColorBar:
    """fig06's date ramp as a colour bar, on fig06's scale (the half-years around the dated recaptures)."""
    dated = page.towns[page.towns["recapture_id"] != ""]
    low, high = page.recapture_scale
    mapper = LinearColorMapper(
        palette=[mcolors.to_hex(CMAP(i / 255)) for i in range(256)], low=_ms_of(low), high=_ms_of(high)
    )
    return ColorBar(
        color_mapper=mapper,
        orientation="horizontal",
        height=10,
        title=f"Ring: when retaken, middle day of the window ({len(dated)} towns)",
        title_text_font_size="11px",
        title_text_font_style="normal",
        formatter=DatetimeTickFormatter(months="%b %Y", years="%Y"),
        major_label_text_font_size="10px",
        padding=6,
    )


# --- the page --------------------------------------------------------------------------------------


def _options(name: str, values: dict[str, str], swatches: dict[str, str] | None = None) -> str:
    """Checkboxes (all checked) for one filter: ``values`` maps each value to its words."""
    boxes = []
    for value, words in values.items():
        swatch = (
            f'<span class="swatch" style="background:{html_text(swatches[value])}"></span>'
            if swatches
            else ""
        )
        boxes.append(
            f'<label><input type="checkbox" name="{html_text(name)}" value="{html_text(value)}" checked>'
            f"{swatch}{html_text(words)}</label>"
        )
    return "".join(boxes)


def _event_list(events: pd.DataFrame) -> str:
    """One list item per event (``data-event-id``), in date order: window, what happened, agreement."""
    ordered = events.sort_values(["earliest", "latest", "label"], kind="stable")
    items = []
    for r in ordered.itertuples(index=False):
        items.append(
            f'<li data-event-id="{html_text(r.event_id)}"><button type="button">'
            f'<span class="when">{html_text(r.window)}</span> {html_text(r.label)}'
            f' <span class="tag {html_text(r.agreement)}">{html_text(r.agreement)}</span></button></li>'
        )
    return "\n".join(items)


#: Evidence columns that describe the source, written once per source in the page's data.
SOURCE_FIELDS = ("outlet", "title", "published", "url", "source_group")


def _by_event(table: pd.DataFrame) -> dict[str, list[dict]]:
    """``table``'s rows as records grouped by ``event_id`` (the key left out of each record), in row order."""
    grouped: dict[str, list[dict]] = {}
    records = table.drop(columns="event_id").to_dict("records")
    for key, record in zip(table["event_id"], records, strict=True):
        grouped.setdefault(key, []).append(record)
    return grouped


def page_json(page: PageData) -> str:
    """The data the page script reads: events, milestones and claims by event, towns' state changes."""
    events = page.events[
        [
            "event_id",
            "label",
            "place_id",
            "row",
            "lane",
            "family",
            "tiers",
            "agreement",
            "earliest",
            "latest",
            "window",
            "precision",
            "milestone",
            "why",
            "csv",
            "family_name",
            "lane_name",
            "n_sources",
            "n_independent",
        ]
    ]
    states = {
        place: [[d, STATES.index(s), b] for d, s, b in zip(g["date"], g["state"], g["basis"], strict=True)]
        for place, g in page.states.groupby("place_id", sort=False)
    }
    return script_json(
        {
            "events": events.to_dict("records"),
            "milestones": _by_event(page.milestones),
            "claims": _by_event(page.evidence.drop(columns=list(SOURCE_FIELDS))),
            "sources": page.evidence.drop_duplicates("source_id")
            .set_index("source_id")[list(SOURCE_FIELDS)]
            .to_dict("index"),
            "states": states,
            "stateWords": [STATE_WORDS[s] for s in STATES],
            "stateNames": list(STATES),
            "towns": page.towns["place_id"].tolist(),
            "milestoneBars": page.milestones.loc[~page.milestones["principal"], "event_id"].tolist(),
            "csvHeader": ",".join(page.csv_columns),
            "version": page.version,
            "lastDay": LAST_DAY.isoformat(),
            "axis": [_ms_of(AXIS_START), _ms_of(AXIS_END)],
        }
    )


def render_page(page: PageData) -> str:
    """The whole page: Bokeh's JavaScript and CSS inline, the plots, the filters, the list, the data."""
    axis, rows = timeline(page)
    script, divs = components({"timeline_axis": axis, "timeline": rows, "map": map_panel(page)})
    events = page.events
    countries = {c: COUNTRY_NAMES[c] for c in dict.fromkeys(events["lane"])}
    families = {f: ACTOR_NAMES[f] for f in ACTOR_COLOURS if f in set(events["family"])}
    fields = {
        "version": html_text(page.version),
        "citation": html_text(page.citation),
        "n_events": str(len(events)),
        "date_min": html_text(events["earliest"].min()),
        "date_max": html_text(events["latest"].max()),
        "countries": _options("country", countries),
        "families": _options("family", families, ACTOR_COLOURS),
        "tiers": _options("tier", {"quoted": "quoted (verbatim text)", "cited": "cited (URL + locator)"}),
        "agreements": _options(
            "agreement", {AGREED: "agreed", SINGLE_SOURCE: "single source", IN_CONFLICT: "in conflict"}
        ),
        "event_list": _event_list(events),
        "timeline_key": timeline_key(events),
        "map_key": map_key(),
        "bokeh_css": RESOURCES.render_css(),
        "bokeh_js": RESOURCES.render_js(),
        "bokeh_script": script,
        "timeline": divs["timeline"],
        "timeline_axis": divs["timeline_axis"],
        "map": divs["map"],
        "data": page_json(page),
        "style": (TEMPLATES / "explore.css").read_text(encoding="utf-8"),
        "script": (TEMPLATES / "explore.js").read_text(encoding="utf-8"),
    }
    return Template((TEMPLATES / "page.html").read_text(encoding="utf-8")).substitute(fields)
