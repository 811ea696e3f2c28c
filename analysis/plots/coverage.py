"""fig05: which source reports which event; conflicts and single-source events marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.findings import evidence
from analysis.plots.style import AGREEMENT_COLOURS, finish, new_figure, styled
from analysis.plots.timeline import timeline_data
from analysis.vocabulary import event_id

if TYPE_CHECKING:
    from analysis.dataset import Dataset


def coverage_data(chronology: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per event (timeline order) with the number of claims each source makes about it."""
    order = timeline_data(chronology)[["event_id", "label", "lane", "agreement"]]
    claims = claims.assign(event_id=event_id(claims["place_id"], claims["event"], claims["episode"]))
    counts = pd.crosstab(claims["event_id"], claims["source_id"]).reindex(
        columns=sorted(sources["source_id"]), fill_value=0
    )
    data = order.join(counts, on="event_id").fillna(0)
    data[counts.columns] = data[counts.columns].astype(int)
    return data.reset_index(drop=True)


@styled
def plot_coverage(dataset: Dataset) -> tuple[Figure, pd.DataFrame]:
    """fig05: a grid of events x sources; a dot where a source dates the event, sized by its claims."""
    chronology, claims, sources = dataset.chronology, dataset.claims, dataset.sources
    data = coverage_data(chronology, claims, sources)
    source_ids = sorted(sources["source_id"])
    fig = new_figure(7.5, 0.24 * len(data) + 2.6)
    ax = fig.add_subplot()
    y = np.arange(len(data))[::-1]
    for x, sid in enumerate(source_ids):
        n = data[sid].to_numpy()
        ax.scatter(
            np.full((n > 0).sum(), x),
            y[n > 0],
            s=30 + 25 * (n[n > 0] - 1),
            color=data.loc[n > 0, "agreement"].map(AGREEMENT_COLOURS),
            zorder=3,
        )
    ax.set_xticks(range(len(source_ids)), [_source_label(sources, sid) for sid in source_ids])
    ax.xaxis.tick_top()
    ax.set_yticks(y, data["label"])
    ax.set_xlim(-0.6, len(source_ids) - 0.4)
    ax.set_ylim(-0.8, len(data) - 0.2)
    ax.grid(axis="x", visible=False)
    handles = [Line2D([], [], lw=0, marker="o", color=c, label=a) for a, c in AGREEMENT_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), title="Sources on the date")
    counts = evidence(dataset)
    conflicts = f"{counts.conflicts} in conflict" if counts.conflicts else "none in conflict"
    finish(
        fig,
        "fig05",
        f"{counts.single_source} of {counts.events} events rest on one source; "
        f"{counts.multi_source} are dated by several, {conflicts}",
        sources,
        subtitle="A dot where a source dates the event (larger: more than one statement). * outlet inferred.",
    )
    return fig, data


def _source_label(sources: pd.DataFrame, source_id: str) -> str:
    row = sources.set_index("source_id").loc[source_id]
    return f"{row['outlet']}{'*' if row['outlet_status'] == 'inferred' else ''}\n{source_id}"
