"""The extraction scorer's reading of gold places that are parts of a town (benchmarks/score_extraction.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "score_extraction", Path(__file__).parents[1] / "benchmarks" / "score_extraction.py"
)
score_extraction = importlib.util.module_from_spec(_SPEC)
sys.modules["score_extraction"] = score_extraction  # its dataclasses look their module up
_SPEC.loader.exec_module(score_extraction)

PROJECT = {"raqqa": "raqqa", "mosul": "mosul", "garma": "garma", "tal afar": "tal-afar"}


@pytest.mark.parametrize(
    ("gold_place", "town"),
    [
        ("Mosul (east)", "mosul"),
        ("Raqqa (Old City)", "raqqa"),
        ("Raqqa (municipal stadium)", "raqqa"),
        ("Raqqa (National Hospital)", "raqqa"),
        ("Tal Afar (citadel)", "tal-afar"),
        ("Garma (al-Karmah)", ""),  # a second spelling, not a part of the town
        ("Raqqa", ""),
    ],
)
def test_a_side_or_landmark_of_a_town_is_a_part_of_it(gold_place: str, town: str) -> None:
    keys = {score_extraction.spelling_key(k): v for k, v in PROJECT.items()}
    assert score_extraction._part_of(gold_place, keys) == town
