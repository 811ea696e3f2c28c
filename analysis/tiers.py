"""What each evidence tier says on its own: the headline findings of the quoted tier alone set
beside those of both tiers (notebook 06). The cut itself is :meth:`analysis.dataset.Dataset.restrict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis import findings
from analysis.dates import format_window

if TYPE_CHECKING:
    from analysis.dataset import Dataset

#: How notebooks and figures name what supports an event (its ``tiers``).
SUPPORT = {"quoted": "quoted tier only", "cited": "cited tier only", "cited|quoted": "both tiers"}


@dataclass(frozen=True)
class CitedOnly:
    """The events only the cited tier dates: how many, how many of them rest on Wikipedia alone,
    and how many of each event type (``seized``, ``retaken``, ...), by type."""

    events: int
    on_wikipedia_alone: int
    by_event: pd.Series


def cited_only(data: Dataset) -> CitedOnly:
    """:class:`CitedOnly` of ``data``'s chronology (events whose ``tiers`` is ``cited``)."""
    events = data.chronology[data.chronology["tiers"] == "cited"]
    wikipedia = set(data.sources.loc[data.sources["source_group"] == "wikipedia", "source_id"])
    alone = events["source_ids"].map(lambda ids: set(ids.split("|")) <= wikipedia)
    return CitedOnly(len(events), int(alone.sum()), events.groupby("event").size())


def support(chronology: pd.DataFrame) -> pd.Series:
    """Events by what supports them (:data:`SUPPORT` labels), in that order."""
    return chronology["tiers"].map(SUPPORT).value_counts().reindex(list(SUPPORT.values()), fill_value=0)


def _seized_towns(data: Dataset) -> int:
    """Towns with a seizure the corpus dates (not an undated statement)."""
    spans = findings.pace.occupation_spans(data.chronology, data.places)
    return int(spans.loc[spans["start_earliest"].notna(), "place_id"].nunique())


def _euphrates(data: Dataset) -> str:
    last = findings.last_towns_on_euphrates(data)
    return f"{last.on_euphrates} of {last.retaken} ({last.first_day:%b}–{last.last_day:%b %Y})"


def headline(data: Dataset) -> dict[str, str]:
    """The findings the three articles supported, as text, for one dataset."""
    e = findings.evidence(data)
    stats = findings.pace_uncertainty(data)
    longest = findings.longest_closed_span(data)
    in_2017 = findings.recaptures_in_year(data, 2017)

    def gap(name: str) -> str:
        s = stats.loc[name]
        return f"{s['median']:g} days ({s['p05']:g}–{s['p95']:g})"

    return {
        "sources": f"{e.sources} ({e.quoted_sources} quoted, {e.cited_sources} cited)",
        "statements": f"{e.claims} ({e.dated_claims} dated, {e.undated_claims} undated)",
        "events": str(e.events),
        "agreed by two or more independent sources": str(e.multi_source),
        "in conflict (events; milestones)": f"{e.conflicts}; {e.milestone_conflicts}",
        "towns whose seizure is dated": f"{_seized_towns(data)} of {findings.n_towns(data)}",
        "dated recaptures of towns in 2017": f"{in_2017.count} of {in_2017.total}",
        "median gap between recaptures, 2015–2016": gap("median_gap_2015_2016"),
        "median gap between recaptures, 2017": gap("median_gap_2017"),
        "the pace in 2017 (90% intervals of the median gaps)": findings.pace_verdict(data),
        "towns retaken in the last quarter on the Euphrates": _euphrates(data),
        "longest span with both ends dated": (
            f"{longest.place}, {longest.min_days}–{longest.max_days} days "
            f"({format_window(*longest.start, words=True)} to {format_window(*longest.end, words=True)})"
        ),
    }


def compare(data: Dataset) -> pd.DataFrame:
    """:func:`headline` for the quoted tier alone and for both tiers, one row per finding."""
    return pd.DataFrame(
        {"quoted tier alone": headline(data.restrict(("quoted",))), "both tiers": headline(data)}
    ).rename_axis("finding")


def compare_batches(data: Dataset) -> pd.DataFrame:
    """:func:`headline` for the quoted tier alone, for the quoted tier with the first cited batch (the
    75-event chronology of release 0.2), and for every batch, one row per finding
    (:func:`analysis.cited.batch_of` says which batch a source came in)."""
    from analysis.cited import batch_of

    batch = data.sources["source_id"].map(batch_of)
    first = data.sources.loc[batch <= 1, "source_id"]
    return pd.DataFrame(
        {
            "quoted tier alone": headline(data.restrict(("quoted",))),
            "with cited batch 1": headline(data.restrict_sources(first)),
            "all batches": headline(data),
        }
    ).rename_axis("finding")
