"""Grade distributions: each LA's latest grade as at a date, and grades by year of publication."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.areas import areas_for_headline
from data_access.grades import Grade
from data_access.metrics.periods import financial_year_labels, publication_cutoff

GRADE_KEYS = [
    g.value for g in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.NOT_GRADED)
]
GRADED_TYPES = ("standard", "short")


def in_headline_area(judgements: pd.DataFrame, headline: str) -> pd.DataFrame:
    return judgements[judgements["area"].isin(areas_for_headline(headline))]


def active_la_ids(local_authorities: pd.DataFrame, reorganisations: pd.DataFrame, on: date) -> set[int]:
    """LAs that existed on a date: former ones until abolished, new ones from creation."""
    day = pd.Timestamp(on)
    splits = reorganisations[reorganisations["kind"].isin(["merger", "split"])]
    abolished = splits.dropna(subset=["predecessor_la_id"]).groupby("predecessor_la_id")["effective"].min().to_dict()
    created = splits.groupby("successor_la_id")["effective"].min().to_dict()
    return {
        int(la_id)
        for la_id in local_authorities["la_id"]
        if not (la_id in abolished and abolished[la_id] <= day) and not (la_id in created and created[la_id] > day)
    }


def latest_grades_as_at(
    judgements: pd.DataFrame,
    local_authorities: pd.DataFrame,
    reorganisations: pd.DataFrame,
    *,
    as_at: date,
    headline: str = "overall",
    region_code: str | None = None,
    frameworks: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Each LA's latest graded judgement in an area, by Ofsted's "as at" convention.

    An inspection counts if it was carried out by `as_at` (publication date where the source
    gives no inspection date) and its report was published within three months after.
    """
    cutoff = pd.Timestamp(publication_cutoff(as_at))
    # One mask, then one copy of the matching rows (the frame is wide: each filter step copied it).
    carried_out = judgements["inspection_date"].fillna(judgements["published_date"])
    keep = (
        judgements["area"].isin(areas_for_headline(headline))
        & judgements["inspection_type"].isin(GRADED_TYPES)
        & (carried_out <= pd.Timestamp(as_at))
        & (judgements["published_date"] <= cutoff)
        & judgements["la_id"].isin(active_la_ids(local_authorities, reorganisations, as_at))
    )
    if frameworks:
        keep &= judgements["framework"].isin(frameworks)
    if region_code:
        keep &= judgements["region_code"] == region_code
    keys = judgements.loc[keep, ["published_date", "inspection_id", "la_id"]]
    rows = keys.sort_values(["published_date", "inspection_id"]).groupby("la_id").tail(1).index
    return judgements.loc[rows].sort_values("la_name").reset_index(drop=True)


def grade_counts(latest: pd.DataFrame) -> dict[str, int]:
    """Counts by grade (all five keys, zeros included) and their total."""
    counts = latest["grade"].value_counts()
    result = {key: int(counts.get(key, 0)) for key in GRADE_KEYS}
    result["total"] = int(sum(result.values()))
    return result


def grades_by_publication_year(
    judgements: pd.DataFrame,
    *,
    headline: str = "overall",
    region_code: str | None = None,
    frameworks: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Count of judgements by financial year of publication, framework and grade (long form)."""
    frame = in_headline_area(judgements, headline)
    frame = frame[frame["inspection_type"].isin(GRADED_TYPES) & frame["published_date"].notna()]
    if frameworks:
        frame = frame[frame["framework"].isin(frameworks)]
    if region_code:
        frame = frame[frame["region_code"] == region_code]
    frame = frame.assign(financial_year=financial_year_labels(frame["published_date"]))
    counts = frame.groupby(["financial_year", "framework", "grade"]).size().rename("count").reset_index()
    totals = counts.groupby(["financial_year", "framework"])["count"].transform("sum")
    counts["share"] = (100 * counts["count"] / totals).round(1)
    return counts.sort_values(["financial_year", "framework", "grade"], key=_grade_order).reset_index(drop=True)


def _grade_order(column: pd.Series) -> pd.Series:
    if column.name == "grade":
        return column.map({g: i for i, g in enumerate(GRADE_KEYS)})
    return column
