"""``python -m analysis show PLACE`` on the frozen corpus, against facts read off the articles by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.show import PlaceNotFound, find_place, report

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Rawa", "rawa"),
        ("RAWA", "rawa"),
        ("al qaim", "al-qaim"),  # a space for the hyphen, no capitals
        ("Al-Qa'im", "al-qaim"),  # an apostrophe the gazetteer does not write
        ("Boukamal", "albu-kamal"),  # an alias
        ("albu-kamal", "albu-kamal"),  # the place id
        ("Rāwa", "rawa"),  # a diacritic
    ],
)
def test_any_spelling_of_the_gazetteer_finds_the_place(corpus, spelling, place_id):
    assert find_place(corpus.places, spelling) == place_id


def test_an_unknown_spelling_lists_the_closest_places(corpus):
    with pytest.raises(PlaceNotFound, match="did you mean Mosul"):
        find_place(corpus.places, "Mossul")
    with pytest.raises(PlaceNotFound, match="no place spelled 'Atlantis'"):
        find_place(corpus.places, "Atlantis")


def test_rawa_shows_its_recapture_every_claim_and_its_control(corpus):
    """Rawa: AFP "On November 17", Reuters "on friday" (2017-11-17) and an undated Reuters statement,
    ITV "now" (true at publication): agreed on two dating sources; the undated and "now" claims
    only mention it. The corpus never dates a day IS held Rawa: unknown until 11-16, then not held."""
    text = report(corpus, "rawa")
    assert "rawa:retaken:1: retaken from IS, episode 1" in text
    assert "window 2017-11-17 (day)" in text
    assert "agreed: 3 sources, 2 independent dating it" in text
    assert '"On November 17" -> 2017-11-17 (day) | dates it' in text
    assert '"on friday" -> 2017-11-17 (day) | dates it' in text
    assert '"now" -> 2017-11-17 (publication) | mentions it, undated' in text
    assert 'reuters-rawa-liberated-undated: reuters-rawa | Reuters | quoted | "(no date expression)"' in text
    assert (
        'quote: "iraqi forces liberated rawa entirely , and raised the iraqi flag over its buildings"' in text
    )
    assert "AFP (inferred)" in text and "ITV News (matched)" in text
    assert "until 2017-11-16: unknown" in text and "from 2017-11-17 on: not held (retaken)" in text


def test_the_command_prints_the_report_and_refuses_a_wrong_spelling(capsys):
    assert main(["show", "RAWA", "--data", str(FIXTURE_DATA)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rawa (rawa), Iraq, town\n")
    assert main(["show", "Mossul", "--data", str(FIXTURE_DATA)]) == 2
    captured = capsys.readouterr()
    assert "did you mean Mosul?" in captured.err and "Traceback" not in captured.err and captured.out == ""


@pytest.mark.slow  # reports every place of the live data (seconds)
def test_every_place_of_the_live_data_can_be_shown(live):
    for place_id, name in zip(live.places["place_id"], live.places["name"], strict=True):
        assert find_place(live.places, name) == place_id
        assert report(live, place_id).startswith(f"{name} ({place_id})")
