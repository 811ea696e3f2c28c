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
    from analysis.claims import validate_claims

    claims, problems = validate_claims(data_dir)
    for problem in sorted(set(problems)):
        print(problem)
    if problems:
        print(f"{len(set(problems))} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    from analysis.chronology import reconcile
    from analysis.places import load_places

    events = reconcile(claims, load_places(data_dir))
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
    from analysis.validation import DataError

    try:
        return {"check": _check, "build": _build, "figures": _figures}[args.command](args.data)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
