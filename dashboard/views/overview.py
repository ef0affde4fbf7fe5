"""Overview: how is the region doing, and is leadership getting better? Answered in a minute."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.cache import cached_view
from dashboard.context import store_url
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult
from dashboard.views.freshness import as_at, day_text
from dashboard.views.maps import current_values, table_frame
from data_access import derived, queries
from data_access.grades import Grade
from data_access.metrics.headlines import headline_figures, recent_publications
from data_access.metrics.small_numbers import share_text
from data_access.reference.regions import on_basis

SCOPE_FIELDS = ("region", "la")
RECENT_COLUMNS = {
    "published_date": "Published",
    "la_name": "Local authority",
    "ons_code": "ONS code",
    "region_name": "Region",
    "framework": "Framework",
    "inspection_type": "Type",
    "overall_effectiveness": "Overall",
    "leadership": "Leadership",
}
SHOWN_GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


def good_or_better(figures: dict) -> str:
    """ "67%" of the graded LAs, or "2 of 3" when fewer than SMALL_N are graded."""
    counts = figures["grade_counts"]
    return share_text(counts["outstanding"] + counts["good"], figures["graded"]) or "n/a"


def leadership_share(figures: dict, key: str) -> str:
    """The leadership measure's share `key` ("improved" or "maintained_or_improved"), as share_text."""
    lead = figures["leadership"]
    part = lead["improved"] + (lead["maintained"] if key == "maintained_or_improved" else 0)
    return share_text(part, lead["judgements"] - lead["no_previous"]) or "n/a"


def heading(filters: Filters) -> str:
    return f"Overview: {filters.place_name}"


def grade_mix(counts: dict) -> str:
    """'Outstanding 3 (20%), Good ...' of the LAs with a graded overall judgement."""
    graded = counts["total"] - counts["not_graded"]
    if not graded:
        return "no graded LAs"
    return ", ".join(f"{Grade(g).label()} {counts[g]} ({100 * counts[g] / graded:.0f}%)" for g in SHOWN_GRADES)


def region_figures(region_code: str) -> dict:
    """Headline figures for a region ("" for England) as at the data's date (views.freshness)."""
    return _region_figures(Filters(region=region_code))


@cached_view
def _region_figures(filters: Filters) -> dict:
    url, today = store_url(), as_at()
    return headline_figures(
        queries.judgements(url),
        queries.local_authorities(url),
        derived.latest_grades_all(url, as_at=today),
        derived.leadership_changes_all(url),
        region_code=filters.region or None,
        data_date=today,
    )


def headlines(filters: Filters) -> ViewResult:
    """The region's headline figures with England's beside them (when a region is chosen)."""
    england, here = region_figures(""), region_figures(filters.region)
    lead = here["leadership"]
    with_previous = lead["judgements"] - lead["no_previous"]
    rows = [
        ("Local authorities", str(here["las"]), f"in {filters.region_name}", str(england["las"])),
        (
            f"Good or better, as at {day_text(here['data_date'])}",
            good_or_better(here),
            f"of {here['graded']} LAs with a graded overall judgement",
            good_or_better(england),
        ),
        (
            f"Inadequate, as at {day_text(here['data_date'])}",
            str(here["inadequate_now"]),
            "LAs whose latest overall grade is inadequate",
            str(england["inadequate_now"]),
        ),
        (
            f"Leadership improved, {here['leadership_year']}",
            leadership_share(here, "improved"),
            f"{lead['improved']} of {with_previous} ILACS judgements with a previous grade",
            leadership_share(england, "improved"),
        ),
        (
            f"Leadership maintained or improved, {here['leadership_year']}",
            leadership_share(here, "maintained_or_improved"),
            f"{lead['improved'] + lead['maintained']} of {with_previous}",
            leadership_share(england, "maintained_or_improved"),
        ),
        (
            "Inspections published in 12 months",
            str(here["inspections_last_12_months"]),
            f"graded standard and short inspections to {here['data_date']:%-d %B %Y}, the latest publication",
            str(england["inspections_last_12_months"]),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["measure", "value", "detail", "england"])
    # What each share is of (components/kpi.py draws a share of fewer than SMALL_N as a count)
    frame["n"] = pd.array([None, here["graded"], None, with_previous, with_previous, None], dtype="Int64")
    if not filters.region:
        frame["england"] = None  # the scope is England: nothing to compare with
    return ViewResult(
        frame=frame,
        summary=f"Latest overall grades: {grade_mix(here['grade_counts'])}",
        extra={"grade_mix": grade_mix(here["grade_counts"])},
    )


def recent(filters: Filters) -> ViewResult:
    """Judgements published since `date_from` (default: 90 days before the latest), newest first."""
    frame = queries.judgements(store_url())
    latest = frame["published_date"].max()
    since = filters.date_from or ((latest.date() - timedelta(days=90)) if latest == latest else date.today())
    table = recent_publications(frame, since=since, region_code=filters.region or None)
    table = on_basis(table, filters.regions).rename(columns=RECENT_COLUMNS)
    for column in ("Overall", "Leadership"):
        table[f"{column.lower()}_key"] = table[column]
        table[column] = table[column].map(lambda g: Grade(g).label() if isinstance(g, str) else "")
    title = f"What changed since {since:%-d %B %Y}: judgements published, newest first"
    summary = f"{len(table)} judgement{'s' if len(table) != 1 else ''} published since {since:%-d %B %Y}."
    return ViewResult(frame=table, summary=summary, extra={"title": title})


def _worded(value, template: str) -> str:
    """`template` with `value` in it, or "" when there is no value (blank or missing)."""
    return "" if pd.isna(value) or value == "" else template.format(value)


def la_now(filters: Filters) -> ViewResult:
    """The chosen LA's latest grades as facts (label, value, detail); no rows when none is chosen."""
    if not filters.la:
        return ViewResult(frame=pd.DataFrame(columns=["fact", "value", "detail"]), summary="No LA chosen.")
    row = table_frame(current_values(), filters.region or None).set_index("ONS code").loc[filters.la]
    facts = [
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
    name = row["Local authority"]
    return ViewResult(
        frame=pd.DataFrame([(k, str(v), d) for k, v, d in facts], columns=["fact", "value", "detail"]),
        summary=f"{name}: latest grades",
        extra={"name": name},
    )


def loaded_text() -> str:
    """What the store holds, in one line: the first thing to check after `make run`."""
    status = queries.store_status(store_url())
    files = [s for s in status["sources"] if s["kind"] == "ofsted"]
    if status["demo"]:
        origin = "the invented demo dataset"
    elif files:
        origin = f"{len(files)} Ofsted file{'s' if len(files) != 1 else ''}"
    else:
        origin = "no Ofsted files yet"
    return (
        f"Loaded: {status['inspections']:,} inspections and visits with {status['judgements']:,} "
        f"judgements for {status['local_authorities']} local authorities, from {origin}. "
    )


HEADLINES = View("overview-headlines", "Headline figures", headlines, ("region",), chart=False)
RECENT = View("overview-recent", "Judgements published recently", recent, ("region", "date_from"), chart=False)
LA_NOW = View("overview-la", "A local authority's latest grades", la_now, SCOPE_FIELDS, chart=False)
