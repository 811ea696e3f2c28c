"""How much of the campaign the corpus covers: the coverage report ``python -m analysis check`` prints.

Rules (each counted on the validated dataset, never typed):

- A claim **dates** its event when its precision is not one of
  :data:`analysis.vocabulary.NOT_DATING` (an undated statement, or one true only at publication,
  says the event happened but not when).
- A place has its **seizure dated** when some claim dates a ``seized`` or ``reinfiltrated`` event
  there, and its **recapture dated** when some claim dates a ``retaken`` event there (any episode,
  any milestone but ``disputed``). Places are every place with such an event: towns and sites
  (airbases, dams, fields, an army camp, ancient sites); ``towns`` restricts to
  :data:`analysis.vocabulary.TOWN_KINDS`.
- An event's **independent dating sources** are the chronology's ``n_independent``: the distinct
  newsrooms (``origin``) among the claims that date the milestone that dates the event, Wikipedia
  never counted (:mod:`analysis.chronology`).
- An event rests on **Wikipedia alone** when every claim that dates it comes from a Wikipedia page.
- A compiled fact is a claim or an exclusion with its reason (:mod:`analysis.cited`); the report
  lists every exclusion with the start of its reason (the whole reason is in ``data/excluded_facts.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis.vocabulary import (
    DISPUTED,
    ENDS_IS_CONTROL,
    RETROSPECTIVE_GROUPS,
    STARTS_IS_CONTROL,
    TOWN_KINDS,
    dates_the_event,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset

KEY = ["place_id", "event", "episode"]


@dataclass(frozen=True)
class Coverage:
    """The coverage numbers (see the module docstring for each rule)."""

    places_both: int  # places with a dated seizure and a dated recapture
    places_seizure_only: int
    places_recapture_only: int
    towns_both: int
    towns: int  # towns with a seizure or recapture event
    events: int
    by_independent: dict[str, int]  # "0", "1", "2", "3+" -> events
    wikipedia_alone: int
    facts: int
    facts_used: int
    excluded: tuple[tuple[str, str], ...]  # (fact id, reason) of each fact left out

    @property
    def two_or_more(self) -> int:
        """Events dated by two or more independent sources."""
        return self.by_independent["2"] + self.by_independent["3+"]


def place_sides(data: Dataset) -> pd.DataFrame:
    """One row per place with a seizure or recapture event: ``place_id``, ``place``, ``kind``,
    ``seizure_dated``, ``recapture_dated`` (bools), in gazetteer order."""
    claims = data.claims[dates_the_event(data.claims["precision"]) & (data.claims["milestone"] != DISPUTED)]
    control = data.chronology[data.chronology["event"].isin(STARTS_IS_CONTROL + ENDS_IS_CONTROL)]
    dated = claims.groupby(KEY).size().rename("n").reset_index()
    seized = set(dated.loc[dated["event"].isin(STARTS_IS_CONTROL), "place_id"])
    retaken = set(dated.loc[dated["event"].isin(ENDS_IS_CONTROL), "place_id"])
    places = data.places[data.places["place_id"].isin(set(control["place_id"]))]
    return pd.DataFrame(
        {
            "place_id": places["place_id"].to_numpy(),
            "place": places["name"].to_numpy(),
            "kind": places["kind"].to_numpy(),
            "seizure_dated": places["place_id"].isin(seized).to_numpy(),
            "recapture_dated": places["place_id"].isin(retaken).to_numpy(),
        }
    )


def wikipedia_alone(data: Dataset) -> pd.Series:
    """Event ids whose dating claims all come from Wikipedia (events with at least one dating claim)."""
    claims = data.claims[dates_the_event(data.claims["precision"])]
    wiki = claims["source_group"].isin(RETROSPECTIVE_GROUPS)
    only = wiki.groupby([claims[k] for k in KEY]).all()
    ids = [f"{p}:{e}:{n}" for (p, e, n), alone in only.items() if alone]
    return pd.Series(sorted(ids), dtype="str")


def coverage(data: Dataset) -> Coverage:
    """The coverage of the live (or any) dataset."""
    sides = place_sides(data)
    towns = sides[sides["kind"].isin(TOWN_KINDS)]
    n = data.chronology["n_independent"].astype(int)
    by_independent = {
        "0": int((n == 0).sum()),
        "1": int((n == 1).sum()),
        "2": int((n == 2).sum()),
        "3+": int((n >= 3).sum()),
    }
    facts = 0 if data.facts is None else len(data.facts)
    excluded = (
        ()
        if data.excluded_facts is None
        else tuple(zip(data.excluded_facts["fact_id"], data.excluded_facts["reason"], strict=True))
    )
    return Coverage(
        places_both=int((sides["seizure_dated"] & sides["recapture_dated"]).sum()),
        places_seizure_only=int((sides["seizure_dated"] & ~sides["recapture_dated"]).sum()),
        places_recapture_only=int((~sides["seizure_dated"] & sides["recapture_dated"]).sum()),
        towns_both=int((towns["seizure_dated"] & towns["recapture_dated"]).sum()),
        towns=len(towns),
        events=len(data.chronology),
        by_independent=by_independent,
        wikipedia_alone=len(wikipedia_alone(data)),
        facts=facts,
        facts_used=facts - len(excluded),
        excluded=excluded,
    )


def _short(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _share(count: int, total: int) -> str:
    return f"{count} ({100 * count / total:.0f}%)" if total else str(count)


def report_lines(c: Coverage) -> list[str]:
    """The coverage report as printed by ``python -m analysis check``."""
    lines = [
        "coverage:",
        f"  places with a dated seizure and a dated recapture: {c.places_both} "
        f"({c.towns_both} of {c.towns} towns)",
        f"  places with only the seizure dated: {c.places_seizure_only}; "
        f"only the recapture dated: {c.places_recapture_only}",
        "  events by independent sources dating them (Wikipedia not counted): "
        + ", ".join(f"{k}: {_share(v, c.events)}" for k, v in c.by_independent.items()),
        f"  events dated by two or more independent sources: {_share(c.two_or_more, c.events)} of {c.events}",
        f"  events dated by Wikipedia alone: {_share(c.wikipedia_alone, c.events)}",
        f"  compiled facts: {c.facts}, {c.facts_used} claims, {c.facts - c.facts_used} excluded:",
    ]
    lines += [f"    {fact_id}: {_short(reason)}" for fact_id, reason in c.excluded]
    return lines
