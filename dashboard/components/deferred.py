"""Sections below the first screen are drawn after it: `deferred(section)`.

A page's first load is what its user sees first. Dash renders a whole page at once and plotly
draws every chart on it before the browser paints, so a chart three screens down delayed the
first one. With the `deferred` fast path on (dashboard/fast_paths.py), a section is wrapped in a
`Deferred` component: it is in the layout like any other (callbacks update it, tests find its ids)
but the browser renders its children only when it is on the screen or scrolled to, or once the
page's first screen is drawn and the browser is idle, one section at a time
(`window.ria_components.Deferred` in assets/ria.js). Until then a placeholder of about the
section's height says what is coming, so nothing below it jumps. With it off (RIA_FAST_PATHS=0)
the section is in a plain `html.Div` and Dash renders it with the rest of the page.
"""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from dashboard import fast_paths
from dashboard.fast_paths import Deferred

__all__ = ["CHART_BOX_CLASS", "Deferred", "FIRST_SCREEN_READY", "WHOLE_PAGE_READY", "deferred"]

# The class a chart's text-alternative box carries (chart_card, map_card): the browser waits for
# every one of these rendered so far to hold a drawn plotly chart before it draws deferred sections.
CHART_BOX_CLASS = "ria-chart"
# The attribute a section's placeholder carries while it waits (assets/ria.js).
WAITING = "data-deferred"

# When a page is ready, as the browser tests, the benchmark and the screenshots see it (a
# JavaScript function to run in the page): its first screen, when its heading is there and every
# chart box rendered so far holds a drawn plotly chart; the whole page, when in addition no
# section is still waiting to be drawn. (Without the fast path the two are the same moment.)
FIRST_SCREEN_READY = (
    "() => !!document.querySelector('h1') && "
    f"[...document.querySelectorAll('.{CHART_BOX_CLASS}')].every(box => box.querySelector('.main-svg'))"
)
WHOLE_PAGE_READY = f"() => !document.querySelector('[{WAITING}]') && ({FIRST_SCREEN_READY})()"


def deferred(section: Component, *, label: str, min_height: str) -> Component:
    """`section` drawn after the first screen unless it is on it (see the module docstring)."""
    if fast_paths.active("deferred"):
        return Deferred(section, min_height=min_height, label=label, className="ria-deferred")
    return html.Div(section, className="ria-deferred")
