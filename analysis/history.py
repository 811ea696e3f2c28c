"""Releases in the project's own git history: a version (``0.2.1``, ``v0.2.1``) or a ref -> one commit.

A clone may have no tags, so a release is found from the files the project commits:

- The releases are the versions with a dated section ``## [X.Y.Z] - YYYY-MM-DD`` in
  ``CHANGELOG.md`` (of the working tree, or of the commit asked about).
- The commit of release ``X.Y.Z``, in this order:
  1. the tag ``vX.Y.Z`` (or ``X.Y.Z``) when the clone has it;
  2. the commit its CHANGELOG section names, in a line ``Released at commit `abc1234```
     (written afterwards for the releases made before this rule: a commit cannot hold its own id);
  3. the first commit of ``HEAD``'s history whose ``pyproject.toml`` has ``version = "X.Y.Z"``
     and whose ``CHANGELOG.md`` has ``X.Y.Z``'s section on top (no ``[Unreleased]`` above it):
     the commit that the "How to release" steps of ``CHANGELOG.md`` make.
  Whatever the way, ``pyproject.toml`` at that commit must say ``X.Y.Z``, else it is refused.
- The last release is the newest dated section whose commit is found; a version whose section
  is written but not yet committed (a release being prepared) is not released yet.

Git is only ever given a ref after it is checked (no leading ``-``, no control characters,
no whitespace) and behind ``--end-of-options``; everything after is a full commit id.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.paths import ROOT
from analysis.validation import printable

CHANGELOG = "CHANGELOG.md"
PYPROJECT = "pyproject.toml"
VERSION = re.compile(r"v?(\d+\.\d+\.\d+)")
SECTION = re.compile(r"(?m)^## \[?(Unreleased|\d+\.\d+\.\d+)\]?(?: - (\d{4}-\d{2}-\d{2}))?[ \t]*$")
NAMED_COMMIT = re.compile(r"Released at commit `([0-9a-f]{7,40})`")
_BAD_REF = re.compile(r"[\x00-\x20\x7f]|^-|:")


class RefError(ValueError):
    """A version or git ref that cannot be resolved, or a file missing at a commit (message says which)."""


@dataclass(frozen=True)
class Release:
    """A dated CHANGELOG section: its version, date and body (the text up to the next section)."""

    version: str
    date: str
    body: str


def releases(changelog: str) -> list[Release]:
    """The dated sections of a CHANGELOG text, newest first (as written: the file lists them so)."""
    heads = list(SECTION.finditer(changelog))
    found = []
    for head, after in zip(heads, [*heads[1:], None], strict=True):
        version, date = head.group(1), head.group(2)
        if version == "Unreleased" or date is None:
            continue
        body = changelog[head.end() : after.start() if after else len(changelog)]
        found.append(Release(version, date, body))
    return found


def version_key(version: str) -> tuple[int, ...]:
    """``"0.10.2"`` -> ``(0, 10, 2)``: versions compare as numbers."""
    return tuple(int(part) for part in version.split("."))


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise RefError("git is not installed: versions and refs cannot be read") from exc


def is_repository(repo: Path = ROOT) -> bool:
    """True when ``repo`` is a git checkout with at least one commit."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode == 0
    except RefError:
        return False


def commit_of(ref: str, repo: Path = ROOT) -> str | None:
    """The full commit id ``ref`` names in ``repo``, or None; ``ref`` is checked before git sees it."""
    if not ref or _BAD_REF.search(ref):
        raise RefError(
            f"not a git ref: {printable(ref)!r} (no leading '-', spaces, ':' or control characters)"
        )
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return done.stdout.strip() if done.returncode == 0 else None


def show(commit: str, path: str, repo: Path = ROOT) -> str | None:
    """The text of ``path`` at ``commit`` (a full id from :func:`commit_of`), or None when it is absent."""
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise RefError(f"not a full commit id: {printable(commit)!r}")
    done = _git(repo, "show", "--end-of-options", f"{commit}:{path}")
    return done.stdout if done.returncode == 0 else None


def version_at(commit: str, repo: Path = ROOT) -> str | None:
    """The ``[project] version`` of ``pyproject.toml`` at ``commit`` (None without one)."""
    text = show(commit, PYPROJECT, repo)
    if text is None:
        return None
    try:
        return tomllib.loads(text).get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None


def _top_release(commit: str, repo: Path) -> str | None:
    """The version of the first section of ``CHANGELOG.md`` at ``commit`` when it is a dated release."""
    text = show(commit, CHANGELOG, repo)
    heads = list(SECTION.finditer(text or ""))
    if not heads or heads[0].group(1) == "Unreleased" or heads[0].group(2) is None:
        return None
    return heads[0].group(1)


def _first_release_commit(version: str, repo: Path) -> str | None:
    """Rule 3: the oldest commit of HEAD's history at ``version`` with its section on top of the CHANGELOG."""
    done = _git(repo, "log", "--format=%H", "--reverse", f'-Sversion = "{version}"', "HEAD", "--", PYPROJECT)
    for commit in done.stdout.split():
        if version_at(commit, repo) == version and _top_release(commit, repo) == version:
            return commit
    return None


def resolve_version(version: str, repo: Path = ROOT, changelog: str | None = None) -> str:
    """The commit of release ``version`` (``0.2.1`` or ``v0.2.1``), by the rules of this module.

    ``changelog`` is the CHANGELOG text naming commits (default: the working tree's).
    Raises :class:`RefError` saying what was tried.
    """
    match = VERSION.fullmatch(version)
    if not match:
        raise RefError(f"not a version: {printable(version)!r} (write it as 0.2.1 or v0.2.1)")
    version = match.group(1)
    if changelog is None:
        path = Path(repo) / CHANGELOG
        changelog = path.read_text(encoding="utf-8") if path.exists() else ""
    commit = commit_of(f"refs/tags/v{version}", repo) or commit_of(f"refs/tags/{version}", repo)
    how = "its tag"
    if commit is None:
        named = [NAMED_COMMIT.search(r.body) for r in releases(changelog) if r.version == version]
        if named and named[0]:
            commit, how = (
                commit_of(named[0].group(1), repo),
                f"the commit CHANGELOG.md names ({named[0].group(1)})",
            )
            if commit is None:
                raise RefError(
                    f"CHANGELOG.md names commit {named[0].group(1)} for {version}, which this clone lacks"
                )
    if commit is None:
        commit, how = _first_release_commit(version, repo), "pyproject.toml's history"
    if commit is None:
        raise RefError(
            f"no release {version} in this repository: no tag v{version}, no commit named in CHANGELOG.md, "
            f"and no commit of HEAD's history where pyproject.toml says {version} with its CHANGELOG section on top"
        )
    found = version_at(commit, repo)
    if found != version:
        raise RefError(f"{how} gives commit {commit[:12]}, whose pyproject.toml says {found}, not {version}")
    return commit


def resolve(ref: str, repo: Path = ROOT) -> str:
    """A version (``0.2.1``, ``v0.2.1``) or any git ref -> its full commit id; :class:`RefError` if none."""
    if VERSION.fullmatch(ref):
        return resolve_version(ref, repo)
    commit = commit_of(ref, repo)
    if commit is None:
        raise RefError(f"no commit {printable(ref)!r} in {repo} (give a version such as 0.2.1, or a git ref)")
    return commit


def last_release(repo: Path = ROOT, before: str | None = None) -> tuple[str, str]:
    """``(version, commit)`` of the newest release whose commit is found (older than ``before`` if given)."""
    path = Path(repo) / CHANGELOG
    changelog = path.read_text(encoding="utf-8") if path.exists() else ""
    candidates = sorted((r.version for r in releases(changelog)), key=version_key, reverse=True)
    if before is not None:
        candidates = [v for v in candidates if version_key(v) < version_key(before)]
    for version in candidates:
        try:
            return version, resolve_version(version, repo, changelog)
        except RefError:
            continue  # written but not yet committed: being released now
    raise RefError(f"no release of {CHANGELOG} is found in the history of {repo}")
