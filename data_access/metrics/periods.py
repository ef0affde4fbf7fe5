"""Financial years (April to March) and Ofsted's "as at 31 March" convention."""

from __future__ import annotations

from dataclasses import dataclass
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


# Month names and their usual abbreviations, lower case -> month number (dates typed or in file names).
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Edition:
    """How one of Ofsted's "as at" tables counts: which reports, published by when.

    Ofsted counts an LA's latest inspection carried out by the as-at date whose report was
    published by a cut-off some weeks later. The cut-off changed between editions; an edition
    may also name LAs it counted although their report came later (`also_counted`).
    """

    as_at: date
    cutoff: date
    rule: str
    also_counted: tuple[tuple[str, str], ...] = ()  # (ONS code, Ofsted's reason)


# From the 2024 edition the cut-off is 30 June; the 2019-2023 editions used 30 April. Checked
# LA by LA against the 2023 edition's LA_level_at_31_Mar_2023 and the 2025 edition's
# Inspections_as_at_31_March (tests/integration/test_real_editions.py).
JUNE_CUTOFF_FROM = 2024
SOUTH_TYNESIDE_2023 = (
    "E08000023",
    "South Tyneside: inspected in 2022-23, report published on 10 May 2023, after the cut-off; "
    "Ofsted counted it (note 4 of its 2023 tables) so that every LA had a full ILACS inspection",
)


def edition(as_at: date) -> Edition:
    """The counting rule of the "as at" table for `as_at` (31 March: Ofsted's editions)."""
    if as_at.month == 3 and as_at.day == 31:
        if as_at.year >= JUNE_CUTOFF_FROM:
            return Edition(as_at, date(as_at.year, 6, 30), "published by 30 June")
        also = (SOUTH_TYNESIDE_2023,) if as_at.year == 2023 else ()
        return Edition(as_at, date(as_at.year, 4, 30), "published by 30 April", also)
    cutoff = (pd.Timestamp(as_at) + pd.DateOffset(months=3)).date()
    return Edition(as_at, cutoff, "published within three months")


def publication_cutoff(as_at: date) -> date:
    """The last publication date counted as at `as_at` (see `edition`)."""
    return edition(as_at).cutoff
