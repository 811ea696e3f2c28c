"""Who held each town at the end of a given day, as far as the corpus can tell.

:func:`control_at` gives, for every town of the gazetteer (kind ``city``, ``town`` or
``village``: border crossings, regions and countries are left out), the state of IS control
at the **end** of day ``when``; :func:`snapshots` stacks it for several days
(:data:`SNAPSHOT_DATES` by default: the last day of every half-year, 2014-06-30 to 2017-12-31).

Conventions
-----------
Every date of the chronology is a closed window ``[earliest, latest]``: the event happened
on one of those days, both ends included, and the corpus does not say which. "By the end of
``when``" therefore reads:

- an event **has certainly happened** when ``latest <= when``;
- it **has certainly not happened** when ``earliest > when``;
- otherwise (``earliest <= when < latest``) its window **straddles** ``when`` and the
  corpus cannot say.

An *episode* of IS control (the chronology's ``episode`` number) starts with a ``seized`` or
``reinfiltrated`` event and ends with a ``retaken`` event; either may be missing. Other
events (offensives launched, the caliphate, the end of the war) do not change control.

Rules for one episode at ``when``
---------------------------------
1. Its ``retaken`` has certainly happened -> the episode is **over**.
2. Else its start has certainly not happened -> the episode is **yet to come**. A missing
   start of a later episode (2, 3, ...) is bounded by the previous episode's end: it
   certainly had not happened if that end's ``earliest > when``.
3. Else a start or end window straddles ``when`` -> **unknown**. (A missing start of a later
   episode whose predecessor may have ended counts as straddling: the corpus puts it
   somewhere between that end and this episode's recapture.)
4. Else, if the episode has no start event and is the town's first episode (a recapture
   whose seizure the corpus never dates: Raqqa, Rawa, Ramadi, ...) -> **held, seizure
   undated**: IS certainly held the town at some time before the recapture, but the corpus
   does not say since when. At an early ``when`` this is a statement about the corpus, not
   proof that IS already held the town on that day.
5. Else (started certainly, no end or an end certainly still to come) -> **held**.

Rules for a town (its episodes combined; episodes follow one another in time)
---------------------------------------------------------------------------
- any episode **held** -> :data:`HELD` ("held");
- else any episode **unknown** -> :data:`UNKNOWN` ("unknown");
- else any episode **held, seizure undated** -> :data:`HELD_UNDATED` ("held (seizure undated)");
- else every episode is over or yet to come -> :data:`NOT_HELD` ("not held"): all that
  started has certainly ended, or nothing has started yet (the seizure is known to come after
  ``when``);
- a town with no control event at all in the corpus -> :data:`UNKNOWN` (the corpus is silent;
  "not held" would be an invented fact).

A town the corpus never reports retaken stays "held" after its seizure to the end of time
(Manbij): that is what the corpus says, not necessarily what happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import pandas as pd

from analysis.dates import format_window
from analysis.places import towns as town_rows
from analysis.vocabulary import ENDS_IS_CONTROL, RETAKEN, STARTS_IS_CONTROL

HELD = "held"
HELD_UNDATED = "held (seizure undated)"
UNKNOWN = "unknown"
NOT_HELD = "not held"
#: Every state, darkest (IS certainly in control) to lightest.
STATES: tuple[str, ...] = (HELD, HELD_UNDATED, UNKNOWN, NOT_HELD)

#: The last day of every half-year from mid-2014 to the end of 2017 (8 dates).
SNAPSHOT_DATES: tuple[date, ...] = tuple(
    date(year, month, day) for year in range(2014, 2018) for month, day in ((6, 30), (12, 31))
)

COLUMNS = ["date", "place_id", "place", "country", "state", "episode", "event_ids", "reason"]

# episode states (internal)
_OVER, _TO_COME, _UNKNOWN, _UNDATED, _HELD = "over", "to come", "unknown", "undated", "held"


Event = dict[str, object]  # one chronology row, as a plain dict, with its window as dates
Episode = tuple[int, Event | None, Event | None]  # (episode number, start event, end event)
_EVENT_FIELDS = ("place_id", "event", "episode", "event_id", "date_earliest", "date_latest", "precision")


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def _window(row: Event | None) -> tuple[date, date] | None:
    return None if row is None else row["window"]


def _describe(verb: str, row: Event) -> str:
    return f"{verb} {format_window(*_window(row))} ({row['precision']})"


def _episodes_by_town(chronology: pd.DataFrame) -> dict[str, list[Episode]]:
    """Each place's control episodes in episode order, read from the chronology once."""
    control = chronology[chronology["event"].isin(STARTS_IS_CONTROL + ENDS_IS_CONTROL)]
    events: dict[str, dict[int, list[Event]]] = {}
    for event in control[list(_EVENT_FIELDS)].to_dict("records"):
        event["window"] = (_day(event["date_earliest"]), _day(event["date_latest"]))
        events.setdefault(event["place_id"], {}).setdefault(event["episode"], []).append(event)
    return {
        place_id: [
            (
                int(episode),
                next((e for e in rows if e["event"] in STARTS_IS_CONTROL), None),
                next((e for e in rows if e["event"] in ENDS_IS_CONTROL), None),
            )
            for episode, rows in sorted(by_episode.items())
        ]
        for place_id, by_episode in events.items()
    }


def _episode_state(start: Event | None, end: Event | None, previous_end: Event | None, when: date) -> str:
    """The state of one episode at the end of ``when`` (rules 1-5 of the module docstring)."""
    end_w, start_w = _window(end), _window(start)
    if end_w is not None and end_w[1] <= when:
        return _OVER
    end_maybe = end_w is not None and end_w[0] <= when
    if start_w is None and previous_end is None:
        return _UNKNOWN if end_maybe else _UNDATED
    if start_w is None:  # a later episode: it started after the previous episode's end
        prev_earliest = _window(previous_end)[0]
        return _TO_COME if prev_earliest > when else _UNKNOWN
    if start_w[0] > when:
        return _TO_COME
    if start_w[1] > when or end_maybe:
        return _UNKNOWN
    return _HELD


_NO_CONTROL = (None, "", "no seizure or recapture of this town in the corpus")  # (episode, ids, reason)


def _town_state(
    episodes: list[Episode], when: date
) -> tuple[str, tuple[int, str, Event | None, Event | None] | None]:
    """(town state, the deciding episode as (number, episode state, start, end)) at the end of ``when``."""
    if not episodes:
        return UNKNOWN, None
    states = []
    previous_end = None
    for episode, start, end in episodes:
        states.append((episode, _episode_state(start, end, previous_end, when), start, end))
        previous_end = end if end is not None else previous_end
    for wanted, town_state in ((_HELD, HELD), (_UNKNOWN, UNKNOWN), (_UNDATED, HELD_UNDATED)):
        for deciding in states:
            if deciding[1] == wanted:
                return town_state, deciding
    # every episode over or to come: report the last one over, else the first to come
    over = [e for e in states if e[1] == _OVER]
    return NOT_HELD, over[-1] if over else states[0]


def _ids(start: Event | None, end: Event | None) -> str:
    return "|".join(str(r["event_id"]) for r in (start, end) if r is not None)


def _reason(state: str, episode: int, start: Event | None, end: Event | None, when: date) -> str:
    parts = [f"episode {episode}:"]
    parts.append(_describe(str(start["event"]), start) if start is not None else "seizure not dated")
    parts.append(_describe(RETAKEN, end) if end is not None else "no recapture in the corpus")
    verdict = {
        _OVER: f"retaken by {when}",
        _TO_COME: f"seizure after {when}",
        _UNKNOWN: f"a window straddles {when}",
        _UNDATED: f"held before its recapture, since an undated day; recapture after {when}",
        _HELD: f"seized by {when}, not yet retaken",
    }[state]
    return " ".join(parts[:1]) + " " + "; ".join(parts[1:]) + f" -> {verdict}"


def towns(places: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer's towns (``place_id, name, country, kind, lat, lon``), in gazetteer order."""
    return town_rows(places)[["place_id", "name", "country", "kind", "lat", "lon"]]


def control_at(chronology: pd.DataFrame, places: pd.DataFrame, when: date) -> pd.DataFrame:
    """The state of IS control of every town at the end of day ``when`` (rules: module docstring).

    One row per town, in gazetteer order: ``date`` (= ``when``), ``place_id``, ``place``,
    ``country``, ``state`` (one of :data:`STATES`), ``episode`` (the episode that decided the
    state, nullable), ``event_ids`` (its start and end events, ``|``-separated) and ``reason``
    (the windows compared with ``when``, in words).
    """
    return snapshots(chronology, places, (when,))


def snapshots(
    chronology: pd.DataFrame, places: pd.DataFrame, dates: Iterable[date] = SNAPSHOT_DATES
) -> pd.DataFrame:
    """:func:`control_at` for each of ``dates`` (in the order given), stacked."""
    episodes = _episodes_by_town(chronology)
    town_list = list(towns(places).itertuples(index=False))
    rows = []
    for when in map(_day, dates):
        for town in town_list:
            state, deciding = _town_state(episodes.get(town.place_id, []), when)
            if deciding is None:
                episode, ids, reason = _NO_CONTROL
            else:
                episode, episode_state, start, end = deciding
                ids, reason = _ids(start, end), _reason(episode_state, episode, start, end, when)
            rows.append([when, town.place_id, town.name, town.country, state, episode, ids, reason])
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["episode"] = table["episode"].astype("Int64")
    return table


def counts(table: pd.DataFrame) -> pd.DataFrame:
    """Towns per state and date of a :func:`snapshots` table: one row per date, one column per state."""
    wide = table.groupby(["date", "state"], sort=False).size().unstack("state", fill_value=0)
    return wide.reindex(columns=list(STATES), fill_value=0)


HELD_COUNT_COLUMNS = ["date", *STATES, "certainly_held", "possibly_held"]


def held_counts(chronology: pd.DataFrame, places: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """How many towns IS held at the end of each day from ``start`` to ``end``, as a step function.

    One row per day on which a count changes (``start``, then those event windows' earliest
    or latest days inside ``(start, end]`` that change a count); each row holds from its
    ``date`` to the day before the next row's (the last to ``end``). Columns: ``date`` (datetime64), the towns in each of
    :data:`STATES`, ``certainly_held`` (= ``held``) and ``possibly_held`` (``held`` +
    ``held (seizure undated)`` + ``unknown``: every town the corpus does not rule out).
    Exact: a state at the end of ``when`` compares ``when`` only with window ends, so it can
    change only on an earliest or a latest day (rules: module docstring).
    """
    start, end = _day(start), _day(end)
    edges = pd.to_datetime(pd.concat([chronology["date_earliest"], chronology["date_latest"]]))
    days = sorted({start, *(d.date() for d in edges if start < d.date() <= end)})
    episodes = _episodes_by_town(chronology)
    town_episodes = [episodes.get(place_id, []) for place_id in towns(places)["place_id"]]
    tally = [Counter(_town_state(e, day)[0] for e in town_episodes) for day in days]
    wide = pd.DataFrame([[t[state] for state in STATES] for t in tally], columns=list(STATES), dtype="int64")
    wide.insert(0, "date", pd.to_datetime(days))
    wide["certainly_held"] = wide[HELD]
    wide["possibly_held"] = wide[HELD] + wide[HELD_UNDATED] + wide[UNKNOWN]
    changed = wide[list(STATES)].ne(wide[list(STATES)].shift()).any(axis=1)
    return wide.loc[changed, HELD_COUNT_COLUMNS].rename_axis(columns=None).reset_index(drop=True)
