"""Priority list: the page that lays out dashboard/views/priority.py for a region (or England).

Public: the confidential risk-signature rule is never shown here (the view's public form); the
"How flags are set" section is written from data_access/priority_rules.py, so it says exactly
what the rules do.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.components.chart_card import download_outputs, download_panel, download_values, page_filters
from dashboard.components.live import live, page_ids, register_live
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, filters_from_store, register_filter_sync, store_id
from dashboard.views import priority as views
from dashboard.views.freshness import as_at_text
from data_access.metrics.priority import SEPARATOR
from data_access.priority_rules import RULES, describe, rules_for

PAGE = "priority"
ids = page_ids(PAGE)
FIELDS = views.FILTER_FIELDS
VIEW = views.PRIORITY_LIST
SHOW_ALL = ids("show-unflagged")

dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    path="/priority",
    name="Priority list",
    order=5,  # after Leadership (3) and Support (4)
    title="Priority list - RIA children's services dashboard",
)


def heading(filters: Filters) -> str:
    return f"Priority list: {filters.region_name}"


def intro(filters: Filters) -> list:
    grouped = " Local authorities are listed region by region." if not filters.region else ""
    return [
        f"Local authorities in {filters.region_name} flagged by explicit rules, as at {as_at_text()} (the "
        "latest publication in the data), most flags first. Each row says why it is flagged and what support "
        f"is recorded.{grouped} Flags say where to look first; they are not a judgement of the authority. ",
        html.A("How flags are set", href="#how-flags-are-set"),
        ".",
    ]


def _cell_lines(text: str):
    """A cell's sentences one per line (the metric separates them with `SEPARATOR`)."""
    parts = [part for part in (text or "").split(SEPARATOR) if part]
    if len(parts) < 2:
        return parts[0] if parts else "None"
    return html.Ul([html.Li(part) for part in parts], className="ps-3 mb-0")


def priority_table(frame: pd.DataFrame, caption: str, *, show_caption: bool = True) -> html.Div:
    """The list as an accessible table: each LA a row header linking to its profile, the flags
    as words (the rules' labels and sentences), never as colour."""
    rule_labels = [rule.label for rule in rules_for(False)]
    header = html.Tr(
        [
            html.Th("Local authority", scope="col"),
            html.Th("Flags", scope="col", className="text-end"),
            html.Th("Flagged by", scope="col"),
            html.Th("Why flagged", scope="col"),
            html.Th("Support recorded", scope="col"),
        ]
    )
    rows = [
        html.Tr(
            [
                html.Th(dcc.Link(row["Local authority"], href=f"/la/{row['ONS code']}"), scope="row"),
                html.Td(str(row["Flags"]), className="text-end"),
                html.Td(", ".join(label for label in rule_labels if row.get(label) == "Yes") or "None"),
                html.Td(_cell_lines(row["Why flagged"])),
                html.Td(_cell_lines(row["Support recorded"])),
            ]
        )
        for row in frame.to_dict("records")
    ]
    table = html.Table(
        [
            html.Caption(caption, className=None if show_caption else "visually-hidden"),
            html.Thead(header),
            html.Tbody(rows),
        ],
        className="table table-sm table-striped data-table priority-table",
    )
    return html.Div(table, className="table-responsive", tabIndex=0, role="region", **{"aria-label": caption})


def table_for(filters: Filters, show_unflagged: bool = True) -> list:
    """The region's table, or for England one table per region under its own heading."""
    frame = VIEW.result(filters).frame
    hidden = "" if show_unflagged else " Local authorities with no flags are hidden."
    shown = frame if show_unflagged else frame[frame["Flags"] > 0]
    if filters.region:
        if shown.empty:
            return [html.P(f"No local authorities to list.{hidden}", className="mb-0")]
        return [priority_table(shown, f"{VIEW.full_title(filters)}.{hidden}")]
    parts = []
    for region, rows in frame.groupby("Region", sort=False):
        flagged = int((rows["Flags"] > 0).sum())
        parts.append(html.H3(f"{region}: {flagged} of {len(rows)} flagged", className="h5 mt-4"))
        rows = rows if show_unflagged else rows[rows["Flags"] > 0]
        if rows.empty:
            parts.append(html.P(f"No local authorities to list.{hidden}"))
        else:
            parts.append(priority_table(rows, f"Priority list: {region}.{hidden}", show_caption=False))
    return parts


def how_flags_are_set() -> dbc.Card:
    """Every rule, from the rules config: what it checks, its parameters and where they come from."""
    items = []
    for rule in RULES:
        details = [html.Strong(rule.label + ". "), describe(rule)]
        if rule.params:
            details += [" ", html.Span(f"Parameters: {rule.param_text()}.", className="fst-italic")]
        if rule.source:
            details += [" Source: ", rule.source]
        if rule.confidential:
            details += [
                " ",
                html.Strong("Not shown on this page: "),
                "the rule reads confidential self-assessments; permitted users will see this flag once sign-in exists.",
            ]
        items.append(html.Li(details, id=ids(f"rule-{rule.id}")))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("How flags are set", className="h5", id="how-flags-are-set"),
                html.P(
                    "An LA gets one flag for each rule it meets, as at the date of the latest publication in "
                    "the data. The rules and their parameters are kept in one place in the code and this list "
                    "is written from it."
                ),
                html.Ul(items, className="small ps-3"),
                html.P(
                    [
                        "Grades and the leadership change use the same definitions as the maps and the ",
                        dcc.Link("Leadership", href="/leadership"),
                        " page. ",
                        dcc.Link("More on methods and sources", href="/methods"),
                        ".",
                    ],
                    className="small mb-0",
                ),
            ]
        ),
        className="mb-4 definition-card",
        id=ids("how"),
    )


HEADING = live(ids("heading"), heading, html.H1)
INTRO = live(ids("intro"), intro, html.P, className="lead-text")
SUMMARY = live(ids("summary"), lambda f: VIEW.result(f).summary, html.P, className="fw-bold")


def list_card(filters: Filters) -> dbc.Card:
    key = VIEW.name
    return dbc.Card(
        [
            dbc.CardHeader(html.H2(VIEW.title, className="h5 mb-0", id=f"{key}-title")),
            dbc.CardBody(
                [
                    SUMMARY.draw(filters),
                    html.P(views.CONFIDENTIAL_NOTE, className="small text-body-secondary"),
                    dbc.Switch(id=SHOW_ALL, label="Show local authorities with no flags", value=True),
                    html.Div(table_for(filters), id=ids("list"), className="mt-2", **{"aria-live": "polite"}),
                    html.H3("Download", className="h6 mt-3"),
                    download_panel(key, "list", VIEW, filters),
                ]
            ),
        ],
        className="mb-4",
        id=f"{key}-card",
    )


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            HEADING.draw(filters),
            INTRO.draw(filters),
            filter_bar(PAGE, filters, FIELDS, notices),
            list_card(filters),
            how_flags_are_set(),
        ]
    )


SOURCE = page_filters(PAGE)
register_filter_sync(PAGE, FIELDS)
register_live(SOURCE, [HEADING, INTRO, SUMMARY])


@callback(
    Output(ids("list"), "children"),
    *download_outputs(VIEW.name, VIEW),
    Input(store_id(PAGE), "data"),
    Input(SHOW_ALL, "value"),
    prevent_initial_call=True,
)
def _list(query, show_unflagged):
    """The table and the download links follow the region; the switch hides unflagged LAs."""
    filters = filters_from_store(query)
    return table_for(filters, bool(show_unflagged)), *download_values(VIEW, filters)
