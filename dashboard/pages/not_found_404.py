"""The page for any address the dashboard does not have (Dash shows it for unknown paths)."""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(
    __name__, path="/404", name="Page not found", title="Page not found - RIA children's services dashboard"
)


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Page not found"),
            html.P(
                "There is no page at this address. If you typed it, check it is correct; if you followed a "
                "link, the page may have moved."
            ),
            html.P(dcc.Link("Go to the overview", href="/"), className="fs-5"),
            html.P(
                [
                    "Or go to ",
                    dcc.Link("Leadership", href="/leadership"),
                    ", ",
                    dcc.Link("Judgements", href="/judgements"),
                    ", ",
                    dcc.Link("Maps", href="/maps"),
                    " or ",
                    dcc.Link("Methods and sources", href="/methods"),
                    ".",
                ]
            ),
        ]
    )
