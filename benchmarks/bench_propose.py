"""Speed of ``python -m analysis propose DIR/`` over 1,000 articles; run on demand, never a test.

The folder is synthesised from the evaluation set (``tests/extraction_eval/articles`` and
the three seed articles): article i is evaluation article i mod n with its paragraphs
rotated by i // n places, so texts differ while style and length stay realistic. The
command runs as a user runs it (a fresh process, gazetteer loaded from ``data/``, output to
a CSV, progress bar on stderr); the wall time includes Python start-up and imports, and so does
the CPU time (user + system of the child), which is the steadier figure on a shared machine.

Usage: ``.venv/bin/python benchmarks/bench_propose.py [--articles 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.paths import RAW_ARTICLES, ROOT

EVAL_ARTICLES = ROOT / "tests" / "extraction_eval" / "articles"


def synthesise(folder: Path, n: int) -> None:
    """Write ``n`` articles built from the evaluation texts (paragraphs rotated) into ``folder``."""
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted([*EVAL_ARTICLES.glob("*.txt"), *RAW_ARTICLES.glob("*.txt")])
    ]
    for i in range(n):
        paragraphs = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
        shift = (i // len(texts)) % len(paragraphs)
        (folder / f"{i:04d}.txt").write_text(
            "\n\n".join(paragraphs[shift:] + paragraphs[:shift]) + "\n", encoding="utf-8"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        synthesise(folder, args.articles)
        out = Path(tmp) / "proposals.csv"
        command = [
            sys.executable,
            "-m",
            "analysis",
            "propose",
            f"{folder}/",
            "--published",
            "2017-12-10",
            "-o",
            str(out),
        ]
        times, cpus = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
    median, cpu = statistics.median(times), statistics.median(cpus)
    print(f"propose over {args.articles} articles: median {median:.2f} s wall ({args.articles / median:.0f} articles/s), "
          f"{cpu:.2f} s CPU ({args.articles / cpu:.0f} articles/s) of {args.repeat} runs, start-up included; "
          f"{rows} proposed rows; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
