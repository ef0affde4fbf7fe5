"""Support: the page that lays out dashboard/views/support.py (peer challenges, coverage, follow-ups,
interventions, leadership programme, and "did support help?")."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.chart_card import chart_card, data_url, page_filters, register_chart
from dashboard.components.deferred import deferred
from dashboard.components.live import live, page_ids, register_live
from dashboard.components.table import data_table
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, register_filter_sync
from dashboard.views import View
from dashboard.views import support as views
from data_access.metrics import support as measure

PAGE = "support"
ids = page_ids(PAGE)
FIELDS = views.PERIOD_FIELDS
RECORDS_PAGE = "/support/records"

dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py), after Leadership
    charts=True,
    path="/support",
    name="Support",
    order=4,
    title="Improvement support - RIA children's services dashboard",
)


def heading(filters: Filters) -> str:
    return f"Improvement support: {filters.region_name}"


def where_records_come_from() -> html.P:
    return html.P(
        [
            "No national dataset records which local authorities had which support: these records are what "
            "RIAs and the LGA entered, each with its source (the record types, checks and definitions are "
            "described in docs/support-records.md in the code). ",
            "Add or correct records on the ",
            dcc.Link("support records page", href=RECORDS_PAGE),
            ".",
        ],
        className="small text-body-secondary",
        id=ids("sources"),
    )


def empty_state() -> html.Div | None:
    """What to do when the store holds no support records at all (None when it holds some)."""
    if views.has_records():
        return None
    return dbc.Alert(
        [
            html.H2("No support records yet", className="h5"),
            html.P(
                "The charts below are empty because no peer challenges, interventions or programme "
                "participation have been recorded."
            ),
            html.P(
                [
                    "Upload a filled-in template on the ",
                    dcc.Link("support records page", href=RECORDS_PAGE),
                    ", or import a file from the command line: ",
                    html.Code("python -m data_access import peer-challenges FILE.xlsx"),
                    " (templates: ",
                    html.Code("python -m data_access template peer-challenges --format xlsx"),
                    "). The public facts already known (interventions reported in 2016, the LGA's 2019 "
                    "pilots and totals) load with ",
                    html.Code("python -m data_access import known-support"),
                    ".",
                ],
                className="mb-0",
            ),
        ],
        color="info",
        id=ids("empty"),
    )


def table_section(view: View, filters: Filters) -> list:
    """A table-only view: heading, its summary in words, the table, and its CSV download."""
    result = view.result(filters)
    title = view.full_title(filters)
    body = (
        data_table(result.shown_frame, caption=title, show_caption=False, table_id=f"{view.name}-table")
        if len(result.frame)
        else html.P("Nothing is recorded here.", className="empty-state")
    )
    return [
        html.H2(title, className="h5"),
        html.P(result.summary),
        body,
        html.P(
            [
                html.A(
                    ["Download CSV", html.Span(f" of {title}", className="visually-hidden")],
                    href=data_url(view, filters, "csv"),
                    download=view.file_name(view.relevant(filters), "csv"),
                ),
                " (the same table, with its sources and filters)",
            ],
            className="small mt-2",
        ),
    ]


def caution() -> dbc.Alert:
    return dbc.Alert(
        [html.Strong("Read with care. "), measure.CAUTION],
        color="warning",
        className="py-2",
        id=ids("caution"),
    )


HEADING = live(ids("heading"), heading, html.H1)
FOLLOW_UPS = live(ids("follow-ups"), lambda f: table_section(views.FOLLOW_UPS, f), html.Section, className="mb-4")
INTERVENTIONS = live(
    ids("interventions"), lambda f: table_section(views.INTERVENTIONS, f), html.Section, className="mb-4"
)
TOTALS = live(ids("totals"), lambda f: table_section(views.PROGRAMME_TOTALS, f), html.Section, className="mb-4")
CHARTS = (views.COVERAGE, views.PEER_CHALLENGES, views.PROGRAMME, views.DID_IT_HELP)


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            html.P(
                "Which local authorities have had support, what is due, and what followed: peer challenges "
                "and diagnostics, DfE interventions and leadership programmes, beside Ofsted's judgements.",
                className="lead-text",
            ),
            where_records_come_from(),
            filter_bar(PAGE, filters, FIELDS, notices),
            html.P(
                "The period narrows peer challenges by their start date, programme cohorts by theirs, and "
                "\u201cdid support help?\u201d by the judgement's publication date. Coverage, follow-ups and "
                "interventions are as at the data's date; the region narrows everything.",
                className="small text-body-secondary",
                id=ids("period-note"),
            ),
            empty_state(),
            dbc.Row(
                [
                    dbc.Col(chart_card(views.COVERAGE, filters), xs=12, xxl=6),
                    dbc.Col(chart_card(views.PEER_CHALLENGES, filters), xs=12, xxl=6),
                ]
            ),
            deferred(
                html.Div([FOLLOW_UPS.draw(filters), INTERVENTIONS.draw(filters)]),
                label="follow-up visits and the intervention tracker",
                min_height="24rem",
            ),
            dbc.Row(
                [
                    dbc.Col(chart_card(views.PROGRAMME, filters), xs=12, xxl=6),
                    dbc.Col(TOTALS.draw(filters), xs=12, xxl=6),
                ]
            ),
            html.Section(
                [html.H2("Did support help?", className="h4"), caution(), chart_card(views.DID_IT_HELP, filters)],
                id=ids("did-it-help"),
            ),
        ]
    )


SOURCE = page_filters(PAGE)
register_filter_sync(PAGE, FIELDS)
register_live(SOURCE, [HEADING, FOLLOW_UPS, INTERVENTIONS, TOTALS])
for _view in CHARTS:
    register_chart(_view, SOURCE)
