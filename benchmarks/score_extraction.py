"""Score ``python -m analysis propose`` against the evaluation set: precision, recall, F1.

Gold: the three seed articles with their curated claims (``data/claims.csv``, windows
computed by the project's resolver) and the wire-style articles of
``tests/extraction_eval/`` (``gold.csv``, windows resolved by hand). Both are scored with
the default proposals (confidence >= analysis.extract.MIN_CONFIDENCE).

Matching, per article and per (place, event): a gold row is *found* when some proposed row
for the same place and event has a window that contains the gold window; a proposed row is
*correct* when its window contains the window of some gold row for the same place and
event. An undated proposal (2014-01-01 .. publication) therefore counts when the pair is
right; how many matches rest on such windows is reported separately. A proposal without a
window (date not understood) is never correct.

Run: ``.venv/bin/python benchmarks/score_extraction.py [--misses]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.dataset import load
from analysis.extract import propose
from analysis.paths import DATA, ROOT
from analysis.sources import parse_published, publication_window
from analysis.vocabulary import EVENTS, UNDATED

EVAL = ROOT / "tests" / "extraction_eval"
# Written after the rules were frozen and never used to change them: the out-of-sample check.
HOLDOUT = ROOT / "tests" / "extraction_holdout"


@dataclass(frozen=True)
class Article:
    """One evaluation article: text, publication window, gazetteer and gold rows."""

    name: str
    text: str
    published: object
    places: pd.DataFrame
    gold: pd.DataFrame  # place_id, event, date_earliest, date_latest (dates), evidence


def seed_articles() -> list[Article]:
    """The three seed articles; gold = their curated claims with computed windows."""
    data = load(DATA)
    claims = data.claims.assign(
        date_earliest=pd.to_datetime(data.claims["date_earliest"]).dt.date,
        date_latest=pd.to_datetime(data.claims["date_latest"]).dt.date,
    )
    return [
        Article(
            source_id,
            text,
            publication_window(data.sources, source_id),
            data.places,
            claims[claims["source_id"] == source_id].rename(columns={"quote": "evidence"}),
        )
        for source_id, text in sorted(data.texts.items())
    ]


def eval_articles(folder: Path = EVAL) -> list[Article]:
    """The written evaluation articles; gold places are canonical names, mapped to place ids."""
    places = pd.read_csv(folder / "places.csv", dtype=str, keep_default_na=False)
    by_name = dict(zip(places["name"], places["place_id"], strict=True))
    gold = pd.read_csv(folder / "gold.csv", dtype=str, keep_default_na=False)
    unknown = sorted(set(gold["place"]) - set(by_name))
    if unknown:
        sys.exit(f"{folder / 'gold.csv'}: place(s) not in places.csv: {', '.join(unknown)}")
    gold = gold.assign(
        place_id=gold["place"].map(by_name),
        date_earliest=gold["date_earliest"].map(date.fromisoformat),
        date_latest=gold["date_latest"].map(date.fromisoformat),
    )
    meta = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    return [
        Article(
            row["article"],
            (folder / "articles" / row["article"]).read_text(encoding="utf-8"),
            parse_published(row["published"]),
            places,
            gold[gold["article"] == row["article"]],
        )
        for _, row in meta.iterrows()
    ]


def _contains(outer_start, outer_end, inner_start, inner_end) -> bool:
    return outer_start <= inner_start and inner_end <= outer_end


def score_article(article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gold rows with ``found``, proposed rows with ``correct`` and ``undated``)."""
    proposed = propose(article.text, article.published, article.places, source_id="eval")
    proposed = proposed.assign(
        start=[date.fromisoformat(d) if d else None for d in proposed["date_earliest"]],
        end=[date.fromisoformat(d) if d else None for d in proposed["date_latest"]],
    )
    gold = article.gold

    def contains(p, g) -> bool:
        return p["start"] is not None and _contains(
            p["start"], p["end"], g["date_earliest"], g["date_latest"]
        )

    found = [
        any(
            contains(p, g)
            for _, p in proposed.iterrows()
            if (p["place_id"], p["event"]) == (g["place_id"], g["event"])
        )
        for _, g in gold.iterrows()
    ]
    correct = [
        any(
            contains(p, g)
            for _, g in gold.iterrows()
            if (p["place_id"], p["event"]) == (g["place_id"], g["event"])
        )
        for _, p in proposed.iterrows()
    ]
    gold = gold.assign(found=pd.Series(found, index=gold.index, dtype=bool), article=article.name)
    proposed = proposed.assign(
        correct=pd.Series(correct, index=proposed.index, dtype=bool),
        undated=proposed["precision"].eq(UNDATED),
        article=article.name,
    )
    return gold, proposed


def score_set(articles: list[Article]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gold and proposed rows of several articles, scored."""
    scored = [score_article(a) for a in articles]
    return (
        pd.concat([g for g, _ in scored], ignore_index=True),
        pd.concat([p for _, p in scored], ignore_index=True),
    )


def prf(n_correct: int, n_proposed: int, n_found: int, n_gold: int) -> tuple[float, float, float]:
    precision = n_correct / n_proposed if n_proposed else 0.0
    recall = n_found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(golds: pd.DataFrame, proposals: pd.DataFrame, title: str) -> str:
    """A Markdown table: overall and per event type."""
    lines = [
        f"**{title}**: {len(golds)} gold rows, {len(proposals)} proposals",
        "",
        "| event | gold | proposed | found | correct | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for event in ("all", *EVENTS):
        g = golds if event == "all" else golds[golds["event"] == event]
        p = proposals if event == "all" else proposals[proposals["event"] == event]
        if not len(g) and not len(p):
            continue
        precision, recall, f1 = prf(int(p["correct"].sum()), len(p), int(g["found"].sum()), len(g))
        lines.append(
            f"| {event} | {len(g)} | {len(p)} | {int(g['found'].sum())} | {int(p['correct'].sum())} "
            f"| {precision:.2f} | {recall:.2f} | {f1:.2f} |"
        )
    undated = proposals[proposals["correct"] & proposals["undated"]]
    lines += [
        "",
        f"Correct proposals resting on an undated window (2014-01-01 .. publication): {len(undated)}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every missed gold row and wrong proposal")
    parser.add_argument("--eval", type=Path, default=EVAL, help="evaluation folder")
    args = parser.parse_args(argv)
    sets = {"seed articles": seed_articles(), "written evaluation articles": eval_articles(args.eval)}
    all_gold, all_proposed = [], []
    for title, articles in sets.items():
        golds, proposals = score_set(articles)
        print(report(golds, proposals, title), end="\n\n")
        all_gold.append(golds)
        all_proposed.append(proposals)
    golds, proposals = pd.concat(all_gold, ignore_index=True), pd.concat(all_proposed, ignore_index=True)
    print(report(golds, proposals, "all (seed + written evaluation)"), end="\n\n")
    held_gold, held_proposed = score_set(eval_articles(HOLDOUT))
    print(report(held_gold, held_proposed, "held-out articles (written after the rules were frozen)"))
    golds = pd.concat([golds, held_gold], ignore_index=True)
    proposals = pd.concat([proposals, held_proposed], ignore_index=True)
    if args.misses:
        print("\nMissed gold rows:")
        for _, g in golds[~golds["found"]].iterrows():
            print(f"- {g['article']}: {g['place_id']} {g['event']} {g['date_earliest']}..{g['date_latest']}")
        print("\nWrong proposals:")
        for _, p in proposals[~proposals["correct"]].iterrows():
            print(
                f"- {p['article']}: {p['place_id'] or p['place']} {p['event']} "
                f"{p['date_earliest']}..{p['date_latest']} ({p['date_text']!r}; {p['reason']})"
            )
    counts = Counter(proposals["event"])
    print(f"\nproposals by event: {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
