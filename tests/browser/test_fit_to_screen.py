"""Tables and charts fit the screen at 1920x1080 and 1366x768: no table runs past its card, the
map's table shows every row, the Overview's map uses the width, and the leadership percentages'
labels do not overlap."""

from __future__ import annotations

import pytest

from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from tests.browser.conftest import goto, wait_for_dash_idle

pytestmark = pytest.mark.browser

SIZES = {"1920x1080": (1920, 1080), "1366x768": (1366, 768)}

# Every visible table against its wrapper (which would scroll) and its card (or section).
TABLES_JS = """
() => Array.from(document.querySelectorAll('#_pages_content table')).filter((t) => t.offsetParent).map((t) => {
  const card = t.closest('.card, section') || t.parentElement;
  const wrap = t.parentElement;
  const box = t.getBoundingClientRect();
  const cardBox = card.getBoundingClientRect();
  return {
    caption: t.caption ? t.caption.textContent.trim().slice(0, 60) : '(no caption)',
    right: box.right, cardRight: cardBox.right, width: box.width, cardWidth: cardBox.width,
    scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth,
    scrollHeight: wrap.scrollHeight, clientHeight: wrap.clientHeight,
    rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0,
  };
})
"""


def open_every_table_tab(page) -> None:
    tabs = page.locator("#_pages_content [role=tab]", has_text="Table")
    for i in range(tabs.count()):
        tabs.nth(i).click()
    wait_for_dash_idle(page)
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('[role=tabpanel]:not([hidden])'))"
        ".some((p) => p.textContent.includes('filled in when this tab is opened'))"
    )


def overflowing(tables: list[dict]) -> list[str]:
    return [
        f"{t['caption']}: table {t['width']:.0f} px in a card of {t['cardWidth']:.0f} px "
        f"(scroll width {t['scrollWidth']} > {t['clientWidth']})"
        for t in tables
        if t["scrollWidth"] > t["clientWidth"] + 1 or t["right"] > t["cardRight"] + 1
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "path",
    ["/la/E08000003", "/leadership?region=north-west", "/maps?region=north-west"],
    ids=["la-profile", "leadership", "maps"],
)
def test_no_table_is_wider_than_its_card(page, live_url, path, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    goto(page, live_url + path)
    open_every_table_tab(page)
    if path.startswith("/leadership"):
        # the drill-down tables: the LAs behind the first year's bar and behind a region's
        for view in ("leadership-by-year", "leadership-by-region"):
            select = page.locator(f"#{view}-drill-group")
            # options: the placeholder, "Choose a year" (or region), then the years (or regions)
            select.select_option(select.locator("option").nth(2).get_attribute("value"))
            page.locator(f"#{view}-drill table").wait_for(state="visible")
        wait_for_dash_idle(page)
    tables = page.evaluate(TABLES_JS)
    assert tables, f"{path}: no table shown"
    assert not overflowing(tables), f"{path} at {size}: " + "; ".join(overflowing(tables))


@pytest.mark.parametrize("size", SIZES)
def test_the_maps_table_shows_every_row_of_the_region(page, live_url, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    goto(page, live_url + "/maps?region=north-west")
    open_every_table_tab(page)
    [table] = [t for t in page.evaluate(TABLES_JS) if t["caption"].startswith("Map of")]
    north_west = [la for la in LOCAL_AUTHORITIES if la.region_code == "E12000002" and la.current]
    assert table["rows"] == len(north_west)
    # no box of its own to scroll: every row is on the page
    assert table["scrollHeight"] <= table["clientHeight"] + 1


def test_the_overview_map_uses_the_width_of_a_wide_screen(page, live_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    goto(page, live_url + "/", charts=True)
    page.wait_for_function(
        "() => { const t = document.querySelector('#overview-map-img .scatterlayer .trace');"
        " return t && t.getBoundingClientRect().width > 0; }"
    )
    wait_for_dash_idle(page)  # the tiles are resized once the browser has measured the graph
    tiles = page.locator("#overview-map-img .scatterlayer .trace").first.bounding_box()
    assert tiles["width"] >= 0.42 * 1920, f"the hex tiles span {tiles['width']:.0f} px of 1920"


OVERLAPS_JS = """
(graph) => {
  const boxes = Array.from(graph.querySelectorAll('.scatterlayer text, .barlayer text'))
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => ({text: t.textContent, box: t.getBoundingClientRect()}));
  const hits = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
        hits.push(boxes[i].text + ' / ' + boxes[j].text);
      }
    }
  }
  return {count: boxes.length, hits};
}
"""


@pytest.mark.parametrize("size", SIZES)
def test_leadership_labels_do_not_overlap(page, live_url, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    goto(page, live_url + "/leadership?region=north-west&framework=ILACS", charts=True)
    for graph in ("#leadership-by-year-graph", "#leadership-by-region-graph"):
        result = page.locator(graph).evaluate(OVERLAPS_JS)
        assert result["count"] > 0, f"{graph}: no labels drawn"
        assert not result["hits"], f"{graph} at {size}: overlapping labels {result['hits']}"
