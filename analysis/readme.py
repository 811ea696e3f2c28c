"""README.md's findings, figures and limitations: every sentence there that states something about the data.

Each function returns the body of one generated block of README.md; :mod:`analysis.metadata`
writes them between their ``<!-- generated: NAME -->`` markers at every build of the
repository's data (``make figures``), beside its own blocks (:data:`BLOCKS` lists ours), so
adding a source and rebuilding never leaves a stale number behind. ``tests/test_readme.py``
checks each block equals what the build writes, and that the README states no other number
about the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import findings
from analysis.control import SNAPSHOT_DATES
from analysis.dates import STUDY_START, format_window
from analysis.vocabulary import EVENT_WORDS

if TYPE_CHECKING:
    from analysis.dataset import Dataset


def _word(n: int) -> str:
    return findings.number_word(n)


def _half_year(day) -> str:
    return f"mid-{day.year}" if (day.month, day.day) == (6, 30) else f"end-{day.year}"


def _stat(stats, name: str) -> tuple[str, str]:
    s = stats.loc[name]
    return f"{s['median']:g}", f"{s['p05']:g}–{s['p95']:g}"


def _pace(data: Dataset) -> str:
    from analysis import uncertainty

    stats = findings.pace_uncertainty(data)
    (gap1, ci1), (gap2, ci2), (towns, towns_ci) = (
        _stat(stats, n) for n in ("median_gap_2015_2016", "median_gap_2017", "towns_retaken_last_60_days")
    )
    (p_first, p_last), (r_first, _) = uncertainty.PERIODS["2015_2016"], uncertainty.PERIODS["2017"]
    verdict = findings.pace_verdict(data)
    share, quarter = findings.recaptures_in_last_quarter(data)
    in_year = findings.recaptures_in_year(data, quarter.year)
    end = findings.campaign_end_day(data)
    q_verdict = findings.pace_verdict(data.restrict(("quoted",)))
    same = "showed the same" if q_verdict == verdict else f"showed a different picture: the pace {q_verdict}"
    return (
        f"- **The pace {verdict} in {r_first.year}.** "
        f"The median gap between successive recaptures of towns was **{gap1} days** (90% interval {ci1}) in "
        f"{p_first.year}–{p_last.year} and **{gap2} days** ({ci2}) in {r_first.year} (`fig04`; notebook 03, and "
        f"notebook 06 for the tiers compared). **{in_year.count} of the {in_year.total} dated recapture events** "
        f"of towns came in {quarter.year} (`fig02`; a town retaken twice counts twice), and **{towns} towns** "
        f"({towns_ci}) fell in the {uncertainty.LAST_DAYS} days before Iraq declared the war over on "
        f"{end.isoformat()}. The quoted articles alone {same}."
    )


def _geography(data: Dataset) -> str:
    last = findings.last_towns_on_euphrates(data)
    mid = SNAPSHOT_DATES[-2]
    at_mid = findings.control_on(data, mid)
    lead = (
        "The campaign ended on the Euphrates."
        if 2 * last.on_euphrates > last.retaken
        else "The campaign did not end mainly on the Euphrates."
    )
    unknown = f", and for {_word(at_mid.unknown)} the corpus cannot say" if at_mid.unknown else ""
    return (
        f"- **{lead}** {last.on_euphrates} of the {last.retaken} towns retaken in "
        f"{last.first_day:%B}–{last.last_day:%B %Y} lie on the Euphrates (`fig06`); only {at_mid.free} of the "
        f"{at_mid.total} towns were certainly free of IS by {_half_year(mid)}{unknown} (`fig07`; a town is held "
        "only on dated evidence, never on silence)."
    )


def _longest(data: Dataset) -> str:
    longest = findings.longest_closed_span(data)
    quoted = data.restrict(("quoted",))
    q_longest, q_evidence = findings.longest_closed_span(quoted), findings.evidence(quoted)
    alone = (
        f"with the {_word(q_evidence.sources)} articles alone it was {q_longest.place} "
        f"({q_longest.min_days}–{q_longest.max_days} days)"
        if q_longest.place != longest.place
        else f"the {_word(q_evidence.sources)} articles alone give the same town"
    )
    return (
        f"- **IS held {longest.place} longest** of the towns whose seizure and recapture are both dated: "
        f"**{longest.min_days}–{longest.max_days} days**, {format_window(*longest.start, words=True)} to "
        f"{format_window(*longest.end, words=True)} (`fig03`); {alone}."
    )


def _conflict_names(data: Dataset) -> str:
    rows = data.chronology[data.chronology["agreement"] == "conflict"]
    names = [f"{r['place']} {EVENT_WORDS.get(r['event'], r['event'])}" for _, r in rows.iterrows()]
    if not names:
        return ""
    listed = findings.names_words(names[:3]) + (" among them" if len(names) > 3 else "")
    return f": {listed}"


def _evidence(data: Dataset) -> str:
    e = findings.evidence(data)
    disagree = (
        "the sources **never contradict** each other"
        if e.conflicts == 0
        else f"the sources disagree on **{e.conflicts} events** ({e.milestone_conflicts} milestones)"
        + _conflict_names(data)
    )
    return (
        f"- **Wider evidence, and where it disagrees.** {_word(e.quoted_sources).capitalize()} news reports kept "
        f"verbatim and {e.cited_sources} cited sources give **{e.claims} statements** ({e.dated_claims} dated, "
        f"{e.undated_claims} undated) about **{e.places} places**, reconciled into **{e.events} events**; "
        f"**{e.multi_source} events** are dated by two or more independent sources that agree (an undated "
        f"statement never confirms a date), and {disagree}. Sources that date different moments of one capture "
        "(control, declaration, clearing, part of a city) are milestones, not conflicts; Wikipedia never counts "
        "as a confirmation (`fig05`; notebook 06; `.venv/bin/python -m analysis check`)."
    )


def findings_block(data: Dataset) -> str:
    """The headline findings, one bullet each."""
    return "\n".join([_pace(data), _geography(data), _longest(data), _evidence(data)])


#: What each figure shows; its finding (the title) is appended from :data:`analysis.findings.TITLES`.
FIGURE_WORDS = {
    "fig01": "every dated event, one row per place, by country (hollow: cited sources only)",
    "fig02": "recapture events over time, earliest- and latest-case curves",
    "fig03": "how long IS held each town, uncertain ends drawn as uncertain, an open end only to its last report",
    "fig04": "days between successive recaptures (the late gaps labelled town to town)",
    "fig05": "events by independent sources dating them (0, 1, 2, 3+) and agreement, one panel per country; "
    "events each quoted source and each cited group dates, or only mentions undated",
    "fig06": "towns numbered and coloured by recapture date, with a key",
    "fig07": "IS control at the end of each half-year: held, partly held, unknown or not held, each on dated "
    "evidence",
    "fig08": "published estimates of the area IS held (one mark per estimator, scope in colour, as-of windows as "
    "windows) beside the towns it certainly held in the chronology, unknown as a band",
}


def figures_block(data: Dataset) -> str:
    """The table of figures: what each shows, and its title (the finding)."""
    from analysis.figures import REGISTRY

    rows = [
        f"| `{spec.stem}` | {FIGURE_WORDS[spec.figure_id]}. Title: *{findings.TITLES[spec.figure_id](data)}* |"
        for spec in REGISTRY
    ]
    return "\n".join(["| figure | what it shows, and its finding |", "| --- | --- |", *rows])


def limitations_block(data: Dataset) -> str:
    """The limitations, with the towns and outlets they name."""
    spans = findings.pace.occupation_spans(data.chronology, data.places)
    open_end = list(spans.loc[spans["status"] == "open-end", "place"])
    never = (
        f" {_word(len(open_end)).capitalize()} town{'s' if len(open_end) != 1 else ''} whose seizure the corpus "
        f"dates {'have' if len(open_end) != 1 else 'has'} no recapture in it ({', '.join(open_end)}): the maps "
        'show them held only on the days dated evidence shows, then unknown ("last reported held on" that day), '
        "never held to the end on the strength of silence."
        if open_end
        else ""
    )
    status = data.sources["outlet_status"]
    inferred = list(data.sources.loc[status == "inferred", "outlet"])
    matched = list(data.sources.loc[status == "matched", "outlet"])
    outlets = []
    if inferred:
        outlets.append(
            f"{_word(len(inferred)).capitalize()} outlet{' is' if len(inferred) == 1 else 's are'} inferred from "
            f"house style ({', '.join(inferred)})"
        )
    if matched:
        outlets.append(
            f"{', '.join(matched)} {'is' if len(matched) == 1 else 'are'} matched by an identical text published elsewhere"
        )
    outlet_line = f"- {'; '.join(outlets)} (see `data/sources.csv`)." if outlets else ""
    lines = [
        "- Most events still rest on one source, many on Wikipedia alone, and the corpus does not say when IS "
        f"seized many of the towns it later lost (those spans are shown open-ended).{never}",
        "- The cited tier keeps no text: a cited claim is checked against its page through the date expression, "
        "place and actor as written and a locator. Agreement counts newsrooms, not pages: copies of one wire "
        "story count once, Wikipedia never counts, and an undated statement never confirms a date.",
        outlet_line,
        '- The Reuters publication date is an inferred window, not a dateline; relative dates in it ("last '
        'week", "earlier this month") inherit that uncertainty.',
        f"- Undated statements are bounded only by publication and by {STUDY_START.isoformat()}.",
        "- Places are points at town centres; the fighting was not.",
    ]
    return "\n".join(line for line in lines if line)


#: The blocks this module writes, by name (registered in :data:`analysis.metadata.README_BLOCKS`).
def coverage_block(data: Dataset) -> str:
    """How much of the campaign the corpus covers (:mod:`analysis.coverage`), as ``check`` prints it."""
    from analysis.coverage import coverage, place_sides
    from analysis.vocabulary import TOWN_KINDS

    c = coverage(data)
    sides = place_sides(data)
    sites = sides[sides["seizure_dated"] & sides["recapture_dated"] & ~sides["kind"].isin(TOWN_KINDS)]
    site_words = ", ".join(f"{r['place']} ({r['kind']})" for _, r in sites.iterrows()) or "none"

    def pct(n: int) -> str:
        return f"{n} of {c.events} events ({100 * n / c.events:.0f}%)" if c.events else "none"

    return "\n".join(
        [
            f"- **{c.places_both} places** have both a dated seizure and a dated recapture ({c.towns_both} of the "
            f"{c.towns} towns with either; the other places are sites: {site_words}); "
            f"{c.places_seizure_only} have only the seizure dated, {c.places_recapture_only} only the recapture.",
            f"- {pct(c.two_or_more)} are dated by two or more independent sources (newsrooms; Wikipedia never "
            f"counts); {pct(c.by_independent['1'])} by one; {pct(c.by_independent['0'])} by none that dates them "
            "independently.",
            f"- {pct(c.wikipedia_alone)} are dated by Wikipedia alone.",
            f"- Of the {c.facts} compiled facts, {c.facts_used} are claims and {c.facts - c.facts_used} are left "
            "out, each with its reason (`data/excluded_facts.csv`; `.venv/bin/python -m analysis check` lists them).",
        ]
    )


BLOCKS = {
    "findings": findings_block,
    "coverage": coverage_block,
    "figures": figures_block,
    "limitations": limitations_block,
}
