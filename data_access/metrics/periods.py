"""Financial years (April to March) and Ofsted's "as at 31 March" convention."""

from __future__ import annotations

from datetime import date

import pandas as pd


def financial_year_start(day: date) -> int:
    """The calendar year in which the financial year containing `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[-2:]}"


def financial_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def financial_year_labels(dates: pd.Series) -> pd.Series:
    years = dates.dt.year.where(dates.dt.month >= 4, dates.dt.year - 1)
    return years.map(lambda y: financial_year_label(int(y)) if pd.notna(y) else None)


def publication_cutoff(as_at: date) -> date:
    """Ofsted counts inspections done by the as-at date whose reports were out three months later.

    As at 31 March, that is published by 30 June.
    """
    cutoff = pd.Timestamp(as_at) + pd.DateOffset(months=3)
    if as_at.month == 3 and as_at.day == 31:
        return date(as_at.year, 6, 30)
    return cutoff.date()
