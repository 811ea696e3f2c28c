"""Exports of the chronology for the tools people already use: ACLED- and UCDP-GED-shaped
tables, GeoJSON for GIS, TimelineJS3 JSON for newsrooms, and a flat CSV.

``python -m analysis export --format {acled,ucdp,geojson,timelinejs,csv} [-o DIR]``.
Every mapping, and what each format cannot express, is in ``docs/exports.md``. Dates are
ISO 8601 days; each event's window ``[date_earliest, date_latest]`` is closed (both days in).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import __version__
from analysis.containment import check_output_folder
from analysis.dates import format_window, midpoint
from analysis.escaping import html_text
from analysis.output import staged_outputs, write_csv
from analysis.vocabulary import (
    ACTOR_NAMES,
    COUNTRY_NAMES,
    EXPORT_FILES,
    EXPORT_FORMATS,
    RETAKEN,
    SETTLEMENT_KINDS,
    SITE_KINDS,
    TOWN_KINDS,
    UNKNOWN_ACTOR,
)

GOVERNMENT_FAMILIES = ("iraqi-government", "syrian-government", "kurdish-iraq", "russia")
NON_STATE_FAMILIES = (
    "sdf",
    "kurdish-syria",
    "syrian-rebels-turkey",
    "syrian-rebels-us",
)  # incl. foreign states with rebels
IS_FAMILY = "islamic-state"
if TYPE_CHECKING:
    from analysis.dataset import Dataset

# UCDP where_prec of a point: a settlement or a site is an exact location; a border crossing is approximate
POINT_PRECISION = {kind: 1 for kind in SETTLEMENT_KINDS + SITE_KINDS} | {"border crossing": 2}


# ---------------------------------------------------------------------------- shared helpers


def _window_days(events: pd.DataFrame) -> pd.Series:
    """Days in each event's closed window (1 for a known day)."""
    return (pd.to_datetime(events["date_latest"]) - pd.to_datetime(events["date_earliest"])).dt.days + 1


def _midpoint(events: pd.DataFrame) -> pd.Series:
    """The window's middle day as ISO text (:func:`analysis.dates.midpoint`)."""
    return _iso(midpoint(pd.to_datetime(events["date_earliest"]), pd.to_datetime(events["date_latest"])))


def _iso(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d")


def _window_text(event: pd.Series) -> str:
    """``2017-07-01..2017-07-31 (month)``: the window (:func:`analysis.dates.format_window`) and its precision."""
    return f"{format_window(event['date_earliest'], event['date_latest'])} ({event['precision']})"


def _with_places(data: Dataset) -> pd.DataFrame:
    """The chronology with each place's admin1, kind, lat and lon (NaN for areas)."""
    places = data.places[["place_id", "admin1", "kind", "lat", "lon"]]
    merged = data.chronology.merge(places, on="place_id", how="left", validate="many_to_one")
    return merged.reset_index(drop=True)


def _families(data: Dataset) -> dict[str, set[str]]:
    """The actor families named by each event's claims, by event id."""
    family = dict(zip(data.claims["claim_id"], data.claims["actor_family"], strict=True))
    return {
        event_id: {family[c] for c in claim_ids.split("|") if c}
        for event_id, claim_ids in zip(data.chronology["event_id"], data.chronology["claim_ids"], strict=True)
    }


def _source_rows(data: Dataset, source_ids: str) -> pd.DataFrame:
    ids = [s for s in source_ids.split("|") if s]
    return data.sources.set_index("source_id").loc[ids].reset_index()


def _outlet(source: pd.Series) -> str:
    return source["outlet"] + (" (outlet inferred)" if source["outlet_status"] == "inferred" else "")


def _published(source: pd.Series) -> str:
    return source["published"].replace("/", "..")


def _country_name(code: str) -> str:
    return COUNTRY_NAMES[code]


# ---------------------------------------------------------------------------- ACLED


def acled_time_precision(days: int) -> int:
    """ACLED ``time_precision``: 1 a known day, 2 a window of up to 7 days, 3 anything longer."""
    return 1 if days == 1 else 2 if days <= 7 else 3


def acled_type(event: str, families: set[str]) -> tuple[str, str]:
    """(``event_type``, ``sub_event_type``) of an event whose claims name ``families``.

    IS seizing a place: a non-state actor overtakes territory. IS losing it: "Government regains
    territory" when a government's forces are named, "Non-state actor overtakes territory" when
    only non-state (or foreign-state-with-rebels) forces are; with no force named ACLED's choice
    cannot be made, so it is "Strategic developments"/"Other", as every non-territorial event.
    """
    if event == "seized":
        return "Battles", "Non-state actor overtakes territory"
    if event == RETAKEN and families & set(GOVERNMENT_FAMILIES):
        return "Battles", "Government regains territory"
    if event == RETAKEN and families & set(NON_STATE_FAMILIES):
        return "Battles", "Non-state actor overtakes territory"
    return "Strategic developments", "Other"


def acled_table(data: Dataset, version: str = __version__) -> pd.DataFrame:
    """One row per event, ACLED's column names; the exact window, actors and sources in ``notes``."""
    events, families = _with_places(data), _families(data)
    rows = []
    for _, e in events.iterrows():
        event_type, sub_event_type = acled_type(e["event"], families[e["event_id"]])
        forces = "; ".join(
            ACTOR_NAMES[f] for f in sorted(families[e["event_id"]] - {UNKNOWN_ACTOR, IS_FAMILY})
        )
        actor1 = (
            "Islamic State" if e["event"] in ("seized", "reinfiltrated", "caliphate_proclaimed") else forces
        )
        sources = _source_rows(data, e["source_ids"])
        rows.append(
            {
                "event_id_cnty": e["event_id"],
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "actor1": actor1,
                "actor2": ACTOR_NAMES[IS_FAMILY] if e["event"] == RETAKEN else "",
                "country": _country_name(e["country"]),
                "admin1": e["admin1"],
                "location": e["place"],
                "latitude": e["lat"],
                "longitude": e["lon"],
                "geo_precision": 1 if e["kind"] in TOWN_KINDS else 2 if pd.notna(e["lat"]) else 3,
                "source": "; ".join(sources["outlet"]),
                "notes": (
                    f"{e['event']} (episode {e['episode']}); date window {_window_text(e)}; "
                    f"actors as written: {e['actors'] or 'none named'}; agreement: {e['agreement']}; "
                    f"sources: {'; '.join(f'{_outlet(s)}, published {_published(s)}' for _, s in sources.iterrows())}; "
                    f"Campaign Chronology v{version}"
                ),
            }
        )
    table = pd.DataFrame(rows)
    days = _window_days(events)
    table.insert(1, "event_date", _midpoint(events))
    table.insert(2, "year", table["event_date"].str[:4].astype(int))
    table.insert(3, "time_precision", days.map(acled_time_precision))
    return table


# ---------------------------------------------------------------------------- UCDP GED


def ucdp_date_prec(days: int, precision: str) -> int:
    """GED ``date_prec``: 1 exact day, 2 a range of 2-6 days, 3 a week, 4 8-31 days or a month, 5 longer."""
    if days == 1:
        return 1
    if precision == "week" or days == 7:
        return 3
    return 2 if days <= 6 else 4 if days <= 31 else 5


def ucdp_where_prec(kind: str, admin1: str, has_point: bool) -> int:
    """GED ``where_prec``: 1 a town, 2 within 25 km of a known point, 4 a province, 5 larger, 6 a country."""
    if has_point:
        return POINT_PRECISION[kind]
    if kind == "country":
        return 6
    return 4 if admin1 else 5


def ucdp_table(data: Dataset) -> pd.DataFrame:
    """One row per event, GED's column names for date, place and sources (no fatalities: see docs)."""
    events = _with_places(data)
    rows = []
    for _, e in events.iterrows():
        sources = _source_rows(data, e["source_ids"])
        has_point = pd.notna(e["lat"])
        rows.append(
            {
                "id": e["event_id"],
                "year": int(_iso(pd.Series([e["date_earliest"]]))[0][:4]),
                "country": _country_name(e["country"]),
                "adm_1": e["admin1"],
                "where_coordinates": f"{e['place']} {e['kind']}",
                "where_prec": ucdp_where_prec(e["kind"], e["admin1"], has_point),
                "latitude": e["lat"],
                "longitude": e["lon"],
                "geom_wkt": f"POINT ({e['lon']} {e['lat']})" if has_point else "",
                "date_start": _iso(pd.Series([e["date_earliest"]]))[0],
                "date_end": _iso(pd.Series([e["date_latest"]]))[0],
                "date_prec": ucdp_date_prec(int(_window_days(e.to_frame().T).iloc[0]), e["precision"]),
                "number_of_sources": len(sources),
                "source_article": "; ".join(
                    f'{_outlet(s)}, "{s["title"]}", {_published(s)}' for _, s in sources.iterrows()
                ),
                "source_office": "; ".join(sources["outlet"]),
                "source_date": "; ".join(_published(s) for _, s in sources.iterrows()),
                "source_headline": "; ".join(sources["title"]),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- GeoJSON


def geojson_document(data: Dataset) -> dict:
    """RFC 7946 FeatureCollection: a Point (lon, lat) per event, null geometry for regions.

    Properties: every chronology column (dates ISO, counts as integers), plus admin1 and kind.
    """
    events = _with_places(data)
    features = []
    for _, e in events.iterrows():
        properties = {c: e[c] for c in data.chronology.columns}
        properties.update(
            date_earliest=_iso(pd.Series([e["date_earliest"]]))[0],
            date_latest=_iso(pd.Series([e["date_latest"]]))[0],
            episode=int(e["episode"]),
            n_claims=int(e["n_claims"]),
            n_sources=int(e["n_sources"]),
            admin1=e["admin1"],
            kind=e["kind"],
        )
        geometry = (
            {"type": "Point", "coordinates": [float(e["lon"]), float(e["lat"])]}
            if pd.notna(e["lat"])
            else None
        )
        features.append(
            {"type": "Feature", "id": e["event_id"], "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------------- TimelineJS3


def timeline_dates(event: pd.Series) -> dict[str, dict]:
    """TimelineJS ``start_date`` (and ``end_date`` for a window that is not one day, month or year).

    A known day gives year, month and day; a calendar month gives year and month; a calendar
    year gives the year; any other window is drawn from its first to its last day. Each date
    carries ``display_date`` with the window as written here, so the reader sees the precision.
    """
    earliest, latest = pd.Timestamp(event["date_earliest"]), pd.Timestamp(event["date_latest"])
    display = _window_text(event)
    if earliest == latest:
        return {"start_date": _tl_date(earliest, "day", display)}
    if event["precision"] == "month" and earliest.day == 1 and latest == earliest + pd.offsets.MonthEnd(0):
        return {"start_date": _tl_date(earliest, "month", display)}
    if event["precision"] == "year" and (earliest.month, earliest.day, latest.month, latest.day) == (
        1,
        1,
        12,
        31,
    ):
        return {"start_date": _tl_date(earliest, "year", display)}
    return {"start_date": _tl_date(earliest, "day", display), "end_date": _tl_date(latest, "day", display)}


def _tl_date(day: pd.Timestamp, unit: str, display: str) -> dict:
    date = {"year": day.year}
    if unit in ("month", "day"):
        date["month"] = day.month
    if unit == "day":
        date["day"] = day.day
    return date | {"display_date": html_text(display)}


def timelinejs_document(data: Dataset, version: str = __version__) -> dict:
    """The TimelineJS3 JSON: a title slide and one slide per event, grouped by country, sources in the text.

    TimelineJS shows ``headline`` and ``text`` as HTML: every data string in them is escaped
    (:func:`analysis.escaping.html_text`), so markup in a title, outlet, place or actor is shown as written.
    """
    events = []
    for _, e in data.chronology.iterrows():
        sources = _source_rows(data, e["source_ids"])
        cited = "".join(
            f"<li>{html_text(_outlet(s))}, &ldquo;{html_text(s['title'])}&rdquo;, "
            f"published {html_text(_published(s))}</li>"
            for _, s in sources.iterrows()
        )
        text = (
            f"<p>Date window {html_text(_window_text(e))}; {html_text(e['agreement'])}. "
            f"Actors as written: {html_text(e['actors'] or 'none named')}.</p>"
            f"<p>Sources:</p><ul>{cited}</ul>"
        )
        headline = f"{e['place']}: {e['event'].replace('_', ' ')}"
        events.append(
            timeline_dates(e)
            | {
                "text": {"headline": html_text(headline), "text": text},
                "group": _country_name(e["country"]),
                "unique_id": e["event_id"].replace(":", "-"),
            }
        )
    title = {
        "text": {
            "headline": "Campaign Chronology",
            "text": (
                "<p>When the Islamic State seized and lost towns in Iraq and Syria, 2014-2017, "
                f"each date a window traced to its sources. Campaign Chronology v{version}, "
                "data CC-BY-4.0.</p>"
            ),
        }
    }
    return {"title": title, "events": events}


# ---------------------------------------------------------------------------- flat CSV


def flat_table(data: Dataset) -> pd.DataFrame:
    """The chronology with each place's admin1, kind, latitude and longitude, for spreadsheets."""
    events = _with_places(data).rename(columns={"lat": "latitude", "lon": "longitude"})
    return events.assign(date_earliest=_iso(events["date_earliest"]), date_latest=_iso(events["date_latest"]))


# ---------------------------------------------------------------------------- writing


def _write_json(document: dict, path: Path) -> Path:
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"  # NaN is not JSON
    path.write_text(text, encoding="utf-8")
    return path


FILE_NAMES, FORMATS = EXPORT_FILES, EXPORT_FORMATS


def write_export(fmt: str, data: Dataset, folder: Path, version: str = __version__) -> Path:
    """Write one export into ``folder`` (same inputs, same bytes); returns its path.

    CSV cells that would start a spreadsheet formula are neutralised (:func:`analysis.output.write_csv`).
    """
    target = Path(folder) / FILE_NAMES[fmt]
    writers: dict[str, Callable[[], Path]] = {
        "acled": lambda: write_csv(acled_table(data, version), target),
        "ucdp": lambda: write_csv(ucdp_table(data), target),
        "csv": lambda: write_csv(flat_table(data), target),
        "geojson": lambda: _write_json(geojson_document(data), target),
        "timelinejs": lambda: _write_json(timelinejs_document(data, version), target),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt]()


def write_exports(formats: list[str], data: Dataset, out_dir: Path) -> list[Path]:
    """Write every export of ``formats`` into ``out_dir``, all or nothing (staged, then moved in); nothing else in ``out_dir`` changes."""
    check_output_folder(out_dir)  # a file, device or link is refused before anything is written
    with staged_outputs(out_dir) as stage:
        for fmt in formats:
            stage.file(write_export(fmt, data, stage.folder(out_dir)), out_dir)
    return stage.written
