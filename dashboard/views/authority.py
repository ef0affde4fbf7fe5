"""One local authority's history: every inspection and visit, on a timeline and in a table."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.context import store_url
from dashboard.figures.timeline import current_grades_table, inspection_history, timeline_figure, timeline_summary
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult, scaled_paint
from data_access import derived, queries
from data_access.metrics.grades import grades_of_authority
from data_access.reference.local_authorities import LA_BY_ONS, canonical_ons_code

TIMELINE_TITLE = "Inspections and visits over time"


def history(ons_code: str):
    """Every inspection and visit of one LA, newest first, with its grades per area."""
    url = store_url()
    inspections = queries.inspections(url)
    judgements = queries.judgements(url)
    return inspection_history(
        inspections[inspections["ons_code"] == ons_code], judgements[judgements["ons_code"] == ons_code]
    )


def current_grades(ons_code: str) -> pd.DataFrame:
    """One LA's current grade in each headline area as at the data's date, by the one rule every
    count uses (data_access.metrics.grades.current_grades), worded for its profile."""
    url = store_url()
    judgements = queries.judgements(url)
    as_at = derived.data_as_at(url) or date.today()
    return current_grades_table(grades_of_authority(judgements[judgements["ons_code"] == ons_code], as_at=as_at))


def timeline(filters: Filters) -> ViewResult:
    """`filters.la`'s inspections and visits (nothing when no LA is given)."""
    la = LA_BY_ONS.get(filters.la)
    frame = history(filters.la)
    name = la.name if la else "No local authority chosen"
    figure = timeline_figure(frame)
    return ViewResult(
        frame=frame,
        paint=scaled_paint(lambda: figure),
        summary=timeline_summary(frame, name, current_grades(filters.la)),
        notes=(f"{name} ({filters.la})", "Grades use the words of the framework at the time"),
        extra={"height": int(figure.layout.height or 420)},
    )


def find_authority(code: str | None):
    """The LA a URL code names (any case; an old code of a recoded LA means today's), else None."""
    if not code or len(code) > 12:
        return None
    return LA_BY_ONS.get(canonical_ons_code(code))


def parse_la(query) -> tuple[Filters, list[str]]:
    """Filters naming the LA of `?la=CODE`, current or former (a profile exists for both)."""
    la = find_authority(query.get("la"))
    notices = [] if la or not query.get("la") else [f"Ignored la={str(query.get('la'))[:40]!r}: no such LA."]
    return Filters(la=la.ons_code if la else ""), notices


def _title(filters: Filters) -> str:
    la = LA_BY_ONS.get(filters.la)
    return f"{TIMELINE_TITLE}: {la.name}" if la else TIMELINE_TITLE


TIMELINE = View(
    "authority-timeline",
    TIMELINE_TITLE,
    timeline,
    ("la",),
    description=(
        "Each judgement is a symbol with its grade written above it (Out, Good, RI or Adeq, Inad, NG). "
        "Open symbols in the last row are focused (FV) and monitoring (MV) visits, which are not graded. "
        "Shaded bands show which inspection framework was in force."
    ),
    filename=lambda f: f"inspections-{f.la}",
    title_for=_title,
    parse=parse_la,
)
