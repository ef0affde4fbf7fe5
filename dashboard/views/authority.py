"""One local authority's history: every inspection and visit, on a timeline and in a table."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.context import store_url
from dashboard.figures.timeline import (
    SUPPORT_COLUMNS,
    current_grades_table,
    inspection_history,
    timeline_figure,
    timeline_summary,
)
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


def support_events(ons_code: str) -> pd.DataFrame:
    """One LA's peer challenges and interventions as timeline events (`SUPPORT_COLUMNS`), dates
    worded as precisely as they are known."""
    from dashboard.views import support  # support's LA views read this module's parse_la

    filters = Filters(la=ons_code or support.NO_LA)
    rows = []
    for row in support.LA_PEER_CHALLENGES.result(filters).frame.to_dict("records"):
        rows.append(
            {
                "kind": "peer challenge",
                "label": f"{row['Type']} ({row['Status']})",
                "start": row["start_key"] if pd.notna(row["start_key"]) else row["end_key"],
                "end": row["end_key"],
                "active": False,
                "when_text": " to ".join(t for t in (row["Start"], row["End"]) if t) or "date not known",
            }
        )
    for row in support.LA_INTERVENTIONS.result(filters).frame.to_dict("records"):
        rows.append(
            {
                "kind": "intervention",
                "label": row["Kind"],
                "start": row["start_key"],
                "end": row["end_key"],
                "active": row["Status"] == support.ACTIVE,
                "when_text": f"{row['Start']} to {row['End'].lower() if row['End'] == support.ACTIVE else row['End']}",
            }
        )
    return pd.DataFrame(rows, columns=SUPPORT_COLUMNS)


def support_text(events: pd.DataFrame) -> str:
    """What the timeline marks beside the inspections, in words (empty when nothing)."""
    if events.empty:
        return ""
    peer = int((events["kind"] == "peer challenge").sum())
    interventions = events[events["kind"] == "intervention"]
    undated = int(pd.to_datetime(events["start"]).isna().sum())
    parts = []
    if peer:
        parts.append(f"{peer} peer challenge{'s' if peer != 1 else ''} or diagnostic{'s' if peer != 1 else ''}")
    if len(interventions):
        active = int(interventions["active"].sum())
        parts.append(f"{len(interventions)} intervention{'s' if len(interventions) != 1 else ''} ({active} active)")
    text = " Also marked: " + " and ".join(parts)
    return text + (f"; {undated} with no known date cannot be placed." if undated else ".")


def timeline(filters: Filters) -> ViewResult:
    """`filters.la`'s inspections and visits (nothing when no LA is given), with its peer
    challenges and interventions."""
    la = LA_BY_ONS.get(filters.la)
    frame = history(filters.la)
    name = la.name if la else "No local authority chosen"
    events = support_events(filters.la)
    figure = timeline_figure(frame, events)
    return ViewResult(
        frame=frame,
        paint=scaled_paint(lambda: figure),
        summary=timeline_summary(frame, name, current_grades(filters.la)) + support_text(events),
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
        "Open symbols in the visits row are focused (FV) and monitoring (MV) visits, which are not graded. "
        "Shaded bands show which inspection framework was in force. Peer challenges (PC, hexagrams) and "
        "interventions (INT, bars: solid when ended, dotted while active) have rows of their own."
    ),
    filename=lambda f: f"inspections-{f.la}",
    title_for=_title,
    parse=parse_la,
)
