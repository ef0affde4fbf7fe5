"""Grade distributions: each LA's latest grade as at a date, and grades by year of publication."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.areas import HEADLINE_AREAS, areas_for_headline
from data_access.frameworks import ILACS_NO_OVERALL_FROM
from data_access.grades import Grade
from data_access.metrics.periods import edition, financial_year_labels
from data_access.reference.regions import members

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


# Frameworks whose one inspection grades every area it covers. The 2009-13 programmes (SLAC, CPI,
# TLAC) inspected safeguarding and looked-after children separately, so each of their areas comes
# from the latest of them that graded it.
WHOLE_SERVICE_FRAMEWORKS = ("SIF", "ILACS")
ILACS_CARE_LEAVERS_FROM = date(2023, 1, 1)


def not_graded_reason(headline: str, framework: str, carried_out: pd.Timestamp) -> str:
    """Why an LA's latest inspection gives no grade in a headline area, in words."""
    year = f"{framework} {carried_out.year}" if pd.notna(carried_out) else framework
    if headline == "care_leavers" and framework == "ILACS" and carried_out < pd.Timestamp(ILACS_CARE_LEAVERS_FROM):
        return f"judged with children in care, {year}"
    if headline == "overall" and framework == "ILACS" and carried_out >= pd.Timestamp(ILACS_NO_OVERALL_FROM):
        return f"no overall grade under ILACS from {ILACS_NO_OVERALL_FROM:%B %Y}"
    return f"not graded at the {year} inspection"


def current_grades(rows: pd.DataFrame, headline: str) -> pd.DataFrame:
    """Each LA's current grade in a headline area: THE rule, for every page, export and the CLI.

    `rows` are the judgements that count (graded inspections in the window). The grade comes from
    the LA's latest inspection; where it did not grade the area (ILACS before 2023 judged care
    leavers with children in care; ILACS from April 2026 gives no overall grade) the LA is
    counted as not graded, with the reason in `note`, never filled from an earlier framework.
    One row per LA, the judgement's columns plus `note` ("" when graded).
    """
    area_codes = areas_for_headline(headline)
    ordered = rows.sort_values(["published_date", "inspection_id"], kind="stable")
    latest = ordered.groupby("la_id").tail(1)
    whole = latest[latest["framework"].isin(WHOLE_SERVICE_FRAMEWORKS)]
    in_area = ordered[ordered["area"].isin(area_codes)]

    graded = in_area[in_area["inspection_id"].isin(whole["inspection_id"])].groupby("la_id").tail(1)
    graded = graded[graded["grade"] != Grade.NOT_GRADED.value]
    missing = whole[~whole["la_id"].isin(graded["la_id"])].copy()
    carried_out = missing["inspection_date"].fillna(missing["published_date"])
    missing["note"] = [
        not_graded_reason(headline, fw, day) for fw, day in zip(missing["framework"], carried_out, strict=True)
    ]
    missing["area"] = area_codes[0]
    missing["grade"] = Grade.NOT_GRADED.value
    missing["grade_rank"] = pd.NA
    missing["judgement_id"] = pd.NA

    legacy_las = latest.loc[~latest["framework"].isin(WHOLE_SERVICE_FRAMEWORKS), "la_id"]
    legacy = in_area[in_area["la_id"].isin(legacy_las) & ~in_area["framework"].isin(WHOLE_SERVICE_FRAMEWORKS)]
    legacy = legacy.groupby("la_id").tail(1)

    parts = [frame for frame in (graded.assign(note=""), legacy.assign(note=""), missing) if len(frame)]
    if not parts:
        return rows.iloc[0:0].assign(note=pd.Series(dtype=object))
    return pd.concat(parts).sort_values("la_name", kind="stable").reset_index(drop=True)


def counted_as_at(
    judgements: pd.DataFrame,
    local_authorities: pd.DataFrame,
    reorganisations: pd.DataFrame,
    *,
    as_at: date,
) -> pd.Series:
    """Which judgement rows an "as at" table counts: graded inspections carried out by `as_at`
    (publication date where no inspection date is given), published by the edition's cut-off (or
    named by it), of LAs that existed then (see periods.edition)."""
    rule = edition(as_at)
    carried_out = judgements["inspection_date"].fillna(judgements["published_date"])
    published = (judgements["published_date"] <= pd.Timestamp(rule.cutoff)) | judgements["ons_code"].isin(
        [code for code, _ in rule.also_counted]
    )
    return (
        judgements["inspection_type"].isin(GRADED_TYPES)
        & (carried_out <= pd.Timestamp(as_at))
        & published
        & judgements["la_id"].isin(active_la_ids(local_authorities, reorganisations, as_at))
    )


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
    """Each LA's current grade in an area as at a date, by the "as at" edition's rule
    (`counted_as_at`) and the current-grade rule (`current_grades`)."""
    keep = counted_as_at(judgements, local_authorities, reorganisations, as_at=as_at)
    if frameworks:
        keep &= judgements["framework"].isin(frameworks)
    if region_code:
        keep &= judgements["region_code"].isin(members(region_code))
    return current_grades(judgements.loc[keep], headline)


def grades_of_authority(judgements: pd.DataFrame, *, as_at: date) -> pd.DataFrame:
    """One LA's current grade in each headline area (`judgements` are that LA's), for its profile:
    the same rule as every count, without the "as at" edition's publication cut-off."""
    carried_out = judgements["inspection_date"].fillna(judgements["published_date"])
    rows = judgements[
        judgements["inspection_type"].isin(GRADED_TYPES)
        & (carried_out <= pd.Timestamp(as_at))
        & (judgements["published_date"] <= pd.Timestamp(as_at))
    ]
    frames = [current_grades(rows, headline).assign(headline=headline) for headline in HEADLINE_AREAS]
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else rows.iloc[0:0].assign(headline="", note="")


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
        frame = frame[frame["region_code"].isin(members(region_code))]
    frame = frame.assign(financial_year=financial_year_labels(frame["published_date"]))
    counts = frame.groupby(["financial_year", "framework", "grade"]).size().rename("count").reset_index()
    totals = counts.groupby(["financial_year", "framework"])["count"].transform("sum")
    counts["share"] = (100 * counts["count"] / totals).round(1)
    return counts.sort_values(["financial_year", "framework", "grade"], key=_grade_order).reset_index(drop=True)


def _grade_order(column: pd.Series) -> pd.Series:
    if column.name == "grade":
        return column.map({g: i for i, g in enumerate(GRADE_KEYS)})
    return column
