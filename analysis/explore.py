"""The explorer: ``python -m analysis explore [--data DIR] -o OUT`` writes ``OUT/index.html``, one
offline page with the chronology's timeline, a map of the towns' state on a chosen day, and the
evidence behind every event.

This module prepares the tables the page shows, from the project's own findings (unit-tested
without a browser); :mod:`analysis.plots.explorer` draws them with Bokeh, and
``analysis/templates/explore/`` holds the small page around the plots (filters, the event list,
the evidence panel, the URL fragment). Nothing is recomputed differently from the figures:

- events and their order, marks and colours are fig01's (:func:`analysis.plots.timeline.timeline_data`);
- each milestone's window and agreement are the chronology's (``Dataset.milestones``);
- a town's state on a day is :func:`analysis.control.timeline`'s (fig07's states, with their basis in
  words), stretch by stretch (:func:`state_changes`);
- recapture colours are fig06's (:func:`analysis.plots.maps.recapture_faces`).

Dates are ISO days (``YYYY-MM-DD``); every window ``[earliest, latest]`` is closed (both days in).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import __version__, findings
from analysis.control import timeline
from analysis.dates import STUDY_START, format_window
from analysis.output import csv_safe, staged_outputs
from analysis.plots.maps import recapture_data, recapture_faces, recapture_scale
from analysis.plots.style import ACTOR_COLOURS, AXIS_END
from analysis.plots.timeline import timeline_data
from analysis.vocabulary import (
    ACTOR_NAMES,
    AGREED,
    CONFLICT,
    COUNTRY_NAMES,
    DEFAULT_MILESTONE,
    MILESTONE_PRIORITY,
    TIERS,
    event_id,
    is_undated,
)

if TYPE_CHECKING:
    from analysis.dataset import Dataset

QUOTED = TIERS[0]  # the tier of a claim whose corpus names none

PAGE = "index.html"
#: The last day the map's slider offers: the end of the campaign's time axis.
LAST_DAY: date = (AXIS_END - pd.Timedelta(days=1)).date()

#: Columns of the CSV export of the filtered events (one row per event, the chronology's words).
CSV_COLUMNS = [
    "event_id",
    "place",
    "country",
    "event",
    "episode",
    "date_earliest",
    "date_latest",
    "precision",
    "milestone",
    "actor_family",
    "agreement",
    "tiers",
    "n_sources",
    "n_independent",
    "source_ids",
]


def _iso(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def _words(earliest: pd.Series, latest: pd.Series) -> list[str]:
    return [format_window(a, b, words=True) for a, b in zip(earliest, latest, strict=True)]


# --- why an event is agreed, single-source or in conflict ---------------------------------------


def agreement_reason(
    agreement: str, milestone: str, n_sources: int, n_independent: int, n_claims: int
) -> str:
    """Why one milestone of an event is ``agreed``, ``single-source`` or in ``conflict``, in words.

    The rules are :mod:`analysis.chronology`'s: agreed = two or more independent sources whose
    windows intersect; a conflict = claims whose windows do not intersect (the window is then
    their span); independent sources are distinct newsrooms, Wikipedia never counting.
    """
    sources = f"{n_sources} source{'s' if n_sources != 1 else ''}"
    if agreement == CONFLICT:
        return (
            f"In conflict: the {milestone} windows of its {n_claims} claims ({sources}) do not intersect; "
            "the window shown is their span. The conflict is reported, not resolved."
        )
    if agreement == AGREED:
        return (
            f"Agreed: {n_independent} independent sources date the {milestone} milestone and their "
            "windows intersect; the window shown is the intersection."
        )
    independent = f"{n_independent} independent" if n_independent != n_sources else "all independent"
    return (
        f"Single source: {sources} ({independent}) date the {milestone} milestone; agreement needs two "
        "independent ones. Copies of one story count once; Wikipedia never counts."
    )


def _reasons(table: pd.DataFrame) -> list[str]:
    columns = ["agreement", "milestone", "n_sources", "n_independent", "n_claims"]
    return [
        agreement_reason(a, m, int(n), int(i), int(c))
        for a, m, n, i, c in table[columns].itertuples(index=False)
    ]


# --- events --------------------------------------------------------------------------------------


def row_names(events: pd.DataFrame) -> pd.Series:
    """Each event's timeline row: its place's name, with the place id added where two places share a name."""
    names = events.drop_duplicates("place_id").set_index("place_id")["place"]
    shared = names[names.duplicated(keep=False)].index
    label = events["place"].where(
        ~events["place_id"].isin(shared), events["place"] + " (" + events["place_id"] + ")"
    )
    return label


def event_table(data: Dataset) -> pd.DataFrame:
    """One row per event, in fig01's order (country lanes; places by their last event): what the
    timeline draws, the filters read and the CSV export writes.

    Columns: fig01's (:func:`analysis.plots.timeline.timeline_data`: ``event_id``, ``lane``,
    ``place``, ``label``, ``mark`` ``point``/``bar``, ``family``, ``agreement``, ``tiers``,
    ``cited_only``, ...), with ``earliest``/``latest`` as ISO days, ``window`` in words,
    ``row`` (the timeline row), ``lane_name``, ``family_name``, ``colour`` (fig01's actor
    colour), ``undated``, ``why`` (:func:`agreement_reason` of the dating milestone) and
    ``csv`` (the event's CSV line, cells neutralised as every generated CSV is).
    """
    chronology = data.chronology
    events = timeline_data(chronology)
    extra = chronology.set_index("event_id")[
        ["country", "milestone", "milestones", "n_sources", "n_independent", "n_claims", "source_ids"]
    ]
    events = events.join(extra, on="event_id")
    events["earliest"], events["latest"] = _iso(events["date_earliest"]), _iso(events["date_latest"])
    events["window"] = _words(events["date_earliest"], events["date_latest"])
    events["row"] = row_names(events)
    events["lane_name"] = events["lane"].map(COUNTRY_NAMES)
    events["family_name"] = events["family"].map(ACTOR_NAMES)
    events["colour"] = events["family"].map(ACTOR_COLOURS)
    events["undated"] = is_undated(events["precision"])
    events["why"] = _reasons(events)
    events["csv"] = csv_lines(events)
    return events


def csv_lines(events: pd.DataFrame) -> list[str]:
    """Each event as one CSV line of :data:`CSV_COLUMNS` (RFC 4180 quoting; cells neutralised by
    :func:`analysis.output.csv_safe`, as every CSV the project writes)."""
    table = events.assign(
        date_earliest=events["earliest"], date_latest=events["latest"], actor_family=events["family"]
    )[CSV_COLUMNS]
    return [",".join(_csv_cell(v) for v in row) for row in table.itertuples(index=False)]


def _csv_cell(value: object) -> str:
    text = str(csv_safe(value if isinstance(value, str) else str(value)))
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def milestone_table(data: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Every milestone of every event (``Dataset.milestones``), in event order, then milestone priority.

    Columns: ``event_id``, ``milestone``, ``earliest``, ``latest`` (ISO), ``window`` (words),
    ``precision``, ``agreement``, ``n_sources``, ``n_independent``, ``why``, and ``principal``
    (True for the milestone that dates the event in the chronology).
    """
    rows = data.milestones if data.milestones is not None else data.chronology
    rows = rows[rows["event_id"].isin(events["event_id"])]
    order = {e: i for i, e in enumerate(events["event_id"])}
    priority = {m: i for i, m in enumerate(MILESTONE_PRIORITY)}
    table = rows.assign(
        _event=rows["event_id"].map(order), _milestone=rows["milestone"].map(priority).fillna(len(priority))
    ).sort_values(["_event", "_milestone", "milestone"], kind="stable")
    principal = dict(zip(events["event_id"], events["milestone"], strict=True))
    return pd.DataFrame(
        {
            "event_id": table["event_id"].to_numpy(),
            "milestone": table["milestone"].to_numpy(),
            "earliest": _iso(table["date_earliest"]).to_numpy(),
            "latest": _iso(table["date_latest"]).to_numpy(),
            "window": _words(table["date_earliest"], table["date_latest"]),
            "precision": table["precision"].to_numpy(),
            "agreement": table["agreement"].to_numpy(),
            "n_sources": table["n_sources"].astype(int).to_numpy(),
            "n_independent": table["n_independent"].astype(int).to_numpy(),
            "why": _reasons(table),
            "principal": [
                principal[e] == m for e, m in zip(table["event_id"], table["milestone"], strict=True)
            ],
        }
    )


# --- evidence ------------------------------------------------------------------------------------

EVIDENCE_COLUMNS = [
    "event_id",
    "milestone",
    "claim_id",
    "source_id",
    "outlet",
    "tier",
    "source_group",
    "title",
    "published",
    "date_text",
    "earliest",
    "latest",
    "window",
    "precision",
    "quote",
    "url",
    "locator",
    "actor",
    "place_as_written",
    "note",
]


def _outlet(sources: pd.DataFrame) -> pd.Series:
    status = sources["outlet_status"] if "outlet_status" in sources else pd.Series("", index=sources.index)
    return sources["outlet"] + status.map(lambda s: f" (outlet {s})" if s in ("inferred", "matched") else "")


def evidence_table(data: Dataset) -> pd.DataFrame:
    """Every claim behind every event (:data:`EVIDENCE_COLUMNS`), by event, milestone, window, claim.

    ``published`` is the manifest's publication window (``2017-11-17..2017-11-23`` when a range);
    ``date_text`` the date expression as written (empty: undated statement); ``earliest`` /
    ``latest`` / ``window`` the window it resolves to; ``quote`` the verbatim sentence (quoted
    tier); ``url`` and ``locator`` where to check a cited claim (a quoted source may have a URL too).
    """
    claims, sources = data.claims, data.sources.set_index("source_id")
    blank = pd.Series("", index=claims.index)

    def get(col: str) -> pd.Series:
        return claims[col] if col in claims else blank

    def src(col: str) -> pd.Series:
        return claims["source_id"].map(sources[col]) if col in sources else blank

    table = pd.DataFrame(
        {
            "event_id": event_id(claims["place_id"], claims["event"], claims["episode"]),
            "milestone": get("milestone").replace("", DEFAULT_MILESTONE),
            "claim_id": claims["claim_id"],
            "source_id": claims["source_id"],
            "outlet": claims["source_id"].map(_outlet(sources.reset_index()).set_axis(sources.index)),
            "tier": get("tier").replace("", QUOTED),  # a corpus without a cited tier
            "source_group": src("source_group"),
            "title": src("title"),
            "published": src("published").str.replace("/", "..", regex=False),
            "date_text": get("date_text"),
            "earliest": _iso(claims["date_earliest"]),
            "latest": _iso(claims["date_latest"]),
            "window": _words(claims["date_earliest"], claims["date_latest"]),
            "precision": claims["precision"],
            "quote": get("quote"),
            "url": src("url"),
            "locator": get("locator"),
            "actor": get("actor"),
            "place_as_written": get("place_as_written"),
            "note": get("note"),
        }
    ).fillna("")
    priority = {m: i for i, m in enumerate(MILESTONE_PRIORITY)}
    table["_m"] = table["milestone"].map(priority).fillna(len(priority))
    table = table.sort_values(["event_id", "_m", "earliest", "latest", "claim_id"], kind="stable")
    return table[EVIDENCE_COLUMNS].reset_index(drop=True)


# --- the map: towns, their state on each day, recaptures -----------------------------------------


def state_changes(data: Dataset, first: date = STUDY_START, last: date = LAST_DAY) -> pd.DataFrame:
    """Each town's state from the end of ``first`` to the end of ``last``, as the stretches
    :func:`analysis.control.timeline` gives (fig07's states, rules and words; exact, every day):
    ``place_id``, ``date`` (ISO, the stretch's first day; the state holds to the day before the
    town's next row), ``state``, ``basis`` (the dated evidence and the rule, in words). The first
    row of every town is ``first``; towns in gazetteer order."""
    stretches = timeline(data.chronology, data.places, data.milestones)
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    keep = (stretches["from"] <= end) & (stretches["to"].isna() | (stretches["to"] >= start))
    table = stretches[keep]
    return pd.DataFrame(
        {
            "place_id": table["place_id"].to_numpy(),
            "date": table["from"].clip(lower=start).dt.strftime("%Y-%m-%d").to_numpy(),
            "state": table["state"].to_numpy(),
            "basis": table["basis"].to_numpy(),
        }
    )


def town_table(data: Dataset) -> tuple[pd.DataFrame, tuple[pd.Timestamp, pd.Timestamp]]:
    """The towns as fig06 draws them: ``place_id``, ``place``, ``country``, ``x``/``y`` (drawn
    position, MAP_CRS metres), ``recapture_id`` (last recapture's event id, empty if none),
    ``recapture`` (its window in words), ``recapture_colour`` (fig06's face colour, white if none);
    and the first and last day of fig06's colour scale."""
    towns = recapture_data(data.places, findings.recaptures(data), findings.euphrates_km(data))
    faces = recapture_faces(towns)
    has = towns["event_id"].notna()
    table = pd.DataFrame(
        {
            "place_id": towns["place_id"],
            "place": towns["place"],
            "country": towns["country"],
            "x": towns["x_drawn"].astype(float),
            "y": towns["y_drawn"].astype(float),
            "recapture_id": towns["event_id"].fillna(""),
            "recapture": [
                format_window(a, b, words=True) if h else ""
                for a, b, h in zip(towns["date_earliest"], towns["date_latest"], has, strict=True)
            ],
            "recapture_colour": faces,
        }
    )
    return table, recapture_scale(towns)


# --- the page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, prepared: see each table's function."""

    events: pd.DataFrame
    milestones: pd.DataFrame
    evidence: pd.DataFrame
    towns: pd.DataFrame
    recapture_scale: tuple[pd.Timestamp, pd.Timestamp]
    states: pd.DataFrame
    version: str
    citation: str
    csv_columns: tuple[str, ...] = tuple(CSV_COLUMNS)


def prepare(data: Dataset) -> PageData:
    """The page's tables for one dataset, and the version and citation it names."""
    from analysis.citation import apa, read_work

    events = event_table(data)
    towns, scale = town_table(data)
    return PageData(
        events=events,
        milestones=milestone_table(data, events),
        evidence=evidence_table(data),
        towns=towns,
        recapture_scale=scale,
        states=state_changes(data),
        version=__version__,
        citation=apa(read_work()),
    )


def script_json(value: object) -> str:
    """``value`` as JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and the two
    line separators JavaScript once rejected are written as ``\\u`` escapes, so no string can
    close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def write_page(data: Dataset, out: Path) -> Path:
    """Write ``out/index.html`` for ``data`` through :func:`analysis.output.staged_outputs` (the page
    is drawn first, then moved in whole; nothing else in ``out`` changes); returns its path."""
    from analysis.plots.explorer import render_page

    path = Path(out) / PAGE
    html = render_page(prepare(data))
    with staged_outputs(Path(out)) as stage:
        stage.path(path).write_text(html, encoding="utf-8")
    return path
