"""Safe to run twice, at once, or half-way (issue 20): ``add`` and ``accept`` commit through the one
mechanism (:func:`analysis.output.staged_outputs`), so a second writer is refused clearly and
nothing is lost, and a kill at any step of the commit leaves the old state or the new one, never
a half. Faults are injected at each step of the commit (each call of ``output._rename``), never
by sleeping. Each case was a red-team input that lost data before.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import analysis
from analysis import figures, output
from analysis.__main__ import main
from analysis.review import add, review_files

ARTICLES = {
    "wire-rawa": "RAWA, Iraq — Iraqi forces retook the town of Rawa from Islamic State on Friday, the army said.\n",
    "wire-alqaim": (
        "AL-QAIM, Iraq — Iraqi troops recaptured the border town of al-Qaim from Islamic State on Friday, "
        "the military said.\n"
    ),
}
PUBLISHED = {"wire-rawa": "2017-11-18", "wire-alqaim": "2017-11-04"}
# accept commits claims.csv and places.csv: the journal, then one rename per file
ACCEPT_RENAMES = 1 + 2
# add commits sources.csv, the stored article and the review file (both places are known): the
# journal, then one rename per file
ADD_RENAMES = 1 + 3


def _article(tmp_path: Path, source_id: str) -> Path:
    path = tmp_path / f"{source_id}.txt"
    path.write_text(ARTICLES[source_id], encoding="utf-8")
    return path


def _add(tmp_path: Path, data: Path, source_id: str) -> None:
    add(
        _article(tmp_path, source_id),
        "Test Wire",
        PUBLISHED[source_id],
        f"{source_id} report",
        None,
        source_id,
        data,
    )


def _decide_all(data: Path, source_id: str) -> int:
    """Write ``accept`` in every row of the source's review file; returns the number of rows."""
    review, _places = review_files(data, source_id)
    rows = pd.read_csv(review, dtype=str, keep_default_na=False)
    rows["decision"] = "accept"
    rows.to_csv(review, index=False, lineterminator="\n")
    return len(rows)


def _claims_of(data: Path, source_id: str) -> int:
    claims = pd.read_csv(data / "claims.csv", dtype=str, keep_default_na=False)
    return int((claims["source_id"] == source_id).sum())


@pytest.fixture
def reviewed(data_copy: Path, tmp_path: Path) -> Path:
    """The frozen corpus with two sources added and every proposed claim of both accepted in review."""
    for source_id in ARTICLES:
        _add(tmp_path, data_copy, source_id)
        assert _decide_all(data_copy, source_id) >= 1
    return data_copy


def test_two_accepts_at_once_the_second_is_refused_clearly_and_nothing_is_lost(reviewed, capsys, monkeypatch):
    second: list[int] = []
    real = output._rename

    def rename(source: Path, target: Path) -> None:
        if not second:  # the first accept is committing: a second one starts now
            second.append(main(["accept", "wire-alqaim", "--data", str(reviewed)]))
        real(source, target)

    monkeypatch.setattr(output, "_rename", rename)
    assert main(["accept", "wire-rawa", "--data", str(reviewed)]) == 0
    monkeypatch.setattr(output, "_rename", real)
    err = capsys.readouterr().err
    assert second == [1]
    assert "error: another build or data edit is running" in err
    assert _claims_of(reviewed, "wire-rawa") >= 1 and _claims_of(reviewed, "wire-alqaim") == 0
    # nothing lost: the refused accept runs again and both sources' claims are there
    assert main(["accept", "wire-alqaim", "--data", str(reviewed)]) == 0
    assert _claims_of(reviewed, "wire-rawa") >= 1 and _claims_of(reviewed, "wire-alqaim") >= 1
    assert main(["check", "--data", str(reviewed)]) == 0


def test_two_adds_at_once_the_second_is_refused_clearly(data_copy, tmp_path, capsys, monkeypatch):
    second: list[int] = []
    real = output._rename
    other = _article(tmp_path, "wire-alqaim")

    def rename(source: Path, target: Path) -> None:
        if not second:
            second.append(
                main(["add", str(other), "--outlet", "Test Wire", "--published", "2017-11-04", "--title",
                      "al-Qaim report", "--source-id", "wire-alqaim", "--data", str(data_copy)])
            )  # fmt: skip
        real(source, target)

    monkeypatch.setattr(output, "_rename", rename)
    _add(tmp_path, data_copy, "wire-rawa")
    monkeypatch.setattr(output, "_rename", real)
    assert second == [1]
    assert "error: another build or data edit is running" in capsys.readouterr().err
    _add(tmp_path, data_copy, "wire-alqaim")  # the refused one, again: nothing was half-written
    sources = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False)
    assert {"wire-rawa", "wire-alqaim"} <= set(sources["source_id"])
    assert main(["check", "--data", str(data_copy)]) == 0


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from analysis import output
    from analysis.review import accept, add

    kill_at, command, data, source_id = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    calls, real = [0], output._rename

    def rename(source, target):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        real(source, target)

    output._rename = rename
    if command == "accept":
        accept(source_id, data)
    else:
        add(Path(sys.argv[5]), "Test Wire", sys.argv[6], f"{source_id} report", None, source_id, data)
    print(calls[0])
    """
)


def _run(kill_at: int, command: str, data: Path, source_id: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(kill_at), command, str(data), source_id, *extra],
        capture_output=True,
        text=True,
        timeout=300,  # a guard only: the child is killed at an injected step, or finishes
    )


def _leftovers(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob(".commit*"))


@pytest.mark.slow  # a subprocess
def test_accept_commits_in_the_steps_counted_here(reviewed):
    done = _run(0, "accept", reviewed, "wire-rawa")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == ACCEPT_RENAMES


@pytest.mark.slow  # a subprocess
def test_add_commits_in_the_steps_counted_here(data_copy, tmp_path):
    done = _run(
        0, "add", data_copy, "wire-rawa", str(_article(tmp_path, "wire-rawa")), PUBLISHED["wire-rawa"]
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == ADD_RENAMES


@pytest.mark.slow  # a subprocess per kill point
@pytest.mark.parametrize("kill_at", range(1, ACCEPT_RENAMES + 1))
def test_accept_killed_at_any_step_leaves_old_or_new_never_half(kill_at, reviewed):
    claims_before = (reviewed / "claims.csv").read_bytes()
    places_before = (reviewed / "places.csv").read_bytes()
    done = _run(kill_at, "accept", reviewed, "wire-rawa")
    assert done.returncode == -signal.SIGKILL, done.stderr
    data = analysis.load(reviewed)  # completes an interrupted commit, then validates: never a half
    committed = kill_at > 1  # the journal (the first rename) is the commit point
    assert ((data.claims["source_id"] == "wire-rawa").sum() > 0) == committed
    if not committed:
        assert (reviewed / "claims.csv").read_bytes() == claims_before
        assert (reviewed / "places.csv").read_bytes() == places_before
    assert main(["accept", "wire-alqaim", "--data", str(reviewed)]) == 0  # the lock was released
    if not committed:  # nothing lost: accept runs again
        assert main(["accept", "wire-rawa", "--data", str(reviewed)]) == 0
    assert _claims_of(reviewed, "wire-rawa") >= 1 and _claims_of(reviewed, "wire-alqaim") >= 1
    assert _leftovers(reviewed) == []


@pytest.mark.slow  # a subprocess per kill point
@pytest.mark.parametrize("kill_at", range(1, ADD_RENAMES + 1))
def test_add_killed_at_any_step_can_be_added_again_or_accepted(kill_at, data_copy, tmp_path):
    article = _article(tmp_path, "wire-rawa")
    manifest_before = (data_copy / "sources.csv").read_bytes()
    done = _run(kill_at, "add", data_copy, "wire-rawa", str(article), PUBLISHED["wire-rawa"])
    assert done.returncode == -signal.SIGKILL, done.stderr
    data = analysis.load(data_copy)  # completes an interrupted commit; the folder validates
    committed = kill_at > 1
    assert ("wire-rawa" in set(data.sources["source_id"])) == committed
    if committed:  # the manifest row, the article and the review file are all there: accept works
        _decide_all(data_copy, "wire-rawa")
        assert main(["accept", "wire-rawa", "--data", str(data_copy)]) == 0
        assert _claims_of(data_copy, "wire-rawa") >= 1
    else:  # nothing was added: add runs again
        assert (data_copy / "sources.csv").read_bytes() == manifest_before
        _add(tmp_path, data_copy, "wire-rawa")
    assert main(["check", "--data", str(data_copy)]) == 0
    assert _leftovers(data_copy) == []


KILLED_BUILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from analysis import figures

    def killed(data):
        os.kill(os.getpid(), signal.SIGKILL)  # the build dies while drawing

    registry = (figures.FigureSpec("fig91", "killed", killed),)
    figures.build_all(Path(sys.argv[1]), Path(sys.argv[2]), registry=registry)
    """
)


@pytest.mark.slow  # a subprocess loading the data
def test_a_figure_build_killed_while_drawing_leaves_no_stale_lock(data_copy, tmp_path):
    figures_dir = tmp_path / "figures"
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(data_copy), str(figures_dir)],
        capture_output=True,
        text=True,
        timeout=300,  # a guard: a hung build fails the test instead of waiting forever
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    # the next build takes both locks at once, removes what the killed one staged and commits
    written = figures.build_all(
        data_copy, figures_dir, registry=(figures.FigureSpec("fig92", "blank", _blank),)
    )
    assert sorted(p.name for p in written) == [
        "chronology.csv", "fig92-blank.csv", "fig92-blank.inputs", "fig92-blank.png", "fig92-blank.svg", "milestones.csv",
    ]  # fmt: skip
    assert _leftovers(data_copy) == [] and _leftovers(figures_dir) == []


def _blank(_data):
    fig = plt.figure(figsize=(1, 1))
    return fig, pd.DataFrame({"x": [1]})
