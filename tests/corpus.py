"""Write small, valid, invented data folders for contract tests (own sentences, no source text).

A corpus is a list of :class:`Town` specs; each episode of IS control is a seizure day and
an optional recapture day, strictly after it. Every claim quotes a sentence of an invented
article published on :data:`PUBLISHED`, and dates it with ``Month D, YYYY`` inside the quote.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.area import COLUMNS as AREA_COLUMNS
from analysis.claims import COLUMNS as CLAIM_COLUMNS
from analysis.places import COLUMNS as PLACE_COLUMNS
from analysis.sources import COLUMNS as SOURCE_COLUMNS

PUBLISHED = date(2017, 12, 9)
# one invented area estimate (every data folder has an area table)
AREA_ROW = ["test-2016-01", "2016-01", "1000", "1,000", "km2", "Invented", "ihs", "test corpus", "iraq-syria",
            "test", "normal", "https://example.org/area", ""]  # fmt: skip


@dataclass
class Town:
    name: str
    country: str = "IRQ"
    kind: str = "town"
    lat: str = "34.000"
    lon: str = "42.000"
    episodes: list[tuple[date, date | None]] = field(default_factory=list)


def _sentence(name: str, event: str, day: date) -> tuple[str, str]:
    date_text = f"{day:%B} {day.day}, {day.year}"
    verb = "fell to the militants" if event == "seized" else "was freed by government troops"
    return f"On {date_text} the place called {name} {verb}.", date_text


def write_corpus(folder: Path, towns: list[Town], n_sources: int = 1) -> Path:
    """Write sources.csv, places.csv, claims.csv, the articles and one invented area estimate into ``folder``."""
    (folder / "raw" / "articles").mkdir(parents=True, exist_ok=True)
    sentences: dict[int, list[str]] = {s: [] for s in range(n_sources)}
    claims = []
    for t, town in enumerate(towns):
        for episode, (seized, retaken) in enumerate(town.episodes, start=1):
            for event, day in (("seized", seized), ("retaken", retaken)):
                if day is None:
                    continue
                source = len(claims) % n_sources
                quote, date_text = _sentence(town.name, event, day)
                sentences[source].append(quote)
                family = "islamic-state" if event == "seized" else "unknown"
                claims.append([f"c{len(claims)}", f"s{source}", f"p{t}", event, str(episode), "", family, "",
                               date_text, "", quote, "", "control", "", "", ""])  # fmt: skip
    _write(folder / "claims.csv", CLAIM_COLUMNS, claims)
    _write(
        folder / "places.csv",
        PLACE_COLUMNS,
        [[f"p{t}", town.name, "", town.country, "", town.kind, town.lat, town.lon, "invented"]
         for t, town in enumerate(towns)],
    )  # fmt: skip
    sources = []
    for s, lines in sentences.items():
        body = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / "raw" / "articles" / f"s{s}.txt").write_bytes(body)
        sources.append([f"s{s}", "Invented", "stated", "test corpus", f"Article {s}", PUBLISHED.isoformat(), "day",
                        "test corpus", f"s{s}.txt", hashlib.sha256(body).hexdigest(), "", "test",
                        "quoted", "news", "", "test", ""])  # fmt: skip
    _write(folder / "sources.csv", SOURCE_COLUMNS, sources)
    _write(folder / "area_estimates.csv", AREA_COLUMNS, [AREA_ROW])
    return folder


def _write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
