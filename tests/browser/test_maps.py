"""The hex map in a real browser: one trace of hexagon tiles, sized for the screen, a click opens an LA."""

from __future__ import annotations

import math

import pytest

from tests.browser.conftest import goto, wait_for_dash_idle

pytestmark = pytest.mark.browser

MANCHESTER = "E08000003"

# The drawn tile trace: its points' sizes and positions on the page (CSS pixels), by ONS code.
TILES_JS = """
(box) => {
  const gd = document.getElementById(box).querySelector('.js-plotly-plot');
  const full = gd._fullLayout, trace = gd.data[0], rect = gd.getBoundingClientRect();
  const paths = gd.querySelectorAll('.scatterlayer .trace:first-child path.point');
  const tiles = {};
  trace.customdata.forEach((code, i) => {
    tiles[code] = {
      x: rect.left + full._size.l + full.xaxis.l2p(trace.x[i]),
      y: rect.top + full._size.t + full.yaxis.l2p(trace.y[i]),
    };
  });
  const widths = Array.from(paths).map((p) => p.getBoundingClientRect().width);
  return {traces: gd.data.length, points: paths.length, size: trace.marker.size, tiles: tiles,
          width: Math.max(...widths), spacing: Math.abs(full.xaxis.l2p(Math.sqrt(3)) - full.xaxis.l2p(0))};
}
"""


def tiles(page, box: str = "maps-map-img") -> dict:
    return page.evaluate(TILES_JS, box)


def test_the_hex_map_is_one_trace_of_tiles_that_nearly_touch(page, live_url):
    goto(page, live_url + "/maps", charts=True)
    drawn = tiles(page)
    assert drawn["traces"] == 1 + 7 and drawn["points"] == 153  # the tiles, then the legend slots
    # the browser reported the graph's size: the tiles fill a 1366 x 768 screen's map
    assert drawn["width"] < drawn["spacing"] < drawn["width"] * 1.1, drawn
    assert drawn["width"] == pytest.approx(drawn["size"] * math.sqrt(3) / 2, abs=0.5)


def test_a_narrow_screen_gets_tiles_that_do_not_overlap(page, live_url):
    page.set_viewport_size({"width": 400, "height": 800})
    goto(page, live_url + "/maps", charts=True)
    page.wait_for_function(  # the size patch after the browser measured the graph
        "(box) => { const gd = document.getElementById(box).querySelector('.js-plotly-plot');"
        " return gd && gd.data[0].marker.size < 30; }",
        arg="maps-map-img",
    )
    drawn = tiles(page)
    assert drawn["width"] < drawn["spacing"], drawn  # neighbours are one spacing apart: a gap remains
    xs = [t["x"] for t in drawn["tiles"].values()]
    graph = page.locator("#maps-map-img").bounding_box()
    assert min(xs) - drawn["width"] / 2 >= graph["x"] - 1  # and all of England is on the screen
    assert max(xs) + drawn["width"] / 2 <= graph["x"] + graph["width"] + 1


@pytest.mark.parametrize("path,box", [("/maps?region=north-west", "maps-map-img"), ("/", "overview-map-img")])
def test_clicking_a_tile_opens_the_la_profile(page, live_url, path, box):
    goto(page, live_url + path, charts=True)
    page.locator(f"#{box}").scroll_into_view_if_needed()  # the overview's map is below the fold
    manchester = tiles(page, box)["tiles"][MANCHESTER]
    page.mouse.move(manchester["x"], manchester["y"])
    page.wait_for_selector(".hoverlayer .hovertext", state="attached")
    assert "Manchester" in page.locator(".hoverlayer .hovertext").first.text_content()
    page.mouse.click(manchester["x"], manchester["y"])
    page.wait_for_url(f"**/la/{MANCHESTER}")
    wait_for_dash_idle(page)
    assert "Manchester" in page.locator("#_pages_content h1").first.inner_text()
