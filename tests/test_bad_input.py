"""Bad input: each fault, injected into a copy of data/, is reported with file, line and column
by ``python -m analysis check`` and by the loaders, and the repository's data is untouched.

Expected line numbers are found here by searching the damaged file's text, not by the code
under test. The faults include hostile input (paths out of data/, oversize files and cells,
control and bidi characters, look-alike names, formula-like cells) and strict formats; the
tests after the list check what is printed (escaped, one line per problem, ASCII terminals)
and that each message names the real cause. The run's summary ("trust at the edges", from
tests/conftest.py) counts the cases that passed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import analysis
from analysis.__main__ import main
from analysis.paths import DATA, ROOT
from analysis.sources import MAX_ARTICLE_BYTES
from analysis.validation import DataError


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a file's raw text."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return text[: text.index(needle)].count("\n") + 1


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@dataclass
class Fault:
    name: str
    damage: Callable[[Path], None]
    file: str  # file name the problem must name
    needle: str | None  # text on the faulty line after damage (None: use `line`)
    column: str
    fragment: str
    line: int = 0


def _claims(d: Path) -> Path:
    return d / "claims.csv"


def _places(d: Path) -> Path:
    return d / "places.csv"


def _sources(d: Path) -> Path:
    return d / "sources.csv"


def _append(path: Path, row: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(row)


def _swap_tikrit_events(d: Path) -> None:
    replace_in(
        _claims(d),
        "afp-tikrit-seized,afp-timeline,tikrit,seized,",
        "afp-tikrit-seized,afp-timeline,tikrit,retaken,",
    )
    replace_in(
        _claims(d),
        "afp-tikrit-retaken,afp-timeline,tikrit,retaken,",
        "afp-tikrit-retaken,afp-timeline,tikrit,seized,",
    )


def _tamper_article(d: Path) -> None:
    article = next((d / "raw" / "articles").glob("002_*.txt"))
    article.write_bytes(article.read_bytes().replace(b"November 17", b"November 18"))


def _remove_article(d: Path) -> None:
    next((d / "raw" / "articles").glob("000_*.txt")).unlink()


def _bom(d: Path) -> None:
    _places(d).write_bytes(b"\xef\xbb\xbf" + _places(d).read_bytes())


def _crlf(d: Path) -> None:
    _places(d).write_bytes(_places(d).read_bytes().replace(b"\n", b"\r\n"))


def _latin1(d: Path) -> None:
    replace_in(_claims(d), "declares victory in Mosul", "declares victory in Mos\x00ul")
    _claims(d).write_bytes(_claims(d).read_bytes().replace(b"\x00", b"\xe9"))


def _symlink_out(d: Path) -> None:
    (d / "raw" / "articles" / "outside.txt").symlink_to("/etc/hostname")
    replace_in(_sources(d), "000_58cdcb6888a59ea3.txt", "outside.txt")


def _linked_out(d: Path, name: str) -> None:
    """``d/name`` replaced by a link to a copy of it outside the data folder (or to an empty folder)."""
    path, outside = d / name, d.parent / f"outside-{name.replace('/', '-')}"
    if path.exists():
        path.rename(outside)
    elif path.suffix:
        path.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("fact_id\n", encoding="utf-8")
    else:
        outside.mkdir()
    path.symlink_to(outside)


def _oversize_article(d: Path) -> None:
    (d / "raw" / "articles" / "big.txt").write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    replace_in(_sources(d), "000_58cdcb6888a59ea3.txt", "big.txt")


def _article_is_a_folder(d: Path) -> None:
    (d / "raw" / "articles" / "folder.txt").mkdir()
    replace_in(_sources(d), "000_58cdcb6888a59ea3.txt", "folder.txt")


def _duplicate_column(path: Path, column: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(column, f"{column},{column}", 1)
    for i, line in enumerate(lines[1:], start=1):
        if line:
            lines[i] = line + ",x"
    path.write_text("\n".join(lines), encoding="utf-8")


FAULTS = [
    # claims.csv: references and vocabulary
    Fault(
        "unknown source",
        lambda d: replace_in(
            _claims(d), "afp-kobane-retaken,afp-timeline,", "afp-kobane-retaken,afp-timelines,"
        ),
        "claims.csv",
        "afp-kobane-retaken,",
        "source_id",
        "unknown source 'afp-timelines'",
    ),
    Fault(
        "unknown place",
        lambda d: replace_in(
            _claims(d), "afp-sinjar-retaken,afp-timeline,sinjar,", "afp-sinjar-retaken,afp-timeline,sinjaar,"
        ),
        "claims.csv",
        "afp-sinjar-retaken,",
        "place_id",
        "unknown place 'sinjaar'",
    ),
    Fault(
        "unknown event",
        lambda d: replace_in(
            _claims(d),
            "afp-hawija-retaken,afp-timeline,hawija,retaken,",
            "afp-hawija-retaken,afp-timeline,hawija,liberated,",
        ),
        "claims.csv",
        "afp-hawija-retaken,",
        "event",
        "unknown value 'liberated'",
    ),
    Fault(
        "unknown actor family",
        lambda d: replace_in(
            _claims(d), "Iraqi Kurdish forces,kurdish-iraq,", "Iraqi Kurdish forces,peshmerga,"
        ),
        "claims.csv",
        "afp-sinjar-retaken,",
        "actor_family",
        "unknown value 'peshmerga'",
    ),
    Fault(
        "episode not a number",
        lambda d: replace_in(
            _claims(d),
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,1,",
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,first,",
        ),
        "claims.csv",
        "afp-ramadi-retaken,",
        "episode",
        "'first' is not a whole number",
    ),
    Fault(
        "duplicate claim id",
        lambda d: replace_in(_claims(d), "afp-qayyarah-retaken,", "afp-ramadi-retaken,"),
        "claims.csv",
        "QAYYARAH:",
        "claim_id",
        "duplicate id 'afp-ramadi-retaken'",
    ),
    Fault(
        "unknown anchor",
        lambda d: replace_in(
            _claims(d),
            "later the same month,afp-deir-ezzor-retaken,",
            "later the same month,afp-deir-ezor-retaken,",
        ),
        "claims.csv",
        "afp-albu-kamal-retaken,",
        "date_anchor",
        "unknown claim 'afp-deir-ezor-retaken'",
    ),
    Fault(
        "anchor in another source",
        lambda d: replace_in(
            _claims(d),
            "later the same month,afp-deir-ezzor-retaken,",
            "later the same month,reuters-rawa-captured,",
        ),
        "claims.csv",
        "afp-albu-kamal-retaken,",
        "date_anchor",
        "in another source",
    ),
    # claims.csv: evidence
    Fault(
        "quote not in source",
        lambda d: replace_in(
            _claims(d), "SINJAR: Iraqi Kurdish forces backed", "SINJAR: Iraqi Kurdish fighters backed"
        ),
        "claims.csv",
        "afp-sinjar-retaken,",
        "quote",
        "not found verbatim in source 'afp-timeline'",
    ),
    Fault(
        "quote differs in case",
        lambda d: replace_in(
            _claims(d), "iraqi forces on friday captured", "Iraqi forces on Friday captured"
        ),
        "claims.csv",
        "reuters-rawa-captured,",
        "quote",
        "differs only in case",
    ),
    Fault(
        "date text not in quote",
        lambda d: replace_in(_claims(d), ",in August 2016,,", ",in September 2016,,"),
        "claims.csv",
        "afp-qayyarah-retaken,",
        "date_text",
        "'in September 2016' does not appear in the quote",
    ),
    Fault(
        "place not named in quote",
        lambda d: replace_in(
            _claims(d),
            "afp-qayyarah-retaken,afp-timeline,qayyarah,",
            "afp-qayyarah-retaken,afp-timeline,mosul,",
        ),
        "claims.csv",
        "afp-qayyarah-retaken,",
        "quote",
        "does not name place 'mosul'",
    ),
    Fault(
        "actor not in quote",
        lambda d: replace_in(_claims(d), "Iraqi Kurdish forces,kurdish-iraq,", "Peshmerga,kurdish-iraq,"),
        "claims.csv",
        "afp-sinjar-retaken,",
        "actor",
        "'Peshmerga' does not appear in the quote",
    ),
    # claims.csv: dates
    Fault(
        "unresolvable date",
        lambda d: replace_in(
            _claims(d),
            "US-backed Kurdish forces,kurdish-syria,,in January 2015,",
            "US-backed Kurdish forces,kurdish-syria,,early symbol,",
        ),
        "claims.csv",
        "afp-kobane-retaken,",
        "date_text",
        "early symbol",
    ),
    Fault(
        "impossible date",
        lambda d: _claims(d).write_text(
            _claims(d).read_text(encoding="utf-8").replace("October 14, 2017", "October 32, 2017"),
            encoding="utf-8",
        ),
        "claims.csv",
        "afp-al-mayadin-retaken,",
        "date_text",
        "October 32, 2017",
    ),
    Fault(
        "date after publication",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",2017-11-20,day,"),
        "claims.csv",
        "afp-desert-offensive,",
        "date_text",
        "after",
    ),
    Fault(
        "retaken before seized",
        _swap_tikrit_events,
        "claims.csv",
        "afp-tikrit-seized,",
        "date_text",
        "before it was seized",
    ),
    # places.csv
    Fault(
        "coordinates outside the region",
        lambda d: replace_in(_places(d), "town,34.467,41.917,", "town,51.467,41.917,"),
        "places.csv",
        "rawa,Rawa,",
        "lat",
        "outside the Iraq/Syria region",
    ),
    Fault(
        "swapped coordinates",
        lambda d: replace_in(_places(d), "city,36.340,43.130,", "city,43.130,36.340,"),
        "places.csv",
        "mosul,Mosul,",
        "lat",
        "look swapped",
    ),
    Fault(
        "NaN coordinate",
        lambda d: replace_in(_places(d), "town,36.321,41.875,", "town,NaN,41.875,"),
        "places.csv",
        "sinjar,Sinjar,",
        "lat",
        "not a finite number",
    ),
    Fault(
        "coordinate not a number",
        lambda d: replace_in(_places(d), "town,36.321,41.875,", "town,36°19',41.875,"),
        "places.csv",
        "sinjar,Sinjar,",
        "lat",
        "not a number",
    ),
    Fault(
        "duplicate place id",
        lambda d: replace_in(_places(d), "hawija,Hawija,", "tikrit,Hawija,"),
        "places.csv",
        "tikrit,Hawija,",
        "place_id",
        "duplicate id 'tikrit'",
    ),
    Fault(
        "unknown country",
        lambda d: replace_in(_places(d), "Raqqa|Raqa,SYR,", "Raqqa|Raqa,SY,"),
        "places.csv",
        "raqqa,Raqqa,",
        "country",
        "unknown country code 'SY'",
    ),
    # sources.csv and articles
    Fault(
        "tampered article",
        _tamper_article,
        "sources.csv",
        "afp-timeline,",
        "sha256",
        "raw article was changed",
    ),
    Fault("missing article", _remove_article, "sources.csv", "itv-rawa,", "original_file", "not found"),
    Fault(
        "impossible publication date",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",2017-12-32,day,"),
        "sources.csv",
        "afp-timeline,",
        "published",
        "'2017-12-32' is not a valid publication date",
    ),
    Fault(
        "reversed publication window",
        lambda d: replace_in(_sources(d), ",2017-11-17/2017-11-23,", ",2017-11-23/2017-11-17,"),
        "sources.csv",
        "reuters-rawa,",
        "published",
        "reversed window",
    ),
    Fault(
        "duplicate source id",
        lambda d: replace_in(_sources(d), "reuters-rawa,Reuters,", "itv-rawa,Reuters,"),
        "sources.csv",
        "itv-rawa,Reuters,",
        "source_id",
        "duplicate id 'itv-rawa'",
    ),
    # file-level faults
    Fault(
        "missing column",
        lambda d: replace_in(_places(d), "place_id,name,aliases,", "place_id,name,"),
        "places.csv",
        None,
        "aliases",
        "missing column",
        line=1,
    ),
    Fault(
        "extra column",
        lambda d: replace_in(_claims(d), ",locator\n", ",locator,verified\n"),
        "claims.csv",
        None,
        "verified",
        "unexpected column",
        line=1,
    ),
    Fault(
        "empty file",
        lambda d: _claims(d).write_text("", encoding="utf-8"),
        "claims.csv",
        None,
        "-",
        "empty file",
        line=1,
    ),
    Fault(
        "wrong number of fields",
        lambda d: _append(_claims(d), "extra-claim,afp-timeline,mosul\n"),
        "claims.csv",
        "extra-claim,",
        "-",
        "3 fields, expected 16",
    ),
    Fault(
        "unterminated quote",
        lambda d: _append(_claims(d), 'bad,afp-timeline,mosul,retaken,1,,unknown,,,,"Mosul,\n'),
        "claims.csv",
        "bad,afp-timeline",
        "-",
        "malformed CSV",
    ),
    # containment of article files (issue 13)
    Fault(
        "article path climbs out of data/",
        lambda d: replace_in(_sources(d), "000_58cdcb6888a59ea3.txt", "../../../../../../etc/passwd"),
        "sources.csv",
        "itv-rawa,",
        "original_file",
        "outside the data folder's raw/ tree",
    ),
    Fault(
        "absolute article path",
        lambda d: replace_in(_sources(d), "000_58cdcb6888a59ea3.txt", "/etc/passwd"),
        "sources.csv",
        "itv-rawa,",
        "original_file",
        "outside the data folder's raw/ tree",
    ),
    Fault(
        "article symlink pointing out of data/",
        _symlink_out,
        "sources.csv",
        "itv-rawa,",
        "original_file",
        "outside the data folder's raw/ tree",
    ),
    Fault(
        "claims.csv a link out of the data folder",
        lambda d: _linked_out(d, "claims.csv"),
        "claims.csv",
        None,
        "-",
        "outside",
    ),
    Fault(
        "raw/ a link out of the data folder",
        lambda d: _linked_out(d, "raw"),
        "raw",
        None,
        "-",
        "links out of the folder are refused",
    ),
    Fault(
        "raw/cited/facts.csv a link out of the data folder",
        lambda d: _linked_out(d, "raw/cited/facts.csv"),
        "raw/cited/facts.csv",
        None,
        "-",
        "links out of the folder are refused",
    ),
    Fault(
        "processed/ a link out of the data folder",
        lambda d: _linked_out(d, "processed"),
        "processed",
        None,
        "-",
        "links out of the folder are refused",
    ),
    Fault(
        "'|' in a place id (joins ids in the chronology)",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "ra|wa,Rawa,"),
        "places.csv",
        "ra|wa,",
        "place_id",
        "may hold only ASCII letters, digits",
    ),
    Fault(
        "a path as a claim id",
        lambda d: replace_in(_claims(d), "afp-caliphate,", "../../afp-caliphate,"),
        "claims.csv",
        "../../afp-caliphate,",
        "claim_id",
        "may hold only ASCII letters, digits",
    ),
    Fault(
        "an absolute path as a source id",
        lambda d: replace_in(_sources(d), "itv-rawa,", "/tmp/itv-rawa,"),
        "sources.csv",
        "/tmp/itv-rawa,",
        "source_id",
        "may hold only ASCII letters, digits",
    ),
    Fault(
        "'|' in a source id (the export splits source_ids on it)",
        lambda d: replace_in(_sources(d), "itv-rawa,", "itv|rawa,"),
        "sources.csv",
        "itv|rawa,",
        "source_id",
        "may hold only ASCII letters, digits",
    ),
    Fault(
        "Arabic-Indic digits in km2",
        lambda d: replace_in(d / "area_estimates.csv", "2014-08-28,31080,", "2014-08-28,٣١٠٨٠,"),
        "area_estimates.csv",
        "press-2014-06-01,",
        "km2",
        "not a positive whole number of km² in ASCII digits",
    ),
    Fault(
        "Arabic-Indic digits in an as_of date",
        lambda d: replace_in(
            d / "area_estimates.csv", "press-2014-06-01,2014-06-01/", "press-2014-06-01,٢٠١٤-06-01/"
        ),
        "area_estimates.csv",
        "press-2014-06-01,",
        "as_of",
        "is not YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    Fault(
        "an as_of in the year 2300",
        lambda d: replace_in(
            d / "area_estimates.csv",
            "press-2014-06-01,2014-06-01/2014-08-28,",
            "press-2014-06-01,2300-06-01,",
        ),
        "area_estimates.csv",
        "press-2014-06-01,",
        "as_of",
        "outside 2013-01-01 to 2030-12-31",
    ),
    Fault(
        "a soft hyphen hides a look-alike of another place",
        lambda d: replace_in(_places(d), "al-qaim,Al-Qaim,Al-Qaim,", "al-qaim,Al-Qaim,Al-Qaim|Ra\u00adwa,"),
        "places.csv",
        "al-qaim,Al-Qaim,",
        "aliases",
        "looks like 'rawa' of place 'rawa'",
    ),
    Fault(
        "a zero-width joiner inside a name",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "rawa,Ra\u200dwa,"),
        "places.csv",
        "rawa,Ra",
        "name",
        "invisible character (U+200D ZERO WIDTH JOINER)",
    ),
    Fault(
        "an Armenian letter in a look-alike of Mosul",
        lambda d: replace_in(_places(d), "al-qaim,Al-Qaim,Al-Qaim,", "al-qaim,Al-Qaim,Al-Qaim|M\u0585sul,"),
        "places.csv",
        "al-qaim,Al-Qaim,",
        "aliases",
        "mixes Latin with Cyrillic, Greek or Armenian letters",
    ),
    Fault(
        "article larger than the limit",
        _oversize_article,
        "sources.csv",
        "itv-rawa,",
        "original_file",
        f"the limit is {MAX_ARTICLE_BYTES:,}",
    ),
    Fault(
        "article path is a folder",
        _article_is_a_folder,
        "sources.csv",
        "itv-rawa,",
        "original_file",
        "is a folder, expected a file",
    ),
    Fault(
        "two manifest rows name one article file",
        lambda d: replace_in(_sources(d), "001_105e1d0498ccfcde.txt", "000_58cdcb6888a59ea3.txt"),
        "sources.csv",
        "reuters-rawa,",
        "original_file",
        "names the same article file as line 2",
    ),
    # strict formats (issue 13)
    Fault(
        "publication date without hyphens",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",20171209,day,"),
        "sources.csv",
        "afp-timeline,",
        "published",
        "write YYYY-MM-DD",
    ),
    Fault(
        "publication date as ISO week",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",2017-W49-6,day,"),
        "sources.csv",
        "afp-timeline,",
        "published",
        "write YYYY-MM-DD",
    ),
    Fault(
        "publication year 2300",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",2300-12-09,day,"),
        "sources.csv",
        "afp-timeline,",
        "published",
        "must lie in 2013-01-01..2030-12-31",
    ),
    Fault(
        "publication date 9999-12-31",
        lambda d: replace_in(_sources(d), ",2017-12-09,day,", ",9999-12-31,day,"),
        "sources.csv",
        "afp-timeline,",
        "published",
        "must lie in 2013-01-01..2030-12-31",
    ),
    Fault(
        "publication window longer than a year",
        lambda d: replace_in(_sources(d), ",2017-11-17/2017-11-23,", ",2015-11-17/2017-11-23,"),
        "sources.csv",
        "reuters-rawa,",
        "published",
        "the window is 738 days long",  # 2015-11-17..2017-11-17 is 731 days (2016 is a leap year), + 7
    ),
    Fault(
        "Arabic-Indic digits in a latitude",
        lambda d: replace_in(_places(d), "town,36.321,41.875,", "town,\u0663\u0666.321,41.875,"),
        "places.csv",
        "sinjar,Sinjar,",
        "lat",
        "ASCII digits",
    ),
    Fault(
        "underscore in a latitude",
        lambda d: replace_in(_places(d), "town,36.321,41.875,", "town,3_6.321,41.875,"),
        "places.csv",
        "sinjar,Sinjar,",
        "lat",
        "ASCII digits",
    ),
    Fault(
        "episode beyond int64",
        lambda d: replace_in(
            _claims(d),
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,1,",
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,9223372036854775808,",
        ),
        "claims.csv",
        "afp-ramadi-retaken,",
        "episode",
        "is not a whole number from 1 to 20",
    ),
    Fault(
        "episode above the bound",
        lambda d: replace_in(
            _claims(d),
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,1,",
            "afp-ramadi-retaken,afp-timeline,ramadi,retaken,21,",
        ),
        "claims.csv",
        "afp-ramadi-retaken,",
        "episode",
        "is not a whole number from 1 to 20",
    ),
    Fault(
        "countries out of canonical order",
        lambda d: replace_in(_places(d), "Raqqa|Raqa,SYR,", "Raqqa|Raqa,SYR|IRQ,"),
        "places.csv",
        "raqqa,Raqqa,",
        "country",
        "in the order IRQ|SYR: 'IRQ|SYR'",
    ),
    Fault(
        "country repeated",
        lambda d: replace_in(_places(d), "Raqqa|Raqa,SYR,", "Raqqa|Raqa,SYR|SYR,"),
        "places.csv",
        "raqqa,Raqqa,",
        "country",
        "write each country once",
    ),
    Fault(
        "confusable duplicate place name (Cyrillic o)",
        lambda d: _append(_places(d), "mosul-2,M\u043esul,,IRQ,Nineveh,city,36.340,43.130,copied\n"),
        "places.csv",
        "mosul-2,",
        "name",
        "looks like 'mosul' of place 'mosul'",
    ),
    Fault(
        "mixed-script place name",
        lambda d: _append(_places(d), "mosul-2,M\u043esul,,IRQ,Nineveh,city,36.340,43.130,copied\n"),
        "places.csv",
        "mosul-2,",
        "name",
        "mixes Latin with Cyrillic, Greek or Armenian letters",
    ),
    Fault(
        "right-to-left override in a name",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "rawa,Ra\u202ewa,"),
        "places.csv",
        "rawa,Ra",
        "-",
        "forbidden character U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    Fault(
        "escape character in a cell",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "rawa,\x1b]0;owned\x07Rawa,"),
        "places.csv",
        "rawa,",
        "-",
        "forbidden character U+001B",
    ),
    Fault(
        "name not in NFC form",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "rawa,Rawa\u0301,"),
        "places.csv",
        "rawa,Rawa",
        "-",
        "not in Unicode NFC form",
    ),
    Fault(
        "100,000-character place name",
        lambda d: replace_in(_places(d), "rawa,Rawa,", "rawa," + "R" * 100_000 + ","),
        "places.csv",
        "rawa,RRR",
        "name",
        "cell is 100,000 characters long; the limit is 60",
    ),
    Fault(
        "1 MB quote cell",
        lambda d: replace_in(
            _claims(d), "declares victory in Mosul", "declares victory in Mosul" + "x" * 1_000_000
        ),
        "claims.csv",
        "afp-mosul-retaken,",
        "quote",
        "the limit is 2,000",
    ),
    Fault(
        "NUL byte in a quote",
        lambda d: replace_in(_claims(d), "declares victory in Mosul", "declares victory in Mo\x00sul"),
        "claims.csv",
        "Mo\x00sul",
        "-",
        "NUL byte",
    ),
    Fault(
        "duplicated column in sources.csv",
        lambda d: _duplicate_column(_sources(d), "rights"),
        "sources.csv",
        None,
        "rights",
        "duplicated column",
        line=1,
    ),
    Fault(
        "duplicated column in places.csv",
        lambda d: _duplicate_column(_places(d), "coord_source"),
        "places.csv",
        None,
        "coord_source",
        "duplicated column",
        line=1,
    ),
    Fault(
        "claims.csv is a folder",
        lambda d: (_claims(d).unlink(), _claims(d).mkdir()),
        "claims.csv",
        None,
        "-",
        "is a folder, expected a file",
        line=0,
    ),
    Fault("byte-order mark", _bom, "places.csv", None, "-", "byte-order mark", line=1),
    Fault("CRLF line ends", _crlf, "places.csv", None, "-", "carriage return", line=1),
    Fault("non-UTF-8 bytes", _latin1, "claims.csv", "Mos\ufffdul", "-", "not valid UTF-8"),
]


def _expected_line(fault: Fault, data_dir: Path) -> int:
    if fault.needle is None:
        return fault.line
    return line_of(data_dir / fault.file, fault.needle)


@pytest.fixture(scope="module")
def repo_data_digest() -> str:
    return _digest(DATA)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def test_there_are_at_least_60_distinct_faults():
    assert len({f.name for f in FAULTS}) == len(FAULTS) >= 60


def _fault_params(faults: list[Fault]) -> list:
    """Every fault; all but the first of each file are marked ``slow`` (each case validates the
    corpus twice, about 0.15 s): `make test-fast` checks one fault per file, `make test` all of them."""
    seen: set[str] = set()
    params = []
    for fault in faults:
        marks = [pytest.mark.slow] if fault.file in seen else []
        seen.add(fault.file)
        params.append(pytest.param(fault, id=fault.name, marks=marks))
    return params


@pytest.mark.parametrize("fault", _fault_params(FAULTS))
def test_check_names_file_line_and_column(fault, data_copy, capsys, repo_data_digest):
    fault.damage(data_copy)
    expected_line = _expected_line(fault, data_copy)
    status = main(["check", "--data", str(data_copy)])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    prefix = f"{data_copy / fault.file}:"
    matches = [line for line in out if line.startswith(prefix) and fault.fragment in line]
    assert matches, f"no problem naming {fault.file} with {fault.fragment!r} in:\n" + "\n".join(out)
    if fault.line != 0 or fault.needle is not None:
        assert any(
            m.startswith(f"{data_copy / fault.file}:{expected_line}: {fault.column}: ") for m in matches
        ), matches
    with pytest.raises(DataError) as err:
        analysis.load(data_copy)
    assert fault.fragment in str(err.value)
    assert _digest(DATA) == repo_data_digest  # the repository's data is untouched


@pytest.mark.slow  # a subprocess importing the package
def test_clean_data_passes_the_cli_as_a_user_runs_it(live):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check", "--data", str(live.data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    first, _, rest = result.stdout.partition("\n")
    assert rest.startswith("coverage:\n")  # then the coverage report (tests/test_coverage.py)
    summary = re.fullmatch(
        r"ok: (\d+) claims \((\d+) quoted, (\d+) cited\) from (\d+) sources \((\d+) quoted, (\d+) cited\) "
        r"about \d+ places -> (\d+) events \((\d+) quoted only, (\d+) cited only, (\d+) both tiers\), "
        r"\d+ conflict\(s\) among \d+ event milestones; (\d+) area estimates",
        first,
    )
    assert summary, result.stdout
    n = [int(g) for g in summary.groups()]
    assert n[0] == n[1] + n[2] and n[3] == n[4] + n[5] and n[6] == n[7] + n[8] + n[9]  # counts by tier add up
    assert (n[0], n[3], n[6], n[10]) == (
        len(live.claims),
        len(live.sources),
        len(live.chronology),
        len(live.area_estimates),
    )


@pytest.mark.slow  # a subprocess importing the package
def test_cli_reports_a_fault_with_exit_status_1(data_copy):
    replace_in(_claims(data_copy), "afp-kobane-retaken,afp-timeline,", "afp-kobane-retaken,afp-timelines,")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check", "--data", str(data_copy)],
        cwd=data_copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = line_of(_claims(data_copy), "afp-kobane-retaken,")
    assert f"claims.csv:{line}: source_id: unknown source 'afp-timelines'" in result.stdout


def test_no_claim_is_dropped_when_another_row_is_bad(data_copy):
    """A bad row rejects the table with an error; it is never silently skipped."""
    replace_in(
        _claims(data_copy),
        "afp-sinjar-retaken,afp-timeline,sinjar,",
        "afp-sinjar-retaken,afp-timeline,sinjaar,",
    )
    with pytest.raises(DataError) as err:
        analysis.load(data_copy)
    assert len(err.value.problems) == 1


def test_a_header_cell_cannot_forge_lines_or_drive_the_terminal(data_copy, capsys):
    """A newline or escape codes in an echoed value are printed as escapes: one problem, one line."""
    replace_in(_claims(data_copy), ",locator\n", ',"locator\nFAKE.csv:1: x: all good\x1b]0;title\x07"\n')
    assert main(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert not any(line.startswith("FAKE.csv") for line in out.splitlines())
    assert all(line.startswith(str(data_copy)) for line in out.splitlines())
    assert "\\nFAKE.csv:1: x: all good\\x1b" in out


@pytest.mark.slow  # a subprocess importing the package
def test_an_ascii_only_terminal_gets_every_problem_escaped(data_copy):
    _append(_places(data_copy), "mosul-2,M\u043esul,,IRQ,Nineveh,city,36.340,43.130,copied\n")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check", "--data", str(data_copy)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"'M\\u043esul' mixes Latin with Cyrillic" in result.stdout
    assert result.stdout.count(b"\n") == 2  # the two problems of that row, one line each


def test_a_missing_sources_csv_is_one_problem_without_anchor_noise(data_copy, capsys):
    _sources(data_copy).unlink()
    assert main(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{_sources(data_copy)}:0: -: file not found"]


def test_a_too_long_publication_window_blames_sources_csv_only(data_copy, capsys):
    replace_in(_sources(data_copy), ",2017-11-17/2017-11-23,", ",2015-11-17/2017-11-23,")
    assert main(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = line_of(_sources(data_copy), "reuters-rawa,")
    assert out == [
        f"{_sources(data_copy)}:{line}: published: '2015-11-17/2017-11-23' is not a valid publication date or "
        "window: the window is 738 days long; at most 366 are allowed, or claims cannot be dated from it"
    ]


def test_a_nul_byte_is_not_reported_as_a_missing_quote(data_copy, capsys):
    replace_in(_claims(data_copy), "declares victory in Mosul", "declares victory in Mo\x00sul")
    assert main(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "NUL byte" in out and "not found verbatim" not in out
