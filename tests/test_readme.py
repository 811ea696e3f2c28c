"""README.md stays true: every number in it is checked.

Every sentence of the README about the data is a generated block the build writes
(:mod:`analysis.readme`, :mod:`analysis.metadata`); :func:`expected_phrases` gives each block as
the build would write it for the live data, and the few other numbers from the project's own
files (version, pyproject, CITATION.cff, the figure registry). Adding a source and rebuilding
keeps this test green with no hand edit (tests/test_add_a_source.py runs it on such a copy). Two checks: each phrase is in the README, and every number
in the README (digits, or a number word from two to twelve) lies inside one of those phrases.
So editing any number of the README by hand fails a test, which
``test_editing_any_number_fails_the_check`` proves by editing each one in turn.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from analysis import figures, metadata
from analysis.citation import citation as cite
from analysis.dates import STUDY_START
from analysis.paths import DATA, ROOT
from analysis.plots.style import RC

# The README beside the live data folder: the repository's, or a copy's (tests/test_add_a_source.py)
README_PATH = Path(os.environ.get("CAMPAIGN_CHRONOLOGY_DATA", DATA)).parent / "README.md"
README = " ".join(README_PATH.read_text(encoding="utf-8").split())  # line breaks do not matter
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
WORDS |= {11: "eleven", 12: "twelve"}
NUMBER = re.compile(r"\d+|\b(?:" + "|".join(WORDS.values()) + r")\b", re.IGNORECASE)


def expected_phrases(data) -> list[str]:
    """Every README phrase that states a number: the generated blocks (:data:`analysis.metadata.README_BLOCKS`:
    headline findings, data table, figures with their titles, limitations, citation), each as the build
    writes it for ``data``, and the few numbers outside them, from the project's own files."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return [
        f"{STUDY_START.year}–2017",  # the question the project asks
        f"({RC['savefig.dpi']} dpi)",
        f"Python {project['requires-python'].removeprefix('>=')}+",
        f"({str(citation['date-released'])[:4]})",  # the year of the release CITATION.cff names
        cite(figures.REGISTRY[0].figure_id, "apa"),  # what `cite fig01 --format apa` prints
        *(" ".join(render(data).split()) for render in metadata.README_BLOCKS.values()),  # generated blocks
        "sha256",  # the name of the hash, not a count
        "SHA256SUMS",  # the checksum file's name
        "CC-BY-4.0",  # the licence's name
    ]


def references() -> list[str]:
    """Names with digits the README may use: figure ids and stems, notebook stems and numbers."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    names = [f"`{spec.figure_id}`" for spec in figures.REGISTRY] + [f"`{s.stem}`" for s in figures.REGISTRY]
    commands = re.findall(r"```bash (.*?)```", README) + re.findall(r"`\.venv/bin/python [^`]*`", README)
    return (
        names
        + [f"`{nb.stem}`" for nb in notebooks]
        + [f"notebook {nb.stem[:2]}" for nb in notebooks]
        + commands
    )


def problems(readme: str, phrases: list[str]) -> list[str]:
    """Phrases missing from ``readme``, and numbers of ``readme`` outside every phrase and reference."""
    missing = [f"not in README.md: {p!r}" for p in phrases if p not in readme]
    covered = [False] * len(readme)
    for phrase in phrases + references():
        for match in re.finditer(re.escape(phrase), readme):
            covered[match.start() : match.end()] = [True] * len(phrase)
    unchecked = [
        f"number not checked: {m.group()!r} in {readme[max(0, m.start() - 40) : m.end() + 40]!r}"
        for m in NUMBER.finditer(readme)
        if not all(covered[m.start() : m.end()])
    ]
    return missing + unchecked


@pytest.fixture(scope="module")
def phrases(live) -> list[str]:
    return expected_phrases(live)


def test_every_number_in_the_readme_is_computed(phrases):
    assert problems(README, phrases) == []


def test_editing_any_number_fails_the_check(phrases):
    numbers = list(NUMBER.finditer(README))
    assert len(numbers) > 50
    for m in numbers:
        replacement = "eleven" if m.group().isalpha() else str(int(m.group()) + 1)
        edited = README[: m.start()] + replacement + README[m.end() :]
        assert problems(edited, phrases), f"editing {m.group()!r} at {m.start()} went unnoticed"


def test_every_figure_and_notebook_is_listed():
    for spec in figures.REGISTRY:
        assert f"`{spec.stem}`" in README
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"`{notebook.stem}`" in README


def test_quick_start_commands_are_what_ci_runs():
    assert "make figures" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_module_is_in_the_module_table():
    """Each module of analysis/ (and of analysis/plots/) is named in the README's module table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| module (`analysis/`) | owns |") :]
    table = table[: table.index("\n\n")]
    named = {name.split("/")[-1] for name in re.findall(r"`([a-z_/]+)`", table)}
    modules = {p.stem for p in (ROOT / "analysis").rglob("*.py") if p.stem != "__init__"}
    assert sorted(modules - named) == []
