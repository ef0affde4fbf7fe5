"""Overview: how is the region doing, and is leadership getting better? Answered in a minute."""

from __future__ import annotations

from datetime import date, timedelta

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.cache import cached_view
from dashboard.components.deferred import deferred
from dashboard.components.kpi import kpi_card, pct
from dashboard.components.map_card import current_values, map_card, register_map, table_frame
from dashboard.components.table import data_table
from dashboard.context import store_url
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, filters_from_store, register_filter_sync, store_id
from data_access import derived, queries
from data_access.grades import Grade
from data_access.metrics.headlines import headline_figures, recent_publications

PAGE = "overview"
FIELDS = ("region", "la")
MAP_HEIGHT = 560  # px: the Overview's map is smaller than the Maps page's (overall grade, hex tiles)
dash.register_page(
    __name__, path="/", title="Overview - RIA children's services dashboard", name="Overview", order=0, charts=True
)


def _grade_mix(counts: dict) -> str:
    graded = counts["total"] - counts["not_graded"]
    if not graded:
        return "no graded LAs"
    return ", ".join(
        f"{Grade(g).label()} {counts[g]} ({100 * counts[g] / graded:.0f}%)"
        for g in ("outstanding", "good", "requires_improvement", "inadequate")
    )


@cached_view
def _figures(filters: Filters) -> dict:
    """Headline figures for filters.region (England when empty); only the region matters."""
    url, today = store_url(), date.today()
    return headline_figures(
        queries.judgements(url),
        queries.local_authorities(url),
        derived.latest_grades_all(url, as_at=today),
        derived.leadership_changes_all(url),
        region_code=filters.region or None,
        today=today,
    )


@cached_view
def headline_cards(filters: Filters) -> list:
    england = _figures(Filters())
    here = _figures(Filters(region=filters.region))
    lead, lead_e = here["leadership"], england["leadership"]
    compare = (lambda text: text) if filters.region else (lambda text: None)
    return [
        kpi_card("Local authorities", str(here["las"]), f"in {filters.region_name}", compare(str(england["las"]))),
        kpi_card(
            "Good or better now",
            pct(here["pct_good_or_better"]),
            f"of {here['graded']} LAs with a graded overall judgement",
            compare(pct(england["pct_good_or_better"])),
        ),
        kpi_card(
            "Inadequate now",
            str(here["inadequate_now"]),
            "LAs whose latest overall grade is inadequate",
            compare(str(england["inadequate_now"])),
        ),
        kpi_card(
            f"Leadership improved, {here['leadership_year']}",
            pct(lead["pct_improved"]),
            f"{lead['improved']} of {lead['judgements'] - lead['no_previous']} ILACS judgements with a previous grade",
            compare(pct(lead_e["pct_improved"])),
        ),
        kpi_card(
            f"Leadership maintained or improved, {here['leadership_year']}",
            pct(lead["pct_maintained_or_improved"]),
            f"{lead['improved'] + lead['maintained']} of {lead['judgements'] - lead['no_previous']}",
            compare(pct(lead_e["pct_maintained_or_improved"])),
        ),
        kpi_card(
            "Inspections published in 12 months",
            str(here["inspections_last_12_months"]),
            f"graded standard and short inspections to {here['data_date']:%-d %B %Y}, the latest publication",
            compare(str(england["inspections_last_12_months"])),
        ),
        dbc.Col(
            html.P(["Latest overall grades: ", html.Strong(_grade_mix(here["grade_counts"]))], className="grade-mix"),
            xs=12,
        ),
    ]


@cached_view
def changes_since(filters: Filters) -> html.Div:
    frame = queries.judgements(store_url())
    latest = frame["published_date"].max()
    since = filters.date_from or ((latest.date() - timedelta(days=90)) if latest == latest else date.today())
    recent = recent_publications(frame, since=since, region_code=filters.region or None)
    recent = recent.rename(
        columns={
            "published_date": "Published",
            "la_name": "Local authority",
            "ons_code": "ONS code",
            "region_name": "Region",
            "framework": "Framework",
            "inspection_type": "Type",
            "overall_effectiveness": "Overall",
            "leadership": "Leadership",
        }
    )
    for column in ("Overall", "Leadership"):
        recent[column] = recent[column].map(lambda g: Grade(g).label() if isinstance(g, str) else "")
    title = f"What changed since {since:%-d %B %Y}: judgements published, newest first"
    if recent.empty:
        return html.Div([html.H2(title, className="h5"), html.P("No judgements were published in this period.")])
    return html.Div([html.H2(title, className="h5"), data_table(recent, caption=title, show_caption=False)])


def heading(filters: Filters) -> str:
    return f"Overview: {filters.place_name}"


def _worded(value, template: str) -> str:
    """`template` with `value` in it, or "" when there is no value (blank or missing)."""
    return "" if pd.isna(value) or value == "" else template.format(value)


@cached_view
def la_summary(filters: Filters) -> html.Section | None:
    """The chosen LA's latest grades in words, above its region's figures (None: no LA chosen)."""
    if not filters.la:
        return None
    row = table_frame(current_values(), filters.region or None).set_index("ONS code").loc[filters.la]
    name = row["Local authority"]
    facts = [  # (label, value, detail)
        (
            "Overall grade",
            row["Overall grade"] or "No inspection yet",
            _worded(row["Overall published"], "published {}"),
        ),
        (
            "Leadership grade",
            row["Leadership grade"] or "No inspection yet",
            _worded(row["Leadership published"], "published {}"),
        ),
        (
            "Leadership change at last ILACS",
            row["Leadership change at last ILACS"],
            _worded(row["Previous leadership grade"], "previous grade: {}"),
        ),
        (
            "Last graded inspection",
            row["Last graded inspection"] or "None yet",
            _worded(row["Months since"], "{} months ago"),
        ),
    ]
    return html.Section(
        [
            html.H2(f"{name} now", className="h4"),
            dbc.Row([kpi_card(label, str(value), detail) for label, value, detail in facts]),
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


def loaded_summary() -> html.P:
    """What the store holds, in one line: the first thing to check after `make run`."""
    status = queries.store_status(store_url())
    files = [s for s in status["sources"] if s["kind"] == "ofsted"]
    if status["demo"]:
        origin = "the invented demo dataset"
    elif files:
        origin = f"{len(files)} Ofsted file{'s' if len(files) != 1 else ''}"
    else:
        origin = "no Ofsted files yet"
    return html.P(
        [
            f"Loaded: {status['inspections']:,} inspections and visits with {status['judgements']:,} "
            f"judgements for {status['local_authorities']} local authorities, from {origin}. ",
            dcc.Link("Sources and methods", href="/methods"),
        ],
        className="loaded-summary",
    )


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            html.H1(heading(filters), id=f"{PAGE}-heading"),
            loaded_summary(),
            filter_bar(PAGE, filters, FIELDS, notices),
            html.Div(la_summary(filters), id=f"{PAGE}-la"),
            dbc.Row(headline_cards(filters), id=f"{PAGE}-cards", className="kpi-row"),
            html.Div(map_card(PAGE, filters, FIELDS, height="560px", plot_height=MAP_HEIGHT), id=f"{PAGE}-map-slot"),
            deferred(
                html.Div(changes_since(filters), id=f"{PAGE}-changes"),
                label="recently published judgements",
                min_height="24rem",
            ),
        ]
    )


register_filter_sync(PAGE, FIELDS)
register_map(PAGE, FIELDS, plot_height=MAP_HEIGHT)


@callback(
    Output(f"{PAGE}-heading", "children"),
    Output(f"{PAGE}-la", "children"),
    Output(f"{PAGE}-cards", "children"),
    Output(f"{PAGE}-changes", "children"),
    Input(store_id(PAGE), "data"),
    prevent_initial_call=True,
)
def _update(query):
    filters = filters_from_store(query)
    return heading(filters), la_summary(filters), headline_cards(filters), changes_since(filters)
