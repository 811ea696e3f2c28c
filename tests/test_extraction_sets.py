"""Integrity of the frozen dev and blind extraction sets (no extractor needed).

``tests/extraction_dev/`` to ``tests/extraction_dev20/`` and ``tests/extraction_blind/`` were written and annotated outside the
project and copied in unchanged (their READMEs). These tests check that they stay so usable by
``benchmarks/score_extraction.py``: every article listed exists, every gold row names a listed
article and a place of the set's ``places.csv``, its evidence is verbatim in the article, its
event is in the vocabulary, and its window is empty (no date given) or an ISO closed interval
ending on or before publication.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.vocabulary import EVENTS

# Every dev set (extraction_dev, extraction_dev2, ...) and the blind set, when present.
SETS = sorted(Path(__file__).parent.glob("extraction_dev*")) + sorted(
    Path(__file__).parent.glob("extraction_blind")
)


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_a_frozen_set_is_consistent(folder: Path) -> None:
    articles, gold, places = (
        _read(folder, "articles.csv"),
        _read(folder, "gold.csv"),
        _read(folder, "places.csv"),
    )
    assert len(articles) >= 25
    assert sorted(p.name for p in (folder / "articles").glob("*.txt")) == sorted(articles["article"])
    published = dict(zip(articles["article"], articles["published"].map(dt.date.fromisoformat), strict=True))
    names = set(places["name"])
    for row in gold.to_dict("records"):
        where = f"{folder.name}/gold.csv: {row['article']} {row['place']} {row['event']}"
        assert row["article"] in published, where
        assert row["place"] in names, where
        assert row["event"] in EVENTS, where
        text = (folder / "articles" / row["article"]).read_text(encoding="utf-8")
        assert row["evidence"] in text, where
        if row["date_earliest"] or row["date_latest"]:
            earliest, latest = (
                dt.date.fromisoformat(row["date_earliest"]),
                dt.date.fromisoformat(row["date_latest"]),
            )
            assert earliest <= latest <= published[row["article"]], where
