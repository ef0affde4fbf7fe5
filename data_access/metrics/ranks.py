"""Ranks and bands within a comparator group (a region, England): how benchmarking tools place
an LA among others. Ties share the best rank of the tie ("1, 2, 2, 4"), so equal values are never
put in an order the data does not give; a missing value has no rank."""

from __future__ import annotations

import math

import pandas as pd

QUARTILE_NAMES = {1: "Q1", 2: "Q2", 3: "Q3", 4: "Q4"}
CHANGE_ARROWS = {"improved": "\u2191", "maintained": "\u2192", "declined": "\u2193"}


def shared_rank(values: pd.Series, *, ascending: bool = True) -> pd.Series:
    """1 for the smallest value (largest when not `ascending`), ties sharing the best rank."""
    return values.rank(method="min", ascending=ascending).astype("Int64")


def quartile(values: pd.Series, *, ascending: bool = True) -> pd.Series:
    """1-4: which quarter of the ranked values each falls in (Q1 holds ranks 1 to n/4), ties in
    the same quarter; missing values have none."""
    ranks = shared_rank(values, ascending=ascending)
    ranked = int(ranks.notna().sum())
    return ranks.map(lambda r: pd.NA if pd.isna(r) else max(1, math.ceil(4 * int(r) / ranked))).astype("Int64")


def change_with_arrow(change: str) -> str:
    """ "↑ Improved", "→ Maintained", "↓ Declined": the direction by shape and word, never colour alone."""
    arrow = CHANGE_ARROWS.get(str(change).lower())
    return f"{arrow} {change}" if arrow else change
