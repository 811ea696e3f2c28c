"""The explorer page (``python -m analysis explore``) in headless Chromium, opened from ``file://``.

What a reader does: open the page, look at it, pick an event, narrow the dates, copy the address.
Checked: no request leaves the file system, no console error, every event is on the page,
selecting an event shows its quotes or URLs, a date filter changes the count, the CSV export holds
the events shown, the URL fragment restores the view, the map's day gives fig07's states; and the
page at 10x today's events (a synthetic chronology), whose size and load time are printed (and
written to ``test-artifacts/explore/measurements.txt``), never asserted. Screenshots at 1400x900
and 390x844 go to ``test-artifacts/explore/``.

Debian's ``/usr/bin/chromium`` driven by playwright, as in ``tests/test_browser.py`` (skipped when it
is missing, failed under ``CI=true``).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import CHROMIUM
from test_browser import CHROMIUM_ARGS
from test_explore import hostile

from analysis import explore
from analysis.chronology import reconcile_with_milestones
from analysis.paths import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "explore"
READY = "body[data-ready=true]"


@pytest.fixture(scope="module")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class Visit:
    """One page in a fresh context, recording every request and every console error."""

    def __init__(self, browser, width: int = 1400, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> float:
        """Load ``url`` and wait until the page script has linked the plots; seconds taken."""
        started = time.monotonic()
        self.page.goto(url)
        self.page.wait_for_selector(READY, state="attached", timeout=60_000)
        return time.monotonic() - started

    def count(self) -> str:
        return self.page.locator("#count").inner_text()

    def evidence(self):
        return self.page.locator('[data-role="evidence"]')


@pytest.fixture
def visit(browser):
    visits: list[Visit] = []

    def make(width: int = 1400, height: int = 900) -> Visit:
        visits.append(Visit(browser, width, height))
        return visits[-1]

    yield make
    for v in visits:
        v.context.close()


@pytest.fixture(scope="module")
def live_page(live, tmp_path_factory) -> Path:
    return explore.write_page(live, tmp_path_factory.mktemp("explore-live"))


@pytest.fixture(scope="module")
def corpus_page(corpus, tmp_path_factory) -> Path:
    return explore.write_page(corpus, tmp_path_factory.mktemp("explore-corpus"))


def _url(path: Path, fragment: str = "") -> str:
    return path.as_uri() + (f"#{fragment}" if fragment else "")


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]


def _meets(chronology: pd.DataFrame, start: str, end: str) -> int:
    """Events whose window meets [start, end] (both days in)."""
    return int(((chronology["date_latest"] >= start) & (chronology["date_earliest"] <= end)).sum())


def test_page_loads_offline_without_errors_with_every_event(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    v.page.wait_for_timeout(300)
    assert _outside(v.requests) == []
    assert v.errors == []
    ids = v.page.eval_on_selector_all("[data-event-id]", "els => els.map(e => e.dataset.eventId)")
    assert set(ids) >= set(live.chronology["event_id"])
    assert v.count() == f"{len(live.chronology)} of {len(live.chronology)} events shown"


def test_selecting_an_event_shows_its_quotes_or_urls(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    claims = explore.evidence_table(live)
    quoted = claims[claims["quote"] != ""].iloc[0]
    cited = claims[(claims["tier"] == "cited") & (claims["url"] != "")].iloc[0]
    for claim in (quoted, cited):
        v.page.locator(f'#events li[data-event-id="{claim["event_id"]}"] button').click()
        panel = v.evidence()
        assert panel.get_attribute("data-event-id") == claim["event_id"]
        text = panel.inner_text()
        if claim["quote"]:
            assert claim["quote"] in text
        else:
            assert claim["url"] in text and claim["locator"] in text
        assert claim["date_text"] in text and claim["published"] in text
        assert f"#event={claim['event_id']}" in v.page.url
    assert v.errors == []


def test_a_date_filter_changes_the_count_and_the_csv(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    v.page.fill('input[name="from"]', "2017-01-01")
    v.page.dispatch_event('input[name="from"]', "change")
    last = live.chronology["date_latest"].max().strftime("%Y-%m-%d")
    expected = _meets(live.chronology, "2017-01-01", last)
    assert expected < len(live.chronology)
    assert v.count() == f"{expected} of {len(live.chronology)} events shown"
    assert v.page.locator("#events li[data-event-id]:not([hidden])").count() == expected
    assert "from=2017-01-01" in v.page.url
    with v.page.expect_download() as download:
        v.page.click("#export")
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(explore.CSV_COLUMNS) and len(lines) == 1 + expected


def test_the_url_fragment_restores_the_view(live, live_page, visit):
    event = live.chronology.loc[live.chronology["agreement"] == "agreed", "event_id"].iloc[0]
    v = visit()
    v.open(_url(live_page, f"event={event}&from=2016-01-01&to=2016-12-31&agreement=agreed"))
    assert v.evidence().get_attribute("data-event-id") == event
    assert v.page.input_value('input[name="from"]') == "2016-01-01"
    boxes = v.page.eval_on_selector_all(
        'input[name="agreement"]', "els => els.map(e => [e.value, e.checked])"
    )
    assert dict(boxes) == {"agreed": True, "single-source": False, "conflict": False}
    agreed = live.chronology[live.chronology["agreement"] == "agreed"]
    assert v.count() == f"{_meets(agreed, '2016-01-01', '2016-12-31')} of {len(live.chronology)} events shown"
    selected = v.page.evaluate(
        "() => { const s = Bokeh.documents[0].get_model_by_name('events');"
        " return s.selected.indices.map(i => s.data.event_id[i]); }"
    )
    assert selected == [event]  # the timeline shows the same selection
    assert v.errors == []


def test_a_timeline_selection_reaches_the_evidence_panel(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    event = live.chronology["event_id"].iloc[-1]
    v.page.evaluate(
        "(id) => { const s = Bokeh.documents[0].get_model_by_name('events');"
        " s.selected.indices = [s.data.event_id.indexOf(id)]; }",
        event,
    )
    assert v.evidence().get_attribute("data-event-id") == event


def test_a_milestone_picked_on_the_timeline_selects_its_event(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    picked = v.page.evaluate(
        "() => { const m = Bokeh.documents[0].get_model_by_name('milestones');"
        " if (!m.data.event_id.length) return null; m.selected.indices = [0]; return m.data.event_id[0]; }"
    )
    if picked is None:
        pytest.skip("no event of the live data has a second milestone")
    assert v.evidence().get_attribute("data-event-id") == picked
    assert v.errors == []


def test_a_town_picked_on_the_map_shows_its_last_event(live, live_page, visit):
    v = visit()
    v.open(_url(live_page))
    town = "raqqa" if "raqqa" in set(live.chronology["place_id"]) else live.chronology["place_id"].iloc[0]
    own = explore.event_table(live)
    own = own[own["place_id"] == town]
    v.page.evaluate(
        "(p) => { const t = Bokeh.documents[0].get_model_by_name('towns');"
        " t.selected.indices = [t.data.place_id.indexOf(p)]; }",
        town,
    )
    assert v.evidence().get_attribute("data-event-id") == own["event_id"].iloc[-1]  # the page's event order
    assert v.errors == []


def test_the_map_day_gives_fig07_states(corpus_page, visit):
    """Palmyra in the frozen corpus (worked out in tests/test_explore.py): held at the end of 2015-06-15,
    unknown on 2016-06-15, not held on 2017-06-15."""
    v = visit()
    for day, words in (("2015-06-15", "held by IS"), ("2016-06-15", "unknown"), ("2017-06-15", "not held")):
        v.open(_url(corpus_page, f"day={day}"))
        state = v.page.evaluate(
            "() => { const t = Bokeh.documents[0].get_model_by_name('towns').data;"
            " return t.state[t.place_id.indexOf('palmyra')]; }"
        )
        assert state.startswith(words), (day, state)
        slider = v.page.evaluate("() => Bokeh.documents[0].get_model_by_name('day').value")
        assert pd.Timestamp(slider, unit="ms").strftime("%Y-%m-%d") == day
    assert v.errors == []


def test_markup_in_the_data_runs_nothing(corpus, visit, tmp_path):
    """A place name, a quote and a URL carrying markup (tests/test_explore.py's hostile corpus) show as text."""
    page = explore.write_page(hostile(corpus), tmp_path)
    v = visit()
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    v.open(_url(page, "event=mosul:retaken:1"))
    text = v.evidence().inner_text()
    assert "</script><script>alert(2)</script>" in text
    assert 'Mosul<img src=x onerror="alert(1)">' in text
    assert v.evidence().locator('a[href^="javascript:"]').count() == 0 and "javascript:alert(3)" in text
    v.page.wait_for_timeout(300)
    assert dialogs == [] and v.errors == []


def test_screenshots(live_page, visit):
    """Full-page screenshots at a desktop and a phone size, an event selected (to look at, not compared)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, width, height in (("desktop", 1400, 900), ("phone", 390, 844)):
        v = visit(width, height)
        v.open(_url(live_page, "event=mosul:retaken:1"))
        v.page.wait_for_timeout(500)
        v.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        v.page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)
        assert v.errors == []


def scaled(data, factor: int):
    """A synthetic chronology ``factor`` times the size of ``data``: every place copied ``factor`` times
    (ids and names suffixed, points shifted a little), with all of its claims."""
    places, claims = [], []
    for k in range(factor):
        suffix = "" if k == 0 else f"-x{k}"
        p = data.places.copy()
        p["place_id"] = p["place_id"] + suffix
        p["name"] = p["name"] + ("" if k == 0 else f" {k}")
        p["lat"] = p["lat"] + 0.05 * k
        p["lon"] = p["lon"] + 0.05 * k
        c = data.claims.copy()
        c["place_id"] = c["place_id"] + suffix
        c["claim_id"] = c["claim_id"] + suffix
        places.append(p)
        claims.append(c)
    places, claims = pd.concat(places, ignore_index=True), pd.concat(claims, ignore_index=True)
    chronology, milestones = reconcile_with_milestones(claims, places)
    return replace(data, places=places, claims=claims, chronology=chronology, milestones=milestones)


def test_ten_times_the_events(live, live_page, visit, tmp_path):
    """Size and load time of the page at today's size and at 10x (printed and written, not asserted)."""
    big = scaled(live, 10)
    started = time.monotonic()
    big_page = explore.write_page(big, tmp_path)
    build_s = time.monotonic() - started
    lines = []
    for label, data, path, built in (
        (f"today ({len(live.chronology)} events)", live, live_page, None),
        (f"10x ({len(big.chronology)} events)", big, big_page, build_s),
    ):
        v = visit()
        seconds = v.open(_url(path))
        ids = v.page.eval_on_selector_all("#events [data-event-id]", "els => els.length")
        assert ids == len(data.chronology)
        assert v.errors == [] and _outside(v.requests) == []
        v.page.click(f'#events li[data-event-id="{data.chronology["event_id"].iloc[0]}"] button')
        lines.append(
            f"{label}: {path.stat().st_size / 1e6:.2f} MB, loaded in Chromium in {seconds:.2f} s"
            + (f", written in {built:.1f} s" if built is not None else "")
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "measurements.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
