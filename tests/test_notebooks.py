"""The notebooks as committed: narrated, executed top to bottom, kernel python3, and checked by nbval.

nbval itself (``make test`` runs ``pytest --nbval notebooks``) re-runs every notebook and
compares each stored output; the last test here proves such a comparison fails, readably,
when a stored output no longer matches what the data gives.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import NOTEBOOKS, ROOT

NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_at_least_five_notebooks_read_in_order():
    assert len(NOTEBOOK_PATHS) >= 5
    numbers = [int(p.name[:2]) for p in NOTEBOOK_PATHS]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_in_one_fresh_kernel(path):
    nb = _load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_states_question_inputs_outputs_and_imports_analysis(path):
    cells = _load(path)["cells"]
    intro = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown"
    for word in ("**Question.**", "**Inputs.**", "**Outputs.**"):
        assert word in intro, f"{path.name}: first cell lacks {word}"
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "from analysis" in code
    assert "sys.path" not in code and "os.chdir" not in code


@pytest.mark.slow  # a nested pytest running nbval
def test_nbval_fails_readably_when_a_stored_output_drifts(tmp_path):
    original = NOTEBOOKS / "01-read-sources.ipynb"
    nb = _load(original)
    first = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    stored = "".join(first["outputs"][0]["text"])
    n = int(re.match(r"(\d+) articles;", stored).group(1))  # the stored count, whatever the corpus holds
    first["outputs"][0]["text"] = [stored.replace(f"{n} articles", f"{n + 1} articles", 1)]
    drifted = tmp_path / original.name
    drifted.write_text(json.dumps(nb), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"),
            str(drifted),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"{n + 1} articles" in result.stdout and f"{n} articles" in result.stdout  # both sides shown


@pytest.mark.slow  # nbconvert
def test_report_export_is_self_contained(tmp_path):
    """`make report`'s export: HTML that opens offline (no script or stylesheet fetched) with its figures embedded."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = next(line.strip() for line in makefile.splitlines() if "nbconvert --to html" in line)
    args = recipe.split()[2:]  # after "$(BIN)/jupyter nbconvert"
    cut = args.index("--output-dir")
    args = args[:cut]  # the recipe ends "--output-dir reports notebooks/[0-9]*.ipynb"
    notebook = NOTEBOOKS / "03-measure-pace.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", *args, "--output-dir", str(tmp_path), str(notebook)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    html = (tmp_path / "03-measure-pace.html").read_text(encoding="utf-8")
    assert "The pace of the campaign" in html and "median_gap_2017" in html
    assert html.count("data:image/png;base64,") >= 3
    assert not re.findall(r'(?:src|href)="https?://', html)
