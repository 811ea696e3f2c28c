"""fig01: every event of the chronology on a time axis, one lane per country.

A window is drawn as a bar from its earliest to its latest day; a single day as a point.
Colour is the actor family of the event; the row label names place, event and episode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.findings import dated_recaptures, recaptures_in_last_quarter
from analysis.plots.style import (
    ACTOR_COLOURS,
    date_axis,
    finish,
    new_figure,
    styled,
)
from analysis.vocabulary import (
    ACTOR_NAMES,
    BOTH_COUNTRIES,
    COUNTRY_NAMES,
    EVENT_WORDS,
    is_undated,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset

LANES = ("SYR", "IRQ", BOTH_COUNTRIES)


def timeline_data(chronology: pd.DataFrame) -> pd.DataFrame:
    """One row per plotted event: lane, row label, window, drawn as bar or point, colour family."""
    data = chronology.assign(lane=chronology["country"], family=chronology["actor_family"])
    data["lane_order"] = data["lane"].map({lane: i for i, lane in enumerate(LANES)})
    data = data.sort_values(["lane_order", "date_earliest", "date_latest", "place"], kind="stable")
    data["label"] = (
        data["place"]
        + " "
        + data["event"].map(EVENT_WORDS)
        + np.where(data["episode"] > 1, " (" + data["episode"].astype(str) + ")", "")
    )
    data["mark"] = np.where(data["date_earliest"] == data["date_latest"], "point", "bar")
    cols = [
        "event_id",
        "lane",
        "label",
        "place",
        "event",
        "episode",
        "date_earliest",
        "date_latest",
        "precision",
        "mark",
        "family",
        "actors",
        "agreement",
    ]
    return data[cols].reset_index(drop=True)


def _finding(dataset: Dataset) -> str:
    """Title: how many dated recaptures of towns fell in the last quarter the corpus covers."""
    if dated_recaptures(dataset).empty:
        return "No dated recapture of a town in the corpus yet: every event it dates is shown"
    share, quarter = recaptures_in_last_quarter(dataset)
    return (
        f"IS lost its towns over three years; {share.count} of the {share.total} dated recaptures of towns "
        f"fell in {quarter.start_time:%B}-{quarter.end_time:%B %Y}"
    )


@styled
def plot_timeline(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig01: the chronology, one row per event, grouped in country lanes with a header row each."""
    chronology, sources = dataset.chronology, dataset.sources
    data = timeline_data(chronology)
    rows = _rows_with_headers(data)
    fig = new_figure(10.5, 0.24 * len(rows) + 2.4)
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    is_event = rows["event_id"].notna().to_numpy()
    ev, ye = rows[is_event], y[is_event]
    start = mdates.date2num(pd.to_datetime(ev["date_earliest"]))
    end = mdates.date2num(pd.to_datetime(ev["date_latest"])) + 1  # a window covers its last day
    colours = ev["family"].map(ACTOR_COLOURS).to_numpy()
    bar = (ev["mark"] == "bar").to_numpy()
    undated = is_undated(ev["precision"]).to_numpy()
    solid, faint = bar & ~undated, bar & undated
    ax.barh(ye[solid], (end - start)[solid], left=start[solid], height=0.55, color=colours[solid], alpha=0.85)
    ax.barh(
        ye[faint],
        (end - start)[faint],
        left=start[faint],
        height=0.55,
        color="none",
        edgecolor=colours[faint],
        hatch="////",
        linewidth=0.6,
    )
    ax.scatter(
        start[~bar] + 0.5, ye[~bar], s=28, color=colours[~bar], zorder=3, edgecolor="white", linewidth=0.5
    )
    ax.set_yticks(y, rows["label"])
    for tick, header in zip(ax.get_yticklabels(), ~is_event, strict=True):
        if header:
            tick.set_fontweight("bold")
            tick.set_fontsize(9)
    ax.set_ylim(-0.8, len(rows) - 0.2)
    _date_axis(ax)
    ax.legend(handles=_legend_handles(data), loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Who acted")
    finish(
        fig,
        "fig01",
        _finding(dataset),
        sources,
        subtitle="Every dated event in the corpus. Bars: the window the sources allow; dots: a known day; "
        "hatched: undated, known only to precede publication.",
    )
    return fig, data


def _rows_with_headers(data: pd.DataFrame) -> pd.DataFrame:
    """The events with a header row (label = country name, no event) before each lane."""
    parts = []
    for lane, events in data.groupby("lane", sort=False):
        parts.append(pd.DataFrame({"label": [COUNTRY_NAMES[lane]], "lane": [lane]}))
        parts.append(events)
    return pd.concat(parts, ignore_index=True)


def _legend_handles(data: pd.DataFrame) -> list[Line2D]:
    families = [f for f in ACTOR_COLOURS if f in set(data["family"])]
    handles = [Line2D([], [], color=ACTOR_COLOURS[f], lw=6, label=ACTOR_NAMES[f]) for f in families]
    return handles + [
        Line2D([], [], color="#444444", lw=0, marker="o", label="a single day"),
        Line2D([], [], color="#444444", lw=6, label="a window (month, season…)"),
    ]


def _date_axis(ax) -> None:
    date_axis(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", which="minor", color="#eeeeee", linewidth=0.5)
