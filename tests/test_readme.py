"""README.md stays true: its headline numbers are recomputed here from the data, and its
commands are the ones the Makefile and CI run."""

from __future__ import annotations

import pytest

from analysis import figures, pace
from analysis.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def inputs(live):
    return {"claims": live.claims, "chronology": live.chronology, "places": live.places}


def test_counts_of_the_evidence(inputs):
    claims, chronology = inputs["claims"], inputs["chronology"]
    assert f"**{len(claims)} dated statements**" in README
    assert f"**{claims['place_id'].nunique()} places**" in README
    assert f"**{len(chronology)} events**" in README
    assert (
        f"**{int((chronology['n_sources'] > 1).sum())} events** are dated by more than one source" in README
    )
    assert (chronology["agreement"] == "conflict").sum() == 0 and "**never contradict**" in README


def test_pace_statistics(inputs):
    stats = pace.uncertainty_summary(inputs["chronology"], inputs["places"]).set_index("statistic")

    def fmt(name: str) -> str:
        s = stats.loc[name]
        return f"{s['median']:g}", f"{s['p05']:g}–{s['p95']:g}"

    median, interval = fmt("median_gap_2015_2016")
    assert f"**{median} days** (90% interval {interval})" in README
    median, interval = fmt("median_gap_2017")
    assert f"**{median} days** ({interval})" in README
    median, interval = fmt("towns_retaken_last_60_days")
    assert f"**{median} towns** ({interval})" in README


def test_recapture_and_span_numbers(inputs):
    events = pace.recaptures(inputs["chronology"], inputs["places"])
    dated = events[events["precision"] != "before-publication"]
    in_2017 = int((dated["date_earliest"].astype(str) >= "2017-01-01").sum())
    assert f"**{in_2017} of the {len(dated)} dated recaptures**" in README
    spans = pace.occupation_spans(inputs["chronology"], inputs["places"]).set_index(["place_id", "episode"])
    mosul = spans.loc[("mosul", 1)]
    assert f"**{mosul['min_days']}–{mosul['max_days']} days**" in README


def test_every_figure_and_notebook_is_listed():
    for spec in figures.REGISTRY:
        assert f"`{spec.stem}`" in README
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"`{notebook.stem}`" in README


def test_quick_start_commands_are_what_ci_runs():
    assert "make figures" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
