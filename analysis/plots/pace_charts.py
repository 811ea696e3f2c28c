"""fig02-fig04: the pace of the campaign — cumulative recaptures, occupation spans, gaps.

Each builder takes the chronology and gazetteer, calls :mod:`analysis.pace`, and returns the
figure with exactly the table it plots. Windows are drawn as windows: a band between the
earliest-case and latest-case curves, a bar from the earliest to the latest day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.findings import (
    LATE_FROM,
    WITHIN_A_MONTH,
    cumulative_recaptures,
    cumulative_title,
    dated_recaptures,
    gaps_title,
    held_evidence,
    late_gaps,
    occupation_spans,
    occupation_title,
    recapture_gaps,
    recaptures,
    towns_retaken_repeatedly,
)
from analysis.plots.style import (
    AXIS_END,
    AXIS_START,
    INK,
    ISLAMIC_STATE,
    UNCERTAIN,
    date_axis,
    finish,
    new_figure,
    styled,
)
from analysis.vocabulary import COUNTRY_NAMES, is_undated

if TYPE_CHECKING:
    from analysis.dataset import Dataset


def _dates(values) -> np.ndarray:
    return mdates.date2num(pd.to_datetime(pd.Series(values)))


@styled
def plot_cumulative(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig02: recapture events counted over time, earliest-case and latest-case curves with the band between."""
    sources = dataset.sources
    every = recaptures(dataset)
    events = dated_recaptures(dataset)
    undated = every.loc[is_undated(every["precision"]), "place"]
    curve = cumulative_recaptures(dataset).reset_index()
    curve["date"] = curve["date"].dt.date
    fig = new_figure(9, 5)
    ax = fig.add_subplot()
    x = _dates(curve["date"])
    ax.fill_between(
        x,
        curve["lower"],
        curve["upper"],
        step="post",
        color=UNCERTAIN,
        alpha=0.6,
        lw=0,
        label="uncertain: the date windows allow either",
    )
    ax.step(
        x,
        curve["upper"],
        where="post",
        color=INK,
        lw=1.2,
        ls="--",
        label="earliest case (every window's first day)",
    )
    ax.step(
        x,
        curve["lower"],
        where="post",
        color=INK,
        lw=1.6,
        label="latest case (every window's last day)",
    )
    date_axis(ax)
    ax.set_ylabel("recaptures of towns from IS (events, cumulative)")
    ax.set_ylim(0, len(events) + 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left")
    finding = cumulative_title(dataset)
    left_out = f" Not drawn: {len(undated)} undated ({', '.join(undated)})." if len(undated) else ""
    finish(
        fig,
        "fig02",
        finding,
        sources,
        subtitle="Each recapture of a town counted once it has certainly (solid line) or possibly (dashed) happened"
        f"{_counted_more_than_once(towns_retaken_repeatedly(dataset))}.{left_out}",
    )
    return fig, curve


TIMES = {2: "twice", 3: "three times"}


def _counted_more_than_once(repeated: pd.Series) -> str:
    """'; Albu Kamal, Baiji and Palmyra count twice' from town -> number of recaptures ('' if none)."""
    parts = []
    for n, towns in repeated.groupby(repeated, sort=True):
        names = list(towns.index)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        parts.append(f"{listed} {'counts' if len(names) == 1 else 'count'} {TIMES.get(n, f'{n} times')}")
    return "; " + "; ".join(parts) if parts else ""


#: fig03's page: one panel per country side by side, rows this tall (inches), names at this size (pt);
#: at 200 dpi the campaign's 56 Iraqi spans fit a page of about 2400 x 2400 px.
OCCUPATION_ROW_IN, OCCUPATION_LABEL_PT = 0.155, 6.5


@styled
def plot_occupation(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig03: a Gantt of IS control per town and episode, one panel per country side by side (each
    in the same order as the table: by earliest end); uncertain ends drawn lighter, undated ends
    hatched, a town never retaken held only to its last report."""
    chronology, sources = dataset.chronology, dataset.sources
    spans = occupation_spans(dataset)
    order = spans.assign(_key=pd.to_datetime(spans["end_earliest"]).fillna(AXIS_END)).sort_values(
        ["_key", "place_id", "episode"], kind="stable"
    )
    data = order.drop(columns="_key").reset_index(drop=True)
    data["cited_only"] = _rests_on_cited_tier(data, chronology)
    held = held_evidence(dataset)[["place_id", "episode", "last_held"]]
    data = data.merge(
        held.rename(columns={"last_held": "last_reported"}), on=["place_id", "episode"], how="left"
    )
    data["last_reported"] = data["last_reported"].where(data["status"] == "open-end")
    panels = [(c, data[data["country"] == c]) for c in sorted(data["country"].unique())]
    rows = max((len(p) for _, p in panels), default=1)
    fig = new_figure(6 * max(len(panels), 1), OCCUPATION_ROW_IN * rows + 3.2)
    grid = fig.add_gridspec(2, max(len(panels), 1), height_ratios=[OCCUPATION_ROW_IN * rows, 0.6])
    axes = [fig.add_subplot(grid[0, i]) for i in range(max(len(panels), 1))]
    for ax, (country, panel) in zip(axes, panels, strict=False):
        _draw_country_spans(ax, panel, rows)
        ax.set_title(COUNTRY_NAMES[country], fontsize=10)
    handles = [
        Patch(color=ISLAMIC_STATE, label="IS control"),
        Patch(color=UNCERTAIN, label="start or end somewhere in this window"),
        Line2D([], [], color="#222222", lw=0, marker="|", ms=8, mew=1.5, label="start or end on a known day"),
        Patch(
            facecolor="none", edgecolor="#999999", hatch="////", label="undated: any day before publication"
        ),
        Line2D([], [], color="#777777", ls=":", marker="<", label="seizure not dated in the corpus"),
        Line2D([], [], lw=0, label="?  no recapture in the corpus: unknown after the last report"),
    ]
    if data["cited_only"].any():
        handles.append(Line2D([], [], lw=0, label="† a date rests on cited sources only (no stored text)"))
    key = fig.add_subplot(grid[1, :])  # the key under the panels, in a row of its own
    key.axis("off")
    key.legend(handles=handles, loc="center", ncol=3, fontsize=7)
    finding = occupation_title(dataset)
    finish(
        fig,
        "fig03",
        finding,
        sources,
        subtitle="Dark: IS certainly in control; light: the seizure or recapture happened somewhere in this window.",
    )
    return fig, data


def _draw_country_spans(ax, panel: pd.DataFrame, rows: int) -> None:
    """One country's spans top-down in table order; ``rows`` fixes the row pitch shared by the panels."""
    y = np.arange(rows)[::-1][: len(panel)]
    for yi, (_, s) in zip(y, panel.iterrows(), strict=True):
        _draw_span(ax, yi, s)
    ax.set_yticks(y, [_span_label(s) for _, s in panel.iterrows()], fontsize=OCCUPATION_LABEL_PT)
    ax.set_ylim(-0.8, rows - 0.2)
    ax.grid(axis="y", visible=False)
    date_axis(ax)


def _span_label(span: pd.Series) -> str:
    """'Palmyra (2) †': the town (its country names the panel; countries have no colour), the episode
    after the first, and † when a date of the span rests on cited sources only."""
    episode = f" ({span['episode']})" if span["episode"] > 1 else ""
    cited = " †" if span.get("cited_only", False) else ""
    return f"{span['place']}{episode}{cited}"


def _rests_on_cited_tier(spans: pd.DataFrame, chronology: pd.DataFrame) -> pd.Series:
    """Per span: True when its seizure or recapture is dated by cited sources only (``tiers`` == cited)."""
    if "tiers" not in chronology:
        return pd.Series(False, index=spans.index)
    cited = set(chronology.loc[chronology["tiers"] == "cited", "event_id"])
    return spans["start_event_id"].isin(cited) | spans["end_event_id"].isin(cited)


def _draw_span(ax, y: float, s: pd.Series) -> None:
    colour = ISLAMIC_STATE
    start_lo, start_hi = (
        _dates([s["start_earliest"], s["start_latest"]]) if s["status"] != "open-start" else (None, None)
    )
    end_lo, end_hi = (
        _dates([s["end_earliest"], s["end_latest"]]) if s["status"] != "open-end" else (None, None)
    )
    if start_lo is not None:
        _draw_window(ax, y, start_lo, start_hi, s["start_precision"])
    if end_lo is not None:
        _draw_window(ax, y, end_lo, end_hi, s["end_precision"])
    if s["status"] == "closed" and end_lo > start_hi + 1:
        ax.barh(y, end_lo - (start_hi + 1), left=start_hi + 1, height=0.6, color=colour)
    elif s["status"] == "open-start":
        ax.plot([mdates.date2num(AXIS_START) + 10, end_lo], [y, y], color="#777777", ls=":", lw=1.2)
        ax.plot(mdates.date2num(AXIS_START) + 10, y, marker="<", color="#777777", ms=5)
    elif (
        s["status"] == "open-end"
    ):  # held only to its last dated evidence, then unknown: never drawn to the axis end
        last = mdates.date2num(s["last_reported"]) if pd.notna(s["last_reported"]) else start_hi
        if last > start_hi:
            ax.barh(y, last - start_hi, left=start_hi + 1, height=0.6, color=colour)
        ax.annotate(
            f"?  last reported held {pd.Timestamp(mdates.num2date(last)):%Y-%m-%d}",
            (last + 20, y),
            va="center",
            fontsize=OCCUPATION_LABEL_PT,
            color="#555555",
        )


def _draw_window(ax, y: float, lo: float, hi: float, precision: str) -> None:
    """A start or end window: a known day as a dark tick, an undated event hatched, else a grey bar."""
    if lo == hi:
        ax.plot(lo + 0.5, y, marker="|", color="#222222", ms=8, mew=1.5)
    elif is_undated(precision):
        ax.barh(y, hi + 1 - lo, left=lo, height=0.6, color="none", edgecolor="#999999", hatch="////", lw=0.5)
    else:
        ax.barh(y, hi + 1 - lo, left=lo, height=0.6, color=UNCERTAIN)


@styled
def plot_gaps(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig04: days between successive recaptures (an interval each), at the date of the later one;
    below, the late gaps the title counts, each labelled with its two towns."""
    sources = dataset.sources
    table = recapture_gaps(dataset)
    after, within = LATE_FROM, WITHIN_A_MONTH
    late = late_gaps(dataset, after, within)
    table["counted_in_title"] = late["within"].reindex(table.index, fill_value=False).astype(bool)
    fig = new_figure(9, 5.6 + 0.22 * len(late))
    ax, ax_late = fig.subplots(2, 1, height_ratios=[5, 1.2 + 0.22 * len(late)])
    _draw_all_gaps(ax, table)
    _draw_late_gaps(ax_late, table.loc[late.index])
    finish(
        fig,
        "fig04",
        gaps_title(dataset),
        sources,
        subtitle="Each bar spans the shortest and longest gap the two date windows allow; "
        "dated recaptures of towns in order of their window's midpoint. Top: every gap (log scale); "
        f"bottom: the gaps before recaptures from {LATE_FROM.day} {LATE_FROM:%B %Y}, dark where even the longest "
        f"is at most {WITHIN_A_MONTH} days (those the title counts).",
    )
    return fig, table


def _draw_all_gaps(ax, table: pd.DataFrame) -> None:
    x = _dates(table["to_midpoint"])
    lo = table["gap_min_days"].astype(float).to_numpy()
    hi = table["gap_max_days"].astype(float).to_numpy()
    ax.axvspan(mdates.date2num(LATE_FROM), mdates.date2num(AXIS_END), color="#f2f2f2", lw=0, zorder=0)
    ax.axhline(WITHIN_A_MONTH, color="#999999", lw=0.8, ls="--")
    ax.vlines(x, np.maximum(lo, 0.8), hi, color=INK, lw=3, alpha=0.8)
    ax.scatter(x[lo == hi], hi[lo == hi], color=INK, s=18, zorder=3)
    ax.set_yscale("log")
    ax.set_ylim(0.7, 1000)
    ax.set_yticks(
        [0.8, 7, WITHIN_A_MONTH, 90, 365],
        ["0-1 day", "1 week", f"{WITHIN_A_MONTH} days", "3 months", "1 year"],
    )
    ax.set_ylabel("days since the previous recapture")
    date_axis(ax)


def _draw_late_gaps(ax, late: pd.DataFrame) -> None:
    """One row per late gap, 'from -> to', a bar from its shortest to its longest value (days, linear)."""
    y = np.arange(len(late))[::-1]
    lo = late["gap_min_days"].astype(float).to_numpy()
    hi = late["gap_max_days"].astype(float).to_numpy()
    colours = np.where(late["counted_in_title"].to_numpy(), INK, UNCERTAIN)
    ax.barh(y, np.maximum(hi - lo, 0.6), left=lo - (hi == lo) * 0.3, height=0.55, color=colours)
    ax.axvline(WITHIN_A_MONTH, color="#999999", lw=0.8, ls="--")
    ax.set_yticks(y, [f"{a} → {b}" for a, b in zip(late["from_place"], late["to_place"], strict=True)])
    for yi, a, b in zip(y, lo, hi, strict=True):
        ax.annotate(
            f"{a:.0f}-{b:.0f} days" if a != b else f"{a:.0f} days",
            (b, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.set_xlim(0, max(2 * WITHIN_A_MONTH, float(np.nanmax(hi, initial=0)) * 1.15))
    ax.set_ylim(-0.7, len(late) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"days since the previous recapture (recaptures from {LATE_FROM.day} {LATE_FROM:%B %Y})")
