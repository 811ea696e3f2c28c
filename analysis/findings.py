"""The headline findings: every number a figure title, the README or a notebook states.

Each function takes a :class:`analysis.dataset.Dataset` and returns numbers or a small
table; plot modules format them into titles, notebooks print them, and
``tests/test_readme.py`` checks the README against them. Conventions are those of
:mod:`analysis.pace`: windows are closed (both ends inclusive), recaptures count events
of towns (a town retaken twice counts twice) unless a function says it counts towns, and
"dated" recaptures leave out undated statements (:func:`analysis.pace.dated`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from analysis import pace, uncertainty
from analysis.control import (
    HELD,
    NOT_HELD,
    PARTLY_HELD,
    SNAPSHOT_DATES,
    UNKNOWN,
    counts,
    evidence_days,
    held_counts,
    snapshots,
)
from analysis.control import STATES as STATES  # the states of control, for the plots (re-exported)
from analysis.geography import town_geography
from analysis.places import towns
from analysis.vocabulary import (
    AGREED,
    CONFLICT,
    COUNTRIES,
    ON_RIVER_KM,
    SINGLE_SOURCE,
    STARTS_IS_CONTROL,
    is_undated,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset


@dataclass(frozen=True)
class Share:
    """``count`` of ``total`` (``count`` things out of ``total``)."""

    count: int
    total: int


# --- the evidence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """How much the corpus says: sources, statements (claims), places, events and agreement."""

    sources: int
    claims: int
    places: int
    events: int
    single_source: int  # events with fewer than two independent sources, not in conflict
    multi_source: int  # events dated by two or more independent sources that agree (Wikipedia never counts)
    conflicts: int  # events whose claims of one milestone have windows that do not intersect
    first_published: date  # earliest possible publication day of any source
    last_published: date  # latest possible publication day of any source
    dated_claims: int = 0  # claims with a date expression
    undated_claims: int = 0  # claims bounded only by publication and the study start
    quoted_sources: int = 0
    cited_sources: int = 0
    quoted_claims: int = 0
    cited_claims: int = 0
    milestone_conflicts: int = 0  # milestones (of any event) whose claims' windows do not intersect


def evidence(data: Dataset) -> Evidence:
    """Counts of the corpus by evidence tier, and of the chronology's agreement (``agreement`` per event)."""
    chronology, sources, claims = data.chronology, data.sources, data.claims
    agreement = chronology["agreement"]
    undated = int(is_undated(claims["precision"]).sum())
    rows = data.milestones if data.milestones is not None else chronology
    tier = sources["tier"] if "tier" in sources else pd.Series("quoted", index=sources.index)
    claim_tier = claims["source_id"].map(dict(zip(sources["source_id"], tier, strict=True)))
    return Evidence(
        sources=len(sources),
        claims=len(claims),
        places=int(claims["place_id"].nunique()),
        events=len(chronology),
        single_source=int((agreement == SINGLE_SOURCE).sum()),
        multi_source=int((agreement == AGREED).sum()),
        conflicts=int((agreement == CONFLICT).sum()),
        first_published=min(sources["published_earliest"]),
        last_published=max(sources["published_latest"]),
        dated_claims=len(claims) - undated,
        undated_claims=undated,
        quoted_sources=int((tier == "quoted").sum()),
        cited_sources=int((tier == "cited").sum()),
        quoted_claims=int((claim_tier == "quoted").sum()),
        cited_claims=int((claim_tier == "cited").sum()),
        milestone_conflicts=int((rows["agreement"] == CONFLICT).sum()),
    )


# --- recaptures over time -----------------------------------------------------------------------


#: fig04's title counts the gaps before recaptures from this day on (by window midpoint) ...
LATE_FROM = date(2017, 7, 1)
#: ... that came "within a month": the longest gap the two windows allow is at most this many days.
WITHIN_A_MONTH = 31


def recaptures(data: Dataset) -> pd.DataFrame:
    """Every recapture of a town in campaign order, undated ones included (:func:`analysis.pace.recaptures`)."""
    return pace.recaptures(data.chronology, data.places)


def occupation_spans(data: Dataset) -> pd.DataFrame:
    """How long IS held each town, per episode (:func:`analysis.pace.occupation_spans`)."""
    return pace.occupation_spans(data.chronology, data.places)


def cumulative_recaptures(data: Dataset) -> pd.DataFrame:
    """The dated recaptures counted over time, earliest and latest case (:func:`analysis.pace.cumulative`)."""
    return pace.cumulative(dated_recaptures(data))


def recapture_gaps(data: Dataset) -> pd.DataFrame:
    """The gaps between successive dated recaptures (:func:`analysis.pace.gaps`), each with
    ``to_midpoint``: the midpoint of the later recapture's window (where fig04 draws it)."""
    events = dated_recaptures(data)
    return pace.gaps(events).assign(to_midpoint=events["midpoint"].iloc[1:].to_numpy())


def held_evidence(data: Dataset) -> pd.DataFrame:
    """Per town and episode, the first and last day dated evidence shows IS holding it
    (:func:`analysis.control.evidence_days`)."""
    return evidence_days(data.chronology, data.places, data.milestones)


def geography(data: Dataset) -> pd.DataFrame:
    """Each town's nearest river, distances to the Euphrates, the Tigris and the border
    (:func:`analysis.geography.town_geography`)."""
    return town_geography(data.places)


def euphrates_km(data: Dataset) -> pd.Series:
    """Each town's distance to the Euphrates in km, by place id (:func:`analysis.geography.town_geography`)."""
    return geography(data).set_index("place_id")["euphrates_km"]


def state_counts(data: Dataset, dates: tuple[date, ...] = SNAPSHOT_DATES) -> pd.DataFrame:
    """Towns per state of IS control at the end of each of ``dates``: one row per date, one column per state."""
    return counts(control_table(data, dates))


def towns_held_by_day(data: Dataset, start: date, end: date) -> pd.DataFrame:
    """Towns by state of IS control at the end of each day ``start`` .. ``end``, as a step function
    (:func:`analysis.control.held_counts`)."""
    return held_counts(data.chronology, data.places, start, end, data.milestones)


def dated_recaptures(data: Dataset) -> pd.DataFrame:
    """Recaptures of towns the corpus dates, in campaign order (:func:`analysis.pace.dated`)."""
    return pace.dated(pace.recaptures(data.chronology, data.places))


def recaptures_by(data: Dataset, day: date) -> tuple[int, int]:
    """Dated recaptures certainly and possibly over by the end of ``day``: windows ending on or
    before it, and windows starting on or before it (fig02's two curves on that day)."""
    events = dated_recaptures(data)
    end = pd.Timestamp(day)
    return int((events["date_latest"] <= end).sum()), int((events["date_earliest"] <= end).sum())


def recaptures_in_year(data: Dataset, year: int) -> Share:
    """Dated recaptures whose window lies inside calendar ``year``, of all dated recaptures."""
    events = dated_recaptures(data)
    earliest, latest = pd.to_datetime(events["date_earliest"]), pd.to_datetime(events["date_latest"])
    inside = (earliest >= pd.Timestamp(year, 1, 1)) & (latest <= pd.Timestamp(year, 12, 31))
    return Share(int(inside.sum()), len(events))


def towns_retaken_repeatedly(data: Dataset) -> pd.Series:
    """Towns with more than one dated recapture: town name -> number of dated recaptures, by name."""
    per_town = dated_recaptures(data).groupby("place").size()
    return per_town[per_town > 1].sort_index()


def last_quarter(data: Dataset) -> pd.Period:
    """The calendar quarter holding the last day of the last dated recapture window."""
    return pd.Timestamp(max(dated_recaptures(data)["date_latest"])).to_period("Q")


def recaptures_in_last_quarter(data: Dataset) -> tuple[Share, pd.Period]:
    """Dated recaptures whose window starts in :func:`last_quarter`, of all dated recaptures; and that quarter."""
    events, quarter = dated_recaptures(data), last_quarter(data)
    starts = pd.to_datetime(events["date_earliest"]).dt.to_period("Q")
    return Share(int((starts == quarter).sum()), len(events)), quarter


def late_gaps(data: Dataset, after: date = LATE_FROM, within_days: int = WITHIN_A_MONTH) -> pd.DataFrame:
    """The gaps (:func:`analysis.pace.gaps` of the dated recaptures) before recaptures from ``after`` on
    (by window midpoint), each with ``within``: its longest possible value is <= ``within_days``.

    Indexed like the full gap table (row i: the gap before the (i+1)-th dated recapture).
    """
    events = dated_recaptures(data)
    table = pace.gaps(events)
    late = pd.to_datetime(pd.Series(events["midpoint"].iloc[1:].to_numpy())) >= pd.Timestamp(after)
    late_table = table[late.to_numpy()]
    return late_table.assign(within=(late_table["gap_max_days"] <= within_days).to_numpy(dtype=bool))


def quick_recaptures_after(data: Dataset, after: date = LATE_FROM, within_days: int = WITHIN_A_MONTH) -> int:
    """Dated recaptures from ``after`` on (by window midpoint) that came at most ``within_days`` after the previous one.

    "At most": the longest gap the two windows allow (``gap_max_days``) is <= ``within_days``.
    """
    return int(late_gaps(data, after, within_days)["within"].sum())


# --- occupation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LongestSpan:
    """The town IS held longest among spans dated at both ends (by ``min_days``)."""

    place: str
    episode: int
    min_days: int
    max_days: int
    start: tuple[date, date]  # the start window
    end: tuple[date, date]  # the end window
    longest_by_both: bool  # True when no other closed span can be longer (no larger max_days)


def longest_closed_span(data: Dataset) -> LongestSpan:
    """The closed occupation span with the largest ``min_days`` (ties: first by place id, episode)."""
    spans = pace.occupation_spans(data.chronology, data.places)
    closed = spans[spans["status"] == "closed"]
    row = closed.loc[closed["min_days"].astype(float).idxmax()]
    others = closed.drop(index=row.name)
    return LongestSpan(
        place=row["place"],
        episode=int(row["episode"]),
        min_days=int(row["min_days"]),
        max_days=int(row["max_days"]),
        start=(row["start_earliest"].date(), row["start_latest"].date()),
        end=(row["end_earliest"].date(), row["end_latest"].date()),
        longest_by_both=bool((others["max_days"] <= row["max_days"]).all()),
    )


# --- the pace and its uncertainty ----------------------------------------------------------------


def pace_verdict(data: Dataset) -> str:
    """Whether the median gap between recaptures of towns shrank in 2017, judged by the 90% intervals of
    :func:`pace_uncertainty`: ``quickened sharply`` (the intervals do not overlap and the 2017 median is
    at most half the 2015-2016 one), ``quickened`` (they do not overlap), else ``did not clearly quicken``."""
    stats = pace_uncertainty(data)
    before, after = stats.loc["median_gap_2015_2016"], stats.loc["median_gap_2017"]
    if not float(after["p95"]) < float(before["p05"]):
        return "did not clearly quicken"
    return "quickened sharply" if float(after["median"]) <= float(before["median"]) / 2 else "quickened"


def pace_uncertainty(data: Dataset) -> pd.DataFrame:
    """:func:`analysis.uncertainty.uncertainty_summary` indexed by statistic (median, p05, p95 per statistic)."""
    return uncertainty.uncertainty_summary(data.chronology, data.places).set_index("statistic")


def campaign_end_day(data: Dataset) -> date:
    """The campaign's last day: the last day of the (latest) war-declared-over window."""
    return pd.Timestamp(pace.campaign_end(data.chronology)["date_latest"].iloc[0]).date()


# --- geography -------------------------------------------------------------------------------------


def last_recapture_by_town(data: Dataset) -> pd.DataFrame:
    """One row per town (gazetteer order): ``place_id, place, country``, its last recapture's
    window (``date_earliest``, ``date_latest``; empty when the corpus reports none) and ``euphrates_km``."""
    table = towns(data.places)[["place_id", "name", "country"]].rename(columns={"name": "place"})
    every = pace.recaptures(data.chronology, data.places)
    last = every[every["final"]].set_index("place_id")[["date_earliest", "date_latest"]]
    table = table.join(last, on="place_id").reset_index(drop=True)
    distance = town_geography(data.places).set_index("place_id")["euphrates_km"]
    return table.assign(euphrates_km=table["place_id"].map(distance))


@dataclass(frozen=True)
class LastTowns:
    """Towns whose last recapture lies inside the last quarter, and how many of them are on the Euphrates."""

    on_euphrates: int
    retaken: int
    first_day: date  # the quarter's first day
    last_day: date  # the quarter's last day


def last_towns_on_euphrates(data: Dataset) -> LastTowns:
    """Towns whose last recapture window lies inside the quarter of the latest one, and those of
    them within :data:`analysis.vocabulary.ON_RIVER_KM` of the Euphrates."""
    table = last_recapture_by_town(data)
    retaken = table[table["date_latest"].notna()]
    quarter = pd.Timestamp(max(retaken["date_latest"])).to_period("Q")
    lo, hi = quarter.start_time.date(), quarter.end_time.date()
    inside = retaken[
        (retaken["date_earliest"] >= quarter.start_time) & (retaken["date_latest"] <= quarter.end_time)
    ]
    return LastTowns(int((inside["euphrates_km"] <= ON_RIVER_KM).sum()), len(inside), lo, hi)


def towns_retaken_before(data: Dataset, cut: date) -> dict[str, Share]:
    """Per country name: towns whose last recapture certainly ended before ``cut``, of all its towns."""
    table = last_recapture_by_town(data)
    shares = {}
    for code, name in COUNTRIES.items():
        country = table[table["country"] == code]
        before = int((country["date_latest"].notna() & (country["date_latest"] < pd.Timestamp(cut))).sum())
        shares[name] = Share(before, len(country))
    return shares


# --- control ---------------------------------------------------------------------------------------


def control_table(data: Dataset, dates: tuple[date, ...] = SNAPSHOT_DATES) -> pd.DataFrame:
    """:func:`analysis.control.snapshots` of ``data`` (its milestone rows included) at ``dates``."""
    return snapshots(data.chronology, data.places, dates, data.milestones)


def towns_free(data: Dataset, dates: tuple[date, ...] = SNAPSHOT_DATES) -> pd.Series:
    """Towns certainly free of IS (state ``not held``) at the end of each of ``dates``, indexed by date."""
    table = control_table(data, dates)
    return table[table["state"] == NOT_HELD].groupby("date").size().reindex(list(dates), fill_value=0)


def n_towns(data: Dataset) -> int:
    """The number of towns in the gazetteer (kinds city, town, village)."""
    return len(towns(data.places))


def not_free_at(data: Dataset, day: date) -> pd.DataFrame:
    """The towns not certainly free of IS at the end of ``day`` (a :func:`analysis.control.control_at` table)."""
    table = control_table(data, (day,))
    return table[table["state"] != NOT_HELD]


@dataclass(frozen=True)
class ControlCount:
    """Towns by state of IS control at the end of ``day`` (:mod:`analysis.control`): only what is certain
    is counted held or free; ``unknown`` says how many the corpus cannot place."""

    day: date
    held: int  # wholly held
    partly_held: int
    unknown: int
    free: int  # not held
    total: int
    #: The unknown towns IS was once reported holding, and the first and last of their last reported days.
    last_reported: tuple[str, ...] = ()
    last_reported_window: tuple[date, date] | None = None

    @property
    def held_at_least_partly(self) -> int:
        return self.held + self.partly_held


def control_on(data: Dataset, day: date) -> ControlCount:
    """:class:`ControlCount` at the end of ``day``."""
    table = control_table(data, (day,))
    n = table["state"].value_counts()
    unknown = table[(table["state"] == UNKNOWN) & table["last_held"].notna()]
    window = None
    if len(unknown):
        window = (unknown["last_held"].min().date(), unknown["last_held"].max().date())
    return ControlCount(
        day=day,
        held=int(n.get(HELD, 0)),
        partly_held=int(n.get(PARTLY_HELD, 0)),
        unknown=int(n.get(UNKNOWN, 0)),
        free=int(n.get(NOT_HELD, 0)),
        total=len(table),
        last_reported=tuple(unknown["place"]),
        last_reported_window=window,
    )


# --- the area IS held ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFall:
    """The area series of the estimator with most point estimates of all IS territory in 2014-2017,
    its first and last estimates, and the towns IS held or may have held at the end of each one's window."""

    estimator_group: str
    first: pd.Series  # a row of ``data.area_estimates``
    last: pd.Series
    fall_percent: int  # 100 * (1 - last km² / first km²), rounded
    towns: int  # towns in the gazetteer
    towns_possibly_held_first: int  # not certainly free of IS at the end of ``first``'s as-of window
    towns_possibly_held_last: int
    towns_held_first: int = 0  # certainly held (wholly or partly) at the end of ``first``'s as-of window
    towns_held_last: int = 0
    towns_unknown_first: int = 0  # state unknown then
    towns_unknown_last: int = 0


def area_fall(
    data: Dataset, start: date = date(2014, 1, 1), end: date = date(2017, 12, 31)
) -> AreaFall | None:
    """The headline area series: point estimates (not lower bounds) of scope ``iraq-syria`` whose as-of
    window overlaps ``start``..``end``; the estimator group with most of them (ties: first in name order).
    None when there is no such estimate."""
    area = data.area_estimates
    usable = area[
        (area["scope"] == "iraq-syria")
        & ~area["lower_bound"]
        & (area["as_of_latest"] >= pd.Timestamp(start))
        & (area["as_of_earliest"] <= pd.Timestamp(end))
    ]
    if usable.empty:
        return None
    sizes = usable.groupby("estimator_group").size().reset_index(name="n")
    group = sizes.sort_values(["n", "estimator_group"], ascending=[False, True])["estimator_group"].iloc[0]
    series = usable[usable["estimator_group"] == group].sort_values(["as_of_latest", "estimate_id"])
    first, last = series.iloc[0], series.iloc[-1]
    at_first, at_last = (
        control_on(data, first["as_of_latest"].date()),
        control_on(data, last["as_of_latest"].date()),
    )
    return AreaFall(
        estimator_group=group,
        first=first,
        last=last,
        fall_percent=round(100 * (1 - last["km2"] / first["km2"])),
        towns=n_towns(data),
        towns_possibly_held_first=len(not_free_at(data, first["as_of_latest"].date())),
        towns_possibly_held_last=len(not_free_at(data, last["as_of_latest"].date())),
        towns_held_first=at_first.held_at_least_partly,
        towns_held_last=at_last.held_at_least_partly,
        towns_unknown_first=at_first.unknown,
        towns_unknown_last=at_last.unknown,
    )


# --- control in words ------------------------------------------------------------------------------


def period_words(day: date) -> str:
    """'mid-2017' for 30 June, 'the end of 2017' for 31 December, else '9 July 2017'."""
    if (day.month, day.day) == (12, 31):
        return f"the end of {day.year}"
    if (day.month, day.day) == (6, 30):
        return f"mid-{day.year}"
    return f"{day.day} {day:%B %Y}"


def names_words(names: list[str] | tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _years_words(window: tuple[date, date]) -> str:
    first, last = window
    return f"in {first.year}" if first.year == last.year else f"in {first.year}-{last.year}"


def control_title(data: Dataset, dates: tuple[date, ...] = SNAPSHOT_DATES) -> str:
    """fig07's title: towns certainly free of IS at the last two ``dates``, and what is not certain at the last.

    Counts only what is certain: free = ``not held``; the rest is said as held (wholly or
    partly) or unknown, with when the unknown ones were last reported held.
    """
    n = n_towns(data)
    last = control_on(data, dates[-1])
    if len(dates) > 1:
        before = control_on(data, dates[-2])
        head = (
            f"{before.free} of {n} towns were certainly free of IS by {period_words(before.day)}, "
            f"{last.free} by {period_words(last.day)}"
        )
    else:
        head = f"{last.free} of {n} towns were certainly free of IS by {period_words(last.day)}"
    tail = []
    if last.held_at_least_partly:
        tail.append(f"IS still held {last.held_at_least_partly}")
    if last.unknown:
        when, who = "", str(last.unknown)
        if last.last_reported_window and len(last.last_reported) == last.unknown:
            first_day, last_day = last.last_reported_window
            when = (
                f" (last reported held on {first_day})"
                if first_day == last_day
                else f" (last reported held {_years_words(last.last_reported_window)})"
            )
            if last.unknown == 1:
                who = last.last_reported[0]
        tail.append(f"{who} unknown{when}")
    return head + ("; " + ", ".join(tail) if tail else "")


def last_reported_sentence(data: Dataset, day: date) -> str:
    """The unknown towns at ``day`` that IS was once reported holding, with that day, as a sentence ('' if none)."""
    table = control_table(data, (day,))
    rows = table[(table["state"] == UNKNOWN) & table["last_held"].notna()]
    if rows.empty:
        return ""
    listed = names_words([f"{r['place']} ({r['last_held']:%Y-%m-%d})" for _, r in rows.iterrows()])
    return (
        f"Last reported held by IS, with no later dated evidence of control or recapture: {listed}; "
        f"unknown from the day after. "
    )


# --- every figure's title ------------------------------------------------------------------------
# Each title is a finding computed here; tests/test_titles.py checks each against its figure's CSV.
# Where recapture events and towns could be confused, the title says which it counts: a town
# retaken twice (Albu Kamal, Palmyra, Baiji) is two recapture events but one town.


NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def number_word(n: int) -> str:
    """A count in prose: a word up to twelve, digits above."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def _quarter_words(quarter: pd.Period) -> str:
    return f"{quarter.start_time:%B}-{quarter.end_time:%B %Y}"


def timeline_title(data: Dataset) -> str:
    """fig01: dated recapture events whose window starts in the last quarter, of all, and how many towns they are."""
    events = dated_recaptures(data)
    if events.empty:
        return "No dated recapture of a town in the corpus yet: every event it dates is shown"
    share, quarter = recaptures_in_last_quarter(data)
    starts = pd.to_datetime(events["date_earliest"]).dt.to_period("Q")
    n_towns_in = events.loc[(starts == quarter).to_numpy(), "place_id"].nunique()
    towns_words = "" if n_towns_in == share.count else f" ({n_towns_in} towns)"
    return (
        f"IS lost its towns over {number_word(_year_span(events))} years; {share.count} of the {share.total} dated "
        f"recapture events fell in {_quarter_words(quarter)}{towns_words}"
    )


def _year_span(events: pd.DataFrame) -> int:
    """Calendar years from the first dated recapture's year to the last's."""
    return max(events["date_latest"]).year - min(events["date_earliest"]).year


def cumulative_title(data: Dataset) -> str:
    """fig02: dated recapture events inside the year of the last quarter, of all."""
    if dated_recaptures(data).empty:
        return "The corpus dates no recapture of a town yet"
    year = last_quarter(data).year
    share = recaptures_in_year(data, year)
    return f"{share.count} of the {share.total} dated recapture events of towns came in {year}"


def occupation_title(data: Dataset) -> str:
    """fig03: the longest occupation dated at both ends."""
    spans = pace.occupation_spans(data.chronology, data.places)
    if not (spans["status"] == "closed").any():
        return "The corpus dates no occupation of a town at both ends yet"
    longest = longest_closed_span(data)
    return (
        f"Where the corpus dates both ends, IS held {longest.place} longest: "
        f"{longest.min_days}-{longest.max_days} days"
    )


def _days(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"


def gap_medians(gap_table: pd.DataFrame, first: date, last: date) -> tuple[float, float, int]:
    """Bounds on the median gap before recaptures whose window midpoint (``to_midpoint``) lies in
    ``first``..``last``: (median of the shortest gaps, median of the longest, number of gaps).
    The median of the true gaps lies between the two (the median is monotone)."""
    when = pd.to_datetime(gap_table["to_midpoint"])
    rows = gap_table[(when >= pd.Timestamp(first)) & (when <= pd.Timestamp(last))]
    return (
        float(rows["gap_min_days"].astype(float).median()),
        float(rows["gap_max_days"].astype(float).median()),
        len(rows),
    )


def gaps_title(data: Dataset) -> str:
    """fig04: the median gap (bounds) in 2015-2016 and in 2017, and the late recaptures within a month."""
    table = recapture_gaps(data)
    if table.empty:
        return "The corpus dates fewer than two recaptures of towns: no gap to measure"
    (a_lo, a_hi, a_n), (b_lo, b_hi, b_n) = (
        gap_medians(table, *uncertainty.PERIODS[p]) for p in ("2015_2016", "2017")
    )
    parts = []
    if a_n and b_n:
        verb = "fell from" if b_hi < a_lo else ("rose from" if b_lo > a_hi else "went from")
        parts.append(
            f"The median gap between recaptures of towns {verb} {_days(a_lo, a_hi)} days in 2015-2016 "
            f"to {_days(b_lo, b_hi)} in 2017"
        )
    late = late_gaps(data, LATE_FROM, WITHIN_A_MONTH)
    if len(late):
        parts.append(
            f"{int(late['within'].sum())} of the {len(late)} recaptures from {LATE_FROM:%B %Y} came within "
            "a month of the one before"
        )
    return "; ".join(parts) if parts else "Too few dated recaptures of towns to compare periods"


def coverage_title(data: Dataset) -> str:
    """fig05: events on fewer than two independent dating sources, agreed, in conflict."""
    e = evidence(data)
    conflicts = f"{e.conflicts} in conflict" if e.conflicts else "none in conflict"
    return (
        f"{e.single_source} of {e.events} events rest on fewer than two independent sources that date them; "
        f"{e.multi_source} are dated by several that agree, {conflicts}"
    )


#: fig05: events by how many independent sources date them (the chronology's ``n_independent``).
DATING_BUCKETS = ("0", "1", "2", "3+")
#: fig05: the agreement states, in drawing order.
AGREEMENTS = (AGREED, SINGLE_SOURCE, CONFLICT)
#: fig05: the column of a per-event coverage table counting sources that only mention an event.
MENTIONS = "_mentions"


def dating_bucket(n_independent: pd.Series) -> pd.Series:
    """'0', '1', '2' or '3+': the independent sources dating an event (``n_independent``: newsrooms
    counted once, Wikipedia never), as fig05 groups them."""
    n = n_independent.astype(int)
    return n.clip(upper=3).astype(str).replace("3", "3+")


def events_by_dating(per_event: pd.DataFrame, lanes: tuple[str, ...]) -> pd.DataFrame:
    """fig05's small multiples: events per (``lane``, ``sources_dating`` bucket, ``agreement``), every
    combination listed (0 included), for the ``lanes`` the table has, in the order given.

    ``per_event`` has one row per event with ``lane``, ``agreement`` and ``n_independent``.
    """
    bucket = dating_bucket(per_event["n_independent"])
    counts = per_event.groupby([per_event["lane"], bucket, per_event["agreement"]]).size()
    present = [lane for lane in lanes if lane in set(per_event["lane"])]
    index = pd.MultiIndex.from_product(
        [present, DATING_BUCKETS, AGREEMENTS], names=["lane", "sources_dating", "agreement"]
    )
    return counts.reindex(index, fill_value=0).rename("events").reset_index()


def events_by_source(per_event: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """fig05's source panel: per column ``key`` of the per-event table (a quoted source or a cited
    group), the events it **dates** by their agreement (``agreed``, ``single-source``, ``conflict``)
    and the events it only **mentions**, undated (``mentions_only``: some member mentions the event,
    none dates it). One row per key, in the order given."""
    rows = []
    for key in keys:
        dates = per_event[key].astype(int) > 0
        mentions_only = (per_event[f"{key}{MENTIONS}"].astype(int) > 0) & ~dates
        counts = per_event.loc[dates, "agreement"].value_counts()
        rows.append(
            {
                "key": key,
                **{a: int(counts.get(a, 0)) for a in AGREEMENTS},
                "mentions_only": int(mentions_only.sum()),
            }
        )
    return pd.DataFrame(rows, columns=["key", *AGREEMENTS, "mentions_only"])


def recapture_map_title(data: Dataset) -> str:
    """fig06: the towns whose last recapture lies in the last quarter, and how many lie on the Euphrates."""
    if dated_recaptures(data).empty:
        return "The corpus dates no recapture of a town yet"
    last = last_towns_on_euphrates(data)
    counted = f"{last.on_euphrates} of the {last.retaken} towns retaken in {last.first_day:%B}-{last.last_day:%B %Y}"
    if 2 * last.on_euphrates > last.retaken:
        return f"The last towns IS lost lay on the Euphrates: {counted}"
    return f"The last towns IS lost were not mainly on the Euphrates: {counted} lie on it"


def _as_of_words(estimate: pd.Series) -> str:
    """An as-of window in words at its own precision: 'on 26 June 2017', 'in January 2015', 'in 2014', or ISO days."""
    first, last = estimate["as_of_earliest"], estimate["as_of_latest"]
    return {
        "day": f"on {first.day} {first:%B %Y}",
        "month": f"in {first:%B %Y}",
        "year": f"in {first:%Y}",
    }.get(estimate["as_of_precision"], f"over {first:%Y-%m-%d}..{last:%Y-%m-%d}")


def area_title(fall: AreaFall) -> str:
    """fig08's title when there is a headline area series (:func:`area_fall`)."""
    from analysis.area import ESTIMATOR_GROUPS

    return (
        f"{ESTIMATOR_GROUPS[fall.estimator_group]} put IS's territory at {fall.first['km2']:,} km² "
        f"{_as_of_words(fall.first)} and {fall.last['km2']:,} km² {_as_of_words(fall.last)}, {fall.fall_percent}% less; "
        f"of the {fall.towns} towns in the chronology, IS certainly held "
        f"{fall.towns_held_first} ({fall.towns_unknown_first} unknown), then "
        f"{fall.towns_held_last} ({fall.towns_unknown_last} unknown)"
    )


def territory_title(data: Dataset, first: date = date(2014, 1, 1), last: date = date(2017, 12, 31)) -> str:
    """fig08: the headline area series and the towns held (certainly) and unknown at its ends; without
    such a series, the towns alone on ``first`` and ``last`` (the figure's time axis)."""
    fall = area_fall(data)
    if fall is not None:
        return area_title(fall)
    a, b = control_on(data, first), control_on(data, last)
    return (
        f"No published estimate covers all IS territory in 2014-2017; IS certainly held "
        f"{a.held_at_least_partly} towns of the chronology on {first:%Y-%m-%d} ({a.unknown} unknown) and "
        f"{b.held_at_least_partly} at the end of 2017 ({b.unknown} unknown)"
    )


#: Each figure's title, by figure id (every one a finding computed above).
TITLES = {
    "fig01": timeline_title,
    "fig02": cumulative_title,
    "fig03": occupation_title,
    "fig04": gaps_title,
    "fig05": coverage_title,
    "fig06": recapture_map_title,
    "fig07": control_title,
    "fig08": territory_title,
}


def towns_with_seizure(data: Dataset) -> frozenset[str]:
    """Place ids with a seizure or re-infiltration event in the chronology (dated or not)."""
    starts = data.chronology["event"].isin(STARTS_IS_CONTROL)
    return frozenset(data.chronology.loc[starts, "place_id"])
