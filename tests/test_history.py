"""Releases named by version in a clone without tags, and the event-level diff between them.

Every test builds its own git repository (``releases``): two releases made as CHANGELOG.md's
"How to release" says (version and section in one commit), with hand-written differences.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from git_repos import (
    CHRONOLOGY_COLUMNS,
    CLAIMS_2,
    MOSUL_1,
    MOSUL_2,
    RAWA_2,
    SINJAR_2,
    git,
    two_releases,
    write,
)

from analysis.__main__ import _diff, main
from analysis.changes import CHANGE_COLUMNS, Version, compare, counts, describe, version_at_ref
from analysis.history import RefError, commit_of, last_release, releases, resolve, resolve_version
from analysis.output import read_generated_csv


@pytest.fixture
def releases_repo(tmp_path: Path) -> tuple[Path, str, str]:
    return two_releases(tmp_path)


def test_versions_resolve_to_their_release_commits_without_tags(releases_repo):
    repo, first, second = releases_repo
    assert git(repo, "tag") == ""
    assert resolve("1.0.0", repo) == first  # not the later commit still at 1.0.0
    assert resolve("v1.0.0", repo) == first
    assert resolve("1.1.0", repo) == second
    assert resolve("HEAD~1", repo) == git(repo, "rev-parse", "HEAD~1")  # any git ref still works


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
    later = git(repo, "rev-parse", "HEAD~1")  # at version 1.0.0 too
    git(repo, "tag", "v1.0.0", later)
    assert resolve("1.0.0", repo) == later
    git(repo, "tag", "-d", "v1.0.0")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    named = changelog.replace("First.", f"Released at commit `{later[:9]}` (not tagged).\n\nFirst.")
    assert resolve_version("1.0.0", repo, named) == later


def test_a_tag_or_named_commit_at_another_version_is_refused(releases_repo):
    repo, first, second = releases_repo
    git(repo, "tag", "v1.0.0", second)  # pyproject says 1.1.0 there
    with pytest.raises(RefError, match="says 1.1.0, not 1.0.0"):
        resolve("1.0.0", repo)


@pytest.mark.parametrize(
    "ref", ["9.9.9", "--output=/tmp/x", "-p", "HEAD:pyproject.toml", "a b", "x\x1b[2J", ""]
)
def test_unknown_versions_and_hostile_refs_are_refused_beforegit(releases_repo, ref):
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
    write(repo, "1.1.0", (repo / "CHANGELOG.md").read_text(), [MOSUL_2, RAWA_2, SINJAR_2], CLAIMS_2)
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


def test_a_change_no_claim_explains_is_said_to_come_from_the_rules():
    old = pd.DataFrame([MOSUL_1], columns=CHRONOLOGY_COLUMNS)
    new = old.assign(agreement="agreed")
    text = describe(compare(Version("a", old, None), Version("b", new, None)), "a", "b")
    assert text.endswith("1 event(s) changed with none of their claims changed: the rules (the code) or a "
                         "source's publication window changed them")  # fmt: skip
    assert "none of their claims" not in describe(compare(old, old), "a", "b")
