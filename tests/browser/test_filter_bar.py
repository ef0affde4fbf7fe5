"""The filter bar in an en-US browser, at both target screen sizes: dates are read and shown day
first, quick periods and Enter/Tab apply them, the LA list follows the region, and an LA that
brings another region with it says so."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import DASH_IDLE_JS, TIMEOUT_MS, goto, wait_for_dash_idle, wait_for_heading

pytestmark = pytest.mark.browser

SIZES = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]
FROM, TO, PERIOD = "#judgements-filter-date_from", "#judgements-filter-date_to", "#judgements-filter-period"
NORTH_WEST, MANCHESTER, KENT = "E12000002", "E08000003", "E10000016"


@pytest.fixture(params=SIZES, ids=lambda size: f"{size['width']}x{size['height']}")
def context(browser, request):
    """An American browser: a native date field would show and read mm/dd/yyyy here."""
    context = browser.new_context(viewport=request.param, locale="en-US", timezone_id="America/New_York")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(script=DASH_IDLE_JS)
    yield context
    context.close()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_the_browser_is_american(page, live_url):
    goto(page, live_url + "/methods", charts=False)
    assert page.evaluate("navigator.language") == "en-US"
    assert page.evaluate("new Date(2024, 3, 1).toLocaleDateString()") == "4/1/2024"


def test_a_date_in_the_link_is_shown_day_first(page, live_url):
    goto(page, live_url + "/judgements?from=2024-04-01&to=2025-03-31", charts=True)
    date_from = page.locator(FROM)
    assert date_from.get_attribute("type") == "text"  # not the browser's own (locale) date field
    assert date_from.input_value() == "01/04/2024"
    assert page.locator(TO).input_value() == "31/03/2025"
    assert "dd/mm/yyyy" in page.locator("label[for='judgements-filter-date_from']").inner_text()
    assert page.locator(PERIOD).input_value() == "fy-2024"  # the dates are a financial year


@pytest.mark.parametrize("typed", ["01/04/2024", "01042024", "1 Apr 2024"])
def test_typing_a_date_day_first_and_enter_applies_1_april(page, live_url, typed):
    goto(page, live_url + "/judgements", charts=True)
    page.fill(FROM, typed)
    page.press(FROM, "Enter")
    page.wait_for_url(lambda url: "from=" in url)
    wait_for_dash_idle(page)
    assert query(page)["from"] == ["2024-04-01"]
    assert page.locator(FROM).input_value() == "01/04/2024"
    assert page.locator("#judgements-filter-notice .alert").count() == 0


def test_tab_leaves_the_date_field_and_applies_it(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    page.fill(TO, "31/03/2025")
    page.press(TO, "Tab")
    assert page.evaluate("document.activeElement.id") != "judgements-filter-date_to"  # no focus trap
    page.wait_for_url(lambda url: "to=" in url)
    assert query(page)["to"] == ["2025-03-31"]


def test_a_month_first_date_is_refused_with_a_notice(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    page.fill(FROM, "04/13/2024")
    page.press(FROM, "Enter")
    notice = page.locator("#judgements-filter-notice .alert")
    notice.wait_for()
    assert "dd/mm/yyyy" in notice.inner_text() and "04/13/2024" in notice.inner_text()
    wait_for_dash_idle(page)
    assert "from" not in query(page) and page.locator(FROM).input_value() == ""


def test_a_financial_year_is_one_choice(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    options = page.locator(f"{PERIOD} option").all_inner_texts()
    assert "2024-25 financial year" in options and any(o.startswith("Last 3 months") for o in options)
    page.select_option(PERIOD, "fy-2024")
    page.wait_for_url(lambda url: "to=" in url)
    wait_for_dash_idle(page)
    assert query(page)["from"] == ["2024-04-01"] and query(page)["to"] == ["2025-03-31"]
    assert page.locator(FROM).input_value() == "01/04/2024" and page.locator(TO).input_value() == "31/03/2025"


def test_the_la_list_narrows_to_the_region(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    everyone = page.locator("#judgements-filter-la option").count()
    assert everyone > 150
    page.select_option("#judgements-filter-region", NORTH_WEST)
    page.wait_for_function(
        "() => document.querySelectorAll('#judgements-filter-la option').length < 40", timeout=TIMEOUT_MS
    )
    values = page.locator("#judgements-filter-la option").evaluate_all("(os) => os.map((o) => o.value)")
    assert MANCHESTER in values and KENT not in values
    assert len([v for v in values if v]) == 24  # the North West's 24 LAs
    assert page.locator("#judgements-filter-la option[value='']").first.inner_text() == (
        "All local authorities in North West"
    )


def test_an_la_of_another_region_says_so(page, live_url):
    goto(page, live_url + "/judgements", charts=True)  # England: every LA in the list
    page.select_option("#judgements-filter-la", MANCHESTER)
    wait_for_heading(page, "Judgements over time: Manchester")
    notice = page.locator("#judgements-filter-notice .alert")
    notice.wait_for()
    assert notice.inner_text() == "Manchester is in North West, so the region filter is now North West."
    assert page.locator("#judgements-filter-region").input_value() == NORTH_WEST
    # A link naming an LA with another region: the same, said rather than switched silently.
    goto(page, live_url + f"/judgements?region=london&la={MANCHESTER}", charts=True)
    assert "Manchester is in North West, not London" in page.locator("#judgements-notices").inner_text()
    assert page.locator("#judgements-filter-region").input_value() == NORTH_WEST
