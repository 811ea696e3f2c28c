"""The figure build: deterministic (byte-identical twice), atomic (a failure changes nothing),
complete (png, svg, csv per registered figure), and the committed outputs up to date.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis import figures

pytestmark = pytest.mark.slow


def _digests(*folders: Path) -> dict[str, str]:
    return {
        f"{folder.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(live_build, live, tmp_path_factory) -> tuple[Path, Path]:
    """Two complete builds, each from its own copy of the data into its own figures folder.

    The first is the session's build (shared with other tests); the second is another run.
    """
    root = tmp_path_factory.mktemp("second")
    shutil.copytree(live.data_dir, root / "data", ignore=shutil.ignore_patterns("processed"))
    figures.build_all(data_dir=root / "data", figures_dir=root / "figures")
    return live_build, root


def test_two_builds_are_byte_identical(two_builds):
    first, second = two_builds
    a = _digests(first / "figures", first / "data" / "processed")
    b = _digests(second / "figures", second / "data" / "processed")
    assert (
        a == b and len(a) == 4 * len(figures.REGISTRY) + 2
    )  # png, svg, csv, input stamp; chronology, milestones


def test_every_registered_figure_has_png_svg_csv(two_builds):
    built = {p.name for p in (two_builds[0] / "figures").iterdir()}
    for spec in figures.REGISTRY:
        assert {f"{spec.stem}.png", f"{spec.stem}.svg", f"{spec.stem}.csv"} <= built
    assert len({spec.figure_id for spec in figures.REGISTRY}) == len(figures.REGISTRY)


def test_committed_figures_and_chronology_are_what_the_build_gives(two_builds, live):
    """Run `make figures` and commit after any change to data or plotting code."""
    built = {k: v for k, v in _digests(two_builds[0] / "figures").items() if not k.endswith(".inputs")}
    figures_dir = live.data_dir.parent / "figures"  # the project folder holding this data folder
    committed = {
        k: v
        for k, v in _digests(figures_dir).items()
        if k.replace("figures/", "").startswith("fig") and not k.endswith(".inputs")  # stamps: not committed
    }
    assert committed == built
    for table in ("chronology.csv", "milestones.csv"):
        fresh = (two_builds[0] / "data" / "processed" / table).read_bytes()
        assert (live.data_dir / "processed" / table).read_bytes() == fresh, table


def test_svg_and_png_carry_no_timestamps(two_builds):
    for svg in (two_builds[0] / "figures").glob("*.svg"):
        head = svg.read_text(encoding="utf-8")[:2000]
        assert "<dc:date>" not in head
    for png in (two_builds[0] / "figures").glob("*.png"):
        assert b"tIME" not in png.read_bytes()[:4096]


def test_a_failed_build_leaves_previous_outputs_intact(two_builds, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(two_builds[0], root)
    before = _digests(root / "figures", root / "data" / "processed")
    first_spec = figures.REGISTRY[0]

    def broken(_inputs):
        raise RuntimeError("simulated failure half-way through the build")

    registry = (first_spec, figures.FigureSpec("fig99", "broken", broken))
    with pytest.raises(RuntimeError, match="simulated failure"):
        figures.build_all(data_dir=root / "data", figures_dir=root / "figures", registry=registry)
    assert _digests(root / "figures", root / "data" / "processed") == before
    leftovers = [p.name for p in (root / "figures").iterdir() if p.name.startswith(".")]
    assert leftovers == []
