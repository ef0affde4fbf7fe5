"""One helper gives every output Chart | Table | Download tabs, so a table for every chart is
structural, not remembered (the DfE dashboard template's idea).

A page describes an output as a `ChartView`: a function from Filters to a `ViewResult` (the
frame shown in the table and downloaded, the figure built from that same frame, and a one-line
summary used as the chart's text alternative). `chart_card` lays it out for the first render;
`register_chart` wires the update and CSV download callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.cache import cached_call
from dashboard.components.deferred import CHART_BOX_CLASS, Deferred, deferred
from dashboard.components.table import data_table
from dashboard.components.tabs import tab_button_id, view_tabs
from dashboard.filters import Filters
from dashboard.state import filters_from_store

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # The modebar is hidden: its buttons are not keyboard reachable; the Download tab replaces them.
    "displayModeBar": False,
}


@dataclass
class ViewResult:
    frame: pd.DataFrame
    figure: go.Figure
    summary: str
    source: str = "Ofsted inspection outcomes (Open Government Licence v3.0)"
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChartView:
    key: str  # unique DOM id prefix, e.g. "judgements-by-year"
    title: str
    compute: Callable[[Filters], ViewResult]
    height: int = 420

    def result(self, filters: Filters) -> ViewResult:
        """The view for these filters, cached until the store changes."""
        return cached_call(self.compute, filters)


TABLE_PLACEHOLDER = "The table is filled in when this tab is opened."


# Room a chart card takes beyond its plot (header, description, tabs, caption): its placeholder's
# height until it is drawn (components/deferred.py).
CARD_CHROME_PX = 230


def chart_card(view: ChartView, filters: Filters, *, description: str = "") -> Deferred:
    """The card for the first render of a page (figures are built here, not in a callback).

    The table is built when its tab is first opened (`register_table`, or the page's own
    callback): every table cell is a component Dash's renderer must track, and hidden tables made
    most of a page's first-load work. A card below the first screen is drawn after it (`deferred`).
    """
    result = view.result(filters)
    table = html.P(TABLE_PLACEHOLDER)
    card = dbc.Card(
        [
            dbc.CardHeader(html.H2(view.title, className="h5 mb-0", id=f"{view.key}-title")),
            dbc.CardBody(
                [
                    html.P(description, className="text-body-secondary small") if description else None,
                    view_tabs(
                        view.key,
                        f"{view.title}: views",
                        [
                            (
                                "chart",
                                "Chart",
                                html.Figure(
                                    [
                                        html.Div(
                                            dcc.Graph(
                                                id=f"{view.key}-graph",
                                                figure=result.figure,
                                                config=GRAPH_CONFIG,
                                                style={"height": f"{view.height}px"},
                                            ),
                                            role="img",
                                            id=f"{view.key}-img",
                                            className=CHART_BOX_CLASS,
                                            # The plot's room is kept while plotly loads: nothing below moves.
                                            style={"minHeight": f"{view.height}px"},
                                            **{"aria-label": result.summary},
                                        ),
                                        html.Figcaption(
                                            result.summary, id=f"{view.key}-summary", className="small mt-2"
                                        ),
                                    ],
                                    className="mb-0",
                                ),
                            ),
                            (
                                "table",
                                "Table",
                                html.Div(table, id=f"{view.key}-table"),
                            ),
                            ("download", "Download", download_panel(view.key, "table")),
                        ],
                    ),
                ]
            ),
        ],
        className="mb-4 chart-card",
        id=f"{view.key}-card",
    )
    return deferred(card, label=view.title, min_height=f"{view.height + CARD_CHROME_PX}px")


def download_panel(key: str, what: str) -> html.Div:
    """The Download tab: one button, and the component that sends the file."""
    return html.Div(
        [
            html.P(
                f"Download exactly the numbers in the {what}, as CSV. The first lines (starting with #) "
                "name the source and the filters."
            ),
            dbc.Button("Download CSV", id=f"{key}-download-button", color="primary"),
            dcc.Download(id=f"{key}-download"),
        ],
        className="pt-2",
    )


def csv_text(result: ViewResult, filters: Filters, title: str) -> str:
    """The table as CSV, with comment lines naming what it is, its source and filters."""
    header = [
        f"# {title}",
        f"# Filters: {filters.describe()}",
        f"# Source: {result.source}",
        f"# Downloaded: {date.today().isoformat()}",
    ] + [f"# Note: {n}" for n in result.notes]
    return "\n".join(header) + "\n" + result.frame.to_csv(index=False, date_format="%Y-%m-%d")


def register_table(key: str, store_id: str, table_for: Callable[[Filters], object]) -> None:
    """Fill the Table tab of card `key` when it is opened, and again on a filter change once open.

    `table_for(filters)` builds the table; it is cached per filter set and store version.
    """

    @callback(
        Output(f"{key}-table", "children"),
        Input(store_id, "data"),
        Input(tab_button_id(key, "table"), "n_clicks"),
        prevent_initial_call=True,
    )
    def _table(query, opened):
        if not opened:
            return no_update  # not opened yet: a filter change sends no table
        return cached_call(table_for, filters_from_store(query))


def register_chart(view: ChartView, store_id: str) -> None:
    """Callbacks: redraw when the page's filters change; the table when opened; the CSV on request."""

    @callback(
        Output(f"{view.key}-graph", "figure"),
        Output(f"{view.key}-summary", "children"),
        Output(f"{view.key}-img", "aria-label"),
        Input(store_id, "data"),
        prevent_initial_call=True,
    )
    def _update(query):
        result = view.result(filters_from_store(query))
        return result.figure, result.summary, result.summary

    def table(filters: Filters):
        return data_table(view.result(filters).frame, caption=view.title)

    register_table(view.key, store_id, table)

    @callback(
        Output(f"{view.key}-download", "data"),
        Input(f"{view.key}-download-button", "n_clicks"),
        State(store_id, "data"),
        prevent_initial_call=True,
    )
    def _download(_clicks, query):
        filters = filters_from_store(query)
        result = view.result(filters)
        return dict(content=csv_text(result, filters, view.title), filename=f"{view.key}.csv", type="text/csv")
