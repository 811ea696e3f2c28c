"""Every figure's title is a finding that holds in the figure's own CSV.

Each check below reads the numbers out of the title and recomputes them from the table the
figure writes as ``figures/figNN-slug.csv`` (what it plots), with simple code of its own (the
gazetteer is read only to tell towns from other places). They run on the frozen corpus and on
the live data (invariants: they hold for any data). ``test_the_old_fig04_title_fails`` shows
the fig04 check rejecting the title it once had ("months apart until 2017") against gaps of
12, 1, 10, 0 and 4 days in August-October 2016.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from analysis import figures, findings
from analysis.output import read_generated_csv, write_csv

WORDS = {w: i for i, w in enumerate(findings.NUMBER_WORDS)}


def _number(text: str) -> int:
    return WORDS[text] if text in WORDS else int(text)


def _title(fig) -> str:
    return " ".join(fig.get_suptitle().split()).replace("- ", "-")  # the style wraps long titles


def _as_csv(table: pd.DataFrame, tmp_path) -> pd.DataFrame:
    """The table as the build writes and a reader reads it."""
    path = tmp_path / "figure.csv"
    write_csv(table, path)
    return read_generated_csv(path)


def _towns(data) -> set[str]:
    return set(data.places.loc[data.places["kind"].isin(["city", "town", "village"]), "place_id"])


# --- one check per figure -------------------------------------------------------------------------


def check_fig01(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(
        r"(\d+) of the (\d+) dated recapture events fell in (\w+)-(\w+) (\d{4})(?: \((\d+) towns\))?", title
    )
    assert m, title
    rows = csv[
        (csv["event"] == "retaken")
        & csv["place_id"].isin(_towns(data))
        & (csv["precision"] != "before-publication")
    ]
    lo, hi = pd.to_datetime(rows["date_earliest"]), pd.to_datetime(rows["date_latest"])
    quarter = hi.max().to_period("Q")
    inside = rows[(lo.dt.to_period("Q") == quarter).to_numpy()]
    assert (int(m[1]), int(m[2])) == (len(inside), len(rows))
    assert (m[3], m[4], int(m[5])) == (f"{quarter.start_time:%B}", f"{quarter.end_time:%B}", quarter.year)
    towns = inside["place_id"].nunique()
    assert int(m[6] or m[1]) == towns  # the towns are named when they are fewer than the events


def check_fig02(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(r"(\d+) of the (\d+) dated recapture events of towns came in (\d{4})", title)
    assert m, title
    count, total, year = int(m[1]), int(m[2]), int(m[3])
    curve = csv.assign(
        date=pd.to_datetime(csv["date"]), upper=csv["upper"].astype(int), lower=csv["lower"].astype(int)
    )
    curve = curve.set_index("date")
    assert total == int(curve["upper"].max())

    def at(column: str, day: str) -> int:
        upto = curve.loc[: pd.Timestamp(day), column]
        return int(upto.iloc[-1]) if len(upto) else 0

    # events certainly inside the year are at least those certainly done by its end and possibly not before it
    certain_low = at("lower", f"{year}-12-31") - at("upper", f"{year - 1}-12-31")
    possible_high = at("upper", f"{year}-12-31") - at("lower", f"{year - 1}-12-31")
    assert max(certain_low, 0) <= count <= possible_high


def check_fig03(title: str, csv: pd.DataFrame, data) -> None:
    closed = csv[csv["status"] == "closed"]
    open_end = csv[csv["status"] == "open-end"]
    # no open span is drawn held to the end: each stops at its last dated evidence, within the years drawn
    assert open_end["last_reported"].notna().all()
    assert (pd.to_datetime(open_end["last_reported"]) >= pd.to_datetime(open_end["start_latest"])).all()
    if closed.empty:
        assert "no occupation" in title
        return
    m = re.search(r"IS held (.+) longest: (\d+)-(\d+) days", title)
    assert m, title
    top = closed.loc[closed["min_days"].astype(int).idxmax()]
    assert (m[1], int(m[2]), int(m[3])) == (top["place"], int(top["min_days"]), int(top["max_days"]))


def check_fig04(title: str, csv: pd.DataFrame, data) -> None:
    gaps = csv.assign(when=pd.to_datetime(csv["to_midpoint"]))
    m = re.search(r"months apart until (\d{4})", title)
    if m:  # the claim the old title made: every gap before that year at least about a month
        before = gaps[gaps["when"] < pd.Timestamp(int(m[1]), 1, 1)]
        assert (before["gap_min_days"].astype(int) >= 28).all(), (
            f"'{m[0]}' but gaps of {list(before['gap_min_days'])}"
        )

    def median(first: date, last: date) -> str:
        rows = gaps[(gaps["when"] >= pd.Timestamp(first)) & (gaps["when"] <= pd.Timestamp(last))]
        lo, hi = rows["gap_min_days"].astype(float).median(), rows["gap_max_days"].astype(float).median()
        return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"

    m = re.search(
        r"median gap between recaptures of towns \w+ from (\S+) days in 2015-2016 to (\S+) in 2017", title
    )
    if m:
        assert (m[1], m[2]) == (
            median(date(2015, 1, 1), date(2016, 12, 31)),
            median(date(2017, 1, 1), date(2017, 12, 31)),
        )
    m = re.search(r"(\d+) of the (\d+) recaptures from (\w+ \d{4}) came within a month", title)
    if m:
        late = gaps[gaps["when"] >= pd.Timestamp(f"1 {m[3]}")]
        assert int(m[2]) == len(late)
        assert int(m[1]) == int((late["gap_max_days"].astype(int) <= 31).sum())


def check_fig05(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(
        r"(\d+) of (\d+) events rest on fewer than two independent sources that date them; "
        r"(\d+) are dated by several that agree, (\d+|none) in conflict",
        title,
    )
    assert m, title
    n = csv["agreement"].value_counts()
    conflicts = 0 if m[4] == "none" else int(m[4])
    assert (int(m[1]), int(m[2]), int(m[3]), conflicts) == (
        n.get("single-source", 0),
        len(csv),
        n.get("agreed", 0),
        n.get("conflict", 0),
    )
    # an agreed event has dating sources (not mentions) in at least two columns, or several in one group
    dating = [c for c in csv.columns[5:] if not c.endswith("_mentions")]
    agreed = csv[csv["agreement"] == "agreed"]
    assert (agreed[dating].astype(int).sum(axis=1) >= 2).all()
    # "fewer than two independent sources": the single-source events are drawn in the 0 and 1 bars
    single = csv[csv["agreement"] == "single-source"]
    assert (single["n_independent"].astype(int) < 2).all()
    assert (agreed["n_independent"].astype(int) >= 2).all()


def check_fig06(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(r"(\d+) of the (\d+) towns retaken in (\w+)-(\w+) (\d{4})", title)
    assert m, title
    lo, hi = pd.to_datetime(csv["date_earliest"]), pd.to_datetime(csv["date_latest"])
    quarter = hi.max().to_period("Q")
    inside = csv[(lo >= quarter.start_time) & (hi <= quarter.end_time)]
    assert int(m[2]) == inside["place_id"].nunique() == len(inside)  # towns: one row each
    assert int(m[1]) == int((inside["euphrates_km"].astype(float) <= 10).sum())


def check_fig07(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(
        r"(\d+) of (\d+) towns were certainly free of IS by mid-(\d{4}), (\d+) by the end of (\d{4})(?:; (.*))?$",
        title,
    )
    assert m, title
    states = csv.assign(date=pd.to_datetime(csv["date"]))
    mid = states[states["date"] == pd.Timestamp(int(m[3]), 6, 30)]
    end = states[states["date"] == pd.Timestamp(int(m[5]), 12, 31)]
    assert int(m[2]) == len(mid) == len(end)
    assert int(m[1]) == int((mid["state"] == "not held").sum())
    assert int(m[4]) == int((end["state"] == "not held").sum())
    rest = m[6] or ""
    unknown = int((end["state"] == "unknown").sum())
    held = int(end["state"].isin(["held", "partly held"]).sum())
    if unknown:
        u = re.search(r"(\d+|[A-Z][\w -]+) unknown", rest)
        assert u and (u[1] == str(unknown) or (unknown == 1 and u[1] in set(end["place"]))), rest
    else:
        assert "unknown" not in rest
    if held:
        assert f"IS still held {held}" in rest
    else:
        assert "still held" not in rest


def check_fig08(title: str, csv: pd.DataFrame, data) -> None:
    m = re.search(
        r"at ([\d,]+) km² .* and ([\d,]+) km² .*IS certainly held (\d+) \((\d+) unknown\), then (\d+) \((\d+) unknown\)",
        title,
    )
    if not m:
        assert title.startswith("No published estimate"), title
        return
    area, towns = csv[csv["series"] == "area"], csv[csv["series"] == "towns"]
    towns = towns.assign(lo=pd.to_datetime(towns["date_earliest"]), hi=pd.to_datetime(towns["date_latest"]))
    for km2, held, unknown in ((m[1], m[3], m[4]), (m[2], m[5], m[6])):
        day = pd.to_datetime(
            area.loc[area["km2"].astype(int) == int(km2.replace(",", "")), "date_latest"]
        ).max()
        step = towns[(towns["lo"] <= day) & (towns["hi"] >= day)].iloc[0]
        certain, possible = int(step["towns_certainly_held"]), int(step["towns_possibly_held"])
        assert (int(held), int(unknown)) == (certain, possible - certain)


CHECKS = {f"fig0{i}": globals()[f"check_fig0{i}"] for i in range(1, 9)}


def test_every_figure_has_a_check():
    assert set(CHECKS) == {spec.figure_id for spec in figures.REGISTRY}


@pytest.mark.parametrize("figure_id", sorted(CHECKS))
def test_title_holds_in_its_csv_on_the_frozen_corpus(figure_id, corpus, corpus_figures, tmp_path):
    fig, table = corpus_figures[figure_id]
    CHECKS[figure_id](_title(fig), _as_csv(table, tmp_path), corpus)


@pytest.mark.slow
@pytest.mark.parametrize("spec", figures.REGISTRY, ids=lambda s: s.figure_id)
def test_title_holds_in_its_csv_on_the_live_data(spec, live, tmp_path):
    fig, table = spec.build(live)
    CHECKS[spec.figure_id](_title(fig), _as_csv(table, tmp_path), live)


def test_the_old_fig04_title_fails(corpus_figures, tmp_path):
    """The fig04 title of v0.2.1, checked against a table with gaps of days in 2016, is refused."""
    _, table = corpus_figures["fig04"]
    gaps = _as_csv(table, tmp_path)
    days = pd.DataFrame(
        {
            "to_midpoint": ["2016-08-24", "2016-08-25", "2016-10-16"],
            "gap_min_days": [12, 1, 0],
            "gap_max_days": [12, 1, 0],
        }
    )
    old = "Recaptures came months apart until 2017; since July 2017, 8 came within a month of the one before"
    with pytest.raises(AssertionError, match="months apart until 2017"):
        check_fig04(old, pd.concat([gaps, days], ignore_index=True), None)


def test_titles_say_events_or_towns(corpus_figures):
    """fig01 and fig02 count recapture events (a town retaken twice counts twice), fig06 towns: each says so."""
    assert "recapture events" in _title(corpus_figures["fig01"][0])
    assert "recapture events" in _title(corpus_figures["fig02"][0])
    assert "towns retaken" in _title(corpus_figures["fig06"][0])
