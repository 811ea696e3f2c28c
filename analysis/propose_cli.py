"""``python -m analysis propose``: candidate claims of one article or of a folder of articles."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis.containment import id_problem
from analysis.escaping import terminal_text
from analysis.extract import PROPOSAL_COLUMNS, Gazetteer, propose_records
from analysis.output import safe_table, write_csv
from analysis.places import load_places
from analysis.sources import parse_published
from analysis.validation import DataError, Problem, display_path, raise_if_any, read_text_strict


def propose_file(path: Path, published: str, data_dir: Path, source_id: str = "new") -> pd.DataFrame:
    """Proposals for one UTF-8 article file; DataError naming the file for bad input."""
    return propose_many([Path(path)], published, data_dir, source_id, progress=False)


def propose_many(
    paths: list[Path], published: str, data_dir: Path, source_id: str = "new", progress: bool = True
) -> pd.DataFrame:
    """Proposals for several articles sharing one publication window, with an ``article`` column."""
    try:
        window = parse_published(published)
    except ValueError as exc:
        raise DataError(
            [
                Problem(
                    "--published", 0, "-", f"{published!r} is not an ISO date or date/date interval ({exc})"
                )
            ]
        ) from None
    reason = id_problem(source_id)
    if reason is not None:  # it prefixes every proposed claim id
        raise DataError([Problem("--source-id", 0, "-", f"source id: {reason}")])
    places = Gazetteer(load_places(data_dir))  # built once for every article
    records = []
    for path in tqdm(paths, desc="propose", unit="article", disable=not progress, file=sys.stderr):
        text, problems = read_text_strict(path)
        raise_if_any([p for p in problems if "carriage return" not in p.message])
        records += [{"article": path.name, **r} for r in propose_records(text, window, places, source_id)]
    return pd.DataFrame(records, columns=["article", *PROPOSAL_COLUMNS])


def propose_command(
    article: Path, published: str, data_dir: Path, output: Path | None, source_id: str
) -> int:
    """Write proposals as CSV to ``output`` or stdout (escaped for a terminal when stdout is one:
    control and bidi characters as escapes); a folder gets a progress bar on stderr."""
    article = Path(article)
    if article.is_dir():
        paths = sorted(article.glob("*.txt"))
        if not paths:
            raise DataError([Problem(display_path(article), 0, "-", "no *.txt articles in this folder")])
        table = propose_many(paths, published, data_dir, source_id)
    else:
        table = propose_file(article, published, data_dir, source_id).drop(columns="article")
    if output is None:
        if sys.stdout.isatty():  # a person reads it: no cell may drive the terminal (analysis.escaping)
            table = table.map(lambda v: terminal_text(v) if isinstance(v, str) else v)
        try:
            safe_table(table).to_csv(sys.stdout, index=False, lineterminator="\n")
        except BrokenPipeError:  # the reader (head, less) stopped early
            sys.stderr.close()
    else:
        write_csv(table, output)
        print(f"wrote {output} ({len(table)} proposed claims)", file=sys.stderr)
    return 0
