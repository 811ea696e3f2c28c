"""Incremental figure build: a figure is redrawn only when its inputs, code or libraries changed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

import analysis
from analysis import figures, freshness
from analysis.figures import FigureSpec


def _tiny(data) -> tuple[Figure, pd.DataFrame]:
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [len(data.chronology), 0])
    return fig, data.chronology[["event_id"]]


REGISTRY = (FigureSpec("fig91", "tiny-a", _tiny), FigureSpec("fig92", "tiny-b", _tiny))


def _drawn(written: list[Path]) -> set[str]:
    return {p.name[:5] for p in written if p.suffix == ".png"}


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_unchanged_figures_are_skipped_and_force_redraws_the_same_bytes(data_copy, tmp_path):
    out = tmp_path / "figures"
    build = lambda **kw: figures.build_all(data_copy, out, registry=REGISTRY, **kw)  # noqa: E731
    assert _drawn(build()) == {"fig91", "fig92"}
    first = _bytes(out)
    assert "fig91-tiny-a.inputs" in first
    assert _drawn(build()) == set()  # nothing changed
    assert _drawn(build(force=True)) == {"fig91", "fig92"}
    assert _bytes(out) == first  # a forced rebuild gives byte-identical outputs


def test_a_changed_input_or_a_missing_output_redraws(data_copy, tmp_path):
    out = tmp_path / "figures"
    build = lambda: figures.build_all(data_copy, out, registry=REGISTRY)  # noqa: E731
    build()
    (out / "fig92-tiny-b.svg").unlink()
    assert _drawn(build()) == {"fig92"}
    claims = data_copy / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Undated:", "Undated -"), encoding="utf-8")
    assert _drawn(build()) == {"fig91", "fig92"}


def test_the_digest_covers_data_code_and_figure_id(data_copy, tmp_path, monkeypatch):
    before = freshness.build_digest(data_copy)
    assert freshness.build_digest(data_copy) == before  # deterministic
    assert freshness.figure_digest("fig01", before) != freshness.figure_digest("fig02", before)
    article = next((data_copy / "raw" / "articles").iterdir())
    article.write_bytes(article.read_bytes() + b" ")
    assert freshness.build_digest(data_copy) != before
    package = tmp_path / "analysis"
    package.mkdir()
    (package / "x.py").write_text("A = 1\n")
    monkeypatch.setattr(freshness, "PACKAGE", package)
    monkeypatch.setattr(freshness, "ROOT", tmp_path)
    code_1 = freshness.build_digest(data_copy)
    (package / "x.py").write_text("A = 2\n")
    code_2 = freshness.build_digest(data_copy)
    assert code_2 != code_1
    monkeypatch.setattr(analysis, "__version__", "9.9.9")  # a release changes every figure's note
    assert freshness.build_digest(data_copy) != code_2
