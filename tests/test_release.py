"""One version everywhere; citations of the dataset and of figures; the diff between two versions."""

from __future__ import annotations

import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

import analysis
from analysis.__main__ import main
from analysis.changes import read_at
from analysis.citation import Work, apa, bibtex, bibtex_key, citation
from analysis.paths import DATA, ROOT


def _pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_one_version_in_package_citation_datapackage_and_changelog():
    version = _pyproject_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert analysis.__version__ == version, "stale install: run make install"
    assert str(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]) == version
    assert json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["version"] == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"(?m)^## \[?{re.escape(version)}\]? ", changelog), "CHANGELOG.md has no entry for it"


def test_the_committed_figures_carry_the_version():
    for svg in sorted((ROOT / "figures").glob("fig*.svg")):
        figure_id = svg.name[:5]
        text = re.sub(r"\s+", " ", " ".join(re.findall(r">([^<>]*)</text>", svg.read_text(encoding="utf-8"))))
        assert f"Campaign Chronology v{analysis.__version__}, {figure_id}." in text, svg.name


WORK = Work(
    "Campaign Chronology: a test title", ["Campaign Chronology contributors"], "2026", "2026-11-30", "1.2.3"
)


def test_bibtex_entry_is_complete_with_a_proper_key():
    entry = bibtex(Work(**{**WORK.__dict__, "figure_id": "fig03", "figure_slug": "occupation-spans"}))
    assert entry.startswith("@misc{campaign_chronology_2026_v1_2_3_fig03,\n")
    assert "  author = {{Campaign Chronology contributors}}" in entry  # braced: not "contributors, C. C."
    assert "  version = {1.2.3}" in entry and "  year = {2026}" in entry
    assert "figure fig03 (occupation-spans)" in entry and "CC-BY-4.0" in entry and "MIT" in entry
    assert entry.count("{") == entry.count("}")


def test_apa_names_version_data_set_and_licences():
    assert apa(WORK) == (
        "Campaign Chronology contributors. (2026). *Campaign Chronology: a test title* (Version 1.2.3) "
        "[Data set]. Data and figures CC-BY-4.0; code MIT."
    )


def test_bibtex_keys_differ_by_version_and_figure():
    keys = {bibtex_key(WORK), bibtex_key(Work(**{**WORK.__dict__, "version": "1.2.4"}))}
    keys.add(bibtex_key(Work(**{**WORK.__dict__, "figure_id": "fig01"})))
    assert len(keys) == 3


def test_cite_fig03_bibtex_from_the_command_line(capsys):
    assert main(["cite", "fig03", "--format", "bibtex"]) == 0
    out = capsys.readouterr().out
    assert f"version = {{{analysis.__version__}}}" in out and "fig03" in out


def test_cite_cff_is_the_citation_file_at_this_version():
    cff = yaml.safe_load(citation("fig02", "cff"))
    assert str(cff["version"]) == analysis.__version__ and "fig02" in cff["message"]


def test_cite_rejects_an_unknown_figure(capsys):
    assert main(["cite", "fig99"]) == 2
    assert "fig99" in capsys.readouterr().err


# ---- diff between two versions: tests/test_history.py builds its own repositories


def test_diff_command_and_a_bad_ref(capsys):
    assert main(["diff", "no-such-ref-anywhere"]) == 2
    assert "no-such-ref-anywhere" in capsys.readouterr().err
    if shutil.which("git") and (ROOT / ".git").exists():
        assert main(["diff", "HEAD"]) == 0
        assert "between HEAD (" in capsys.readouterr().out


# ---- the release archive


@pytest.mark.slow  # builds the whole archive twice (every data file and figure, compressed)
def test_release_archive_is_complete_checksummed_and_reproducible(tmp_path):
    import hashlib
    import tarfile

    from analysis.release import build_archive

    first = build_archive(tmp_path / "a", mtime=1_700_000_000)
    second = build_archive(tmp_path / "b", mtime=1_700_000_000)
    assert first.name == f"campaign-chronology-{analysis.__version__}.tar.gz"
    assert first.read_bytes() == second.read_bytes()
    prefix = f"campaign-chronology-{analysis.__version__}/"
    with tarfile.open(first) as tar:
        members = {m.name.removeprefix(prefix): tar.extractfile(m).read() for m in tar.getmembers()}
    for required in (
        "CITATION.cff",
        "LICENSE",
        "CHANGELOG.md",
        "pyproject.toml",
        "requirements-lock.txt",
        "analysis/__init__.py",
        "notebooks/01-read-sources.ipynb",
        "data/claims.csv",
        "data/processed/chronology.csv",
        "data/datapackage.json",
        "data/raw/articles/PUBLISHER-TEXTS.csv",
        "data/raw/articles/SHA256SUMS",
        "figures/fig03-occupation-spans.png",
        "exports/chronology.geojson",
        "docs/exports.md",
    ):
        assert required in members, required
    _holds_no_publisher_text(members)
    sums = dict(line.split("  ")[::-1] for line in members["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(members) - {"SHA256SUMS"}
    for path, digest in sums.items():
        assert hashlib.sha256(members[path]).hexdigest() == digest, path
    assert (
        members["figures/fig03-occupation-spans.png"]
        == (ROOT / "figures" / "fig03-occupation-spans.png").read_bytes()
    )
    own = first.with_name(first.name + ".sha256").read_text().split()[0]
    assert own == hashlib.sha256(first.read_bytes()).hexdigest()


def test_diff_without_a_chronology_in_the_working_tree_says_so(tmp_path):
    from analysis.changes import RefError

    with pytest.raises(RefError, match="make figures"):
        read_at(None, tmp_path)


def _article_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= 40}


def _holds_no_publisher_text(members: dict[str, bytes]) -> None:
    """No article file, and no member holding more than a quarter of any article's lines besides those its
    curated claims quote (the quoted tier's claims carry their quotes by design, however short the
    article); the listing names every article with the sha256 of the repository's file."""
    import hashlib

    articles = sorted((DATA / "raw" / "articles").glob("*.txt"))
    assert articles
    assert not [m for m in members if m.startswith("data/raw/articles/") and m.endswith(".txt")]
    quotes = pd.read_csv(DATA / "claims.csv", dtype=str, keep_default_na=False)["quote"]
    quotes = [q for q in quotes if q]
    for article in articles:
        lines = _article_lines(article.read_text(encoding="utf-8"))
        unquoted = {line for line in lines if not any(line in q for q in quotes)}
        for name, data in members.items():
            text = data.decode("utf-8", errors="ignore")
            assert sum(line in text for line in unquoted) <= len(lines) / 4, (article.name, name)
    listing = pd.read_csv(io.BytesIO(members["data/raw/articles/PUBLISHER-TEXTS.csv"]), dtype=str)
    expected = {f"data/raw/articles/{a.name}": hashlib.sha256(a.read_bytes()).hexdigest() for a in articles}
    assert dict(zip(listing["file"], listing["sha256"], strict=True)) == expected
    assert listing["how_to_obtain"].str.contains("sha256").all()
    sums = members["data/raw/articles/SHA256SUMS"].decode()
    assert sums == "".join(f"{d}  {Path(f).name}\n" for f, d in sorted(expected.items()))


def test_the_archive_leaves_out_the_publishers_texts_and_says_how_to_verify_a_copy():
    from analysis.release import ARTICLES, release_files

    files = release_files()
    assert not [p for p in files if p.parent == ARTICLES], "publishers' texts would ship"
    assert Path("data/claims.csv") in files and Path("analysis/release.py") in files  # quotes and code ship
    assert not [p for p in files if "__pycache__" in p.parts or p.suffix in (".pyc", ".inputs")]
    readme, dictionary = (ROOT / "README.md").read_text(), (DATA / "README.md").read_text()
    for text in (readme, dictionary):
        assert "PUBLISHER-TEXTS.csv" in " ".join(text.split()), "README and data dictionary must say so"


def test_the_listing_of_publisher_texts_on_the_frozen_corpus(tmp_path):
    from analysis.release import publisher_texts

    shutil.copytree(ROOT / "tests" / "fixtures" / "data", tmp_path / "data")
    listing = publisher_texts(tmp_path)
    assert listing[["file", "source_id", "outlet", "published"]].values.tolist() == [
        ["data/raw/articles/000_58cdcb6888a59ea3.txt", "itv-rawa", "ITV News", "2017-11-17"],
        ["data/raw/articles/001_105e1d0498ccfcde.txt", "reuters-rawa", "Reuters", "2017-11-17/2017-11-23"],
        ["data/raw/articles/002_2919c99625a57b1f.txt", "afp-timeline", "AFP", "2017-12-09"],
    ]
    assert [s[:16] for s in listing["sha256"]] == [
        "fd49166f270e7822",
        "1c16e1afd07ba5b3",
        "b42bdcb770c38dec",
    ]  # sha256sum
    assert listing["url"].astype(bool).tolist() == [True, False, False]
    assert listing["how_to_obtain"].str.startswith(("the article at the URL", "no known URL")).all()


def test_make_release_refuses_a_version_without_its_release_page(monkeypatch, tmp_path, capsys):
    import analysis.release as release

    monkeypatch.setattr(release, "__version__", "9.9.9")
    assert release.main(["--out", str(tmp_path), "--allow-dirty"]) == 1
    assert "docs/releases/9.9.9.md is missing" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
