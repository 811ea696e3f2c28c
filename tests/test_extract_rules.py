"""The extractor's rule table (analysis/extract_rules.csv): every row valid, bad rows named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.extract import RULE_COLUMNS, fold, load_rules
from analysis.validation import DataError


def test_every_rule_matches_its_example_and_has_one() -> None:
    rules = load_rules()
    assert {r.rule for r in rules} == {"cue", "actor", "hedge"}
    for rule in rules:
        assert rule.example.strip(), rule
        assert re.search(rule.pattern, fold(rule.example)), rule


def _write(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "rules.csv"
    path.write_text(",".join(RULE_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("cue,conquest,conquer\\w*,IS conquered Mosul,", "label", "not a label of rule 'cue'"),
        ("cue,gain,(?:conquer,IS conquered Mosul,", "pattern", "not a regular expression"),
        ("cue,gain,conquer\\w*,IS seized Mosul,", "example", "does not match its example"),
    ],
)
def test_a_bad_row_is_named_by_line_and_column(tmp_path: Path, row: str, column: str, message: str) -> None:
    with pytest.raises(DataError) as error:
        load_rules(_write(tmp_path, row))
    assert f"rules.csv:2: {column}: " in str(error.value)
    assert message in str(error.value)
