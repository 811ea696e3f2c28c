"""README.md stays true: every number in it is checked.

:func:`expected_phrases` writes each sentence of the README that states a number, from
:mod:`analysis.findings` on the live data or from the project's own files (version, pyproject,
CITATION.cff, the figure registry). Two checks: each phrase is in the README, and every number
in the README (digits, or a number word from two to twelve) lies inside one of those phrases.
So editing any number of the README by hand fails a test, which
``test_editing_any_number_fails_the_check`` proves by editing each one in turn.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from analysis import figures, findings, metadata, uncertainty
from analysis.citation import citation as cite
from analysis.control import SNAPSHOT_DATES
from analysis.dates import STUDY_START, format_window
from analysis.paths import ROOT
from analysis.plots.style import RC

README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # line breaks do not matter
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
WORDS |= {11: "eleven", 12: "twelve"}
NUMBER = re.compile(r"\d+|\b(?:" + "|".join(WORDS.values()) + r")\b", re.IGNORECASE)


def word(n: int) -> str:
    """A count as the README writes it in prose: a word up to twelve, digits above."""
    return WORDS.get(n, str(n))


def _half_year(day) -> str:
    return f"mid-{day.year}" if (day.month, day.day) == (6, 30) else f"end-{day.year}"


def expected_phrases(data) -> list[str]:
    """Every README phrase that states a number, with the number computed."""
    e = findings.evidence(data)
    stats = findings.pace_uncertainty(data)
    in_year_share, quarter = findings.recaptures_in_last_quarter(data)
    year = quarter.year
    in_year = findings.recaptures_in_year(data, year)
    longest = findings.longest_closed_span(data)
    quoted = data.restrict(("quoted",))
    longest_quoted, e_quoted = findings.longest_closed_span(quoted), findings.evidence(quoted)
    spans = findings.pace.occupation_spans(data.chronology, data.places)
    open_end = int((spans["status"] == "open-end").sum())
    last = findings.last_towns_on_euphrates(data)
    end = findings.campaign_end_day(data)
    mid = SNAPSHOT_DATES[-2]
    free = findings.towns_free(data)[mid]
    (p_first, p_last), (r_first, _) = uncertainty.PERIODS["2015_2016"], uncertainty.PERIODS["2017"]
    inferred = int((data.sources["outlet_status"] == "inferred").sum())
    study = f"{STUDY_START.year}–{end.year}"
    q_words = f"{quarter.start_time:%B}–{quarter.end_time:%B %Y}"

    def stat(name: str) -> tuple[str, str]:
        s = stats.loc[name]
        return f"{s['median']:g}", f"{s['p05']:g}–{s['p95']:g}"

    (gap1, gap1_ci), (gap2, gap2_ci), (towns, towns_ci) = (
        stat(name) for name in ("median_gap_2015_2016", "median_gap_2017", "towns_retaken_last_60_days")
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    phrases = [
        study,
        f"**{gap1} days** (90% interval {gap1_ci}) in {p_first.year}–{p_last.year}",
        f"**{gap2} days** ({gap2_ci}) in {r_first.year}",
        f"**{in_year.count} of the {in_year.total} dated recaptures** of towns came in {year}",
        f"**{towns} towns** ({towns_ci}) fell in the {uncertainty.LAST_DAYS} days before Iraq declared the war over "
        f"on {end.isoformat()}",
        f"{last.on_euphrates} of the {last.retaken} towns retaken in "
        f"{last.first_day:%B}–{last.last_day:%B %Y} lie on the Euphrates",
        f"only {free} of the {findings.n_towns(data)} towns were certainly free of IS by {_half_year(mid)}, "
        f"and for {word(findings.control_on(data, mid).unknown)} the corpus cannot say",
        f"**IS held {longest.place} longest** of the towns whose seizure and recapture are both dated: "
        f"**{longest.min_days}–{longest.max_days} days**, {format_window(*longest.start, words=True)} to "
        f"{format_window(*longest.end, words=True)}",
        f"with the {word(e_quoted.sources)} articles alone it was {longest_quoted.place} "
        f"({longest_quoted.min_days}–{longest_quoted.max_days} days)",
        f"{word(e.quoted_sources).capitalize()} news reports kept verbatim and {e.cited_sources} cited sources "
        f"give **{e.claims} statements** ({e.dated_claims} dated, {e.undated_claims} undated) about "
        f"**{e.places} places**, reconciled into **{e.events} events**; **{e.multi_source} events** are dated "
        "by two or more independent sources that agree, and the sources "
        + (
            "**never contradict** each other"
            if e.conflicts == 0
            else f"disagree on **{e.conflicts} events** ({e.milestone_conflicts} milestones)"
        ),
        f"{in_year_share.count} of the {in_year_share.total} dated recaptures of towns fell in {q_words}",
        f"{in_year.count} of {in_year.total} came in {year}",
        f"{longest.place} longest, {longest.min_days}–{longest.max_days} days",
        f"months apart until {r_first.year}",
        f"{e.single_source} of {e.events} events rest on fewer than two independent sources, "
        + ("none in conflict" if e.conflicts == 0 else f"{e.conflicts} in conflict"),
        f"mid-{SNAPSHOT_DATES[0].year} to {_half_year(SNAPSHOT_DATES[-1])}",
        f"{word(open_end).capitalize()} towns whose seizure the corpus dates have no recapture in it",
        ("One outlet is" if inferred == 1 else f"{word(inferred).capitalize()} outlets are")
        + " inferred from house style",
        f"bounded only by publication and by {STUDY_START.isoformat()}",
        f"({RC['savefig.dpi']} dpi)",
        f"Python {project['requires-python'].removeprefix('>=')}+",
        f"({str(citation['date-released'])[:4]})",  # the year of the release CITATION.cff names
        cite(figures.REGISTRY[0].figure_id, "apa"),  # what `cite fig01 --format apa` prints
        *(" ".join(render(data).split()) for render in metadata.README_BLOCKS.values()),  # generated blocks
        "sha256",  # the name of the hash, not a count
        "SHA256SUMS",  # the checksum file's name
        "CC-BY-4.0",  # the licence's name
    ]
    quickened = float(stats.loc["median_gap_2017", "median"]) < float(
        stats.loc["median_gap_2015_2016", "median"]
    )
    phrases.append(f"The pace {'quickened' if quickened else 'did not quicken'} sharply in {r_first.year}")
    return phrases


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
