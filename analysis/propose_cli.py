"""``python -m analysis propose``: candidate claims of one article or of a folder of articles."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis.extract import propose
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
    places = load_places(data_dir)
    frames = []
    for path in tqdm(paths, desc="propose", unit="article", disable=not progress, file=sys.stderr):
        text, problems = read_text_strict(path)
        raise_if_any([p for p in problems if "carriage return" not in p.message])
        frames.append(propose(text, window, places, source_id).assign(article=path.name))
    if not frames:
        raise DataError(
            [Problem(display_path(paths[0].parent) if paths else "-", 0, "-", "no *.txt articles")]
        )
    table = pd.concat(frames, ignore_index=True)
    return table[["article", *[c for c in table.columns if c != "article"]]]


def propose_command(
    article: Path, published: str, data_dir: Path, output: Path | None, source_id: str
) -> int:
    """Write proposals as CSV to ``output`` or stdout; a folder gets a progress bar on stderr."""
    article = Path(article)
    if article.is_dir():
        table = propose_many(sorted(article.glob("*.txt")), published, data_dir, source_id)
        if not len(list(article.glob("*.txt"))):
            raise DataError([Problem(display_path(article), 0, "-", "no *.txt articles in this folder")])
    else:
        table = propose_file(article, published, data_dir, source_id).drop(columns="article")
    if output is None:
        try:
            table.to_csv(sys.stdout, index=False, lineterminator="\n")
        except BrokenPipeError:  # the reader (head, less) stopped early
            sys.stderr.close()
    else:
        table.to_csv(output, index=False, lineterminator="\n")
        print(f"wrote {output} ({len(table)} proposed claims)", file=sys.stderr)
    return 0
