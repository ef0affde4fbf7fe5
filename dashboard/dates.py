"""Dates as UK readers write them, whatever the browser's locale: parsing what is typed into a
date filter, showing dates back, the quick choices of period, and which financial years a chart
shows only part of.

A browser's own date field (`<input type=date>`) shows and reads dates in the browser's locale
(mm/dd/yyyy in an en-US browser), so the date filters are plain text fields read here, on the
server, always day first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from data_access.metrics.periods import MONTH_NUMBERS as _MONTHS
from data_access.metrics.periods import financial_year_bounds, financial_year_label, financial_year_start

INPUT_FORMAT = "dd/mm/yyyy"  # what the date fields show and ask for
INPUT_EXAMPLE = "01/04/2024"
PARTIAL = "(partial)"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4}|\d{2})$")  # ddmmyyyy or ddmmyy, as typed without separators
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})$")


def _year(text: str) -> int:
    """A year as typed: two digits are this century (these files start in 2009)."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def parse_uk_date(text: str | None) -> date | None:
    """The date a UK reader means by `text`, or None for an empty field.

    Day first always: "01/04/2024", "1/4/24", "01-04-2024", "01.04.2024", "01042024" and
    "1 Apr 2024" / "1 April 2024" are all 1 April 2024; ISO "2024-04-01" (year first, so
    unambiguous) is read too. Raises ValueError for anything else, including a month above 12
    (no silent month-first reading of "04/13/2024").
    """
    value = (text or "").strip().lower()
    if not value:
        return None
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.match(value) or _DIGITS.match(value):
        day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    elif (match := _WORDS.match(value)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], _year(match.group(3))
    else:
        raise ValueError(f"not a date: {text!r}")
    return date(year, month, day)  # ValueError for 31/02/2024 or month 13


def input_text(day: date | None) -> str:
    """What a date field shows: 01/04/2024 ('' for no date)."""
    return day.strftime("%d/%m/%Y") if day else ""


def long_date(day: date) -> str:
    """1 April 2024: for sentences."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """1 Apr 2024: for labels and downloads' filter lines."""
    return f"{day.day} {day:%b %Y}"


# -- quick choices of period ----------------------------------------------------------------------

CUSTOM = ""  # the dates typed do not match a quick choice
ALL_DATES = "all"
LAST_3_MONTHS = "last-3-months"


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _fy_key(start_year: int) -> str:
    return f"fy-{start_year}"


def financial_year_choices(first: date | None, last: date | None, today: date) -> dict[str, str]:
    """The quick choices of the period: all dates, the last 3 months, and every financial year
    the data covers (newest first), the one the data does not cover to 31 March marked partial.

    `first` and `last` are the earliest and latest publication dates in the store: "the last 3
    months" are the data's (a store loaded in May shows March to May in December, not nothing).
    """
    choices = {
        CUSTOM: "Dates as typed",
        ALL_DATES: "All dates",
        LAST_3_MONTHS: f"Last 3 months of data (from {short_date(months_before(last or today, 3))})",
    }
    if first is None or last is None:
        return choices
    for year in range(financial_year_start(last), financial_year_start(first) - 1, -1):
        label = f"{financial_year_label(year)} financial year"
        if last < financial_year_bounds(year)[1]:
            label = f"{financial_year_label(year)} {PARTIAL[:-1]}, data to {short_date(last)})"
        choices[_fy_key(year)] = label
    return choices


def period_for_choice(
    choice: str, today: date, data_date: date | None = None
) -> tuple[date | None, date | None] | None:
    """(from, to) for a quick choice; None for CUSTOM or anything unknown (dates stay as typed).

    The last 3 months end at `data_date`, the latest publication in the store (today when not
    given). A financial year not yet over ends today (a link may not name a future date)."""
    if choice == ALL_DATES:
        return None, None
    if choice == LAST_3_MONTHS:
        return months_before(data_date or today, 3), None
    if choice.startswith("fy-") and choice[3:].isdigit():
        start, end = financial_year_bounds(int(choice[3:]))
        if start > today:
            return None
        return start, min(end, today)
    return None


def choice_for_period(
    date_from: date | None,
    date_to: date | None,
    today: date,
    choices: Iterable[str],
    data_date: date | None = None,
) -> str:
    """The quick choice the dates match (so the list shows it after a reload), else CUSTOM."""
    for choice in choices:
        if choice != CUSTOM and period_for_choice(choice, today, data_date) == (date_from, date_to):
            return choice
    return CUSTOM


# -- financial years a chart shows only part of ----------------------------------------------------------


def partial_financial_years(
    labels: Iterable[str], *, date_from: date | None, date_to: date | None, latest: date | None
) -> set[str]:
    """The financial-year labels ("2025-26") whose April to March is not all covered: the data
    stops before its 31 March (`latest`, the latest publication in the store), or the filter's
    dates start after its 1 April or end before its 31 March."""
    end = min((d for d in (date_to, latest) if d is not None), default=None)
    partial = set()
    for label in labels:
        if not isinstance(label, str) or not re.match(r"^\d{4}-\d{2}$", label):
            continue
        start_day, end_day = financial_year_bounds(int(label[:4]))
        if (end is not None and end < end_day) or (date_from is not None and date_from > start_day):
            partial.add(label)
    return partial


def partial_label(label: str) -> str:
    return f"{label} {PARTIAL}"
