"""Skip figures whose inputs and code are unchanged, as make would: an input digest beside each output.

A figure's digest is the sha256 of its id, of every input file (the data folder's curated
tables and the raw articles the manifest names, and the basemap layers), of every source file of the ``analysis``
package, of the versions of the libraries that draw it and of the package's own version
(printed in every figure's source note). It is stored beside the figure's outputs as
``figNN-slug.inputs`` (one line: the hex digest; not committed, so a fresh clone draws every
figure once). A figure is up to date when its stamp holds the current digest and its png,
svg and csv all exist; any change to the data, to any module of the package, to a library
version or to the version redraws it. Conservative by design: the digest does not try to
know which module a figure uses.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import pandas as pd

import analysis
from analysis.paths import EXTERNAL, ROOT, data_files

PACKAGE = ROOT / "analysis"
LIBRARIES = ("matplotlib", "pandas", "numpy", "geopandas", "shapely", "pyproj", "pyogrio", "pillow")
OUTPUT_SUFFIXES = (".png", ".svg", ".csv")
STAMP_SUFFIX = ".inputs"


def _digest_files(sha: hashlib._Hash, files: list[Path], base: Path) -> None:
    for path in sorted(files):
        name = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        sha.update(f"{name}\0{path.stat().st_size}\0".encode())
        sha.update(path.read_bytes())


def input_files(data_dir: Path, sources: pd.DataFrame | None = None) -> list[Path]:
    """Every file a figure build reads: curated tables, the raw articles the manifest names, basemap layers.

    Only the articles named in ``original_file`` of ``sources`` (default: read from the data
    folder's manifest) are read: anything else in ``raw/articles/`` (a stray file, a link, a
    pipe) is never opened.
    """
    files = data_files(data_dir)
    names = ("sources", "claims", "places", "area_estimates", "facts", "excluded_facts")
    tables = [files[name] for name in names if files[name].is_file()]  # the cited tier is optional
    if sources is None:
        sources = pd.read_csv(files["sources"], dtype=str, keep_default_na=False)
    named = sorted({name for name in sources["original_file"] if name})
    articles = [files["articles"] / name for name in named if (files["articles"] / name).is_file()]
    return tables + articles + sorted(EXTERNAL.glob("*.geojson"))


def build_digest(data_dir: Path, sources: pd.DataFrame | None = None) -> str:
    """Digest of the inputs, the package's code and the drawing libraries' versions (shared by all figures).

    ``sources``: the validated manifest, when the caller has it (see :func:`input_files`).
    """
    sha = hashlib.sha256()
    _digest_files(sha, input_files(data_dir, sources), Path(data_dir))
    _digest_files(sha, [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts], ROOT)
    sha.update(" ".join(f"{lib}=={version(lib)}" for lib in LIBRARIES).encode())
    sha.update(f"\0campaign-chronology=={analysis.__version__}".encode())  # printed in every figure's note
    return sha.hexdigest()


def figure_digest(figure_id: str, shared: str) -> str:
    """One figure's digest: its id with the shared digest."""
    return hashlib.sha256(f"{figure_id}\0{shared}".encode()).hexdigest()


def stamp_path(figures_dir: Path, stem: str) -> Path:
    """``figures_dir/stem.inputs``: where a figure's digest is kept."""
    return Path(figures_dir) / f"{stem}{STAMP_SUFFIX}"


def is_fresh(figures_dir: Path, stem: str, digest: str) -> bool:
    """True when ``stem``'s outputs all exist and were drawn from inputs with ``digest``."""
    stamp = stamp_path(figures_dir, stem)
    outputs = [Path(figures_dir) / f"{stem}{suffix}" for suffix in OUTPUT_SUFFIXES]
    return (
        stamp.exists()
        and stamp.read_text(encoding="utf-8").strip() == digest
        and all(p.exists() for p in outputs)
    )
