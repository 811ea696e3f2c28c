"""Command line: ``python -m analysis {check,build,figures}``.

- ``check [--data DIR]``: validate a data folder; print every problem as
  ``path:line: column: message``; exit 1 if there is any, else print a one-line summary.
- ``build [--data DIR]``: regenerate ``data/processed/chronology.csv``.
- ``figures``: build, then write every figure to ``figures/`` (png, svg, csv).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.paths import DATA


def _check(data_dir: Path) -> int:
    import analysis
    from analysis.validation import DataError

    try:
        data = analysis.load(data_dir)  # every table validated once, every problem collected
    except DataError as exc:
        problems = sorted(set(exc.problems))
        for problem in problems:
            print(problem)  # one line each: echoed values are escaped (validation.printable)
        print(f"{len(problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    claims, events = data.claims, data.chronology
    n_conflicts = int((events["agreement"] == "conflict").sum())
    print(
        f"ok: {len(claims)} claims from {claims['source_id'].nunique()} sources about "
        f"{claims['place_id'].nunique()} places -> {len(events)} events, {n_conflicts} conflict(s)"
    )
    return 0


def _build(data_dir: Path) -> int:
    from analysis.chronology import write_chronology

    print(f"wrote {write_chronology(data_dir)}")
    return 0


def _figures(data_dir: Path) -> int:
    from analysis.figures import build_all

    written = build_all(data_dir)
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "validate a data folder"),
        ("build", "regenerate data/processed/"),
        ("figures", "regenerate data/processed/ and figures/"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument(
            "--data", type=Path, default=DATA, help="data folder (default: the repository's data/)"
        )
    args = parser.parse_args(argv)
    from analysis.output import BuildError
    from analysis.validation import DataError

    _survive_any_terminal()
    try:
        return {"check": _check, "build": _build, "figures": _figures}[args.command](args.data)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc.strerror}", file=sys.stderr)
        return 1


def _survive_any_terminal() -> None:
    """Characters the terminal cannot show are printed as escapes, never a UnicodeEncodeError
    (``PYTHONIOENCODING=ascii``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
