"""fig08: the area IS held, as published estimates, beside the number of towns it held in the chronology.

Top panel: each estimate of ``data/area_estimates.csv`` at its km², drawn over its as-of
window (a line from the window's first to its last day; the mark at the window's middle day;
a known day is a mark alone). Marker shape: who estimated it; colour: what it covers (all IS
territory, Iraq only, one pocket); hollow: low confidence; an arrow up: a lower bound.
Bottom panel: the towns of the chronology IS certainly held, wholly or partly (line), and
those whose state is unknown (the band above it), from :func:`analysis.findings.towns_held_by_day`. Both panels share the campaign's time
axis; an estimate whose window lies wholly outside it is named in the note, not drawn.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.area import ESTIMATOR_GROUPS, SCOPES
from analysis.dates import midpoint
from analysis.findings import AreaFall, area_fall, area_title, n_towns, towns_held_by_day
from analysis.plots.style import (
    AXIS_END,
    AXIS_START,
    ESTIMATOR_MARKERS,
    SCOPE_COLOURS,
    UNCERTAIN,
    date_axis,
    finish,
    new_figure,
    styled,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset

IS_COLOUR = SCOPE_COLOURS["iraq-syria"]
LAST_DAY = (AXIS_END - timedelta(days=1)).date()  # the time axis ends at the end of this day
COLUMNS = [
    "series",
    "date_earliest",
    "date_latest",
    "precision",
    "mark_day",
    "estimate_id",
    "estimator_group",
    "estimator",
    "reported_by",
    "url",
    "scope",
    "confidence",
    "km2",
    "lower_bound",
    "drawn",
    "towns_certainly_held",
    "towns_possibly_held",
]


def area_marks(area: pd.DataFrame) -> pd.DataFrame:
    """One row per estimate, in as-of order: its window, the day its mark sits on, and whether it is drawn.

    ``mark_day`` is the window's middle day (earliest + half its length in whole days, rounded
    down); ``drawn`` is False when the window lies wholly outside the time axis.
    """
    marks = area.rename(
        columns={
            "as_of_earliest": "date_earliest",
            "as_of_latest": "date_latest",
            "as_of_precision": "precision",
        }
    )
    start, end = pd.to_datetime(marks["date_earliest"]), pd.to_datetime(marks["date_latest"])
    marks = marks.assign(
        series="area",
        date_earliest=start,
        date_latest=end,
        mark_day=midpoint(start, end),
        drawn=(end >= AXIS_START) & (start <= pd.Timestamp(LAST_DAY)),
    )
    return marks.sort_values(["date_earliest", "date_latest", "estimate_id"], kind="stable").reset_index(
        drop=True
    )


def town_steps(counts: pd.DataFrame) -> pd.DataFrame:
    """Towns certainly held (wholly or partly) and possibly held (+ unknown), one row per constant stretch.

    ``counts``: :func:`analysis.findings.towns_held_by_day` from ``AXIS_START`` to :data:`LAST_DAY`.
    ``date_earliest``..``date_latest``: the days (both included) over which the counts hold.
    """
    plotted = counts[["certainly_held", "possibly_held"]]
    counts = counts[plotted.ne(plotted.shift()).any(axis=1)].reset_index(drop=True)
    ends = list(counts["date"].iloc[1:] - pd.Timedelta(days=1)) + [pd.Timestamp(LAST_DAY)]
    return pd.DataFrame(
        {
            "series": "towns",
            "date_earliest": counts["date"],
            "date_latest": pd.to_datetime(ends),
            "towns_certainly_held": counts["certainly_held"].astype("Int64"),
            "towns_possibly_held": counts["possibly_held"].astype("Int64"),
        }
    )


def finding(fall: AreaFall | None, steps: pd.DataFrame) -> str:
    """The title from :func:`analysis.findings.area_fall` (:func:`analysis.findings.area_title`); without a
    headline area series, the towns alone, read off ``steps`` (as :func:`analysis.findings.territory_title`)."""
    if fall is None:
        first, last = steps.iloc[0], steps.iloc[-1]
        return (
            f"No published estimate covers all IS territory in 2014-2017; IS certainly held "
            f"{first['towns_certainly_held']} towns of the chronology on {first['date_earliest']:%Y-%m-%d} "
            f"({first['towns_possibly_held'] - first['towns_certainly_held']} unknown) and "
            f"{last['towns_certainly_held']} at the end of 2017 "
            f"({last['towns_possibly_held'] - last['towns_certainly_held']} unknown)"
        )
    return area_title(fall)


def territory_data(area: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """The figure's numbers: the area marks, then the town steps, in one long table (:data:`COLUMNS`)."""
    table = pd.concat([area_marks(area), steps], ignore_index=True)
    for column in ("date_earliest", "date_latest", "mark_day"):
        table[column] = pd.to_datetime(table[column]).dt.date
    for column in ("km2", "towns_certainly_held", "towns_possibly_held"):
        table[column] = table[column].astype("Int64")
    return table[COLUMNS]


@styled
def plot_territory(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig08: area estimates over time (top) and towns IS held (bottom), on one time axis."""
    marks = area_marks(dataset.area_estimates)
    steps = town_steps(towns_held_by_day(dataset, AXIS_START.date(), LAST_DAY))
    fall = area_fall(dataset)
    fig = new_figure(10, 8)
    ax_area, ax_towns = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    labelled = set() if fall is None else {fall.first["estimate_id"], fall.last["estimate_id"]}
    _draw_area(ax_area, marks[marks["drawn"]], labelled)
    _draw_towns(ax_towns, steps, n_towns(dataset))
    finish(
        fig,
        "fig08",
        finding(fall, steps),
        dataset.sources,
        subtitle=_note(marks),
    )
    return fig, territory_data(dataset.area_estimates, steps)


def _x(days: pd.Series) -> np.ndarray:
    return mdates.date2num(pd.to_datetime(days))


def _draw_area(ax, marks: pd.DataFrame, labelled: set[str]) -> None:
    for _, m in marks.iterrows():
        colour, y = SCOPE_COLOURS[m["scope"]], m["km2"] / 1000
        low = m["confidence"] == "low"
        if m["date_earliest"] != m["date_latest"]:
            lo, hi = _x([m["date_earliest"], m["date_latest"]])
            ax.plot([lo, hi + 1], [y, y], color=colour, lw=1.6, ls=":" if low else "-", solid_capstyle="butt")
        x = _x([m["mark_day"]])[0] + 0.5
        ax.plot(
            x,
            y,
            marker=ESTIMATOR_MARKERS[m["estimator_group"]],
            ms=7,
            mec=colour,
            mfc="white" if low else colour,
            mew=1.4,
            zorder=3,
            clip_on=False,  # a mark on the axis' last days is drawn whole
        )
        if m["lower_bound"]:
            ax.annotate(
                "", xy=(x, y + 9), xytext=(x, y + 2), arrowprops={"arrowstyle": "-|>", "color": colour}
            )
        if m["estimate_id"] in labelled:
            ax.annotate(f"{m['km2']:,} km²", (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8)
    ax.set_ylim(0, 115)
    ax.set_ylabel("area IS held, thousand km²")
    date_axis(ax)
    ax.legend(handles=_area_legend(marks), loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Estimates")


def _area_legend(marks: pd.DataFrame) -> list:
    groups = [g for g in ESTIMATOR_GROUPS if g in set(marks["estimator_group"])]
    handles: list = [
        Line2D([], [], lw=0, marker=ESTIMATOR_MARKERS[g], color="#666666", label=ESTIMATOR_GROUPS[g])
        for g in groups
    ]
    handles += [Patch(color=SCOPE_COLOURS[s], label=SCOPES[s]) for s in SCOPES if s in set(marks["scope"])]
    handles += [
        Line2D([], [], color="#666666", lw=1.6, label="as-of window"),
        Line2D(
            [],
            [],
            lw=1.2,
            marker="o",
            mfc="white",
            mec="#666666",
            color="#666666",
            ls=":",
            label="low confidence",
        ),
    ]
    if marks["lower_bound"].any():
        with mpl.rc_context({"text.parse_math": True}):  # our own mathtext marker (the style turns it off)
            arrow = Line2D([], [], lw=0, marker="$\\uparrow$", color="#666666", ms=9, label="lower bound")
        handles.append(arrow)
    return handles


def _draw_towns(ax, steps: pd.DataFrame, n_towns: int) -> None:
    x = np.append(_x(steps["date_earliest"]), mdates.date2num(AXIS_END))
    certain = np.append(steps["towns_certainly_held"].to_numpy(), steps["towns_certainly_held"].iloc[-1])
    possible = np.append(steps["towns_possibly_held"].to_numpy(), steps["towns_possibly_held"].iloc[-1])
    ax.fill_between(
        x,
        certain,
        possible,
        step="post",
        color=UNCERTAIN,
        lw=0,
        label="unknown (no dated evidence either way)",
    )
    ax.step(
        x, certain, where="post", color=IS_COLOUR, lw=1.6, label="held, wholly or partly (dated evidence)"
    )
    ax.set_ylim(0, n_towns + 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(f"towns IS held (of {n_towns})")
    date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Towns in the chronology")


def _note(marks: pd.DataFrame) -> str:
    counts = marks["estimator_group"].value_counts()
    by_group = ", ".join(f"{ESTIMATOR_GROUPS[g]} {counts[g]}" for g in ESTIMATOR_GROUPS if g in counts)
    hidden = marks[~marks["drawn"]]
    cut = marks["drawn"] & (marks["date_latest"] > pd.Timestamp(LAST_DAY))
    cut_note = f" {int(cut.sum())} window(s) cut at {LAST_DAY}." if cut.any() else ""
    left_out = "".join(
        f" Not drawn (outside 2014-2017): {m['estimator']}, {m['date_earliest']:%Y-%m-%d}, {m['km2']:,} km²."
        for _, m in hidden.iterrows()
    )
    return (
        f"Top: {len(marks)} published estimates ({by_group}), each cited with who reported it and its URL in "
        f"data/area_estimates.csv.{left_out}{cut_note} Bottom: the towns of the chronology held by IS at the end of each day "
        "(analysis.control): the line counts towns with dated evidence of IS control, wholly or partly; the "
        "band adds the towns whose state is unknown (none is counted held without dated evidence)."
    )
