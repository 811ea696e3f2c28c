"""The figure registry: ``python -m analysis figures`` (``make figures``) writes every figure.

Each figure is written as ``figures/figNN-slug.png`` (200 dpi, for reports), ``.svg`` (for
editing) and ``.csv`` (exactly the numbers plotted). Outputs are byte-deterministic (fixed
``svg.hashsalt``, no dates in metadata) and the build is all or nothing: ``figures/`` and
``data/processed/`` are staged beside themselves and swapped in whole only when every figure
succeeded (:mod:`analysis.output`).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.containment import check_output_folder
from analysis.dataset import Dataset, load
from analysis.freshness import build_digest, figure_digest, is_fresh, stamp_path
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


#: zlib level 4 with the default strategy: all eight PNGs encode in 0.92 s of CPU against 1.05 s
#: with Pillow's default (level 6, filtered strategy), in files of the same total size (2.9 MB);
#: level 3 would save another 0.17 s for files 19% larger. Same pixels whatever the level.
PNG_ENCODING = {"compress_level": 4, "compress_type": 0}  # 0 = Z_DEFAULT_STRATEGY
#: ``savefig`` options per file type: no date or software version in the files (byte-deterministic).
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    ".png": {"format": "png", "metadata": {"Software": None}, "pil_kwargs": PNG_ENCODING},
    ".svg": {"format": "svg", "metadata": {"Date": None, "Creator": None}},
}


def save_figure(fig: Figure, plotted: pd.DataFrame, stem: Path) -> list[Path]:
    """Write ``stem``.png/.svg/.csv deterministically (:func:`lay_out` first); returns the three paths."""
    import matplotlib as mpl

    from analysis.plots.style import RC

    lay_out(fig)
    with mpl.rc_context(RC):
        for suffix, options in SAVE_OPTIONS.items():
            fig.savefig(stem.with_suffix(suffix), **options)
    write_csv(plotted, stem.with_suffix(".csv"))
    return [stem.with_suffix(s) for s in (".png", ".svg", ".csv")]


def lay_out(fig: Figure) -> None:
    """Lay ``fig`` out once for both files, then freeze its ticks.

    The layout engine runs once and is then switched off (not once per file), at the PNG's
    resolution on the PNG's renderer, so the PNG reuses the text extents the layout measured
    (matplotlib caches them per renderer); :func:`freeze_ticks` then spares both files the
    tick locators.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.plots.style import RC

    with mpl.rc_context(RC):
        FigureCanvasAgg(fig)  # attaches itself; it keeps its renderer while size and dpi stay the same
        fig.set_dpi(RC["savefig.dpi"])
        if fig.get_layout_engine() is not None:
            fig.get_layout_engine().execute(fig)
            fig.set_layout_engine("none")
        freeze_ticks(fig)


def freeze_ticks(fig: Figure) -> None:
    """Fix every axis's tick locations to those its locators give now; the ticks drawn stay the same.

    For a figure whose view limits are final (laid out, nothing more to plot). Locators run at
    every draw, and the date rules of the time axes are slow; fixed locations skip them (about
    8% of the CPU time of saving all figures, every output byte-identical).
    """
    from matplotlib.ticker import FixedLocator

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(FixedLocator(axis.get_majorticklocs()))
            axis.set_minor_locator(FixedLocator(axis.get_minorticklocs()))


def build_all(
    data_dir: Path = DATA,
    figures_dir: Path = FIGURES,
    registry: tuple[FigureSpec, ...] = REGISTRY,
    workers: int | None = None,
    force: bool = False,
) -> list[Path]:
    """Rebuild ``data/processed/chronology.csv``, ``milestones.csv`` and every figure that is out of date, all or nothing.

    A figure is out of date unless its stamp holds the digest of the current inputs, code and
    libraries (:mod:`analysis.freshness`); ``force`` redraws every figure. Figures are drawn in
    ``workers`` forked processes (default: one per core), the slowest first; each figure is
    independent and deterministic, so the bytes depend neither on the split nor on skipping.
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
        for spec, paths in zip(stale, _render_all(stale, data, folder, workers), strict=True):
            stamp = stamp_path(folder, spec.stem)
            stamp.write_text(digests[spec.figure_id] + "\n", encoding="utf-8")
            for path in [*paths, stamp]:
                stage.file(path, figures_dir)
    return stage.written


_JOB: tuple[tuple[FigureSpec, ...], list[Builder], Dataset, Path] | None = None  # shared with forked workers


def _render(index: int) -> list[Path]:
    registry, builders, data, folder = _JOB
    fig, plotted = builders[index](data)
    return save_figure(fig, plotted, folder / registry[index].stem)


# Measured CPU seconds per figure (build, layout, PNG, SVG; benchmarks/README.md), slowest first:
# fig06 1.25, fig05 1.20, fig07 0.97, fig08 0.79, fig03 0.78, fig01 0.77 (fig04 0.67, fig02 0.33).
# Starting the slowest first keeps one worker from finishing alone with a long figure.
SLOWEST_FIRST = ("fig06", "fig05", "fig07", "fig08", "fig03", "fig01")


def _render_order(registry: tuple[FigureSpec, ...]) -> list[int]:
    """Positions in ``registry``, the slowest figures first, the others in registry order."""
    rank = {figure_id: i for i, figure_id in enumerate(SLOWEST_FIRST)}
    return sorted(range(len(registry)), key=lambda i: (rank.get(registry[i].figure_id, len(rank)), i))


def _render_all(
    registry: tuple[FigureSpec, ...], data: Dataset, folder: Path, workers: int | None
) -> list[list[Path]]:
    """Render every figure; results in registry order; in forked workers when the platform can fork."""
    global _JOB
    _JOB = (
        registry,
        [spec.build for spec in registry],
        data,
        folder,
    )  # plotting code imported before forking
    workers = min(len(registry), workers or os.cpu_count() or 1)
    order = _render_order(registry)
    try:
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            rendered = [_render(i) for i in order]
        else:
            context = multiprocessing.get_context("fork")
            # leaving the block terminates the workers, also on an error or Ctrl-C / SIGTERM
            with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
                rendered = pool.map(_render, order, chunksize=1)
    finally:
        _JOB = None
    by_position = dict(zip(order, rendered, strict=True))
    return [by_position[i] for i in range(len(registry))]


def _die_with_parent(parent_pid: int) -> None:
    """Make a forked worker end when the build process ends, even by SIGKILL (Linux prctl).

    It also restores SIGTERM's default action, which the fork copied from the build (there it
    raises SystemExit while the outputs are staged, :mod:`analysis.output`). The pool stops its
    workers with SIGTERM and then waits for them; with the copied handler a worker once outlived
    that SIGTERM, blocked on the pool's task queue, and the build waited for it forever (seen
    once in the test suite). With the default action the kernel ends the worker at once.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        pass
    if os.getppid() != parent_pid:  # the parent died before the line above ran
        os._exit(1)
