"""Claims: one row of ``data/claims.csv`` is one dated statement in one source.

A claim of a **quoted** source carries a verbatim ``quote`` of its text (parts joined by
`` […] `` when the place is named in an earlier paragraph), the verbatim ``date_text`` inside
that quote, and the place named in the quote by one of its spellings. A claim of a **cited**
source has no quote: its evidence is ``date_text``, ``place_as_written`` (one of the place's
spellings) and ``actor`` as written, and a ``locator`` in the cited page.

Its date window is computed here by :func:`analysis.dates.resolve` from ``date_text`` and the
source's publication window, or the window of the claim named in ``date_anchor``; windows are
never typed by hand. An empty ``date_text`` is an undated statement: its window runs from
:data:`analysis.dates.STUDY_START` to the latest publication day ("before-publication").

A retrospective source (Wikipedia: its ``published`` is a copy date years after the events)
dates only what it dates by itself: an expression naming its year is resolved as usual; a day
or month without a year is read in the year given in ``date_context`` (the page's context: its
section heading or title, said in the note); "the next day" counts from ``date_anchor`` or from
the day in ``date_context``; anything counted from publication ("today", a weekday) is an error.

``milestone`` says which moment of a capture the claim dates (:data:`MILESTONES`); claims are
only compared with claims of the same milestone.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.containment import id_column_problems
from analysis.dates import (
    STUDY_START,
    DateExpressionError,
    DateWindow,
    expression_form,
    resolve,
    resolve_in_year,
)
from analysis.places import lowered_spellings, names_any, spellings
from analysis.schema import columns
from analysis.sources import find_quote, is_retrospective
from analysis.validation import (
    LINE,
    Problem,
    display_path,
    duplicate_ids,
    not_in_vocabulary,
    read_table,
    records,
    require_nonempty,
    tier_problems,
)
from analysis.vocabulary import (
    ACTOR_FAMILIES,
    DISPUTED,
    ENDS_IS_CONTROL,
    EVENTS,
    MILESTONES,
    STARTS_IS_CONTROL,
    UNDATED,
)

COLUMNS = columns("claims")
MAX_EPISODE = 20  # IS control of one place starts at most this many times in the study period


def check_claims(
    path: Path, sources: pd.DataFrame | None, texts: dict[str, str], places: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read ``claims.csv`` at ``path`` and check it against already validated sources, texts and places."""
    claims, problems = read_table(path, COLUMNS)
    if claims is None:
        return None, problems
    shown = display_path(path)
    claims = _with_tier(claims, sources)
    problems += _row_problems(claims, shown)
    if sources is not None:
        problems += _source_problems(claims, shown, sources, texts)
    if places is not None:
        problems += _place_problems(claims, shown, places)
    windows, window_problems = claim_windows(claims, sources, shown)
    problems += window_problems
    claims = claims.join(windows)
    problems += order_problems(claims, shown)
    problems += disputed_only_problems(claims, shown)
    return claims, problems


def _with_tier(claims: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """Claims with their source's ``tier``, ``source_group`` and ``origin`` (the newsroom whose
    reporting it carries; the source itself when ``origin`` is empty). Empty for an unknown source."""
    if sources is None:
        return claims.assign(tier="", source_group="", origin=claims["source_id"])
    by_id = sources.drop_duplicates("source_id").set_index("source_id")
    origin = by_id["origin"].where(by_id["origin"] != "", by_id.index.to_series())
    return claims.assign(
        tier=claims["source_id"].map(by_id["tier"]).fillna(""),
        source_group=claims["source_id"].map(by_id["source_group"]).fillna(""),
        origin=claims["source_id"].map(origin).fillna(claims["source_id"]),
    )


# The evidence a claim of each tier must carry, and what it must leave empty.
# A cited claim with an empty ``date_text`` is dated only by its page (the compiler's fragment was the
# page's own date, or the day of a report): an undated statement, bounded by publication.
TIER_REQUIRED = {"quoted": ("quote",), "cited": ("place_as_written", "locator")}
#: A cited ``place_as_written`` that begins with one of these words is a referent naming no place
#: ("the town", "their country", "towns near Mosul dam"): the page names the place elsewhere, and
#: the phrase is kept as written without entering the gazetteer. Any other ``place_as_written``
#: must contain one of the place's spellings as whole words ("the town of Akashat", "Raqqa's old city").
REFERENT_WORDS: tuple[str, ...] = ("the", "his", "their", "its", "towns", "parts")
TIER_EMPTY = {"quoted": (), "cited": ("quote", "supported_by")}


def _row_problems(claims: pd.DataFrame, shown: str) -> list[Problem]:
    problems = require_nonempty(
        claims, shown, ("claim_id", "source_id", "place_id", "event", "milestone", "episode", "actor_family")
    )
    problems += duplicate_ids(claims, shown, "claim_id")
    problems += id_column_problems(claims, shown, "claim_id")
    problems += not_in_vocabulary(claims, shown, "event", EVENTS)
    problems += not_in_vocabulary(claims, shown, "milestone", MILESTONES)
    problems += not_in_vocabulary(claims, shown, "actor_family", ACTOR_FAMILIES)
    problems += tier_problems(
        claims, shown, TIER_REQUIRED, TIER_EMPTY, "a claim of a {tier} source has no {column}: leave it empty"
    )
    bad_episode = ~claims["episode"].str.fullmatch(r"[1-9][0-9]?")
    problems += [
        Problem(
            shown, int(r[LINE]), "episode", f"{r['episode']!r} is not a whole number from 1 to {MAX_EPISODE}"
        )
        for r in records(claims[bad_episode & (claims["episode"] != "")])
    ]
    problems += [
        Problem(
            shown, int(r[LINE]), "episode", f"{r['episode']!r} is not a whole number from 1 to {MAX_EPISODE}"
        )
        for r in records(claims[~bad_episode & (claims["episode"].str.len() > 1)])
        if int(r["episode"]) > MAX_EPISODE
    ]
    lines, quotes = claims[LINE].tolist(), [q.lower() for q in claims["quote"].tolist()]
    for col in ("date_text", "actor", "supported_by", "place_as_written"):
        problems += [
            Problem(shown, int(line), col, f"{value!r} does not appear in the quote")
            for value, quote, line in zip(claims[col].tolist(), quotes, lines, strict=True)
            if value and quote and value.lower() not in quote  # a cited claim has no quote
        ]
    return problems


def _source_problems(
    claims: pd.DataFrame, shown: str, sources: pd.DataFrame, texts: dict[str, str]
) -> list[Problem]:
    problems: list[Problem] = []
    known = set(sources["source_id"].tolist())
    columns = (claims[c].tolist() for c in ("source_id", "quote", LINE))
    for source_id, quote, line in zip(*columns, strict=True):
        if source_id and source_id not in known:
            problems.append(
                Problem(shown, int(line), "source_id", f"unknown source {source_id!r} (not in sources.csv)")
            )
        elif source_id in texts and quote and find_quote(texts[source_id], quote) is None:
            hint = " (it differs only in case)" if find_quote(texts[source_id].lower(), quote.lower()) else ""
            problems.append(
                Problem(shown, int(line), "quote", f"not found verbatim in source {source_id!r}{hint}")
            )
    return problems


def _place_problems(claims: pd.DataFrame, shown: str, places: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    spellings_of = {p["place_id"]: spellings(p) for p in records(places.drop_duplicates("place_id"))}
    lowered = {place_id: lowered_spellings(names) for place_id, names in spellings_of.items()}
    columns = (claims[c].tolist() for c in ("place_id", "quote", "place_as_written", LINE))
    for place_id, quote, as_written, line in zip(*columns, strict=True):
        if place_id and place_id not in spellings_of:
            problems.append(
                Problem(shown, int(line), "place_id", f"unknown place {place_id!r} (not in places.csv)")
            )
        elif as_written and not _names_spelling(as_written, spellings_of[place_id]):
            problems.append(
                Problem(
                    shown,
                    int(line),
                    "place_as_written",
                    f"{as_written!r} is not a spelling of place {place_id!r} "
                    "(add it to the place's aliases in places.csv)",
                )
            )
        elif place_id and quote and not names_any(quote, lowered[place_id]):
            names = ", ".join(spellings_of[place_id])
            problems.append(
                Problem(
                    shown, int(line), "quote", f"does not name place {place_id!r} by any spelling ({names})"
                )
            )
    return problems


def _names_spelling(as_written: str, names: list[str]) -> bool:
    """True when ``as_written`` contains one of ``names`` as whole words (any case), or is a referent
    beginning with one of :data:`REFERENT_WORDS`."""
    text = as_written.casefold()
    if text.split(" ", 1)[0] in REFERENT_WORDS:
        return True
    return any(re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text) for name in names)


def claim_windows(
    claims: pd.DataFrame, sources: pd.DataFrame | None, shown: str = "claims.csv"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Resolve every claim's date window; anchors first. Unresolvable claims get empty windows."""
    references = _reference_windows(sources)
    retrospective = (
        set(sources.loc[is_retrospective(sources), "source_id"])
        if sources is not None and "source_group" in sources
        else set()
    )
    if "date_context" not in claims:
        claims = claims.assign(date_context="")
    source_of = dict(zip(claims["claim_id"].tolist(), claims["source_id"].tolist(), strict=True))
    resolved: dict[str, DateWindow] = {}
    problems: list[Problem] = []
    pending = claims
    while len(pending):
        ready = pending["date_anchor"].eq("") | pending["date_anchor"].isin(resolved.keys())
        if not ready.any():
            break
        batch = pending.loc[
            ready, ["claim_id", "source_id", "date_text", "date_anchor", LINE, "date_context"]
        ]
        found: list[Problem] = []
        for row in zip(*(batch[c].tolist() for c in batch.columns), strict=True):
            window, problem = _resolve_claim(
                _ClaimDate(*row), references, resolved, source_of, shown, retrospective
            )
            if window is not None:
                resolved[row[0]] = window
            if problem is not None:
                found.append(problem)
        problems += sorted(found, key=lambda p: p.line)  # in file order, as the rows
        pending = pending[~ready]
    problems += _anchor_problems(pending, claims, shown)
    rows = [resolved.get(cid) for cid in claims["claim_id"].tolist()]
    windows = pd.DataFrame(
        {
            "date_earliest": [w.earliest if w else None for w in rows],
            "date_latest": [w.latest if w else None for w in rows],
            "precision": [w.precision if w else "" for w in rows],
        },
        index=claims.index,
    )
    return windows, problems


def _reference_windows(sources: pd.DataFrame | None) -> dict[str, DateWindow]:
    """Publication window by source id, for the sources whose date is valid (first row of an id)."""
    if sources is None:
        return {}
    valid = sources.dropna(subset=["published_earliest"]).drop_duplicates("source_id")
    return {
        r["source_id"]: DateWindow(r["published_earliest"], r["published_latest"], r["published_precision"])
        for r in records(valid)
    }


class _ClaimDate(NamedTuple):
    claim_id: str
    source_id: str
    date_text: str
    date_anchor: str
    line: int
    date_context: str = ""


def _resolve_claim(
    row: _ClaimDate, references, resolved, source_of, shown, retrospective=frozenset()
) -> tuple[DateWindow | None, Problem | None]:
    if row.source_id not in references:
        return None, None  # reported as an unknown source or a bad publication date
    reference = references[row.source_id]
    anchor = resolved.get(row.date_anchor) if row.date_anchor else None
    if anchor is not None:
        anchor_source = source_of[row.date_anchor]
        if anchor_source != row.source_id:
            return None, Problem(
                shown,
                int(row.line),
                "date_anchor",
                f"anchor {row.date_anchor!r} is in another source ({anchor_source}); "
                "an anchor refers back to an earlier sentence of the same source",
            )
    if row.source_id in retrospective or row.date_context:
        return _resolve_retrospective(row, reference, anchor, shown, row.source_id in retrospective)
    if not row.date_text:
        return DateWindow(min(STUDY_START, reference.latest), reference.latest, UNDATED), None
    try:
        return resolve(row.date_text, reference, anchor), None
    except DateExpressionError as exc:
        return None, Problem(shown, int(row.line), "date_text", f"claim {row.claim_id!r}: {exc}")


def _resolve_retrospective(
    row: _ClaimDate, reference: DateWindow, anchor: DateWindow | None, shown: str, retrospective: bool
) -> tuple[DateWindow | None, Problem | None]:
    """A claim of a retrospective source: its copy date dates only expressions that name their year.

    ``date_context`` ``YYYY``: a day or month named without a year is read in that year;
    ``YYYY-MM-DD``: the day an anchored expression ("the next day") counts from.
    """
    line, context, text = int(row.line), row.date_context, row.date_text

    def problem(column: str, message: str) -> tuple[None, Problem]:
        return None, Problem(shown, line, column, f"claim {row.claim_id!r}: {message}")

    if not retrospective:
        return problem("date_context", "only a retrospective source (Wikipedia) takes a date_context")
    if not text:
        return problem("date_text", "an undated statement of a retrospective source has no usable date")
    try:
        form = expression_form(text)
        if form == "absolute":
            if context:
                return problem("date_context", f'"{text}" names its year; leave date_context empty')
            return resolve(text, reference, anchor), None
        if form == "relative":
            return problem(
                "date_text",
                f'"{text}" counts from publication, and a retrospective source\'s published date is a '
                "later copy date: it cannot date this claim",
            )
        if form == "calendar":
            if not re.fullmatch(r"[0-9]{4}", context):
                return problem(
                    "date_context", f'"{text}" names no year: give the context year (YYYY, ASCII digits)'
                )
            return resolve_in_year(text, int(context), anchor), None
        if anchor is None:  # anchored: the day in date_context stands for the earlier sentence
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", context):
                return problem(
                    "date_context", f'"{text}" refers back: give date_anchor or the day it counts from'
                )
            anchor = DateWindow.day(date.fromisoformat(context))
        return resolve(text, reference, anchor), None
    except (DateExpressionError, ValueError) as exc:
        return problem("date_text", str(exc))


def _anchor_problems(pending: pd.DataFrame, claims: pd.DataFrame, shown: str) -> list[Problem]:
    """Unknown anchors and cycles of anchors among the claims left unresolved.

    A claim whose chain of anchors ends at a claim that failed for its own reason (a bad date,
    an unknown or undated source, a missing sources.csv) gets no line: that reason is reported.
    """
    known = set(claims["claim_id"].tolist())
    anchor_of = dict(zip(pending["claim_id"].tolist(), pending["date_anchor"].tolist(), strict=True))
    problems = []
    for r in records(pending[["claim_id", "date_anchor", LINE]]):
        if r["date_anchor"] not in known:
            problems.append(
                Problem(shown, int(r[LINE]), "date_anchor", f"unknown claim {r['date_anchor']!r}")
            )
            continue
        seen, current = {r["claim_id"]}, r["date_anchor"]
        while current in anchor_of and current not in seen:
            seen.add(current)
            current = anchor_of[current]
        if current in seen:
            problems.append(
                Problem(
                    shown,
                    int(r[LINE]),
                    "date_anchor",
                    f"anchor {r['date_anchor']!r} cannot be resolved: a cycle of anchors",
                )
            )
    return problems


def disputed_only_problems(claims: pd.DataFrame, shown: str = "claims.csv") -> list[Problem]:
    """An event (place, event, episode) whose every claim is ``disputed``: a disputed claim never dates
    an event, so such a claim belongs in ``excluded_facts.csv`` (cited) with its reason."""
    key = ["place_id", "event", "episode"]
    disputed = claims["milestone"] == DISPUTED
    only = disputed.groupby([claims[k] for k in key]).transform("all")
    return [
        Problem(
            shown,
            int(r[LINE]),
            "milestone",
            f"claim {r['claim_id']!r}: every claim of {r['place_id']}:{r['event']}:{r['episode']} is disputed; "
            "a disputed claim never dates an event (leave the fact out with its reason)",
        )
        for r in records(claims.loc[only & disputed, ["claim_id", "place_id", "event", "episode", LINE]])
    ]


def order_problems(claims: pd.DataFrame, shown: str = "claims.csv") -> list[Problem]:
    """IS control must start before it ends within an episode, and episodes must follow each other.

    A problem when a loss of control (``retaken``) certainly precedes the start of the
    same episode (``seized``/``reinfiltrated``), or an episode certainly starts before the
    previous one ended. Windows that overlap are not contradictions.
    """
    columns = ["place_id", "event", "episode", "date_earliest", "date_latest", LINE]
    dated = claims.loc[
        claims["date_earliest"].notna() & claims["episode"].str.fullmatch(r"[1-9][0-9]?"), columns
    ]
    dated = dated.assign(episode_no=dated["episode"].astype(int))
    starts = dated[dated["event"].isin(STARTS_IS_CONTROL)]
    ends = dated[dated["event"].isin(ENDS_IS_CONTROL)]
    problems = []
    same = ends.merge(starts, on=["place_id", "episode_no"], suffixes=("", "_start"))
    for r in records(same[same["date_latest"] < same["date_earliest_start"]]):
        problems.append(
            Problem(
                shown,
                int(r[LINE]),
                "date_text",
                f"{r['place_id']} {r['event']} (episode {r['episode_no']}, by {r['date_latest']}) "
                f"before it was {r['event_start']} (from {r['date_earliest_start']}, line {r[LINE + '_start']})",
            )
        )
    later = starts.assign(episode_no=starts["episode_no"] - 1).merge(
        ends, on=["place_id", "episode_no"], suffixes=("", "_prev_end")
    )
    for r in records(later[later["date_latest"] < later["date_earliest_prev_end"]]):
        problems.append(
            Problem(
                shown,
                int(r[LINE]),
                "date_text",
                f"{r['place_id']} episode {r['episode_no'] + 1} {r['event']} (by {r['date_latest']}) "
                f"before episode {r['episode_no']} ended (from {r['date_earliest_prev_end']}, "
                f"line {r[LINE + '_prev_end']})",
            )
        )
    return problems
