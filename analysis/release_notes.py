"""The data changelog: ``docs/releases/<version>.md``, written by the build, never by hand.

Each page states the counts of the data at a release (sources by tier, claims by tier, places
named in claims, events, how many rest on two or more independent sources that agree, on one
source, or conflict, and which tiers support them) and the event-level diff from the previous
release (:mod:`analysis.changes`). Rules of what the build (``make figures`` / ``build``) writes:

- The page of every release of ``CHANGELOG.md`` that has none yet, from the files committed at
  that release (:mod:`analysis.history`); an existing release page is never rewritten.
- When ``pyproject.toml``'s version is not released yet (the lead bumped it for a release),
  ``<version>.md`` from the working tree, which the release commit then carries: so bumping the
  version and running the build writes the release's page. Otherwise ``unreleased.md``: the
  working tree against the last release (what a citer of that release would see changed).
- The counts are read from the files as committed (``sources.csv``, ``claims.csv`` and the
  generated ``chronology.csv`` and ``milestones.csv``), so a page can be recomputed from any
  commit: ``tests/test_release_notes.py`` recomputes every page and fails if one differs. A
  table a version lacks is not counted (a missing ``tier`` column means the quoted tier only).
- Nothing is written outside a git checkout (no history to compare with).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.changes import CAUSES, CHRONOLOGY, CLAIMS, MILESTONES, Version, cause_note, compare, counts
from analysis.escaping import html_text
from analysis.history import (
    CHANGELOG,
    RefError,
    is_repository,
    last_release,
    releases,
    resolve_version,
    show,
    version_key,
)
from analysis.paths import ROOT
from analysis.validation import printable

SOURCES = "data/sources.csv"
RELEASES = Path("docs/releases")
UNRELEASED = "unreleased"
TIER_SUPPORT = {"quoted": "quoted sources only", "cited": "cited sources only", "cited|quoted": "both tiers"}


@dataclass(frozen=True)
class Snapshot:
    """The tables of one version (every cell a string; None when the version lacks the file)."""

    sources: pd.DataFrame | None
    claims: pd.DataFrame | None
    chronology: pd.DataFrame
    milestones: pd.DataFrame | None


def _table(text: str | None) -> pd.DataFrame | None:
    return None if text is None else pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def snapshot(commit: str | None, repo: Path = ROOT) -> Snapshot:
    """The tables at ``commit`` (a full id), or in the working tree of ``repo`` when None."""

    def text(path: str) -> str | None:
        if commit is not None:
            return show(commit, path, repo)
        file = Path(repo) / path
        return file.read_text(encoding="utf-8") if file.exists() else None

    chronology = _table(text(CHRONOLOGY))
    if chronology is None:
        where = f"commit {commit[:12]}" if commit else str(repo)
        raise RefError(f"{where} has no {CHRONOLOGY}: run make figures")
    return Snapshot(_table(text(SOURCES)), _table(text(CLAIMS)), chronology, _table(text(MILESTONES)))


def count_rows(s: Snapshot) -> list[tuple[str, str]]:
    """``(what, count)`` rows of a version's counts; the definitions of :func:`analysis.findings.evidence`."""
    rows = []
    if s.sources is not None:
        tier = s.sources["tier"] if "tier" in s.sources else pd.Series("quoted", index=s.sources.index)
        rows.append(("sources kept verbatim (quoted tier)", str(int((tier == "quoted").sum()))))
        rows.append(("cited sources (cited tier)", str(int((tier == "cited").sum()))))
        if s.claims is not None:
            claim_tier = s.claims["source_id"].map(dict(zip(s.sources["source_id"], tier, strict=True)))
            by_tier = (
                f"{int((claim_tier == 'quoted').sum())} quoted, {int((claim_tier == 'cited').sum())} cited"
            )
            rows.append(("claims (dated statements)", f"{len(s.claims)} ({by_tier})"))
    if s.claims is not None and "place_id" in s.claims:
        rows.append(("places named in claims", str(int(s.claims["place_id"].nunique()))))
    c = s.chronology
    rows.append(("events", str(len(c))))
    agreement = c["agreement"].value_counts()
    rows.append(
        ("events dated by two or more independent sources that agree", str(int(agreement.get("agreed", 0))))
    )
    rows.append(("events resting on one source", str(int(agreement.get("single-source", 0)))))
    conflicts = str(int(agreement.get("conflict", 0)))
    if s.milestones is not None:
        conflicts += f" ({int((s.milestones['agreement'] == 'conflict').sum())} milestone rows)"
    rows.append(("events in conflict", conflicts))
    tiers = c["tiers"] if "tiers" in c else pd.Series("quoted", index=c.index)
    support = tiers.value_counts()
    rows.append(
        (
            "events supported by",
            ", ".join(f"{label} {int(support.get(k, 0))}" for k, label in TIER_SUPPORT.items()),
        )
    )
    return rows


def _cell(value: object) -> str:
    """A Markdown table cell: control characters escaped, HTML's ``& < > " '`` escaped, ``|`` as ``\\|``."""
    return html_text(printable(str(value))).replace("|", "\\|")


def _changes_table(changes: pd.DataFrame) -> list[str]:
    header = ["event", "change", "field", "old", "new", "claims gained", "claims lost", "claims edited"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in changes.to_dict("records"):
        cells = [row["event_id"], row["change"], row["field"], row["old"], row["new"]]
        cells += [row[c].replace("|", ", ") for c in CAUSES]
        lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
    return lines


def render(version: str, date: str, now: Snapshot, previous: tuple[str, str, Snapshot] | None) -> str:
    """The page of ``version`` (``unreleased`` for work after the last release).

    ``previous`` is ``(version, commit, tables)`` of the release compared with, or None for the first.
    """
    title = "Changes since the last release (not released)" if version == UNRELEASED else f"Release {version}"
    lines = [
        f"# {title}",
        "",
        "<!-- Written by the build (analysis.release_notes) from the data; do not edit: make figures rewrites it. -->",
        "",
    ]
    if version != UNRELEASED:
        lines += [f"Released {date}." if date else "Not dated yet in CHANGELOG.md.", ""]
    lines += ["## The data", "", "| what | count |", "| --- | --- |"]
    lines += [f"| {what} | {count} |" for what, count in count_rows(now)]
    lines.append("")
    if previous is None:
        lines += ["## Changes", "", "The first release: nothing to compare with.", ""]
        return "\n".join(lines)
    prev_version, prev_commit, prev = previous
    changes = compare(
        Version(prev_version, prev.chronology, prev.claims, prev.milestones),
        Version(version, now.chronology, now.claims, now.milestones),
    )
    n = counts(changes)
    lines += [
        f"## Changes from {prev_version} (commit `{prev_commit[:7]}`)",
        "",
        f"{n['added']} event(s) added, {n['removed']} removed, {n['changed']} changed "
        f"(`.venv/bin/python -m analysis diff {prev_version}{'' if version == UNRELEASED else ' ' + version}` "
        "lists them with the claims that caused each).",
        "",
    ]
    if not changes.empty:
        lines += [*_changes_table(changes), ""]
    if cause_note(changes):
        lines += [cause_note(changes) + ".", ""]
    return "\n".join(lines)


def _changelog(repo: Path) -> str:
    path = Path(repo) / CHANGELOG
    return path.read_text(encoding="utf-8") if path.exists() else ""


def release_page(version: str, repo: Path = ROOT) -> str:
    """The page of released ``version``, from the files committed at it and at the release before."""
    changelog = _changelog(repo)
    dates = {r.version: r.date for r in releases(changelog)}
    commit = resolve_version(version, repo, changelog)
    return render(version, dates.get(version, ""), snapshot(commit, repo), _previous(version, repo))


def _previous(version: str, repo: Path) -> tuple[str, str, Snapshot] | None:
    try:
        prev_version, prev_commit = last_release(repo, before=version)
    except RefError:
        return None
    return prev_version, prev_commit, snapshot(prev_commit, repo)


def pending_page(repo: Path = ROOT, version: str = __version__) -> tuple[str, str]:
    """``(name, page)`` of the work in the working tree: ``version`` when it is not released yet, else ``unreleased``."""
    changelog = _changelog(repo)
    try:
        resolve_version(version, repo, changelog)
    except RefError:  # being released: the commit that will carry this page makes the release
        dates = {r.version: r.date for r in releases(changelog)}
        return version, render(
            version, dates.get(version, ""), snapshot(None, repo), _previous(version, repo)
        )
    last_version, last_commit = last_release(repo)
    return UNRELEASED, render(
        UNRELEASED, "", snapshot(None, repo), (last_version, last_commit, snapshot(last_commit, repo))
    )


def pages(repo: Path = ROOT, version: str = __version__) -> dict[Path, str]:
    """The pages the build writes (see the module's rules): path -> text. Empty outside a git checkout."""
    if not is_repository(repo):
        return {}
    folder = Path(repo) / RELEASES
    texts = {}
    for release in sorted(releases(_changelog(repo)), key=lambda r: version_key(r.version)):
        page = folder / f"{release.version}.md"
        if page.exists():
            continue  # a release page is never rewritten
        try:
            texts[page] = release_page(release.version, repo)
        except RefError:
            continue  # not committed yet
    name, text = pending_page(repo, version)
    texts[folder / f"{name}.md"] = text
    return texts


def remove_superseded(repo: Path = ROOT, version: str = __version__) -> list[Path]:
    """Remove ``unreleased.md`` once ``version``'s own page exists; returns what was removed."""
    folder = Path(repo) / RELEASES
    stale = folder / f"{UNRELEASED}.md"
    if (folder / f"{version}.md").exists() and stale.exists() and _is_pending(version, repo):
        stale.unlink()
        return [stale]
    return []


def _is_pending(version: str, repo: Path) -> bool:
    """True when ``version`` is not released yet (no commit carries it): it is being released."""
    try:
        resolve_version(version, repo, _changelog(repo))
    except RefError:
        return True
    return False


def write_release_notes(repo: Path = ROOT, version: str = __version__) -> list[Path]:
    """Write the pages the rules of this module ask for, in one commit; returns the paths written or removed."""
    from analysis.metadata import write_files

    return write_files(pages(repo, version)) + remove_superseded(repo, version)
