"""The Overview's headline numbers for a region and for England, from the same metric code."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from data_access.areas import areas_for_headline
from data_access.metrics import grades, leadership
from data_access.metrics.periods import financial_year_bounds, financial_year_label, financial_year_start
from data_access.reference.regions import members


def headline_figures(
    judgements: pd.DataFrame,
    local_authorities: pd.DataFrame,
    latest_overall: pd.DataFrame,
    changes: pd.DataFrame,
    *,
    region_code: str | None,
    data_date: date,
) -> dict:
    """LAs, latest overall grade mix, % good or better, inadequate now, leadership metric, recent judgements.

    `latest_overall` is `grades.latest_grades_as_at(..., as_at=today)` and `changes` is
    `leadership.leadership_changes(...)` for the whole store; both are filtered here. `data_date`
    is the date the data runs to (`derived.data_as_at`): "the last 12 months" and the last whole
    financial year end there, as every other "now" does.
    """
    las = local_authorities[local_authorities["la_current"]]
    if region_code:
        las = las[las["region_code"].isin(members(region_code))]
    latest = latest_overall[latest_overall["la_id"].isin(las["la_id"])]
    counts = grades.grade_counts(latest)
    graded = counts["total"] - counts["not_graded"]
    good_or_better = counts["outstanding"] + counts["good"]
    fy = latest_complete_financial_year(data_date)
    start, end = financial_year_bounds(fy)
    in_year = leadership.within(changes, start=start, end=end, region_code=region_code)
    recent = judgements[
        (judgements["published_date"] > pd.Timestamp(data_date - timedelta(days=365)))
        & (judgements["published_date"] <= pd.Timestamp(data_date))
        & judgements["inspection_type"].isin(grades.GRADED_TYPES)
    ]
    if region_code:
        recent = recent[recent["region_code"].isin(members(region_code))]
    return {
        "las": int(len(las)),
        "grade_counts": counts,
        "graded": graded,
        "pct_good_or_better": round(100 * good_or_better / graded, 1) if graded else None,
        "inadequate_now": counts["inadequate"],
        "leadership_year": financial_year_label(fy),
        "leadership": leadership.summarise(in_year),
        "inspections_last_12_months": int(recent["inspection_id"].nunique()),
        "data_date": data_date,
    }


def latest_complete_financial_year(data_date: date) -> int:
    """The last financial year (April-March) that ended on or before the data's latest date.

    A year still in progress would show a handful of judgements as if they were a year's worth.
    """
    fy = financial_year_start(data_date)
    return fy if financial_year_bounds(fy)[1] <= data_date else fy - 1


def recent_publications(judgements: pd.DataFrame, *, since: date, region_code: str | None) -> pd.DataFrame:
    """Graded inspections published since a date, newest first, one row each with key grades."""
    frame = judgements[
        (judgements["published_date"] >= pd.Timestamp(since)) & judgements["inspection_type"].isin(grades.GRADED_TYPES)
    ]
    if region_code:
        frame = frame[frame["region_code"].isin(members(region_code))]
    wide = frame.pivot_table(
        index=["inspection_id", "published_date", "la_name", "ons_code", "region_name", "framework", "inspection_type"],
        columns="area",
        values="grade",
        aggfunc="first",
    ).reset_index()
    for area in ("overall_effectiveness", "leadership"):
        if area not in wide.columns:
            wide[area] = None
    wide = wide.sort_values(["published_date", "la_name"], ascending=[False, True])
    return wide[
        [
            "published_date",
            "la_name",
            "ons_code",
            "region_name",
            "framework",
            "inspection_type",
            "overall_effectiveness",
            "leadership",
        ]
    ].reset_index(drop=True)


def grade_changes_since(judgements: pd.DataFrame, *, since: date, region_code: str | None) -> pd.DataFrame:
    """Overall and leadership judgements published since `since`, each against the same LA's
    previous grade in that area: one row each with `change` up / down / same / no previous.

    Graded inspections only; "not graded" (ILACS overall from April 2026) is neither up nor down.
    """
    headline_of = {area: headline for headline in ("overall", "leadership") for area in areas_for_headline(headline)}
    frame = judgements[
        judgements["area"].isin(list(headline_of)) & judgements["inspection_type"].isin(grades.GRADED_TYPES)
    ]
    if region_code:
        frame = frame[frame["region_code"].isin(members(region_code))]
    frame = frame.assign(headline=frame["area"].map(headline_of))
    frame = frame.sort_values(["ons_code", "headline", "published_date", "inspection_id"], kind="stable")
    previous = frame.groupby(["ons_code", "headline"])[["grade", "grade_rank"]].shift()
    frame = frame.assign(previous_grade=previous["grade"], previous_rank=previous["grade_rank"])
    recent = frame[frame["published_date"] >= pd.Timestamp(since)]

    def change(row) -> str:
        if pd.isna(row.previous_rank) or pd.isna(row.grade_rank):
            return "no previous" if pd.isna(row.previous_grade) else "not comparable"
        if row.grade_rank < row.previous_rank:
            return "up"
        return "down" if row.grade_rank > row.previous_rank else "same"

    changes = [change(row) for row in recent.itertuples(index=False)]
    columns = ["published_date", "la_name", "ons_code", "headline", "framework", "grade", "previous_grade"]
    return (
        recent[columns]
        .assign(change=changes)
        .sort_values(["published_date", "la_name"], ascending=[False, True])
        .reset_index(drop=True)
    )
