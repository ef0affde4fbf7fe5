"""How fresh the data is: every "now" in the dashboard is as at the data's own date.

`as_at()` is the newest publication in the store (data_access.derived.data_as_at), so current
grades and months since an inspection describe the data, not the server's clock; `stale_notice`
says so on every page when that date is more than `STALE_AFTER_MONTHS` behind today.
With provisional rows (the scraped report list) loaded, "now" runs to the newest provisional
publication and `coverage_notice` says on every page how far the official data and the
provisional data each run.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.context import store_url
from data_access import derived

STALE_AFTER_MONTHS = 3


def as_at() -> date:
    """The date the data runs to (today for an empty store: nothing is claimed about it)."""
    return derived.data_as_at(store_url()) or date.today()


def day_text(day: date) -> str:
    """A UK date in words: '14 May 2025'."""
    return f"{day.day} {day:%B %Y}"


def as_at_text() -> str:
    return day_text(as_at())


def stale_text(latest: date | None, today: date) -> str | None:
    """'Data to 14 May 2025: load a newer Ofsted file' when `latest` is more than
    STALE_AFTER_MONTHS before `today`, else None."""
    if latest is None or pd.Timestamp(latest) + pd.DateOffset(months=STALE_AFTER_MONTHS) >= pd.Timestamp(today):
        return None
    return f"Data to {day_text(latest)}: load a newer Ofsted file"


def coverage_text(official_to: date | None, provisional_to: date | None) -> str | None:
    """'Official data to 14 May 2025, provisional to 20 August 2026' when provisional rows are
    loaded (None otherwise: then every row is official and the footer's date says enough)."""
    if provisional_to is None:
        return None
    official = f"Official data to {day_text(official_to)}" if official_to else "No official data"
    return f"{official}, provisional to {day_text(provisional_to)}"


def coverage_notice() -> str | None:
    """`coverage_text` for the app's store."""
    return coverage_text(*derived.data_coverage(store_url()))


def stale_notice() -> str | None:
    """`stale_text` for the app's store, today."""
    return stale_text(derived.data_as_at(store_url()), date.today())
