"""Judgements over time: the grade mix by year of publication, each LA's grade as at 31 March,
and grade transitions (do authorities judged requires improvement or inadequate get stuck?)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.cache import cached_view
from dashboard.context import store_url
from dashboard.dates import partial_financial_years, short_date
from dashboard.figures.distributions import grade_counts_as_at, grade_shares_by_year
from dashboard.figures.transitions import transition_matrix_figure
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult, mark_partial_years, scaled_paint, whole_number_axis
from data_access import derived, queries
from data_access.areas import HEADLINE_AREAS
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import Grade
from data_access.metrics.grades import GRADE_KEYS, GRADED_TYPES, grade_counts, grades_by_publication_year
from data_access.metrics.periods import publication_cutoff
from data_access.metrics.transitions import row_percentages, transition_matrix, transition_pairs
from data_access.reference.regions import members, on_basis

FILTER_FIELDS = ("region", "la", "framework", "area", "date_from", "date_to")
FIRST_YEAR_END = date(2010, 3, 31)
ANY = "any"
GRADED = GRADE_KEYS[:4]
GOOD_OR_BETTER = ("outstanding", "good")
STUCK_TEXT = (
    'An LA is "stuck" when its previous grade was requires improvement or inadequate and '
    "its next inspection gave the same grade again (the outlined cells)."
)


# -- shared helpers -----------------------------------------------------------------------------


def area_name(filters: Filters) -> str:
    return HEADLINE_AREAS[filters.area].lower()


def published_between(frame: pd.DataFrame, filters: Filters, column: str = "published_date") -> pd.DataFrame:
    """Rows published within the filters' dates (either end open)."""
    if filters.date_from:
        frame = frame[frame[column] >= pd.Timestamp(filters.date_from)]
    if filters.date_to:
        frame = frame[frame[column] <= pd.Timestamp(filters.date_to)]
    return frame


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def las_in(filters: Filters) -> str:
    if filters.la:
        return filters.scope_name
    return f"{filters.region_name} LAs" if filters.region else "LAs in England"


def grade_label(key: str, framework: str | None = None) -> str:
    return Grade(key).label(framework)


def latest_publication() -> date:
    """The date the data runs to (`derived.data_as_at`, as everywhere); date.min for an empty store."""
    return derived.data_as_at(store_url()) or date.min


# -- 1. grade distribution by financial year of publication ---------------------------------------


def by_year(filters: Filters) -> ViewResult:
    """Grades of judgements published in each financial year, region beside England."""
    judgements = published_between(queries.judgements(store_url()), filters)
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
    frame.insert(4, "grade_key", frame["grade"])
    frame["grade"] = [grade_label(g, f) for g, f in zip(frame["grade_key"], frame["framework"], strict=True)]
    names = [name for name, _ in scopes]
    latest = latest_publication()
    partial = partial_financial_years(
        frame["financial_year"].unique(), date_from=filters.date_from, date_to=filters.date_to, latest=latest
    )
    return ViewResult(
        frame=frame,
        paint=scaled_paint(lambda: mark_partial_years(grade_shares_by_year(frame, names), partial)),
        summary=by_year_summary(frame, filters, latest),
        notes=(
            "share is the percentage of that scope's judgements in that financial year "
            "and framework (April to March, by publication date).",
            *partial_notes(partial, filters, latest),
        ),
    )


def partial_notes(partial: set[str], filters: Filters, latest: date) -> tuple[str, ...]:
    """What a chart by financial year says about the years it shows only part of."""
    if not partial:
        return ()
    ends = [d for d in (filters.date_to, latest) if d and d != date.min]
    end = min(ends) if ends else None
    start = f" from {short_date(filters.date_from)}" if filters.date_from else ""
    to = f" to {short_date(end)}" if end else ""
    years = ", ".join(sorted(partial))
    return (
        f"Partial financial year{'s' if len(partial) > 1 else ''} ({years}): judgements published{start}{to} only.",
    )


def by_year_summary(frame: pd.DataFrame, filters: Filters, latest: date) -> str:
    area, scope = area_name(filters), filters.scope_name
    good: dict[tuple, int] = {}
    graded: dict[tuple, int] = {}
    for where, year, framework, key, count in zip(
        frame["scope"], frame["financial_year"], frame["framework"], frame["grade_key"], frame["count"], strict=True
    ):
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
    complete = [m for m in mine if date(int(m[0][:4]) + 1, 3, 31) <= latest]
    year, _, framework = max(complete or mine)
    here = good.get((scope, year, framework), 0), graded[(scope, year, framework)]
    if filters.la:  # one LA: its own judgement(s) in words, not "1 of 1 Kent ... were"
        text = f"In {year}, " + one_la_grades(frame, scope, year, framework, area)
    else:
        text = (
            f"In {year}, {pct(*here)} of {scope} {framework} {area} judgements were good or outstanding "
            f"({here[0]} of {here[1]})"
        )
    if filters.region:
        england = good.get(("England", year, framework), 0), graded.get(("England", year, framework), 0)
        text += f", against {pct(*england)} in England ({england[0]} of {england[1]})"
    return text + "."


def one_la_grades(frame: pd.DataFrame, la_name: str, year: str, framework: str, area: str) -> str:
    """ "Kent's ILACS overall effectiveness judgement was good", or for several in one year
    "Kent's 2 ILACS ... judgements were good and requires improvement"."""
    rows = frame[
        (frame["scope"] == la_name)
        & (frame["financial_year"] == year)
        & (frame["framework"] == framework)
        & (frame["grade_key"] != Grade.NOT_GRADED.value)
        & (frame["count"] > 0)
    ]
    grades = [
        grade_label(k, framework).lower()
        for k, n in zip(rows["grade_key"], rows["count"], strict=True)
        for _ in range(int(n))
    ]
    if len(grades) == 1:
        return f"{la_name}'s {framework} {area} judgement was {grades[0]}"
    return f"{la_name}'s {len(grades)} {framework} {area} judgements were {', '.join(grades[:-1])} and {grades[-1]}"


# -- 2. each LA's latest grade as at 31 March -------------------------------------------------------


def counts_as_at(filters: Filters, as_at: date, *, region_code: str | None = None) -> dict[str, int]:
    """grade_counts(latest_grades_as_at(...)) for the filters' area and region (or `region_code`;
    "" for England): what `python -m data_access metrics grades --as-at` prints.

    England's latest grades are computed once per store revision (data_access.derived); a region
    is that frame's rows for the region, exactly as latest_grades_as_at(region_code=...) filters.
    """
    region = filters.region if region_code is None else region_code
    latest = derived.latest_grades_all(store_url(), as_at=as_at, headline=filters.area)
    if filters.la and region_code is None:  # narrowed to one LA: its own grade, counted
        return grade_counts(latest.loc[latest["ons_code"] == filters.la, ["grade"]])
    return grade_counts(latest.loc[latest["region_code"].isin(members(region)), ["grade"]] if region else latest)


def year_ends(filters: Filters) -> tuple[list[date], bool]:
    """Every 31 March from 2010 to the latest the data reaches, within the filters' dates, and
    whether the last one is provisional (its reports were not all due by the latest publication)."""
    latest = latest_publication()
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
            f"No LA had a graded {area_name(filters)} judgement before 31 March {series[first][0].year}; "
            "earlier year ends are left out."
        )
    series = series[first:]
    keys = GRADED + [k for k in GRADE_KEYS[4:] if any(counts[k] for _, counts in series)]
    frame = pd.DataFrame(
        [
            (
                end,
                grade_label(key),
                key,
                counts[key],
                round(100 * counts[key] / counts["total"], 1) if counts["total"] else 0.0,
            )
            for end, counts in series
            for key in keys
        ],
        columns=["year_end", "grade", "grade_key", "count", "share"],
    )
    if provisional and series:
        notes.append(
            f"31 March {ends[-1].year} is provisional: reports published up to 30 June "
            f"{ends[-1].year} may still be missing."
        )
    return ViewResult(
        frame=frame,
        paint=scaled_paint(lambda: as_at_figure(frame, filters)),
        summary=as_at_summary(series, filters),
        notes=tuple(notes),
    )


def as_at_figure(frame: pd.DataFrame, filters: Filters):
    figure = grade_counts_as_at(frame, region_name=filters.scope_name)
    if filters.la:  # one LA: a count of 0 or 1 at each year end, on a whole-number axis
        figure = whole_number_axis(figure, "yaxis", most=1)
    return figure


def as_at_summary(series: list[tuple[date, dict]], filters: Filters) -> str:
    area = area_name(filters)
    if not series:
        return f"None of the {las_in(filters)} had a graded {area} judgement at the year ends chosen."
    end, counts = series[-1]
    good, graded = counts["outstanding"] + counts["good"], counts["total"] - counts["not_graded"]
    if filters.la:  # one LA: "Kent's latest grade was good", not "1 of 1 Kent ... were good"
        grade = next((k for k in GRADED if counts[k]), None)
        text = f"At 31 March {end.year}, {filters.scope_name}" + (
            f"'s latest {area} grade was {grade_label(grade).lower()}" if grade else f" had no graded {area} judgement"
        )
    else:
        text = (
            f"At 31 March {end.year}, {good} of {graded} {las_in(filters)} with a graded {area} "
            f"judgement ({pct(good, graded)}) were good or outstanding and {counts['inadequate']} "
            f"were inadequate"
        )
    if filters.region:
        england = counts_as_at(filters, end, region_code="")
        good_e, graded_e = england["outstanding"] + england["good"], england["total"] - england["not_graded"]
        text += f"; in England {pct(good_e, graded_e)} were good or outstanding"
    return text + "."


# -- 3. grade transitions ---------------------------------------------------------------------------


def pair_options(judgements: pd.DataFrame | None = None) -> dict[str, str]:
    """'any' and every framework pair found between an LA's consecutive graded inspections."""
    if judgements is None:
        judgements = queries.judgements(store_url())
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


def pair_name(pair: str | None) -> str:
    previous, current = parse_pair(pair)
    return f"{previous} → {current}" if previous else "any framework → any framework"


@cached_view
def transition_pairs_for(filters: Filters) -> pd.DataFrame:
    """Judgements with a previous one: chosen area, region, LA and framework pair; the dates
    filter the later judgement."""
    previous, current = parse_pair(filters.pair)
    pairs = transition_pairs(
        queries.judgements(store_url()),
        headline=filters.area,
        region_code=filters.region or None,
        previous_framework=previous,
        current_framework=current,
    )
    if filters.la:
        pairs = pairs[pairs["ons_code"] == filters.la]
    return published_between(pairs, filters)


def transitions(filters: Filters) -> ViewResult:
    """Previous grade -> next grade, counts and row percentages."""
    previous, current = parse_pair(filters.pair)
    matrix = transition_matrix(transition_pairs_for(filters))
    shares = row_percentages(matrix)
    frame = pd.DataFrame(
        [
            {
                "previous_framework": previous or "any",
                "previous_grade": grade_label(p, previous),
                "framework": current or "any",
                "grade": grade_label(c, current),
                "count": int(matrix.loc[p, c]),
                "row_share": float(shares.loc[p, c]) if shares.loc[p, c] == shares.loc[p, c] else None,
                "previous_grade_key": p,
                "grade_key": c,
            }
            for p in GRADED
            for c in GRADED
        ]
    )
    return ViewResult(
        frame=frame,
        paint=scaled_paint(
            lambda: transition_matrix_figure(matrix, previous_framework=previous, current_framework=current)
        ),
        summary=transitions_summary(matrix, filters),
        notes=(
            f"Framework pair: {pair_name(filters.pair)}. row_share is the percentage of the row (same previous grade).",
            STUCK_TEXT,
        ),
    )


def transitions_summary(matrix: pd.DataFrame, filters: Filters) -> str:
    where = f"{filters.scope_name}, {area_name(filters)}, {pair_name(filters.pair)}"
    if not matrix.to_numpy().sum():
        return f"No LA had two graded inspections to compare ({where})."
    parts = []
    for key, article in (("requires_improvement", "a"), ("inadequate", "an")):
        total, same = int(matrix.loc[key].sum()), int(matrix.loc[key, key])
        after = f"after {article} {grade_label(key).lower()} grade"
        if filters.la and total == 1:  # one LA, one judgement: say what happened, not "1 of 1 (100%)"
            parts.append(f"its judgement {after} {'gave the same grade again' if same else 'gave a different grade'}")
        elif total:
            parts.append(f"{same} of {total} judgements {after} ({pct(same, total)}) gave the same grade again")
    if not parts:
        return (
            f"None of the {int(matrix.to_numpy().sum())} judgements followed a requires improvement or "
            f"inadequate grade ({where})."
        )
    return f"Stuck ({where}): " + "; ".join(parts) + "."


def transition_cells(pair: str | None) -> list[tuple[str, str]]:
    """Every cell of the matrix as (value 'previous|next', label in the pair's wording)."""
    previous, current = parse_pair(pair)
    return [(f"{p}|{c}", f"{grade_label(p, previous)} → {grade_label(c, current)}") for p in GRADED for c in GRADED]


def transition_las(filters: Filters, cell: str) -> tuple[str, pd.DataFrame]:
    """(title, table) of the LAs behind one cell 'previous|next' of the transition matrix."""
    previous_key, current_key = cell.split("|")
    previous, current = parse_pair(filters.pair)
    pairs = transition_pairs_for(filters)
    rows = on_basis(pairs[(pairs["previous_grade"] == previous_key) & (pairs["grade"] == current_key)], filters.regions)
    title = (
        f"Previous grade {grade_label(previous_key, previous).lower()}, "
        f"then {grade_label(current_key, current).lower()}: {len(rows)} judgement{'s' if len(rows) != 1 else ''} "
        f"({filters.scope_name}, {pair_name(filters.pair)})"
    )
    table = pd.DataFrame(
        {
            "Local authority": rows["la_name"],
            "Region": rows["region_name"],
            "Previous framework": rows["previous_framework"],
            "Previous grade": [
                grade_label(g, f) for g, f in zip(rows["previous_grade"], rows["previous_framework"], strict=True)
            ],
            "Previous published": rows["previous_published_date"],
            "Framework": rows["framework"],
            "Grade": [grade_label(g, f) for g, f in zip(rows["grade"], rows["framework"], strict=True)],
            "Published": rows["published_date"],
        }
    ).sort_values(["Published", "Local authority"], ascending=[False, True])
    return title, table


BY_YEAR = View(
    "judgements-by-year",
    "Grades by financial year of publication",
    by_year,
    FILTER_FIELDS,
    height=640,
    description="Standard and short inspections by the financial year (April to March) their "
    "report was published; each bar is 100% of that year's judgements under one "
    "framework, labelled with count and share.",
)
AS_AT = View(
    "judgements-as-at",
    "Each local authority's latest grade as at 31 March",
    as_at,
    FILTER_FIELDS,
    height=460,
    description="Ofsted's convention: inspections carried out by 31 March and published by 30 "
    "June. All frameworks (the framework filter does not apply); Published from/to "
    "limit the year ends shown. The same numbers as the command line: python -m "
    "data_access metrics grades --as-at DATE.",
)
TRANSITIONS = View(
    "judgements-transitions",
    "Grade transitions: previous grade → next grade",
    transitions,
    (*FILTER_FIELDS, "pair"),
    height=440,
    description="Each graded inspection against the same LA's previous one in this judgement area.",
)
