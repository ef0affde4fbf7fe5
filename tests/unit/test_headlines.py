"""Headline numbers: which year and which window the Overview's cards describe."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.metrics.headlines import latest_complete_financial_year, latest_publication


def test_headline_leadership_year_is_the_last_complete_financial_year():
    assert latest_complete_financial_year(date(2025, 5, 14)) == 2024  # 2025-26 has barely begun
    assert latest_complete_financial_year(date(2026, 3, 31)) == 2025
    assert latest_complete_financial_year(date(2026, 10, 27)) == 2025


def test_latest_publication_is_the_newest_date_or_none():
    frame = pd.DataFrame({"published_date": pd.to_datetime(["2024-01-02", "2025-05-14", None])})
    assert latest_publication(frame) == date(2025, 5, 14)
    assert latest_publication(frame.iloc[[2]]) is None
