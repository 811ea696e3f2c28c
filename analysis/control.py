"""Who held each town at the end of a given day, as far as the dated evidence shows.

The public entry points:

- :func:`states_on` ``(data, day)``: one row per town (kind ``city``, ``town`` or ``village``;
  border crossings, regions and countries are left out) with its ``state`` at the end of
  ``day`` and the ``basis`` of that state in words (columns: :data:`COLUMNS` without
  ``date``). The explorer, the maps and the findings all read control through it or through
  :func:`snapshots` (several days) and :func:`held_counts` (a count per day).
- :func:`control_at`, :func:`snapshots`, :func:`held_counts`, :func:`timeline` take the
  chronology and the gazetteer (and, optionally, the milestone rows) instead of a dataset.

States
------
- :data:`HELD` ("held"): dated evidence shows IS held the whole town then;
- :data:`PARTLY_HELD` ("partly held"): IS held part of it (a partial seizure or recapture,
  a besieged enclave: Kobane in 2014, al-Bab's last days, Deir ez-Zor 2014-2017);
- :data:`UNKNOWN` ("unknown"): the corpus cannot say (no dated evidence yet, a window
  straddling the day, or nothing since IS was last reported there);
- :data:`NOT_HELD` ("not held"): retaken, or a seizure dated later.

**Never held without dated evidence that IS held it then.** Silence is unknown, not control.

Conventions
-----------
Every date is a closed window ``[lo, hi]`` of days: the event happened on one of them. At the
end of day ``D`` an event **has certainly happened** when ``hi <= D``, **has certainly not**
when ``lo > D``, and otherwise its window **straddles** ``D``.

An *episode* of IS control (the chronology's ``episode`` number) collects, for one town:

- its **start**: ``seized`` or ``reinfiltrated``, dated by its first whole-town milestone
  (control, declared, cleared); a ``partial`` milestone alone is a **partial start**;
- its **end**: ``retaken`` by its first whole-town milestone; a ``partial`` one is a
  **partial end** (IS lost part: Mosul's east bank, al-Bab "most of the city");
- a **siege by IS** (``siege_began`` whose actor family is ``islamic-state``): the town is a
  besieged enclave, IS held the rest (partly held);
- **signs of IS control**: an ``offensive_launched`` against it, a ``siege_began`` by another
  force (of an IS-held town): IS held it on some day of the window.
  (``siege_broken`` relieves an enclave; it is no evidence of IS control either way. A siege
  whose besieger the corpus does not name is not used.)

From these, per episode:

- ``first``: the first day IS certainly held (some of) the town: the earliest ``hi`` of the
  start, partial start, siege, signs and partial end.
- ``last``: the last day IS certainly held it: the day before the end's window opens when the
  recapture is dated; otherwise **the last dated evidence** (the start's or siege's ``hi``,
  a sign's or partial end's ``lo``: IS held it on some day of that window, so certainly
  through its first day). After ``last``, with no recapture, the town is *unknown* and the
  basis says "last reported held on ``last``": a town is never drawn held for years on the
  strength of one old report (Hit, Qaraqosh, Al-Sukhnah).

Rules for one episode at the end of ``D`` (first that applies):

1. the end certainly happened -> **over**;
2. the end's window straddles ``D`` -> unknown;
3. ``first <= D <= last`` -> **partly held** when a siege by IS or a partial end has begun by
   ``D``, or when only a partial start is certain by ``D``; else **held**;
4. ``D > last`` -> unknown ("last reported held on ``last``");
5. before ``first``: a window straddling ``D`` -> unknown; a start, partial start or siege
   dated after ``D`` -> **yet to come**; a later episode (2, 3, ...) before the previous
   episode's end opens -> yet to come; otherwise unknown ("no dated evidence of IS control
   before ...").

Rules for a town: any episode held -> :data:`HELD`; else any partly held -> :data:`PARTLY_HELD`;
else any unknown -> :data:`UNKNOWN`; else :data:`NOT_HELD`. An episode without a recapture
counts as over once a later episode has begun (its end lies before that start). A town with
no control event in the corpus is :data:`UNKNOWN`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from analysis.dates import format_window
from analysis.places import towns as town_rows
from analysis.vocabulary import (
    ENDS_IS_CONTROL,
    EVENT_WORDS,
    MILESTONE_PRIORITY,
    PARTIAL,
    STARTS_IS_CONTROL,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset

HELD = "held"
PARTLY_HELD = "partly held"
UNKNOWN = "unknown"
NOT_HELD = "not held"
#: Every state, darkest (IS certainly in control) to lightest.
STATES: tuple[str, ...] = (HELD, PARTLY_HELD, UNKNOWN, NOT_HELD)

#: The last day of every half-year from mid-2014 to the end of 2017 (8 dates).
SNAPSHOT_DATES: tuple[date, ...] = tuple(
    date(year, month, day) for year in range(2014, 2018) for month, day in ((6, 30), (12, 31))
)

COLUMNS = ["date", "place_id", "place", "country", "state", "episode", "event_ids", "last_held", "basis"]

OFFENSIVE, SIEGE_BEGAN = "offensive_launched", "siege_began"
IS_FAMILY = "islamic-state"
_EARLIEST = date(1900, 1, 1)  # before any evidence: the state every timeline starts from

# episode states (internal)
_OVER, _TO_COME, _UNKNOWN, _HELD, _PARTLY = "over", "to come", "unknown", "held", "partly"


class _Event(NamedTuple):
    """One dated milestone row: what happened, when (closed window of days), its id."""

    event_id: str
    event: str
    milestone: str
    lo: date
    hi: date
    precision: str

    def words(self) -> str:
        what = EVENT_WORDS.get(self.event, self.event)
        partial = self.milestone == PARTIAL and self.event in (*STARTS_IS_CONTROL, *ENDS_IS_CONTROL)
        part = " (part of the town)" if partial else ""
        return f"{what}{part} {format_window(self.lo, self.hi)} ({self.precision})"


@dataclass
class _Episode:
    """The dated evidence of one episode of IS control of one town (see the module docstring)."""

    number: int
    start: _Event | None = None
    partial_start: _Event | None = None
    end: _Event | None = None
    partial_end: _Event | None = None
    siege: _Event | None = None
    signs: list[_Event] = field(default_factory=list)

    def evidence(self) -> list[_Event]:
        """Every window showing IS control at some time (the end excluded)."""
        found = [self.start, self.partial_start, self.siege, self.partial_end, *self.signs]
        return [e for e in found if e is not None]

    def starts(self) -> list[_Event]:
        return [e for e in (self.start, self.partial_start, self.siege) if e is not None]

    @property
    def first(self) -> date | None:
        """The first day IS certainly held (some of) the town, or None."""
        evidence = self.evidence()
        return min(e.hi for e in evidence) if evidence else None

    @property
    def last(self) -> date | None:
        """The last day IS certainly held it: the day before a dated recapture, else the last dated evidence."""
        if self.end is not None:
            return self.end.lo - timedelta(days=1)
        certain = [e.hi for e in self.starts()] + [
            e.lo for e in (*self.signs, self.partial_end) if e is not None
        ]
        return max(certain) if certain else None

    def event_ids(self) -> str:
        found = [*self.evidence(), self.end]
        return "|".join(sorted({e.event_id for e in found if e is not None}))


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def _rows(chronology: pd.DataFrame, milestones: pd.DataFrame | None) -> pd.DataFrame:
    """The rows control reads: the chronology's, and the other milestone rows of its events when given."""
    rows = chronology
    if milestones is not None and "milestone" in chronology:
        extra = milestones[milestones["event_id"].isin(chronology["event_id"])]
        rows = pd.concat([chronology, extra], ignore_index=True).drop_duplicates(["event_id", "milestone"])
    defaults = {"milestone": "control", "actor_family": "unknown", "precision": "range"}
    return rows.assign(**{c: v for c, v in defaults.items() if c not in rows})


def _priority(milestone: str) -> int:
    return MILESTONE_PRIORITY.index(milestone) if milestone in MILESTONE_PRIORITY else len(MILESTONE_PRIORITY)


def _episodes_by_town(
    chronology: pd.DataFrame, milestones: pd.DataFrame | None = None
) -> dict[str, list[_Episode]]:
    """Each place's episodes of IS control, in episode order, from the chronology (or its milestone rows)."""
    rows = _rows(chronology, milestones)
    wanted = rows["event"].isin([*STARTS_IS_CONTROL, *ENDS_IS_CONTROL, OFFENSIVE, SIEGE_BEGAN])
    rows = rows[wanted & rows["date_earliest"].notna() & rows["date_latest"].notna()]
    rows = rows.assign(_rank=rows["milestone"].map(_priority)).sort_values(
        ["_rank", "event_id"], kind="stable"
    )
    episodes: dict[str, dict[int, _Episode]] = {}
    for r in rows.itertuples(index=False):
        ep = episodes.setdefault(r.place_id, {}).setdefault(int(r.episode), _Episode(int(r.episode)))
        event = _Event(
            str(r.event_id),
            r.event,
            r.milestone,
            _day(r.date_earliest),
            _day(r.date_latest),
            str(r.precision),
        )
        partial = r.milestone == PARTIAL
        if r.event in STARTS_IS_CONTROL:
            if partial:
                ep.partial_start = ep.partial_start or event
            else:
                ep.start = ep.start or event  # rows come in milestone priority order: the first wins
        elif r.event in ENDS_IS_CONTROL:
            if partial:
                ep.partial_end = ep.partial_end or event
            else:
                ep.end = ep.end or event
        elif r.event == SIEGE_BEGAN and r.actor_family == IS_FAMILY:
            ep.siege = ep.siege or event
        elif r.event == OFFENSIVE or (
            r.event == SIEGE_BEGAN and r.actor_family not in (IS_FAMILY, "unknown")
        ):
            ep.signs.append(event)
    return {place: [by_number[n] for n in sorted(by_number)] for place, by_number in episodes.items()}


class _Verdict(NamedTuple):
    state: str  # an episode state
    basis: str


def _episode_state(ep: _Episode, previous: _Episode | None, when: date) -> _Verdict:
    """The state of one episode at the end of ``when`` (rules 1-5 of the module docstring)."""
    end, first, last = ep.end, ep.first, ep.last
    if end is not None and end.hi <= when:
        return _Verdict(_OVER, "retaken")
    if end is not None and end.lo <= when:
        return _Verdict(_UNKNOWN, "inside the recapture window: retaken or not, the corpus cannot say")
    if first is not None and last is not None and first <= when <= last:
        if ep.siege is not None and ep.siege.lo <= when:
            return _Verdict(_PARTLY, f"besieged by IS since {format_window(ep.siege.lo, ep.siege.hi)}")
        if ep.partial_end is not None and ep.partial_end.lo <= when:
            return _Verdict(_PARTLY, f"partly retaken {format_window(ep.partial_end.lo, ep.partial_end.hi)}")
        if ep.start is not None and ep.start.hi > when:
            return _Verdict(_PARTLY, "partly seized; the seizure of the whole town not yet certain")
        if ep.start is None and ep.partial_start is not None:
            return _Verdict(_PARTLY, "partly seized; the corpus never dates the seizure of the whole town")
        until = (
            f"to {last} (recaptured from {end.lo})"
            if end is not None
            else f"to {last} (the last dated evidence)"
        )
        return _Verdict(_HELD, f"IS certainly held it from {first} {until}")
    if first is not None and last is not None and when > last:
        return _Verdict(_UNKNOWN, f"last reported held on {last}; no later dated evidence")
    if any(e.lo <= when < e.hi for e in ep.evidence()):
        return _Verdict(_UNKNOWN, "inside the window of the first dated evidence of IS control")
    if ep.starts():
        return _Verdict(_TO_COME, "before the dated seizure (or siege by IS)")
    if previous is not None and previous.end is not None and when < previous.end.lo:
        return _Verdict(_TO_COME, "the previous episode had not ended")
    if first is not None:
        return _Verdict(_UNKNOWN, f"no dated evidence of IS control before {first}")
    return _Verdict(_UNKNOWN, "the corpus dates the recapture but no day on which IS held it")


_TOWN_STATE = {_HELD: HELD, _PARTLY: PARTLY_HELD, _UNKNOWN: UNKNOWN}


class _TownState(NamedTuple):
    state: str
    episode: int | None
    event_ids: str
    last_held: date | None
    basis: str


def _last_held(episodes: list[_Episode], when: date) -> date | None:
    """The last day up to ``when`` on which the corpus shows IS holding (some of) the town, or None."""
    days = []
    for ep in episodes:
        first, last = ep.first, ep.last
        if first is not None and last is not None and first <= min(last, when):
            days.append(min(last, when))
    return max(days) if days else None


def _town_state(episodes: list[_Episode], when: date) -> _TownState:
    """The state of a town at the end of ``when`` (the town rules of the module docstring)."""
    if not episodes:
        return _TownState(
            UNKNOWN, None, "", None, "no dated evidence of IS control of this town in the corpus"
        )
    verdicts, previous = [], None
    for ep in episodes:
        verdicts.append(_episode_state(ep, previous, when))
        previous = ep
    begun = [v.state != _TO_COME for v in verdicts]
    for i, ep in enumerate(episodes):  # an episode without a recapture ended before a later one began
        if ep.end is None and verdicts[i].state == _UNKNOWN and any(begun[i + 1 :]):
            verdicts[i] = _Verdict(_OVER, "a later episode has begun")
    last_held = _last_held(episodes, when)
    for wanted in (_HELD, _PARTLY, _UNKNOWN):
        for ep, verdict in zip(episodes, verdicts, strict=True):
            if verdict.state == wanted:
                return _TownState(
                    _TOWN_STATE[wanted], ep.number, ep.event_ids(), last_held, _basis(ep, verdict)
                )
    over = [i for i, v in enumerate(verdicts) if v.state == _OVER]
    i = over[-1] if over else 0
    return _TownState(
        NOT_HELD, episodes[i].number, episodes[i].event_ids(), last_held, _basis(episodes[i], verdicts[i])
    )


def _basis(ep: _Episode, verdict: _Verdict) -> str:
    found = sorted([*ep.evidence(), *([ep.end] if ep.end else [])], key=lambda e: (e.lo, e.hi))
    listed = "; ".join(e.words() for e in found) or "nothing dated"
    return f"episode {ep.number}: {listed} -> {verdict.basis}"


def towns(places: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer's towns (``place_id, name, country, kind, lat, lon``), in gazetteer order."""
    return town_rows(places)[["place_id", "name", "country", "kind", "lat", "lon"]]


def states_on(data: Dataset, day: date) -> pd.DataFrame:
    """The state of IS control of every town at the end of ``day``: the public question "who held what".

    ``data``: :func:`analysis.load`'s dataset (its chronology, milestone rows and gazetteer).
    One row per town, in gazetteer order: ``place_id``, ``place``, ``country``, ``state`` (one
    of :data:`STATES`: held, partly held, unknown, not held), ``episode`` (the episode that
    decided, nullable), ``event_ids`` (that episode's events, ``|``-separated), ``last_held``
    (the last day up to ``day`` on which dated evidence shows IS holding at least part of the
    town; missing when none) and ``basis`` (the dated evidence and the rule, in words). Rules:
    module docstring. Days are calendar days; the state is the one at the end of ``day``.
    """
    return control_at(data.chronology, data.places, day, data.milestones).drop(columns="date")


def control_at(
    chronology: pd.DataFrame, places: pd.DataFrame, when: date, milestones: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`states_on` from the chronology (and its milestone rows, when given), with a ``date`` column."""
    return snapshots(chronology, places, (when,), milestones)


def snapshots(
    chronology: pd.DataFrame,
    places: pd.DataFrame,
    dates: Iterable[date] = SNAPSHOT_DATES,
    milestones: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`control_at` for each of ``dates`` (in the order given), stacked (columns :data:`COLUMNS`)."""
    episodes = _episodes_by_town(chronology, milestones)
    town_list = list(towns(places).itertuples(index=False))
    rows = []
    for when in map(_day, dates):
        for town in town_list:
            s = _town_state(episodes.get(town.place_id, []), when)
            rows.append(
                [
                    when,
                    town.place_id,
                    town.name,
                    town.country,
                    s.state,
                    s.episode,
                    s.event_ids,
                    s.last_held,
                    s.basis,
                ]
            )
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["episode"] = table["episode"].astype("Int64")
    table["last_held"] = pd.to_datetime(table["last_held"])
    return table


def counts(table: pd.DataFrame) -> pd.DataFrame:
    """Towns per state and date of a :func:`snapshots` table: one row per date, one column per state."""
    wide = table.groupby(["date", "state"], sort=False).size().unstack("state", fill_value=0)
    return wide.reindex(columns=list(STATES), fill_value=0)


def _change_days(episodes: list[_Episode]) -> list[date]:
    """The days on which a town's state may change: every window's ends and the days after them."""
    found = [e for ep in episodes for e in [*ep.evidence(), ep.end] if e is not None]
    days = {d + timedelta(days=k) for e in found for d in (e.lo, e.hi) for k in (0, 1)}
    return sorted({_EARLIEST, *days})


def timeline(
    chronology: pd.DataFrame, places: pd.DataFrame, milestones: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every town's states through time: one row per town and stretch of days with one state and basis.

    Columns: ``place_id``, ``place``, ``country``, ``from`` (the first day, ``datetime64``), ``to``
    (the last day; missing for the last stretch, which lasts), ``state``, ``episode``,
    ``event_ids``, ``basis``. Exact: a state can change only on a window's first or last day or
    the day after one (rules: module docstring); the first stretch starts on 1900-01-01.
    """
    episodes = _episodes_by_town(chronology, milestones)
    rows = []
    for town in towns(places).itertuples(index=False):
        eps = episodes.get(town.place_id, [])
        stretch: list = []
        for day in _change_days(eps):
            s = _town_state(eps, day)
            key = (s.state, s.episode, s.basis)
            if stretch and stretch[-1][0] == key:
                continue
            stretch.append((key, day, s))
        for i, (_, day, s) in enumerate(stretch):
            to = stretch[i + 1][1] - timedelta(days=1) if i + 1 < len(stretch) else None
            rows.append(
                [town.place_id, town.name, town.country, day, to, s.state, s.episode, s.event_ids, s.basis]
            )
    table = pd.DataFrame(
        rows, columns=["place_id", "place", "country", "from", "to", "state", "episode", "event_ids", "basis"]
    )
    table["from"], table["to"] = pd.to_datetime(table["from"]), pd.to_datetime(table["to"])
    table["episode"] = table["episode"].astype("Int64")
    return table


HELD_COUNT_COLUMNS = ["date", *STATES, "certainly_held", "possibly_held"]


def held_counts(
    chronology: pd.DataFrame,
    places: pd.DataFrame,
    start: date,
    end: date,
    milestones: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How many towns IS held at the end of each day from ``start`` to ``end``, as a step function.

    One row per day on which a count changes (``start`` first); each row holds from its
    ``date`` to the day before the next row's (the last to ``end``). Columns: ``date``
    (datetime64), the towns in each of :data:`STATES`, ``certainly_held`` (held + partly held:
    IS certainly held at least part of them) and ``possibly_held`` (+ unknown: every town the
    corpus does not show free of IS). Exact (:func:`timeline`).
    """
    start, end = pd.Timestamp(_day(start)), pd.Timestamp(_day(end))
    stretches = timeline(chronology, places, milestones)
    days = pd.DatetimeIndex(
        sorted({start, *stretches.loc[(stretches["from"] > start) & (stretches["from"] <= end), "from"]})
    )
    tally = pd.DataFrame(0, index=days, columns=list(STATES), dtype="int64")
    for _, town in stretches.groupby("place_id", sort=False):
        where = np.searchsorted(town["from"].to_numpy(), days.to_numpy(), side="right") - 1
        states = town["state"].to_numpy()[where]
        for state in STATES:
            tally[state] += states == state
    wide = tally.rename_axis("date").reset_index()
    wide["certainly_held"] = wide[HELD] + wide[PARTLY_HELD]
    wide["possibly_held"] = wide["certainly_held"] + wide[UNKNOWN]
    changed = wide[list(STATES)].ne(wide[list(STATES)].shift()).any(axis=1)
    return wide.loc[changed, HELD_COUNT_COLUMNS].reset_index(drop=True)


def evidence_days(
    chronology: pd.DataFrame, places: pd.DataFrame, milestones: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per town and episode, the first and last day dated evidence shows IS holding (some of) it.

    Columns ``place_id``, ``episode``, ``first_held``, ``last_held`` (``datetime64``; missing
    when the episode has no such day) and ``recaptured`` (the episode's recapture is dated:
    ``last_held`` is then the day before its window opens; otherwise the last dated evidence,
    after which the town is unknown). Rules: module docstring.
    """
    episodes = _episodes_by_town(chronology, milestones)
    rows = []
    for place_id in towns(places)["place_id"]:
        for ep in episodes.get(place_id, []):
            first, last = ep.first, ep.last
            known = first is not None and last is not None and first <= last
            rows.append(
                [place_id, ep.number, first if known else None, last if known else None, ep.end is not None]
            )
    table = pd.DataFrame(rows, columns=["place_id", "episode", "first_held", "last_held", "recaptured"])
    table["first_held"], table["last_held"] = (
        pd.to_datetime(table["first_held"]),
        pd.to_datetime(table["last_held"]),
    )
    return table
