"""Sections below the first screen are drawn after it: `deferred(section)`.

A page's first load is what its user sees first. Dash renders a whole page at once and plotly
draws every chart on it before the browser paints, so a chart three screens down delayed the
first one. A `Deferred` section is in the layout like any other (callbacks update it, tests find
its ids) but the browser renders its children only when it is on the screen or scrolled to, or
once the page's first screen is drawn and the browser is idle, one section at a time
(`window.ria_components.Deferred` in assets/ria.js). Until then a placeholder of about the
section's height says what is coming, so nothing below it jumps.
"""

from __future__ import annotations

from dash.development.base_component import Component

# The class a chart's text-alternative box carries (chart_card, map_card): the browser waits for
# every one of these rendered so far to hold a drawn plotly chart before it draws deferred sections.
CHART_BOX_CLASS = "ria-chart"


class Deferred(Component):
    """Children rendered when on the screen or scrolled to, or after the first screen is drawn.

    Keyword arguments:
    - children: the section.
    - id: the placeholder's and the section's wrapper id.
    - className: classes of the wrapper.
    - min_height: CSS height the placeholder keeps (about the section's own).
    - label: what the placeholder says is coming, e.g. the section's title.
    - shown: set by the browser when it renders a section that waited (never sent by the server).
    """

    _namespace = "ria_components"  # window.ria_components, defined in assets/ria.js
    _type = "Deferred"
    _children_props: list[str] = []
    _base_nodes = ["children"]
    _prop_names = ["children", "id", "className", "min_height", "label", "shown"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []

    def __init__(self, children=None, id=None, className=None, min_height=None, label=None, shown=None):
        args = dict(id=id, className=className, min_height=min_height, label=label, shown=shown)
        super().__init__(children=children, **{k: v for k, v in args.items() if v is not None})


def deferred(section: Component, *, label: str, min_height: str) -> Deferred:
    """`section` drawn after the first screen unless it is on it (see the module docstring)."""
    return Deferred(section, min_height=min_height, label=label, className="ria-deferred")
