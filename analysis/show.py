"""``python -m analysis show PLACE``: one place's events, windows, milestones, agreement and control,
with every claim behind them (source, outlet, tier, date expression as written, quote or URL + locator).

A place is found by any spelling the gazetteer holds (``place_id``, ``name``, ``aliases``),
ignoring case, diacritics, apostrophes and the difference between spaces and hyphens ("al qaim",
"Al-Qa'im" and "AL-QAIM" are Al-Qaim). Anything else is a :class:`PlaceNotFound` naming the
closest spellings: nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

import pandas as pd

from analysis.control import timeline
from analysis.dates import format_window
from analysis.vocabulary import COUNTRY_NAMES, EVENT_WORDS, dates_the_event

if TYPE_CHECKING:
    from analysis.dataset import Dataset


class PlaceNotFound(ValueError):
    """The spelling names no place of the gazetteer (the message lists the closest ones)."""


def _key(text: str) -> str:
    """A spelling folded for matching: no case, diacritics, apostrophes; spaces and hyphens alike."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`ʿʾ]", "", plain.casefold())
    return re.sub(r"[\s\-_]+", " ", plain).strip()


def spellings(places: pd.DataFrame) -> dict[str, set[str]]:
    """Folded spelling -> the place ids it names (a spelling two places share names both)."""
    found: dict[str, set[str]] = {}
    for _, p in places.iterrows():
        for spelling in [p["place_id"], p["name"], *str(p.get("aliases", "")).split("|")]:
            if spelling:
                found.setdefault(_key(spelling), set()).add(p["place_id"])
    return found


def find_place(places: pd.DataFrame, query: str) -> str:
    """The place id ``query`` spells; :class:`PlaceNotFound` listing close spellings otherwise. A spelling
    of several places (``analysis.vocabulary.SHARED_SPELLINGS``) means the one whose name it is, if one is."""
    index = spellings(places)
    ids = index.get(_key(query), set())
    if len(ids) == 1:
        return next(iter(ids))
    names = dict(zip(places["place_id"], places["name"], strict=True))
    named = sorted(i for i in ids if _key(names[i]) == _key(query))
    if len(ids) > 1 and len(named) == 1:  # a shared spelling (Tabqa) that is one place's own name
        return named[0]
    if len(ids) > 1:
        listed = ", ".join(f"{names[i]} ({i})" for i in sorted(ids))
        raise PlaceNotFound(f"{query!r} names several places: {listed}; give the place id")
    close = difflib.get_close_matches(_key(query), list(index), n=5, cutoff=0.6)
    suggestions = sorted({names[i] for k in close for i in index[k]})
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise PlaceNotFound(f"no place spelled {query!r} in the gazetteer (data/places.csv){hint}")


def _window(row: pd.Series) -> str:
    return f"{format_window(row['date_earliest'].date(), row['date_latest'].date())} ({row['precision']})"


def _agreement(row: pd.Series) -> str:
    n, sources = int(row["n_independent"]), int(row["n_sources"])
    return f"{row['agreement']}: {sources} source{'s' if sources != 1 else ''}, {n} independent dating it"


def _claim_lines(claim: pd.Series, source: pd.Series) -> list[str]:
    outlet = source["outlet"] + (
        "" if source["outlet_status"] == "stated" else f" ({source['outlet_status']})"
    )
    dates = (
        "dates it"
        if bool(dates_the_event(pd.Series([claim["precision"]])).iloc[0])
        else "mentions it, undated"
    )
    date_text = claim.get("date_text", "") or "(no date expression)"
    lines = [
        f"      - {claim['claim_id']}: {claim['source_id']} | {outlet} | {claim['tier']} | "
        f'"{date_text}" -> {_window(claim)} | {dates}'
    ]
    if claim.get("quote", ""):
        lines.append(f'        quote: "{claim["quote"]}"')
    else:
        locator = claim.get("locator", "") or "(no locator)"
        lines.append(f"        {source.get('url', '')} | {locator}")
    return lines


def report(data: Dataset, place_id: str) -> str:
    """The text ``show`` prints for one place (rules: module docstring)."""
    place = data.places.set_index("place_id").loc[place_id]
    aliases = ", ".join(a for a in str(place.get("aliases", "")).split("|") if a)
    lines = [
        f"{place['name']} ({place_id}), {COUNTRY_NAMES.get(place['country'], place['country'])}, {place['kind']}",
        f"  spellings: {aliases or place['name']}",
        "  (independent: distinct newsrooms whose claims date the event; Wikipedia and undated or "
        "true-at-publication statements never count)",
    ]
    events = data.chronology[data.chronology["place_id"] == place_id]
    milestones = data.milestones[data.milestones["place_id"] == place_id]
    claims = data.claims[data.claims["place_id"] == place_id]
    sources = data.sources.set_index("source_id")
    if events.empty:
        lines.append("  no event of this place in the corpus")
    for _, event in events.iterrows():
        what = EVENT_WORDS.get(event["event"], event["event"])
        lines.append(f"  {event['event_id']}: {what}, episode {event['episode']}")
        lines.append(
            f"    window {_window(event)}, dated by its {event['milestone']} milestone; {_agreement(event)}"
        )
        rows = milestones[milestones["event_id"] == event["event_id"]]
        for _, m in rows.iterrows():
            lines.append(f"    milestone {m['milestone']}: {_window(m)}; {_agreement(m)}")
            keys = (claims["event"] == m["event"]) & (claims["episode"] == m["episode"])
            keys &= claims["milestone"] == m["milestone"]
            for _, claim in claims[keys].sort_values(["date_earliest", "claim_id"]).iterrows():
                lines += _claim_lines(claim, sources.loc[claim["source_id"]])
    stretches = timeline(data.chronology, data.places, data.milestones)
    stretches = stretches[stretches["place_id"] == place_id]
    if not stretches.empty:
        lines.append("  IS control (analysis.control; the state at the end of each day):")
        for _, s in stretches.iterrows():
            start = "until" if s["from"] == pd.Timestamp("1900-01-01") else f"{s['from']:%Y-%m-%d}"
            span = f"{start} .. {s['to']:%Y-%m-%d}" if pd.notna(s["to"]) else f"from {s['from']:%Y-%m-%d} on"
            if start == "until":
                span = f"until {s['to']:%Y-%m-%d}" if pd.notna(s["to"]) else "always"
            lines.append(f"    {span}: {s['state']} ({s['basis'].split(' -> ')[-1]})")
    return "\n".join(lines)
