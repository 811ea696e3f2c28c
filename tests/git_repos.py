"""Git repositories made by tests: two untagged releases with hand-written differences.

``two_releases(folder)`` makes release 1.0.0 (as CHANGELOG.md's "How to release" says: version
and section in one commit), a later commit still at 1.0.0, then release 1.1.0, in which: Mosul
gains claim c4 (a day instead of a month, another actor family); Hit loses its only claim c2
(removed); Rawa gains the cited claim c5 that agrees with it; Raqqa is new (c6); Sinjar's claim c8
is edited (a day instead of a month, declared instead of control).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd

CHRONOLOGY_COLUMNS = [
    "event_id", "date_earliest", "date_latest", "precision", "claim_ids",
    "agreement", "actor_family", "milestone", "tiers",
]  # fmt: skip


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def write(repo: Path, version: str, changelog: str, events: list[tuple], claims: list[tuple]) -> None:
    (repo / "pyproject.toml").write_text(f'[project]\nname = "t"\nversion = "{version}"\n', encoding="utf-8")
    (repo / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    (repo / "data" / "processed").mkdir(parents=True, exist_ok=True)
    pd.DataFrame(events, columns=CHRONOLOGY_COLUMNS).to_csv(
        repo / "data/processed/chronology.csv", index=False
    )
    pd.DataFrame(claims, columns=["claim_id", "source_id", "place_id", "date_text"]).to_csv(
        repo / "data/claims.csv", index=False
    )
    sources = sorted({c[1] for c in claims})
    pd.DataFrame({"source_id": sources, "tier": [TIERS[s] for s in sources]}).to_csv(
        repo / "data/sources.csv", index=False
    )


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


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
CLAIMS_1 = [("c1", "afp", "mosul", "July 2017"), ("c2", "afp", "hit", "April 2016"), ("c3", "afp", "rawa", "November 17"), ("c8", "itv", "sinjar", "November 2015")]  # fmt: skip
CLAIMS_2 = [("c1", "afp", "mosul", "July 2017"), ("c3", "afp", "rawa", "November 17"), ("c4", "wp", "mosul", "9 July 2017"), ("c5", "wp", "rawa", "17 November 2017"), ("c6", "wp", "raqqa", "October 2017"), ("c8", "itv", "sinjar", "13 November 2015")]  # fmt: skip
TIERS = {"afp": "quoted", "itv": "quoted", "wp": "cited"}  # the sources.csv written: those the claims cite


def two_releases(tmp_path: Path) -> tuple[Path, str, str]:
    """A repo without tags: release 1.0.0, a later commit still at 1.0.0, release 1.1.0."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README").write_text("before any release\n", encoding="utf-8")
    commit(repo, "start")  # no pyproject yet
    write(
        repo,
        "1.0.0",
        "# Changelog\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n",
        [MOSUL_1, HIT, RAWA_1, SINJAR_1],
        CLAIMS_1,
    )
    first = commit(repo, "Release 1.0.0")
    unreleased = "# Changelog\n\n## [Unreleased]\n\n- more\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n"
    write(repo, "1.0.0", unreleased, [MOSUL_1, RAWA_1, SINJAR_1], CLAIMS_1)
    commit(repo, "work after 1.0.0, same version")
    changelog = "# Changelog\n\n## [1.1.0] - 2026-02-01\n\n- more\n\n## [1.0.0] - 2026-01-01\n\nFirst.\n"
    write(repo, "1.1.0", changelog, [MOSUL_2, RAWA_2, RAQQA, SINJAR_2], CLAIMS_2)
    second = commit(repo, "Release 1.1.0")
    return repo, first, second
