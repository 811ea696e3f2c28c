"""The cited tier's facts as compiled (``data/raw/cited/facts.csv``) and what became of each.

Every compiled fact is either a claim of ``claims.csv`` with the same id (``claim_id`` =
:func:`claim_id_of` the ``fact_id``: the fact id itself, less any character an id may not hold,
such as the apostrophe of ``al-sha'er``), or a row of ``data/excluded_facts.csv`` giving the reason it is not used;
:func:`validate_facts` reports a fact that is neither or both, and an exclusion of an unknown
fact. The compiler also resolved each fact's date expression; the project recomputes every
window itself (:mod:`analysis.claims`), and :func:`window_differences` lists where the two differ,
each with its reason: the claim's note says why after ``Window:``, and a differing window without
one is a problem (:func:`window_problems`).
A data folder without ``raw/cited/facts.csv`` has no cited tier to check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.paths import DATA, data_files
from analysis.schema import columns
from analysis.validation import LINE, Problem, display_path, duplicate_ids, read_table, require_nonempty
from analysis.vocabulary import event_id

FACT_COLUMNS = columns("cited_facts")
EXCLUDED_COLUMNS = columns("excluded_facts")
_NOT_IN_AN_ID = re.compile(r"[^A-Za-z0-9._-]")


def claim_id_of(fact_id: str) -> str:
    """The claim id of a compiled fact: its ``fact_id`` without the characters an id may not hold
    (:data:`analysis.containment.SAFE_ID`): ``...-al-sha'er-gas-field-seized`` -> ``...-al-shaer-gas-field-seized``."""
    return _NOT_IN_AN_ID.sub("", fact_id)


def _claim_ids(facts: pd.DataFrame) -> pd.Series:
    return facts["fact_id"].map(claim_id_of)


def validate_facts(
    claims: pd.DataFrame | None, data_dir: Path = DATA
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    """The compiled facts and the exclusions (None when the folder has no cited tier), and problems."""
    files = data_files(data_dir)
    if not files["facts"].is_file():
        return None, None, []
    facts, problems = read_table(files["facts"], FACT_COLUMNS, crlf_allowed=True)  # as received
    excluded, excluded_problems = read_table(files["excluded_facts"], EXCLUDED_COLUMNS)
    problems += excluded_problems
    if facts is None or excluded is None or claims is None:
        return facts, excluded, problems
    shown_excluded = display_path(files["excluded_facts"])
    problems += require_nonempty(excluded, shown_excluded, EXCLUDED_COLUMNS)
    problems += duplicate_ids(excluded, shown_excluded, "fact_id")
    problems += _coverage_problems(facts, excluded, claims, display_path(files["facts"]), shown_excluded)
    problems += window_problems(facts, claims, display_path(files["claims"]))
    return facts.drop(columns=LINE), excluded.drop(columns=LINE), problems


def _coverage_problems(
    facts: pd.DataFrame, excluded: pd.DataFrame, claims: pd.DataFrame, shown_facts: str, shown_excluded: str
) -> list[Problem]:
    claimed, left_out = set(claims["claim_id"]), set(excluded["fact_id"])
    problems = [
        Problem(
            shown_facts,
            int(r[LINE]),
            "fact_id",
            f"{r['fact_id']!r} is neither a claim in claims.csv nor listed with a reason in excluded_facts.csv"
            if r["fact_id"] not in left_out
            else f"{r['fact_id']!r} is both a claim and an excluded fact",
        )
        for _, r in facts.iterrows()
        if (claim_id_of(r["fact_id"]) in claimed) == (r["fact_id"] in left_out)
    ]
    known = set(facts["fact_id"])
    problems += [
        Problem(shown_excluded, int(r[LINE]), "fact_id", f"unknown fact {r['fact_id']!r} (not in facts.csv)")
        for _, r in excluded.iterrows()
        if r["fact_id"] not in known
    ]
    return problems


def coverage(facts: pd.DataFrame, excluded: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per compiled fact: its claim and event (``place_id:event:episode``) and milestone, or
    the reason it was left out."""
    used = claims.assign(
        event_id=event_id(claims["place_id"], claims["event"], claims["episode"].astype(int))
    ).set_index("claim_id")
    table = facts[["fact_id", "source_key", "place", "event", "date_text"]].copy()
    table["event_id"] = _claim_ids(table).map(used["event_id"]).fillna("")
    table["milestone"] = _claim_ids(table).map(used["milestone"]).fillna("")
    table["reason_left_out"] = table["fact_id"].map(excluded.set_index("fact_id")["reason"]).fillna("")
    return table.reset_index(drop=True)


WINDOW_REASON = "Window:"  # in a claim's note: why its window differs from the compiler's


def window_reason(note: str) -> str:
    """The reason a claim's note gives for a window unlike the compiler's (after ``Window:``), or ''."""
    _, marker, reason = note.partition(WINDOW_REASON)
    return reason.strip() if marker else ""


def window_differences(facts: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose window differs from the compiler's: fact id, date text, both windows, the
    shift of each end in days (project minus compiler; negative = earlier), and the ``reason``
    the claim's note gives ('' when it gives none)."""
    compiler = facts.set_index("fact_id")[["date_text", "date_earliest", "date_latest"]]
    ours = claims.set_index("claim_id").reindex(_claim_ids(facts))
    table = pd.DataFrame(
        {
            "fact_id": compiler.index,
            "date_text": compiler["date_text"].to_numpy(),
            "compiler_earliest": pd.to_datetime(compiler["date_earliest"]).to_numpy(),
            "compiler_latest": pd.to_datetime(compiler["date_latest"]).to_numpy(),
            "earliest": ours["date_earliest"].to_numpy(),
            "latest": ours["date_latest"].to_numpy(),
            "precision": ours["precision"].to_numpy(),
            "reason": ours["note"].fillna("").map(window_reason).to_numpy(),
        }
    ).dropna(subset=["earliest"])
    table["earliest_shift_days"] = (table["earliest"] - table["compiler_earliest"]).dt.days
    table["latest_shift_days"] = (table["latest"] - table["compiler_latest"]).dt.days
    differs = (table["earliest_shift_days"] != 0) | (table["latest_shift_days"] != 0)
    return table[differs].reset_index(drop=True)


def window_problems(facts: pd.DataFrame, claims: pd.DataFrame, shown_claims: str) -> list[Problem]:
    """A claim whose window differs from the compiler's and whose note gives no reason (``Window:``)."""
    if LINE not in claims or "date_earliest" not in claims:
        return []
    dated = claims.dropna(subset=["date_earliest"]).assign(
        date_earliest=lambda t: pd.to_datetime(t["date_earliest"]),
        date_latest=lambda t: pd.to_datetime(t["date_latest"]),
    )
    differences = window_differences(facts, dated)
    unexplained = differences[differences["reason"] == ""]
    line_of = dict(zip(claims["claim_id"], claims[LINE], strict=True))
    return [
        Problem(
            shown_claims,
            int(line_of[claim_id_of(r["fact_id"])]),
            "note",
            f"claim {r['fact_id']!r}: its window {r['earliest']:%Y-%m-%d}..{r['latest']:%Y-%m-%d} differs from the "
            f"compiler's {r['compiler_earliest']:%Y-%m-%d}..{r['compiler_latest']:%Y-%m-%d}; say why in the note "
            f"('{WINDOW_REASON} ...')",
        )
        for _, r in unexplained.iterrows()
    ]


def batch_of(source_id: str) -> int:
    """The compiled batch a cited source came in, from its key: batch 1's keys begin with a digit
    (``01_voa_...``), batch 2's with the region letter N, W, S or E, batch 3's with A, B or C; 0 for
    any other source (the quoted tier)."""
    first = source_id[:1]
    if first.isdigit():
        return 1
    return (
        2
        if first in "NWSE" and source_id[1:2].isdigit()
        else 3
        if first in "ABC" and source_id[1:2].isdigit()
        else 0
    )
