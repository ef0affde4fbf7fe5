"""Ofsted grades as one ordered scale, with the labels each framework used.

Outstanding is best (rank 1) and inadequate worst (rank 4). Frameworks before November 2013
called the third grade "adequate"; Ofsted's own history tables print it as "Requires improvement
to be good", so importers accept both and the label shown depends on the framework.
From April 2026 ILACS gives no overall-effectiveness grade: that is stored as NOT_GRADED.
"""

from __future__ import annotations

import enum


class Grade(str, enum.Enum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"
    NOT_GRADED = "not_graded"

    @property
    def rank(self) -> int | None:
        """1 (outstanding) to 4 (inadequate); None when not graded."""
        return _RANK.get(self)

    def label(self, framework: str | None = None) -> str:
        """The wording Ofsted used for this grade under `framework` (a framework code)."""
        if self is Grade.REQUIRES_IMPROVEMENT and framework in ADEQUATE_FRAMEWORKS:
            return "Adequate"
        return _LABEL[self]


GRADED = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
_RANK = {g: i for i, g in enumerate(GRADED, start=1)}
_LABEL = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
    Grade.INADEQUATE: "Inadequate",
    Grade.NOT_GRADED: "Not graded",
}
SHORT_LABEL = {
    Grade.OUTSTANDING: "Out",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "RI",
    Grade.INADEQUATE: "Inad",
    Grade.NOT_GRADED: "NG",
}
ADEQUATE_FRAMEWORKS = frozenset({"SLAC", "CPI", "TLAC"})

_PARSE = {
    "outstanding": Grade.OUTSTANDING,
    "1": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "2": Grade.GOOD,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires_improvement": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "adequate": Grade.REQUIRES_IMPROVEMENT,
    "3": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    "4": Grade.INADEQUATE,
    "not graded": Grade.NOT_GRADED,
    "not_graded": Grade.NOT_GRADED,
    "not reported post reform": Grade.NOT_GRADED,
    "not_reported_post_reform": Grade.NOT_GRADED,
}


def parse_grade(text: object) -> Grade | None:
    """Read a grade as written in an Ofsted file; None for an empty cell.

    Raises ValueError for text that is not a grade, so importers can name the bad cell.
    """
    if text is None:
        return None
    if isinstance(text, float):
        if text != text:  # NaN: an empty spreadsheet cell
            return None
        if text.is_integer():
            text = int(text)
    key = " ".join(str(text).strip().lower().replace("-", " ").split())
    if key in ("", "-", "nan", "none", "n/a", "na"):
        return None
    if key in _PARSE:
        return _PARSE[key]
    raise ValueError(f"unknown grade {text!r}")
