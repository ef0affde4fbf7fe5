"""Leadership: the CYP Board's measure, by financial year and by region, with the LAs behind each bar.

Every number comes from `data_access.metrics.leadership` (the same code as
`python -m data_access metrics leadership`), so the page, its CSVs, slides and the CLI agree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.cache import cached_view
from dashboard.context import store_url
from dashboard.dates import partial_financial_years, short_date
from dashboard.figures.leadership import CHANGE_LABELS, by_region_figure, by_year_figure
from dashboard.figures.theme import CHANGE_ORDER
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult, mark_partial_years, scaled_paint, whole_number_axis
from data_access import queries
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import Grade
from data_access.metrics import leadership as measure
from data_access.metrics import small_numbers
from data_access.reference.regions import DEFAULT_BASIS, REGION_BY_CODE, members, on_basis, regions_on

FILTER_FIELDS = ("region", "la", "date_from", "date_to", "predecessors")
ILACS_START = FRAMEWORK_BY_CODE["ILACS"].start  # the default period: all ILACS years
TYPE_LABELS = {"standard": "Standard inspection", "short": "Short inspection"}
PERCENT_COLUMNS = measure.SUMMARY_COLUMNS[5:]
COUNT_COLUMNS = (*measure.SUMMARY_COLUMNS[:5], "with_previous")
TABLE_HEADINGS = {
    "judgements": "ILACS leadership judgements",
    "improved": "Improved",
    "maintained": "Maintained",
    "declined": "Declined",
    "no_previous": "No previous grade",
    "with_previous": "With a previous grade",
    "pct_improved": "% improved",
    "pct_maintained_or_improved": "% maintained or improved",
}


def period(filters: Filters) -> tuple[date, date | None]:
    """The publication window: the filter's dates, or all ILACS years when none are given."""
    return filters.date_from or ILACS_START, filters.date_to


def period_text(filters: Filters) -> str:
    start, end = period(filters)
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}" if end else f"{start:%-d %B %Y} to date"


@cached_view
def _england_changes(filters: Filters) -> pd.DataFrame:
    """`leadership_changes` for every region, for the filters' period and predecessor choice."""
    start, end = period(filters)
    url = store_url()
    return measure.leadership_changes(
        queries.judgements(url),
        queries.reorganisations(url),
        start=start,
        end=end,
        with_predecessors=filters.predecessors,
    )


def changes(filters: Filters, *, all_regions: bool = False) -> pd.DataFrame:
    """`leadership_changes` for the filters (every region when `all_regions`).

    Computed once for all regions and then narrowed: the metric's region filter only narrows the
    counted judgements, never their history, so this equals calling it with `region_code`.
    """
    frame = _england_changes(
        Filters(date_from=filters.date_from, date_to=filters.date_to, predecessors=filters.predecessors)
    )
    if filters.region and not all_regions:
        frame = frame[frame["region_code"].isin(members(filters.region))]
    if filters.la and not all_regions:
        frame = frame[frame["ons_code"] == filters.la]
    return on_basis(frame, filters.regions)  # region names and codes on the basis shown


def comparable(counts) -> int:
    """Judgements with a previous grade: the percentages' denominator."""
    return int(counts["improved"]) + int(counts["maintained"]) + int(counts["declined"])


def measure_table(summary: pd.DataFrame, key: str, key_label: str, total: dict, total_label: str) -> pd.DataFrame:
    """The measure's counts and percentages per `key` (year or region), with a total row."""
    frame = pd.DataFrame(summary.to_dict("records") + [{key: total_label, **total}])
    frame["with_previous"] = frame["improved"] + frame["maintained"] + frame["declined"]
    frame = frame[[key, *COUNT_COLUMNS, *PERCENT_COLUMNS]]
    frame = frame.astype({c: "int64" for c in COUNT_COLUMNS} | {c: "float64" for c in PERCENT_COLUMNS})
    return frame.rename(columns={key: key_label, **TABLE_HEADINGS})


def notes(filters: Filters) -> tuple[str, ...]:
    return (
        f"Published {period_text(filters)}",
        "Percentages are of judgements with a previous leadership grade (improved + maintained + declined)",
        "Reorganised LAs compared with predecessors: " + ("yes" if filters.predecessors else "no"),
    )


def share_text(part: int, whole: int) -> str:
    """ "12 of 30 (40%)", or "1 of 1" under SMALL_N (small_numbers)."""
    if not whole:
        return f"{part} (none had a previous grade to compare)"
    return small_numbers.count_and_share(part, whole)


def by_year(filters: Filters) -> ViewResult:
    frame = changes(filters)
    summary = measure.summarise_by(frame, "financial_year")
    total = measure.summarise(frame)
    table = measure_table(summary, "financial_year", "Financial year", total, "All years in the period")
    where = filters.scope_name
    if not total["judgements"]:
        text = f"No ILACS leadership judgements were published in {where} from {period_text(filters)}."
    elif filters.la:  # one LA: its latest judgement in words, not "1 of 1 (100%) improved"
        text = one_la_text(frame, filters)
    else:
        whole = comparable(total)
        latest = summary.iloc[-1]
        text = (
            f"{where}, published {period_text(filters)}: of {whole} ILACS leadership judgements with a "
            f"previous grade, {share_text(total['improved'], whole)} improved and "
            f"{share_text(total['improved'] + total['maintained'], whole)} were maintained or improved, "
            f"with {total['no_previous']} having no previous grade; in {latest['financial_year']}, "
            f"{share_text(int(latest['improved']), comparable(latest))} improved."
        )
    latest = queries.judgements(store_url())["published_date"].max()
    partial = partial_financial_years(
        summary["financial_year"].astype(str),
        date_from=filters.date_from,
        date_to=filters.date_to,
        latest=latest.date() if latest == latest else None,
    )
    partial_note = (f"Partial financial year {', '.join(sorted(partial))}: not every month of it is counted.",)

    def paint():
        figure = mark_partial_years(by_year_figure(summary), partial)
        if filters.la and not summary.empty:  # one LA's counts: 0, 1, 2 on the axis, not 0.5
            figure = whole_number_axis(figure, "yaxis", most=int(summary["judgements"].max()))
        return figure

    return ViewResult(
        frame=table,
        paint=scaled_paint(paint),
        summary=text,
        notes=notes(filters) + (partial_note if partial else ()),
    )


CHANGE_WORDS = {
    "improved": "improved on its previous grade",
    "maintained": "kept its previous grade",
    "declined": "was below its previous grade",
}


def one_la_text(frame: pd.DataFrame, filters: Filters) -> str:
    """One LA's leadership judgements in words: how many, and what the latest was and did."""
    last = frame.sort_values("published_date", kind="stable").iloc[-1]
    count = len(frame)
    grade = _grade(last["grade"], "ILACS").lower()
    previous = _grade(last["previous_grade"], last["previous_framework"]).lower()
    change = CHANGE_WORDS.get(last["change"])
    did = f"{change} ({previous})" if change and previous else "had no previous grade to compare with"
    published = short_date(pd.Timestamp(last["published_date"]).date())
    return (
        f"{filters.scope_name}, published {period_text(filters)}: {count} ILACS leadership "
        f"judgement{'s' if count != 1 else ''}; the latest, published {published}, was {grade} and {did}."
    )


def region_summary(frame: pd.DataFrame, basis: str = DEFAULT_BASIS) -> pd.DataFrame:
    """`summarise_by` region, with every region of `basis` present (zeros where none), in order."""
    summary = measure.summarise_by(frame, "region_name").set_index("region_name")
    empty = measure.summarise(frame.iloc[0:0])
    rows = [
        {"region_name": r.name, **(summary.loc[r.name].to_dict() if r.name in summary.index else empty)}
        for r in regions_on(basis)
    ]
    return pd.DataFrame(rows, columns=["region_name", *measure.SUMMARY_COLUMNS])


def by_region(filters: Filters) -> ViewResult:
    frame = changes(filters, all_regions=True)
    summary = region_summary(frame, filters.regions)
    total = measure.summarise(frame)
    table = measure_table(summary, "region_name", "Region", total, "England")
    selected = REGION_BY_CODE[filters.region].name if filters.region else None
    rated = summary[summary["pct_improved"].notna()]
    if rated.empty:
        text = f"No ILACS leadership judgements with a previous grade were published {period_text(filters)}."
    else:
        low = rated.loc[rated["pct_improved"].idxmin()]
        high = rated.loc[rated["pct_improved"].idxmax()]
        here = summary.set_index("region_name").loc[selected] if selected else total
        text = (
            f"Across the {len(summary)} regions, published {period_text(filters)}, the share of leadership judgements "
            f"that improved ranged from {small_numbers.share_text(int(low['improved']), comparable(low))} in "
            f"{low['region_name']} to {small_numbers.share_text(int(high['improved']), comparable(high))} in "
            f"{high['region_name']}; in {selected or 'England'}, "
            f"{share_text(int(here['improved']), comparable(here))} improved and "
            f"{share_text(int(here['improved']) + int(here['maintained']), comparable(here))} were "
            f"maintained or improved."
        )
    return ViewResult(
        frame=table,
        paint=scaled_paint(lambda: by_region_figure(summary, selected=selected)),
        summary=text,
        notes=notes(filters),
    )


# -- the LAs behind the measure ------------------------------------------------------------------


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
            "ons_code_key": frame["ons_code"],
            "previous_grade_key": frame["previous_grade"],
            "grade_key": frame["grade"],
        }
    )
    return table.sort_values(
        ["Change", "Local authority"],
        key=lambda s: s.map({c: i for i, c in enumerate(CHANGE_ORDER)}) if s.name == "Change" else s,
        kind="stable",
    )


def behind_bar(filters: Filters, view_name: str, group: str, change: str | None) -> tuple[str, pd.DataFrame]:
    """(caption, LAs) behind one bar: a financial year (by-year view) or a region (by-region
    view), for one change or every change. The frame's `ons_code_key` links each to its profile."""
    if view_name == BY_YEAR.name:
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
    if frame.empty:
        return f"No ILACS leadership judgements: {where}, {what}.", drill_frame(frame)
    return f"Local authorities behind the bar: {where}, {what} ({len(frame)})", drill_frame(frame)


def judgement_changes(filters: Filters) -> ViewResult:
    """Every counted ILACS leadership judgement with its previous grade and the change."""
    table = drill_frame(changes(filters))
    return ViewResult(
        frame=table,
        summary=f"{len(table)} ILACS leadership judgements, {filters.scope_name}, published {period_text(filters)}.",
        notes=notes(filters),
    )


def financial_years(filters: Filters) -> list[str]:
    return sorted(changes(filters)["financial_year"].dropna().unique())


# -- words and headline figures -----------------------------------------------------------------


def heading(filters: Filters) -> str:
    return f"Leadership grade change: {filters.scope_name}"


def intro(filters: Filters) -> str:
    extra = " Reorganised authorities are compared with their predecessors." if filters.predecessors else ""
    return (
        f"Did each local authority's leadership grade improve on its previous inspection? ILACS "
        f"inspections published {period_text(filters)}.{extra}"
    )


def headlines(filters: Filters) -> ViewResult:
    """The measure's headline figures for the scope, with England's beside them (a region chosen)."""
    here = measure.summarise(changes(filters))
    england = measure.summarise(changes(filters, all_regions=True))

    def share(counts: dict, part: int) -> str:
        return small_numbers.share_text(part, comparable(counts)) or "n/a"

    def either(counts: dict) -> int:
        return counts["improved"] + counts["maintained"]

    def with_count(counts: dict, part: int) -> str:
        return small_numbers.count_and_share(part, comparable(counts)) or "n/a"

    rows = [
        (
            "Improved",
            share(here, here["improved"]),
            f"{here['improved']} of {comparable(here)} judgements with a previous grade",
            with_count(england, england["improved"]),
        ),
        (
            "Maintained or improved",
            share(here, either(here)),
            f"{either(here)} of {comparable(here)} judgements with a previous grade",
            with_count(england, either(england)),
        ),
        (
            "Judgements counted",
            str(here["judgements"]),
            f"{here['declined']} declined; {here['no_previous']} with no previous leadership grade",
            f"{england['judgements']} ({england['declined']} declined)",
        ),
    ]
    frame = pd.DataFrame(rows, columns=["measure", "value", "detail", "england"])
    frame["n"] = pd.array([comparable(here), comparable(here), None], dtype="Int64")  # what a share is of
    if not filters.region:
        frame["england"] = None  # the scope is England: nothing to compare with
    return ViewResult(frame=frame, summary=intro(filters), notes=notes(filters))


BY_YEAR = View(
    "leadership-by-year",
    "Leadership grade change by financial year",
    by_year,
    FILTER_FIELDS,
    height=540,
    description="Select a bar, or use the lists below the chart, to see the local authorities behind it. "
    "The latest year may be part of a year.",
)
BY_REGION = View(
    "leadership-by-region",
    "Leadership grade change by region",
    by_region,
    FILTER_FIELDS,
    height=500,
    description="Every region for the selected period; the selected region is in full colour and the others "
    "are paler. Select a bar to see the local authorities behind it.",
)
HEADLINES = View("leadership-headlines", "Leadership measure: headline figures", headlines, FILTER_FIELDS, chart=False)
JUDGEMENTS = View(
    "leadership-judgements",
    "ILACS leadership judgements and their change",
    judgement_changes,
    FILTER_FIELDS,
    chart=False,
)
