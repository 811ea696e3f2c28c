"""Releases named by version in a clone without tags, and the event-level diff between them.

Every test builds its own git repository (``releases``): two releases made as CHANGELOG.md's
"How to release" says (version and section in one commit), with hand-written differences.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import _diff, main
from analysis.changes import CHANGE_COLUMNS, Version, compare, counts, describe, version_at_ref
from analysis.history import RefError, commit_of, last_release, releases, resolve, resolve_version
from analysis.output import read_generated_csv

CHRONOLOGY_COLUMNS = [
    "event_id", "date_earliest", "date_latest", "precision", "claim_ids",
    "agreement", "actor_family", "milestone", "tiers",
]  # fmt: skip


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _write(repo: Path, version: str, changelog: str, events: list[tuple], claims: list[tuple]) -> None:
    (repo / "pyproject.toml").write_text(f'[project]\nname = "t"\nversion = "{version}"\n', encoding="utf-8")
    (repo / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    (repo / "data" / "processed").mkdir(parents=True, exist_ok=True)
    pd.DataFrame(events, columns=CHRONOLOGY_COLUMNS).to_csv(
        repo / "data/processed/chronology.csv", index=False
    )
    pd.DataFrame(claims, columns=["claim_id", "source_id", "date_text"]).to_csv(
        repo / "data/claims.csv", index=False
    )


def _commit(repo: Path, message: str) -> str:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", message)
    return _git(repo, "rev-parse", "HEAD")


MOSUL_1 = ("mosul:retaken:1", "2017-07-01", "2017-07-31", "month", "c1", "single-source", "iraqi-government", "control", "quoted")  # fmt: skip
HIT = ("hit:retaken:1", "2016-04-01", "2016-04-30", "month", "c2", "single-source", "iraqi-government", "control", "quoted")  # fmt: skip
RAWA_1 = ("rawa:retaken:1", "2017-11-17", "2017-11-17", "day", "c3", "single-source", "iraqi-government", "control", "quoted")  # fmt: skip
SINJAR_1 = ("sinjar:retaken:1", "2015-11-01", "2015-11-30", "month", "c8", "single-source", "kurdish-forces", "control", "quoted")  # fmt: skip
# release 1.1.0: Mosul gains c4 (a day, another actor); Hit loses its only claim; Rawa gains a
# cited claim c5 that agrees; Raqqa is new (c6); Sinjar's claim c8 is edited (a day, declared)
MOSUL_2 = ("mosul:retaken:1", "2017-07-09", "2017-07-09", "day", "c1|c4", "single-source", "us-led-coalition", "control", "quoted")  # fmt: skip
RAWA_2 = ("rawa:retaken:1", "2017-11-17", "2017-11-17", "day", "c3|c5", "agreed", "iraqi-government", "control", "cited|quoted")  # fmt: skip
RAQQA = ("raqqa:retaken:1", "2017-10-01", "2017-10-31", "month", "c6", "single-source", "kurdish-forces", "control", "cited")  # fmt: skip
SINJAR_2 = ("sinjar:retaken:1", "2015-11-13", "2015-11-13", "day", "c8", "single-source", "kurdish-forces", "declared", "quoted")  # fmt: skip
CLAIMS_1 = [("c1", "afp", "July 2017"), ("c2", "afp", "April 2016"), ("c3", "afp", "November 17"), ("c8", "itv", "November 2015")]  # fmt: skip
CLAIMS_2 = [("c1", "afp", "July 2017"), ("c3", "afp", "November 17"), ("c4", "wp", "9 July 2017"), ("c5", "wp", "17 November 2017"), ("c6", "wp", "October 2017"), ("c8", "itv", "13 November 2015")]  # fmt: skip


@pytest.fixture
def releases_repo(tmp_path: Path) -> tuple[Path, str, str]:
    """A repo without tags: release 1.0.0, a later commit still at 1.0.0, release 1.1.0."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "README").write_text("before any release\n", encoding="utf-8")
    _commit(repo, "start")  # no pyproject yet
    _write(
        repo,
        "1.0.0",
        "# Changelog\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n",
        [MOSUL_1, HIT, RAWA_1, SINJAR_1],
        CLAIMS_1,
    )
    first = _commit(repo, "Release 1.0.0")
    unreleased = "# Changelog\n\n## [Unreleased]\n\n- more\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n"
    _write(repo, "1.0.0", unreleased, [MOSUL_1, RAWA_1, SINJAR_1], CLAIMS_1)
    _commit(repo, "work after 1.0.0, same version")
    changelog = "# Changelog\n\n## [1.1.0] - 2026-02-01\n\n- more\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n"
    _write(repo, "1.1.0", changelog, [MOSUL_2, RAWA_2, RAQQA, SINJAR_2], CLAIMS_2)
    second = _commit(repo, "Release 1.1.0")
    return repo, first, second


def test_versions_resolve_to_their_release_commits_without_tags(releases_repo):
    repo, first, second = releases_repo
    assert _git(repo, "tag") == ""
    assert resolve("1.0.0", repo) == first  # not the later commit still at 1.0.0
    assert resolve("v1.0.0", repo) == first
    assert resolve("1.1.0", repo) == second
    assert resolve("HEAD~1", repo) == _git(repo, "rev-parse", "HEAD~1")  # any git ref still works


def test_the_last_release_is_the_newest_committed_one(releases_repo):
    repo, _, second = releases_repo
    assert last_release(repo) == ("1.1.0", second)
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    (repo / "CHANGELOG.md").write_text(
        changelog.replace("## [1.1.0]", "## [1.2.0] - 2026-03-01\n\n## [1.1.0]")
    )
    assert last_release(repo) == ("1.1.0", second)  # 1.2.0 is being prepared: not committed yet
    assert last_release(repo, before="1.1.0")[0] == "1.0.0"


def test_a_tag_wins_and_a_named_commit_is_used(releases_repo):
    repo, first, second = releases_repo
    later = _git(repo, "rev-parse", "HEAD~1")  # at version 1.0.0 too
    _git(repo, "tag", "v1.0.0", later)
    assert resolve("1.0.0", repo) == later
    _git(repo, "tag", "-d", "v1.0.0")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    named = changelog.replace("First.", f"Released at commit `{later[:9]}` (not tagged).\n\nFirst.")
    assert resolve_version("1.0.0", repo, named) == later


def test_a_tag_or_named_commit_at_another_version_is_refused(releases_repo):
    repo, first, second = releases_repo
    _git(repo, "tag", "v1.0.0", second)  # pyproject says 1.1.0 there
    with pytest.raises(RefError, match="says 1.1.0, not 1.0.0"):
        resolve("1.0.0", repo)


@pytest.mark.parametrize(
    "ref", ["9.9.9", "--output=/tmp/x", "-p", "HEAD:pyproject.toml", "a b", "x\x1b[2J", ""]
)
def test_unknown_versions_and_hostile_refs_are_refused_before_git(releases_repo, ref):
    repo, _, _ = releases_repo
    with pytest.raises(RefError) as error:
        resolve(ref, repo)
    assert "\x1b" not in str(error.value) and "\n" not in str(error.value)


def test_refs_are_checked_before_git_sees_them(releases_repo):
    repo, _, _ = releases_repo
    for ref in ("--all", "-h", "HEAD:x", "HEAD HEAD"):
        with pytest.raises(RefError, match="not a git ref"):
            commit_of(ref, repo)


def test_changelog_sections_are_read_newest_first():
    text = "# C\n\n## [Unreleased]\n\nx\n\n## [0.2.1] - 2026-11-30\n\na\n\n## 0.1.0 - 2026-11-22\n\nb\n"
    assert [(r.version, r.date, r.body.strip()) for r in releases(text)] == [
        ("0.2.1", "2026-11-30", "a"),
        ("0.1.0", "2026-11-22", "b"),
    ]


EXPECTED = [
    ("hit:retaken:1", "removed", "", "2016-04-01..2016-04-30 (month)", "", "", "c2", ""),
    ("mosul:retaken:1", "changed", "actor", "iraqi-government", "us-led-coalition", "c4", "", ""),
    (
        "mosul:retaken:1",
        "changed",
        "window",
        "2017-07-01..2017-07-31 (month)",
        "2017-07-09..2017-07-09 (day)",
        "c4",
        "",
        "",
    ),  # fmt: skip
    ("raqqa:retaken:1", "added", "", "", "2017-10-01..2017-10-31 (month)", "c6", "", ""),
    ("rawa:retaken:1", "changed", "agreement", "single-source", "agreed", "c5", "", ""),
    ("rawa:retaken:1", "changed", "tiers", "quoted", "cited|quoted", "c5", "", ""),
    ("sinjar:retaken:1", "changed", "milestone", "control", "declared", "", "", "c8"),
    (
        "sinjar:retaken:1",
        "changed",
        "window",
        "2015-11-01..2015-11-30 (month)",
        "2015-11-13..2015-11-13 (day)",
        "",
        "",
        "c8",
    ),  # fmt: skip
]


def test_diff_between_two_releases_by_version_lists_each_change_and_its_claims(releases_repo):
    repo, _, _ = releases_repo
    changes = compare(version_at_ref("1.0.0", repo), version_at_ref("v1.1.0", repo))
    assert list(changes.columns) == CHANGE_COLUMNS
    assert [tuple(r) for r in changes.itertuples(index=False)] == EXPECTED
    assert counts(changes) == {"added": 1, "removed": 1, "changed": 3}


def test_diff_command_defaults_to_the_last_release_and_writes_csv(releases_repo, tmp_path, capsys):
    repo, _, _ = releases_repo
    _write(repo, "1.1.0", (repo / "CHANGELOG.md").read_text(), [MOSUL_2, RAWA_2, SINJAR_2], CLAIMS_2)
    out = tmp_path / "changes.csv"
    assert _diff(None, None, out, repo) == 0  # last release (1.1.0) against the working tree
    printed = capsys.readouterr().out
    assert "0 event(s) added, 1 removed, 0 changed between 1.1.0 (" in printed
    assert "raqqa:retaken:1" in printed and "-c6" in printed
    written = read_generated_csv(out)
    assert written.values.tolist() == [["raqqa:retaken:1", "removed", "", "2017-10-01..2017-10-31 (month)", "", "", "c6", ""]]  # fmt: skip
    assert _diff("1.0.0", "1.1.0", out, repo) == 0
    assert [tuple(r) for r in read_generated_csv(out).itertuples(index=False)] == EXPECTED
    assert "1 event(s) added, 1 removed, 3 changed between 1.0.0 (" in capsys.readouterr().out


def test_diff_command_errors_are_one_escaped_line(releases_repo, tmp_path, capsys):
    repo, _, _ = releases_repo
    assert _diff("2.0.0", None, None, repo) == 2
    assert "no release 2.0.0" in capsys.readouterr().err
    assert main(["diff", "--", "--output=x\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b" in err and err.count("\n") == 1
    assert _diff("1.0.0", "1.1.0", tmp_path / "no-such-folder" / "x.csv", repo) == 1
    assert "cannot write" in capsys.readouterr().err


def test_the_table_escapes_what_the_data_holds():
    evil = "evil\x1b[2J:retaken:1"
    old = Version("a", pd.DataFrame([(evil, "2017-01-01", "2017-01-01", "day", "c\u202e1", "single-source", "x", "control", "quoted")], columns=CHRONOLOGY_COLUMNS))  # fmt: skip
    new = Version("b", old.chronology.iloc[:0])
    text = describe(compare(old, new), "a", "b")
    assert "\x1b" not in text and "\u202e" not in text
    assert "evil\\x1b[2J:retaken:1" in text and "-c\\u202e1" in text
    assert text.endswith("0 event(s) added, 1 removed, 0 changed between a and b")


def test_older_chronologies_without_tiers_or_milestones_compare_what_they_have():
    old = pd.DataFrame([MOSUL_1], columns=CHRONOLOGY_COLUMNS).drop(
        columns=["tiers", "milestone", "actor_family"]
    )
    new = pd.DataFrame([MOSUL_1], columns=CHRONOLOGY_COLUMNS)
    assert compare(old, new).empty  # no tiers column: quoted, as the new one says; the rest not compared
    new.loc[0, "tiers"] = "cited|quoted"
    assert compare(old, new)[["field", "old", "new"]].values.tolist() == [["tiers", "quoted", "cited|quoted"]]


def test_diff_of_a_release_with_itself_is_empty(releases_repo):
    repo, _, _ = releases_repo
    assert compare(version_at_ref("1.1.0", repo), version_at_ref("HEAD", repo)).empty
