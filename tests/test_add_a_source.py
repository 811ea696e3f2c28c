"""Adding a source never requires editing a test.

On a copy of the repository's data and README.md, add a fourth article (a short text written
for this test) with two claims exactly as data/README.md describes, rebuild the figures into
the copy and rewrite its README's generated blocks (what ``make figures`` does for the
repository's README: :mod:`analysis.metadata`), then run
every test of the live data (those using the ``live`` or ``live_build`` fixtures, README checks
included) on the copy in a nested pytest: no hand edit anywhere.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import figures, metadata
from analysis.paths import DATA, ROOT

pytestmark = pytest.mark.slow

ARTICLE = (
    "Test Wire: a short report written for the test suite\n"
    "The town of Tikrit was retaken in March 2015 by Iraqi forces, officials said.\n"
    "In October 2017 the Syrian Democratic Forces took Raqqa after months of fighting.\n"
)
CLAIMS = [
    {
        "claim_id": "testwire-tikrit-retaken",
        "place_id": "tikrit",
        "event": "retaken",
        "actor": "Iraqi forces",
        "actor_family": "iraqi-government",
        "date_text": "in March 2015",
        "quote": "The town of Tikrit was retaken in March 2015 by Iraqi forces",
    },
    {
        "claim_id": "testwire-raqqa-retaken",
        "place_id": "raqqa",
        "event": "retaken",
        "actor": "the Syrian Democratic Forces",
        "actor_family": "sdf",
        "date_text": "In October 2017",
        "quote": "In October 2017 the Syrian Democratic Forces took Raqqa",
    },
]


def _append(path: Path, row: dict[str, str]) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow([row.get(column, "") for column in header])


def add_source(data_dir: Path) -> None:
    """The article, its manifest row and its two claims, as data/README.md says to add them."""
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    name = f"003_{digest[:16]}.txt"
    (data_dir / "raw" / "articles" / name).write_bytes(ARTICLE.encode("utf-8"))
    _append(
        data_dir / "sources.csv",
        {
            "source_id": "test-wire",
            "outlet": "Test Wire",
            "outlet_status": "stated",
            "outlet_basis": "Stated in the first line of the text.",
            "title": "A short report written for the test suite",
            "published": "2017-12-15",
            "published_precision": "day",
            "published_basis": "Written for the test with this date.",
            "original_file": name,
            "sha256": digest,
            "text_form": "Plain text, one sentence per line.",
            "rights": "Written for the test suite; no rights reserved.",
            "tier": "quoted",
            "source_group": "news",
            "licence": "none: written for the test suite",
        },
    )
    for claim in CLAIMS:
        _append(
            data_dir / "claims.csv",
            {"source_id": "test-wire", "episode": "1", "milestone": "control", **claim},
        )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """A project folder (data/ with the new source, figures/ rebuilt from it)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA, root / "data", ignore=shutil.ignore_patterns("external"))
    shutil.copy(ROOT / "README.md", root / "README.md")
    add_source(root / "data")
    figures.build_all(data_dir=root / "data", figures_dir=root / "figures")
    # what the build does to the repository's README (analysis.metadata), done to the copy's
    readme = root / "README.md"
    readme.write_text(
        metadata.readme_text(analysis.load(root / "data"), readme.read_text(encoding="utf-8")), "utf-8"
    )
    return root


def test_the_new_source_is_loaded(project_copy):
    before, after = analysis.load(), analysis.load(project_copy / "data")
    assert len(after.sources) == len(before.sources) + 1 and len(after.claims) == len(before.claims) + 2
    tikrit = after.chronology.set_index("event_id").loc["tikrit:retaken:1"]
    assert "test-wire" in tikrit["source_ids"].split("|") and tikrit["agreement"] == "agreed"


QUOTED_COUNT_WORDS = {4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine"}


def test_the_build_rewrote_the_readme(project_copy):
    """The copy's README counts one more quoted news report than the live data, without anyone editing it."""
    sources = pd.read_csv(project_copy / "data" / "sources.csv", dtype=str, keep_default_na=False)
    n_quoted = int((sources["tier"] == "quoted").sum())
    text = (project_copy / "README.md").read_text(encoding="utf-8")
    assert f"{QUOTED_COUNT_WORDS[n_quoted]} news reports kept verbatim" in text
    assert text != (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_live_data_test_passes_on_the_copy_unedited(project_copy):
    env = {**os.environ, "CAMPAIGN_CHRONOLOGY_DATA": str(project_copy / "data")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-m",
            "live and not browser",
            "-p",
            "no:cacheprovider",
            "tests",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
