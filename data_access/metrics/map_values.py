"""What the regional maps show: one row per current LA with the values a map can be coloured by.

Definitions (the maps, their tables and CSV downloads all read this one frame):
- latest overall / leadership grade: the LA's latest graded judgement in that headline area as
  at `today` (``grades.latest_grades_as_at``, Ofsted's "as at" convention). An inspection from
  April 2026 with no overall grade gives "not_graded";
- leadership change: the change recorded at the LA's last ILACS inspection with a graded
  leadership judgement (``leadership.leadership_changes``: improved / maintained / declined /
  no previous), without predecessors;
- months since the last graded inspection (standard or short, any framework), counted in whole
  calendar months from the date it was carried out (its publication date when the source gives
  no inspection date) to `today`;
- every current LA has a row, inspected or not: values it does not have are "no_inspection"
  (grades, change) or missing (dates, months).

Former LAs' history reaches a current LA only where the reorganisation was a recode (North
Yorkshire, Somerset, Buckinghamshire: same area, new code), which the importers already file
under the current code. A merger's or split's successor (BCP, Dorset, North and West
Northamptonshire, Cumberland, Westmorland and Furness) shows only its own inspections, so until
its first one it shows "no inspection yet".
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.metrics.grades import GRADED_TYPES, latest_grades_as_at
from data_access.metrics.leadership import leadership_changes

NO_INSPECTION = "no_inspection"
MONTH_BANDS = ("0-11", "12-23", "24-35", "36-47", "48+")

COLUMNS = [
    "ons_code",
    "la_name",
    "region_code",
    "region_name",
    "overall_grade",
    "overall_framework",
    "overall_date",
    "leadership_grade",
    "leadership_framework",
    "leadership_date",
    "leadership_change",
    "leadership_previous_grade",
    "leadership_change_date",
    "last_inspection_date",
    "months_since",
    "months_band",
]


def months_between(start: pd.Timestamp | date, end: date) -> int:
    """Whole calendar months from `start` to `end` (a month counts once its day is reached)."""
    start = pd.Timestamp(start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - 1 if end.day < start.day else months


def months_band(months) -> str:
    """'0-11', '12-23', '24-35', '36-47' or '48+'; NO_INSPECTION when missing."""
    if months is None or pd.isna(months):
        return NO_INSPECTION
    return MONTH_BANDS[min(int(months) // 12, len(MONTH_BANDS) - 1)]


def _latest(judgements, local_authorities, reorganisations, today, headline) -> pd.DataFrame:
    latest = latest_grades_as_at(judgements, local_authorities, reorganisations, as_at=today, headline=headline)
    return latest[["ons_code", "grade", "framework", "published_date"]].rename(
        columns={
            "grade": f"{headline}_grade",
            "framework": f"{headline}_framework",
            "published_date": f"{headline}_date",
        }
    )


def map_values(
    judgements: pd.DataFrame, local_authorities: pd.DataFrame, reorganisations: pd.DataFrame, *, today: date
) -> pd.DataFrame:
    """One row per current LA (sorted by ONS code) with the values in the module docstring."""
    las = local_authorities[local_authorities["la_current"].astype(bool)]
    frame = las[["ons_code", "la_name", "region_code", "region_name"]].sort_values("ons_code")
    frame = frame.drop_duplicates("ons_code").reset_index(drop=True)

    for headline in ("overall", "leadership"):
        frame = frame.merge(
            _latest(judgements, local_authorities, reorganisations, today, headline), on="ons_code", how="left"
        )

    changes = leadership_changes(judgements, reorganisations, end=today)
    last_change = changes.sort_values(["published_date"], kind="stable").groupby("ons_code").tail(1)
    last_change = last_change[["ons_code", "change", "previous_grade", "published_date"]].rename(
        columns={
            "change": "leadership_change",
            "previous_grade": "leadership_previous_grade",
            "published_date": "leadership_change_date",
        }
    )
    frame = frame.merge(last_change, on="ons_code", how="left")

    graded = judgements[judgements["inspection_type"].isin(GRADED_TYPES)]
    carried_out = graded["inspection_date"].fillna(graded["published_date"])
    graded = graded.assign(carried_out=carried_out)[carried_out <= pd.Timestamp(today)]
    last = graded.groupby("ons_code")["carried_out"].max().rename("last_inspection_date").reset_index()
    frame = frame.merge(last, on="ons_code", how="left")

    for column in ("overall_grade", "leadership_grade", "leadership_change"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), NO_INSPECTION)
    for column in ("overall_date", "leadership_date", "leadership_change_date", "last_inspection_date"):
        frame[column] = pd.to_datetime(frame[column])
    months = [months_between(d, today) if pd.notna(d) else pd.NA for d in frame["last_inspection_date"]]
    frame["months_since"] = pd.array(months, dtype="Int64")
    frame["months_band"] = [months_band(m) for m in frame["months_since"]]
    return frame.reindex(columns=COLUMNS)
