"""Ofsted's inspection frameworks for LA children's services, 2009 onwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    start: date
    end: date | None
    third_grade_label: str


FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        "SLAC",
        "Safeguarding and looked after children (SLAC) 2009-2012",
        date(2009, 6, 1),
        date(2012, 5, 31),
        "Adequate",
    ),
    Framework("CPI", "Child protection inspections (CPI) 2012-2013", date(2012, 6, 1), date(2013, 10, 31), "Adequate"),
    Framework("TLAC", "Looked after children (TLAC) 2013", date(2013, 1, 1), date(2013, 10, 31), "Adequate"),
    Framework(
        "SIF",
        "Single inspection framework (SIF) 2013-2018",
        date(2013, 11, 1),
        date(2017, 12, 31),
        "Requires improvement to be good",
    ),
    Framework(
        "ILACS",
        "Inspecting local authority children's services (ILACS) 2018-",
        date(2018, 1, 1),
        None,
        "Requires improvement to be good",
    ),
)
FRAMEWORK_BY_CODE = {f.code: f for f in FRAMEWORKS}

# ILACS inspections started on or after this date give no overall-effectiveness grade.
ILACS_NO_OVERALL_FROM = date(2026, 4, 1)
