"""The grade-transition matrix in a real browser: its cells are scatter points made invisible,
so check that hovering anywhere in a cell names it and a click lists the LAs behind it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import goto, wait_for_dash_idle

pytestmark = pytest.mark.browser

GRAPH = "#judgements-transitions-graph"

# Page coordinates of a point inside cell (row, column): `at` is -1..1 from the centre to the edges.
CELL_POINT_JS = """
([row, column, at]) => {
  const gd = document.querySelector('#judgements-transitions-graph .js-plotly-plot');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  return [box.left + xa.l2p(column + at * 0.5), box.top + ya.l2p(row + at * 0.5)];
}
"""


def cell_point(page, row: int, column: int, at: float = 0.0) -> tuple[float, float]:
    page.locator(GRAPH).scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_POINT_JS, [row, column, at])
    return x, y


def test_hover_names_the_cell_and_a_click_lists_its_las(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    page.wait_for_function(f"() => document.querySelectorAll('{GRAPH} .textpoint').length === 16")
    counts = page.evaluate(
        "() => document.querySelector('#judgements-transitions-graph .js-plotly-plot').data[0].customdata"
    )

    # Near a corner of "previous good, then good" (row 1, column 1), well away from its centre.
    page.mouse.move(*cell_point(page, 1, 1, at=0.9))
    hover = page.locator(f"{GRAPH} .hoverlayer .hovertext")
    hover.wait_for()
    assert hover.text_content().startswith(f"Previous grade Good, then Good: {counts[5]} (")

    # A click on "previous inadequate, then requires improvement" (row 3, column 2).
    assert counts[14] > 0, "the demo data has LAs in this cell"
    # Plotly clicks the point it last hovered, so let the hover catch up with the pointer first.
    target = cell_point(page, 3, 2)
    page.mouse.move(*target)
    page.wait_for_function(
        f"() => document.querySelector('{GRAPH} .hoverlayer .hovertext')?.textContent"
        ".startsWith('Previous grade Inadequate, then Requires improvement')"
    )
    page.mouse.click(*target)
    page.wait_for_function("() => document.querySelector('#judgements-transition-cell').value !== ''")
    assert page.locator("#judgements-transition-cell").input_value() == "inadequate|requires_improvement"
    wait_for_dash_idle(page)
    caption = page.locator("#judgements-transition-las caption").text_content()
    assert caption.startswith(f"Previous grade inadequate, then requires improvement: {counts[14]} judgement")
    assert page.locator("#judgements-transition-las tbody tr").count() == counts[14]
