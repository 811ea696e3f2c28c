"""The versioned release archive: ``make release`` -> ``dist/campaign-chronology-X.Y.Z.tar.gz``.

The archive holds ``campaign-chronology-X.Y.Z/``: the code (``analysis/``, ``notebooks/``,
``scripts/``, ``Makefile``, ``pyproject.toml``, the lock file and ``environment.yml``), the data
folder (curated and processed tables, the cited tier's compiled facts, basemap,
datapackage.json), the figures, every export, docs/ (with each release's generated notes),
README.md, CHANGELOG.md, CITATION.cff, LICENSE and ``SHA256SUMS`` (``sha256sum -c`` format) of
all of them. It is byte-reproducible: entries sorted, owner root, mode 0644, and every timestamp
the release date of CITATION.cff. ``dist/...tar.gz.sha256`` holds the archive's own checksum; both
are committed together (:func:`analysis.output.staged_outputs`).

Publishers' rights: the full texts of the quoted tier (``data/raw/articles/*.txt``) remain the
copyright of their publishers and are not licensed by the project, so the archive leaves them
out. In their place ``data/raw/articles/PUBLISHER-TEXTS.csv`` lists, per text, its file name,
source, outlet, title, publication window, size, sha256, URL and how to obtain it, and
``data/raw/articles/SHA256SUMS`` lets ``sha256sum -c`` verify a copy a reader obtains and puts
there. The quoted tier's claims keep their quotes (``data/claims.csv``). The test suite stays in
the repository: its frozen corpus holds the texts too.
Tagging (``git tag -a vX.Y.Z``) is done by hand after merging; see CHANGELOG.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.freshness import STAMP_SUFFIX
from analysis.output import staged_outputs
from analysis.paths import ROOT

TOP_FILES = (
    "README.md",
    "CHANGELOG.md",
    "CITATION.cff",
    "LICENSE",
    "Makefile",
    "pyproject.toml",
    "requirements-lock.txt",
    "environment.yml",
)
FOLDERS = ("data", "figures", "docs", "analysis", "notebooks", "scripts")  # docs: exports, release notes
NAME = "campaign-chronology"
ARTICLES = Path("data/raw/articles")  # the publishers' texts: listed, never shipped
TEXTS_LISTING = ARTICLES / "PUBLISHER-TEXTS.csv"
TEXTS_SUMS = ARTICLES / "SHA256SUMS"
SAME_COPY = (
    "in the form data/sources.csv describes (text_form); a copy is the same text only if its sha256 matches"
)
HOW_TO_OBTAIN = {
    True: "the article at the URL, " + SAME_COPY,
    False: "no known URL: the {outlet} text titled as above, published {published}, from the publisher's "
    "archive or a news database, " + SAME_COPY,
}


def _shipped(path: Path) -> bool:
    """False for what never goes into the archive: hidden files, caches, build stamps, publishers' texts."""
    parts = path.parts
    return not (
        any(part.startswith(".") or part == "__pycache__" or part.endswith(".egg-info") for part in parts)
        or path.suffix in (STAMP_SUFFIX, ".pyc")
        or path.parent == ARTICLES
    )


def release_files(root: Path = ROOT) -> list[Path]:
    """The files of ``root`` that go into the archive, relative to ``root``, sorted (see the module's rules)."""
    files = [Path(name) for name in TOP_FILES]
    for folder in FOLDERS:
        files += [p.relative_to(root) for p in (root / folder).rglob("*") if p.is_file()]
    return sorted(p for p in files if _shipped(p))


def publisher_texts(root: Path = ROOT) -> pd.DataFrame:
    """One row per quoted-tier text left out of the archive: file, source, outlet, title,
    publication window, bytes, sha256 (of the file, checked against the manifest), URL, how to obtain it, rights."""
    from analysis.sources import load_sources, sha256_of

    sources = load_sources(root / "data")
    quoted = sources[sources["original_file"].astype(str) != ""].sort_values("original_file")
    rows = []
    for s in quoted.to_dict("records"):
        path = root / ARTICLES / s["original_file"]
        url = s.get("url", "")
        rows.append(
            {
                "file": f"{ARTICLES.as_posix()}/{s['original_file']}",
                "source_id": s["source_id"],
                "outlet": s["outlet"],
                "title": s["title"],
                "published": s["published"],
                "bytes": path.stat().st_size,
                "sha256": sha256_of(path),  # load_sources checked it equals the manifest's
                "url": url,
                "how_to_obtain": HOW_TO_OBTAIN[bool(url)].format(
                    outlet=s["outlet"], published=s["published"]
                ),
                "rights": s["rights"],
            }
        )
    return pd.DataFrame(rows)


def _listing_entries(texts: pd.DataFrame) -> dict[str, bytes]:
    from analysis.output import safe_table

    listing = safe_table(texts).to_csv(index=False, lineterminator="\n").encode("utf-8")
    sums = "".join(f"{row.sha256}  {Path(row.file).name}\n" for row in texts.itertuples()).encode("utf-8")
    return {TEXTS_LISTING.as_posix(): listing, TEXTS_SUMS.as_posix(): sums}


def checksums(entries: dict[str, bytes]) -> bytes:
    """``sha256sum`` lines (``<hex>  <path>``) for every entry, sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(entries.items())]
    return "".join(lines).encode("utf-8")


def build_archive(out_dir: Path, root: Path = ROOT, version: str = __version__, mtime: int = 0) -> Path:
    """Write ``out_dir/campaign-chronology-<version>.tar.gz`` (+ ``.sha256``); returns the archive path."""
    from analysis.dataset import load
    from analysis.export import FORMATS, write_export

    entries = {path.as_posix(): (root / path).read_bytes() for path in release_files(root)}
    entries |= _listing_entries(publisher_texts(root))
    with tempfile.TemporaryDirectory() as tmp:
        data = load(root / "data")
        for fmt in FORMATS:
            written = write_export(fmt, data, Path(tmp))
            entries[f"exports/{written.name}"] = written.read_bytes()
    entries["SHA256SUMS"] = checksums(entries)
    prefix = f"{NAME}-{version}"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{prefix}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, data in sorted(entries.items()):
            info = tarfile.TarInfo(f"{prefix}/{path}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=compressed, mtime=mtime) as gz:
        gz.write(buffer.getvalue())
    digest = hashlib.sha256(compressed.getvalue()).hexdigest()
    with staged_outputs(out_dir) as stage:  # the archive and its checksum, both or neither
        stage.path(archive).write_bytes(compressed.getvalue())
        stage.path(archive.with_name(archive.name + ".sha256")).write_text(
            f"{digest}  {archive.name}\n", encoding="utf-8"
        )
    return archive


def release_mtime(root: Path = ROOT) -> int:
    """The release date of CITATION.cff (``date-released``), as a Unix time at 00:00 UTC."""
    import datetime as dt

    import yaml

    released = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))["date-released"]
    day = dt.date.fromisoformat(str(released))
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def uncommitted(root: Path = ROOT) -> list[str]:
    """``git status --porcelain`` lines of ``root`` (empty when clean, or when it is not a git checkout)."""
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    return status.stdout.splitlines() if status.returncode == 0 else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.release", description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist", help="folder for the archive (default dist/)"
    )
    parser.add_argument("--allow-dirty", action="store_true", help="build even with uncommitted changes")
    args = parser.parse_args(argv)
    dirty = uncommitted()
    if dirty and not args.allow_dirty:
        print(
            "release: uncommitted changes (commit them, or pass --allow-dirty for a test build):\n"
            + "\n".join(dirty[:20]),
            file=sys.stderr,
        )
        return 1
    from analysis.containment import check_output_folder
    from analysis.output import BuildError

    try:
        check_output_folder(args.out)  # a file, device or link is refused before any work
    except BuildError as exc:
        print(f"release: {exc.strerror}", file=sys.stderr)
        return 1
    notes = ROOT / "docs" / "releases" / f"{__version__}.md"
    if not notes.exists():
        print(
            f"release: {notes.relative_to(ROOT)} is missing: is {__version__} the version being released? "
            "Set it in pyproject.toml and CHANGELOG.md, then make install and make figures write it",
            file=sys.stderr,
        )
        return 1
    archive = build_archive(args.out, mtime=release_mtime())
    print(f"wrote {archive} and {archive.name}.sha256")
    print(f"next, after merging: git tag -a v{__version__} -m 'Campaign Chronology v{__version__}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
