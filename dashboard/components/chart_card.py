"""One helper gives every view Chart | Table | Download tabs, so a table for every chart is
structural, not remembered (the DfE dashboard template's idea).

A view (dashboard/views) gives the frame shown in the table, the figure built from that same
frame and a one-line summary used as the chart's text alternative. `chart_card` lays it out for
the first render; `register_chart` wires the updates. The Download tab links to the view's data
twin (`/data/<view>.csv`, dashboard/data_routes.py), so "download what you see" has one code path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.cache import cached_call
from dashboard.components.deferred import CHART_BOX_CLASS, Deferred, deferred
from dashboard.components.table import data_table
from dashboard.components.tabs import tab_button_id, view_tabs
from dashboard.filters import Filters
from dashboard.state import filters_from_store, store_id
from dashboard.views import View

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # The modebar is hidden: its buttons are not keyboard reachable; the Download tab replaces them.
    "displayModeBar": False,
}
TABLE_PLACEHOLDER = "The table is filled in when this tab is opened."
# Room a chart card takes beyond its plot (header, description, tabs, caption): its placeholder's
# height until it is drawn (components/deferred.py).
CARD_CHROME_PX = 230


@dataclass(frozen=True)
class FilterSource:
    """Where a card's filters come from: a Dash Input (or a State, for a value that never
    changes on the page), and how its value becomes Filters."""

    input: Input | State
    read: Callable[[Any], Filters]


def page_filters(page: str) -> FilterSource:
    """The page's filter store (the URL's query string): the usual source."""
    return FilterSource(Input(store_id(page), "data"), filters_from_store)


def data_url(view: View, filters: Filters, extension: str = "csv") -> str:
    """The address of the view's data twin for these filters."""
    return f"/data/{view.name}.{extension}{view.relevant(filters).to_query()}"


def view_table(view: View, filters: Filters) -> html.Div:
    """The view's table as the Table tab shows it."""
    return data_table(view.result(filters).shown_frame, caption=view.title)


def chart_card(view: View, filters: Filters, *, height: int | None = None, description: str | None = None) -> Deferred:
    """The card for the first render of a page (figures are built here, not in a callback).

    The table is built when its tab is first opened (`register_table`): every table cell is a
    component Dash's renderer must track, and hidden tables made most of a page's first-load
    work. A card below the first screen is drawn after it (`deferred`).
    """
    key = view.name
    result = view.result(filters)
    height = height or view.height
    description = view.description if description is None else description
    card = dbc.Card(
        [
            dbc.CardHeader(html.H2(view.title, className="h5 mb-0", id=f"{key}-title")),
            dbc.CardBody(
                [
                    html.P(description, className="text-body-secondary small") if description else None,
                    view_tabs(
                        key,
                        f"{view.title}: views",
                        [
                            (
                                "chart",
                                "Chart",
                                html.Figure(
                                    [
                                        html.Div(
                                            dcc.Graph(
                                                id=f"{key}-graph",
                                                figure=result.figure,
                                                config=GRAPH_CONFIG,
                                                style={"height": f"{height}px"},
                                            ),
                                            role="img",
                                            id=f"{key}-img",
                                            className=CHART_BOX_CLASS,
                                            # The plot's room is kept while plotly loads: nothing below moves.
                                            style={"minHeight": f"{height}px"},
                                            **{"aria-label": result.summary},
                                        ),
                                        html.Figcaption(result.summary, id=f"{key}-summary", className="small mt-2"),
                                    ],
                                    className="mb-0",
                                ),
                            ),
                            ("table", "Table", html.Div(html.P(TABLE_PLACEHOLDER), id=f"{key}-table")),
                            ("download", "Download", download_panel(key, "table", view, filters)),
                        ],
                    ),
                ]
            ),
        ],
        className="mb-4 chart-card",
        id=f"{key}-card",
    )
    return deferred(card, label=view.title, min_height=f"{height + CARD_CHROME_PX}px")


# The Download tab's links, after the CSV button: (format, link text, what it is for). Images only
# for a view with a chart.
DATA_LINKS = (
    ("xlsx", "Excel (XLSX)", "for Excel"),
    ("ods", "OpenDocument (ODS)", "the format Ofsted and DfE publish in"),
)
IMAGE_LINKS = (
    ("png", "PNG image", "1600 x 900 pixels, for slides"),
    ("svg", "SVG image", "scales to any size, for documents"),
)


def download_formats(view: View) -> tuple[str, ...]:
    """The formats a view's Download tab links to, in order, each kept pointing at the filters."""
    return ("csv", *(f for f, _, _ in DATA_LINKS), *(f for f, _, _ in IMAGE_LINKS if view.chart), "json")


def _link_id(key: str, extension: str) -> str:
    return {"csv": f"{key}-download-button", "json": f"{key}-json-link"}.get(extension, f"{key}-download-{extension}")


def _download_link(key: str, view: View, filters: Filters, extension: str, kind: str, use: str) -> html.Li:
    """One download link: its text names the format and the chart, for a screen reader's links list."""
    return html.Li(
        [
            html.A(
                [f"Download {kind}", html.Span(f" of {view.title}", className="visually-hidden")],
                id=_link_id(key, extension),
                href=data_url(view, filters, extension),
                download=view.file_name(view.relevant(filters), extension),
            ),
            f" ({use})",
        ]
    )


def download_panel(key: str, what: str, view: View, filters: Filters) -> html.Div:
    """The Download tab: the view's CSV, XLSX and ODS twins, PNG and SVG images of a chart, and
    the JSON twin, every link following the filters (`download_values`)."""
    links = [*DATA_LINKS, *(IMAGE_LINKS if view.chart else ())]
    return html.Div(
        [
            html.P(
                f"Download exactly the numbers in the {what}, as CSV. The first lines (starting with #) "
                "name the sources, the filters and when the file was made."
            ),
            html.A(
                ["Download CSV", html.Span(f" of {view.title}", className="visually-hidden")],
                id=_link_id(key, "csv"),
                href=data_url(view, filters, "csv"),
                download=view.file_name(view.relevant(filters), "csv"),
                className="btn btn-primary",
            ),
            html.P("The same, in other formats:", className="mt-3 mb-1"),
            html.Ul(
                [_download_link(key, view, filters, extension, kind, use) for extension, kind, use in links],
                className="mb-2",
            ),
            html.P(
                "Spreadsheets hold the numbers on one sheet and, on the first, the sources (with their "
                "sha256 checksums), the filters and the definitions."
                + (" Images carry the title, the filters and the source." if view.chart else ""),
                className="small",
            ),
            html.P(
                [
                    "For other programs: ",
                    html.A("the same data as JSON", id=_link_id(key, "json"), href=data_url(view, filters, "json")),
                    ", with the grade codes beside their labels.",
                ],
                className="small mt-2 mb-0",
            ),
        ],
        className="pt-2",
    )


def download_outputs(key: str, view: View) -> list[Output]:
    """The parts of a Download tab that follow the filters (see `download_values`): each link's
    href and, for a file, its file name."""
    outputs = []
    for extension in download_formats(view):
        outputs.append(Output(_link_id(key, extension), "href"))
        if extension != "json":
            outputs.append(Output(_link_id(key, extension), "download"))
    return outputs


def download_values(view: View, filters: Filters) -> tuple[str, ...]:
    values = []
    for extension in download_formats(view):
        values.append(data_url(view, filters, extension))
        if extension != "json":
            values.append(view.file_name(view.relevant(filters), extension))
    return tuple(values)


def register_table(key: str, source: FilterSource, table_for: Callable[[Filters], object]) -> None:
    """Fill the Table tab of card `key` when it is opened, and again on a filter change once open.

    `table_for(filters)` builds the table; it is cached per filter set and store revision.
    """

    @callback(
        Output(f"{key}-table", "children"),
        Input(tab_button_id(key, "table"), "n_clicks"),
        source.input,  # an Input redraws an opened table on a change; a State (a fixed LA) does not
        prevent_initial_call=True,
    )
    def _table(opened, value):
        if not opened:
            return no_update  # not opened yet: a filter change sends no table
        # Opened again, it is sent again (from the cache): a no_update here left the tab empty when
        # the first opening's answer was still on its way, as Dash drops that for the newer request.
        return cached_call(table_for, source.read(value))


def register_chart(view: View, source: FilterSource) -> None:
    """Callbacks: redraw (and re-point the downloads) when the filters change; the table when opened."""
    key = view.name

    @callback(
        Output(f"{key}-graph", "figure"),
        Output(f"{key}-summary", "children"),
        Output(f"{key}-img", "aria-label"),
        *download_outputs(key, view),
        source.input,
        prevent_initial_call=True,
    )
    def _update(value):
        filters = source.read(value)
        result = view.result(filters)
        return result.figure, result.summary, result.summary, *download_values(view, filters)

    register_table(key, source, lambda filters: view_table(view, filters))
