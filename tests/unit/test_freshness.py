"""'Now' is as at the data: the stale-data notice's threshold and wording."""

from __future__ import annotations

from datetime import date

from dashboard.views.freshness import STALE_AFTER_MONTHS, day_text, stale_text


def test_no_notice_within_three_months_of_the_latest_publication():
    assert STALE_AFTER_MONTHS == 3
    assert stale_text(date(2025, 5, 14), date(2025, 8, 14)) is None  # exactly three months
    assert stale_text(date(2025, 5, 14), date(2025, 5, 14)) is None
    assert stale_text(None, date(2025, 5, 14)) is None  # an empty store claims nothing


def test_a_notice_after_three_months_names_the_datas_date_in_uk_words():
    assert stale_text(date(2025, 5, 14), date(2025, 8, 15)) == "Data to 14 May 2025: load a newer Ofsted file"
    assert day_text(date(2025, 3, 1)) == "1 March 2025"
