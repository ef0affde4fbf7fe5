"""Meeting slides (/present) at wall, laptop and projector sizes: every slide fits the screen with
no scrollbars, text is large enough to read from the back of the room, the keyboard drives it and
the URL keeps the place, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import BLOCKING, _axe, describe, run_axe

pytestmark = pytest.mark.browser

SIZES = ((1920, 1080), (1366, 768), (1280, 720))
FIT = """() => {
  const root = document.documentElement;
  const slide = document.querySelector('#present-deck .slide:not([hidden])');
  const message = slide && slide.querySelector('.slide-message');
  const charts = slide ? slide.querySelectorAll('.slide-chart').length : 0;
  const drawn = slide ? slide.querySelectorAll('.slide-chart .main-svg .trace').length : 0;
  return {
    scrollWidth: root.scrollWidth, width: innerWidth, scrollHeight: root.scrollHeight, height: innerHeight,
    font: message ? parseFloat(getComputedStyle(message).fontSize) : 0,
    bottom: slide ? Math.max(...[...slide.children].map(c => c.getBoundingClientRect().bottom)) : 0,
    charts, drawn, hash: location.hash, counter: document.getElementById('slide-number').textContent,
  };
}"""


# The size text in the slide's charts is drawn at, on screen: its font size times the scale the
# browser draws it at (the hex map is scaled to fit its box), for every text with words in it.
CHART_TEXT = """() => {
  const slide = document.querySelector('#present-deck .slide:not([hidden])');
  const sizes = [];
  for (const text of slide.querySelectorAll('.slide-chart .main-svg text')) {
    if (!(text.textContent || '').trim()) continue;
    const box = text.getBBox(), shown = text.getBoundingClientRect();
    if (!box.height || !shown.height) continue;
    sizes.push([text.textContent.trim(), parseFloat(getComputedStyle(text).fontSize) * shown.height / box.height]);
  }
  return sizes;
}"""
CHART_TEXT_AT_1920 = 20  # px: chart text read from the back of the room, scaled with the screen


def open_deck(page, live_url: str, query: str = "?region=north-west") -> int:
    page.goto(live_url + "/present" + query, wait_until="domcontentloaded")
    page.wait_for_selector("#present-deck .slide:not([hidden]) .slide-message")
    return int(page.get_attribute("#present-deck", "data-slides"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_fits_and_reads_from_the_back_of_the_room(page, live_url, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    total = open_deck(page, live_url)
    assert total >= 6
    floor = 28 if size[0] >= 1920 else 20
    for number in range(1, total + 1):
        page.wait_for_function(f"() => location.hash === '#{number}'")
        state = page.evaluate(FIT)
        if state["charts"]:
            page.wait_for_function(
                "() => document.querySelector('#present-deck .slide:not([hidden]) .slide-chart .main-svg .trace')"
            )
            page.wait_for_timeout(200)  # the fixed-size map is scaled to its box once drawn
            sizes = page.evaluate(CHART_TEXT)
            assert sizes, number
            small = [(text, round(px, 1)) for text, px in sizes if px < CHART_TEXT_AT_1920 * size[0] / 1920 - 0.05]
            assert small == [], (number, small[:5])
        assert state["scrollWidth"] <= state["width"] and state["scrollHeight"] <= state["height"], (number, state)
        assert state["bottom"] <= state["height"], (number, state)  # nothing cut off below the screen
        assert state["font"] >= floor, (number, state)
        assert state["counter"] == str(number)
        page.keyboard.press("ArrowRight")


def test_the_keyboard_drives_the_deck_and_the_url_keeps_the_place(page, live_url):
    total = open_deck(page, live_url)
    page.keyboard.press("End")
    page.wait_for_function(f"() => location.hash === '#{total}'")
    page.keyboard.press("PageUp")
    page.wait_for_function(f"() => location.hash === '#{total - 1}'")
    page.keyboard.press("Home")
    page.wait_for_function("() => location.hash === '#1'")
    page.keyboard.press(" ")
    page.wait_for_function("() => location.hash === '#2'")
    page.keyboard.press("4")
    page.wait_for_function("() => location.hash === '#4'")
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("#slide-4:not([hidden]) .slide-message")
    assert page.evaluate("() => document.querySelectorAll('#present-deck .slide:not([hidden])').length") == 1
    page.keyboard.press("?")
    assert page.is_visible("#slide-keys")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.hash === '#3'")


def test_present_link_opens_the_slides_for_the_pages_region(page, live_url):
    page.goto(live_url + "/judgements?region=london", wait_until="domcontentloaded")
    page.wait_for_selector("a.present-link")
    page.click("a.present-link")
    page.wait_for_url("**/present?region=london*")
    page.wait_for_selector("#present-deck .slide-title")
    assert page.inner_text("#slide-1 .slide-title").startswith("London")


def test_axe_finds_nothing_serious_on_any_slide(page, live_url):
    total = open_deck(page, live_url)
    for number in range(1, total + 1):
        page.wait_for_function(f"() => location.hash === '#{number}'")
        violations = run_axe(page, f"slide {number}")
        assert [v["id"] for v in violations if v.get("impact") in BLOCKING] == []
        # Projectors wash colours out: the slides' text meets AAA contrast (7:1), not only AA.
        enhanced = _axe.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}})
        assert enhanced.response["violations"] == [], (number, describe(enhanced.response["violations"]))
        page.keyboard.press("ArrowRight")
