"""Shared fixtures: a throw-away copy of the data folder for fault-injection tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.paths import DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (tables and raw articles) that a test may damage freely."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("external", "processed"))
    return target
