"""Leadership: the CYP Board's measure, by financial year and by region, with the LAs behind each bar.

Every number comes from `data_access.metrics.leadership` (the same code as
`python -m data_access metrics leadership`), so the page, its CSVs and the CLI always agree.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html, no_update

from dashboard.cache import current_store_version
from dashboard.components.chart_card import ChartView, ViewResult, chart_card, register_chart
from dashboard.components.kpi import kpi_card
from dashboard.components.table import data_table
from dashboard.figures.leadership import (
    CHANGE_LABELS,
    by_region_figure,
    by_year_figure,
    definition_points,
    pct_text,
)
from dashboard.figures.theme import CHANGE_ORDER
from dashboard.filters import Filters, parse_query
from dashboard.state import filter_bar, filters_from_store, register_filter_sync, store_id
from data_access import queries
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import Grade
from data_access.metrics import leadership as measure
from data_access.reference.regions import REGION_BY_CODE, REGIONS

PAGE = "leadership"
FIELDS = ("region", "la", "date_from", "date_to", "predecessors")
ILACS_START = FRAMEWORK_BY_CODE["ILACS"].start  # the default period: all ILACS years
TYPE_LABELS = {"standard": "Standard inspection", "short": "Short inspection"}

dash.register_page(
    __name__,
    charts=True,  # preload plotly.js (dashboard/__init__.py)
    path="/leadership",
    name="Leadership",
    order=3,
    title="Leadership grade change - RIA children's services dashboard",
)


# -- data ------------------------------------------------------------------------------------------


def period(filters: Filters) -> tuple[date, date | None]:
    """The publication window: the filter's dates, or all ILACS years when none are given."""
    return filters.date_from or ILACS_START, filters.date_to


def period_text(filters: Filters) -> str:
    start, end = period(filters)
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}" if end else f"{start:%-d %B %Y} to date"


@lru_cache(maxsize=32)
def _changes(version: tuple, start: date, end: date | None, with_predecessors: bool) -> pd.DataFrame:
    url = version[0]
    return measure.leadership_changes(
        queries.judgements(url), queries.reorganisations(url), start=start, end=end, with_predecessors=with_predecessors
    )


def changes(filters: Filters, *, all_regions: bool = False) -> pd.DataFrame:
    """`leadership_changes` for the filters (every region when `all_regions`).

    Computed once for all regions and then narrowed: the metric's region filter only narrows the
    counted judgements, never their history, so this equals calling it with `region_code`.
    """
    start, end = period(filters)
    frame = _changes(current_store_version(), start, end, filters.predecessors)
    if filters.region and not all_regions:
        frame = frame[frame["region_code"] == filters.region]
    if filters.la and not all_regions:
        frame = frame[frame["ons_code"] == filters.la]
    return frame


def _comparable(counts) -> int:
    return int(counts["improved"]) + int(counts["maintained"]) + int(counts["declined"])


def _table(summary: pd.DataFrame, key: str, key_label: str, total: dict, total_label: str) -> pd.DataFrame:
    rows = summary.to_dict("records") + [{key: total_label, **total}]
    frame = pd.DataFrame(rows)
    frame["with_previous"] = frame["improved"] + frame["maintained"] + frame["declined"]
    frame = frame[
        [
            key,
            "judgements",
            "improved",
            "maintained",
            "declined",
            "no_previous",
            "with_previous",
            "pct_improved",
            "pct_maintained_or_improved",
        ]
    ]
    counts = ("judgements", "improved", "maintained", "declined", "no_previous", "with_previous")
    frame = frame.astype({c: "int64" for c in counts})
    frame[["pct_improved", "pct_maintained_or_improved"]] = frame[
        ["pct_improved", "pct_maintained_or_improved"]
    ].astype("float64")
    return frame.rename(
        columns={
            key: key_label,
            "judgements": "ILACS leadership judgements",
            "improved": "Improved",
            "maintained": "Maintained",
            "declined": "Declined",
            "no_previous": "No previous grade",
            "with_previous": "With a previous grade",
            "pct_improved": "% improved",
            "pct_maintained_or_improved": "% maintained or improved",
        }
    )


def _notes(filters: Filters) -> list[str]:
    return [
        f"Published {period_text(filters)}",
        "Percentages are of judgements with a previous leadership grade (improved + maintained + declined)",
        "Reorganised LAs compared with predecessors: " + ("yes" if filters.predecessors else "no"),
    ]


def _share(part: int, whole: int) -> str:
    if not whole:
        return f"{part} (none had a previous grade to compare)"
    return f"{part} of {whole} ({pct_text(part, whole)})"


def by_year(filters: Filters) -> ViewResult:
    frame = changes(filters)
    summary = measure.summarise_by(frame, "financial_year")
    total = measure.summarise(frame)
    table = _table(summary, "financial_year", "Financial year", total, "All years in the period")
    where = filters.scope_name
    if not total["judgements"]:
        text = f"No ILACS leadership judgements were published in {where} from {period_text(filters)}."
    else:
        whole = _comparable(total)
        latest = summary.iloc[-1]
        latest_whole = _comparable(latest)
        text = (
            f"{where}, published {period_text(filters)}: of {whole} ILACS leadership judgements with a "
            f"previous grade, {_share(total['improved'], whole)} improved and "
            f"{_share(total['improved'] + total['maintained'], whole)} were maintained or improved, "
            f"with {total['no_previous']} having no previous grade; in {latest['financial_year']}, "
            f"{_share(int(latest['improved']), latest_whole)} improved."
        )
    return ViewResult(frame=table, figure=by_year_figure(summary), summary=text, notes=_notes(filters))


def region_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """`summarise_by` region, with every region present (zeros where none) in the usual order."""
    summary = measure.summarise_by(frame, "region_name").set_index("region_name")
    rows = []
    for region in REGIONS:
        if region.name in summary.index:
            rows.append({"region_name": region.name, **summary.loc[region.name].to_dict()})
        else:
            rows.append({"region_name": region.name, **measure.summarise(frame.iloc[0:0])})
    return pd.DataFrame(rows, columns=["region_name", *measure.summarise(frame.iloc[0:0])])


def by_region(filters: Filters) -> ViewResult:
    frame = changes(filters, all_regions=True)
    summary = region_summary(frame)
    total = measure.summarise(frame)
    table = _table(summary, "region_name", "Region", total, "England")
    selected = REGION_BY_CODE[filters.region].name if filters.region else None
    rated = summary[summary["pct_improved"].notna()]
    if rated.empty:
        text = f"No ILACS leadership judgements with a previous grade were published {period_text(filters)}."
    else:
        low = rated.loc[rated["pct_improved"].idxmin()]
        high = rated.loc[rated["pct_improved"].idxmax()]
        here = summary.set_index("region_name").loc[selected] if selected else total
        text = (
            f"Across the 9 regions, published {period_text(filters)}, the share of leadership judgements "
            f"that improved ranged from {pct_text(int(low['improved']), _comparable(low))} in "
            f"{low['region_name']} to {pct_text(int(high['improved']), _comparable(high))} in "
            f"{high['region_name']}; in {selected or 'England'}, "
            f"{_share(int(here['improved']), _comparable(here))} improved and "
            f"{_share(int(here['improved']) + int(here['maintained']), _comparable(here))} were "
            f"maintained or improved."
        )
    figure = by_region_figure(summary, selected=selected)
    return ViewResult(frame=table, figure=figure, summary=text, notes=_notes(filters))


BY_YEAR = ChartView("leadership-by-year", "Leadership grade change by financial year", by_year, height=540)
BY_REGION = ChartView("leadership-by-region", "Leadership grade change by region", by_region, height=500)


# -- the LAs behind a bar --------------------------------------------------------------------------


def _grade(grade, framework) -> str:
    return Grade(grade).label(framework) if isinstance(grade, str) else ""


def drill_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The LAs behind some bars: previous and current grade, dates and the change."""
    via = frame["previous_via_predecessor"].notna().any()
    table = pd.DataFrame(
        {
            "Local authority": frame["la_name"],
            "Region": frame["region_name"],
            "Previous grade": [
                _grade(g, f) for g, f in zip(frame["previous_grade"], frame["previous_framework"], strict=True)
            ],
            "Previous published": frame["previous_published_date"],
            "Previous framework": frame["previous_framework"],
            **({"Via predecessor": frame["previous_via_predecessor"]} if via else {}),
            "Leadership grade": [_grade(g, "ILACS") for g in frame["grade"]],
            "Published": frame["published_date"],
            "Inspection": frame["inspection_type"].map(TYPE_LABELS),
            "Change": frame["change"],
        }
    )
    return table.sort_values(
        ["Change", "Local authority"],
        key=lambda s: s.map({c: i for i, c in enumerate(CHANGE_ORDER)}) if s.name == "Change" else s,
        kind="stable",
    )


def _drill_ids(view: ChartView) -> tuple[str, str, str]:
    return f"{view.key}-drill-group", f"{view.key}-drill-change", f"{view.key}-drill"


def _year_options(filters: Filters) -> list[dict]:
    years = sorted(changes(filters)["financial_year"].dropna().unique())
    return [{"label": "Choose a year", "value": ""}] + [{"label": y, "value": y} for y in years]


REGION_OPTIONS = [{"label": "Choose a region", "value": ""}] + [{"label": r.name, "value": r.name} for r in REGIONS]
CHANGE_OPTIONS = [{"label": "Every change", "value": ""}] + [
    {"label": CHANGE_LABELS[c], "value": c} for c in CHANGE_ORDER
]


def drill_content(view: ChartView, filters: Filters, group: str | None, change: str | None) -> list:
    """The table of LAs for a year (or region) and change, or a prompt to choose one."""
    if not group:
        return [
            html.P(
                "Select a bar in the chart, or choose above, to list the local authorities behind it.", className="mb-0"
            )
        ]
    if view is BY_YEAR:
        frame = changes(filters)
        frame = frame[frame["financial_year"] == group]
        where = f"{filters.scope_name}, {group}"
    else:
        frame = changes(filters, all_regions=True)
        frame = frame[frame["region_name"] == group]
        where = f"{group}, published {period_text(filters)}"
    if change:
        frame = frame[frame["change"] == change]
    what = CHANGE_LABELS[change].lower() if change else "every change"
    caption = f"Local authorities behind the bar: {where}, {what} ({len(frame)})"
    if frame.empty:
        return [html.P(f"No ILACS leadership judgements: {where}, {what}.", className="mb-0")]
    profiles = sorted(set(zip(frame["la_name"], frame["ons_code"], strict=True)))
    links: list = ["Open a profile: "]
    for i, (name, code) in enumerate(profiles):
        links += ([", "] if i else []) + [dcc.Link(name, href=f"/la/{code}")]
    return [data_table(drill_frame(frame), caption=caption), html.P(links, className="small mt-2 mb-0")]


def drill_section(view: ChartView, filters: Filters, group_label: str, group_options: list[dict]) -> dbc.Card:
    group_id, change_id, out_id = _drill_ids(view)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Local authorities behind a bar", className="h6"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(group_label, html_for=group_id, className="fw-bold"),
                                dbc.Select(
                                    id=group_id, value="", options=group_options, placeholder=group_options[0]["label"]
                                ),
                            ],
                            xs=12,
                            sm=6,
                            lg="auto",
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Change", html_for=change_id, className="fw-bold"),
                                dbc.Select(
                                    id=change_id,
                                    value="",
                                    options=CHANGE_OPTIONS,
                                    placeholder=CHANGE_OPTIONS[0]["label"],
                                ),
                            ],
                            xs=12,
                            sm=6,
                            lg="auto",
                        ),
                    ],
                    className="g-3 mb-2",
                ),
                html.Div(drill_content(view, filters, None, None), id=out_id, **{"aria-live": "polite"}),
            ]
        ),
        className="mb-4 drill-card",
        id=f"{view.key}-drill-card",
    )


def register_drill(view: ChartView) -> None:
    group_id, change_id, out_id = _drill_ids(view)

    @callback(
        Output(group_id, "value"),
        Output(change_id, "value"),
        Input(f"{view.key}-graph", "clickData"),
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
        id=f"{PAGE}-definition",
    )


def heading(filters: Filters) -> str:
    return f"Leadership grade change: {filters.scope_name}"


def intro(filters: Filters) -> str:
    extra = " Reorganised authorities are compared with their predecessors." if filters.predecessors else ""
    return (
        f"Did each local authority's leadership grade improve on its previous inspection? ILACS "
        f"inspections published {period_text(filters)}.{extra}"
    )


def headline_cards(filters: Filters) -> list:
    here = measure.summarise(changes(filters))
    england = measure.summarise(changes(filters, all_regions=True))
    compare = (lambda text: text) if filters.region else (lambda text: None)

    def share(counts: dict, part: int) -> str:
        return pct_text(part, _comparable(counts)) or "n/a"

    def either(counts: dict) -> int:
        return counts["improved"] + counts["maintained"]

    def with_count(counts: dict, part: int) -> str:
        return f"{share(counts, part)} ({part} of {_comparable(counts)})"

    return [
        kpi_card(
            "Improved",
            share(here, here["improved"]),
            f"{here['improved']} of {_comparable(here)} judgements with a previous grade",
            compare(with_count(england, england["improved"])),
        ),
        kpi_card(
            "Maintained or improved",
            share(here, either(here)),
            f"{either(here)} of {_comparable(here)} judgements with a previous grade",
            compare(with_count(england, either(england))),
        ),
        kpi_card(
            "Judgements counted",
            str(here["judgements"]),
            f"{here['declined']} declined; {here['no_previous']} with no previous leadership grade",
            compare(f"{england['judgements']} ({england['declined']} declined)"),
        ),
    ]


def layout(**query) -> html.Div:
    filters, notices = parse_query(query)
    return html.Div(
        [
            html.H1(heading(filters), id=f"{PAGE}-heading"),
            html.P(intro(filters), id=f"{PAGE}-intro", className="lead-text"),
            filter_bar(PAGE, filters, FIELDS, notices),
            dbc.Row(headline_cards(filters), id=f"{PAGE}-cards", className="kpi-row"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            chart_card(
                                BY_YEAR,
                                filters,
                                description=(
                                    "Select a bar, or use the lists below the chart, to see the local authorities "
                                    "behind it. "
                                    "The latest year may be part of a year."
                                ),
                            ),
                            drill_section(BY_YEAR, filters, "Financial year", _year_options(filters)),
                        ],
                        xs=12,
                        xl=8,
                    ),
                    dbc.Col(definition_card(), xs=12, xl=4),
                ]
            ),
            dbc.Row(
                dbc.Col(
                    [
                        chart_card(
                            BY_REGION,
                            filters,
                            description=(
                                "Every region for the selected period; the selected region is in full colour and "
                                "the others "
                                "are paler. Select a bar to see the local authorities behind it."
                            ),
                        ),
                        drill_section(BY_REGION, filters, "Region", REGION_OPTIONS),
                    ],
                    xs=12,
                    xl=8,
                )
            ),
        ]
    )


register_filter_sync(PAGE, FIELDS)
for _view in (BY_YEAR, BY_REGION):
    register_chart(_view, store_id(PAGE))
    register_drill(_view)


@callback(
    Output(f"{PAGE}-heading", "children"),
    Output(f"{PAGE}-intro", "children"),
    Output(f"{PAGE}-cards", "children"),
    Output(_drill_ids(BY_YEAR)[0], "options"),
    Input(store_id(PAGE), "data"),
    prevent_initial_call=True,
)
def _update(query):
    filters = filters_from_store(query)
    return heading(filters), intro(filters), headline_cards(filters), _year_options(filters)
