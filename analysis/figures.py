"""The figure registry: ``python -m analysis figures`` (``make figures``) writes every figure.

Each figure is written as ``figures/figNN-slug.png`` (200 dpi, for reports), ``.svg`` (for
editing) and ``.csv`` (exactly the numbers plotted). Outputs are byte-deterministic (fixed
``svg.hashsalt``, no dates in metadata) and the build is all or nothing: ``figures/`` and
``data/processed/`` are staged beside themselves and swapped in whole only when every figure
succeeded (:mod:`analysis.output`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.containment import check_output_folder
from analysis.dataset import Dataset, load
from analysis.freshness import build_digest, figure_digest, is_fresh, stamp_path
from analysis.metadata import write_generated
from analysis.output import staged_outputs, write_csv
from analysis.paths import DATA, FIGURES, data_files

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Builder = Callable[[Dataset], "tuple[Figure, pd.DataFrame]"]


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its stable id and slug, and the builder returning (figure, plotted data).

    ``builder`` is the function, or its ``"module:function"`` name, imported only when the
    figure is drawn: a build with every figure up to date never imports the plotting code.
    """

    figure_id: str
    slug: str
    builder: Builder | str

    @property
    def stem(self) -> str:
        return f"{self.figure_id}-{self.slug}"

    @property
    def build(self) -> Builder:
        if callable(self.builder):
            return self.builder
        module, name = self.builder.split(":")
        return getattr(importlib.import_module(module), name)


REGISTRY: tuple[FigureSpec, ...] = (
    FigureSpec("fig01", "timeline", "analysis.plots.timeline:plot_timeline"),
    FigureSpec("fig02", "cumulative-recaptures", "analysis.plots.pace_charts:plot_cumulative"),
    FigureSpec("fig03", "occupation-spans", "analysis.plots.pace_charts:plot_occupation"),
    FigureSpec("fig04", "recapture-gaps", "analysis.plots.pace_charts:plot_gaps"),
    FigureSpec("fig05", "source-coverage", "analysis.plots.coverage:plot_coverage"),
    FigureSpec("fig06", "map-recaptures", "analysis.plots.maps:plot_recapture_map"),
    FigureSpec("fig07", "map-control-snapshots", "analysis.plots.maps:plot_control_snapshots"),
    FigureSpec("fig08", "area-and-towns", "analysis.plots.territory:plot_territory"),
)


#: ``savefig`` options per file type: no date or software version in the files (byte-deterministic).
#: PNGs at zlib level 4 with the default strategy: the same pixels as Pillow's default, in files
#: 17% smaller (2.9 MB for all eight instead of 3.5 MB).
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    ".png": {
        "format": "png",
        "metadata": {"Software": None},
        "pil_kwargs": {"compress_level": 4, "compress_type": 0},
    },
    ".svg": {"format": "svg", "metadata": {"Date": None, "Creator": None}},
}


def save_figure(fig: Figure, plotted: pd.DataFrame, stem: Path) -> list[Path]:
    """Write ``stem``.png/.svg/.csv deterministically; returns the three paths.

    The layout is computed once, at the PNG's resolution, and then fixed, so that both files
    show the same layout (a layout engine run again for the SVG's 72 dpi would move text).
    """
    import matplotlib as mpl

    from analysis.plots.style import RC

    with mpl.rc_context(RC):
        fig.set_dpi(RC["savefig.dpi"])
        if fig.get_layout_engine() is not None:
            fig.get_layout_engine().execute(fig)
            fig.set_layout_engine("none")
        for suffix, options in SAVE_OPTIONS.items():
            fig.savefig(stem.with_suffix(suffix), **options)
    write_csv(plotted, stem.with_suffix(".csv"))
    return [stem.with_suffix(s) for s in (".png", ".svg", ".csv")]


def build_all(
    data_dir: Path = DATA,
    figures_dir: Path = FIGURES,
    registry: tuple[FigureSpec, ...] = REGISTRY,
    force: bool = False,
) -> list[Path]:
    """Rebuild ``data/processed/chronology.csv``, ``milestones.csv`` and every figure that is out of date, all or nothing.

    Then, for the repository's data only, the counts and descriptions of README.md, CITATION.cff
    and datapackage.json and the release notes (:func:`analysis.metadata.write_generated`).

    A figure is out of date unless its stamp holds the digest of the current inputs, code and
    libraries (:mod:`analysis.freshness`); ``force`` redraws every figure. Figures are drawn one
    after another in this process; each is deterministic, so skipping one changes no bytes.
    """
    check_output_folder(figures_dir)  # a file, device or link is refused before any work
    data = load(data_dir)
    shared = build_digest(data_dir, data.sources)
    digests = {spec.figure_id: figure_digest(spec.figure_id, shared) for spec in registry}
    with staged_outputs(data_files(data_dir)["chronology"].parent, figures_dir) as stage:
        stage.table(data.chronology, data_files(data_dir)["chronology"])
        stage.table(data.milestones, data_files(data_dir)["milestones"])
        # decided under the build lock, after any interrupted build was completed; the figures
        # not redrawn stay as they are (only staged files are moved in)
        stale = tuple(
            spec
            for spec in registry
            if force or not is_fresh(figures_dir, spec.stem, digests[spec.figure_id])
        )
        folder = stage.folder(figures_dir)
        for spec in stale:
            fig, plotted = spec.build(data)
            paths = save_figure(fig, plotted, folder / spec.stem)
            stamp = stamp_path(folder, spec.stem)
            stamp.write_text(digests[spec.figure_id] + "\n", encoding="utf-8")
            for path in [*paths, stamp]:
                stage.file(path, figures_dir)
    return stage.written + write_generated(data, data_dir)
