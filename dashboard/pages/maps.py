"""Maps: every LA of the region on one large map, coloured by grade, leadership change or age."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.chart_card import page_filters
from dashboard.components.live import live, page_ids, register_live
from dashboard.components.map_card import map_card, register_map
from dashboard.filters import parse_query
from dashboard.state import filter_bar, register_filter_sync
from dashboard.views import maps as views

PAGE = "maps"
ids = page_ids(PAGE)
FIELDS = views.FILTER_FIELDS
dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    path="/maps",
    title="Maps - RIA children's services dashboard",
    name="Maps",
    order=1,
    charts=True,
)

HEADING = live(ids("heading"), lambda f: f"Maps: {f.place_name}", html.H1)


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            filter_bar(PAGE, filters, FIELDS, notices),
            map_card(PAGE, filters, FIELDS, height="75vh", plot_height=views.DESK_HEIGHT),
            html.P(
                "Choose a region to bring its local authorities forward; the rest of England stays in grey "
                "for context. Choose a local authority to outline it on the map. Click a local authority "
                "on the map, or follow the links in the Table tab, "
                "to open its profile. Every tile also says its value in words, so no value is told by "
                "colour alone."
            ),
        ]
    )


register_filter_sync(PAGE, FIELDS)
register_map(PAGE, FIELDS, plot_height=views.DESK_HEIGHT)
register_live(page_filters(PAGE), [HEADING])
