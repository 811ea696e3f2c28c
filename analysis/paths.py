"""Every path the project uses, anchored on the project root.

Notebooks run with ``notebooks/`` as their working directory (nbval, JupyterLab), so no
code may rely on the current directory: import the constants below instead.
"""

from __future__ import annotations

from pathlib import Path

ROOT: Path = Path(__file__).resolve().parent.parent
DATA: Path = ROOT / "data"
RAW_ARTICLES: Path = DATA / "raw" / "articles"
EXTERNAL: Path = DATA / "external"
PROCESSED: Path = DATA / "processed"
FIGURES: Path = ROOT / "figures"
NOTEBOOKS: Path = ROOT / "notebooks"


def data_files(data_dir: Path = DATA) -> dict[str, Path]:
    """The curated tables and the article folder of a data directory (default: the repo's)."""
    data_dir = Path(data_dir)
    return {
        "sources": data_dir / "sources.csv",
        "claims": data_dir / "claims.csv",
        "places": data_dir / "places.csv",
        "area_estimates": data_dir / "area_estimates.csv",
        "articles": data_dir / "raw" / "articles",
        "chronology": data_dir / "processed" / "chronology.csv",
        "milestones": data_dir / "processed" / "milestones.csv",
        "facts": data_dir / "raw" / "cited" / "facts.csv",
        "excluded_facts": data_dir / "excluded_facts.csv",
    }


def output_dir(data_dir: Path, name: str, out: Path | None = None) -> Path:
    """Where a command writes its ``name`` outputs (``figures``, ``exports``) for ``data_dir``.

    ``out`` when given; else the repository's ``ROOT/name`` for the repository's ``data/``, and
    ``data_dir/name`` for any other data folder, so that ``--data DIR`` never writes outside DIR.
    """
    if out is not None:
        return Path(out)
    if Path(data_dir).resolve() == DATA.resolve():
        return ROOT / name
    return Path(data_dir) / name
