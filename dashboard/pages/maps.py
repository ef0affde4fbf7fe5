"""Maps: every LA of the region on one large map, coloured by grade, leadership change or age."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from dashboard.components.map_card import map_card, register_map
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, filters_from_store, register_filter_sync, store_id

PAGE = "maps"
FIELDS = ("region", "la", "colour", "map")
PLOT_HEIGHT = 576  # 75vh of a 1366x768 screen: labels are sized for it, and grow no smaller above
dash.register_page(
    __name__, path="/maps", title="Maps - RIA children's services dashboard", name="Maps", order=1, charts=True
)


def heading(filters: Filters) -> str:
    return f"Maps: {filters.place_name}"


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            html.H1(heading(filters), id=f"{PAGE}-heading"),
            filter_bar(PAGE, filters, FIELDS, notices),
            map_card(PAGE, filters, FIELDS, height="75vh", plot_height=PLOT_HEIGHT),
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
register_map(PAGE, FIELDS, plot_height=PLOT_HEIGHT)


@callback(Output(f"{PAGE}-heading", "children"), Input(store_id(PAGE), "data"), prevent_initial_call=True)
def _heading(query):
    return heading(filters_from_store(query))
