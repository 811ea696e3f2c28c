"""``add`` refuses what ``check`` would refuse in the manifest row it writes (issue 20): the
options are checked with check's rules before anything is written, so the data folder never
holds a source that fails ``check``. Each case was a red-team input that ``add`` wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.__main__ import main

ARTICLE = "RAWA, Iraq — Iraqi forces retook the town of Rawa from Islamic State on Friday, the army said.\n"
GOOD = {"--outlet": "Test Wire", "--title": "Rawa retaken", "--source-id": "testwire-rawa"}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--title", "Rawa \x1b]0;owned\x07retaken", "forbidden character U+001B"),
        ("--title", "Rawa\u202e retaken", "forbidden character U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("--outlet", "Test\x00Wire", "forbidden character U+0000"),
        ("--title", "Rawa\rretaken", "forbidden character U+000D"),
        ("--title", "Rawa\u0301 retaken", "not in Unicode NFC form"),
        ("--outlet", "A\u0308P", "not in Unicode NFC form"),
        ("--outlet", "", "empty; a value is required"),
        ("--outlet", "   ", "empty; a value is required"),
        ("--outlet", "W" * 150, "150 characters long; the limit is 100"),
        ("--title", "T" * 301, "301 characters long; the limit is 300"),
        ("--source-id", "", "source id: empty; an id is required"),
        ("--source-id", "s" * 150, "source id: id is 150 characters long; the limit is 100"),
    ],
)
def test_add_refuses_what_check_would_refuse(option, value, message, data_copy, tmp_path, capsys):
    article = tmp_path / "rawa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    options = GOOD | {option: value}
    before = _tree(data_copy)
    args = ["add", str(article), "--published", "2017-11-18", "--data", str(data_copy)]
    status = main(args + [item for pair in options.items() for item in pair])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{option}:0: -: " in err and message in err, err
    assert "\x1b" not in err and "\u202e" not in err  # echoed values escaped
    assert _tree(data_copy) == before  # nothing written
    assert main(["check", "--data", str(data_copy)]) == 0
