"""Citations of the dataset or of one figure: ``python -m analysis cite [figNN] [--format bibtex|apa|cff]``.

Title, authors, release date and licence come from ``CITATION.cff``; the version from the
installed package (written once, in ``pyproject.toml``). Code is MIT; data and figures CC-BY-4.0.
A figure's citation also names the figure's own version stamp (the ``Campaign Chronology vX.Y.Z,
figNN`` its source note prints, read from its SVG) and the sha256 of its PNG, so a reader can
confirm they hold the same figure; a figure not built yet says so.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis import __version__
from analysis.paths import FIGURES, ROOT

CITATION_FILE = ROOT / "CITATION.cff"
CODE_LICENCE = "MIT"
DATA_LICENCE = "CC-BY-4.0"
LICENCE_NOTE = f"Data and figures {DATA_LICENCE}; code {CODE_LICENCE}"
FORMATS = ("bibtex", "apa", "cff")


@dataclass(frozen=True)
class Work:
    """What a citation names: the dataset, or one figure of it (``figure_id``, ``figure_slug``)."""

    title: str
    authors: list[str]
    year: str
    date_released: str
    version: str
    figure_id: str = ""
    figure_slug: str = ""
    figure_stamp: str = ""  # the version the figure's note prints, e.g. "v0.2.1"
    figure_file: str = ""  # e.g. "figures/fig03-occupation-spans.png"
    figure_sha256: str = ""


def read_work(citation_file: Path = CITATION_FILE, version: str = __version__) -> Work:
    """The dataset as ``CITATION.cff`` describes it, at the installed version."""
    cff = yaml.safe_load(Path(citation_file).read_text(encoding="utf-8"))
    authors = [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"]]
    released = str(cff["date-released"])
    return Work(cff["title"], authors, released[:4], released, version)


def figure_stamp(svg: Path, figure_id: str) -> str:
    """The version the figure's source note prints (``v0.2.1``), from its SVG text; "" if none."""
    if not svg.exists():
        return ""
    text = " ".join(re.findall(r">([^<>]*)</text>", svg.read_text(encoding="utf-8")))
    found = re.search(rf"Campaign Chronology (v\S+), {re.escape(figure_id)}\.", re.sub(r"\s+", " ", text))
    return found.group(1) if found else ""


def for_figure(work: Work, figure_id: str, figures_dir: Path = FIGURES) -> Work:
    """The same work, naming one registered figure, its stamp and its PNG's sha256; ValueError for an unknown id."""
    from analysis.figures import REGISTRY

    slugs = {spec.figure_id: spec.slug for spec in REGISTRY}
    if figure_id not in slugs:
        raise ValueError(f"unknown figure {figure_id!r}; known: {', '.join(sorted(slugs))}")
    stem = Path(figures_dir) / f"{figure_id}-{slugs[figure_id]}"
    png = stem.with_suffix(".png")
    digest = hashlib.sha256(png.read_bytes()).hexdigest() if png.exists() else ""
    return Work(
        **{
            **work.__dict__,
            "figure_id": figure_id,
            "figure_slug": slugs[figure_id],
            "figure_stamp": figure_stamp(stem.with_suffix(".svg"), figure_id),
            "figure_file": f"figures/{png.name}",
            "figure_sha256": digest,
        }
    )


def figure_identity(work: Work) -> str:
    """``stamped v0.2.1; figures/fig03-occupation-spans.png sha256 <hex>`` (what says it is the same figure)."""
    if not work.figure_sha256:
        return f"{work.figure_file} not built (make figures)"
    stamp = f"stamped {work.figure_stamp}" if work.figure_stamp else "no version stamp found"
    return f"{stamp}; {work.figure_file} sha256 {work.figure_sha256}"


def bibtex_key(work: Work) -> str:
    """``campaign_chronology_2026_v0_2_0`` (+ ``_fig03``): first title words, year, version, figure."""
    head = re.split(r"[:,]", work.title)[0]
    words = re.sub(r"[^a-z0-9]+", "_", head.lower()).strip("_")
    version = re.sub(r"[^0-9a-z]+", "_", work.version.lower())
    return "_".join(p for p in (words, work.year, f"v{version}", work.figure_id) if p)


def _figure_part(work: Work) -> str:
    return f"figure {work.figure_id} ({work.figure_slug})" if work.figure_id else ""


def bibtex(work: Work) -> str:
    """A biblatex/BibTeX ``@misc`` entry; corporate authors braced so they are not split into names."""
    title = work.title + (f", {_figure_part(work)}" if work.figure_id else "")
    fields = {
        "author": " and ".join(f"{{{a}}}" if "," not in a else a for a in work.authors),
        "title": f"{{{title}}}",
        "year": work.year,
        "version": work.version,
        "date": work.date_released,
        "note": f"Version {work.version}. "
        + (f"Figure {figure_identity(work)}. " if work.figure_id else "")
        + LICENCE_NOTE,
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{bibtex_key(work)},\n{body}\n}}"


def apa(work: Work) -> str:
    """APA 7 style for a data set: Author. (Year). *Title* (Version x) [Data set]. Figure, licences."""
    part = _figure_part(work)
    figure = f" {part[0].upper()}{part[1:]}, {figure_identity(work)}." if work.figure_id else ""
    authors = ", ".join(work.authors)
    return f"{authors}. ({work.year}). *{work.title}* (Version {work.version}) [Data set].{figure} {LICENCE_NOTE}."


def cff(work: Work, citation_file: Path = CITATION_FILE) -> str:
    """``CITATION.cff`` at the installed version; for a figure, its id and slug added to the message."""
    text = Path(citation_file).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", f"version: {work.version}", text)
    if work.figure_id:
        text = re.sub(
            r'(?m)^message: "(.*)"$',
            lambda m: (
                f'message: "{m.group(1)} This citation is for {_figure_part(work)}, {figure_identity(work)}."'
            ),
            text,
        )
    return text.rstrip("\n")


def citation(figure_id: str | None = None, fmt: str = "bibtex") -> str:
    """The citation of the dataset, or of ``figure_id``, in ``fmt`` (bibtex, apa or cff)."""
    work = read_work()
    if figure_id:
        work = for_figure(work, figure_id)
    return {"bibtex": bibtex, "apa": apa, "cff": cff}[fmt](work)
