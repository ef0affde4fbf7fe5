"""Every chart is drawn once: the margins set in Python leave plotly nothing to widen.

Plotly widens a margin that is too narrow for its labels, titles or legend and then draws the
whole chart again, which on a page's first load costs about as much as the first draw. The
figures set their margins ahead from their labels (dashboard/figures/theme.py); this checks the
estimate holds on the screens the dashboard is built for, with the fonts the browser really has.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import goto
from tests.live_server import PAGES

pytestmark = pytest.mark.browser

CHART_PAGES = {name: path for name, path in PAGES.items() if name not in ("methods", "accessibility")}

# For each drawn chart: the margins the figure asked for, and the ones plotly drew with.
MARGINS_JS = """
() => Array.from(document.querySelectorAll('#_pages_content .js-plotly-plot')).map((gd) => {
  const asked = gd._fullLayout.margin, drawn = gd._fullLayout._size;
  return {chart: gd.closest('[id$="-img"]').id,
          asked: [asked.l, asked.r, asked.t, asked.b],
          drawn: [drawn.l, drawn.r, drawn.t, drawn.b].map(Math.round)};
})
"""


@pytest.mark.parametrize("width,height", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("name", sorted(CHART_PAGES))
def test_plotly_keeps_the_margins_each_chart_sets(page, live_url, name, width, height):
    page.set_viewport_size({"width": width, "height": height})
    goto(page, live_url + CHART_PAGES[name], charts=True)
    charts = page.evaluate(MARGINS_JS)
    assert charts, "no chart drawn"
    widened = [c for c in charts if c["drawn"] != c["asked"]]
    assert not widened, widened
