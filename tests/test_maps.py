"""The maps (fig06, fig07): structure, not pixels.

One marker per town, hand-computed midpoints, labels that do not overlap once drawn, map
coordinates in metres of MAP_CRS, a scale bar, the snapshot table's shape, and the CSV the
registry writes equal to the builder's table.
"""

from __future__ import annotations

import itertools
from datetime import date

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pyproj import Transformer

from analysis import basemap
from analysis.basemap import MAP_CRS
from analysis.control import SNAPSHOT_DATES
from analysis.dataset import Dataset
from analysis.plots.cartography import basemap_shapes
from analysis.plots.maps import MARKER_AREA, plot_control_snapshots, plot_recapture_map
from analysis.plots.style import RC

N_TOWNS = 18  # city, town and village rows of data/places.csv


@pytest.fixture(scope="module")
def inputs(corpus) -> Dataset:
    return corpus


def _drawn(fig: Figure) -> Figure:
    """Lay out and draw the figure on an Agg canvas (as savefig does), so extents are final."""
    FigureCanvasAgg(fig)
    with mpl.rc_context(RC):
        fig.canvas.draw()
    return fig


@pytest.fixture(scope="module")
def recapture_map(corpus_figures) -> tuple[Figure, pd.DataFrame]:
    fig, data = corpus_figures["fig06"]
    return _drawn(fig), data


@pytest.fixture(scope="module")
def snapshot_maps(corpus_figures) -> tuple[Figure, pd.DataFrame]:
    fig, data = corpus_figures["fig07"]
    return _drawn(fig), data


def _town_offsets(ax) -> np.ndarray:
    """The (x, y) data positions of every town marker in the axes."""
    parts = [c.get_offsets() for c in ax.collections if (c.get_gid() or "").startswith("towns-")]
    return np.vstack(parts) if parts else np.empty((0, 2))


def _texts(fig: Figure, prefix: str) -> list:
    return [t for t in fig.findobj(mpl.text.Text) if (t.get_gid() or "").startswith(prefix) and t.get_text()]


# --- fig06 -------------------------------------------------------------------------------------


def test_one_marker_per_town(recapture_map):
    fig, data = recapture_map
    ax = fig.axes[0]
    offsets = _town_offsets(ax)
    assert len(offsets) == len(data) == N_TOWNS
    drawn = {(round(x), round(y)) for x, y in offsets}
    assert drawn == {(round(x), round(y)) for x, y in zip(data["x_drawn"], data["y_drawn"], strict=True)}


@pytest.mark.parametrize(
    ("place_id", "midpoint", "marker"),
    [
        ("tikrit", date(2015, 3, 16), "month"),  # March 2015: 31 days, 03-01 + (31 - 1) // 2 = 15 days
        ("rawa", date(2017, 11, 17), "day"),  # Friday 17 November 2017
        ("mosul", date(2017, 7, 9), "day"),  # July 9
        ("ramadi", date(2016, 2, 15), "month"),  # February 2016 has 29 days: 02-01 + 14
        ("palmyra", date(2017, 3, 16), "month"),  # the second (last) recapture, March 2017
        ("albu-kamal", date(2017, 11, 15), "month"),  # full control "later the same month" (Nov 2017)
    ],
)
def test_midpoints_computed_by_hand(recapture_map, place_id, midpoint, marker):
    row = recapture_map[1].set_index("place_id").loc[place_id]
    assert row["midpoint"] == pd.Timestamp(midpoint) and row["marker"] == marker


def test_a_town_never_retaken_has_no_date_and_its_own_style(recapture_map):
    fig, data = recapture_map
    manbij = data.set_index("place_id").loc["manbij"]
    assert manbij["marker"] == "none" and pd.isna(manbij["midpoint"]) and pd.isna(manbij["date_earliest"])
    undated = [c for c in fig.axes[0].collections if c.get_gid() == "towns-none"]
    assert len(undated) == 1 and len(undated[0].get_offsets()) == 1


def test_key_prints_the_window_as_written(recapture_map):
    fig, data = recapture_map
    labels = data.set_index("place_id")["label"]
    assert labels["tikrit"] == "Tikrit: Mar 2015"
    assert labels["rawa"] == "Rawa: 17 Nov 2017"
    assert labels["palmyra"] == "Palmyra: Mar 2017 (2nd time)"
    key = {t.get_gid(): t.get_text() for t in _texts(fig, "key-town-")}
    assert key == {f"key-town-{pid}": text for pid, text in labels.items()}


def test_towns_are_numbered_in_the_order_of_their_last_recapture(recapture_map):
    """Midpoints by hand: Hawija 5 Oct, Al-Mayadin 14 Oct, Raqqa 16 Oct (October 2017), Al-Qaim 3 Nov,
    Albu Kamal and Deir ez-Zor 15 Nov (November 2017; a tie, broken by name), Rawa 17 Nov; Manbij,
    never retaken, last."""
    data = recapture_map[1]
    assert list(data["number"]) == list(range(1, N_TOWNS + 1))
    assert list(data["place_id"].iloc[-8:]) == [
        "hawija",
        "al-mayadin",
        "raqqa",
        "al-qaim",
        "albu-kamal",
        "deir-ez-zor",
        "rawa",
        "manbij",
    ]
    assert data.set_index("place_id").loc["kobane", "number"] == 1  # January 2015, the first


def test_map_names_the_titles_towns_and_a_few_others(recapture_map):
    fig, data = recapture_map
    last_quarter = {"raqqa", "hawija", "al-mayadin", "deir-ez-zor", "albu-kamal", "al-qaim", "rawa"}
    named = {t.get_gid().removeprefix("label-town-") for t in _texts(fig, "label-town-")}
    assert named == set(data.loc[data["named"], "place_id"]) == last_quarter | {"palmyra", "fallujah"}


def _numbers_fit_their_markers(fig: Figure, data: pd.DataFrame) -> None:
    """Every town's number is drawn at its marker and fits inside it (legible, not spilling over)."""
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    numbers = {t.get_gid().removeprefix("number-"): t for t in _texts(fig, "number-")}
    assert set(numbers) == set(data["place_id"])
    centres = dict(
        zip(data["place_id"], ax.transData.transform(data[["x_drawn", "y_drawn"]].to_numpy()), strict=True)
    )
    diameter = (
        2 * np.sqrt(MARKER_AREA["D"] / np.pi) * fig.dpi / 72 * 1.2
    )  # the smallest marker's width, pixels
    for pid, text in numbers.items():
        assert text.get_text() == str(data.set_index("place_id").loc[pid, "number"])
        box = text.get_window_extent(renderer)
        assert box.width < diameter
        assert abs((box.x0 + box.x1) / 2 - centres[pid][0]) < 1.0


def test_numbers_fit_their_markers(recapture_map):
    _numbers_fit_their_markers(*recapture_map)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_no_two_labels_overlap(recapture_map):
    _labels_do_not_overlap(recapture_map[0])


def _labels_do_not_overlap(fig: Figure) -> None:
    renderer = fig.canvas.get_renderer()
    labels = _texts(fig, "label-") + _texts(fig, "key-")  # towns, rivers, countries; the key
    boxes = {t.get_gid(): t.get_window_extent(renderer) for t in labels}
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2) if _overlaps(ba, bb)]
    assert clashes == []


def test_no_label_covers_a_town_marker(recapture_map):
    _no_label_covers_a_town_marker(*recapture_map)


def _no_label_covers_a_town_marker(fig: Figure, data: pd.DataFrame) -> None:
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    centres = ax.transData.transform(data[["x_drawn", "y_drawn"]].to_numpy())
    radius = np.sqrt(MARKER_AREA["o"] / np.pi) * fig.dpi / 72  # a round marker's radius, pixels
    for text in _texts(fig, "label-"):
        box = text.get_window_extent(renderer).expanded(1.0, 1.0)
        inside = [
            pid
            for pid, (x, y) in zip(data["place_id"], centres, strict=True)
            if box.x0 - radius < x < box.x1 + radius and box.y0 - radius < y < box.y1 + radius
        ]
        assert inside == [], f"{text.get_gid()} covers {inside}"


def test_every_label_is_inside_the_map(recapture_map):
    fig, _ = recapture_map
    frame = fig.axes[0].get_window_extent()
    for text in _texts(fig, "label-town-"):
        box = text.get_window_extent(fig.canvas.get_renderer())
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_map_is_drawn_in_map_crs_metres(recapture_map):
    fig, data = recapture_map
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert min(abs(x0), abs(x1), abs(y0), abs(y1)) > 1000  # metres, not degrees
    assert 1_000_000 < x1 - x0 < 1_500_000  # Iraq and Syria are about 1200 km across
    to_map = Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)
    x, y = to_map.transform(data["lon"].to_numpy(), data["lat"].to_numpy())
    np.testing.assert_allclose(data["x"], x, atol=0.051)  # the table keeps 10 cm
    np.testing.assert_allclose(data["y"], y, atol=0.051)
    assert ax.get_aspect() == 1.0


def test_crowded_towns_are_pushed_apart_but_not_far(recapture_map):
    data = recapture_map[1].set_index("place_id")
    shift = np.hypot(data["x_drawn"] - data["x"], data["y_drawn"] - data["y"])
    assert set(shift[shift > 0].index) == {"albu-kamal", "al-qaim"}  # 8 km apart on the ground
    assert shift.max() < 10_000
    a, b = data.loc["albu-kamal"], data.loc["al-qaim"]
    assert np.hypot(a["x_drawn"] - b["x_drawn"], a["y_drawn"] - b["y_drawn"]) == pytest.approx(
        22_000, abs=0.2
    )


def test_scale_bar_is_200_km_of_map_metres(recapture_map):
    fig, _ = recapture_map
    ax = fig.axes[0]
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("scale-bar")]
    assert len(bars) == 2
    assert sum(p.get_width() for p in bars) == pytest.approx(200_000)
    assert [t.get_text() for t in _texts(fig, "scale-bar-label")] == ["200 km"]


def test_colourbar_is_in_dates(recapture_map):
    fig, _ = recapture_map
    cbar_ax = fig.axes[1]
    labels = [t.get_text() for t in cbar_ax.get_xticklabels()]
    assert labels[0] == "Jan 2015" and labels[-1] == "Jan 2018"


def test_title_states_the_finding(recapture_map):
    """Retaken in 2017Q4 (all windows inside it): Raqqa, Hawija, Al-Mayadin, Deir ez-Zor, Albu Kamal,
    Al-Qaim, Rawa; all but Hawija (on neither river's bank, 30 km from the Tigris) are on the Euphrates."""
    fig, data = recapture_map
    assert "6 of the 7 towns retaken in October-December 2017" in " ".join(fig.get_suptitle().split())
    on_river = data.loc[data["euphrates_km"] <= 10, "place_id"]
    assert {"raqqa", "al-mayadin", "deir-ez-zor", "albu-kamal", "al-qaim", "rawa"} <= set(on_river)
    assert "hawija" not in set(on_river)


# --- fig07 -------------------------------------------------------------------------------------


def test_snapshot_table_is_eight_dates_by_every_town(snapshot_maps):
    _, data = snapshot_maps
    assert len(data) == len(SNAPSHOT_DATES) * N_TOWNS
    assert list(dict.fromkeys(data["date"])) == list(SNAPSHOT_DATES)
    assert not data.duplicated(["date", "place_id"]).any()


def test_each_panel_has_one_marker_per_town_and_a_dated_title(snapshot_maps):
    fig, data = snapshot_maps
    panels = [ax for ax in fig.axes if _town_offsets(ax).size]
    assert len(panels) == len(SNAPSHOT_DATES)
    for ax, day in zip(panels, SNAPSHOT_DATES, strict=True):
        assert len(_town_offsets(ax)) == N_TOWNS
        assert ax.get_title(loc="left") == f"{day.day} {day:%B %Y}"
        here = data[data["date"] == day]
        for collection in ax.collections:
            gid = collection.get_gid() or ""
            if gid.startswith("towns-"):
                assert len(collection.get_offsets()) == int((here["state"] == gid[len("towns-") :]).sum())


def test_snapshot_title_states_the_finding(snapshot_maps):
    """By 2017-06-30 certainly retaken: Tikrit, Kobane, Sinjar, Ramadi, Fallujah, Qayyarah, Dabiq,
    Al-Bab and Palmyra (9); by 2017-12-31 every town but Manbij (17), seized "in 2014" and never
    reported again: unknown, last reported held on the last day of 2014."""
    fig, _ = snapshot_maps
    title = " ".join(fig.get_suptitle().split())  # the shared style wraps long titles
    assert title == (
        "9 of 18 towns were certainly free of IS by mid-2017, 17 by the end of 2017; "
        "Manbij unknown (last reported held on 2014-12-31)"
    )


def _snapshot_labels_are_clear(fig: Figure) -> None:
    """No two labels of a panel overlap, and no label touches a town marker of its panel."""
    renderer = fig.canvas.get_renderer()
    radius = np.sqrt(30 / np.pi) * fig.dpi / 72  # the small maps' marker (30 points²) radius, pixels
    for ax in fig.axes:
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label-")]
        boxes = [t.get_window_extent(renderer) for t in labels]
        assert not any(_overlaps(a, b) for a, b in itertools.combinations(boxes, 2))
        centres = ax.transData.transform(_town_offsets(ax)) if boxes else []
        for text, box in zip(labels, boxes, strict=True):
            gaps = [
                np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)) for x, y in centres
            ]
            assert min(gaps) >= radius, f"{text.get_text()} on {ax.get_title(loc='left')} touches a town"


def test_snapshot_labels_do_not_overlap(snapshot_maps):
    _snapshot_labels_are_clear(snapshot_maps[0])


# --- the live corpus: legible at its size (invariants) ---------------------------------------------


@pytest.fixture(scope="module")
def live_recapture_map(live) -> tuple[Figure, pd.DataFrame]:
    fig, data = plot_recapture_map(live)
    return _drawn(fig), data


def test_live_recapture_map_is_legible(live_recapture_map):
    """Every town numbered inside its marker and listed in the key; no label overlaps another or a town."""
    fig, data = live_recapture_map
    _numbers_fit_their_markers(fig, data)
    assert len(_texts(fig, "key-town-")) == len(data)
    _labels_do_not_overlap(fig)
    _no_label_covers_a_town_marker(fig, data)


def test_live_snapshot_labels_are_clear(live):
    _snapshot_labels_are_clear(_drawn(plot_control_snapshots(live)[0]))


# --- through the registry ------------------------------------------------------------------------


@pytest.mark.slow
def test_registry_writes_the_builders_tables(live_build, live):
    figures_dir = live_build / "figures"
    builders = {
        "fig06-map-recaptures": plot_recapture_map,
        "fig07-map-control-snapshots": plot_control_snapshots,
    }
    for stem, build in builders.items():
        for suffix in (".png", ".svg", ".csv"):
            assert (figures_dir / f"{stem}{suffix}").is_file()
        _, data = build(live)
        expected = data.to_csv(index=False, lineterminator="\n")
        assert (figures_dir / f"{stem}.csv").read_text(encoding="utf-8") == expected
        written = pd.read_csv(figures_dir / f"{stem}.csv", dtype=str, keep_default_na=False)
        assert list(written.columns) == list(data.columns) and len(written) == len(data)


# --- the basemap ---------------------------------------------------------------------------------


def _max_shift(original: np.ndarray, drawn: list[np.ndarray]) -> float:
    """How far (metres) the farthest vertex of the original outlines lies from the lines drawn."""
    outline = shapely.multilinestrings([shapely.linestrings(line) for line in drawn])
    return float(shapely.distance(shapely.points(shapely.get_coordinates(original)), outline).max())


def _rings(paths) -> list[np.ndarray]:
    return [ring for path in paths for ring in path.to_polygons(closed_only=False)]


@pytest.mark.parametrize(("figure", "detail"), [("fig06", True), ("fig07", False)])
def test_simplified_basemap_moves_no_outline_by_half_a_pixel(request, figure, detail):
    """The simplified outlines lie within half a pixel of Natural Earth's, in the 200 dpi PNG."""
    fig, _ = request.getfixturevalue({"fig06": "recapture_map", "fig07": "snapshot_maps"}[figure])
    maps = [ax for ax in fig.axes if ax.get_xlim()[1] - ax.get_xlim()[0] > 100_000]  # map metres
    assert maps
    half_pixel = min(
        0.5
        * (ax.get_xlim()[1] - ax.get_xlim()[0])
        / (ax.get_window_extent().width * RC["savefig.dpi"] / fig.dpi)
        for ax in maps
    )
    countries = basemap.to_map_crs(basemap.countries())
    focus = countries["iso3"].isin(["IRQ", "SYR"])
    shapes = basemap_shapes(detail)
    layers = {
        "provinces": (
            shapely.boundary(basemap.to_map_crs(basemap.provinces()).geometry.to_numpy()),
            shapes.province_lines,
        ),
        "borders": (shapely.boundary(countries[focus].geometry.to_numpy()), shapes.focus_borders),
        "neighbours": (shapely.boundary(countries[~focus].geometry.to_numpy()), _rings(shapes.neighbours)),
        "rivers": (
            basemap.to_map_crs(basemap.rivers()).geometry.to_numpy(),
            shapes.rivers + shapes.main_rivers,
        ),
        "lakes": (
            shapely.boundary(basemap.to_map_crs(basemap.lakes()).geometry.to_numpy()),
            _rings(shapes.lakes),
        ),
    }
    for name, (original, drawn) in layers.items():
        assert _max_shift(original, list(drawn)) <= half_pixel, name
    drawn_vertices = sum(len(line) for _, drawn in layers.values() for line in drawn)
    original_vertices = sum(shapely.get_num_coordinates(original).sum() for original, _ in layers.values())
    assert drawn_vertices < 0.8 * original_vertices  # and it does simplify
