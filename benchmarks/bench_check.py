"""Time and peak memory of ``python -m analysis check`` on synthetic valid data folders.

Usage: ``.venv/bin/python benchmarks/bench_check.py [--sizes 100000 1000000]``

Each size builds a data folder in a temporary directory (not timed): ``n`` claims in
``n / 100`` invented articles of 100 sentences each (written here, own sentences), about
``n / 4`` invented towns, each seized and retaken once (two claims per episode, episodes 1-2).
Then ``python -m analysis check --data DIR`` runs in a fresh process; wall time and the
child's peak RSS (``ru_maxrss``) are reported. Results go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from analysis.claims import COLUMNS as CLAIM_COLUMNS
from analysis.paths import data_files
from analysis.places import COLUMNS as PLACE_COLUMNS
from analysis.sources import COLUMNS as SOURCE_COLUMNS

CLAIMS_PER_ARTICLE = 100
PUBLISHED = date(2017, 12, 9)


def _sentence(town: str, event: str, day: date) -> str:
    verb = "was seized by the militants" if event == "seized" else "was taken back by the army"
    return f"{town} {verb} on {day:%B} {day.day}, {day.year}."


def write_corpus(folder: Path, n_claims: int) -> None:
    """A valid data folder with ``n_claims`` claims (a multiple of 4)."""
    articles = folder / "raw" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(data_files()["area_estimates"], data_files(folder)["area_estimates"])  # the real, small table
    n_towns = n_claims // 4
    with (
        open(folder / "places.csv", "w", newline="", encoding="utf-8") as places_file,
        open(folder / "claims.csv", "w", newline="", encoding="utf-8") as claims_file,
        open(folder / "sources.csv", "w", newline="", encoding="utf-8") as sources_file,
    ):
        places, claims, sources = (
            csv.writer(f, lineterminator="\n") for f in (places_file, claims_file, sources_file)
        )
        places.writerow(PLACE_COLUMNS)
        claims.writerow(CLAIM_COLUMNS)
        sources.writerow(SOURCE_COLUMNS)
        for t in range(n_towns):
            lat, lon = 30 + (t % 7000) / 1000, 38 + (t // 7000 % 9000) / 1000
            places.writerow(
                [f"t{t}", f"Town{t}", "", "IRQ", "", "town", f"{lat:.3f}", f"{lon:.3f}", "invented"]
            )
        sentences: list[str] = []
        rows: list[list[str]] = []
        for c in range(n_claims):
            town, episode, event = c // 4, 1 + c % 4 // 2, ("seized", "retaken")[c % 2]
            day = date(2014, 1, 1) + timedelta(days=(c % 4) * 300 + town % 200)
            sentence = _sentence(f"Town{town}", event, day)
            sentences.append(sentence)
            date_text = f"{day:%B} {day.day}, {day.year}"
            source_id = f"s{c // CLAIMS_PER_ARTICLE}"
            rows.append(
                [
                    f"c{c}",
                    source_id,
                    f"t{town}",
                    event,
                    str(episode),
                    "",
                    "unknown",
                    "",
                    date_text,
                    "",
                    sentence,
                    "",
                    "control",
                    "",
                    "",
                    "",
                ]
            )
            if len(sentences) == CLAIMS_PER_ARTICLE or c == n_claims - 1:
                body = ("\n".join(sentences) + "\n").encode("utf-8")
                name = f"{source_id}.txt"
                (articles / name).write_bytes(body)
                sources.writerow(
                    [source_id, "Invented", "stated", "benchmark", f"Article {source_id}", PUBLISHED.isoformat(),
                     "day", "benchmark", name, hashlib.sha256(body).hexdigest(), "", "benchmark", "quoted", "news", "",
                     "benchmark", ""]
                )  # fmt: skip
                claims.writerows(rows)
                sentences, rows = [], []


def run_check(folder: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system) and peak RSS in MB of the child, its last output line.

    CPU time is reported too because the machine is shared: wall time grows with the load.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check", "--data", str(folder)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(
            f"check failed on the synthetic data:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return seconds, cpu, after.ru_maxrss / 1024, result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print("| rows | wall s | CPU s | CPU s per 1M rows | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.sizes:  # ru_maxrss is the largest child so far: run sizes in ascending order
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            write_corpus(Path(tmp), n - n % 4)
            seconds, cpu, peak_mb, summary = run_check(Path(tmp))
        print(
            f"| {n:,} | {seconds:.1f} | {cpu:.1f} | {cpu / n * 1e6:.1f} | {peak_mb:,.0f} |  <!-- {summary} -->",
            flush=True,
        )


if __name__ == "__main__":
    main()
