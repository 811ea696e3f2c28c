"""One shared look for every figure: rcParams, the colours, a title that states the finding,
and a source note naming the sources and the figure id.

Colour rule: **one meaning per hue, in every figure.** A hue says who acted
(:data:`ACTOR_COLOURS`), what an area estimate covers (:data:`SCOPE_COLOURS`, fig08), that
sources disagree (:data:`CONFLICT`) or, as a light-to-dark yellow ramp, when a town was
retaken (:data:`DATE_RAMP`, fig06), and nothing else. The Islamic State is near-black
(:data:`ISLAMIC_STATE`) wherever it appears: as an actor, as its control of a town, as its
territory. Greys are ink: uncertainty (:data:`UNCERTAIN`), agreement levels, axes and notes.
Countries have no colour (they are named in labels and lanes). Every hue is defined here;
plot modules use these names, never hex codes of their own (the maps' basemap excepted).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis import __version__
from analysis.vocabulary import AGREED, SINGLE_SOURCE, SOURCE_GROUP_NAMES
from analysis.vocabulary import CONFLICT as CONFLICT_AGREEMENT

P = ParamSpec("P")
R = TypeVar("R")

RC: dict[str, object] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 200,  # report resolution
    "svg.hashsalt": "campaign-chronology",  # stable element ids: byte-identical SVG
    "svg.fonttype": "none",  # text stays text in the SVG: smaller, and editable as the .svg is meant to be
    "path.simplify": False,
    # glyphs drawn as designed, not snapped to the pixel grid: at 200 dpi hinting adds nothing
    # to legibility, and rendering without it is 15% faster (PNG, all figures)
    "text.hinting": "no_hinting",
    # data strings are text, never mathtext: "$\\foo$" in a place name or an outlet is drawn as written
    # (analysis.escaping); a mathtext marker of our own is made under rc_context({"text.parse_math": True})
    "text.parse_math": False,
}

ISLAMIC_STATE = "#222222"
ACTOR_COLOURS = {
    "islamic-state": ISLAMIC_STATE,
    "iraqi-government": "#1b7837",
    "kurdish-iraq": "#e08214",
    "kurdish-syria": "#fdb863",
    "sdf": "#b35806",
    "syrian-government": "#762a83",
    "syrian-rebels-turkey": "#2166ac",
    "syrian-rebels-us": "#67a9cf",
    "russia": "#c2a5cf",
    "unknown": "#999999",
}
#: What an area estimate covers (fig08): all IS territory in the IS colour, partial scopes in their own hues.
SCOPE_COLOURS = {"iraq-syria": ISLAMIC_STATE, "iraq": "#01665e", "syria-pocket": "#c51b7d"}
#: Who estimated an area (fig08): one marker shape each, never a colour.
ESTIMATOR_MARKERS = {"ihs": "o", "us-military": "s", "rand": "D", "press": "^", "not-stated": "v"}
#: When (fig06): pale to dark yellow, early to late. Yellow is no actor's, scope's or conflict's hue,
#: so a date never reads as who acted (viridis' greens and purples are the governments').
DATE_RAMP = ("#fff4b3", "#f2cf3d", "#b8930a", "#6b5500")
UNCERTAIN = "#bbbbbb"  # a window: the event happened on one of these days
CONFLICT = "#d6604d"  # sources disagree about the date
INK = "#4d4d4d"  # lines and marks that carry no colour meaning
#: How the sources dating an event relate (fig05): greys for agreement, red only for a conflict.
AGREEMENT_COLOURS = {AGREED: "#333333", SINGLE_SOURCE: "#a6a6a6", CONFLICT_AGREEMENT: CONFLICT}


AXIS_START, AXIS_END = pd.Timestamp("2014-01-01"), pd.Timestamp("2018-01-01")  # the campaign's time axis


def date_axis(ax: Axes) -> None:
    """Years labelled, quarters ticked, 2014-01-01 to 2018-01-01: the same time axis on every chart."""
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlim(mdates.date2num(AXIS_START), mdates.date2num(AXIS_END))


def styled(builder: Callable[P, R]) -> Callable[P, R]:
    """Run a figure builder under the shared rcParams (artists read them when created)."""

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(RC):
            return builder(*args, **kwargs)

    return wrapper


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches, constrained layout, not kept by pyplot."""
    return Figure(figsize=(width, height), layout="constrained")


def source_note(sources: pd.DataFrame) -> str:
    """'Sources: AFP (outlet inferred), published 2017-12-09; …' from the manifest.

    Quoted sources are named with their publication window; cited sources (``tier`` =
    ``cited``) are counted by ``source_group``, the list being in data/sources.csv. A
    manifest without a ``tier`` column is all quoted.
    """
    tier = sources["tier"] if "tier" in sources else pd.Series("quoted", index=sources.index)
    quoted, cited = sources[tier != "cited"], sources[tier == "cited"]
    parts = []
    for _, s in quoted.sort_values("source_id").iterrows():
        outlet = s["outlet"] + (" (outlet inferred)" if s["outlet_status"] == "inferred" else "")
        parts.append(f"{outlet}, published {s['published'].replace('/', '..')}")
    note = "Sources: " + "; ".join(parts)
    if len(cited):
        groups = cited["source_group"].value_counts() if "source_group" in cited else pd.Series(dtype=int)
        by_group = ", ".join(
            f"{groups[g]} {SOURCE_GROUP_NAMES[g]}" for g in SOURCE_GROUP_NAMES if g in groups
        )
        note += f"; and {len(cited)} cited sources ({by_group}), listed in data/sources.csv"
    return note + ". Dates are windows, not points."


def finish(fig: Figure, figure_id: str, finding: str, sources: pd.DataFrame, subtitle: str = "") -> Figure:
    """Title stating the finding, an optional subtitle, and the source note with the figure id.

    Title and notes are wrapped to the figure's width so nothing is clipped.
    """
    width_in = fig.get_figwidth()
    title = textwrap.fill(finding, width=int(width_in * 8.5))
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    note = f"{subtitle} {source_note(sources)} Campaign Chronology v{__version__}, {figure_id}.".strip()
    fig.supxlabel(
        textwrap.fill(note, width=int(width_in * 17)), x=0.01, ha="left", fontsize=7, color="#555555"
    )
    return fig
