"""fig05: how many independent sources date the events, by country, and which sources date how many.

Left: small multiples, one per country lane (Syria, Iraq, both): events by the number of
independent sources that date them (``n_independent``: newsrooms counted once, Wikipedia never;
0, 1, 2, 3+), each bar split by the event's agreement (agreed, single-source, conflict: the
colours of :data:`analysis.plots.style.AGREEMENT_COLOURS`). Right: per quoted source (text
stored) and per group of cited sources (news, US government, UN, Wikipedia), the events it
**dates** (one of its claims of the event has a date, :func:`analysis.vocabulary.dates_the_event`),
split the same way, and, as a hollow bar, the events it only **mentions**, undated or true at
publication (it never confirms a date). A manifest without ``source_group`` or ``tier`` columns
(the three seed articles) counts as quoted news.

The CSV is the per-event table (:func:`coverage_data`): every number drawn is a count of its rows
(:func:`analysis.findings.events_by_dating`, :func:`analysis.findings.events_by_source`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.findings import (
    AGREEMENTS,
    DATING_BUCKETS,
    MENTIONS,
    coverage_title,
    events_by_dating,
    events_by_source,
)
from analysis.plots.style import AGREEMENT_COLOURS, INK, finish, new_figure, styled
from analysis.plots.timeline import LANES, timeline_data
from analysis.vocabulary import COUNTRY_NAMES, SOURCE_GROUP_NAMES, dates_the_event

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
    """One row per event (timeline order) with its ``n_independent``; per column of :func:`coverage_columns`, the sources dating it
    (column ``key``) and those that only mention it, undated (column ``key`` + ``_mentions``)."""
    order = timeline_data(chronology)[["event_id", "label", "lane", "agreement"]]
    order = order.merge(
        chronology[["event_id", "n_independent"]], on="event_id", how="left", validate="one_to_one"
    )
    pairs = event_sources(chronology, claims, sources)
    data = order.copy()
    for key, _, members in coverage_columns(sources):
        member = pairs[pairs["source_id"].isin(members)]
        for column, rows in ((key, member[member["dates"]]), (f"{key}{MENTIONS}", member[~member["dates"]])):
            data[column] = data["event_id"].map(rows.groupby("event_id").size()).fillna(0).astype(int)
    return data.reset_index(drop=True)


@styled
def plot_coverage(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig05: events by independent dating sources, per country; events each source (group) dates or only mentions."""
    chronology, claims, sources = dataset.chronology, dataset.claims, dataset.sources
    data = coverage_data(chronology, claims, sources)
    columns = coverage_columns(sources)
    by_dating = events_by_dating(data, LANES)
    by_source = events_by_source(data, [key for key, _, _ in columns])
    lanes = list(dict.fromkeys(by_dating["lane"]))
    fig = new_figure(12.0, 8.0)
    grid = fig.add_gridspec(len(lanes), 2, width_ratios=(1.0, 1.15))
    top = by_dating.groupby(["lane", "sources_dating"])["events"].sum().max()
    for i, lane in enumerate(lanes):
        ax = fig.add_subplot(grid[i, 0])
        rows = by_dating[by_dating["lane"] == lane]
        _stacked(
            ax,
            rows.pivot(index="sources_dating", columns="agreement", values="events").loc[
                list(DATING_BUCKETS)
            ],
        )
        ax.set_xlim(0, top * 1.15)
        n = int(rows["events"].sum())
        ax.set_title(f"{COUNTRY_NAMES.get(lane, lane)}: {n} events", fontsize=10)
        ax.set_ylabel("independent sources\ndating the event")
        if i == len(lanes) - 1:
            ax.set_xlabel("events")
    ax = fig.add_subplot(grid[:, 1])
    table = by_source.set_index("key")[list(AGREEMENTS)]
    table.index = [label.replace("\n", " · ") for _, label, _ in columns]
    ends = _stacked(ax, table, totals=False)
    mentions = by_source["mentions_only"].to_numpy()
    y = np.arange(len(table))
    ax.barh(y, mentions, left=ends, height=0.5, facecolor="white", edgecolor=INK, linewidth=0.8, hatch="////")
    for yi, end, m in zip(y, ends, mentions, strict=True):
        text = f"dates {int(end)}" + (f", mentions {m} more undated" if m else "")
        ax.annotate(text, (end + m, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(0, max(1, (ends + mentions).max()) * 1.45)
    n_quoted = sum(not key.startswith("cited_") for key, _, _ in columns)
    if 0 < n_quoted < len(columns):
        ax.axhline(n_quoted - 0.5, color="#999999", lw=0.8)
    ax.set_title("Events each source dates (filled)\nor only mentions, undated (hatched)", fontsize=10)
    ax.set_xlabel("events")
    handles = [Patch(color=c, label=a) for a, c in AGREEMENT_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////", label="mentions it, undated"))
    ax.legend(handles=handles, loc="lower right", title="The event's sources on the date")
    finish(fig, "fig05", coverage_title(dataset), sources, subtitle=_subtitle(n_quoted < len(columns)))
    return fig, data


def _stacked(ax, table: pd.DataFrame, totals: bool = True) -> np.ndarray:
    """Horizontal bars, one per row of ``table`` (top to bottom), stacked by agreement, the total at the end
    when ``totals``; returns the bars' ends."""
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for agreement in AGREEMENTS:
        values = table[agreement].to_numpy()
        ax.barh(y, values, left=left, height=0.5, color=AGREEMENT_COLOURS[agreement], label=agreement)
        left = left + values
    for yi, total in zip(y, left, strict=True) if totals else ():
        ax.annotate(
            str(int(total)), (total, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_yticks(y, table.index)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    return left


def _subtitle(has_cited: bool) -> str:
    quoted = (
        "Independent sources: newsrooms counted once, Wikipedia never; a source that only mentions an event, undated "
        "or true at publication, never confirms its date. Quoted sources (text stored; * outlet inferred)"
    )
    if not has_cited:
        return quoted + ", one bar each."
    return (
        quoted
        + " above the line, one bar each; cited sources below it, by group (an event counted once per group)."
    )
