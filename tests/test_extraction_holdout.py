"""The held-out extraction articles are well-formed: every gold row's evidence is verbatim in
its article, every place is in the held-out gazetteer, every event in the vocabulary, every
window ordered and no later than publication."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.paths import ROOT
from analysis.sources import parse_published
from analysis.vocabulary import EVENTS

HOLDOUT = ROOT / "tests" / "extraction_holdout"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(HOLDOUT / name, dtype=str, keep_default_na=False)


def test_gold_rows_are_backed_by_their_articles() -> None:
    gold, places, meta = _read("gold.csv"), _read("places.csv"), _read("articles.csv").set_index("article")
    assert set(gold["article"]) == set(meta.index) == {p.name for p in (HOLDOUT / "articles").glob("*.txt")}
    for _, row in gold.iterrows():
        text = (HOLDOUT / "articles" / row["article"]).read_text(encoding="utf-8")
        assert row["evidence"] in text, row["evidence"]
        assert row["place"] in set(places["name"])
        assert row["event"] in EVENTS
        first, last = date.fromisoformat(row["date_earliest"]), date.fromisoformat(row["date_latest"])
        assert first <= last <= parse_published(meta.loc[row["article"], "published"]).latest
