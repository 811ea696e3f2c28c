"""Score ``python -m analysis propose`` against gold sets, with dates required: recall, precision.

Sets (each folder in the format of ``tests/extraction_eval/``: ``articles/``, ``articles.csv``
with a ``style`` column, ``gold.csv``, ``places.csv``):

- ``seed`` (in-sample): the three articles of ``data/raw/articles/``, gold = their curated
  claims in ``data/claims.csv``;
- ``eval`` (in-sample): ``tests/extraction_eval/``, written alongside the rules;
- ``holdout``: ``tests/extraction_holdout/``, written after the rules of 2026-11-30 were frozen;
- ``dev``: ``tests/extraction_dev/``, written by a writer who never saw the rules; the rules
  may be tuned on it, so it is in-sample once they are;
- ``dev2`` to ``dev20``: ``tests/extraction_dev2/`` to ``dev20/``, the first nineteen blind
  sets, each by a new writer and scored once after the rules were frozen at the commit its label
  in :data:`SETS` names, then spent: in-sample once a rule was written after it (all but
  ``dev18`` to ``dev20``, scored with the blind set);
- ``blind``: ``tests/extraction_blind/``, the latest writer's set, scored once with the final
  rules, never used to change them.

A missing set folder is skipped. Proposals are the defaults (confidence >= MIN_CONFIDENCE),
per article, with the article's publication window, against a gazetteer: the project's
(``data/places.csv``, what a user gets) for the seed, dev, dev2-dev20 and blind sets; the set's own
``places.csv`` for eval and holdout, as in earlier rounds (that list holds every spelling of
its articles by construction). A proposal and a gold row are about the same thing when their
event is equal and the proposal's place is the gold place: the same place id, or a spelling
(the proposal's place or spelling, folded as the extractor folds) among the gold place's
name and aliases in the set's ``places.csv`` (so a place proposed outside the gazetteer, or
spelled as a reviewable alias, still counts).

**Dated** (the honest numbers):

- a gold row is *found* when a proposal about the same place and event has a *dated* window
  (a resolved window of at most 366 days) that overlaps the gold window;
- a proposal is *correct* when it is dated and overlaps the window of a gold row about the
  same place and event, or when it is undated (no date expression, a date the grammar
  rejected, or a window longer than a year) and some gold row of the article is about the
  same place and event.

**Lenient** (beside them, for comparison with earlier rounds): dates ignored; a gold row is
found, and a proposal correct, when the other side has a row about the same place and event.

A gold row without a window (the article gives no date, or only a vague one) is found by any
proposal about the same place and event; such rows are counted in the table's title.

``--named`` adds how many gold rows name their place, in a gazetteer spelling, in their own
evidence next to an event phrase: the rows a reader of one sentence at a time could find.

Run: ``.venv/bin/python benchmarks/score_extraction.py [--sets dev holdout] [--misses] [--named]``
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.dataset import load
from analysis.extract import _CUE_RE, Gazetteer, fold, propose
from analysis.extract import _spelling_key as spelling_key
from analysis.paths import DATA, ROOT
from analysis.places import load_places
from analysis.sources import parse_published, publication_window
from analysis.validation import records
from analysis.vocabulary import EVENTS, PARTIAL

TESTS = ROOT / "tests"
# Sets proposed against their own places.csv (written with every spelling of their articles);
# every other set is proposed against the project's gazetteer (data/places.csv), as a user's.
OWN_GAZETTEER = ("eval", "holdout")
# name -> (folder, label); the seed set is read from data/ instead.
SETS: dict[str, tuple[Path | None, str]] = {
    "seed": (None, "seed articles (in-sample: the rules were written on them)"),
    "eval": (TESTS / "extraction_eval", "written evaluation set (in-sample: written alongside the rules)"),
    "holdout": (TESTS / "extraction_holdout", "holdout (written after the 2026-11-30 rules)"),
    "dev": (TESTS / "extraction_dev", "dev set (blind writer; the rules of issue 23 were tuned on it)"),
    "dev2": (
        TESTS / "extraction_dev2",
        "second dev set (the first blind set: scored once at e3fcc3f, then used to tune rules)",
    ),
    "dev3": (
        TESTS / "extraction_dev3",
        "third dev set (the second blind set: scored once at 47a51a1, then used to tune rules)",
    ),
    "dev4": (
        TESTS / "extraction_dev4",
        "fourth dev set (the third blind set: scored once at e65b0f4, then used to tune rules)",
    ),
    "dev5": (
        TESTS / "extraction_dev5",
        "fifth dev set (the fourth blind set: scored once at 1579e15, then used to tune rules)",
    ),
    "dev6": (
        TESTS / "extraction_dev6",
        "sixth dev set (the fifth blind set: scored once at f6a5328, then used to tune rules)",
    ),
    "dev7": (
        TESTS / "extraction_dev7",
        "seventh dev set (the sixth blind set: scored once at fc6e858, then used to tune rules)",
    ),
    "dev8": (
        TESTS / "extraction_dev8",
        "eighth dev set (the seventh blind set: scored once at f565143, then used to tune rules)",
    ),
    "dev9": (
        TESTS / "extraction_dev9",
        "ninth dev set (the eighth blind set: scored once at 4fb0417, then used to tune rules)",
    ),
    "dev10": (
        TESTS / "extraction_dev10",
        "tenth dev set (the ninth blind set: scored once at a0c661e, then used to tune rules)",
    ),
    "dev11": (
        TESTS / "extraction_dev11",
        "eleventh dev set (the tenth blind set: scored once at 00d6585, then used to tune rules)",
    ),
    "dev12": (
        TESTS / "extraction_dev12",
        "twelfth dev set (the eleventh blind set: scored once at 6844860, then used to tune rules)",
    ),
    "dev13": (
        TESTS / "extraction_dev13",
        "thirteenth dev set (the twelfth blind set: scored once at 856f914, then used to tune rules)",
    ),
    "dev14": (
        TESTS / "extraction_dev14",
        "fourteenth dev set (the thirteenth blind set: scored once at 856f914, then used to tune rules)",
    ),
    "dev15": (
        TESTS / "extraction_dev15",
        "fifteenth dev set (the fourteenth blind set: scored once at 856f914, then used to tune rules)",
    ),
    "dev16": (
        TESTS / "extraction_dev16",
        "sixteenth dev set (the fifteenth blind set: scored once at 39a736e, then used to tune rules)",
    ),
    "dev17": (
        TESTS / "extraction_dev17",
        "seventeenth dev set (the sixteenth blind set: scored once at 39a736e, then used to tune rules)",
    ),
    "dev18": (
        TESTS / "extraction_dev18",
        "eighteenth dev set (the seventeenth blind set: scored once at 1c5aeb3, with dev19, dev20 and blind)",
    ),
    "dev19": (
        TESTS / "extraction_dev19",
        "nineteenth dev set (the eighteenth blind set: scored once at 1c5aeb3, with dev18, dev20 and blind)",
    ),
    "dev20": (
        TESTS / "extraction_dev20",
        "twentieth dev set (the nineteenth blind set: scored once at 1c5aeb3, with dev18, dev19 and blind)",
    ),
    "blind": (TESTS / "extraction_blind", "blind test set (scored once, rules frozen before)"),
}
MAX_DATED_DAYS = 366  # a window longer than a year does not date an event


@dataclass(frozen=True)
class Article:
    """One evaluation article: text, publication window, gazetteer, style and gold rows."""

    name: str
    text: str
    published: object
    places: pd.DataFrame
    style: str
    gold: pd.DataFrame  # place_id, keys (spelling keys), event, date_earliest, date_latest (dates or None)


def seed_articles() -> list[Article]:
    """The three seed articles; gold = their curated claims with computed windows."""
    data = load(DATA)
    keys = _keys_by_id(data.places)
    claims = data.claims.assign(
        date_earliest=pd.to_datetime(data.claims["date_earliest"]).dt.date,
        date_latest=pd.to_datetime(data.claims["date_latest"]).dt.date,
        keys=data.claims["place_id"].map(keys),
        part_of=data.claims["place_id"].where(data.claims["milestone"] == PARTIAL, ""),
    )
    return [
        Article(
            source_id,
            text,
            publication_window(data.sources, source_id),
            data.places,
            "seed",
            claims[claims["source_id"] == source_id].rename(columns={"quote": "evidence"}),
        )
        for source_id, text in sorted(data.texts.items())
    ]


def _keys_by_id(places: pd.DataFrame) -> dict[str, frozenset[str]]:
    """place_id -> the folded keys of its name and aliases."""
    return {
        row["place_id"]: frozenset(spelling_key(s) for s in [row["name"], *row["aliases"].split("|")] if s)
        for row in records(places)
    }


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def folder_articles(folder: Path, project_gazetteer: bool) -> list[Article]:
    """The articles of a gold folder; gold places are canonical names of the set's places.csv.

    With ``project_gazetteer`` the articles are proposed against ``data/places.csv`` and each
    gold place takes the project's id of the first of its spellings the project knows ("" if none).
    """
    own = pd.read_csv(folder / "places.csv", dtype=str, keep_default_na=False)
    by_name = dict(zip(own["name"], own["place_id"], strict=True))
    gold = pd.read_csv(folder / "gold.csv", dtype=str, keep_default_na=False)
    unknown = sorted(set(gold["place"]) - set(by_name))
    if unknown:
        sys.exit(f"{folder / 'gold.csv'}: place(s) not in places.csv: {', '.join(unknown)}")
    keys = _keys_by_id(own)
    places, place_ids, project = own, {pid: pid for pid in own["place_id"]}, {}
    if project_gazetteer:
        places = load_places(DATA)
        project = {k: pid for pid, ks in _keys_by_id(places).items() for k in ks}
        place_ids = {
            pid: next((project[k] for k in sorted(ks) if k in project), "") for pid, ks in keys.items()
        }
    own_ids = gold["place"].map(by_name)
    gold = gold.assign(
        part_of=gold["place"].map(lambda name: _part_of(name, project)),
        place_id=own_ids.map(place_ids),
        keys=own_ids.map(keys),
        date_earliest=gold["date_earliest"].map(_date_or_none),
        date_latest=gold["date_latest"].map(_date_or_none),
    )
    meta = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    return [
        Article(
            row["article"],
            (folder / "articles" / row["article"]).read_text(encoding="utf-8"),
            parse_published(row["published"]),
            places,
            row.get("style", "") or "unknown",
            gold[gold["article"] == row["article"]],
        )
        for _, row in meta.iterrows()
    ]


_LANDMARK = r"(?:[\w\-' ]+ )?(?:old city|citadel|stadium|hospital)"  # "National Hospital", "Old City"


def _part_of(name: str, project: dict[str, str]) -> str:
    """The project place a sub-town gold place is part of ("Mosul (east)" -> mosul, "Raqqa
    (municipal stadium)" -> raqqa), else "" (also for "Garma (al-Karmah)": a spelling, no part).

    The project records a part of a town (a side, its old city, a citadel, a stadium, a hospital)
    as a claim about the town with milestone ``partial`` (data/README.md), so such a gold row is
    found by a ``partial`` proposal about the town.
    """
    match = re.fullmatch(
        rf"(?P<town>.+?) \((?:east|west|north|south|centre|center|{_LANDMARK})\)", name, re.I
    )
    return project.get(spelling_key(match["town"]), "") if match else ""


def set_articles(name: str) -> list[Article] | None:
    """The articles of a named set, or None when its folder is absent."""
    folder, _ = SETS[name]
    if folder is None:
        return seed_articles()
    if not (folder / "gold.csv").exists():
        return None
    return folder_articles(folder, name not in OWN_GAZETTEER)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def score_article(article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gold rows with ``found``/``found_lenient``, proposals with ``correct``/``correct_lenient``/``dated``)."""
    proposed = propose(article.text, article.published, article.places, source_id="eval")
    starts = [_day(d) for d in proposed["date_earliest"]]
    ends = [_day(d) for d in proposed["date_latest"]]
    dated = [s is not None and (e - s).days + 1 <= MAX_DATED_DAYS for s, e in zip(starts, ends, strict=True)]
    proposals = list(
        zip(
            proposed["place_id"], proposed["event"], starts, ends, dated,
            [{spelling_key(a), spelling_key(b)} for a, b in zip(proposed["place"], proposed["spelling"], strict=True)],
            proposed["milestone"] == PARTIAL, strict=True,
        )
    )  # fmt: skip
    golds = list(
        zip(
            article.gold["place_id"], article.gold["event"], article.gold["date_earliest"],
            article.gold["date_latest"], article.gold["keys"], article.gold["part_of"], strict=True,
        )
    )  # fmt: skip

    def overlaps(p, g) -> bool:
        if g[2] is None:  # the gold gives no window: any proposal about the event finds it
            return True
        return p[4] and p[2] <= g[3] and g[2] <= p[3]

    def same(p, g) -> bool:
        if p[1] != g[1]:
            return False
        if g[5]:  # a part of a town: a partial proposal about the town, or the part's own spelling
            return (p[6] and p[0] == g[5]) or bool(p[5] & g[4])
        return not p[6] and ((g[0] and p[0] == g[0]) or bool(p[5] & g[4]))

    found = [any(same(p, g) and overlaps(p, g) for p in proposals) for g in golds]
    found_lenient = [any(same(p, g) for p in proposals) for g in golds]
    correct = [any(same(p, g) and (overlaps(p, g) if p[4] else True) for g in golds) for p in proposals]
    correct_lenient = [any(same(p, g) for g in golds) for p in proposals]
    gold = article.gold.assign(
        found=pd.Series(found, index=article.gold.index, dtype=bool),
        found_lenient=pd.Series(found_lenient, index=article.gold.index, dtype=bool),
        article=article.name,
        style=article.style,
    )
    proposed = proposed.assign(
        correct=pd.Series(correct, index=proposed.index, dtype=bool),
        correct_lenient=pd.Series(correct_lenient, index=proposed.index, dtype=bool),
        dated=pd.Series(dated, index=proposed.index, dtype=bool),
        article=article.name,
        style=article.style,
    )
    return gold, proposed


def score_set(articles: list[Article]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gold and proposed rows of several articles, scored."""
    scored = [score_article(a) for a in articles]
    return (
        pd.concat([g for g, _ in scored], ignore_index=True),
        pd.concat([p for _, p in scored], ignore_index=True),
    )


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "–"


def _row(label: str, g: pd.DataFrame, p: pd.DataFrame) -> str:
    return (
        f"| {label} | {len(g)} | {len(p)} | {int(p['dated'].sum())} "
        f"| **{_ratio(int(g['found'].sum()), len(g))}** | **{_ratio(int(p['correct'].sum()), len(p))}** "
        f"| {_ratio(int(g['found_lenient'].sum()), len(g))} | {_ratio(int(p['correct_lenient'].sum()), len(p))} |"
    )


def report(golds: pd.DataFrame, proposals: pd.DataFrame, title: str, n_articles: int) -> str:
    """A Markdown table: all, per style, per event; dated recall and precision, lenient beside."""
    lines = [
        f"**{title}**: {n_articles} articles, {len(golds)} gold rows "
        f"({int(golds['date_earliest'].isna().sum())} without a window), {len(proposals)} proposals",
        "",
        "| rows | gold | proposed | of which dated | recall, dated | precision, dated "
        "| recall, lenient | precision, lenient |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        _row("all", golds, proposals),
    ]
    styles = sorted(set(golds["style"]) | set(proposals["style"]))
    if len(styles) > 1:
        lines += [
            _row(f"style: {s}", golds[golds["style"] == s], proposals[proposals["style"] == s])
            for s in styles
        ]
    for event in EVENTS:
        g, p = golds[golds["event"] == event], proposals[proposals["event"] == event]
        if len(g) or len(p):
            lines.append(_row(f"event: {event}", g, p))
    return "\n".join(lines)


def misses(golds: pd.DataFrame, proposals: pd.DataFrame) -> str:
    """Every gold row not found with a date, and every wrong proposal, one line each."""
    lines = ["Gold rows not found with a date (L: found leniently, undated or with a disjoint window):"]
    for _, g in golds[~golds["found"]].iterrows():
        lenient = "L " if g["found_lenient"] else "  "
        lines.append(
            f"- {lenient}{g['article']}: {g['place_id']} {g['event']} {g['date_earliest']}..{g['date_latest']}"
            f" | {g['evidence'][:110]}"
        )
    lines.append("\nWrong proposals:")
    for _, p in proposals[~proposals["correct"]].iterrows():
        lines.append(
            f"- {p['article']}: {p['place_id'] or p['place']} {p['event']} "
            f"{p['date_earliest']}..{p['date_latest']} ({p['date_text']!r}; {p['reason'][:120]})"
        )
    return "\n".join(lines)


def named_in_evidence(articles: list[Article]) -> str:
    """How many gold rows name their place in their own evidence, in a spelling of the project's
    gazetteer, next to an event phrase of the rule table: the rows a reader of one sentence at a
    time could find; the others need a reference resolved ("the town", "it", a heading)."""
    gazetteer = Gazetteer(load_places(DATA))
    rows = named = cued = 0
    for article in articles:
        for place_id, evidence in zip(article.gold["place_id"], article.gold["evidence"], strict=True):
            folded = fold(evidence)
            rows += 1
            if place_id and place_id in {p.place_id for _, _, p in gazetteer.find(folded)}:
                named += 1
                cued += bool(_CUE_RE.search(folded))
    return (
        f"{named} of {rows} gold rows ({named / rows:.0%}) name their place in their evidence; "
        f"{cued} ({cued / rows:.0%}) also hold an event phrase"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS), help="sets to score")
    parser.add_argument("--misses", action="store_true", help="list every missed gold row and wrong proposal")
    parser.add_argument(
        "--named", action="store_true", help="how many gold rows name their place next to an event phrase"
    )
    args = parser.parse_args(argv)
    for name in args.sets:
        articles = set_articles(name)
        if articles is None:
            print(f"**{name}: {SETS[name][1]}**: not present ({SETS[name][0].relative_to(ROOT)}), skipped\n")
            continue
        golds, proposals = score_set(articles)
        print(report(golds, proposals, f"{name}: {SETS[name][1]}", len(articles)), end="\n\n")
        if args.misses:
            print(misses(golds, proposals), end="\n\n")
        if args.named:
            print(named_in_evidence(articles), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
