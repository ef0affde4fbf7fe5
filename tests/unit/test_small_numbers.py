"""The small-number rule: a share of fewer than SMALL_N is a count ("1 of 1"), never a bare percentage."""

from __future__ import annotations

import pandas as pd

from dashboard.components.kpi import kpi_card, kpi_cards, small_base
from dashboard.components.table import cell_kinds
from data_access.metrics import small_numbers
from data_access.metrics.small_numbers import (
    SMALL_N,
    count_and_share,
    count_label,
    is_small,
    pct,
    point_label,
    share_text,
)


def test_the_threshold_is_five_and_applies_below_it():
    assert SMALL_N == 5
    assert [is_small(n) for n in (0, 1, 4, 5, 40)] == [True, True, True, False, False]
    assert is_small(None) and is_small(float("nan"))


def test_one_judgement_is_one_of_one_not_one_hundred_percent():
    assert share_text(1, 1) == "1 of 1"
    assert share_text(3, 4) == "3 of 4"
    assert share_text(0, 2) == "0 of 2"
    assert share_text(2, 5) == "40%"
    assert share_text(12, 30) == "40%"
    assert share_text(1, 0) == ""  # nothing to divide by


def test_percentages_round_half_up():
    assert pct(1, 8) == "13%"  # 12.5
    assert pct(5, 8) == "63%"  # 62.5
    assert pct(1, 0) == ""


def test_count_and_share_puts_the_count_first():
    assert count_and_share(12, 30) == "12 of 30 (40%)"
    assert count_and_share(1, 1) == "1 of 1"
    assert count_and_share(0, 0) == ""


def test_bar_and_marker_labels():
    assert count_label(12, 30) == "12 (40%)"
    assert count_label(1, 1) == "1 of 1"
    assert count_label(0, 30) == ""  # an empty segment says nothing
    assert count_label(3, 0) == "3"  # no base: the bare count
    assert point_label(0, 30) == "0 (0%)"  # a marker at 0% still says so
    assert point_label(0, 3) == "0 of 3"
    assert point_label(2, 0) == ""


def test_the_methods_text_quotes_the_constant():
    text = small_numbers.methods_text()
    assert f"fewer than {SMALL_N} judgements" in text and "\u201c1 of 1\u201d" in text


def test_a_card_with_a_small_base_is_marked_and_says_why():
    assert small_base(1) and small_base(4) and not small_base(5)
    assert not small_base(None) and not small_base(pd.NA)  # a count card has no base
    card = kpi_card("Improved", "1 of 1", "1 of 1 judgements with a previous grade", small=True).children
    assert "kpi-small" in card.className
    texts = [getattr(c, "children", None) for c in card.children.children]
    assert any(isinstance(t, str) and f"Fewer than {SMALL_N}" in t for t in texts)
    plain = kpi_card("Improved", "40%").children
    assert "kpi-small" not in plain.className


def test_kpi_cards_read_the_base_from_the_frame():
    frame = pd.DataFrame(
        [("Improved", "1 of 1", "", None), ("Improved", "40%", "", None), ("LAs", "12", "", None)],
        columns=["measure", "value", "detail", "england"],
    )
    frame["n"] = pd.array([1, 30, None], dtype="Int64")
    cards = kpi_cards(frame)
    assert ["kpi-small" in c.children.className for c in cards] == [True, False, False]


def test_tables_keep_dates_whole_and_break_only_overlong_words():
    frame = pd.DataFrame(
        {
            "Published": ["2022-05-19", ""],
            "Grade": ["Requires improvement", "Good"],
            "SHA-256": ["c3377447d882" * 5, ""],
        }
    )
    assert cell_kinds(frame) == {"Published": "cell-date", "SHA-256": "cell-long"}
