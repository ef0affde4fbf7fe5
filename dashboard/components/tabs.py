"""Accessible tabs (WAI-ARIA tabs pattern) for the Chart | Table | Download views.

dash-bootstrap-components 2.0's Tabs render every tab with the same id ("...-tab-null"), an
aria-controls pointing nowhere and tabindex=-1, which axe reports as critical and keyboard users
cannot reach. These are plain buttons and panels; assets/ria.js switches them (click, arrow
keys, Home/End). Each tab button counts clicks in `n_clicks`, so a callback can fill a panel
only when it is first opened.
"""

from __future__ import annotations

from dash import html


def tab_button_id(key: str, tab: str) -> str:
    return f"{key}-tab-{tab}"


def view_tabs(key: str, label: str, panels: list[tuple[str, str, object]]) -> html.Div:
    """Tabs for `panels` [(tab id, tab label, content)]; the first is shown first."""
    buttons, bodies = [], []
    for index, (tab, text, content) in enumerate(panels):
        selected = index == 0
        buttons.append(
            html.Button(
                text,
                id=tab_button_id(key, tab),
                type="button",
                role="tab",
                tabIndex=0 if selected else -1,
                className="nav-link" + (" active" if selected else ""),
                **{"aria-selected": "true" if selected else "false", "aria-controls": f"{key}-panel-{tab}"},
            )
        )
        bodies.append(
            html.Div(
                content,
                id=f"{key}-panel-{tab}",
                role="tabpanel",
                tabIndex=0,
                hidden=not selected,
                className="ria-tabpanel pt-2",
                **{"aria-labelledby": tab_button_id(key, tab)},
            )
        )
    return html.Div(
        [html.Div(buttons, role="tablist", className="nav nav-tabs", **{"aria-label": label}), *bodies],
        className="ria-tabs",
        id=f"{key}-tabs",
    )
