"""Small numbers: a share of fewer than SMALL_N judgements is given as a count, never as a bare percentage.

One judgement that improved is "100% improved"; read at a glance that looks as solid as 40 of 40.
So every chart, card and table that shows a share asks `is_small(whole)` and, for a small base,
shows the count first ("1 of 1") and draws the mark hollow or faded. One constant, one place:
the Methods page quotes it.
"""

from __future__ import annotations

import math

SMALL_N = 5  # a share of fewer than this many judgements (or LAs) is shown as a count


def is_small(whole: int | float | None) -> bool:
    """Is `whole` (the base a share is of) too small for a percentage? Nothing to divide by is small too."""
    return whole is None or whole != whole or int(whole) < SMALL_N  # whole != whole: NaN


def pct(part: int, whole: int) -> str:
    """A whole-number percentage, rounded half up ("" when there is nothing to divide by)."""
    if not whole:
        return ""
    return f"{math.floor(100 * part / whole + 0.5)}%"


def share_text(part: int, whole: int) -> str:
    """A share as a reader should see it: "40%", or "1 of 1" when `whole` is under SMALL_N.

    "" when there is nothing to divide by (no judgements).
    """
    part, whole = int(part), int(whole or 0)
    if not whole:
        return ""
    return f"{part} of {whole}" if is_small(whole) else pct(part, whole)


def count_and_share(part: int, whole: int) -> str:
    """ "12 of 30 (40%)", or "1 of 1" when `whole` is under SMALL_N ("" when `whole` is 0)."""
    part, whole = int(part), int(whole or 0)
    if not whole:
        return ""
    return f"{part} of {whole}" if is_small(whole) else f"{part} of {whole} ({pct(part, whole)})"


def point_label(part: int, whole: int) -> str:
    """A marker's or bar's text: "12 (40%)", "0 (0%)", or "1 of 1" under SMALL_N ("" when `whole` is 0)."""
    part, whole = int(part), int(whole or 0)
    if not whole:
        return ""
    return f"{part} of {whole}" if is_small(whole) else f"{part} ({pct(part, whole)})"


def count_label(part: int, whole: int) -> str:
    """A bar segment's text: `point_label`, the bare count when `whole` is 0, "" for an empty segment."""
    part = int(part)
    if not part:
        return ""
    return point_label(part, whole) or str(part)


def methods_text() -> str:
    """The rule in words, for the Methods page."""
    return (
        f"A percentage of fewer than {SMALL_N} judgements (or local authorities) says little: one "
        "judgement that improved is \u201c100% improved\u201d. Wherever a share rests on fewer than "
        f"{SMALL_N}, the dashboard gives the count first (\u201c1 of 1\u201d, \u201c3 of 4\u201d) "
        "instead of a percentage, and draws it hollow or faded: hollow markers on lines, paler bars "
        "and transition cells, and a dashed edge on headline cards. Every 100% bar carries its "
        "number of judgements "
        f"(n) below it. Downloads keep the exact counts and percentages. The threshold, {SMALL_N}, "
        "is one setting in the code (data_access/metrics/small_numbers.py)."
    )
