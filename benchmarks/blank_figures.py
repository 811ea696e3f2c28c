"""The blank-figure floor of the figure build: one process that imports pandas, geopandas and
matplotlib and saves one blank figure per committed figure, at the same pixel size, as PNG
(200 dpi) and SVG — the least any build of these files with this stack can cost.

Run by ``bench_commands.py`` (which times it as a whole process); alone:
``.venv/bin/python benchmarks/blank_figures.py OUT_DIR``.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import geopandas  # noqa: F401  (the build imports it: part of the floor)
import pandas  # noqa: F401
from matplotlib.figure import Figure

FIGURES = Path(__file__).resolve().parent.parent / "figures"
DPI = 200


def main(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = sorted(FIGURES.glob("fig*.png"))
    for png in pngs:
        width, height = struct.unpack(">II", png.read_bytes()[16:24])  # the PNG header's IHDR chunk
        fig = Figure(figsize=(width / DPI, height / DPI))
        fig.savefig(out_dir / png.name, dpi=DPI, format="png")
        fig.savefig(out_dir / png.with_suffix(".svg").name, format="svg")
    return len(pngs)


if __name__ == "__main__":
    n = main(Path(sys.argv[1]))
    print(f"{n} blank figures")
