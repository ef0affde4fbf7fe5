"""UK dates whatever the browser's locale: what a date filter reads and shows, the quick
choices of period, and which financial years a chart shows only part of."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import dates
from dashboard.dates import (
    ALL_DATES,
    CUSTOM,
    LAST_3_MONTHS,
    choice_for_period,
    financial_year_choices,
    input_text,
    parse_uk_date,
    partial_financial_years,
    period_for_choice,
)

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    ["01/04/2024", "1/4/2024", "1/4/24", "01-04-2024", "01.04.2024", "01042024", "010424", " 1 Apr 2024 ",
     "1 April 2024", "1st April 2024", "1 apr 24", "2024-04-01"],
)  # fmt: skip
def test_every_day_first_spelling_of_1_april_2024_is_read_as_1_april(text):
    assert parse_uk_date(text) == date(2024, 4, 1)


@pytest.mark.parametrize("text", ["04/13/2024", "31/02/2024", "13/13/2013", "April 1 2024", "1 Foo 2024", "next week"])
def test_month_first_or_impossible_dates_are_refused_not_guessed(text):
    with pytest.raises(ValueError):
        parse_uk_date(text)


def test_an_empty_field_is_no_date_and_dates_are_shown_day_first():
    assert parse_uk_date("") is None and parse_uk_date("  ") is None and parse_uk_date(None) is None
    assert input_text(date(2024, 4, 1)) == "01/04/2024"
    assert input_text(None) == ""
    assert dates.short_date(date(2018, 1, 1)) == "1 Jan 2018"
    assert dates.long_date(date(2024, 4, 1)) == "1 April 2024"
    assert parse_uk_date(input_text(date(2019, 12, 25))) == date(2019, 12, 25)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert dates.months_before(date(2026, 12, 3), 3) == date(2026, 9, 3)
    assert dates.months_before(date(2026, 2, 10), 3) == date(2025, 11, 10)
    assert dates.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)


def test_financial_year_choices_cover_the_data_newest_first_and_mark_the_partial_year():
    choices = financial_year_choices(date(2022, 5, 10), date(2025, 5, 14), TODAY)
    assert list(choices)[:3] == [CUSTOM, ALL_DATES, LAST_3_MONTHS]
    assert choices[LAST_3_MONTHS] == "Last 3 months of data (from 14 Feb 2025)"  # the data's, not today's
    assert list(choices)[3:] == ["fy-2025", "fy-2024", "fy-2023", "fy-2022"]
    assert choices["fy-2025"] == "2025-26 (partial, data to 14 May 2025)"
    assert choices["fy-2024"] == "2024-25 financial year"
    # data that reaches 31 March has no partial year
    assert "partial" not in financial_year_choices(date(2023, 4, 1), date(2024, 3, 31), TODAY)["fy-2023"]
    assert list(financial_year_choices(None, None, TODAY)) == [CUSTOM, ALL_DATES, LAST_3_MONTHS]


def test_a_choice_gives_its_dates_and_the_dates_give_the_choice_back():
    assert period_for_choice("fy-2024", TODAY) == (date(2024, 4, 1), date(2025, 3, 31))
    assert period_for_choice("fy-2026", TODAY) == (date(2026, 4, 1), TODAY)  # not over: to today
    assert period_for_choice("fy-2027", TODAY) is None  # not begun
    assert period_for_choice(ALL_DATES, TODAY) == (None, None)
    assert period_for_choice(LAST_3_MONTHS, TODAY) == (date(2026, 9, 3), None)
    assert period_for_choice(LAST_3_MONTHS, TODAY, date(2025, 5, 14)) == (date(2025, 2, 14), None)
    assert period_for_choice(CUSTOM, TODAY) is None and period_for_choice("fy-x", TODAY) is None
    choices = financial_year_choices(date(2022, 5, 10), date(2025, 5, 14), TODAY)
    assert choice_for_period(date(2024, 4, 1), date(2025, 3, 31), TODAY, choices) == "fy-2024"
    assert choice_for_period(None, None, TODAY, choices) == ALL_DATES
    assert choice_for_period(date(2024, 4, 2), None, TODAY, choices) == CUSTOM
    data_to = date(2025, 5, 14)
    assert choice_for_period(date(2025, 2, 14), None, TODAY, choices, data_to) == LAST_3_MONTHS


def test_partial_financial_years_are_those_the_data_or_the_dates_do_not_cover_to_the_end():
    labels = ["2023-24", "2024-25", "2025-26", "total"]
    assert partial_financial_years(labels, date_from=None, date_to=None, latest=date(2025, 5, 14)) == {"2025-26"}
    assert partial_financial_years(labels, date_from=None, date_to=None, latest=date(2026, 3, 31)) == set()
    assert partial_financial_years(
        labels, date_from=date(2023, 6, 1), date_to=date(2024, 12, 31), latest=date(2026, 6, 1)
    ) == {"2023-24", "2024-25", "2025-26"}
    assert partial_financial_years(labels, date_from=date(2023, 4, 1), date_to=None, latest=None) == set()
