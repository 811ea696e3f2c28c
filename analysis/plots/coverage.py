"""fig05: which sources date which event, and which only mention it undated; conflicts and single-source events marked.

A source **dates** an event when one of its claims of the event has a date
(:func:`analysis.vocabulary.dates_the_event`): a filled dot. A source whose claims of the
event are all undated or true-at-publication only **mentions** it: a ring. Only dating
sources count towards agreement ("confirmation needs dates").

Each quoted source (text stored) has its own column; cited sources are grouped by
``source_group`` (news, US government, UN, Wikipedia), so the chart stays readable with
dozens of sources. A dot is coloured by the event's agreement and, in a group column, sized
and numbered by how many of the group's sources date the event. A manifest without
``source_group`` or ``tier`` columns (the three seed articles) counts as quoted news.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.findings import coverage_title
from analysis.plots.style import AGREEMENT_COLOURS, finish, new_figure, styled
from analysis.plots.timeline import timeline_data
from analysis.vocabulary import SOURCE_GROUP_NAMES, dates_the_event

if TYPE_CHECKING:
    from analysis.dataset import Dataset


def source_classes(sources: pd.DataFrame) -> pd.DataFrame:
    """``source_id``, ``source_group`` and ``tier`` of every source; missing columns or cells: news, quoted."""
    classes = pd.DataFrame({"source_id": sources["source_id"]})
    for column, default in (("source_group", "news"), ("tier", "quoted")):
        values = sources[column] if column in sources else pd.Series(default, index=sources.index)
        classes[column] = values.fillna("").replace("", default)
    return classes.reset_index(drop=True)


def event_sources(chronology: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, source) with a claim of it, through the chronology's ``claim_ids``, with group,
    tier and ``dates``: True when one of the source's claims of the event dates it."""
    pairs = chronology[["event_id", "claim_ids"]].assign(claim_id=chronology["claim_ids"].str.split("|"))
    pairs = pairs.explode("claim_id")[["event_id", "claim_id"]]
    pairs = pairs.merge(
        claims[["claim_id", "source_id", "precision"]], on="claim_id", how="left", validate="many_to_one"
    )
    pairs["dates"] = dates_the_event(pairs["precision"])
    pairs = pairs.groupby(["event_id", "source_id"], sort=False, as_index=False)["dates"].any()
    return pairs.merge(source_classes(sources), on="source_id", how="left", validate="many_to_one")


def coverage_columns(sources: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """The chart's columns as (key, label, source ids): each quoted source alone (by id), then each
    group of cited sources (in :data:`SOURCE_GROUP_NAMES` order)."""
    classes = source_classes(sources).merge(sources[["source_id", "outlet", "outlet_status"]], on="source_id")
    columns = []
    for _, s in classes[classes["tier"] == "quoted"].sort_values("source_id").iterrows():
        label = f"{s['outlet']}{'*' if s['outlet_status'] == 'inferred' else ''}\n{s['source_id']}"
        columns.append((s["source_id"], label, [s["source_id"]]))
    cited = classes[classes["tier"] == "cited"]
    for group, name in SOURCE_GROUP_NAMES.items():
        members = sorted(cited.loc[cited["source_group"] == group, "source_id"])
        if members:
            plural = "s" if len(members) > 1 else ""
            columns.append((f"cited_{group}", f"cited: {name}\n{len(members)} source{plural}", members))
    return columns


def coverage_data(chronology: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per event (timeline order); per column of :func:`coverage_columns`, the sources dating it
    (column ``key``) and those that only mention it, undated (column ``key`` + ``_mentions``)."""
    order = timeline_data(chronology)[["event_id", "label", "lane", "agreement"]]
    pairs = event_sources(chronology, claims, sources)
    data = order.copy()
    for key, _, members in coverage_columns(sources):
        member = pairs[pairs["source_id"].isin(members)]
        for column, rows in ((key, member[member["dates"]]), (f"{key}{MENTIONS}", member[~member["dates"]])):
            data[column] = data["event_id"].map(rows.groupby("event_id").size()).fillna(0).astype(int)
    return data.reset_index(drop=True)


MENTIONS = "_mentions"  # suffix of the columns counting sources that mention an event without dating it


@styled
def plot_coverage(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig05: a grid of events x sources (quoted ones alone, cited ones by group); a dot where they date the event."""
    chronology, claims, sources = dataset.chronology, dataset.claims, dataset.sources
    data = coverage_data(chronology, claims, sources)
    columns = coverage_columns(sources)
    fig = new_figure(4.8 + 1.0 * len(columns), 0.2 * len(data) + 2.8)
    ax = fig.add_subplot()
    y = np.arange(len(data))[::-1]
    for x, (key, _, _) in enumerate(columns):
        _draw_column(ax, x, y, data, key)
    ax.set_xticks(range(len(columns)), [label for _, label, _ in columns])
    ax.xaxis.tick_top()
    n_quoted = sum(not key.startswith("cited_") for key, _, _ in columns)
    if 0 < n_quoted < len(columns):
        ax.axvline(n_quoted - 0.5, color="#999999", lw=0.8)
    ax.set_yticks(y, data["label"])
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(-0.8, len(data) - 0.2)
    ax.grid(axis="x", visible=False)
    handles = [Line2D([], [], lw=0, marker="o", color=c, label=a) for a, c in AGREEMENT_COLOURS.items()]
    handles.append(Line2D([], [], lw=0, marker="o", mfc="white", mec="#555555", label="mentions it, undated"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), title="Sources on the date")
    finish(
        fig,
        "fig05",
        coverage_title(dataset),
        sources,
        subtitle=_subtitle(n_quoted < len(columns)),
    )
    return fig, data


def _subtitle(has_cited: bool) -> str:
    quoted = (
        "A dot where the source dates the event; a ring where it only mentions it, undated or true at publication "
        "(it never confirms the date). Quoted sources (text stored; * outlet inferred)"
    )
    if not has_cited:
        return quoted + ", one column each."
    return (
        quoted
        + " left of the line, one column each; cited sources right of it, by group, the dot larger and numbered when several date the event."
    )


def _draw_column(ax, x: int, y: np.ndarray, data: pd.DataFrame, key: str) -> None:
    n = data[key].to_numpy()
    mention = (data[f"{key}{MENTIONS}"].to_numpy() > 0) & (n == 0)
    ax.scatter(
        np.full(mention.sum(), x),
        y[mention],
        s=30,
        facecolors="white",
        edgecolors=data.loc[mention, "agreement"].map(AGREEMENT_COLOURS),
        linewidths=1.2,
        zorder=3,
    )
    some = n > 0
    ax.scatter(
        np.full(some.sum(), x),
        y[some],
        s=30 + 22 * (np.minimum(n[some], 6) - 1),
        color=data.loc[some, "agreement"].map(AGREEMENT_COLOURS),
        zorder=3,
    )
    for yi, count in zip(y[n > 1], n[n > 1], strict=True):
        ax.annotate(str(count), (x, yi), xytext=(9, 0), textcoords="offset points", va="center", fontsize=7)
