"""Ranks within a comparator group share ties; quartiles follow the ranks; arrows carry words."""

from __future__ import annotations

import pandas as pd

from data_access.metrics.ranks import change_with_arrow, quartile, shared_rank


def test_ties_share_the_best_rank_and_missing_values_have_none():
    months = pd.Series([12, 30, 12, None, 5], dtype="Int64")
    assert shared_rank(months).tolist() == [2, 4, 2, pd.NA, 1]
    assert shared_rank(months, ascending=False).tolist() == [2, 1, 2, pd.NA, 4]


def test_quartiles_split_the_ranked_values_in_four_with_ties_together():
    values = pd.Series(range(1, 9))  # 8 values: two per quarter
    assert quartile(values).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    tied = pd.Series([1, 1, 1, 1, 9, None])
    assert quartile(tied).tolist() == [1, 1, 1, 1, 4, pd.NA]


def test_a_change_carries_its_arrow_and_its_word():
    assert [change_with_arrow(c) for c in ("Improved", "Maintained", "Declined", "No previous grade")] == [
        "\u2191 Improved",
        "\u2192 Maintained",
        "\u2193 Declined",
        "No previous grade",
    ]
