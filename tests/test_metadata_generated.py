"""Citation metadata cannot drift: README's blocks, CITATION.cff's abstract and datapackage.json are what
the build writes from the repository's data; a figure's citation names its stamp and its file's sha256."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import analysis
from analysis.citation import Work, apa, bibtex, for_figure
from analysis.metadata import (
    HINT,
    MarkerError,
    abstract,
    generated_files,
    replace_block,
    write_files,
)
from analysis.paths import DATA, ROOT


@pytest.fixture(scope="module")
def repo_data():
    """The repository's own data (these files describe it, whatever CAMPAIGN_CHRONOLOGY_DATA says)."""
    return analysis.load(DATA)


def test_readme_citation_and_datapackage_are_what_the_build_writes(repo_data):
    for path, text in generated_files(repo_data).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} drifted from the data: run make figures"
        )


def test_the_abstract_is_valid_yaml_and_reads_as_generated(repo_data):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["abstract"] == abstract(repo_data)
    assert f"{len(repo_data.claims)} claims" in cff["abstract"]
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert f"{len(repo_data.claims)} claims" in package["description"]


def test_a_block_is_replaced_between_its_markers_only():
    text = "a\n<!-- generated: t -->\nold\n<!-- end generated: t -->\nb\n"
    assert (
        replace_block(text, "t", "new\n")
        == "a\n<!-- generated: t -->\n" + HINT + "\nnew\n<!-- end generated: t -->\nb\n"
    )
    for broken in ("a\n", text + text, "<!-- end generated: t --><!-- generated: t -->"):
        with pytest.raises(MarkerError, match="'t'"):
            replace_block(broken, "t", "x")


def test_write_files_commits_only_what_changed(tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "sub" / "b.md"
    b.parent.mkdir()
    assert write_files({a: "x\n", b: "y\n"}) == [a, b]
    assert write_files({a: "x\n", b: "z\n"}) == [b]
    assert write_files({a: "x\n", b: "z\n"}) == []
    assert (a.read_text(), b.read_text()) == ("x\n", "z\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "sub"]  # no staging folder or journal left


WORK = Work(
    "Campaign Chronology: a test title", ["Campaign Chronology contributors"], "2026", "2026-11-30", "1.2.3"
)
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of no bytes


def test_a_figure_citation_names_its_own_stamp_and_sha256(tmp_path):
    (tmp_path / "fig03-occupation-spans.png").write_bytes(b"")
    svg = "<svg><text>Source: corpus. Campaign Chronology v0.9.9,</text><text>fig03.</text></svg>"
    (tmp_path / "fig03-occupation-spans.svg").write_text(svg)
    work = for_figure(WORK, "fig03", tmp_path)
    assert work.figure_stamp == "v0.9.9" and work.figure_sha256 == EMPTY_SHA256
    identity = f"stamped v0.9.9; figures/fig03-occupation-spans.png sha256 {EMPTY_SHA256}"
    assert f"Figure fig03 (occupation-spans), {identity}." in apa(work)
    assert f"Figure {identity}." in bibtex(work)


def test_a_figure_not_built_says_so(tmp_path: Path):
    work = for_figure(WORK, "fig03", tmp_path)
    assert "figures/fig03-occupation-spans.png not built (make figures)" in apa(work)
