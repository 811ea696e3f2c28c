"""The figure registry: ``python -m analysis figures`` (``make figures``) writes every figure.

Each figure is written as ``figures/figNN-slug.png`` (200 dpi, for reports), ``.svg`` (for
editing) and ``.csv`` (exactly the numbers plotted). Outputs are byte-deterministic (fixed
``svg.hashsalt``, no dates in metadata) and the build is atomic: everything is written to a
staging folder first and moved into place only when every figure succeeded.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from analysis.chronology import reconcile
from analysis.claims import load_claims
from analysis.output import staged_outputs
from analysis.paths import DATA, FIGURES, data_files
from analysis.places import load_places
from analysis.plots.coverage import plot_coverage
from analysis.plots.maps import plot_control_snapshots, plot_recapture_map
from analysis.plots.pace_charts import plot_cumulative, plot_gaps, plot_occupation
from analysis.plots.style import RC
from analysis.plots.timeline import plot_timeline
from analysis.sources import load_sources

Inputs = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its stable id and slug, and the builder returning (figure, plotted data)."""

    figure_id: str
    slug: str
    build: Callable[[Inputs], tuple[Figure, pd.DataFrame]]

    @property
    def stem(self) -> str:
        return f"{self.figure_id}-{self.slug}"


REGISTRY: tuple[FigureSpec, ...] = (
    FigureSpec(
        "fig01", "timeline", lambda d: plot_timeline(d["chronology"], d["claims"], d["places"], d["sources"])
    ),
    FigureSpec(
        "fig02",
        "cumulative-recaptures",
        lambda d: plot_cumulative(d["chronology"], d["places"], d["sources"]),
    ),
    FigureSpec(
        "fig03", "occupation-spans", lambda d: plot_occupation(d["chronology"], d["places"], d["sources"])
    ),
    FigureSpec("fig04", "recapture-gaps", lambda d: plot_gaps(d["chronology"], d["places"], d["sources"])),
    FigureSpec(
        "fig05", "source-coverage", lambda d: plot_coverage(d["chronology"], d["claims"], d["sources"])
    ),
    FigureSpec(
        "fig06", "map-recaptures", lambda d: plot_recapture_map(d["chronology"], d["places"], d["sources"])
    ),
    FigureSpec(
        "fig07",
        "map-control-snapshots",
        lambda d: plot_control_snapshots(d["chronology"], d["places"], d["sources"]),
    ),
)


def load_inputs(data_dir: Path = DATA) -> Inputs:
    """Validated sources, places, claims and the chronology reconciled from them."""
    claims, places = load_claims(data_dir), load_places(data_dir)
    return {
        "sources": load_sources(data_dir),
        "places": places,
        "claims": claims,
        "chronology": reconcile(claims, places),
    }


def save_figure(fig: Figure, data: pd.DataFrame, stem: Path) -> list[Path]:
    """Write ``stem``.png/.svg/.csv deterministically; returns the three paths."""
    with mpl.rc_context(RC):
        fig.savefig(stem.with_suffix(".png"), format="png", metadata={"Software": None})
        fig.savefig(stem.with_suffix(".svg"), format="svg", metadata={"Date": None, "Creator": None})
    data.to_csv(stem.with_suffix(".csv"), index=False, lineterminator="\n", encoding="utf-8")
    return [stem.with_suffix(s) for s in (".png", ".svg", ".csv")]


def build_all(
    data_dir: Path = DATA,
    figures_dir: Path = FIGURES,
    registry: tuple[FigureSpec, ...] = REGISTRY,
    workers: int | None = None,
) -> list[Path]:
    """Rebuild ``data/processed/chronology.csv`` and every registered figure, all or nothing.

    Figures are drawn in ``workers`` forked processes (default: one per core, at most 2 here);
    each figure is independent and deterministic, so the bytes do not depend on the split.
    """
    inputs = load_inputs(data_dir)
    chronology_path = data_files(data_dir)["chronology"]
    with staged_outputs() as stage:
        stage.table(inputs["chronology"], chronology_path)
        for paths in _render_all(registry, inputs, stage.folder, workers):
            for path in paths:
                stage.add(path, figures_dir / path.name)
    return stage.written


_JOB: tuple[tuple[FigureSpec, ...], Inputs, Path] | None = None  # shared with forked workers


def _render(index: int) -> list[Path]:
    registry, inputs, folder = _JOB
    spec = registry[index]
    fig, data = spec.build(inputs)
    return save_figure(fig, data, folder / spec.stem)


def _render_all(
    registry: tuple[FigureSpec, ...], inputs: Inputs, folder: Path, workers: int | None
) -> list[list[Path]]:
    """Render every figure, in order; in forked workers when the platform can fork."""
    global _JOB
    _JOB = (registry, inputs, folder)
    workers = min(len(registry), workers or os.cpu_count() or 1)
    try:
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [_render(i) for i in range(len(registry))]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_render, range(len(registry))))
    finally:
        _JOB = None
