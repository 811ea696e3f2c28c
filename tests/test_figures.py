"""Each figure: the numbers it plots equal the pace functions' output and hand-checked facts;
structure (one mark per event, axis spanning the campaign), a title and a source note.
No pixel comparisons.
"""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import pandas as pd
import pytest

import analysis
from analysis import figures, pace
from analysis.plots.coverage import plot_coverage
from analysis.plots.pace_charts import plot_cumulative, plot_gaps, plot_occupation
from analysis.plots.timeline import plot_timeline


@pytest.fixture(scope="module")
def inputs(corpus):
    return corpus


@pytest.fixture(scope="module")
def built(corpus_figures):
    """Every registered figure of the frozen corpus (fig01 timeline ... fig05 coverage), built once."""
    return corpus_figures


def test_every_figure_has_a_finding_title_and_a_source_note(built):
    assert set(built) >= {"fig01", "fig02", "fig03", "fig04", "fig05", "fig06", "fig07"}
    for figure_id, (fig, _) in built.items():
        assert len(fig._suptitle.get_text()) > 20, figure_id
        note = " ".join(fig._supxlabel.get_text().split())  # wrapped to the figure's width
        assert f"Campaign Chronology v{analysis.__version__}, {figure_id}." in note
        for outlet in ("AFP", "Reuters", "ITV News"):
            assert outlet in note


def test_the_charts_below_are_the_registered_builders():
    builders = {spec.figure_id: spec.build for spec in figures.REGISTRY}
    assert [builders[f"fig0{n}"] for n in range(1, 6)] == [
        plot_timeline,
        plot_cumulative,
        plot_occupation,
        plot_gaps,
        plot_coverage,
    ]


def test_timeline_draws_one_mark_per_event_across_the_campaign(inputs, built):
    fig, data = built["fig01"]
    columns = [ax for ax in fig.axes if ax.axison]  # the lanes' columns (the key's row has no axes drawn)
    bars = sum(len(ax.patches) for ax in columns)
    points = sum(len(c.get_offsets()) for ax in columns for c in ax.collections)
    assert points == len(inputs.chronology) == len(data) == 32  # one marker per event
    assert bars == int(
        (data["date_earliest"] != data["date_latest"]).sum()
    )  # a bar per window longer than a day
    # one row per place (22) under a header per country lane (3), over the columns
    assert sum(len(ax.get_yticks()) for ax in columns) == 22 + 3
    lo, hi = columns[0].get_xlim()
    assert mdates.num2date(lo).date() <= date(2014, 1, 1) and mdates.num2date(hi).date() >= date(2017, 12, 9)


def _dated_recaptures(inputs) -> pd.DataFrame:
    return pace.dated(pace.recaptures(inputs.chronology, inputs.places))


def test_cumulative_csv_is_the_pace_curve(inputs, built):
    _, data = built["fig02"]
    expected = pace.cumulative(_dated_recaptures(inputs)).reset_index()
    assert list(data["upper"]) == list(expected["upper"]) and list(data["lower"]) == list(expected["lower"])
    # 18 dated recaptures of towns: 19 retaken events of towns less the undated first Albu Kamal capture
    assert data["upper"].iloc[-1] == data["lower"].iloc[-1] == 18
    assert (data["lower"] <= data["upper"]).all()
    assert data["date"].iloc[-1] == date(2017, 11, 30)  # Deir ez-Zor and Albu Kamal (2): November 2017


def test_occupation_csv_is_the_pace_spans(inputs, built):
    _, data = built["fig03"]
    spans = pace.occupation_spans(inputs.chronology, inputs.places)
    assert sorted(zip(data["place_id"], data["episode"], strict=True)) == sorted(
        zip(spans["place_id"], spans["episode"], strict=True)
    )
    tikrit = data.set_index(["place_id", "episode"]).loc[("tikrit", 1)]
    assert (tikrit["min_days"], tikrit["max_days"]) == (
        244,
        303,
    )  # 2015-03-01 - 2014-06-30; 2015-03-31 - 2014-06-01


def test_gap_csv_is_the_pace_gaps_with_exact_day_gaps(inputs, built):
    _, data = built["fig04"]
    expected = pace.gaps(_dated_recaptures(inputs))
    pd.testing.assert_frame_equal(data.drop(columns=["to_midpoint", "counted_in_title"]), expected)
    pairs = data.set_index(["from_place", "to_place"])
    # Mosul 2017-07-09 -> Hawija 2017-10-05: 22 (rest of July) + 31 + 30 + 5 = 88 days
    assert tuple(pairs.loc[("Mosul", "Hawija"), ["gap_min_days", "gap_max_days"]]) == (88, 88)
    # Hawija 2017-10-05 -> Al-Mayadin 2017-10-14: 9 days
    assert tuple(pairs.loc[("Hawija", "Al-Mayadin"), ["gap_min_days", "gap_max_days"]]) == (9, 9)


def test_coverage_marks_each_source_dating_an_event(inputs, built):
    _, data = built["fig05"]
    rawa = data.set_index("event_id").loc["rawa:retaken:1"]
    # AFP ("November 17") and Reuters ("on friday") date it; ITV's "have now fully liberated" only mentions it
    assert (rawa["afp-timeline"], rawa["itv-rawa"], rawa["reuters-rawa"]) == (1, 0, 1)
    assert rawa["itv-rawa_mentions"] == 1
    assert len(data) == len(inputs.chronology)


def test_plot_modules_import_no_computing_module():
    """Plots only draw: they take tables and findings from analysis.findings, never compute them."""
    import ast

    from analysis.paths import ROOT

    computing = {"pace", "uncertainty", "control", "geography", "chronology"}
    found = []
    for path in sorted((ROOT / "analysis" / "plots").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("analysis.") and n.split(".")[1] in computing
            ]
    assert found == []
