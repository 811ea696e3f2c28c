"""Wall time of the user-facing commands, run on demand (``make benchmark``); never a test.

- ``python -m analysis figures`` (what ``make figures`` runs once .venv exists) against the
  floor of starting Python and importing pandas, geopandas and matplotlib: the ratio's goal
  is at most 3x.
- ``make test`` split into its parts: unit/data/CLI tests, nbval, browser.

Each command is run ``--repeat`` times (default 3) and the median is reported, in seconds.
Usage: ``.venv/bin/python benchmarks/bench_commands.py [--repeat N] [--skip-tests]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from analysis.paths import ROOT

PY = sys.executable
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
FLOOR = [PY, "-c", "import pandas, geopandas, matplotlib"]
FIGURES = [PY, "-m", "analysis", "figures"]
TEST_PARTS = {
    "unit, data and CLI tests": [PY, "-m", "pytest", "-q", "-m", "not browser", "tests"],
    "notebooks (nbval)": [PY, "-m", "pytest", "-q", *NBVAL, "notebooks"],
    "browser (JupyterLab in Chromium)": [PY, "-m", "pytest", "-q", "-m", "browser", "tests"],
}


def wall_time(command: list[str], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` runs; fails loudly if the command fails."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-tests", action="store_true", help="time only the figure build")
    args = parser.parse_args()
    floor = wall_time(FLOOR, args.repeat)
    build = wall_time(FIGURES, args.repeat)
    print("| command | median wall time (s) |\n| --- | ---: |")
    print(f"| floor: python -c 'import pandas, geopandas, matplotlib' | {floor:.2f} |")
    print(f"| python -m analysis figures (make figures) | {build:.2f} |")
    print(f"| ratio figures / floor (goal <= 3) | {build / floor:.2f} |")
    if args.skip_tests:
        return
    total = 0.0
    for name, command in TEST_PARTS.items():
        seconds = wall_time(command, 1)
        total += seconds
        print(f"| make test: {name} | {seconds:.2f} |")
    print(f"| make test: total of the parts | {total:.2f} |")


if __name__ == "__main__":
    main()
