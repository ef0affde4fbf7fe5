"""Map values: one row per current LA, latest grades, leadership change at the last ILACS, months since."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.grades import Grade
from data_access.metrics.map_values import NO_INSPECTION, map_values, months_band, months_between

TODAY = date(2026, 11, 23)
REGION = ("E12000002", "North West")


def las() -> pd.DataFrame:
    rows = [
        (1, "E08000003", "Manchester", True),
        (2, "E08000006", "Salford", True),
        (3, "E06000063", "Cumberland", True),  # split successor with no inspection of its own
        (4, "E10000006", "Cumbria", False),  # former LA: never a row of its own
        (5, "E08000001", "Bolton", True),
    ]
    return pd.DataFrame(
        [
            {
                "la_id": i,
                "ons_code": c,
                "dfe_code": "",
                "la_name": n,
                "region_code": REGION[0],
                "region_name": REGION[1],
                "la_current": cur,
            }
            for i, c, n, cur in rows
        ]
    )


def reorganisations() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "effective": pd.Timestamp("2023-04-01"),
                "kind": "split",
                "predecessor_ons_code": "E10000006",
                "predecessor_la_id": 4,
                "successor_la_id": 3,
                "note": "",
            }
        ]
    )


_ids = iter(range(1, 10_000))


def inspection(la_id: int, framework: str, day: str, grades: dict[str, str], kind: str = "standard") -> list[dict]:
    la = las().set_index("la_id").loc[la_id]
    inspection_id = next(_ids)
    return [
        {
            "judgement_id": next(_ids),
            "inspection_id": inspection_id,
            "la_id": la_id,
            "ons_code": la.ons_code,
            "la_name": la.la_name,
            "region_code": la.region_code,
            "region_name": la.region_name,
            "la_current": bool(la.la_current),
            "framework": framework,
            "inspection_type": kind,
            "inspection_date": pd.Timestamp(day) - pd.Timedelta(days=60),
            "published_date": pd.Timestamp(day),
            "official": True,
            "is_demo": False,
            "area": area,
            "grade": grade,
            "grade_rank": Grade(grade).rank,
        }
        for area, grade in grades.items()
    ]


def judgements() -> pd.DataFrame:
    rows = (
        # Manchester: SIF good leadership, then ILACS RI: declined; inspected 2024-03-10
        inspection(1, "SIF", "2017-06-01", {"overall_effectiveness": "good", "leadership": "good"})
        + inspection(
            1,
            "ILACS",
            "2024-05-10",
            {"overall_effectiveness": "requires_improvement", "leadership": "requires_improvement"},
        )
        # Salford: ILACS good twice (maintained); the later one after the April 2026 reform: no overall grade
        + inspection(2, "ILACS", "2019-02-01", {"overall_effectiveness": "good", "leadership": "good"})
        + inspection(2, "ILACS", "2026-09-25", {"overall_effectiveness": "not_graded", "leadership": "good"})
        # Cumbria (former): inadequate; must not show on Cumberland
        + inspection(4, "ILACS", "2022-01-15", {"overall_effectiveness": "inadequate", "leadership": "inadequate"})
        # Bolton: only a SIF inspection: no ILACS leadership change yet
        + inspection(5, "SIF", "2016-12-01", {"overall_effectiveness": "outstanding", "leadership": "outstanding"})
    )
    frame = pd.DataFrame(rows)
    frame["grade_rank"] = frame["grade_rank"].astype("Int64")
    return frame


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return map_values(judgements(), las(), reorganisations(), today=TODAY).set_index("ons_code")


def test_one_row_per_current_la_even_without_inspection(values):
    assert sorted(values.index) == ["E06000063", "E08000001", "E08000003", "E08000006"]
    cumberland = values.loc["E06000063"]
    assert cumberland["overall_grade"] == NO_INSPECTION
    assert cumberland["leadership_grade"] == NO_INSPECTION
    assert cumberland["leadership_change"] == NO_INSPECTION
    assert pd.isna(cumberland["months_since"]) and cumberland["months_band"] == NO_INSPECTION


def test_latest_grades_and_dates(values):
    manchester = values.loc["E08000003"]
    assert manchester["overall_grade"] == "requires_improvement"
    assert manchester["overall_date"] == pd.Timestamp("2024-05-10")
    assert manchester["leadership_grade"] == "requires_improvement"
    assert values.loc["E08000006", "overall_grade"] == "not_graded"  # post-reform ILACS: no overall grade
    assert values.loc["E08000006", "leadership_grade"] == "good"


def test_leadership_change_at_the_last_ilacs_inspection(values):
    assert values.loc["E08000003", "leadership_change"] == "declined"
    assert values.loc["E08000003", "leadership_previous_grade"] == "good"
    assert values.loc["E08000006", "leadership_change"] == "maintained"
    assert values.loc["E08000001", "leadership_change"] == NO_INSPECTION  # SIF only


def test_months_since_the_last_graded_inspection(values):
    # Manchester was inspected (carried out) 60 days before 2024-05-10, i.e. on 2024-03-11
    assert values.loc["E08000003", "last_inspection_date"] == pd.Timestamp("2024-03-11")
    assert values.loc["E08000003", "months_since"] == 32
    assert values.loc["E08000003", "months_band"] == "24-35"
    assert values.loc["E08000001", "months_band"] == "48+"
    assert str(values["months_since"].dtype) == "Int64"


def test_month_counting_and_bands():
    assert months_between(pd.Timestamp("2026-10-23"), TODAY) == 1
    assert months_between(pd.Timestamp("2026-10-24"), TODAY) == 0
    assert months_between(pd.Timestamp("2024-11-23"), TODAY) == 24
    bands = [months_band(m) for m in (0, 11, 12, 47, 48, 130)]
    assert bands == ["0-11", "0-11", "12-23", "36-47", "48+", "48+"]
    assert months_band(pd.NA) == NO_INSPECTION
