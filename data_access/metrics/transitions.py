"""Grade transitions: each graded judgement against the same LA's previous one in that area.

Shows whether authorities judged requires improvement or inadequate get "stuck".
"""

from __future__ import annotations

import pandas as pd

from data_access.metrics.grades import GRADE_KEYS, GRADED_TYPES, in_headline_area
from data_access.reference.regions import members


def transition_pairs(
    judgements: pd.DataFrame,
    *,
    headline: str = "overall",
    region_code: str | None = None,
    previous_framework: str | None = None,
    current_framework: str | None = None,
) -> pd.DataFrame:
    """One row per judgement that has a previous one: previous and current grade and dates."""
    frame = in_headline_area(judgements, headline)
    frame = frame[frame["inspection_type"].isin(GRADED_TYPES) & frame["grade_rank"].notna()]
    frame = frame.sort_values(["la_id", "published_date", "inspection_id"])
    grouped = frame.groupby("la_id")
    frame = frame.assign(
        previous_grade=grouped["grade"].shift(),
        previous_framework=grouped["framework"].shift(),
        previous_published_date=grouped["published_date"].shift(),
    )
    pairs = frame[frame["previous_grade"].notna()]
    if previous_framework:
        pairs = pairs[pairs["previous_framework"] == previous_framework]
    if current_framework:
        pairs = pairs[pairs["framework"] == current_framework]
    if region_code:
        pairs = pairs[pairs["region_code"].isin(members(region_code))]
    columns = [
        "la_id",
        "ons_code",
        "la_name",
        "region_name",
        "previous_framework",
        "previous_published_date",
        "previous_grade",
        "framework",
        "published_date",
        "grade",
    ]
    return pairs[columns].sort_values(["published_date", "la_name"]).reset_index(drop=True)


def transition_matrix(pairs: pd.DataFrame) -> pd.DataFrame:
    """Counts previous grade (rows) x current grade (columns), graded scale order, zeros kept."""
    graded = GRADE_KEYS[:4]
    matrix = pd.crosstab(pairs["previous_grade"], pairs["grade"]).reindex(index=graded, columns=graded, fill_value=0)
    matrix.index.name, matrix.columns.name = "previous_grade", "grade"
    return matrix.astype(int)


def row_percentages(matrix: pd.DataFrame) -> pd.DataFrame:
    totals = matrix.sum(axis=1)
    return (100 * matrix.div(totals.where(totals > 0), axis=0)).round(1)
