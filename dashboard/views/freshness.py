"""How fresh the data is: every "now" in the dashboard is as at the data's own date.

`as_at()` is the newest publication in the store (data_access.derived.data_as_at), so current
grades and months since an inspection describe the data, not the server's clock; `stale_notice`
says so on every page when that date is more than `STALE_AFTER_MONTHS` behind today.
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


def stale_notice() -> str | None:
    """`stale_text` for the app's store, today."""
    return stale_text(derived.data_as_at(store_url()), date.today())
