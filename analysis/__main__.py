"""Command line: ``python -m analysis {check,build,figures}``.

- ``check [--data DIR]``: validate a data folder; print every problem as
  ``path:line: column: message``; exit 1 if there is any, else print a one-line summary.
- ``build [--data DIR]``: regenerate ``data/processed/chronology.csv`` and ``milestones.csv``.
- ``figures [--data DIR] [--out DIR] [--force]``: build, then write each figure whose inputs or
  code changed (``--force``: every figure) as png, svg and csv to
  ``--out`` (default: ``figures/`` for the repository's data, ``DIR/figures`` for another folder).
- ``export --format {acled,ucdp,geojson,timelinejs,csv} [-o DIR]``: the chronology in another
  format (default folder: ``exports/``, or ``DIR/exports`` for another data folder).
- ``propose ARTICLE.txt|DIR/ --published DATE[/DATE] [--data DIR] [-o OUT.csv]``: candidate
  claims of an article (or of every ``*.txt`` in a folder, with a progress bar); changes nothing.
- ``add ARTICLE.txt --outlet NAME --published DATE[/DATE] --title TEXT [--rights TEXT]
  [--source-id ID] [--data DIR]``: store the article, append its manifest row, write
  ``data/review/<source_id>.csv`` (and ``-places.csv`` for names not in the gazetteer).
- ``accept SOURCE_ID [--data DIR]``: merge the reviewed rows into claims.csv/places.csv, all or nothing.
- ``cite [figNN] [--format bibtex|apa|cff]``: the citation of the dataset or of one figure.
- ``explore [--data DIR] [-o OUT]``: the offline explorer page, ``OUT/index.html`` (default folder:
  ``explore/``, or ``DIR/explore`` for another data folder): timeline, map and every event's evidence.
- ``show PLACE [--data DIR]``: one place (any spelling in the gazetteer): its events, windows,
  milestones, agreement and control, and every claim behind them (``analysis.show``).
- ``diff [OLD [NEW]] [-o FILE]``: events added, removed and changed (window, milestone,
  agreement, tiers, actor) between two versions (``0.2.1``, ``v0.2.1``; found in the project's
  history when the clone has no tags) or git refs, with the claims that caused each change; OLD
  defaults to the last release, NEW to the working tree; ``-o`` also writes the table as CSV.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.paths import DATA, output_dir
from analysis.vocabulary import EXPORT_FORMATS


def _check(data_dir: Path) -> int:
    import analysis
    from analysis.validation import DataError

    try:
        data = analysis.load(data_dir)  # every table validated once, every problem collected
    except DataError as exc:
        problems = sorted(set(exc.problems))
        for problem in problems:
            print(problem)  # one line each: echoed values are escaped (validation.printable)
        print(f"{len(problems)} problem(s) in {_shown(data_dir)}", file=sys.stderr)
        return 1
    from analysis.coverage import coverage, report_lines

    try:
        print("\n".join([_summary(data), *report_lines(coverage(data))]), flush=True)
    except BrokenPipeError:  # a reader that stopped early (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _summary(data) -> str:
    """One line: claims, sources and events, each counted by evidence tier; conflicts by milestone row."""
    claims, sources, events, rows = data.claims, data.sources, data.chronology, data.milestones

    def by_tier(values, labels: dict[str, str]) -> str:
        counts = values.value_counts()
        return ", ".join(f"{int(counts.get(tier, 0))} {label}" for tier, label in labels.items())

    tiers = {"quoted": "quoted", "cited": "cited"}
    supported = {"quoted": "quoted only", "cited": "cited only", "cited|quoted": "both tiers"}
    n_conflicts = int((rows["agreement"] == "conflict").sum())
    return (
        f"ok: {len(claims)} claims ({by_tier(claims['tier'], tiers)}) from {len(sources)} sources "
        f"({by_tier(sources['tier'], tiers)}) about {claims['place_id'].nunique()} places -> "
        f"{len(events)} events ({by_tier(events['tiers'], supported)}), {n_conflicts} conflict(s) among "
        f"{len(rows)} event milestones; {len(data.area_estimates)} area estimates"
    )


def _build(data_dir: Path) -> int:
    import analysis
    from analysis.dataset import write_chronology
    from analysis.metadata import write_generated

    for path in write_chronology(data_dir) + write_generated(analysis.load(data_dir), data_dir):
        print(f"wrote {_shown(path)}")
    return 0


def _figures(data_dir: Path, out: Path | None, force: bool) -> int:
    from analysis.figures import REGISTRY, build_all

    written = build_all(data_dir, output_dir(data_dir, "figures", out), force=force)
    for path in written:
        print(f"wrote {_shown(path)}")
    drawn = {p.name[:5] for p in written if p.suffix == ".png"}
    if len(drawn) < len(REGISTRY):
        print(
            f"{len(REGISTRY) - len(drawn)} figure(s) up to date, not redrawn (--force redraws every figure)"
        )
    return 0


def _propose(args: argparse.Namespace) -> int:
    from analysis.propose_cli import propose_command

    return propose_command(args.article, args.published, args.data, args.output, args.source_id)


def _add(args: argparse.Namespace) -> int:
    from analysis.review import add

    added = add(args.article, args.outlet, args.published, args.title, args.rights, args.source_id, args.data)
    print(f"stored {_shown(added.article)}; appended source {added.source_id!r} to the manifest")
    print(
        f"wrote {_shown(added.review)} ({added.n_proposals} proposed claims): write accept/reject in 'decision'"
    )
    if added.places_review:
        print(f"wrote {_shown(added.places_review)}: confirm (accept) the places not in the gazetteer")
    data_option = "" if Path(args.data).resolve() == DATA.resolve() else f" --data {_shown(args.data)}"
    print(f"then: .venv/bin/python -m analysis accept {added.source_id}{data_option}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from analysis.review import accept

    done = accept(args.source_id, args.data)
    print(
        f"merged {done.n_claims} claim(s) and {done.n_places} new place(s) for {args.source_id!r} "
        f"({done.n_left_out} undecided row(s) left out); next: make figures"
    )
    return 0


def _add_source_commands(sub: argparse._SubParsersAction) -> None:
    data_help = "data folder (default: the repository's data/)"
    p = sub.add_parser(
        "propose", help="propose claims from an article (or a folder of *.txt); changes nothing"
    )
    p.add_argument("article", type=Path, help="UTF-8 article text, or a folder of them")
    p.add_argument(
        "--published", required=True, help="publication date or window: 2017-11-03 or 2017-11-03/2017-11-05"
    )
    p.add_argument("--data", type=Path, default=DATA, help=data_help)
    p.add_argument("--source-id", default="new", help="prefix of the proposed claim ids")
    p.add_argument("-o", "--output", type=Path, help="CSV to write (default: stdout)")
    p = sub.add_parser("add", help="add an article: store it, append the manifest row, write its review file")
    p.add_argument("article", type=Path)
    p.add_argument("--outlet", required=True)
    p.add_argument("--published", required=True, help="2017-11-03 or 2017-11-03/2017-11-05")
    p.add_argument("--title", required=True)
    p.add_argument(
        "--rights", help="who owns the text and on what basis it is kept (default: the publisher's)"
    )
    p.add_argument("--source-id", help="default: outlet and the first words of the title")
    p.add_argument("--data", type=Path, default=DATA, help=data_help)
    p = sub.add_parser("accept", help="merge the reviewed claims of a source, all or nothing")
    p.add_argument("source_id")
    p.add_argument("--data", type=Path, default=DATA, help=data_help)


def _export(data_dir: Path, formats: list[str], out: Path | None) -> int:
    from analysis.containment import check_output_folder
    from analysis.dataset import load
    from analysis.export import write_exports

    folder = check_output_folder(output_dir(data_dir, "exports", out))  # before any work
    for path in write_exports(formats, load(data_dir), folder):
        print(f"wrote {_shown(path)}")
    return 0


def _cite(figure_id: str | None, fmt: str) -> int:
    from analysis.citation import citation

    try:
        print(citation(figure_id, fmt))
    except ValueError as exc:  # an unknown figure id
        print(exc, file=sys.stderr)
        return 2
    return 0


def _explore(data_dir: Path, out: Path | None) -> int:
    import analysis
    from analysis.containment import check_output_folder
    from analysis.explore import write_page

    folder = check_output_folder(output_dir(data_dir, "explore", out))  # before any work
    print(f"wrote {_shown(write_page(analysis.load(data_dir), folder))}")
    return 0


def _diff(old_ref: str | None, new_ref: str | None, output: Path | None, repo: Path | None = None) -> int:
    from analysis.changes import RefError, compare, describe, version_at_ref
    from analysis.history import last_release
    from analysis.output import write_csv
    from analysis.paths import ROOT

    repo = repo or ROOT
    try:
        if old_ref is None:
            old_ref = last_release(repo)[0]
        old, new = version_at_ref(old_ref, repo), version_at_ref(new_ref, repo)
    except RefError as exc:
        print(exc, file=sys.stderr)
        return 2
    changes = compare(old, new)
    if output is not None:
        try:
            write_csv(changes, output)
        except OSError as exc:
            print(f"cannot write {_shown(output)}: {_shown(exc.strerror or exc)}", file=sys.stderr)
            return 1
    print(describe(changes, old.label, new.label))
    if output is not None:
        print(f"wrote {_shown(output)}")
    return 0


def _show(data_dir: Path, place: str) -> int:
    import analysis
    from analysis.show import PlaceNotFound, find_place, report

    data = analysis.load(data_dir)
    try:
        place_id = find_place(data.places, place)
    except PlaceNotFound as exc:
        print(f"error: {_shown(exc)}", file=sys.stderr)
        return 2
    try:
        for line in report(data, place_id).splitlines():
            print(_shown(line))
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
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
        if name == "figures":
            p.add_argument("--out", type=Path, help="folder for the figures (see above for the default)")
            p.add_argument("--force", action="store_true", help="redraw every figure, even those up to date")
    p = sub.add_parser(
        "export", help="the chronology as ACLED-, UCDP-shaped tables, GeoJSON, TimelineJS or CSV"
    )
    p.add_argument("--data", type=Path, default=DATA, help="data folder (default: the repository's data/)")
    p.add_argument("--format", action="append", choices=EXPORT_FORMATS, required=True, help="repeatable")
    p.add_argument("-o", "--out", type=Path, help="output folder (default: exports/, or DIR/exports)")
    _add_source_commands(sub)
    p = sub.add_parser("cite", help="print the citation of the dataset or of one figure")
    p.add_argument("figure", nargs="?", help="a figure id, e.g. fig03 (default: the dataset)")
    p.add_argument("--format", default="bibtex", choices=("bibtex", "apa", "cff"))
    p = sub.add_parser(
        "explore", help="write the offline explorer page: timeline, map, every event's evidence"
    )
    p.add_argument("--data", type=Path, default=DATA, help="data folder (default: the repository's data/)")
    p.add_argument("-o", "--out", type=Path, help="output folder (default: explore/, or DIR/explore)")
    p = sub.add_parser(
        "show", help="one place: its events, windows, milestones, agreement, control and claims"
    )
    p.add_argument("place", help="any spelling in the gazetteer (case, accents, hyphens do not matter)")
    p.add_argument("--data", type=Path, default=DATA, help="data folder (default: the repository's data/)")
    p = sub.add_parser("diff", help="events added, removed or changed between two versions, and why")
    p.add_argument(
        "old_ref", nargs="?", help="a version (0.2.1, v0.2.1) or git ref (default: the last release)"
    )
    p.add_argument("new_ref", nargs="?", help="a version or git ref (default: the working tree)")
    p.add_argument("-o", "--output", type=Path, help="also write the changes as CSV to this file")
    args = parser.parse_args(argv)
    from analysis.output import BuildError
    from analysis.validation import DataError

    _survive_any_terminal()
    commands = {
        "check": lambda: _check(args.data),
        "build": lambda: _build(args.data),
        "figures": lambda: _figures(args.data, args.out, args.force),
        "export": lambda: _export(args.data, args.format, args.out),
        "cite": lambda: _cite(args.figure, args.format),
        "diff": lambda: _diff(args.old_ref, args.new_ref, args.output),
        "explore": lambda: _explore(args.data, args.out),
        "show": lambda: _show(args.data, args.place),
    }
    try:
        if args.command in ("propose", "add", "accept"):
            return {"propose": _propose, "add": _add, "accept": _accept}[args.command](args)
        return commands[args.command]()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {_shown(exc.strerror)}", file=sys.stderr)
        return 1


def _shown(value: object) -> str:
    """A path or message as printed: control, line-separator and bidi characters escaped (analysis.escaping)."""
    from analysis.escaping import terminal_text

    return terminal_text(value)


def _survive_any_terminal() -> None:
    """Characters the terminal cannot show are printed as escapes, never a UnicodeEncodeError
    (``PYTHONIOENCODING=ascii``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
