"""fig06 and fig07: the campaign on the map.

- :func:`plot_recapture_map` (fig06): every town of the corpus, numbered and coloured by the
  date of its (last) recapture, marker shape showing how precisely the corpus dates it, with a
  key listing the towns in that order.
- :func:`plot_control_snapshots` (fig07): the state of IS control of every town at the end
  of each half-year, 2014-2017 (:mod:`analysis.control`), as small multiples.

Both are drawn with the shared cartography of :mod:`analysis.plots.cartography`, in
:data:`analysis.basemap.MAP_CRS` (an equal-area Albers conic, metres) on the
committed Natural Earth layers, and both are deterministic: no random placement, fixed
label offsets, layers and towns drawn in a fixed order.

Map conventions
---------------
- **Colour and number = window midpoint.** A recapture window ``[earliest, latest]`` (both
  ends inclusive) is coloured on :data:`analysis.plots.style.DATE_RAMP` (pale to dark yellow,
  a hue no actor uses) by its middle day, rounded down (``earliest + (days - 1) // 2``, the
  rule of :attr:`analysis.dates.DateWindow.midpoint`), and the towns are numbered in that
  order. The midpoint is an ordering and colouring device, never a fact; the key prints the
  window as the corpus gives it.
- **Displacement.** Towns closer together than a marker's width (Albu Kamal and Al-Qaim,
  about 8 km apart) are pushed apart symmetrically along the line joining them until their
  drawn centres are :data:`MIN_SEPARATION_M` (fig06) or :data:`MIN_SEPARATION_SMALL_M`
  (fig07) apart, as cartographers displace crowded symbols. The CSVs keep the true
  coordinates (``x``, ``y``) beside the drawn ones (``x_drawn``, ``y_drawn``).
- **Labels.** At about 40 towns not every name fits, so fig06 numbers every marker and lists
  the towns in a key; it names on the map only the towns its title counts (last recapture in
  the last quarter) and :data:`ORIENTATION_TOWNS`, each at a hand-chosen offset
  (:data:`LABEL_OFFSETS`: points, with the text's alignment) clear of other labels and
  markers at the published size. The small maps of fig07 name only a few towns
  (:data:`ORIENTATION_LABELS` on the first panel, and on the last the towns its title names,
  :data:`LAST_PANEL_LABELS`). ``tests/test_maps.py`` checks the bounding boxes after drawing,
  on the frozen corpus and on the live data.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.dates import format_window
from analysis.findings import (
    HELD,
    NOT_HELD,
    PARTLY_HELD,
    SNAPSHOT_DATES,
    STATES,
    UNKNOWN,
    control_table,
    control_title,
    dated_recaptures,
    euphrates_km,
    last_recapture_by_town,
    last_reported_sentence,
    last_towns_on_euphrates,
    not_free_at,
    recapture_map_title,
    recaptures,
    state_counts,
    towns_retaken_before,
    towns_with_seizure,
)
from analysis.plots.cartography import (
    HALO,
    MIN_SEPARATION_M,
    MIN_SEPARATION_SMALL_M,
    draw_basemap,
    draw_country_labels,
    draw_river_labels,
    draw_scale_bar,
    map_extent,
    town_points,
)
from analysis.plots.style import DATE_RAMP, INK, finish, new_figure, styled
from analysis.vocabulary import ON_RIVER_KM

if TYPE_CHECKING:
    from analysis.dataset import Dataset

#: Name label offsets from the marker: (dx, dy) in points, horizontal and vertical alignment.
#: Hand-placed for the published size (fig06's map about 9.5 in wide): the Euphrates border towns
#: (Albu Kamal and Al-Qaim 8 km apart, Rawa 85 km east), Deir ez-Zor, Al-Mayadin and Al-Quriyah
#: are split to opposite sides. A named town missing from the table is labelled to its right.
LABEL_OFFSETS: dict[str, tuple[float, float, str, str]] = {
    "rawa": (2, 7, "left", "bottom"),
    "al-qaim": (5, -7, "left", "top"),
    "albu-kamal": (-7, -5, "right", "top"),
    "deir-ez-zor": (-8, 3, "right", "bottom"),
    "al-mayadin": (-8, 2, "right", "bottom"),
    "al-quriyah": (8, -2, "left", "top"),
    "raqqa": (-8, 9, "right", "bottom"),
    "palmyra": (0, 8, "center", "bottom"),
    "al-qaryatayn": (8, -4, "left", "top"),
    "mosul": (2, 8, "right", "bottom"),
    "fallujah": (8, 0, "left", "center"),
    "hawija": (0, 8, "center", "bottom"),
    "riyadh": (-8, -2, "right", "top"),
}
DEFAULT_OFFSET: tuple[float, float, str, str] = (8, 0, "left", "center")
#: Towns named on fig06 to orient the reader, besides those its title counts.
ORIENTATION_TOWNS = ("palmyra", "fallujah")  # Mosul is not named: its neighbours crowd every side of it


# --- fig06: recapture map --------------------------------------------------------------------

PRECISION_MARKERS: dict[str, tuple[str, str]] = {
    "day": ("o", "an exact day"),
    "month": ("s", "a month"),
    "wider": ("D", "a window wider than a month"),
}
NO_RECAPTURE = "#ffffff"
CMAP = LinearSegmentedColormap.from_list("recapture-date", DATE_RAMP)
MARKER_AREA = {"o": 118, "s": 96, "D": 80}  # points², room for a two-digit number
NUMBER_SIZE = 5.6  # points
KEY_ROWS = 40  # the key is drawn on a grid of at least this many rows
KEY_COLUMN_ROWS = 48  # at most this many towns in one column of the key; more towns, more columns


def key_columns(n_towns: int) -> int:
    """How many columns fig06's key needs for ``n_towns`` rows (at least one)."""
    return max(1, -(-n_towns // KEY_COLUMN_ROWS))


RECAPTURE_COLUMNS = [
    "place_id",
    "place",
    "country",
    "lon",
    "lat",
    "x",
    "y",
    "x_drawn",
    "y_drawn",
    "event_id",
    "n_recaptures",
    "date_earliest",
    "date_latest",
    "midpoint",
    "precision",
    "marker",
    "euphrates_km",
    "number",
    "label",
    "named",
    "label_dx_pt",
    "label_dy_pt",
    "label_ha",
    "label_va",
]


def _marker_class(earliest: pd.Timestamp, latest: pd.Timestamp) -> str:
    days = (latest - earliest).days + 1
    if days == 1:
        return "day"
    return "month" if days <= 31 else "wider"


def recapture_data(
    places: pd.DataFrame,
    every: pd.DataFrame,
    distance: pd.Series,
    named: tuple[str, ...] = (),
    seized: frozenset[str] | None = None,
) -> pd.DataFrame:
    """One row per town, in key order: its last recapture's window, midpoint and marker, and how it is drawn.

    ``number`` orders the towns by the midpoint of their (last) recapture (then by window start and
    name); towns the corpus never reports retaken come last, by name, with empty dates and marker
    ``none``. ``label`` is the key's text; towns in ``named`` are also named on the map, at
    ``label_dx_pt``, ``label_dy_pt`` (points) with that alignment. ``euphrates_km`` is the distance
    from the town to the Euphrates (Natural Earth 1:50m line, in MAP_CRS metres / 1000).
    ``every``: :func:`analysis.findings.recaptures`; ``distance``: :func:`analysis.findings.euphrates_km`;
    ``seized``: the towns with a seizure event (:func:`analysis.findings.towns_with_seizure`), when
    given: a town with neither a seizure nor a recapture is labelled so (Amerli was besieged, never held).
    """
    t = town_points(places, MIN_SEPARATION_M)
    n = every.groupby("place_id").size().rename("n_recaptures")
    last = every[every["final"]].set_index("place_id")
    t = t.join(
        last[["event_id", "date_earliest", "date_latest", "midpoint", "precision"]], on="place_id"
    ).join(n, on="place_id")
    t["n_recaptures"] = t["n_recaptures"].fillna(0).astype(int)
    has = t["event_id"].notna()
    t["marker"] = "none"
    t.loc[has, "marker"] = [
        _marker_class(lo, hi)
        for lo, hi in zip(t.loc[has, "date_earliest"], t.loc[has, "date_latest"], strict=True)
    ]
    t["euphrates_km"] = t["place_id"].map(distance)
    t = _in_key_order(t)
    t["number"] = range(1, len(t) + 1)
    t["label"] = [_label(r, seized) for _, r in t.iterrows()]
    t["named"] = t["place_id"].isin(named)
    offsets = [
        LABEL_OFFSETS.get(pid, DEFAULT_OFFSET) if on else (None,) * 4
        for pid, on in zip(t["place_id"], t["named"], strict=True)
    ]
    for i, column in enumerate(("label_dx_pt", "label_dy_pt", "label_ha", "label_va")):
        t[column] = [offset[i] for offset in offsets]
    return t[RECAPTURE_COLUMNS]


def _in_key_order(t: pd.DataFrame) -> pd.DataFrame:
    """Retaken towns by midpoint, window start and name; then the others by name."""
    key = pd.DataFrame(
        {
            "undated": t["midpoint"].isna(),
            "midpoint": pd.to_datetime(t["midpoint"]),
            "earliest": pd.to_datetime(t["date_earliest"]),
            "place": t["place"],
        }
    )
    order = key.sort_values(["undated", "midpoint", "earliest", "place"], kind="stable").index
    return t.loc[order].reset_index(drop=True)


def _label(row: pd.Series, seized: frozenset[str] | None = None) -> str:
    if pd.isna(row["event_id"]):
        if seized is not None and row["place_id"] not in seized:
            return f"{row['place']}: no seizure or recapture reported"
        return f"{row['place']}: no recapture reported"
    text = format_window(row["date_earliest"], row["date_latest"], words=True)
    again = {2: " (2nd time)", 3: " (3rd time)"}.get(row["n_recaptures"], "")
    if row["n_recaptures"] > 3:
        again = f" ({row['n_recaptures']}th time)"
    return f"{row['place']}: {text}{again}"


def _date_norm(midpoints: pd.Series) -> Normalize:
    """A colour scale from the start of the first half-year to the end of the last one holding a midpoint
    (the study period 2014-2017 when no recapture is dated)."""
    if midpoints.empty:
        return Normalize(mdates.date2num(pd.Timestamp(2014, 1, 1)), mdates.date2num(pd.Timestamp(2018, 1, 1)))
    first, last = pd.Timestamp(min(midpoints)), pd.Timestamp(max(midpoints))
    lo = pd.Timestamp(year=first.year, month=1 if first.month <= 6 else 7, day=1)
    hi = (
        pd.Timestamp(year=last.year, month=7, day=1)
        if last.month <= 6
        else pd.Timestamp(year=last.year + 1, month=1, day=1)
    )
    return Normalize(mdates.date2num(lo), mdates.date2num(hi))


def _finding(dataset: Dataset) -> tuple[str, str]:
    """Title and first subtitle sentence: the river of the last recaptures, and Iraq vs Syria."""
    if dated_recaptures(dataset).empty:
        return "The corpus dates no recapture of a town yet", ""
    last = last_towns_on_euphrates(dataset)
    title = recapture_map_title(dataset)
    cut = date(last.first_day.year, 1, 1)
    parts = [(name, share.count, share.total) for name, share in towns_retaken_before(dataset, cut).items()]
    # the country with the larger share first (a stable sort: Iraq first on a tie)
    (n1, b1, t1), (n2, b2, t2) = sorted(parts, key=lambda p: -p[1] / max(p[2], 1))
    verb = "as early as" if b1 * t2 == b2 * t1 else "earlier than"
    sentence = (
        f"{n1}'s towns were retaken {verb} {n2}'s: {b1} of {t1} before {cut.year}, against {b2} of {t2}. "
    )
    return title, sentence


def _title_towns(dataset: Dataset) -> tuple[str, ...]:
    """The towns fig06's title counts: last recapture window inside the quarter of the latest one."""
    if dated_recaptures(dataset).empty:
        return ()
    last = last_towns_on_euphrates(dataset)
    table = last_recapture_by_town(dataset)
    inside = (
        table["date_earliest"].notna()
        & (table["date_earliest"] >= pd.Timestamp(last.first_day))
        & (table["date_latest"] <= pd.Timestamp(last.last_day))
    )
    return tuple(table.loc[inside, "place_id"])


def _marker_colours(data: pd.DataFrame, norm: Normalize) -> list[tuple[float, ...]]:
    """Each town's face colour: the ramp at its midpoint, white when never retaken."""
    return [
        mcolors.to_rgba(NO_RECAPTURE) if pd.isna(m) else CMAP(norm(mdates.date2num(pd.Timestamp(m))))
        for m in data["midpoint"]
    ]


def recapture_scale(data: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of fig06's date colour scale for the towns of :func:`recapture_data`."""
    norm = _date_norm(data.loc[data["marker"] != "none", "midpoint"])
    return tuple(pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in (norm.vmin, norm.vmax))


def recapture_faces(data: pd.DataFrame) -> list[str]:
    """fig06's face colour of each town of :func:`recapture_data` (hex): the date ramp at its
    (last) recapture's midpoint on fig06's scale, white when the corpus reports no recapture."""
    norm = _date_norm(data.loc[data["marker"] != "none", "midpoint"])
    return [mcolors.to_hex(face) for face in _marker_colours(data, norm)]


def _ink_on(face: tuple[float, ...]) -> str:
    """Near-black on a light face, white on a dark one (relative luminance threshold 0.35)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in face[:3])
    return "#1a1a1a" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.35 else "#ffffff"


def _draw_numbered(ax, x, y, data: pd.DataFrame, faces: list, gid: str) -> None:
    """Each town's marker (shape by precision, face by date) with its key number inside."""
    for marker_class in [*PRECISION_MARKERS, "none"]:
        pick = (data["marker"] == marker_class).to_numpy()
        if not pick.any():
            continue
        shape = PRECISION_MARKERS[marker_class][0] if marker_class != "none" else "o"
        ax.scatter(
            np.asarray(x)[pick],
            np.asarray(y)[pick],
            c=[f for f, p in zip(faces, pick, strict=True) if p],
            marker=shape,
            s=MARKER_AREA[shape],
            edgecolors="#7f7f7f" if marker_class == "none" else "#1a1a1a",
            linewidths=1.0 if marker_class == "none" else 0.7,
            zorder=8,
            gid=f"{gid}-{marker_class}",
        )
    for xi, yi, (_, r), face in zip(x, y, data.iterrows(), faces, strict=True):
        ax.text(
            xi,
            yi,
            str(r["number"]),
            ha="center",
            va="center_baseline",
            fontsize=NUMBER_SIZE,
            fontweight="bold",
            color="#6b6b6b" if r["marker"] == "none" else _ink_on(face),
            zorder=9,
            gid=f"number-{r['place_id']}" if gid == "towns" else None,
        )


def _draw_key(ax, data: pd.DataFrame, faces: list, bold: tuple[str, ...], bold_means: str) -> None:
    """The numbered key: one row per town in number order (marker, number, name, window as written);
    the towns in ``bold`` (place ids) in bold, ``bold_means`` saying why."""
    ax.set_axis_off()
    columns = key_columns(len(data))
    rows = -(-len(data) // columns)
    ax.set_xlim(0, columns)
    ax.set_ylim(-max(KEY_ROWS, rows + 3), 0.4)
    ax.text(
        0.0, 0.0, "Towns in the order of their (last) recapture", fontsize=8, fontweight="bold", va="center"
    )
    if bold:
        ax.text(
            0.0, -0.9, bold_means, fontsize=7.5, fontstyle="italic", va="center", color=INK, gid="key-bold"
        )
    ys = [-(i % rows + 2.2) for i in range(len(data))]
    xs = [i // rows + 0.05 for i in range(len(data))]
    _draw_numbered(ax, xs, ys, data, faces, gid="key")
    for x, y, (_, r) in zip(xs, ys, data.iterrows(), strict=True):
        ax.text(
            x + 0.06,
            y,
            r["label"],
            va="center",
            fontsize=7.5,
            fontweight="bold" if r["place_id"] in bold else "normal",
            color="#1a1a1a" if r["marker"] != "none" else "#6b6b6b",
            gid=f"key-town-{r['place_id']}",
        )


@styled
def plot_recapture_map(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig06: the towns coloured by the date of their (last) recapture, shaped by its precision."""
    places, sources = dataset.places, dataset.sources
    title_towns = _title_towns(dataset)
    data = recapture_data(
        places,
        recaptures(dataset),
        euphrates_km(dataset),
        title_towns + ORIENTATION_TOWNS,
        seized=towns_with_seizure(dataset),
    )
    extent = map_extent()
    columns = key_columns(len(data))
    fig = new_figure(13.2 + 3.2 * (columns - 1), 9.4)
    grid = fig.add_gridspec(1, 2, width_ratios=[1.0, 0.26 * columns])
    ax = fig.add_subplot(grid[0, 0])
    draw_basemap(ax, extent)
    draw_country_labels(ax, extent, fontsize=13)
    draw_river_labels(ax, fontsize=8.5)
    draw_scale_bar(ax, extent)

    dated = data[data["marker"] != "none"]
    norm = _date_norm(dated["midpoint"])
    faces = _marker_colours(data, norm)
    _draw_numbered(ax, data["x_drawn"], data["y_drawn"], data, faces, gid="towns")
    for _, r in data[data["named"]].iterrows():
        ax.annotate(
            r["place"],
            (r["x_drawn"], r["y_drawn"]),
            xytext=(r["label_dx_pt"], r["label_dy_pt"]),
            textcoords="offset points",
            ha=r["label_ha"],
            va=r["label_va"],
            fontsize=8,
            color="#1a1a1a" if r["marker"] != "none" else "#6b6b6b",
            path_effects=HALO,
            zorder=9,
            gid=f"label-town-{r['place_id']}",
        )

    mappable = ScalarMappable(norm=norm, cmap=CMAP)
    cbar = fig.colorbar(mappable, ax=ax, orientation="horizontal", fraction=0.035, pad=0.02, aspect=45)
    ticks = pd.date_range(
        pd.Timestamp(mdates.num2date(norm.vmin)).tz_localize(None),
        pd.Timestamp(mdates.num2date(norm.vmax)).tz_localize(None),
        freq="6MS",
    )
    cbar.set_ticks(mdates.date2num(ticks), labels=[f"{t:%b %Y}" for t in ticks])
    cbar.ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 10)))
    cbar.ax.tick_params(labelsize=8)
    cbar.set_label(
        "Date of the (last) recapture: the middle day of the window the sources give", fontsize=8.5
    )
    cbar.outline.set_linewidth(0.5)

    last = None if dated.empty else last_towns_on_euphrates(dataset)
    bold_means = (
        ""
        if last is None
        else f"bold: the towns the title counts ({last.first_day:%b}-{last.last_day:%b %Y})"
    )
    _draw_key(fig.add_subplot(grid[0, 1]), data, faces, title_towns, bold_means)

    present = [k for k in PRECISION_MARKERS if k in set(data["marker"])]
    handles = [
        Line2D(
            [],
            [],
            lw=0,
            marker=PRECISION_MARKERS[k][0],
            markersize=8 if k == "day" else 7,
            markerfacecolor="#9a9a9a",
            markeredgecolor="#1a1a1a",
            markeredgewidth=0.7,
            label=f"dated to {PRECISION_MARKERS[k][1]}",
        )
        for k in present
    ]
    if (data["marker"] == "none").any():
        handles.append(
            Line2D(
                [],
                [],
                lw=0,
                marker="o",
                markersize=7.5,
                markerfacecolor=NO_RECAPTURE,
                markeredgecolor="#7f7f7f",
                markeredgewidth=1.0,
                label="no recapture in the corpus",
            )
        )
    ax.legend(
        handles=handles,
        loc="lower right",
        title="How precisely the corpus dates the recapture",
        title_fontsize=8,
        fontsize=8,
        frameon=True,
        framealpha=0.92,
        edgecolor="#cccccc",
        borderpad=0.7,
    )

    title, sentence = _finding(dataset)
    pushed = data.loc[(data["x"] != data["x_drawn"]) | (data["y"] != data["y_drawn"]), "place"]
    pushed_note = (
        f"{' and '.join(pushed)} (less than {MIN_SEPARATION_M // 1000} km apart) are drawn pushed apart. "
        if len(pushed)
        else ""
    )
    finish(
        fig,
        "fig06",
        title,
        sources,
        subtitle=f"{sentence}'On the Euphrates': within {ON_RIVER_KM:g} km of the river. "
        "Numbers and colour follow the middle day of the (last) recapture window, for ordering and colouring "
        "only; the key gives the window as the sources write it. "
        f"{pushed_note}'2nd time': the corpus reports an earlier recapture too; colour and date are the last one. "
        "Albers equal-area projection; Natural Earth boundaries and rivers.",
    )
    return fig, data


# --- fig07: control snapshots -----------------------------------------------------------------

STATE_STYLE: dict[str, dict[str, object]] = {
    HELD: {"facecolors": "#1a1a1a", "edgecolors": "#1a1a1a", "linewidths": 0.6, "hatch": None},
    PARTLY_HELD: {"facecolors": "#7f7f7f", "edgecolors": "#1a1a1a", "linewidths": 1.2, "hatch": None},
    UNKNOWN: {"facecolors": "white", "edgecolors": "#595959", "linewidths": 0.6, "hatch": "//////"},
    NOT_HELD: {"facecolors": "#e6e6e6", "edgecolors": "#9a9a9a", "linewidths": 0.6, "hatch": None},
}
STATE_WORDS: dict[str, str] = {
    HELD: "held by IS: dated evidence of IS control then",
    PARTLY_HELD: "partly held: a besieged enclave, or part of the town seized or retaken",
    UNKNOWN: "unknown: no dated evidence either way (before the first, after the last report)",
    NOT_HELD: "not held by IS: retaken, or seized only later",
}
STATE_SHORT: dict[str, str] = {
    HELD: "held",
    PARTLY_HELD: "partly",
    UNKNOWN: "unknown",
    NOT_HELD: "not held",
}
SNAPSHOT_COLUMNS = [
    "date",
    "place_id",
    "place",
    "country",
    "state",
    "episode",
    "event_ids",
    "last_held",
    "x",
    "y",
    "x_drawn",
    "y_drawn",
    "basis",
]
#: Towns named on the first panel to orient the reader: (dx, dy) points, alignment. None at campaign
#: scale: at this size the neighbours of Mosul, Raqqa, Palmyra and Fallujah (Bartella, Tel Keppe; Hazima,
#: Al-Karamah; Uqayribat, Mheen; Saqlawiyah, Garma) leave no room clear of them. Fig06 names them.
ORIENTATION_LABELS: dict[str, tuple[float, float, str, str]] = {}
#: Towns the last panel may name (those the title names), placed clear of their neighbours; others to the right.
LAST_PANEL_LABELS: dict[str, tuple[float, float, str, str]] = {
    "hit": (-5, 0, "right", "center"),
    "al-sukhnah": (-2, 4, "right", "bottom"),
}
#: Where fig07's last panel tries a town's label, in order (dx, dy points, alignment): the first
#: that overlaps no label already placed and keeps clear of every town marker is used; a town
#: with none is left unnamed on the map (the subtitle names it).
LABEL_CANDIDATES: tuple[tuple[float, float, str, str], ...] = (
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (5, 5, "left", "bottom"),
    (-5, 5, "right", "bottom"),
    (5, -5, "left", "top"),
    (-5, -5, "right", "top"),
)
LABEL_CLEARANCE_PT = 4.5  # a label keeps at least this far (points) from every town marker's centre + radius
SNAPSHOT_MARGIN_M = 110_000  # around the towns: the panels show the part of the map that has towns


def snapshot_data(table: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """A :func:`analysis.findings.control_table` with each town's map position (true and as drawn)."""
    points = town_points(places, MIN_SEPARATION_SMALL_M).set_index("place_id")
    return table.join(points[["x", "y", "x_drawn", "y_drawn"]], on="place_id")[SNAPSHOT_COLUMNS]


def _day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _place_labels(ax, here: pd.DataFrame, named: dict[str, list[tuple[float, float, str, str]]]) -> None:
    """Name the towns of ``named`` on one small map, each at the first of its candidate offsets whose
    label overlaps no label placed before and keeps :data:`LABEL_CLEARANCE_PT` clear of every town
    marker (measured on the drawn figure); a town with no such place stays unnamed."""
    if not named:
        return
    fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):  # a bare Figure: measure text with the Agg renderer
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    centres = ax.transData.transform(here[["x_drawn", "y_drawn"]].to_numpy(dtype=float))
    clearance = (LABEL_CLEARANCE_PT + math.sqrt(30 / math.pi)) * fig.dpi / 72
    placed = []
    for _, r in here[here["place_id"].isin(named)].iterrows():
        for dx, dy, ha, va in named[r["place_id"]]:
            label = ax.annotate(
                r["place"],
                (r["x_drawn"], r["y_drawn"]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=6.8,
                color="#333333",
                path_effects=HALO,
                zorder=9,
                gid=f"label-town-{r['place_id']}",
            )
            box = label.get_window_extent(renderer)
            gaps = [
                math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)) for x, y in centres
            ]
            if min(gaps) >= clearance and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()


def _snapshot_finding(dataset: Dataset, dates: list[date]) -> tuple[str, str, pd.DataFrame]:
    """Title and a subtitle sentence (:mod:`analysis.findings`), and the towns not certainly free at the last date."""
    title = control_title(dataset, tuple(dates))
    sentence = last_reported_sentence(dataset, dates[-1])
    return title, sentence, not_free_at(dataset, dates[-1])


@styled
def plot_control_snapshots(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig07: eight small maps, the state of IS control of every town at the end of each half-year."""
    places, sources = dataset.places, dataset.sources
    data = snapshot_data(control_table(dataset, SNAPSHOT_DATES), places)
    if data.empty:  # a gazetteer without towns: the map alone, saying so
        fig = new_figure(11.0, 5.5)
        draw_basemap(fig.add_subplot(), map_extent(), detail=False)
        finish(fig, "fig07", "The gazetteer has no towns yet: there is no control of towns to map", sources)
        return fig, data
    pts = data.drop_duplicates("place_id")
    xmin, xmax, ymin, ymax = map_extent()
    extent = (
        max(xmin, pts["x"].min() - SNAPSHOT_MARGIN_M),
        min(xmax, pts["x"].max() + SNAPSHOT_MARGIN_M),
        max(ymin, pts["y"].min() - SNAPSHOT_MARGIN_M),
        min(ymax, pts["y"].max() + SNAPSHOT_MARGIN_M),
    )
    dates = list(dict.fromkeys(data["date"]))
    tally = state_counts(dataset, tuple(dates))
    title, sentence, rest = _snapshot_finding(dataset, dates)
    fig = new_figure(11.0, 6.0)
    grid = fig.add_gridspec(3, 4, height_ratios=[1.0, 1.0, 0.12])
    axes = [fig.add_subplot(grid[row, col]) for row in range(2) for col in range(4)]
    key = fig.add_subplot(grid[2, :])
    key.set_axis_off()
    for i, (ax, day) in enumerate(zip(axes, dates, strict=False)):
        draw_basemap(ax, extent, detail=False)
        here = data[data["date"] == day]
        for state in STATES:
            rows = here[here["state"] == state]
            if rows.empty:
                continue
            style = STATE_STYLE[state]
            ax.scatter(
                rows["x_drawn"],
                rows["y_drawn"],
                marker="o",
                s=30,
                facecolors=style["facecolors"],
                edgecolors=style["edgecolors"],
                linewidths=style["linewidths"],
                hatch=style["hatch"],
                zorder=8,
                gid=f"towns-{state}",
            )
        n = tally.loc[day]
        ax.set_title(_day_words(day), fontsize=9, loc="left", pad=13)
        ax.text(
            0.0,
            1.015,
            "  ".join(f"{STATE_SHORT[s]} {n[s]}" for s in STATES),
            transform=ax.transAxes,
            fontsize=6.8,
            color="#333333",
            va="bottom",
            ha="left",
            gid=f"counts-{day}",
        )
        if i == 0:
            draw_scale_bar(ax, extent, km=200, segments=1)
            named = {pid: [offset] for pid, offset in ORIENTATION_LABELS.items()}
        elif i == len(dates) - 1:  # the towns the title names, where a place clear of the others is found
            named = {
                pid: [LAST_PANEL_LABELS[pid]] if pid in LAST_PANEL_LABELS else list(LABEL_CANDIDATES)
                for pid in rest["place_id"]
            }
        else:
            named = {}
        _place_labels(ax, here, named)
    for ax in axes[len(dates) :]:
        ax.set_visible(False)
    handles = [key.scatter([], [], marker="o", s=42, **STATE_STYLE[s], label=STATE_WORDS[s]) for s in STATES]
    key.legend(handles=handles, loc="center", ncols=2, fontsize=8, frameon=False, borderaxespad=0)
    finish(
        fig,
        "fig07",
        title,
        sources,
        subtitle=f"{sentence}State at the end of each half-year. A window straddles a day when it starts on or "
        "before that day and ends after it. "
        "Town names and recapture dates: fig06 (same towns, same projection); the panels show the part of "
        "Iraq and Syria that has towns.",
    )
    return fig, data
