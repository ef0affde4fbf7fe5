"""Judgement areas: what each framework graded, and how they line up for comparison.

Frameworks graded different things. The dashboard compares like with like through five headline
areas; each stored area belongs to at most one of them. The mapping is documented on the
Methods page from `HEADLINE_AREAS` below, so the text cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    headline: str | None  # which headline area it counts towards, if any


AREAS: tuple[Area, ...] = (
    Area("overall_effectiveness", "Overall effectiveness", "overall"),
    Area("leadership", "Leadership (ILACS impact of leaders; SIF leadership, management and governance)", "leadership"),
    Area(
        "help_and_protection",
        "Experiences and progress of children who need help and protection",
        "help_and_protection",
    ),
    Area("children_in_care", "Experiences and progress of children in care", "children_in_care"),
    Area(
        "children_in_care_and_care_leavers", "Children in care and care leavers (ILACS before 2023)", "children_in_care"
    ),
    Area(
        "children_looked_after_and_permanence",
        "Children looked after and achieving permanence (SIF)",
        "children_in_care",
    ),
    Area("care_leavers", "Experiences and progress of care leavers", "care_leavers"),
    Area("adoption_performance", "Adoption performance (SIF)", None),
    Area("lscb_overall", "Local Safeguarding Children Board (SIF review)", None),
    Area("safeguarding_overall", "Safeguarding: overall effectiveness (SLAC)", "help_and_protection"),
    Area(
        "looked_after_children_overall", "Looked after children: overall effectiveness (SLAC, TLAC)", "children_in_care"
    ),
    Area("child_protection_overall", "Child protection (CPI)", None),
)
AREA_BY_CODE = {a.code: a for a in AREAS}

HEADLINE_AREAS: dict[str, str] = {
    "overall": "Overall effectiveness",
    "leadership": "Leadership",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
}


def areas_for_headline(headline: str) -> list[str]:
    """Stored area codes that count towards a headline area, e.g. 'children_in_care'."""
    if headline not in HEADLINE_AREAS:
        raise ValueError(f"unknown judgement area {headline!r}; choose from {', '.join(HEADLINE_AREAS)}")
    return [a.code for a in AREAS if a.headline == headline]
