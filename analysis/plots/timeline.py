"""fig01: every event of the chronology on a time axis, one row per place, one lane per country,
the lanes in two columns side by side so that the campaign fits one page.

Each event is a marker (shape: what happened; colour: who acted) at the middle of its window,
over a light bar from the window's earliest to its latest day (a single day has no bar).
A hollow marker: the event rests only on cited sources (no stored text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.findings import dated_recaptures, timeline_title
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
#: One marker shape per kind of event (colour is who acted).
EVENT_MARKERS = {
    "seized": "v",
    "reinfiltrated": "d",
    "retaken": "o",
    "offensive_launched": ">",
    "caliphate_proclaimed": "*",
    "war_declared_over": "s",
}


def event_tiers(chronology: pd.DataFrame) -> pd.Series:
    """Each event's evidence tiers (``quoted``, ``cited`` or ``cited|quoted``); ``quoted`` where the
    chronology has no ``tiers`` column (a corpus of quoted sources only)."""
    if "tiers" not in chronology:
        return pd.Series("quoted", index=chronology.index)
    return chronology["tiers"].fillna("").replace("", "quoted")


def timeline_data(chronology: pd.DataFrame) -> pd.DataFrame:
    """One row per plotted event, in drawing order: lane (country), the place's row, window, mark, colour family.

    Places are rows, grouped in country lanes; within a lane, in the order of their last
    event's first possible day (the town that fell last at the bottom). ``label`` names the
    event; ``cited_only`` is True when no quoted source supports it.
    """
    data = chronology.assign(
        lane=chronology["country"], family=chronology["actor_family"], tiers=event_tiers(chronology)
    )
    data["lane_order"] = data["lane"].map({lane: i for i, lane in enumerate(LANES)})
    last = pd.to_datetime(data["date_earliest"]).groupby(data["place_id"]).transform("max")
    data = data.assign(_last=last).sort_values(
        ["lane_order", "_last", "place", "date_earliest", "date_latest", "event"], kind="stable"
    )
    data["label"] = (
        data["place"]
        + " "
        + data["event"].map(EVENT_WORDS)
        + np.where(data["episode"] > 1, " (" + data["episode"].astype(str) + ")", "")
    )
    data["mark"] = np.where(data["date_earliest"] == data["date_latest"], "point", "bar")
    data["cited_only"] = ~data["tiers"].str.split("|").map(lambda tiers: "quoted" in tiers)
    cols = [
        "event_id",
        "lane",
        "place_id",
        "place",
        "label",
        "event",
        "episode",
        "date_earliest",
        "date_latest",
        "precision",
        "mark",
        "family",
        "actors",
        "agreement",
        "tiers",
        "cited_only",
    ]
    return data[cols].reset_index(drop=True)


def _finding(dataset: Dataset) -> str:
    """Title: how many dated recaptures of towns fell in the last quarter the corpus covers."""
    if dated_recaptures(dataset).empty:
        return "No dated recapture of a town in the corpus yet: every event it dates is shown"
    return timeline_title(dataset)


#: fig01's page: country lanes in up to two columns side by side, rows this tall (inches), place
#: names at this size (pt); at 200 dpi the campaign's 117 places fit about 2400 x 2400 px.
TIMELINE_ROW_IN, TIMELINE_LABEL_PT, TIMELINE_COLUMNS = 0.145, 6.5, 2


@styled
def plot_timeline(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig01: the chronology, one row per place with all its events, grouped in country lanes; the
    lanes in columns side by side (:func:`_columns`), each column with the same time axis and row pitch."""
    chronology, sources = dataset.chronology, dataset.sources
    data = timeline_data(chronology)
    columns = _columns(_place_rows(data))
    rows = max((len(c) for c in columns), default=1)
    fig = new_figure(6 * max(len(columns), 1), TIMELINE_ROW_IN * rows + 2.85)
    grid = fig.add_gridspec(2, max(len(columns), 1), height_ratios=[TIMELINE_ROW_IN * rows, 0.75])
    for i, column in enumerate(columns):
        ax = fig.add_subplot(grid[0, i])
        y_of = dict(zip(column["place_id"].fillna(column["label"]), np.arange(rows)[::-1], strict=False))
        events = data[data["place_id"].isin(column["place_id"])]
        y = events["place_id"].map(y_of).to_numpy(dtype=float)
        _draw_windows(ax, events, y)
        _draw_marks(ax, events, y)
        ax.set_yticks(list(y_of.values()), column["label"], fontsize=TIMELINE_LABEL_PT)
        for tick, header in zip(ax.get_yticklabels(), column["place_id"].isna(), strict=True):
            if header:
                tick.set_fontweight("bold")
                tick.set_fontsize(9)
        ax.set_ylim(-0.8, rows - 0.2)
        _date_axis(ax)
    key = fig.add_subplot(grid[1, :])  # the key under the columns, in a row of its own
    key.axis("off")
    key.legend(handles=_legend_handles(data), loc="center", ncol=4, fontsize=7)
    finish(
        fig,
        "fig01",
        _finding(dataset),
        sources,
        subtitle="Every dated event in the corpus, one row per place. Marker: what happened, coloured by who acted; "
        "bar: the window the sources allow (hatched: undated, known only to precede publication)"
        + (
            "; hollow marker: the event rests on cited sources only, no quoted text."
            if data["cited_only"].any()
            else "."
        ),
    )
    return fig, data


def _draw_windows(ax, data: pd.DataFrame, y: np.ndarray) -> None:
    """A window as a light bar in its family's colour, an undated one hatched; a single day has no bar."""
    start = mdates.date2num(pd.to_datetime(data["date_earliest"]))
    end = mdates.date2num(pd.to_datetime(data["date_latest"])) + 1  # a window covers its last day
    colours = data["family"].map(ACTOR_COLOURS).to_numpy()
    bar = (data["mark"] == "bar").to_numpy()
    undated = is_undated(data["precision"]).to_numpy()
    solid, faint = bar & ~undated, bar & undated
    ax.barh(y[solid], (end - start)[solid], left=start[solid], height=0.5, color=colours[solid], alpha=0.45)
    ax.barh(
        y[faint],
        (end - start)[faint],
        left=start[faint],
        height=0.5,
        color="none",
        edgecolor=colours[faint],
        hatch="////",
        linewidth=0.6,
    )


def _draw_marks(ax, data: pd.DataFrame, y: np.ndarray) -> None:
    """One marker per event, shaped by event, hollow if cited only: at its window's middle (a known day:
    that day); an undated event at its window's last day, the one bound the sources give."""
    start = mdates.date2num(pd.to_datetime(data["date_earliest"]))
    end = mdates.date2num(pd.to_datetime(data["date_latest"])) + 1
    undated = is_undated(data["precision"]).to_numpy()
    x = np.where(undated, end - 0.5, start + (end - start) / 2)
    colours = data["family"].map(ACTOR_COLOURS).to_numpy()
    hollow = data["cited_only"].to_numpy()
    for event, marker in EVENT_MARKERS.items():
        pick = (data["event"] == event).to_numpy()
        if pick.any():
            ax.scatter(
                x[pick],
                y[pick],
                s=22,
                marker=marker,
                facecolors=np.where(hollow[pick], "white", colours[pick]),
                edgecolors=colours[pick],
                linewidths=1.1,
                zorder=3,
            )


def _place_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The rows of the chart: a header row per lane (label = country, no place), then one row per place."""
    parts = []
    for lane, events in data.groupby("lane", sort=False):
        parts.append(pd.DataFrame({"label": [COUNTRY_NAMES[lane]], "place_id": [None]}))
        places = events.drop_duplicates("place_id")[["place", "place_id"]]
        parts.append(places.rename(columns={"place": "label"}))
    return pd.concat(parts, ignore_index=True)


def _columns(rows: pd.DataFrame, n: int = TIMELINE_COLUMNS) -> list[pd.DataFrame]:
    """The rows of :func:`_place_rows` in up to ``n`` columns: each lane, in lane order and whole (its
    header with it), goes to the column with the fewest rows so far (the first of equals)."""
    starts = [*np.flatnonzero(rows["place_id"].isna().to_numpy()), len(rows)]
    lanes = [rows.iloc[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
    columns: list[list[pd.DataFrame]] = [[] for _ in range(min(n, len(lanes)))]
    for lane in lanes:
        min(columns, key=lambda c: sum(len(part) for part in c)).append(lane)
    return [pd.concat(c, ignore_index=True) for c in columns if c]


def _legend_handles(data: pd.DataFrame) -> list[Line2D]:
    families = [f for f in ACTOR_COLOURS if f in set(data["family"])]
    handles = [Line2D([], [], color=ACTOR_COLOURS[f], lw=6, label=ACTOR_NAMES[f]) for f in families]
    events = [e for e in EVENT_MARKERS if e in set(data["event"])]
    handles += [
        Line2D([], [], color="#444444", lw=0, marker=EVENT_MARKERS[e], label=EVENT_WORDS[e]) for e in events
    ]
    handles.append(Line2D([], [], color="#444444", lw=6, alpha=0.45, label="a window (month, season…)"))
    if data["cited_only"].any():
        handles.append(
            Line2D([], [], color="#444444", lw=0, marker="o", mfc="white", label="cited sources only")
        )
    return handles


def _date_axis(ax) -> None:
    date_axis(ax)
    ax.grid(axis="y", color="#f2f2f2", linewidth=0.5)
    ax.grid(axis="x", which="minor", color="#eeeeee", linewidth=0.5)
