"""What changed in the chronology between two versions: ``python -m analysis diff OLD_REF [NEW_REF]``.

Reads ``data/processed/chronology.csv`` at two git refs (``NEW_REF`` defaults to the working
tree) and lists each event added, removed, or whose window (dates and precision), evidence
tier or agreement changed. A chronology without a ``tiers`` column predates the cited tier:
all its events rest on quoted sources, so their tier is ``quoted``.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pandas as pd

from analysis.paths import ROOT

CHRONOLOGY = "data/processed/chronology.csv"
COMPARED = ("window", "tiers", "agreement")  # what a change is, per event
CHANGE_COLUMNS = ["event_id", "change", "field", "old", "new"]


class RefError(ValueError):
    """A git ref that does not exist, or has no chronology."""


def read_at(ref: str | None, repo: Path = ROOT) -> pd.DataFrame:
    """The chronology at git ``ref`` of ``repo`` (None: the working tree), as strings."""
    if ref is None:
        path = Path(repo) / CHRONOLOGY
        if not path.exists():
            raise RefError(f"{path} is missing: run make figures (or give a second git ref)")
        text = path.read_text(encoding="utf-8")
    else:
        try:
            shown = subprocess.run(
                ["git", "-C", str(repo), "show", f"{ref}:{CHRONOLOGY}"], capture_output=True, text=True
            )
        except FileNotFoundError as exc:
            raise RefError(f"cannot read {CHRONOLOGY} at {ref!r}: git is not installed") from exc
        if shown.returncode != 0:
            raise RefError(f"cannot read {CHRONOLOGY} at {ref!r}: {shown.stderr.strip()}")
        text = shown.stdout
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _compared(chronology: pd.DataFrame) -> pd.DataFrame:
    """Per event id: its window as ``earliest..latest (precision)``, its tiers and its agreement."""
    tiers = chronology["tiers"] if "tiers" in chronology else "quoted"
    window = (
        chronology["date_earliest"] + ".." + chronology["date_latest"] + " (" + chronology["precision"] + ")"
    )
    table = pd.DataFrame(
        {"window": window, "tiers": tiers, "agreement": chronology["agreement"]}, index=chronology.index
    )
    return table.set_index(chronology["event_id"])


def compare(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per difference: ``event_id, change (added|removed|changed), field, old, new``.

    Added and removed events give one row each (``field`` empty, the window as the value);
    a changed event gives one row per field of ``COMPARED`` that differs. Sorted by event id.
    """
    a, b = _compared(old), _compared(new)
    rows = [(e, "removed", "", a.at[e, "window"], "") for e in a.index.difference(b.index)]
    rows += [(e, "added", "", "", b.at[e, "window"]) for e in b.index.difference(a.index)]
    for event_id in a.index.intersection(b.index):
        for field in COMPARED:
            if a.at[event_id, field] != b.at[event_id, field]:
                rows.append((event_id, "changed", field, a.at[event_id, field], b.at[event_id, field]))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS).sort_values(["event_id", "field"], ignore_index=True)


def describe(changes: pd.DataFrame, old_ref: str, new_ref: str | None) -> str:
    """Human-readable lines: ``event_id: field old -> new`` (or added/removed), and a summary."""
    lines = []
    for _, c in changes.iterrows():
        if c["change"] == "changed":
            lines.append(f"{c['event_id']}: {c['field']} {c['old']} -> {c['new']}")
        else:
            lines.append(f"{c['event_id']}: {c['change']} {c['old'] or c['new']}")
    n_events = changes["event_id"].nunique()
    lines.append(f"{n_events} event(s) differ between {old_ref} and {new_ref or 'the working tree'}")
    return "\n".join(lines)
