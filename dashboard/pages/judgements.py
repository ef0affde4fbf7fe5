"""Judgements over time: the page that lays out dashboard/views/judgements.py's three views."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard.components.chart_card import chart_card, page_filters, register_chart
from dashboard.components.live import live, page_ids, register_live
from dashboard.components.table import data_table
from dashboard.figures.distributions import grade_key
from dashboard.filters import Filters, parse_query
from dashboard.state import control_id, filter_bar, filters_from_store, register_filter_sync, store_id
from dashboard.views import judgements as views
from data_access.areas import HEADLINE_AREAS

PAGE = "judgements"
ids = page_ids(PAGE)
FIELDS = views.FILTER_FIELDS
SYNCED = (*FIELDS, "pair")  # the framework pair is laid out by the transitions chart
PAIR_ID = control_id(PAGE, "pair")
CELL_ID = ids("transition-cell")
LAS_ID = ids("transition-las")

dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    charts=True,  # preload plotly.js (dashboard/factory.py)
    # Views warm_up computes too: each judgement area's latest grades at every year end (~0.15 s
    # an area), which every region's view of that area then reads.
    warm=[f"?area={area}" for area in HEADLINE_AREAS if area != "overall"],
    path="/judgements",
    title="Judgements over time - RIA children's services dashboard",
    name="Judgements",
    order=2,
)

HEADING = live(ids("heading"), lambda f: f"Judgements over time: {f.scope_name}", html.H1)


def cell_options(pair: str | None) -> list[dict]:
    return [{"label": "Choose a cell of the chart", "value": ""}] + [
        {"label": label, "value": value} for value, label in views.transition_cells(pair)
    ]


def las_behind(filters: Filters, cell: str | None) -> html.Div:
    """The LAs behind one cell of the transition matrix, with both publication dates."""
    if not cell or "|" not in cell:
        return html.P(
            "Click a cell of the chart (or choose one above) to list the local authorities in it.",
            className="text-body-secondary",
        )
    title, table = views.transition_las(filters, cell)
    if table.empty:
        return html.Div([html.H3(title, className="h6"), html.P("No local authorities in this cell.")])
    return data_table(table, caption=title)  # the table's caption is the title


def transitions_section(filters: Filters) -> html.Section:
    options = views.pair_options()
    pair = filters.pair
    if pair not in options:  # a link may name a pair this store has no transitions for
        options[pair] = views.pair_name(pair)
    controls = html.Div(
        [
            dbc.Label("Framework pair (previous → later inspection)", html_for=PAIR_ID, className="fw-bold"),
            dbc.Select(id=PAIR_ID, value=pair, options=[{"label": t, "value": v} for v, t in options.items()]),
            html.P(views.STUCK_TEXT, className="mt-3", id=ids("stuck")),
            html.P(
                "Each cell shows a count over its row percentage: of the LAs with that previous grade, the "
                "share that got each grade next; the larger the share, the darker the cell. The framework "
                "filter does not apply here: choose the pair instead. "
                "Published from/to apply to the later inspection.",
                className="small",
            ),
        ],
        className="pt-2",
    )
    return html.Section(
        [
            dbc.Row([dbc.Col(chart_card(views.TRANSITIONS, filters), lg=8), dbc.Col(controls, lg=4)]),
            html.Div(
                [
                    dbc.Label("Show the local authorities in a cell", html_for=CELL_ID, className="fw-bold"),
                    dbc.Select(
                        id=CELL_ID,
                        value="",
                        options=cell_options(pair),
                        placeholder="Choose a cell of the chart",  # dbc.Select shows "" as blank otherwise
                        className="mb-2",
                        style={"maxWidth": "40rem"},
                    ),
                    html.Div(las_behind(filters, ""), id=LAS_ID, role="region", **{"aria-live": "polite"}),
                ],
                className="mb-4",
            ),
        ],
        **{"aria-label": "Grade transitions"},
    )


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            filter_bar(PAGE, filters, FIELDS, notices),
            chart_card(views.BY_YEAR, filters),
            chart_card(views.AS_AT, filters),
            transitions_section(filters),
        ]
    )


# -- callbacks ------------------------------------------------------------------------------------------

SOURCE = page_filters(PAGE)
register_filter_sync(PAGE, SYNCED)
register_live(SOURCE, [HEADING])
for _view in (views.BY_YEAR, views.AS_AT, views.TRANSITIONS):
    register_chart(_view, SOURCE)


@callback(Output(CELL_ID, "value"), Input(f"{views.TRANSITIONS.name}-graph", "clickData"), prevent_initial_call=True)
def _cell_from_click(click):
    point = ((click or {}).get("points") or [{}])[0]
    try:
        return f"{grade_key(point['y'])}|{grade_key(point['x'])}"
    except (KeyError, TypeError, ValueError):  # not a cell of the grade matrix
        return dash.no_update


@callback(Output(CELL_ID, "options"), Input(PAIR_ID, "value"), prevent_initial_call=True)
def _cell_labels(pair):
    return cell_options(pair)


@callback(Output(LAS_ID, "children"), Input(CELL_ID, "value"), Input(store_id(PAGE), "data"), prevent_initial_call=True)
def _las(cell, query):
    return las_behind(filters_from_store(query), cell)
