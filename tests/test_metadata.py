"""Citation, licences, the Data Package, and environment.yml kept in step with pyproject.toml."""

from __future__ import annotations

import json
import re
import shutil
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement

from analysis.paths import DATA, ROOT


@pytest.mark.slow  # jsonschema and frictionless take seconds to import
def test_citation_cff_is_valid_cff_1_2_0():
    import jsonschema

    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, schema)
    assert citation["license"] == "CC-BY-4.0"


@pytest.mark.slow  # jsonschema and frictionless take seconds to import
def test_the_cff_schema_rejects_a_broken_citation():
    import jsonschema

    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del citation["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(citation, schema)


def test_readme_has_how_to_cite_and_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    data_readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in data_readme and "copyright of their publishers" in readme


def test_every_column_of_every_table_is_in_the_data_dictionary():
    data_readme = (DATA / "README.md").read_text(encoding="utf-8")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        header = (DATA / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        for column in header:
            assert f"`{column}`" in data_readme, f"{resource['path']}: column {column} undocumented"


@pytest.mark.slow  # jsonschema and frictionless take seconds to import
def test_datapackage_validates_with_keys():
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.slow  # jsonschema and frictionless take seconds to import
def test_datapackage_catches_a_broken_foreign_key(tmp_path):
    from frictionless import Package

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("raw", "external"))
    claims = copy / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(",afp-timeline,sinjar,", ",afp-timeline,sinjaar,"),
        encoding="utf-8",
    )
    report = Package(str(copy / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {e[2] for e in report.flatten(["rowNumber", "fieldName", "type"])}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_environment_yml_installs_what_make_installs():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert pip_section == ["-c requirements-lock.txt", "-e .[test]"]
    assert "pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e '.[test]'" in makefile
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert _pyproject()["project"]["requires-python"] == f">={python.split('=')[1]}"


def test_every_dependency_is_pinned_in_the_lock_within_its_range():
    project = _pyproject()["project"]
    pins = _lock()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is not pinned in requirements-lock.txt"
        assert req.specifier.contains(pins[name]), f"{req.name}=={pins[name]} violates {req.specifier}"
