"""Leadership: the page that lays out dashboard/views/leadership.py (the CYP Board's measure)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html, no_update

from dashboard.components.chart_card import chart_card, page_filters, register_chart
from dashboard.components.kpi import kpi_cards
from dashboard.components.live import live, page_ids, register_live
from dashboard.components.table import data_table
from dashboard.figures.leadership import CHANGE_LABELS, definition_points
from dashboard.figures.theme import CHANGE_ORDER
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, filters_from_store, register_filter_sync, store_id
from dashboard.views import View
from dashboard.views import leadership as views
from dashboard.views.base import KEY_SUFFIX
from data_access.metrics import leadership as measure
from data_access.reference.regions import REGIONS

PAGE = "leadership"
ids = page_ids(PAGE)
FIELDS = views.FILTER_FIELDS

dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    charts=True,  # preload plotly.js (dashboard/factory.py)
    path="/leadership",
    name="Leadership",
    order=3,
    title="Leadership grade change - RIA children's services dashboard",
)

REGION_OPTIONS = [{"label": "Choose a region", "value": ""}] + [{"label": r.name, "value": r.name} for r in REGIONS]
CHANGE_OPTIONS = [{"label": "Every change", "value": ""}] + [
    {"label": CHANGE_LABELS[c], "value": c} for c in CHANGE_ORDER
]


def year_options(filters: Filters) -> list[dict]:
    return [{"label": "Choose a year", "value": ""}] + [
        {"label": y, "value": y} for y in views.financial_years(filters)
    ]


# -- the LAs behind a bar --------------------------------------------------------------------------


def _drill_ids(view: View) -> tuple[str, str, str]:
    return f"{view.name}-drill-group", f"{view.name}-drill-change", f"{view.name}-drill"


def drill_content(view: View, filters: Filters, group: str | None, change: str | None) -> list:
    """The table of LAs for a year (or region) and change, or a prompt to choose one."""
    if not group:
        return [
            html.P(
                "Select a bar in the chart, or choose above, to list the local authorities behind it.", className="mb-0"
            )
        ]
    caption, frame = views.behind_bar(filters, view.name, group, change)
    if frame.empty:
        return [html.P(caption, className="mb-0")]
    profiles = sorted(set(zip(frame["Local authority"], frame["ons_code_key"], strict=True)))
    links: list = ["Open a profile: "]
    for i, (name, code) in enumerate(profiles):
        links += ([", "] if i else []) + [dcc.Link(name, href=f"/la/{code}")]
    shown = frame.drop(columns=[c for c in frame.columns if c.endswith(KEY_SUFFIX)])
    return [data_table(shown, caption=caption), html.P(links, className="small mt-2 mb-0")]


def _select(select_id: str, label: str, options: list[dict]) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=select_id, className="fw-bold"),
            dbc.Select(id=select_id, value="", options=options, placeholder=options[0]["label"]),
        ],
        xs=12,
        sm=6,
        lg="auto",
    )


def drill_section(view: View, filters: Filters, group_label: str, group_options: list[dict]) -> dbc.Card:
    group_id, change_id, out_id = _drill_ids(view)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Local authorities behind a bar", className="h6"),
                dbc.Row(
                    [_select(group_id, group_label, group_options), _select(change_id, "Change", CHANGE_OPTIONS)],
                    className="g-3 mb-2",
                ),
                html.Div(drill_content(view, filters, None, None), id=out_id, **{"aria-live": "polite"}),
            ]
        ),
        className="mb-4 drill-card",
        id=f"{view.name}-drill-card",
    )


def register_drill(view: View) -> None:
    group_id, change_id, out_id = _drill_ids(view)

    @callback(
        Output(group_id, "value"),
        Output(change_id, "value"),
        Input(f"{view.name}-graph", "clickData"),
        prevent_initial_call=True,
    )
    def _clicked(click):
        points = (click or {}).get("points") or []
        data = points[0].get("customdata") if points else None
        if not isinstance(data, list) or len(data) != 2:
            return no_update, no_update
        group, change = (str(v) if v is not None else "" for v in data)
        return group, change if change in CHANGE_ORDER else ""

    @callback(
        Output(out_id, "children"),
        Input(group_id, "value"),
        Input(change_id, "value"),
        Input(store_id(PAGE), "data"),
        prevent_initial_call=True,
    )
    def _drill(group, change, query):
        change = change if change in CHANGE_ORDER else None
        return drill_content(view, filters_from_store(query), group or None, change)


# -- the page ----------------------------------------------------------------------------------------


def definition_card() -> dbc.Card:
    headline, points = definition_points(measure.__doc__)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("How the measure is defined", className="h5"),
                html.P(headline),
                html.Ul([html.Li(p[:1].upper() + p[1:]) for p in points], className="small ps-3"),
                html.P(
                    [
                        "Financial years run from April to March, by date of publication. ",
                        dcc.Link("More on methods and sources", href="/methods"),
                        ".",
                    ],
                    className="small mb-0",
                ),
            ]
        ),
        className="mb-4 definition-card",
        id=ids("definition"),
    )


HEADING = live(ids("heading"), views.heading, html.H1)
INTRO = live(ids("intro"), views.intro, html.P, className="lead-text")
CARDS = live(ids("cards"), lambda f: kpi_cards(views.HEADLINES.result(f).frame), dbc.Row, className="kpi-row")


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            INTRO.draw(filters),
            filter_bar(PAGE, filters, FIELDS, notices),
            CARDS.draw(filters),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            chart_card(views.BY_YEAR, filters),
                            drill_section(views.BY_YEAR, filters, "Financial year", year_options(filters)),
                        ],
                        xs=12,
                        xxl=8,  # full width below 1400 px: its table and drill-down need the room
                    ),
                    dbc.Col(definition_card(), xs=12, xxl=4),
                ]
            ),
            # The whole width: the regions' bars and their percentages side by side need it.
            dbc.Row(
                dbc.Col(
                    [
                        chart_card(views.BY_REGION, filters),
                        drill_section(views.BY_REGION, filters, "Region", REGION_OPTIONS),
                    ],
                    xs=12,
                )
            ),
        ]
    )


SOURCE = page_filters(PAGE)
register_filter_sync(PAGE, FIELDS)
register_live(SOURCE, [HEADING, INTRO, CARDS])
for _view in (views.BY_YEAR, views.BY_REGION):
    register_chart(_view, SOURCE)
    register_drill(_view)


@callback(Output(_drill_ids(views.BY_YEAR)[0], "options"), SOURCE.input, prevent_initial_call=True)
def _years(query):
    """The by-year drill's list of years follows the filters (a property, so not a live section)."""
    return year_options(filters_from_store(query))
