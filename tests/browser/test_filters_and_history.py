"""The URL is the state: filters go into the address bar, survive a reload, and Back undoes them."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.browser.conftest import goto, wait_for_dash_idle, wait_for_heading

pytestmark = pytest.mark.browser

NORTH_WEST = "E12000002"
LONDON = "E12000007"

# What a chart card shows: the figure's data and its text summary, as one comparable string.
GRAPH_STATE_JS = """
(key) => {
  const outer = document.getElementById(key + '-graph');
  const gd = outer && (outer.matches('.js-plotly-plot') ? outer : outer.querySelector('.js-plotly-plot'));
  const summary = document.getElementById(key + '-summary');
  return JSON.stringify({data: gd ? gd.data : null, summary: summary ? summary.textContent : null});
}
"""


def query_of_url(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def query_of(page) -> dict[str, list[str]]:
    return query_of_url(page.url)


def heading(page) -> str:
    return page.locator("#_pages_content h1").first.inner_text().strip()


def first_chart_key(page) -> str:
    cards = page.locator(".chart-card[id$='-card']")
    assert cards.count() >= 1, "no chart card on the page"
    return cards.first.get_attribute("id").removesuffix("-card")


def choose_region(page, code: str, slug: str, name: str) -> str:
    """Pick a region on the overview; wait for the URL, heading and cards. Returns the cards' text."""
    page.select_option("#overview-filter-region", code)
    page.wait_for_url(f"**/?region={slug}")
    wait_for_heading(page, f"Overview: {name}")
    wait_for_dash_idle(page)
    return page.locator("#overview-cards").inner_text()


def assert_view(page, code: str, name: str, cards: str) -> None:
    wait_for_heading(page, f"Overview: {name}")
    wait_for_dash_idle(page)
    assert page.locator("#overview-filter-region").input_value() == code
    assert page.locator("#overview-cards").inner_text() == cards, f"the KPI cards are not {name}'s"


def test_region_in_the_url_survives_reload_and_back_forward_step_through_views(page, live_url):
    goto(page, live_url + "/")
    assert heading(page) == "Overview: England"
    assert query_of(page) == {}
    england = page.locator("#overview-cards").inner_text()

    north_west = choose_region(page, NORTH_WEST, "north-west", "North West")
    assert north_west != england, "the KPI cards did not change with the region"
    assert "in North West" in north_west and "England:" in north_west
    london = choose_region(page, LONDON, "london", "London")
    assert london != north_west

    # The link alone restores the view.
    page.reload(wait_until="domcontentloaded")
    assert_view(page, LONDON, "London", london)
    assert query_of(page) == {"region": ["london"]}

    # Back steps through each earlier view (Dash's router re-renders the page from the URL).
    page.go_back(wait_until="commit")
    page.wait_for_url("**/?region=north-west")
    assert_view(page, NORTH_WEST, "North West", north_west)
    page.go_back(wait_until="commit")
    page.wait_for_url(lambda url: urlsplit(url).path == "/" and not urlsplit(url).query)
    assert_view(page, "", "England", england)

    # And Forward brings the region back.
    page.go_forward(wait_until="commit")
    page.wait_for_url("**/?region=north-west")
    assert_view(page, NORTH_WEST, "North West", north_west)


def test_judgements_region_and_area_change_the_chart_and_the_url(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    key = first_chart_key(page)
    before = page.evaluate(GRAPH_STATE_JS, key)
    assert json.loads(before)["data"], f"{key}: the chart has no data"

    page.select_option("#judgements-filter-region", NORTH_WEST)
    page.wait_for_url(lambda url: query_of_url(url).get("region") == ["north-west"])
    page.wait_for_function("([key, before]) => (" + GRAPH_STATE_JS + ")(key) !== before", arg=[key, before])
    wait_for_dash_idle(page)
    after_region = page.evaluate(GRAPH_STATE_JS, key)

    page.select_option("#judgements-filter-area", "leadership")
    page.wait_for_url(lambda url: query_of_url(url).get("area") == ["leadership"])
    page.wait_for_function("([key, before]) => (" + GRAPH_STATE_JS + ")(key) !== before", arg=[key, after_region])
    wait_for_dash_idle(page)

    query = query_of(page)
    assert query.get("region") == ["north-west"] and query.get("area") == ["leadership"], page.url
    summary = page.locator(f"#{key}-summary").inner_text()
    assert summary.strip(), "the chart summary (its text alternative) is empty"

    # The same link, opened fresh, shows the same chart.
    final = page.evaluate(GRAPH_STATE_JS, key)
    goto(page, page.url, charts=True)
    assert page.locator("#judgements-filter-region").input_value() == NORTH_WEST
    assert page.locator("#judgements-filter-area").input_value() == "leadership"
    assert json.loads(page.evaluate(GRAPH_STATE_JS, key))["summary"] == json.loads(final)["summary"]


@pytest.mark.parametrize(
    ("page_name", "path", "title"), [("overview", "/", "Overview: England"), ("judgements", "/judgements", None)]
)
def test_hostile_link_shows_a_notice_and_runs_nothing(page, live_url, page_log, page_name, path, title):
    hostile = "<script>alert(1)</script>"
    goto(page, f"{live_url}{path}?region={quote(hostile)}&from=notadate&la=%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E")
    notices = page.locator(f"#{page_name}-notices .alert")
    assert notices.count() >= 2, f"expected a notice per bad value, got {notices.all_inner_texts()}"
    assert notices.first.is_visible()
    text = " ".join(notices.all_inner_texts())
    assert "region=" in text and "from=" in text, text
    assert hostile in text, "the ignored value should be shown as text, escaped"
    if title:
        assert heading(page) == title
    assert page.locator("#_pages_content script, #_pages_content img[src=x]").count() == 0
    assert page.locator(f"#{page_name}-filter-region").input_value() == ""
    wait_for_dash_idle(page)
    assert not page_log.dialogs, f"a dialog fired: {page_log.dialogs}"


def test_choosing_an_la_narrows_judgements_and_a_new_region_drops_it(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    page.select_option("#judgements-filter-la", "E08000003")
    wait_for_heading(page, "Judgements over time: Manchester")
    wait_for_dash_idle(page)
    assert query_of(page) == {"region": ["north-west"], "la": ["E08000003"]}
    assert page.locator("#judgements-filter-region").input_value() == NORTH_WEST  # the region follows the LA
    assert "Manchester" in page.locator("#judgements-as-at-summary").inner_text()
    page.select_option("#judgements-filter-region", LONDON)
    wait_for_heading(page, "Judgements over time: London")
    wait_for_dash_idle(page)
    assert query_of(page) == {"region": ["london"]}
    assert page.locator("#judgements-filter-la").input_value() == ""


def test_choosing_an_la_on_the_overview_shows_its_grades_and_outlines_it_on_the_map(page, live_url):
    goto(page, live_url + "/", charts=True)
    before = page.locator("#overview-map-summary").inner_text()
    page.select_option("#overview-filter-la", "E08000003")
    wait_for_heading(page, "Overview: Manchester, North West")
    wait_for_dash_idle(page)
    assert query_of(page) == {"region": ["north-west"], "la": ["E08000003"]}
    assert page.locator("#overview-filter-region").input_value() == NORTH_WEST
    summary = page.locator("#overview-la")
    assert "Manchester now" in summary.inner_text()
    assert summary.get_by_role("link", name="Open Manchester's profile").get_attribute("href") == "/la/E08000003"
    after = page.locator("#overview-map-summary").inner_text()
    assert after != before and "Manchester" in after  # the map's text alternative names the chosen LA
    page.reload()
    wait_for_heading(page, "Overview: Manchester, North West")
    assert page.locator("#overview-filter-la").input_value() == "E08000003"
