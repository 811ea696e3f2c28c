"""The project's vocabulary, each term defined once: events, actor families, countries,
precision labels, the event id, the words figures print, and what "on a river" means.

Validators check the data against these tuples; analysis and plot modules import them
from here, never from one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

# --- events ----------------------------------------------------------------------------------

#: IS gains control / IS loses control (to the force in ``actor``, where the source names
#: one) / IS fighters return to a place they had lost / an offensive against an IS-held place
#: begins / a siege begins (by IS of a place it does not hold, or of an IS-held place) / a
#: siege is broken / the caliphate is proclaimed / a government declares the war over.
EVENTS: tuple[str, ...] = (
    "seized",
    "retaken",
    "reinfiltrated",
    "offensive_launched",
    "siege_began",
    "siege_broken",
    "caliphate_proclaimed",
    "war_declared_over",
)
#: IS back in a town it had lost (data/README.md, "IS back in a town it had lost"): ``seized``
#: when it takes the town back by assault ("won back", "recaptured", "stormed back into"),
#: ``reinfiltrated`` when its fighters slip back in ("slipped back into", "re-infiltrated",
#: "returned to it"); either opens the next episode of IS control. The extractor proposes them so
#: (episode 2, aligned to the chronology on review) and the chronology counts both as starts.
REGAINED: dict[str, str] = {"seized": "by assault", "reinfiltrated": "by infiltration"}
STARTS_IS_CONTROL: tuple[str, ...] = tuple(REGAINED)  # an episode of IS control begins
ENDS_IS_CONTROL: tuple[str, ...] = ("retaken",)  # an episode of IS control ends
RETAKEN = "retaken"
WAR_DECLARED_OVER = "war_declared_over"  # the campaign's last day

#: How figures name each event after a place ("Mosul retaken from IS").
EVENT_WORDS: dict[str, str] = {
    "seized": "seized by IS",
    "retaken": "retaken from IS",
    "reinfiltrated": "re-infiltrated by IS",
    "offensive_launched": "offensive launched",
    "siege_began": "siege began",
    "siege_broken": "siege broken",
    "caliphate_proclaimed": "caliphate proclaimed",
    "war_declared_over": "war declared over",
}

# --- milestones ------------------------------------------------------------------------------

#: Which moment of an event a claim dates (``data/README.md`` gives the reading rules):
#: ``control`` the change itself (the town taken, IS control ended, the offensive on the town
#: begun; the capturing side's own announcement made as it happened counts here); ``declared``
#: a formal declaration dated apart from it, or a third party's statement (by its dateline);
#: ``cleared`` the last pockets or the outskirts cleared after the capture; ``partial`` part of
#: the place (its centre, one bank, most of it, its approaches, some of its districts);
#: ``disputed`` a claim other sources contradict (a side's claim denied by local reports): kept
#: and shown, never the date of an event (an event needs a claim of another milestone). Claims
#: are compared only within one milestone.
MILESTONES: tuple[str, ...] = ("control", "declared", "cleared", "partial", "disputed")
#: The milestone that dates an event in the chronology: the first of these the event has.
MILESTONE_PRIORITY: tuple[str, ...] = ("control", "declared", "cleared", "partial", "disputed")
DISPUTED = "disputed"
PARTIAL = "partial"
DEFAULT_MILESTONE = "control"

# --- evidence tiers and source groups ---------------------------------------------------------

#: A stored verbatim text (every claim quotes it), or a citation without text.
TIERS: tuple[str, ...] = ("quoted", "cited")
#: Groups whose ``published`` is a later copy date, not the date of writing (their relative
#: dates need a context year), and that never count as an independent confirmation.
RETROSPECTIVE_GROUPS: tuple[str, ...] = ("wikipedia",)
NOT_INDEPENDENT_GROUPS: tuple[str, ...] = RETROSPECTIVE_GROUPS

# --- event ids ---------------------------------------------------------------------------------

EVENT_ID_SEPARATOR = ":"


def event_id(place_id: T, event: T, episode: object) -> T:
    """``place_id:event:episode`` (``mosul:retaken:1``): one event of the chronology.

    Works on scalars and, element-wise, on pandas Series or numpy object arrays.
    """
    as_text = episode.astype(str) if hasattr(episode, "astype") else str(episode)
    return place_id + EVENT_ID_SEPARATOR + event + EVENT_ID_SEPARATOR + as_text


def parse_event_id(value: str) -> tuple[str, str, int]:
    """``'mosul:retaken:1'`` -> ``('mosul', 'retaken', 1)``; ValueError when it is not an event id."""
    parts = value.split(EVENT_ID_SEPARATOR)
    if len(parts) != 3 or parts[1] not in EVENTS or not parts[2].isdigit() or not parts[0]:
        raise ValueError(f"{value!r} is not an event id (place_id:event:episode)")
    return parts[0], parts[1], int(parts[2])


# --- actors --------------------------------------------------------------------------------------

#: Families of the forces named in claims, and how figures name them.
ACTOR_NAMES: dict[str, str] = {
    "islamic-state": "Islamic State",
    "iraqi-government": "Iraqi government forces",
    "kurdish-iraq": "Iraqi Kurdish forces",
    "kurdish-syria": "Syrian Kurdish forces",
    "sdf": "Syrian Democratic Forces",
    "syrian-government": "Syrian government forces",
    "syrian-rebels-turkey": "Syrian rebels / Turkey",
    "syrian-rebels-us": "Syrian rebels / US and Jordan",  # the rebels who took al-Tanf in March 2016
    "russia": "Russia",  # Russia's Defence Ministry: its claims, and its declaration for Syria (6 Dec 2017)
    "unknown": "force not named",
}
ACTOR_FAMILIES: tuple[str, ...] = tuple(ACTOR_NAMES)
UNKNOWN_ACTOR = "unknown"

# --- countries -------------------------------------------------------------------------------------

#: ISO 3166-1 alpha-3 codes of the study countries and their names.
COUNTRIES: dict[str, str] = {"IRQ": "Iraq", "SYR": "Syria"}
BOTH_COUNTRIES = "IRQ|SYR"  # a place on or across the border, or both countries at once
#: Every value of a ``country`` column, in words.
COUNTRY_NAMES: dict[str, str] = {**COUNTRIES, BOTH_COUNTRIES: "Iraq and Syria"}

# --- sources -------------------------------------------------------------------------------------

#: Groups of sources (``sources.csv`` ``source_group``), in words, in the order figures show them.
SOURCE_GROUP_NAMES: dict[str, str] = {
    "news": "news",
    "us-government": "US government",
    "un": "UN",
    "wikipedia": "Wikipedia",
}
#: Who published a source: news media (VOA included), U.S. government releases, the UN, Wikipedia.
SOURCE_GROUPS: tuple[str, ...] = tuple(SOURCE_GROUP_NAMES)

# --- precision labels ------------------------------------------------------------------------------

#: How precisely a date window is known (see :mod:`analysis.dates`).
PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "season",
    "year",
    "range",
    "approximate",
    "publication",
    "before-publication",
)
UNDATED = "before-publication"  # an undated statement: some day from the study start to publication


def is_undated(precision: T) -> T:
    """True where ``precision`` marks an undated statement (a scalar, or element-wise on a Series)."""
    return precision == UNDATED


#: Precisions of statements that say an event happened without dating it: undated
#: (``before-publication``) and true-at-publication (``publication``, "have now liberated").
#: Such a statement supports the event but never confirms its date (it never counts towards
#: ``n_independent``, so never makes an event ``agreed``).
NOT_DATING: tuple[str, ...] = ("publication", UNDATED)


def dates_the_event(precision: pd.Series) -> pd.Series:
    """True where a claim of this ``precision`` dates its event (not in :data:`NOT_DATING`), element-wise."""
    return ~precision.isin(NOT_DATING)


# --- places ----------------------------------------------------------------------------------------

#: Kinds of place in the gazetteer (``places.csv`` ``kind``). Points: settlements (a city, town or
#: village), sites beside or inside them (an airbase, a dam, an oil refinery, an oil or gas field,
#: an army camp, an ancient site, a refugee camp), and border crossings. Areas have no point.
SETTLEMENT_KINDS: tuple[str, ...] = ("city", "town", "village")
SITE_KINDS: tuple[str, ...] = (
    "airbase",
    "dam",
    "oil refinery",
    "oil field",
    "gas field",
    "army camp",
    "ancient site",
    "refugee camp",
)
POINT_KINDS: tuple[str, ...] = SETTLEMENT_KINDS + SITE_KINDS + ("border crossing",)
AREA_KINDS: tuple[str, ...] = ("region", "province", "country")
#: The places the findings count as "towns" (recaptures, gaps, occupation spans, the maps):
#: settlements only. A site is not its town: Tabqa Airbase (taken by IS in August 2014) and
#: Tabqa Dam are not Tabqa, Hatra's ruins are not Hatra town, Camp Saqlawiyah is not Saqlawiyah;
#: their events stay in the chronology and the coverage report but not in the town counts.
TOWN_KINDS: tuple[str, ...] = SETTLEMENT_KINDS
#: Spellings that name two places (otherwise one spelling, one place). A claim's ``place_id``
#: says which one is meant (the compiler's reading of the page, with its locator); the
#: gazetteer accepts such a spelling only for the places listed here.
SHARED_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Hatra": ("hatra", "hatra-site"),  # the modern town and the ancient city beside it
    "Tabqa": ("tabqa", "tabqa-airbase"),  # the town (al-Thawrah) and its airbase, 9 km south
    # Husaybah at Al-Qaim on the Syrian border, and Husaybah al-Sharqiya 7 km east of Ramadi (240 km apart)
    "Husaybah": ("husaybah", "husaybah-al-sharqiya"),
}

# --- geography -----------------------------------------------------------------------------------

ON_RIVER_KM = 10.0  # a town "on" a river: within this distance (km) of the Natural Earth 1:50m line


# --- agreement -----------------------------------------------------------------------------------

#: An event's ``agreement`` (:mod:`analysis.chronology`): two or more independent sources whose
#: windows intersect / fewer than two independent sources / windows that do not intersect.
AGREED, SINGLE_SOURCE, CONFLICT = "agreed", "single-source", "conflict"
AGREEMENTS: tuple[str, ...] = (AGREED, SINGLE_SOURCE, CONFLICT)


# --- exports -------------------------------------------------------------------------------------

#: The export formats (``python -m analysis export --format``) and the file each writes.
EXPORT_FILES: dict[str, str] = {
    "acled": "chronology-acled.csv",
    "ucdp": "chronology-ucdp-ged.csv",
    "geojson": "chronology.geojson",
    "timelinejs": "chronology-timelinejs.json",
    "csv": "chronology.csv",
}
EXPORT_FORMATS: tuple[str, ...] = tuple(EXPORT_FILES)
