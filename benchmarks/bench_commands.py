"""Wall time of the user-facing commands, run on demand (``make benchmark``); never a test.

- The figure build against its floors, in one run so that the ratios share the machine's load:
  the import floor (``python -c 'import pandas, geopandas, matplotlib'``) and the blank-figure
  floor (``benchmarks/blank_figures.py``: those imports plus one blank figure per committed
  figure at the same pixel size, PNG 200 dpi and SVG). Timed: ``python -m analysis figures
  --force`` (every figure drawn again; goal <= 1.5x the blank-figure floor) and ``python -m
  analysis figures`` with nothing changed (figures whose inputs and code are unchanged are
  skipped; goal: little more than the import floor).
- ``make test`` split into its parts: unit/data/CLI tests, nbval, browser.

Each build command is run ``--repeat`` times (default 5), interleaved; the median and the
best wall time and the median CPU time (user + system, children included) are reported, in
seconds. On a shared machine the best wall time is the closest to a quiet machine's. Usage: ``.venv/bin/python benchmarks/bench_commands.py [--repeat N] [--skip-tests]``.
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

from analysis.paths import ROOT

PY = sys.executable
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
TEST_PARTS = {
    "unit, data and CLI tests": [PY, "-m", "pytest", "-q", "-m", "not browser", "tests"],
    "notebooks (nbval)": [PY, "-m", "pytest", "-q", *NBVAL, "notebooks"],
    "browser (JupyterLab in Chromium)": [PY, "-m", "pytest", "-q", "-m", "browser", "tests"],
}


def build_commands(blank_dir: str) -> dict[str, list[str]]:
    return {
        "import floor: python -c 'import pandas, geopandas, matplotlib'": [
            PY,
            "-c",
            "import pandas, geopandas, matplotlib",
        ],
        "blank-figure floor: benchmarks/blank_figures.py": [PY, "benchmarks/blank_figures.py", blank_dir],
        "python -m analysis figures --force (full rebuild)": [PY, "-m", "analysis", "figures", "--force"],
        "python -m analysis figures (nothing changed)": [PY, "-m", "analysis", "figures"],
    }


def run(command: list[str]) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run, CPU = user + system of the command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-tests", action="store_true", help="time only the figure build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as blank_dir:
        commands = build_commands(blank_dir)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for _ in range(args.repeat):  # interleaved: a burst of load hits every command alike
            for name, command in commands.items():
                times[name].append(run(command))
    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    best = {name: min(t[0] for t in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    names = list(commands)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("| command | median wall (s) | best wall (s) | median CPU (s) |\n| --- | ---: | ---: | ---: |")
    for name in names:
        print(f"| {name} | {wall[name]:.2f} | {best[name]:.2f} | {cpu[name]:.2f} |")
    for label, a, b in (
        ("full rebuild / blank-figure floor (goal <= 1.5)", names[2], names[1]),
        ("nothing-changed build / import floor", names[3], names[0]),
    ):
        print(
            f"| ratio {label} | {wall[a] / wall[b]:.2f} | {best[a] / best[b]:.2f} | {cpu[a] / cpu[b]:.2f} |"
        )
    if args.skip_tests:
        return
    total = 0.0
    for name, command in TEST_PARTS.items():
        seconds, _ = run(command)
        total += seconds
        print(f"| make test: {name} | {seconds:.2f} |")
    print(f"| make test: total of the parts | {total:.2f} |")


if __name__ == "__main__":
    main()
