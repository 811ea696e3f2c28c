"""Shared fixtures.

- ``corpus``: the frozen three-article corpus in ``tests/fixtures/data`` (a copy of data/ as it
  was): tests whose expectations were worked out by hand use it, so a new source in data/
  never breaks them.
- ``live``: the repository's ``data/`` (or the folder named by ``CAMPAIGN_CHRONOLOGY_DATA``,
  which the add-a-source end-to-end test points at a copy): tests of it check invariants only.
- ``data_copy``: a throw-away copy of the frozen corpus for fault-injection tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

import analysis
from analysis import figures
from analysis.dataset import Dataset
from analysis.paths import DATA

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
CHROMIUM = Path(
    "/usr/bin/chromium"
)  # Debian's chromium, the browser tests' (never playwright's own download)
LIVE_DATA = Path(os.environ.get("CAMPAIGN_CHRONOLOGY_DATA", DATA))


# Property tests: 200 examples each; `make test-fast` runs 20 (--hypothesis-profile=fast).
settings.register_profile("thorough", max_examples=200, deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.load_profile("thorough")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of the live data ``live`` (tests/test_add_a_source.py runs them on a copy)."""
    for item in items:
        if {"live", "live_build"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def corpus() -> Dataset:
    """The frozen three-article corpus, loaded once per test session."""
    return analysis.load(FIXTURE_DATA)


@pytest.fixture(scope="session")
def live() -> Dataset:
    """The live data folder, loaded once per test session (invariants only)."""
    return analysis.load(LIVE_DATA)


@pytest.fixture(scope="session")
def live_build(tmp_path_factory, live) -> Path:
    """One complete figure build of the live data, per test session: ``<root>/data``, ``<root>/figures``."""
    root = tmp_path_factory.mktemp("build")
    shutil.copytree(live.data_dir, root / "data", ignore=shutil.ignore_patterns("processed"))
    figures.build_all(data_dir=root / "data", figures_dir=root / "figures")
    return root


@pytest.fixture(scope="session")
def corpus_figures(corpus) -> dict[str, tuple]:
    """Every registered figure built once per session from the frozen corpus: id -> (figure, plotted table)."""
    return {spec.figure_id: spec.build(corpus) for spec in figures.REGISTRY}


@pytest.fixture(scope="session")
def playwright_instance():
    """Playwright driving Debian's chromium, one per test session (the JupyterLab and the explorer
    browser tests share it: a second sync driver cannot start while one runs). Skipped when chromium
    is missing, failed under ``CI=true`` where the browser tests are required."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run sudo bash .ci/install-chromium (installs Debian's chromium)"
        if os.environ.get("CI") == "true":  # CI requires the browser tests
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the frozen corpus (tables and raw articles) that a test may damage freely."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def pytest_terminal_summary(terminalreporter) -> None:
    """Count the hostile and unusual inputs that passed: bad input rejected with ``path:line:
    column``, other bad-input cases, all-or-nothing output cases, valid corpora built."""
    passed = [r.nodeid for r in terminalreporter.stats.get("passed", [])]
    groups = {
        "bad inputs rejected with path:line: column": lambda n: "test_check_names_file_line_and_column[" in n,
        "other bad-input cases": lambda n: "test_bad_input.py" in n and "file_line_and_column[" not in n,
        "output cases (failures, kills, locks, umask, CSV injection)": lambda n: "test_output.py" in n,
        "red-team cases of issue 20 (containment, escaping, add's inputs, concurrency and kills)": lambda n: (
            any(
                name in n
                for name in (
                    "test_containment.py",
                    "test_escaping.py",
                    "test_add_inputs.py",
                    "test_concurrency.py",
                )
            )
        ),
        "valid-but-unusual corpora built": lambda n: "test_valid_corpora.py" in n,
    }
    counts = {label: sum(1 for n in passed if match(n)) for label, match in groups.items()}
    if any(counts.values()):
        terminalreporter.write_sep("-", "trust at the edges")
        for label, count in counts.items():
            terminalreporter.write_line(f"{count:4d} {label}")
