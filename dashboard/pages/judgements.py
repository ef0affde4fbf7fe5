"""Judgements over time: the grade mix by year of publication, each LA's grade as at 31 March,
and grade transitions (do authorities judged requires improvement or inadequate get stuck?).

The framework pair of the transitions chart is a page-local control: `Filters` (the URL state)
has no field for it, so it is not kept in the address bar and starts at "any → any".
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, html

from dashboard.cache import cached_call
from dashboard.components.chart_card import (
    ChartView,
    ViewResult,
    chart_card,
    csv_text,
    register_chart,
    register_table,
)
from dashboard.components.table import data_table
from dashboard.context import store_url
from dashboard.figures.distributions import grade_counts_as_at, grade_key, grade_shares_by_year
from dashboard.figures.transitions import transition_matrix_figure
from dashboard.filters import Filters, parse_query
from dashboard.state import control_id, filter_bar, filters_from_store, register_filter_sync, store_id
from data_access import derived, queries
from data_access.areas import HEADLINE_AREAS
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import Grade
from data_access.metrics.grades import GRADE_KEYS, GRADED_TYPES, grade_counts, grades_by_publication_year
from data_access.metrics.periods import publication_cutoff
from data_access.metrics.transitions import row_percentages, transition_matrix, transition_pairs

PAGE = "judgements"
FIELDS = ("region", "la", "framework", "area", "date_from", "date_to")
SYNCED = (*FIELDS, "pair")
FIRST_YEAR_END = date(2010, 3, 31)
ANY = "any"
PAIR_ID = control_id(PAGE, "pair")  # in the URL with the other filters, though laid out by the chart
CELL_ID = f"{PAGE}-transition-cell"
LAS_ID = f"{PAGE}-transition-las"
GRADED = GRADE_KEYS[:4]
GOOD_OR_BETTER = ("outstanding", "good")
STUCK_TEXT = (
    'An LA is "stuck" when its previous grade was requires improvement or inadequate and '
    "its next inspection gave the same grade again (the outlined cells)."
)

dash.register_page(
    __name__,
    charts=True,  # preload plotly.js (dashboard/__init__.py)
    # Views warm_up computes too: each judgement area's latest grades at every year end (~0.15 s
    # an area), which every region's view of that area then reads.
    warm=[f"?area={area}" for area in HEADLINE_AREAS if area != "overall"],
    path="/judgements",
    title="Judgements over time - RIA children's services dashboard",
    name="Judgements",
    order=2,
)


# -- shared helpers -----------------------------------------------------------------------------


def _area(filters: Filters) -> str:
    return HEADLINE_AREAS[filters.area].lower()


def _published_between(frame: pd.DataFrame, filters: Filters, column: str = "published_date") -> pd.DataFrame:
    if filters.date_from:
        frame = frame[frame[column] >= pd.Timestamp(filters.date_from)]
    if filters.date_to:
        frame = frame[frame[column] <= pd.Timestamp(filters.date_to)]
    return frame


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _las_in(filters: Filters) -> str:
    if filters.la:
        return filters.scope_name
    return f"{filters.region_name} LAs" if filters.region else "LAs in England"


def _label(key: str, framework: str | None = None) -> str:
    return Grade(key).label(framework)


# -- 1. grade distribution by financial year of publication ---------------------------------------


def by_year(filters: Filters) -> ViewResult:
    """Grades of judgements published in each financial year, region beside England."""
    judgements = _published_between(queries.judgements(store_url()), filters)
    frameworks = (filters.framework,) if filters.framework else None
    scopes = [(filters.scope_name, filters.region)] if filters.region else []
    scopes.append(("England", None))
    parts = [
        grades_by_publication_year(
            judgements[judgements["ons_code"] == filters.la] if filters.la and code else judgements,
            headline=filters.area,
            region_code=None if filters.la else code,
            frameworks=frameworks,
        ).assign(scope=name)
        for name, code in scopes
    ]
    frame = pd.concat(parts, ignore_index=True).reindex(
        columns=["financial_year", "framework", "scope", "grade", "count", "share"]
    )
    frame["grade"] = [_label(g, f) for g, f in zip(frame["grade"], frame["framework"], strict=True)]
    figure = grade_shares_by_year(frame, [name for name, _ in scopes])
    return ViewResult(
        frame=frame,
        figure=figure,
        summary=_by_year_summary(frame, filters, _latest_publication()),
        notes=[
            "share is the percentage of that scope's judgements in that financial year "
            "and framework (April to March, by publication date)."
        ],
    )


def _by_year_summary(frame: pd.DataFrame, filters: Filters, latest_publication: date) -> str:
    area, scope = _area(filters), filters.scope_name
    good: dict[tuple, int] = {}
    graded: dict[tuple, int] = {}
    for where, year, framework, label, count in zip(
        frame["scope"],
        frame["financial_year"],
        frame["framework"],
        frame["grade"],
        frame["count"],
        strict=True,
    ):
        key = grade_key(label)
        if key != Grade.NOT_GRADED.value and count:
            graded[(where, year, framework)] = graded.get((where, year, framework), 0) + int(count)
            if key in GOOD_OR_BETTER:
                good[(where, year, framework)] = good.get((where, year, framework), 0) + int(count)
    mine = [
        (year, FRAMEWORK_BY_CODE[framework].start, framework) for where, year, framework in graded if where == scope
    ]
    if not mine:
        return f"No graded {area} judgements were published in {scope} for these filters."
    # The latest financial year that has ended by the latest publication in the store, if any.
    complete = [m for m in mine if date(int(m[0][:4]) + 1, 3, 31) <= latest_publication]
    year, _, framework = max(complete or mine)
    here = good.get((scope, year, framework), 0), graded[(scope, year, framework)]
    text = (
        f"In {year}, {_pct(*here)} of {scope} {framework} {area} judgements were good or outstanding "
        f"({here[0]} of {here[1]})"
    )
    if filters.region:
        england = good.get(("England", year, framework), 0), graded.get(("England", year, framework), 0)
        text += f", against {_pct(*england)} in England ({england[0]} of {england[1]})"
    return text + "."


# -- 2. each LA's latest grade as at 31 March -------------------------------------------------------


def counts_as_at(filters: Filters, as_at: date, *, region_code: str | None = None) -> dict[str, int]:
    """grade_counts(latest_grades_as_at(...)) for the filters' area and region (or `region_code`;
    "" for England): what `python -m data_access metrics grades --as-at` prints.

    England's latest grades are computed once per store version (data_access.derived); a region is
    that frame's rows for the region, exactly as latest_grades_as_at(region_code=...) filters them.
    """
    region = filters.region if region_code is None else region_code
    latest = derived.latest_grades_all(store_url(), as_at=as_at, headline=filters.area)
    if filters.la and region_code is None:  # narrowed to one LA: its own grade, counted
        return grade_counts(latest.loc[latest["ons_code"] == filters.la, ["grade"]])
    return grade_counts(latest.loc[latest["region_code"] == region, ["grade"]] if region else latest)


def _latest_publication() -> date:
    latest = queries.judgements(store_url())["published_date"].max()
    return date.min if latest != latest else latest.date()  # NaT: no data


def year_ends(filters: Filters) -> tuple[list[date], bool]:
    """Every 31 March from 2010 to the latest the data reaches, within the filters' dates, and
    whether the last one is provisional (its reports were not all due by the latest publication)."""
    latest = _latest_publication()
    if latest == date.min:
        return [], False
    last = date(latest.year if latest >= date(latest.year, 3, 31) else latest.year - 1, 3, 31)
    ends = [date(y, 3, 31) for y in range(FIRST_YEAR_END.year, last.year + 1)]
    ends = [
        d
        for d in ends
        if (not filters.date_from or d >= filters.date_from) and (not filters.date_to or d <= filters.date_to)
    ]
    provisional = bool(ends) and ends[-1] == last and latest < publication_cutoff(last)
    return ends, provisional


def as_at(filters: Filters) -> ViewResult:
    """Each LA's latest grade at every 31 March (Ofsted's convention), counted by grade."""
    ends, provisional = year_ends(filters)
    series = [(end, counts_as_at(filters, end)) for end in ends]
    notes = [
        "Each LA's latest graded judgement from inspections carried out by 31 March and published "
        "by 30 June; all frameworks (the framework filter does not apply)."
    ]
    first = next((i for i, (_, counts) in enumerate(series) if counts["total"]), len(series))
    if 0 < first < len(series):
        notes.append(
            f"No LA had a graded {_area(filters)} judgement before 31 March {series[first][0].year}; "
            "earlier year ends are left out."
        )
    series = series[first:]
    keys = GRADED + [k for k in GRADE_KEYS[4:] if any(counts[k] for _, counts in series)]
    frame = pd.DataFrame(
        [
            (
                end,
                _label(key),
                counts[key],
                round(100 * counts[key] / counts["total"], 1) if counts["total"] else 0.0,
            )
            for end, counts in series
            for key in keys
        ],
        columns=["year_end", "grade", "count", "share"],
    )
    if provisional and series:
        notes.append(
            f"31 March {ends[-1].year} is provisional: reports published up to 30 June "
            f"{ends[-1].year} may still be missing."
        )
    figure = grade_counts_as_at(frame, region_name=filters.scope_name)
    return ViewResult(frame=frame, figure=figure, summary=_as_at_summary(series, filters), notes=notes)


def _as_at_summary(series: list[tuple[date, dict]], filters: Filters) -> str:
    area = _area(filters)
    if not series:
        return f"None of the {_las_in(filters)} had a graded {area} judgement at the year ends chosen."
    end, counts = series[-1]
    good, graded = counts["outstanding"] + counts["good"], counts["total"] - counts["not_graded"]
    text = (
        f"At 31 March {end.year}, {good} of {graded} {_las_in(filters)} with a graded {area} "
        f"judgement ({_pct(good, graded)}) were good or outstanding and {counts['inadequate']} "
        f"were inadequate"
    )
    if filters.region:
        england = counts_as_at(filters, end, region_code="")
        good_e, graded_e = england["outstanding"] + england["good"], england["total"] - england["not_graded"]
        text += f"; in England {_pct(good_e, graded_e)} were good or outstanding"
    return text + "."


# -- 3. grade transitions ---------------------------------------------------------------------------


def pair_options(judgements: pd.DataFrame) -> dict[str, str]:
    """'any' and every framework pair found between an LA's consecutive graded inspections."""
    graded = judgements[judgements["inspection_type"].isin(GRADED_TYPES) & judgements["grade_rank"].notna()]
    inspections = graded.drop_duplicates("inspection_id").sort_values(["la_id", "published_date", "inspection_id"])
    previous = inspections.groupby("la_id")["framework"].shift()
    found = {(p, c) for p, c in zip(previous, inspections["framework"], strict=True) if isinstance(p, str)}
    start = {code: f.start for code, f in FRAMEWORK_BY_CODE.items()}
    ordered = sorted(found, key=lambda pc: (start.get(pc[0], date.max), start.get(pc[1], date.max)))
    return {ANY: "Any framework → any framework"} | {f"{p}-{c}".lower(): f"{p} → {c}" for p, c in ordered}


def parse_pair(value: str | None) -> tuple[str | None, str | None]:
    """'sif-ilacs' -> ('SIF', 'ILACS'); 'any' (or anything unknown) -> (None, None)."""
    parts = (value or ANY).upper().split("-")
    if len(parts) == 2 and all(p in FRAMEWORK_BY_CODE for p in parts):
        return parts[0], parts[1]
    return None, None


def normal_pair(value: str | None) -> str:
    """The canonical value of a pair ('sif-ilacs' or 'any'), so caches see few distinct keys."""
    previous, current = parse_pair(value)
    return f"{previous}-{current}".lower() if previous else ANY


@lru_cache(maxsize=64)
def _for_pair(function, pair: str):
    """One callable per (function, pair), so dashboard.cache can memoise it per filter set."""
    return partial(function, pair=pair)


def _pairs(filters: Filters, pair: str) -> pd.DataFrame:
    previous, current = parse_pair(pair)
    pairs = transition_pairs(
        queries.judgements(store_url()),
        headline=filters.area,
        region_code=filters.region or None,
        previous_framework=previous,
        current_framework=current,
    )
    if filters.la:
        pairs = pairs[pairs["ons_code"] == filters.la]
    return _published_between(pairs, filters)


def pairs_for(filters: Filters, pair: str | None) -> pd.DataFrame:
    """Judgements with a previous one: chosen area, region and framework pair; dates filter the later one."""
    return cached_call(_for_pair(_pairs, normal_pair(pair)), filters)


def _pair_name(pair: str | None) -> str:
    previous, current = parse_pair(pair)
    return f"{previous} → {current}" if previous else "any framework → any framework"


def transitions(filters: Filters, pair: str | None = ANY) -> ViewResult:
    """Previous grade -> next grade, counts and row percentages."""
    previous, current = parse_pair(pair)
    matrix = transition_matrix(pairs_for(filters, pair))
    shares = row_percentages(matrix)
    frame = pd.DataFrame(
        [
            {
                "previous_framework": previous or "any",
                "previous_grade": _label(p, previous),
                "framework": current or "any",
                "grade": _label(c, current),
                "count": int(matrix.loc[p, c]),
                "row_share": float(shares.loc[p, c]) if shares.loc[p, c] == shares.loc[p, c] else None,
            }
            for p in GRADED
            for c in GRADED
        ]
    )
    figure = transition_matrix_figure(matrix, previous_framework=previous, current_framework=current)
    return ViewResult(
        frame=frame,
        figure=figure,
        summary=_transitions_summary(matrix, filters, pair),
        notes=[
            f"Framework pair: {_pair_name(pair)}. row_share is the percentage of the row (same previous grade).",
            STUCK_TEXT,
        ],
    )


def _transitions_summary(matrix: pd.DataFrame, filters: Filters, pair: str | None) -> str:
    where = f"{filters.scope_name}, {_area(filters)}, {_pair_name(pair)}"
    if not matrix.to_numpy().sum():
        return f"No LA had two graded inspections to compare ({where})."
    parts = []
    for key, article in (("requires_improvement", "a"), ("inadequate", "an")):
        total, same = int(matrix.loc[key].sum()), int(matrix.loc[key, key])
        if total:
            parts.append(
                f"{same} of {total} judgements after {article} {_label(key).lower()} grade "
                f"({_pct(same, total)}) gave the same grade again"
            )
    if not parts:
        return (
            f"None of the {int(matrix.to_numpy().sum())} judgements followed a requires improvement or "
            f"inadequate grade ({where})."
        )
    return f"Stuck ({where}): " + "; ".join(parts) + "."


def transitions_view(pair: str | None = ANY) -> ChartView:
    """The transitions card for one framework pair (its result is cached like any ChartView's)."""
    return ChartView(
        key=f"{PAGE}-transitions",
        title="Grade transitions: previous grade → next grade",
        compute=_for_pair(transitions, normal_pair(pair)),
        height=440,
    )


def cell_options(previous: str | None = None, current: str | None = None) -> list[dict]:
    return [{"label": "Choose a cell of the chart", "value": ""}] + [
        {"label": f"{_label(p, previous)} → {_label(c, current)}", "value": f"{p}|{c}"} for p in GRADED for c in GRADED
    ]


def las_behind(filters: Filters, pair: str | None, cell: str | None) -> html.Div:
    """The LAs behind one cell of the transition matrix, with both publication dates."""
    if not cell or "|" not in cell:
        return html.P(
            "Click a cell of the chart (or choose one above) to list the local authorities in it.",
            className="text-body-secondary",
        )
    previous_key, current_key = cell.split("|")
    previous, current = parse_pair(pair)
    pairs = pairs_for(filters, pair)
    rows = pairs[(pairs["previous_grade"] == previous_key) & (pairs["grade"] == current_key)]
    title = (
        f"Previous grade {_label(previous_key, previous).lower()}, "
        f"then {_label(current_key, current).lower()}: {len(rows)} judgement{'s' if len(rows) != 1 else ''} "
        f"({filters.scope_name}, {_pair_name(pair)})"
    )
    if rows.empty:
        return html.Div([html.H3(title, className="h6"), html.P("No local authorities in this cell.")])
    # The table's caption is the title.
    table = pd.DataFrame(
        {
            "Local authority": rows["la_name"],
            "Region": rows["region_name"],
            "Previous framework": rows["previous_framework"],
            "Previous grade": [
                _label(g, f) for g, f in zip(rows["previous_grade"], rows["previous_framework"], strict=True)
            ],
            "Previous published": rows["previous_published_date"],
            "Framework": rows["framework"],
            "Grade": [_label(g, f) for g, f in zip(rows["grade"], rows["framework"], strict=True)],
            "Published": rows["published_date"],
        }
    ).sort_values(["Published", "Local authority"], ascending=[False, True])
    return data_table(table, caption=title)


# -- layout ---------------------------------------------------------------------------------------------

BY_YEAR = ChartView(key=f"{PAGE}-by-year", title="Grades by financial year of publication", compute=by_year, height=640)
AS_AT = ChartView(
    key=f"{PAGE}-as-at", title="Each local authority's latest grade as at 31 March", compute=as_at, height=460
)
TRANSITIONS = transitions_view(ANY)


def transitions_section(filters: Filters) -> html.Section:
    options = pair_options(queries.judgements(store_url()))
    pair = normal_pair(filters.pair)
    if pair not in options:  # a link may name a pair this store has no transitions for
        previous, current = parse_pair(pair)
        options[pair] = f"{previous} → {current}"
    controls = html.Div(
        [
            dbc.Label("Framework pair (previous → later inspection)", html_for=PAIR_ID, className="fw-bold"),
            dbc.Select(id=PAIR_ID, value=pair, options=[{"label": t, "value": v} for v, t in options.items()]),
            html.P(STUCK_TEXT, className="mt-3", id=f"{PAGE}-stuck"),
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
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            transitions_view(filters.pair),
                            filters,
                            description="Each graded inspection against the same LA's previous one "
                            "in this judgement area.",
                        ),
                        lg=8,
                    ),
                    dbc.Col(controls, lg=4),
                ]
            ),
            html.Div(
                [
                    dbc.Label("Show the local authorities in a cell", html_for=CELL_ID, className="fw-bold"),
                    dbc.Select(
                        id=CELL_ID,
                        value="",
                        options=cell_options(*parse_pair(filters.pair)),
                        placeholder="Choose a cell of the chart",  # dbc.Select shows "" as blank otherwise
                        className="mb-2",
                        style={"maxWidth": "40rem"},
                    ),
                    html.Div(
                        las_behind(filters, filters.pair, ""), id=LAS_ID, role="region", **{"aria-live": "polite"}
                    ),
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
            html.H1(f"Judgements over time: {filters.scope_name}", id=f"{PAGE}-heading"),
            filter_bar(PAGE, filters, FIELDS, notices),
            chart_card(
                BY_YEAR,
                filters,
                description="Standard and short inspections by the financial year (April to March) their "
                "report was published; each bar is 100% of that year's judgements under one "
                "framework, labelled with count and share.",
            ),
            chart_card(
                AS_AT,
                filters,
                description="Ofsted's convention: inspections carried out by 31 March and published by 30 "
                "June. All frameworks (the framework filter does not apply); Published from/to "
                "limit the year ends shown. The same numbers as the command line: python -m "
                "data_access metrics grades --as-at DATE.",
            ),
            transitions_section(filters),
        ]
    )


# -- callbacks ------------------------------------------------------------------------------------------

register_filter_sync(PAGE, SYNCED)
register_chart(BY_YEAR, store_id(PAGE))
register_chart(AS_AT, store_id(PAGE))


@callback(Output(f"{PAGE}-heading", "children"), Input(store_id(PAGE), "data"), prevent_initial_call=True)
def _heading(query):
    return f"Judgements over time: {filters_from_store(query).scope_name}"


# The transitions chart depends on the page-local pair as well as the filters, so it is wired here
# (the same outputs and CSV as register_chart, with the pair as a second input).
@callback(
    Output(f"{TRANSITIONS.key}-graph", "figure"),
    Output(f"{TRANSITIONS.key}-summary", "children"),
    Output(f"{TRANSITIONS.key}-img", "aria-label"),
    Input(store_id(PAGE), "data"),
    prevent_initial_call=True,
)
def _update_transitions(query):
    filters = filters_from_store(query)
    result = transitions_view(filters.pair).result(filters)
    return result.figure, result.summary, result.summary


def _transitions_table(filters: Filters) -> html.Div:
    return data_table(transitions_view(filters.pair).result(filters).frame, caption=TRANSITIONS.title)


register_table(TRANSITIONS.key, store_id(PAGE), _transitions_table)


@callback(
    Output(f"{TRANSITIONS.key}-download", "data"),
    Input(f"{TRANSITIONS.key}-download-button", "n_clicks"),
    State(store_id(PAGE), "data"),
    prevent_initial_call=True,
)
def _download_transitions(_clicks, query):
    filters = filters_from_store(query)
    return dict(
        content=csv_text(transitions_view(filters.pair).result(filters), filters, TRANSITIONS.title),
        filename=f"{TRANSITIONS.key}.csv",
        type="text/csv",
    )


@callback(Output(CELL_ID, "value"), Input(f"{TRANSITIONS.key}-graph", "clickData"), prevent_initial_call=True)
def _cell_from_click(click):
    point = ((click or {}).get("points") or [{}])[0]
    try:
        return f"{grade_key(point['y'])}|{grade_key(point['x'])}"
    except (KeyError, TypeError, ValueError):  # not a cell of the grade matrix
        return dash.no_update


@callback(Output(CELL_ID, "options"), Input(PAIR_ID, "value"), prevent_initial_call=True)
def _cell_labels(pair):
    return cell_options(*parse_pair(pair))


@callback(
    Output(LAS_ID, "children"),
    Input(CELL_ID, "value"),
    Input(store_id(PAGE), "data"),
    prevent_initial_call=True,
)
def _las(cell, query):
    filters = filters_from_store(query)
    return las_behind(filters, filters.pair, cell)
