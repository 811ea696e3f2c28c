"""Metadata that stays true: what the build writes into README.md, CITATION.cff and datapackage.json.

The counts and descriptions a citer reads are computed from the data (:func:`analysis.findings.evidence`,
the manifest), never typed, and rewritten by every build of the repository's data
(``make figures`` / ``python -m analysis build``), so adding a source needs no hand edit:

- ``README.md``: each block between ``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->``
  (:data:`README_BLOCKS`: the headline findings, the figures with their titles and the limitations
  from :mod:`analysis.readme`; the data table; the citation of ``fig01`` as ``cite`` prints it).
  Other modules may add blocks the same way (:func:`replace_block`).
- ``CITATION.cff``: the ``abstract`` (sources by tier, claims, places, events, agreement).
- ``data/datapackage.json``: ``description``, the two ``sources`` titles, and ``resources`` (every table's
  path, description, fields and keys, from :mod:`analysis.schema`).
- ``data/README.md`` (the data dictionary): each table's column table, in the block ``columns-TABLE``
  (:data:`DICTIONARY_TABLES`, from :mod:`analysis.schema`); the prose around the blocks is written by hand.

Files are rewritten only when their text changes, all in one commit (:func:`write_files`, through
:func:`analysis.output.staged_outputs`, the project's one way to commit files).
``tests/test_metadata_generated.py`` fails when a committed file differs from what the build writes.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import schema
from analysis.paths import ROOT
from analysis.vocabulary import SOURCE_GROUP_NAMES

if TYPE_CHECKING:
    from analysis.dataset import Dataset

README = ROOT / "README.md"
CITATION = ROOT / "CITATION.cff"
DATAPACKAGE = ROOT / "data" / "datapackage.json"
DATA_README = ROOT / "data" / "README.md"
#: The tables whose column table data/README.md shows (milestones.csv is described as the chronology's).
DICTIONARY_TABLES = (
    "sources",
    "claims",
    "cited_facts",
    "excluded_facts",
    "places",
    "chronology",
    "area_estimates",
)


HINT = "<!-- written by make figures (analysis/metadata.py): edit the generator, not this block -->"


class MarkerError(ValueError):
    """A generated block whose markers are missing or repeated (message names the file and block)."""


def replace_block(text: str, name: str, body: str, where: str = "README.md") -> str:
    """``text`` with the block ``name`` (between its markers, markers kept) replaced by ``body``."""
    start, end = f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise MarkerError(f"{where}: the block {name!r} needs one {start!r} and, after it, one {end!r}")
    head, rest = text.split(start)
    _, tail = rest.split(end)
    return f"{head}{start}\n{HINT}\n{body.strip()}\n{end}{tail}"


def _quoted_list(data: Dataset) -> str:
    quoted = data.sources[data.sources["tier"] == "quoted"].sort_values(["published", "source_id"])

    def outlet(s) -> str:  # an outlet not stated in the text says how it was established
        return s["outlet"] if s["outlet_status"] == "stated" else f"{s['outlet']} ({s['outlet_status']})"

    return "; ".join(f"{outlet(s)}, {s['published']}" for _, s in quoted.iterrows())


def _cited_groups(data: Dataset) -> str:
    cited = data.sources[data.sources["tier"] == "cited"]["source_group"].value_counts()
    return ", ".join(f"{SOURCE_GROUP_NAMES[g]} {int(cited[g])}" for g in SOURCE_GROUP_NAMES if g in cited)


def data_table(data: Dataset) -> str:
    """README's table of the data files, with the counts of the data."""
    from analysis.findings import evidence, number_word

    e = evidence(data)
    n_facts = 0 if data.facts is None else len(data.facts)
    rows = [
        ("data/raw/articles/", f"the {number_word(e.quoted_sources)} articles of the quoted tier, verbatim "
         f"({_quoted_list(data)}); not in the release archive, whose `PUBLISHER-TEXTS.csv` lists their "
         "sha256 and URL"),
        ("data/raw/cited/", f"the {e.cited_sources} citations of the cited tier and their {n_facts} facts, "
         "as compiled (no source text)"),
        ("data/sources.csv", "manifest of both tiers: outlet (stated, matched or inferred, with the basis), "
         "publication window and how it was established; sha256 (quoted) or URL and licence (cited)"),
        ("data/claims.csv", f"one row per statement ({e.claims}: {e.quoted_claims} quoted, {e.cited_claims} "
         "cited): its date expression, the milestone it dates, and its evidence (a verbatim quote, or place "
         "and actor as written with a locator)"),
        ("data/excluded_facts.csv", "the compiled facts not used, each with the reason"),
        ("data/places.csv", "gazetteer: every spelling met in the corpus and usual romanisations, country, province, "
         "coordinates and their source"),
        ("data/area_estimates.csv", f"{len(data.area_estimates)} published estimates of the area IS held, "
         "cited: value and unit as published, km², as-of window, estimator, scope, URL"),
        ("data/processed/chronology.csv", f"generated: one row per event ({e.events}), windows reconciled "
         "across sources, with the tiers that support it"),
        ("data/processed/milestones.csv", "generated: one row per event and milestone"),
        ("figures/figNN-slug.{png,svg,csv}", "generated: each figure, and the exact numbers it plots"),
        ("explore/index.html", "generated on demand (`make explore`), not committed: the explorer page below"),
        ("exports/", "generated on demand, not committed: the chronology as ACLED- and UCDP-shaped tables, "
         "GeoJSON, TimelineJS (`docs/exports.md`)"),
        ("docs/releases/", "generated: each release's counts and the events changed since the release before"),
    ]  # fmt: skip
    lines = ["| file | what |", "| --- | --- |"] + [f"| `{path}` | {what} |" for path, what in rows]
    return "\n".join(lines)


def citation_block(data: Dataset) -> str:
    """README's example citation: what ``cite fig01 --format apa`` prints, as a quote."""
    from analysis.citation import citation
    from analysis.figures import REGISTRY

    return f"> {citation(REGISTRY[0].figure_id, 'apa')}"


def _readme_block(name: str) -> Callable[[Dataset], str]:
    """A block of :mod:`analysis.readme` (the findings, figures and limitations), imported when written."""

    def render(data: Dataset) -> str:
        from analysis.readme import BLOCKS

        return BLOCKS[name](data)

    return render


README_BLOCKS: dict[str, Callable[[Dataset], str]] = {
    "findings": _readme_block("findings"),
    "coverage": _readme_block("coverage"),
    "data-table": data_table,
    "figures": _readme_block("figures"),
    "limitations": _readme_block("limitations"),
    "citation": citation_block,
}


def readme_text(data: Dataset, text: str) -> str:
    """README ``text`` with every block of :data:`README_BLOCKS` regenerated."""
    for name, render in README_BLOCKS.items():
        text = replace_block(text, name, render(data))
    return text


def abstract(data: Dataset) -> str:
    """The CFF abstract: what the dataset holds, counted."""
    from analysis.findings import evidence, number_word

    e = evidence(data)
    quoted = data.sources[data.sources["tier"] == "quoted"]
    first, last = min(quoted["published_earliest"]), max(quoted["published_latest"])
    span = f"{first:%B}-{last:%B %Y}" if first.year == last.year else f"{first:%B %Y}-{last:%B %Y}"
    return (
        f"Dated statements (claims) about when the Islamic State seized and lost towns in Iraq and Syria, "
        f"from {number_word(e.quoted_sources)} news reports of {span} kept verbatim (each claim with a verbatim "
        f"quote) and {number_word(e.cited_sources)} cited sources ({_cited_groups(data)}; each claim with its date "
        f"expression, place and actor as written and a locator, no source text): {e.claims} claims about "
        f"{e.places} places, reconciled into a chronology of {e.events} events with date windows that keep "
        f"each date's precision ({e.multi_source} dated by two or more independent sources that agree, "
        f"{e.conflicts} in conflict); measures of the campaign's pace with their uncertainty, maps, and the "
        "notebooks and code that regenerate every figure. Code under MIT; derived data and figures under "
        "CC-BY-4.0; the raw articles remain the copyright of their publishers and are not in the release archive."
    )


def citation_text(data: Dataset, text: str) -> str:
    """CITATION.cff ``text`` with its ``abstract`` (a folded block scalar) regenerated."""
    wrapped = textwrap.fill(abstract(data), width=92, initial_indent="  ", subsequent_indent="  ")
    pattern = re.compile(r"(?m)^abstract: >-\n(?:  .*(?:\n|\Z))+")
    if len(pattern.findall(text)) != 1:
        raise MarkerError("CITATION.cff: needs one 'abstract: >-' block scalar")
    return pattern.sub(lambda _: f"abstract: >-\n{wrapped}\n", text)


def datapackage_text(data: Dataset, text: str) -> str:
    """datapackage.json ``text`` with its description, its sources' titles and its resources regenerated."""
    from analysis.findings import evidence, number_word

    e = evidence(data)
    package = json.loads(text)
    package["description"] = (
        f"Dated statements about the Islamic State's loss and gain of towns in Iraq and Syria, 2014-2017, in "
        f"two evidence tiers: {number_word(e.quoted_sources)} news articles kept verbatim (each claim with a quote) "
        f"and {e.cited_sources} cited sources (each claim with its date expression, place and actor as written "
        f"and a locator; no text kept): {e.claims} claims about {e.places} places, a gazetteer, and the "
        f"chronology of {e.events} events reconciled from them. See README.md in this folder for the data "
        "dictionary and conventions."
    )
    package["sources"] = [
        {
            "title": f"{number_word(e.quoted_sources).capitalize()} news articles ({_quoted_list(data)}), kept verbatim; "
            "see sources.csv. Not in the release archive: raw/articles/PUBLISHER-TEXTS.csv lists their sha256 "
            "and URL"
        },
        {
            "title": f"{e.cited_sources} cited sources ({_cited_groups(data)}), facts and citations only; see "
            "sources.csv and raw/cited/"
        },
    ]
    package["resources"] = schema.resources()
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def data_readme_text(data: Dataset, text: str) -> str:
    """data/README.md ``text`` with each table's column table (block ``columns-TABLE``) regenerated."""
    for table in DICTIONARY_TABLES:
        text = replace_block(text, f"columns-{table}", schema.dictionary(table), where="data/README.md")
    return text


def generated_files(data: Dataset) -> dict[Path, str]:
    """Every file this module writes, with the text the build would give it."""
    texts = {}
    updates = (
        (README, readme_text),
        (CITATION, citation_text),
        (DATAPACKAGE, datapackage_text),
        (DATA_README, data_readme_text),
    )
    for path, update in updates:
        texts[path] = update(data, path.read_text(encoding="utf-8"))
    return texts


def write_files(texts: dict[Path, str]) -> list[Path]:
    """Write each text whose file differs, all in one commit (:func:`analysis.output.staged_outputs`);
    returns the files written (none when every file already holds its text)."""
    from analysis.output import staged_outputs

    changed = {
        Path(p): t
        for p, t in texts.items()
        if not (Path(p).is_file() and Path(p).read_text(encoding="utf-8") == t)
    }
    if not changed:
        return []
    with staged_outputs(*sorted({path.parent for path in changed})) as stage:
        for path, text in changed.items():
            with open(stage.path(path), "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
    return list(changed)


def write_metadata(data: Dataset) -> list[Path]:
    """Regenerate README.md's blocks, CITATION.cff's abstract, datapackage.json and data/README.md's column
    tables; returns the files written."""
    return write_files(generated_files(data))


def write_generated(data: Dataset, data_dir: Path) -> list[Path]:
    """After a build of the repository's data: this module's files and the release notes
    (:mod:`analysis.release_notes`), in one commit; nothing for another data folder.
    Returns the files written or removed."""
    from analysis.paths import DATA
    from analysis.release_notes import pages, remove_superseded

    if Path(data_dir).resolve() != DATA.resolve():
        return []
    return write_files(generated_files(data) | pages()) + remove_superseded()
