"""Grade metrics on tiny hand-made frames: the "as at 31 March" convention, abolished LAs,
grades by financial year, and the grade transition matrix."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pandas as pd
import pytest

from data_access.grades import Grade
from data_access.metrics.grades import grade_counts, grades_by_publication_year, latest_grades_as_at
from data_access.metrics.periods import edition, financial_year_labels, publication_cutoff
from data_access.metrics.transitions import row_percentages, transition_matrix, transition_pairs
from data_access.queries import JUDGEMENT_COLUMNS

NW, LDN = ("E12000002", "North West"), ("E12000007", "London")
LAS = {
    1: ("E08000001", "Alpha", NW, True),
    2: ("E08000002", "Beta", NW, False),
    3: ("E08000003", "Gamma", NW, True),
    4: ("E09000004", "Delta", LDN, True),
}
_ids = itertools.count(1)


def local_authorities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "la_id": la_id,
                "ons_code": ons,
                "dfe_code": str(800 + la_id),
                "la_name": name,
                "region_code": region[0],
                "region_name": region[1],
                "la_current": current,
            }
            for la_id, (ons, name, region, current) in LAS.items()
        ]
    )


def reorganisations(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(
        list(rows),
        columns=["effective", "kind", "predecessor_ons_code", "predecessor_la_id", "successor_la_id", "note"],
    )
    frame["effective"] = pd.to_datetime(frame["effective"])
    return frame


# Beta (2) merged into Gamma (3) on 1 April 2021: Gamma is a new authority from that day.
MERGER = {
    "effective": date(2021, 4, 1),
    "kind": "merger",
    "predecessor_ons_code": "E08000002",
    "predecessor_la_id": 2,
    "successor_la_id": 3,
    "note": "Beta and others formed Gamma",
}


def judgement(
    la_id: int,
    grade: str,
    published: date,
    inspected: date | None = None,
    *,
    framework: str = "ILACS",
    kind: str = "standard",
    area: str = "overall_effectiveness",
    inspection_id: int | None = None,
) -> dict:
    ons, name, region, current = LAS[la_id]
    return {
        "judgement_id": next(_ids),
        "inspection_id": inspection_id or next(_ids),
        "la_id": la_id,
        "ons_code": ons,
        "la_name": name,
        "region_code": region[0],
        "region_name": region[1],
        "la_current": current,
        "framework": framework,
        "inspection_type": kind,
        "inspection_date": inspected,
        "published_date": published,
        "official": True,
        "is_demo": False,
        "area": area,
        "grade": grade,
        "grade_rank": Grade(grade).rank,
    }


def judgements(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=JUDGEMENT_COLUMNS)
    for column in ("inspection_date", "published_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["grade_rank"] = frame["grade_rank"].astype("Int64")
    return frame


def as_at(frame: pd.DataFrame, day: date, *, reorgs: pd.DataFrame | None = None, **kwargs) -> pd.DataFrame:
    return latest_grades_as_at(
        frame, local_authorities(), reorgs if reorgs is not None else reorganisations(), as_at=day, **kwargs
    )


# -- "as at 31 March" ---------------------------------------------------------------------------------

MARCH_2020 = date(2020, 3, 31)


def test_each_editions_publication_cutoff():
    assert publication_cutoff(MARCH_2020) == date(2020, 4, 30)  # the 2019-2023 editions
    assert publication_cutoff(date(2023, 3, 31)) == date(2023, 4, 30)
    assert publication_cutoff(date(2024, 3, 31)) == date(2024, 6, 30)  # from the 2024 edition
    assert publication_cutoff(date(2026, 3, 31)) == date(2026, 6, 30)
    assert publication_cutoff(date(2020, 8, 31)) == date(2020, 11, 30)  # not an edition: three months
    assert edition(date(2023, 3, 31)).also_counted[0][0] == "E08000023"
    assert edition(date(2022, 3, 31)).also_counted == ()


def test_inspected_by_31_march_and_published_by_the_cutoff_counts():
    frame = judgements(
        judgement(1, "good", date(2017, 5, 1), date(2017, 3, 20)),
        judgement(1, "inadequate", date(2024, 6, 30), date(2024, 3, 20)),  # published 30 June: in
        judgement(4, "good", date(2016, 5, 1), date(2016, 3, 20)),
        judgement(4, "outstanding", date(2024, 7, 1), date(2024, 3, 10)),  # published 1 July: out
    )
    latest = as_at(frame, date(2024, 3, 31))
    assert dict(zip(latest["la_name"], latest["grade"], strict=True)) == {
        "Alpha": "inadequate",
        "Delta": "good",
    }
    before_2024 = judgements(
        judgement(1, "good", date(2017, 5, 1), date(2017, 3, 20)),
        judgement(1, "inadequate", date(2020, 4, 30), date(2020, 3, 20)),  # 30 April: in
        judgement(4, "good", date(2016, 5, 1), date(2016, 3, 20)),
        judgement(4, "outstanding", date(2020, 5, 1), date(2020, 3, 10)),  # 1 May: out
    )
    latest = as_at(before_2024, MARCH_2020)
    assert dict(zip(latest["la_name"], latest["grade"], strict=True)) == {"Alpha": "inadequate", "Delta": "good"}


def test_an_edition_counts_the_las_it_names_after_its_cutoff():
    late = judgement(1, "inadequate", date(2023, 5, 10), date(2022, 12, 5))
    frame = judgements(judgement(1, "good", date(2018, 5, 1), date(2018, 3, 1)), late)
    assert as_at(frame, date(2023, 3, 31))["grade"].tolist() == ["good"]  # Alpha is not named
    frame["ons_code"] = "E08000023"  # the LA the 2023 edition names (South Tyneside)
    assert as_at(frame, date(2023, 3, 31))["grade"].tolist() == ["inadequate"]


# -- the current-grade rule -------------------------------------------------------------------------


def inspection(la_id: int, published: date, inspected: date, framework: str = "ILACS", **grades: str) -> list[dict]:
    """One inspection's judgements: `area=grade` for each area it graded."""
    number = next(_ids)
    return [
        judgement(la_id, grade, published, inspected, framework=framework, area=area, inspection_id=number)
        for area, grade in grades.items()
    ]


def test_care_leavers_from_an_ilacs_before_2023_are_not_taken_from_the_sif():
    frame = judgements(
        *inspection(1, date(2017, 12, 8), date(2017, 10, 1), "SIF", care_leavers="requires_improvement"),
        *inspection(1, date(2022, 9, 1), date(2022, 6, 20), children_in_care_and_care_leavers="good"),
        *inspection(4, date(2023, 6, 1), date(2023, 4, 20), children_in_care="good", care_leavers="outstanding"),
    )
    latest = as_at(frame, date(2024, 3, 31), headline="care_leavers")
    assert latest[["la_name", "grade", "framework", "note"]].values.tolist() == [
        ["Alpha", "not_graded", "ILACS", "judged with children in care, ILACS 2022"],
        ["Delta", "outstanding", "ILACS", ""],
    ]
    assert grade_counts(latest)["not_graded"] == 1
    assert as_at(frame, date(2024, 3, 31), headline="children_in_care")["grade"].tolist() == ["good", "good"]
    # Before its 2022 inspection counted, Alpha's care leavers grade was the SIF's.
    assert as_at(frame, MARCH_2020, headline="care_leavers")["grade"].tolist() == ["requires_improvement"]


def test_an_ilacs_from_april_2026_gives_no_overall_grade_and_no_earlier_one_fills_it():
    frame = judgements(
        *inspection(1, date(2022, 5, 1), date(2022, 3, 1), overall_effectiveness="good", leadership="good"),
        *inspection(1, date(2026, 7, 1), date(2026, 5, 11), leadership="outstanding"),
    )
    overall = as_at(frame, date(2026, 8, 1))
    assert overall[["grade", "note"]].values.tolist() == [
        ["not_graded", "no overall grade under ILACS from April 2026"]
    ]
    assert as_at(frame, date(2026, 8, 1), headline="leadership")["grade"].tolist() == ["outstanding"]
    # An inspection's own "not graded" row reads the same.
    graded_row = judgements(*inspection(1, date(2026, 7, 1), date(2026, 5, 11), overall_effectiveness="not_graded"))
    assert as_at(graded_row, date(2026, 8, 1))["note"].tolist() == ["no overall grade under ILACS from April 2026"]


def test_the_2009_to_2013_programmes_give_each_area_its_own_latest_inspection():
    frame = judgements(
        *inspection(1, date(2011, 5, 1), date(2011, 3, 1), "SLAC", safeguarding_overall="requires_improvement"),
        *inspection(1, date(2013, 5, 1), date(2013, 3, 1), "CPI", child_protection_overall="good"),
    )
    assert as_at(frame, date(2013, 9, 30), headline="help_and_protection")["grade"].tolist() == ["requires_improvement"]


def test_a_merged_las_successor_has_no_grade_until_its_own_inspection():
    frame = judgements(
        *inspection(2, date(2019, 5, 1), date(2019, 3, 1), overall_effectiveness="inadequate"),
        *inspection(3, date(2022, 5, 1), date(2022, 3, 1), overall_effectiveness="good"),
    )
    reorgs = reorganisations(MERGER)
    assert as_at(frame, date(2021, 6, 30), reorgs=reorgs).empty  # Beta gone, Gamma not yet inspected
    assert as_at(frame, date(2022, 6, 30), reorgs=reorgs)[["la_name", "grade"]].values.tolist() == [["Gamma", "good"]]


def test_an_inspection_carried_out_after_31_march_waits_for_the_next_year_end():
    frame = judgements(
        judgement(1, "good", date(2018, 5, 1), date(2018, 3, 20)),
        judgement(1, "outstanding", date(2020, 5, 20), date(2020, 4, 2)),
    )
    assert as_at(frame, MARCH_2020)["grade"].tolist() == ["good"]
    assert as_at(frame, date(2021, 3, 31))["grade"].tolist() == ["outstanding"]


def test_without_an_inspection_date_the_publication_date_counts_as_carried_out():
    frame = judgements(judgement(1, "good", date(2020, 3, 30)), judgement(4, "good", date(2020, 4, 15)))
    assert as_at(frame, MARCH_2020)["la_name"].tolist() == ["Alpha"]


def test_visits_and_other_areas_do_not_count():
    frame = judgements(
        judgement(1, "good", date(2019, 5, 1), date(2019, 3, 1), inspection_id=90),
        judgement(1, "inadequate", date(2019, 9, 1), date(2019, 8, 1), kind="focused_visit"),
        judgement(1, "outstanding", date(2019, 5, 1), date(2019, 3, 1), area="leadership", inspection_id=90),
        judgement(1, "good", date(2019, 5, 1), date(2019, 3, 1), area="adoption_performance", inspection_id=90),
    )
    assert as_at(frame, MARCH_2020)["grade"].tolist() == ["good"]
    assert as_at(frame, MARCH_2020, headline="leadership")["grade"].tolist() == ["outstanding"]


def test_a_former_la_counts_until_it_is_abolished_and_its_successor_from_creation():
    frame = judgements(
        judgement(2, "inadequate", date(2019, 5, 1), date(2019, 3, 1)),
        judgement(3, "good", date(2021, 11, 1), date(2021, 9, 1)),
        judgement(1, "good", date(2019, 5, 1), date(2019, 3, 1)),
    )
    reorgs = reorganisations(MERGER)
    before = as_at(frame, MARCH_2020, reorgs=reorgs)
    assert before["la_name"].tolist() == ["Alpha", "Beta"]
    after = as_at(frame, date(2021, 3, 31), reorgs=reorgs)
    assert after["la_name"].tolist() == [
        "Alpha",
        "Beta",
    ]  # abolished on 1 April 2021, still there on 31 March
    assert "Beta" in set(as_at(frame, date(2022, 3, 31))["la_name"])  # without the merger it would stay
    later = as_at(frame, date(2022, 3, 31), reorgs=reorgs)
    assert later["la_name"].tolist() == ["Alpha", "Gamma"]
    assert grade_counts(later) == {
        "outstanding": 0,
        "good": 2,
        "requires_improvement": 0,
        "inadequate": 0,
        "not_graded": 0,
        "total": 2,
    }


def test_region_and_counts():
    frame = judgements(
        judgement(1, "good", date(2019, 5, 1), date(2019, 3, 1)),
        judgement(3, "requires_improvement", date(2019, 5, 1), date(2019, 3, 1)),
        judgement(4, "inadequate", date(2019, 5, 1), date(2019, 3, 1)),
    )
    counts = grade_counts(as_at(frame, MARCH_2020, region_code=NW[0]))
    assert counts == {
        "outstanding": 0,
        "good": 1,
        "requires_improvement": 1,
        "inadequate": 0,
        "not_graded": 0,
        "total": 2,
    }
    assert grade_counts(as_at(frame, MARCH_2020))["total"] == 3


def test_the_latest_of_two_same_day_publications_is_the_later_inspection():
    frame = judgements(
        judgement(1, "good", date(2019, 5, 1), date(2019, 3, 1), inspection_id=10),
        judgement(1, "inadequate", date(2019, 5, 1), date(2019, 3, 2), inspection_id=11),
    )
    assert as_at(frame, MARCH_2020)["grade"].tolist() == ["inadequate"]


# -- grades by financial year of publication ------------------------------------------------------------


def test_financial_years_run_april_to_march():
    days = pd.Series(pd.to_datetime([date(2020, 3, 31), date(2020, 4, 1), date(2021, 1, 1)]))
    assert financial_year_labels(days).tolist() == ["2019-20", "2020-21", "2020-21"]


def test_grades_by_publication_year_keeps_frameworks_apart():
    frame = judgements(
        judgement(1, "good", date(2017, 11, 1), framework="SIF"),
        judgement(3, "inadequate", date(2018, 2, 1), framework="SIF"),
        judgement(4, "good", date(2018, 3, 1), framework="ILACS"),
        judgement(1, "outstanding", date(2018, 4, 1), framework="ILACS"),
        judgement(4, "good", date(2018, 5, 1), framework="ILACS", kind="monitoring_visit"),
    )
    counts = grades_by_publication_year(frame)
    assert counts.to_dict("records") == [
        {"financial_year": "2017-18", "framework": "ILACS", "grade": "good", "count": 1, "share": 100.0},
        {"financial_year": "2017-18", "framework": "SIF", "grade": "good", "count": 1, "share": 50.0},
        {"financial_year": "2017-18", "framework": "SIF", "grade": "inadequate", "count": 1, "share": 50.0},
        {
            "financial_year": "2018-19",
            "framework": "ILACS",
            "grade": "outstanding",
            "count": 1,
            "share": 100.0,
        },
    ]
    assert grades_by_publication_year(frame, region_code=LDN[0])["count"].sum() == 1
    assert grades_by_publication_year(frame, frameworks=("SIF",))["framework"].unique().tolist() == ["SIF"]


# -- transitions ------------------------------------------------------------------------------------------


@pytest.fixture
def history() -> pd.DataFrame:
    return judgements(
        judgement(1, "requires_improvement", date(2015, 1, 1), framework="SIF"),
        judgement(1, "requires_improvement", date(2019, 1, 1)),  # stuck, SIF -> ILACS
        judgement(1, "good", date(2022, 1, 1)),  # ILACS -> ILACS
        judgement(3, "inadequate", date(2016, 1, 1), framework="SIF"),
        judgement(3, "requires_improvement", date(2019, 6, 1)),  # SIF -> ILACS
        judgement(3, "not_graded", date(2026, 9, 1)),  # no overall grade: no transition
        judgement(4, "inadequate", date(2016, 1, 1), framework="SIF"),
        judgement(4, "inadequate", date(2019, 1, 1)),  # stuck, SIF -> ILACS
        judgement(4, "good", date(2020, 1, 1), kind="focused_visit"),  # a visit: not a transition
    )


def test_transition_pairs_link_each_judgement_to_the_previous_one(history):
    pairs = transition_pairs(history)
    assert pairs[["la_name", "previous_grade", "grade", "previous_framework", "framework"]].values.tolist() == [
        ["Alpha", "requires_improvement", "requires_improvement", "SIF", "ILACS"],
        ["Delta", "inadequate", "inadequate", "SIF", "ILACS"],
        ["Gamma", "inadequate", "requires_improvement", "SIF", "ILACS"],
        ["Alpha", "requires_improvement", "good", "ILACS", "ILACS"],
    ]
    assert pairs["previous_published_date"].iloc[0] == pd.Timestamp(2015, 1, 1)
    assert pairs["published_date"].iloc[0] == pd.Timestamp(2019, 1, 1)


def test_transition_matrix_counts_and_row_percentages(history):
    matrix = transition_matrix(transition_pairs(history))
    assert list(matrix.index) == ["outstanding", "good", "requires_improvement", "inadequate"]
    assert list(matrix.columns) == list(matrix.index)
    assert matrix.loc["requires_improvement"].tolist() == [0, 1, 1, 0]
    assert matrix.loc["inadequate"].tolist() == [0, 0, 1, 1]
    assert int(matrix.to_numpy().sum()) == 4
    shares = row_percentages(matrix)
    assert shares.loc["requires_improvement"].tolist() == [0.0, 50.0, 50.0, 0.0]
    assert shares.loc["inadequate", "inadequate"] == 50.0
    assert all(math.isnan(v) for v in shares.loc["outstanding"])  # no judgements after outstanding


def test_transitions_by_framework_pair_and_region(history):
    sif_ilacs = transition_matrix(transition_pairs(history, previous_framework="SIF", current_framework="ILACS"))
    assert int(sif_ilacs.to_numpy().sum()) == 3
    assert sif_ilacs.loc["inadequate", "inadequate"] == 1
    ilacs_ilacs = transition_pairs(history, previous_framework="ILACS", current_framework="ILACS")
    assert ilacs_ilacs["la_name"].tolist() == ["Alpha"]
    london = transition_matrix(transition_pairs(history, region_code=LDN[0]))
    assert int(london.to_numpy().sum()) == 1 and london.loc["inadequate", "inadequate"] == 1
