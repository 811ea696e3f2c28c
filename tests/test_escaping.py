"""Data strings are text wherever they are shown (analysis/escaping.py): HTML in the TimelineJS
export, matplotlib text in every figure, a terminal. Each case was an input of the red team
(issue 20) that `check` accepted and a later command mishandled.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import analysis
from analysis.__main__ import main
from analysis.escaping import html_text, plain_text, terminal_text
from analysis.figures import REGISTRY

SCRIPT_TITLE = "<script>alert(1)</script> Rawa report"
IMG_OUTLET = 'ITV <img src=x onerror="alert(1)">'
MATH = r"$\foo$"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def test_html_text_escapes_markup_and_quotes():
    assert (
        html_text("<a href=\"x\" onclick='y'>&") == "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;"
    )


def test_plain_text_escapes_every_dollar():
    assert plain_text(MATH + " costs $5") == r"\$\foo\$ costs \$5"


def test_terminal_text_escapes_control_characters():
    assert terminal_text("a\x1b]0;owned\x07b\nc") == "a\\x1b]0;owned\\x07b\\nc"


def test_markup_in_titles_outlets_and_place_names_is_escaped_in_timelinejs(data_copy, tmp_path):
    _replace(data_copy / "sources.csv", "itv-rawa,ITV News,", f"itv-rawa,{_csv_cell(IMG_OUTLET)},")
    _replace(data_copy / "sources.csv", "Iraqi forces capture Rawa", SCRIPT_TITLE)
    _replace(data_copy / "places.csv", "rawa,Rawa,", "rawa,<b>Rawa</b>,")
    assert main(["check", "--data", str(data_copy)]) == 0  # check accepts them: they are text
    assert (
        main(["export", "--data", str(data_copy), "--format", "timelinejs", "-o", str(tmp_path / "x")]) == 0
    )
    document = json.loads((tmp_path / "x" / "chronology-timelinejs.json").read_text(encoding="utf-8"))
    shown = [value for e in document["events"] for value in e["text"].values()]
    joined = "\n".join(shown)
    for markup in ("<script", "<img", "<b>", 'onerror="'):
        assert markup not in joined
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rawa report" in joined
    assert "ITV &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in joined
    assert any(e["text"]["headline"].startswith("&lt;b&gt;Rawa&lt;/b&gt;: ") for e in document["events"])


@pytest.mark.slow  # builds every figure
def test_a_dollar_sign_in_a_place_name_or_outlet_is_drawn_as_written(data_copy):
    _replace(data_copy / "places.csv", "rawa,Rawa,", f"rawa,{MATH} Rawa,")
    _replace(data_copy / "sources.csv", "afp-timeline,AFP,", f"afp-timeline,{MATH} AFP,")
    data = analysis.load(data_copy)  # check accepts them
    svgs = {}
    for spec in REGISTRY:
        fig, _plotted = spec.build(data)
        out = io.StringIO()
        fig.savefig(out, format="svg")  # mathtext would raise here: "Unknown symbol: \foo"
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        svgs[spec.figure_id] = out.getvalue()
    assert MATH + " Rawa" in svgs["fig01"]  # the place's row label, as written
    assert MATH + " AFP" in svgs["fig05"]  # the outlet's column


def test_paths_a_command_prints_are_escaped(data_copy, tmp_path, capsys):
    out = tmp_path / "out\x1b]0;owned\x07"
    assert main(["export", "--data", str(data_copy), "--format", "csv", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\x07" not in printed
    assert "out\\x1b]0;owned\\x07" in printed


def test_the_lower_bound_legend_marker_is_still_an_arrow(corpus):
    """The style turns mathtext off for data strings; fig08's own mathtext marker keeps its arrow
    (drawn as text, ``$\\uparrow$`` would be a path of a dozen glyphs' worth of points)."""
    spec = next(s for s in REGISTRY if s.figure_id == "fig08")
    fig, _plotted = spec.build(corpus)
    handles = [h for ax in fig.axes if ax.get_legend() for h in ax.get_legend().legend_handles]
    arrows = [h for h in handles if h.get_label() == "lower bound"]
    plt.close(fig)
    assert arrows, "the corpus has a lower-bound estimate, so the legend shows its marker"
    vertices = arrows[0]._marker.get_path().vertices
    assert len(vertices) <= 12  # the arrow's outline; the literal text has well over 100


def test_proposals_printed_on_a_terminal_are_escaped(data_copy, tmp_path, capsys, monkeypatch):
    article = tmp_path / "rawa.txt"
    article.write_text(
        "RAWA, Iraq \x1b]0;owned\x07— Iraqi forces retook the town of Rawa from Islamic State on Friday.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["propose", str(article), "--published", "2017-11-18", "--data", str(data_copy)]) == 0
    printed = capsys.readouterr().out
    assert "Rawa" in printed and "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b]0;owned\\x07" in printed
