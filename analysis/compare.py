"""The sources compared: what each reports alone, where they agree, how they spell places."""

from __future__ import annotations

import re

import pandas as pd

from analysis.places import spellings
from analysis.vocabulary import is_undated


def source_profile(claims: pd.DataFrame, chronology: pd.DataFrame) -> pd.DataFrame:
    """Per source: claims, events dated, events no other source dates, undated claims, day-precise claims."""
    exclusive = chronology[chronology["n_sources"] == 1]
    exclusive_by_source = exclusive["source_ids"].value_counts()
    grouped = claims.groupby("source_id")
    profile = (
        pd.DataFrame(
            {
                "claims": grouped.size(),
                "events": grouped.apply(
                    lambda c: c[["place_id", "event", "episode"]].drop_duplicates().shape[0]
                ),
                "only_this_source": exclusive_by_source,
                "undated": grouped["precision"].apply(lambda p: int(is_undated(p).sum())),
                "to_the_day": grouped["precision"].apply(lambda p: int((p == "day").sum())),
            }
        )
        .fillna(0)
        .astype(int)
    )
    return profile.rename_axis("source_id").reset_index()


def shared_events(chronology: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Every claim about an event that several sources date, side by side with the reconciled window."""
    shared = chronology.loc[
        chronology["n_sources"] > 1,
        ["place_id", "event", "episode", "event_id", "date_earliest", "date_latest", "agreement"],
    ]
    rows = claims.merge(shared, on=["place_id", "event", "episode"], suffixes=("", "_event"))
    cols = [
        "event_id",
        "source_id",
        "date_text",
        "date_earliest",
        "date_latest",
        "precision",
        "date_earliest_event",
        "date_latest_event",
        "agreement",
    ]
    return rows[cols].sort_values(["date_earliest_event", "event_id", "source_id"]).reset_index(drop=True)


def spelling_variants(places: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """How often each spelling of each multi-spelling place occurs in each source (whole words, any case)."""
    rows = []
    for _, place in places.iterrows():
        names = sorted(set(spellings(place)), key=str.lower)
        if len({n.lower() for n in names}) < 2:
            continue
        for name in names:
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
            for source_id, text in sorted(texts.items()):
                rows.append(
                    {
                        "place_id": place["place_id"],
                        "spelling": name,
                        "source_id": source_id,
                        "occurrences": len(pattern.findall(text)),
                    }
                )
    table = pd.DataFrame(rows)
    return (
        table.pivot_table(
            index=["place_id", "spelling"], columns="source_id", values="occurrences", aggfunc="sum"
        )
        .reset_index()
        .rename_axis(columns=None)
    )
