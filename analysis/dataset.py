"""The front door: :func:`load` reads a data folder once and returns every table in a :class:`Dataset`.

Each table is validated once (the articles are hashed once); any problem in any table
raises one :class:`analysis.validation.DataError` naming every file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis.area import validate_area_estimates
from analysis.chronology import reconcile_with_milestones
from analysis.cited import validate_facts
from analysis.claims import check_claims
from analysis.containment import data_folder_problems
from analysis.output import finish_commit, staged_outputs
from analysis.paths import DATA, data_files
from analysis.places import validate_places
from analysis.sources import validate_sources
from analysis.validation import LINE, raise_if_any

WINDOW = ["date_earliest", "date_latest"]  # date columns, as datetime64 (midnight of each day)


@dataclass(frozen=True)
class Dataset:
    """Every table of one data folder, validated, and the chronology reconciled from them.

    - ``sources``: the manifest, with ``published_earliest``/``published_latest`` dates;
    - ``texts``: each article's verbatim text by source id (its sha256 checked);
    - ``places``: the gazetteer, ``lat``/``lon`` as floats (NaN for areas);
    - ``claims``: the claims with their date windows (``date_earliest``, ``date_latest``, ``precision``);
    - ``chronology``: one row per event (:func:`analysis.chronology.reconcile`);
    - ``area_estimates``: published estimates of the area IS held (:mod:`analysis.area`);
    - ``milestones``: one row per event and milestone (:func:`analysis.chronology.reconcile_milestones`);
    - ``facts``, ``excluded_facts``: the cited tier as compiled and the facts left out, with the
      reason (:mod:`analysis.cited`; None for a folder without a cited tier).
    """

    sources: pd.DataFrame
    texts: dict[str, str]
    places: pd.DataFrame
    claims: pd.DataFrame
    chronology: pd.DataFrame
    area_estimates: pd.DataFrame
    data_dir: Path = DATA
    milestones: pd.DataFrame | None = None
    facts: pd.DataFrame | None = None
    excluded_facts: pd.DataFrame | None = None

    def with_chronology(self, chronology: pd.DataFrame) -> Dataset:
        """The same dataset with another chronology (for what-if analyses and tests)."""
        return replace(self, chronology=chronology)

    def restrict(self, tiers: tuple[str, ...]) -> Dataset:
        """Only the sources and claims of ``tiers`` (``quoted``, ``cited``), the chronology and its
        milestones reconciled from those claims alone; the gazetteer is kept whole (a town no
        claim of the tiers names simply has no event)."""
        return self.restrict_sources(self.sources.loc[self.sources["tier"].isin(tiers), "source_id"])

    def restrict_sources(self, source_ids) -> Dataset:
        """Only the sources ``source_ids`` (an iterable of ids) and their claims, the chronology and its
        milestones reconciled from those claims alone; the gazetteer is kept whole."""
        keep = set(source_ids)
        sources = self.sources[self.sources["source_id"].isin(keep)].reset_index(drop=True)
        claims = self.claims[self.claims["source_id"].isin(keep)].reset_index(drop=True)
        chronology, milestones = reconcile_with_milestones(claims, self.places)
        return replace(
            self,
            sources=sources,
            texts={k: v for k, v in self.texts.items() if k in set(sources["source_id"])},
            claims=claims,
            chronology=chronology,
            milestones=milestones,
        )


def load(data_dir: Path = DATA) -> Dataset:
    """Read, validate and reconcile the data folder ``data_dir``; raises DataError on any problem.

    A table or folder of ``data_dir`` that is a link leading outside it is refused before anything
    is read (:mod:`analysis.containment`).
    """
    data_dir = Path(data_dir)
    raise_if_any(data_folder_problems(data_dir))  # nothing is read through a link out of the folder
    finish_commit(data_dir)  # a commit of claims.csv and places.csv cut short by a crash: completed
    files = data_files(data_dir)
    sources, texts, problems = validate_sources(data_dir)
    places, place_problems = validate_places(data_dir)
    claims, claim_problems = check_claims(files["claims"], sources, texts, places)
    area_estimates, area_problems = validate_area_estimates(data_dir)
    facts, excluded, fact_problems = validate_facts(claims, data_dir)
    raise_if_any(problems + place_problems + claim_problems + area_problems + fact_problems)
    sources, places = sources.drop(columns=LINE), places.drop(columns=LINE)
    claims = claims.drop(columns=LINE).astype({"episode": int})
    claims[WINDOW] = claims[WINDOW].apply(pd.to_datetime)
    chronology, milestones = reconcile_with_milestones(claims, places)
    return Dataset(
        sources=sources,
        texts=texts,
        places=places,
        claims=claims,
        chronology=chronology,
        area_estimates=area_estimates.drop(columns=LINE),
        data_dir=data_dir,
        milestones=milestones,
        facts=facts,
        excluded_facts=excluded,
    )


def write_chronology(data_dir: Path = DATA) -> list[Path]:
    """Rebuild ``data/processed/chronology.csv`` and ``milestones.csv`` atomically; returns their paths."""
    files, data = data_files(data_dir), load(data_dir)
    with staged_outputs(files["chronology"].parent) as stage:
        stage.table(data.chronology, files["chronology"])
        stage.table(data.milestones, files["milestones"])
    return [files["chronology"], files["milestones"]]
