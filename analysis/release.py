"""The versioned release archive: ``make release`` -> ``dist/campaign-chronology-X.Y.Z.tar.gz``.

The archive holds ``campaign-chronology-X.Y.Z/``: the data folder (raw articles, curated and
processed tables, basemap, datapackage.json), the figures, every export and docs/, README.md,
CHANGELOG.md, CITATION.cff, LICENSE and ``SHA256SUMS`` (``sha256sum -c`` format) of all of
them. It is byte-reproducible: entries sorted, owner root, mode 0644, and every timestamp the
release date of CITATION.cff. ``dist/...tar.gz.sha256`` holds the archive's own checksum.
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

from analysis import __version__
from analysis.freshness import STAMP_SUFFIX
from analysis.paths import ROOT

TOP_FILES = ("README.md", "CHANGELOG.md", "CITATION.cff", "LICENSE")
FOLDERS = ("data", "figures", "docs")  # docs: how the exports map onto each format
NAME = "campaign-chronology"


def release_files(root: Path = ROOT) -> list[Path]:
    """The files of ``root`` that go into the archive, relative to ``root``, sorted."""
    files = [Path(name) for name in TOP_FILES]
    for folder in FOLDERS:
        files += [
            p.relative_to(root)
            for p in (root / folder).rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and p.suffix != STAMP_SUFFIX  # build bookkeeping, not a figure
        ]
    return sorted(files)


def checksums(entries: dict[str, bytes]) -> bytes:
    """``sha256sum`` lines (``<hex>  <path>``) for every entry, sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(entries.items())]
    return "".join(lines).encode("utf-8")


def build_archive(out_dir: Path, root: Path = ROOT, version: str = __version__, mtime: int = 0) -> Path:
    """Write ``out_dir/campaign-chronology-<version>.tar.gz`` (+ ``.sha256``); returns the archive path."""
    from analysis.export import FORMATS, load_export_inputs, write_export

    entries = {str(path): (root / path).read_bytes() for path in release_files(root)}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = load_export_inputs(root / "data")
        for fmt in FORMATS:
            written = write_export(fmt, inputs, Path(tmp))
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
    with open(archive, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as gz:
        gz.write(buffer.getvalue())
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    archive.with_name(archive.name + ".sha256").write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
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
    archive = build_archive(args.out, mtime=release_mtime())
    print(f"wrote {archive} and {archive.name}.sha256")
    print(f"next, after merging: git tag -a v{__version__} -m 'Campaign Chronology v{__version__}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
