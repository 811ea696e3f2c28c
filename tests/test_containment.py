"""Containment (analysis/containment.py): ids that become file names are safe, nothing is read or
written through a link out of its folder, output paths that are not folders are refused before
any work. Each case was an input of the red team (issue 20) that escaped before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import freshness
from analysis.__main__ import main
from analysis.containment import MAX_ID_CHARS, id_problem
from analysis.sources import MAX_ARTICLE_BYTES

ARTICLE = "RAWA, Iraq — Iraqi forces retook the town of Rawa from Islamic State on Friday, the army said.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "rawa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _add(
    article: Path, data: Path, *extra: str, outlet: str = "Test Wire", title: str = "Rawa retaken"
) -> int:
    return main(
        ["add", str(article), "--outlet", outlet, "--published", "2017-11-18", "--title", title,
         "--data", str(data), *extra]
    )  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed) with its bytes: what a command changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    "value",
    ["../../x", "/tmp/x", "a/b", "", "a|b", "mosul:retaken", ".hidden", "-rf", "x" * (MAX_ID_CHARS + 1), "é"],
)
def test_unsafe_ids_are_refused(value):
    assert id_problem(value) is not None


@pytest.mark.parametrize(
    "value", ["itv-rawa", "01_voa_fallujah_lost_2014-01", "a", "x" * MAX_ID_CHARS, "v1.2"]
)
def test_safe_ids_pass(value):
    assert id_problem(value) is None


@pytest.mark.parametrize("source_id", ["../../escaped", "ABSOLUTE"])
def test_add_refuses_a_source_id_that_is_a_path(source_id, article, data_copy, tmp_path, capsys):
    if source_id == "ABSOLUTE":
        source_id = str(tmp_path / "escaped")
    before = _tree(data_copy)
    assert _add(article, data_copy, "--source-id", source_id) == 1
    assert "--source-id:0: -: source id: id" in capsys.readouterr().err
    assert _tree(data_copy) == before
    assert not list(tmp_path.glob("escaped*"))


def test_accept_refuses_a_source_id_that_is_a_path(data_copy, tmp_path, capsys):
    # a review file where "../../planted" would lead from data/review/: never read
    (tmp_path / "planted.csv").write_text("decision\n", encoding="utf-8")
    before = _tree(data_copy)
    assert main(["accept", "../../planted", "--data", str(data_copy)]) == 1
    assert "SOURCE_ID:0: -: source id: id '../../planted' may hold only" in capsys.readouterr().err
    assert _tree(data_copy) == before


def test_accept_refuses_a_review_file_linked_out_of_the_data_folder(data_copy, tmp_path, capsys):
    (data_copy / "review").mkdir()
    (tmp_path / "elsewhere.csv").write_text("decision\n", encoding="utf-8")
    (data_copy / "review" / "linked.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert main(["accept", "linked", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{data_copy / 'review' / 'linked.csv'}:0: -: resolves to {tmp_path / 'elsewhere.csv'}" in err


def test_add_cuts_a_long_default_source_id_to_the_limit_and_check_accepts_it(article, data_copy, capsys):
    outlet = "The " + "Very" * 30 + " Long Outlet"
    assert len(outlet) <= 150
    assert _add(article, data_copy, outlet=outlet[:100], title="Iraqi forces retake Rawa") == 0
    source_id = capsys.readouterr().out.split("appended source '")[1].split("'")[0]
    assert 0 < len(source_id) <= MAX_ID_CHARS and id_problem(source_id) is None
    assert main(["check", "--data", str(data_copy)]) == 0


def test_add_refuses_an_article_over_the_size_limit_before_reading_it(data_copy, tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    before = _tree(data_copy)
    assert _add(big, data_copy, "--source-id", "big") == 1
    assert f"the limit for an article is {MAX_ARTICLE_BYTES:,}" in capsys.readouterr().err
    assert _tree(data_copy) == before


def test_add_refuses_a_device(data_copy, capsys):
    before = _tree(data_copy)
    assert _add(Path("/dev/zero"), data_copy, "--source-id", "zero") == 1
    assert "/dev/zero:0: -: is a device or special file" in capsys.readouterr().err
    assert _tree(data_copy) == before


@pytest.mark.parametrize("command", ["figures", "export"])
@pytest.mark.parametrize("kind", ["file", "device", "link"])
def test_an_output_path_that_is_not_a_folder_is_refused_before_any_work(
    command, kind, data_copy, tmp_path, capsys, monkeypatch
):
    if kind == "file":
        out = tmp_path / "out.txt"
        out.write_text("keep me\n", encoding="utf-8")
    elif kind == "device":
        out = Path("/dev/null")
    else:
        (tmp_path / "real").mkdir()
        out = tmp_path / "out-link"
        out.symlink_to(tmp_path / "real")

    def no_work(*_args, **_kwargs):
        raise AssertionError("the data was loaded: work started before the output path was checked")

    monkeypatch.setattr("analysis.load", no_work)
    monkeypatch.setattr("analysis.figures.load", no_work)
    args = ["--format", "csv", "-o"] if command == "export" else ["--out"]
    assert main([command, "--data", str(data_copy), *args, str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: is ") and "nothing was written" in err
    if kind == "file":
        assert out.read_text(encoding="utf-8") == "keep me\n"
        assert not list(tmp_path.glob(".out.txt*"))  # no journal, no staging folder
    if kind == "link":
        assert list((tmp_path / "real").iterdir()) == []


def test_exports_linked_out_of_the_data_folder_is_refused(data_copy, tmp_path, capsys):
    (tmp_path / "elsewhere").mkdir()
    (data_copy / "exports").symlink_to(tmp_path / "elsewhere")
    assert main(["export", "--data", str(data_copy), "--format", "csv"]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_processed_linked_out_of_the_data_folder_is_refused(data_copy, tmp_path, capsys):
    (tmp_path / "elsewhere").mkdir()
    (data_copy / "processed").symlink_to(tmp_path / "elsewhere")
    assert main(["build", "--data", str(data_copy)]) == 1
    assert f"{data_copy / 'processed'}:0: -: resolves to {tmp_path / 'elsewhere'}" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_freshness_digest_reads_only_the_articles_the_manifest_names(data_copy, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("one\n", encoding="utf-8")
    (data_copy / "raw" / "articles" / "stray.txt").symlink_to(outside)
    assert all(p.name != "stray.txt" for p in freshness.input_files(data_copy))
    before = freshness.build_digest(data_copy)
    outside.write_text("two\n", encoding="utf-8")
    assert freshness.build_digest(data_copy) == before
    named = data_copy / "raw" / "articles" / "000_58cdcb6888a59ea3.txt"
    assert named in freshness.input_files(data_copy)  # the named articles still count


@pytest.mark.parametrize("command", ["explore", "release"])
def test_explore_and_release_refuse_a_file_as_their_folder(command, data_copy, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")

    def no_work(*_args, **_kwargs):
        raise AssertionError("work started before the output path was checked")

    monkeypatch.setattr("analysis.load", no_work)
    monkeypatch.setattr("analysis.release.build_archive", no_work)
    if command == "explore":
        assert main(["explore", "--data", str(data_copy), "-o", str(out)]) == 1
    else:
        from analysis import release

        assert release.main(["--out", str(out), "--allow-dirty"]) == 1
    assert f"{out}: is a file, not a folder; nothing was written" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me\n"
