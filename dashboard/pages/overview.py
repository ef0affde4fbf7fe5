"""Overview: how is the region doing, and is leadership getting better? Answered in a minute."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.chart_card import page_filters
from dashboard.components.deferred import deferred
from dashboard.components.kpi import kpi_card, kpi_cards
from dashboard.components.live import live, page_ids, register_live
from dashboard.components.map_card import map_card, register_map
from dashboard.components.table import data_table
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, register_filter_sync
from dashboard.views import overview as views

PAGE = "overview"
ids = page_ids(PAGE)
FIELDS = ("region", "la")
MAP_HEIGHT = 560  # px: the map's height on the smallest screen, before the browser has measured it
# CSS: England's hex tiles are about 0.85 as wide as tall, so on a wide screen the map grows with
# the width (58vw: tiles across nearly half a 1920 px screen) up to the screen's height.
MAP_CSS_HEIGHT = f"max({MAP_HEIGHT}px, min(58vw, 100vh))"
dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    path="/",
    title="Overview - RIA children's services dashboard",
    name="Overview",
    order=0,
    charts=True,
)


def headline_cards(filters: Filters) -> list:
    result = views.HEADLINES.result(filters)
    return kpi_cards(result.frame) + [
        dbc.Col(
            html.P(["Latest overall grades: ", html.Strong(result.extra["grade_mix"])], className="grade-mix"), xs=12
        )
    ]


def recent_section(filters: Filters) -> html.Div:
    result = views.RECENT.result(filters)
    title = result.extra["title"]
    if result.frame.empty:
        return html.Div([html.H2(title, className="h5"), html.P("No judgements were published in this period.")])
    return html.Div([html.H2(title, className="h5"), data_table(result.shown_frame, caption=title, show_caption=False)])


def la_summary(filters: Filters) -> html.Section | None:
    """The chosen LA's latest grades in words, above its region's figures (None: no LA chosen)."""
    if not filters.la:
        return None
    result = views.LA_NOW.result(filters)
    name = result.extra["name"]
    return html.Section(
        [
            html.H2(f"{name} now", className="h4"),
            dbc.Row([kpi_card(r["fact"], r["value"], r["detail"]) for r in result.frame.to_dict("records")]),
            html.P(
                [
                    dcc.Link(f"Open {name}'s profile", href=f"/la/{filters.la}"),
                    f": every inspection and visit. The figures below are for the {filters.region_name} region.",
                ]
            ),
        ],
        className="la-summary",
        **{"aria-label": f"{name}: latest grades"},
    )


HEADING = live(ids("heading"), views.heading, html.H1)
LA = live(ids("la"), la_summary)
CARDS = live(ids("cards"), headline_cards, dbc.Row, className="kpi-row")
RECENT = live(ids("changes"), recent_section)


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            html.P([views.loaded_text(), dcc.Link("Sources and methods", href="/methods")], className="loaded-summary"),
            filter_bar(PAGE, filters, FIELDS, notices),
            LA.draw(filters),
            CARDS.draw(filters),
            html.Div(
                map_card(PAGE, filters, FIELDS, height=MAP_CSS_HEIGHT, plot_height=MAP_HEIGHT), id=ids("map-slot")
            ),
            deferred(RECENT.draw(filters), label="recently published judgements", min_height="24rem"),
        ]
    )


register_filter_sync(PAGE, FIELDS)
register_map(PAGE, FIELDS, plot_height=MAP_HEIGHT)
register_live(page_filters(PAGE), [HEADING, LA, CARDS, RECENT])
