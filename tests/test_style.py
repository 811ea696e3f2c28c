"""One meaning per colour across figures: every hue is defined once in analysis.plots.style
and means one thing; plot modules use no hue of their own (greys are ink)."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest

from analysis.plots import style

PLOT_MODULES = (
    "timeline",
    "coverage",
    "pace_charts",
    "territory",
    "maps",
)  # cartography (basemap) has its own palette
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def is_grey(colour: str) -> bool:
    """Near-neutral: red, green and blue within 16 of each other (ink, not a hue)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 16


def meanings() -> dict[str, set[str]]:
    """Every hue of the style's palettes -> what it is said to mean."""
    palettes = {
        "actor": style.ACTOR_COLOURS,
        "scope": style.SCOPE_COLOURS,
        "agreement": style.AGREEMENT_COLOURS,
        "conflict": {"conflict": style.CONFLICT},
    }
    found: dict[str, set[str]] = {}
    for palette, colours in palettes.items():
        for key, colour in colours.items():
            meaning = "islamic-state" if colour == style.ISLAMIC_STATE else f"{palette}:{key}"
            if colour == style.CONFLICT:
                meaning = "conflict"
            found.setdefault(colour.lower(), set()).add(meaning)
    return found


def test_is_grey() -> None:
    assert is_grey("#222222") and is_grey("#a6a6a6")
    assert not is_grey("#1b7837") and not is_grey("#762a83") and not is_grey("#d6604d")


def test_each_hue_has_one_meaning() -> None:
    clashes = {c: m for c, m in meanings().items() if not is_grey(c) and len(m) > 1}
    assert clashes == {}


def test_government_green_and_purple_mean_only_the_governments() -> None:
    found = meanings()
    assert found[style.ACTOR_COLOURS["iraqi-government"]] == {"actor:iraqi-government"}
    assert found[style.ACTOR_COLOURS["syrian-government"]] == {"actor:syrian-government"}
    assert not hasattr(style, "COUNTRY_COLOURS")  # countries are named, not coloured


@pytest.mark.parametrize("module", PLOT_MODULES)
def test_plot_modules_use_no_hue_of_their_own(module: str) -> None:
    source = (Path(style.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
    hues = [c for c in HEX.findall(source) if not is_grey(c)]
    assert hues == [], f"{module}.py defines hues {hues}; define them (with their meaning) in style.py"


def hue_degrees(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def test_hue_degrees() -> None:  # by hand: pure red 0, pure yellow 60, pure blue 240
    assert (hue_degrees("#ff0000"), hue_degrees("#ffff00"), hue_degrees("#0000ff")) == (0, 60, 240)


def test_the_date_ramp_is_light_to_dark_in_a_hue_no_palette_uses() -> None:
    """fig06's date colours: every stop at least 12 degrees of hue from every other meaning's hue,
    and monotonically darker (early light, late dark)."""
    others = [c for c in meanings() if not is_grey(c)]
    for stop in style.DATE_RAMP:
        gaps = [
            min(abs(hue_degrees(stop) - hue_degrees(c)), 360 - abs(hue_degrees(stop) - hue_degrees(c)))
            for c in others
        ]
        assert min(gaps) >= 12, f"{stop} is within {min(gaps):.0f} degrees of another meaning's hue"
    lightness = [
        colorsys.rgb_to_hls(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))[1] for c in style.DATE_RAMP
    ]
    assert lightness == sorted(lightness, reverse=True)
