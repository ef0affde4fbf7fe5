"""Headline numbers: which year and which window the Overview's cards describe."""

from __future__ import annotations

from datetime import date

from data_access.metrics.headlines import grade_changes_since, latest_complete_financial_year


def test_headline_leadership_year_is_the_last_complete_financial_year():
    assert latest_complete_financial_year(date(2025, 5, 14)) == 2024  # 2025-26 has barely begun
    assert latest_complete_financial_year(date(2026, 3, 31)) == 2025
    assert latest_complete_financial_year(date(2026, 10, 27)) == 2025


def test_grade_changes_since_compare_each_judgement_with_the_las_previous_one():
    from tests.unit.test_metrics_grades import inspection, judgements

    frame = judgements(
        *inspection(1, date(2019, 5, 1), date(2019, 3, 1), overall_effectiveness="inadequate", leadership="good"),
        *inspection(1, date(2025, 4, 1), date(2025, 2, 1), overall_effectiveness="good", leadership="good"),
        *inspection(3, date(2020, 5, 1), date(2020, 3, 1), overall_effectiveness="good"),
        *inspection(3, date(2025, 5, 1), date(2025, 3, 1), overall_effectiveness="requires_improvement"),
        *inspection(4, date(2025, 5, 2), date(2025, 3, 2), overall_effectiveness="good"),  # London, first
    )
    changes = grade_changes_since(frame, since=date(2025, 2, 14), region_code="E12000002")
    assert changes[["la_name", "headline", "grade", "previous_grade", "change"]].values.tolist() == [
        ["Gamma", "overall", "requires_improvement", "good", "down"],
        ["Alpha", "leadership", "good", "good", "same"],
        ["Alpha", "overall", "good", "inadequate", "up"],
    ]
    england = grade_changes_since(frame, since=date(2025, 2, 14), region_code=None)
    assert england.loc[england["la_name"] == "Delta", "change"].tolist() == ["no previous"]
