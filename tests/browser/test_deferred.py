"""Sections below the first screen are drawn after it (dashboard/components/deferred.py, the
`deferred` fast path)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import goto, wait_for_dash_idle
from tests.skips import needs_fast_path

pytestmark = [pytest.mark.browser, needs_fast_path("deferred")]

# Judgements at 1366x768: the grades-by-year chart is on the first screen, the "as at 31 March"
# and transitions cards are two and three screens down.
FIRST_CARD = "#judgements-by-year-card"
LATER_CARDS = ("#judgements-as-at-card", "#judgements-transitions-card")

# Records, in the page, when the first chart is drawn and when each later card is rendered.
ORDER_JS = """
(() => {
  window.__riaSeen = {};
  const ids = ['judgements-by-year-card', 'judgements-as-at-card', 'judgements-transitions-card'];
  new MutationObserver(() => {
    for (const id of ids) {
      const card = document.getElementById(id);
      if (card && !(id in window.__riaSeen)) window.__riaSeen[id] = performance.now();
    }
    const drawn = document.querySelector('#judgements-by-year-card .main-svg');
    if (drawn && !('first-chart-drawn' in window.__riaSeen)) window.__riaSeen['first-chart-drawn'] = performance.now();
  }).observe(document, {childList: true, subtree: true});
})();
"""


def test_later_sections_wait_until_scrolled_to(page, live_url):
    """Held back (the test's switch), a card below the first screen is a placeholder of about its
    height that says what is coming; scrolling to it draws it."""
    page.add_init_script("window.riaDeferUntilSeen = true")
    page.goto(live_url + "/judgements", wait_until="domcontentloaded")
    page.wait_for_selector(f"{FIRST_CARD} .main-svg")
    placeholders = page.locator("[data-deferred]")
    assert placeholders.count() == 2
    for card in LATER_CARDS:
        assert page.locator(card).count() == 0
    first = placeholders.first
    assert first.get_attribute("aria-busy") == "true"
    assert first.inner_text().startswith("Loading: Each local authority's latest grade as at 31 March")
    height = first.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 500  # the card's plot height plus its header: the page does not jump

    first.scroll_into_view_if_needed()
    page.wait_for_selector(f"{LATER_CARDS[0]} .main-svg")
    assert page.locator(f"{LATER_CARDS[0]} [role=img]").get_attribute("aria-label")


def test_later_sections_are_drawn_after_the_first_screen_without_scrolling(page, live_url):
    page.add_init_script(ORDER_JS)
    goto(page, live_url + "/judgements")  # waits for every deferred section and chart
    assert page.locator("[data-deferred]").count() == 0
    for card in LATER_CARDS:
        assert page.locator(f"{card} .main-svg").count() >= 1
    seen = page.evaluate("window.__riaSeen")
    assert seen[FIRST_CARD[1:]] < seen["first-chart-drawn"]
    for card in LATER_CARDS:
        assert seen[card[1:]] > seen["first-chart-drawn"], f"{card} was rendered before the first chart was drawn"
    assert page.evaluate("window.scrollY") == 0


def test_a_section_on_the_first_screen_is_not_deferred(page, live_url):
    """A tall screen shows the "as at" card too (its top is ~1,200 px down): it is rendered with
    the first one; the transitions card (~1,900 px) waits."""
    page.set_viewport_size({"width": 1366, "height": 1400})
    page.add_init_script("window.riaDeferUntilSeen = true")
    page.goto(live_url + "/judgements", wait_until="domcontentloaded")
    page.wait_for_selector(f"{LATER_CARDS[0]} .main-svg")
    assert page.locator(f"{LATER_CARDS[1]}").count() == 0  # still below, and held back


def test_a_filter_change_reaches_a_section_not_drawn_yet(page, live_url):
    """A waiting section is in the layout, so a filter change updates it: drawn later, it shows
    the new view, not the first one."""
    page.add_init_script("window.riaDeferUntilSeen = true")
    page.goto(live_url + "/judgements", wait_until="domcontentloaded")
    page.wait_for_selector(f"{FIRST_CARD} .main-svg")
    page.select_option("#judgements-filter-region", "E12000002")  # North West
    page.wait_for_url("**/judgements?region=north-west")
    page.wait_for_function(
        "() => document.querySelector('#judgements-by-year-summary').textContent.includes('North West')"
    )
    wait_for_dash_idle(page)
    assert page.locator(LATER_CARDS[0]).count() == 0  # still waiting

    page.locator("[data-deferred]").first.scroll_into_view_if_needed()
    page.wait_for_selector(f"{LATER_CARDS[0]} .main-svg")
    summary = page.locator("#judgements-as-at-summary").inner_text()
    assert "North West LAs" in summary, summary  # drawn as it is now, not as the page first came
