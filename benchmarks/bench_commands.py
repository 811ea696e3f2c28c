"""Wall time of the user-facing commands, run on demand (``make benchmark``); never a test.

- The figure build against its floors, in one run so that the ratios share the machine's load:
  the import floor (``python -c 'import pandas, geopandas, matplotlib'``) and the blank-figure
  floor (``benchmarks/blank_figures.py``: those imports plus one blank figure per committed
  figure at the same pixel size, PNG 200 dpi and SVG). Timed: ``python -m analysis figures
  --force`` (every figure drawn again; goal <= 1.5x the blank-figure floor) and ``python -m
  analysis figures`` with nothing changed (figures whose inputs and code are unchanged are
  skipped; goal: little more than the import floor).
- ``make test`` split into its parts: unit/data/CLI tests, nbval, browser.

Each build command is run ``--repeat`` times (default 5), interleaved, and the median is
reported, in seconds. Usage: ``.venv/bin/python benchmarks/bench_commands.py [--repeat N] [--skip-tests]``.
"""

from __future__ import annotations

import argparse
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


def run(command: list[str]) -> float:
    """Wall-clock seconds of one run; fails loudly if the command fails."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-tests", action="store_true", help="time only the figure build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as blank_dir:
        commands = build_commands(blank_dir)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # interleaved: a burst of load hits every command alike
            for name, command in commands.items():
                times[name].append(run(command))
    median = {name: statistics.median(t) for name, t in times.items()}
    names = list(commands)
    print("| command | median wall time (s) |\n| --- | ---: |")
    for name in names:
        print(f"| {name} | {median[name]:.2f} |")
    print(
        f"| ratio full rebuild / blank-figure floor (goal <= 1.5) | {median[names[2]] / median[names[1]]:.2f} |"
    )
    print(f"| ratio nothing-changed build / import floor | {median[names[3]] / median[names[0]]:.2f} |")
    if args.skip_tests:
        return
    total = 0.0
    for name, command in TEST_PARTS.items():
        seconds = run(command)
        total += seconds
        print(f"| make test: {name} | {seconds:.2f} |")
    print(f"| make test: total of the parts | {total:.2f} |")


if __name__ == "__main__":
    main()
