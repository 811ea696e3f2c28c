"""What changed in the chronology between two versions: ``python -m analysis diff [OLD [NEW]] [-o FILE]``.

``OLD`` and ``NEW`` are release versions (``0.2.1``, ``v0.2.1``, resolved by :mod:`analysis.history`
when the clone has no tags) or git refs; ``OLD`` defaults to the last release, ``NEW`` to the
working tree. Each side is ``data/processed/chronology.csv`` and ``data/claims.csv`` as
committed (the working tree's chronology is the last build's: run ``make figures`` first).

Rules:

- One row per event added or removed (``field`` empty, the window as the value), and per
  field of :data:`COMPARED` that differs for an event in both versions: ``window`` (first and
  last day and precision), ``milestone``, ``agreement``, ``tiers`` and ``actor`` (the actor family).
- A field is compared only when both versions have it, except ``tiers``: a chronology without
  that column predates the cited tier, so all its events rest on quoted sources (``quoted``).
- The claims that caused the change (ids joined by ``|``, sorted): ``claims_gained``, those the
  event gained (new claims, or claims moved to it), ``claims_lost``, those it lost, and
  ``claims_edited``, those of its claims whose row in ``claims.csv`` was edited (columns both
  versions have). An event's claims are those of all its milestones. All three are empty when
  none of its claims changed: then the rules (the code) or a source's publication window did.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.history import RefError, resolve, show
from analysis.paths import ROOT
from analysis.validation import printable

CHRONOLOGY = "data/processed/chronology.csv"
CLAIMS = "data/claims.csv"
MILESTONES = "data/processed/milestones.csv"
COMPARED = ("window", "milestone", "agreement", "tiers", "actor")  # what a change is, per event
CAUSES = ["claims_gained", "claims_lost", "claims_edited"]
CHANGE_COLUMNS = ["event_id", "change", "field", "old", "new", *CAUSES]

__all__ = ["RefError", "Version", "compare", "describe", "read_at", "version_at_ref"]


@dataclass(frozen=True)
class Version:
    """One side of a diff: its label (``0.2.1 (a049488)``), chronology, claims and milestone rows
    (each event's claims are those of all its milestones), every cell a string."""

    label: str
    chronology: pd.DataFrame
    claims: pd.DataFrame | None = None
    milestones: pd.DataFrame | None = None


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def read_at(ref: str | None, repo: Path = ROOT, path: str = CHRONOLOGY) -> pd.DataFrame:
    """``path`` (default: the chronology) at ``ref`` of ``repo`` (None: the working tree), as strings."""
    if ref is None:
        file = Path(repo) / path
        if not file.exists():
            raise RefError(f"{file} is missing: run make figures (or give a second version or git ref)")
        return _read(file.read_text(encoding="utf-8"))
    commit = resolve(ref, repo)
    text = show(commit, path, repo)
    if text is None:
        raise RefError(f"{ref} (commit {commit[:12]}) has no {path}")
    return _read(text)


def version_at_ref(ref: str | None, repo: Path = ROOT) -> Version:
    """The chronology, claims and milestones at ``ref`` (a version or git ref; None: the working tree), labelled."""
    commit = (
        None if ref is None else resolve(ref, repo)
    )  # resolved once; the full id is a ref git takes as is
    label = "the working tree" if ref is None else f"{printable(ref)} ({commit[:7]})"
    optional = {}
    for name, path in (("claims", CLAIMS), ("milestones", MILESTONES)):
        try:
            optional[name] = read_at(commit, repo, path)
        except RefError:
            optional[name] = None  # older versions: without claims.csv, changes come without causes
    return Version(label, read_at(commit, repo), **optional)


def _compared(chronology: pd.DataFrame) -> pd.DataFrame:
    """Per event id: the fields of :data:`COMPARED` this chronology has (``tiers`` always)."""
    c = chronology
    fields = {
        "window": c["date_earliest"] + ".." + c["date_latest"] + " (" + c["precision"] + ")",
        "milestone": c.get("milestone"),
        "agreement": c.get("agreement"),
        "tiers": c["tiers"] if "tiers" in c else pd.Series("quoted", index=c.index),
        "actor": c.get("actor_family"),
    }
    table = pd.DataFrame({name: values for name, values in fields.items() if values is not None})
    return table.set_index(c["event_id"])


def _claim_sets(version: Version) -> dict[str, set[str]]:
    """Event id -> the ids of its claims, over its chronology row and all its milestone rows."""
    sets: dict[str, set[str]] = {}
    for table in (version.chronology, version.milestones):
        if table is None or "claim_ids" not in table:
            continue
        for event_id, ids in zip(table["event_id"], table["claim_ids"], strict=True):
            sets.setdefault(event_id, set()).update(filter(None, str(ids).split("|")))
    return sets


def edited_claims(old: pd.DataFrame | None, new: pd.DataFrame | None) -> set[str]:
    """Ids of claims in both tables whose rows differ in a column both tables have."""
    if old is None or new is None or "claim_id" not in old or "claim_id" not in new:
        return set()
    columns = [c for c in old.columns if c in new.columns]
    a = old[columns].drop_duplicates("claim_id").set_index("claim_id")
    b = new[columns].drop_duplicates("claim_id").set_index("claim_id")
    both = a.index.intersection(b.index)
    differs = (a.loc[both] != b.loc[both, a.columns]).any(axis=1)
    return set(differs[differs].index)


def _causes(event_id: str, old_sets: dict, new_sets: dict, edited: set[str]) -> tuple[str, str, str]:
    """``(gained, lost, edited)`` claim ids of one event, each joined by ``|``."""
    before, after = old_sets.get(event_id, set()), new_sets.get(event_id, set())
    return tuple("|".join(sorted(ids)) for ids in (after - before, before - after, before & after & edited))


def compare(old: pd.DataFrame | Version, new: pd.DataFrame | Version) -> pd.DataFrame:
    """One row per difference: ``event_id, change (added|removed|changed), field, old, new, claims``.

    Takes two chronologies (as strings) or two :class:`Version` (chronology and claims); see the
    module's rules. Sorted by event id and field.
    """
    old_v = old if isinstance(old, Version) else Version("old", old)
    new_v = new if isinstance(new, Version) else Version("new", new)
    a, b = _compared(old_v.chronology), _compared(new_v.chronology)
    old_sets, new_sets = _claim_sets(old_v), _claim_sets(new_v)
    edited = edited_claims(old_v.claims, new_v.claims)

    def causes(event_id: str) -> tuple[str, str, str]:
        return _causes(event_id, old_sets, new_sets, edited)

    rows = [(e, "removed", "", a.at[e, "window"], "", *causes(e)) for e in a.index.difference(b.index)]
    rows += [(e, "added", "", "", b.at[e, "window"], *causes(e)) for e in b.index.difference(a.index)]
    fields = [f for f in COMPARED if f in a.columns and f in b.columns]
    for event_id in a.index.intersection(b.index):
        for field in fields:
            if a.at[event_id, field] != b.at[event_id, field]:
                rows.append(
                    (
                        event_id,
                        "changed",
                        field,
                        a.at[event_id, field],
                        b.at[event_id, field],
                        *causes(event_id),
                    )
                )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS).sort_values(["event_id", "field"], ignore_index=True)


def counts(changes: pd.DataFrame) -> dict[str, int]:
    """Events added, removed and changed (an event counts once however many fields changed)."""
    by_change = changes.drop_duplicates("event_id")["change"].value_counts()
    return {kind: int(by_change.get(kind, 0)) for kind in ("added", "removed", "changed")}


def summary(changes: pd.DataFrame, old_label: str, new_label: str) -> str:
    """``3 event(s) added, 1 removed, 2 changed between OLD and NEW``."""
    n = counts(changes)
    return (
        f"{n['added']} event(s) added, {n['removed']} removed, {n['changed']} changed "
        f"between {old_label} and {new_label}"
    )


def table_lines(changes: pd.DataFrame) -> list[str]:
    """The changes as an aligned text table, every value escaped (:func:`analysis.validation.printable`).

    The last column lists the causes: ``+id`` gained, ``-id`` lost, ``~id`` edited.
    """
    header = ["event", "change", "field", "old", "new", "claims (+gained -lost ~edited)"]
    body = [
        [str(r[c]) for c in ("event_id", "change", "field", "old", "new")] + [_marked(r)]
        for r in changes.to_dict("records")
    ]
    body = [[printable(cell) for cell in row] for row in body]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header) - 1)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in [header, *body]
    ]


def _marked(row: dict) -> str:
    marks = zip(("+", "-", "~"), (row[c] for c in CAUSES), strict=True)
    return " ".join(mark + claim for mark, ids in marks for claim in filter(None, ids.split("|")))


def without_claims(changes: pd.DataFrame) -> int:
    """Events that changed although none of their claims did (the rules or a source's publication window did)."""
    changed = changes[changes["change"] == "changed"]
    no_cause = (changed[CAUSES] == "").all(axis=1)
    return int(changed.loc[no_cause, "event_id"].nunique())


def cause_note(changes: pd.DataFrame) -> str:
    """A line saying how many events changed with no claim changed, or "" when there are none."""
    n = without_claims(changes)
    if n == 0:
        return ""
    return (
        f"{n} event(s) changed with none of their claims changed: the rules (the code) or a source's "
        "publication window changed them"
    )


def describe(changes: pd.DataFrame, old_label: str, new_label: str | None) -> str:
    """The table (when anything changed), the summary line and, if any, the note on changes without claims."""
    lines = table_lines(changes) if not changes.empty else []
    lines.append(summary(changes, old_label, new_label or "the working tree"))
    return "\n".join(line for line in [*lines, cause_note(changes)] if line)
