"""CPU seconds of each figure, step by step, in one process: build, layout, PNG, SVG.

The figures are drawn and saved as ``python -m analysis figures`` does (the steps of
:func:`analysis.figures.save_figure`, timed one by one), into a temporary folder; nothing in the repository changes. Used to order
the workers' queue (``analysis.figures.SLOWEST_FIRST``) and to see where a build's time goes.
Usage: ``.venv/bin/python benchmarks/figure_costs.py [--repeat N]`` (best of N, default 3).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import matplotlib as mpl

from analysis import load
from analysis.figures import REGISTRY, SAVE_OPTIONS, lay_out
from analysis.plots.style import RC

STEPS = ("build", "layout", "png", "svg")


def figure_costs(folder: Path) -> dict[str, list[float]]:
    """{figure id: [build, layout, png, svg] CPU seconds} for every registered figure."""
    data = load()
    costs = {}
    for spec in REGISTRY:
        builder = spec.build  # imported before timing
        marks = [time.process_time()]
        fig, _ = builder(data)
        marks.append(time.process_time())
        lay_out(fig)
        marks.append(time.process_time())
        with mpl.rc_context(RC):
            for suffix, options in SAVE_OPTIONS.items():
                fig.savefig(folder / f"figure{suffix}", **options)
                marks.append(time.process_time())
        costs[spec.figure_id] = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [figure_costs(Path(tmp)) for _ in range(args.repeat)]
    best = {fid: [min(run[fid][i] for run in runs) for i in range(len(STEPS))] for fid in runs[0]}
    print("| figure | " + " | ".join(STEPS) + " | total |\n| --- |" + " ---: |" * (len(STEPS) + 1))
    for fid, steps in sorted(best.items(), key=lambda item: -sum(item[1])):
        print(f"| {fid} | " + " | ".join(f"{s:.2f}" for s in steps) + f" | {sum(steps):.2f} |")
    sums = [sum(steps[i] for steps in best.values()) for i in range(len(STEPS))]
    print("| all | " + " | ".join(f"{s:.2f}" for s in sums) + f" | {sum(sums):.2f} |")


if __name__ == "__main__":
    main()
