"""An LA's inspection history table and timeline, from tiny hand-made frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import empty_figure
from dashboard.figures.timeline import (
    GRADE_SYMBOLS,
    VISIT_SYMBOLS,
    VISITS_ROW,
    current_grades_table,
    inspection_history,
    timeline_figure,
    timeline_summary,
)
from data_access.grades import Grade
from data_access.metrics.grades import grades_of_authority
from data_access.queries import JUDGEMENT_COLUMNS

INSPECTIONS = [
    # id, framework, type, inspected, published, theme
    (1, "SLAC", "standard", None, "2011-06-01", None),
    (2, "SIF", "standard", "2015-03-01", "2015-05-01", None),
    (3, "ILACS", "standard", "2019-02-01", "2019-04-01", None),
    (4, "ILACS", "focused_visit", "2021-01-10", "2021-02-20", "Front door"),
    (5, "ILACS", "monitoring_visit", "2026-10-20", None, None),
    (6, "ILACS", "short", "2026-05-01", "2026-06-20", None),
]
GRADES = [
    (1, "safeguarding_overall", "requires_improvement"),  # "Adequate" under SLAC
    (2, "overall_effectiveness", "inadequate"),
    (2, "leadership", "inadequate"),
    (2, "adoption_performance", "good"),
    (3, "overall_effectiveness", "requires_improvement"),
    (3, "leadership", "good"),
    (3, "children_in_care_and_care_leavers", "requires_improvement"),
    (6, "overall_effectiveness", "not_graded"),
    (6, "leadership", "outstanding"),
]


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    inspections = pd.DataFrame(
        [
            {
                "inspection_id": i,
                "la_id": 7,
                "ons_code": "E08000003",
                "la_name": "Testshire",
                "region_code": "E12000002",
                "region_name": "North West",
                "framework": fw,
                "inspection_type": kind,
                "inspection_date": pd.Timestamp(inspected) if inspected else pd.NaT,
                "published_date": pd.Timestamp(published) if published else pd.NaT,
                "theme": theme,
                "official": True,
                "is_demo": False,
            }
            for i, fw, kind, inspected, published, theme in INSPECTIONS
        ]
    )
    framework = {i: fw for i, fw, *_ in INSPECTIONS}
    judgements = pd.DataFrame(
        [
            {
                "judgement_id": n,
                "inspection_id": i,
                "la_id": 7,
                "framework": framework[i],
                "area": area,
                "grade": grade,
                "grade_rank": Grade(grade).rank,
            }
            for n, (i, area, grade) in enumerate(GRADES)
        ]
    ).reindex(columns=JUDGEMENT_COLUMNS)
    return inspections, judgements


def history() -> pd.DataFrame:
    return inspection_history(*frames())


def test_history_has_one_row_per_inspection_or_visit_newest_first():
    table = history()
    assert len(table) == len(INSPECTIONS)
    assert list(table["Inspection"]) == [
        "Monitoring visit",
        "Short inspection",
        "Focused visit",
        "Standard inspection",
        "Standard inspection",
        "Standard inspection",
    ]
    assert pd.isna(table.loc[0, "Published"])  # not yet published: first
    assert table.loc[2, "Theme"] == "Front door"


def test_history_columns_are_headline_areas_then_others_with_the_frameworks_words():
    table = history()
    assert list(table.columns) == [
        "Published",
        "Inspected",
        "Framework",
        "Inspection",
        "Theme",
        "Overall effectiveness",
        "Leadership",
        "Help and protection",
        "Children in care",
        "Adoption performance (SIF)",
    ]
    by_framework = table.set_index("Framework")
    assert by_framework.loc["SLAC", "Help and protection"] == "Adequate"  # SLAC safeguarding, its word
    ilacs = table[table["Inspection"] == "Standard inspection"].set_index("Framework").loc["ILACS"]
    assert ilacs["Overall effectiveness"] == "Requires improvement"
    assert ilacs["Children in care"] == "Requires improvement"
    assert table.loc[1, "Overall effectiveness"] == "Not graded"
    assert table.loc[0, "Leadership"] == ""  # visits have no grades


def test_timeline_has_a_symbol_and_a_text_label_per_grade_and_one_row_per_area():
    fig = timeline_figure(history())
    traces = {t.name: t for t in fig.data}
    inadequate = traces["Inadequate"]
    assert inadequate.marker.symbol == GRADE_SYMBOLS["inadequate"]
    assert list(inadequate.y) == ["Overall effectiveness", "Leadership"]
    assert list(inadequate.text) == ["Inad", "Inad"]
    assert "markers+text" == inadequate.mode
    ri = traces["Requires improvement (Adequate before 2013)"]
    assert sorted(ri.text) == ["Adeq", "RI", "RI"]  # SLAC's adequate is labelled as such
    assert list(traces["Not graded"].text) == ["NG"]
    assert list(traces["Outstanding"].text) == ["Out"]
    assert list(fig.layout.yaxis.categoryarray) == [
        "Overall effectiveness",
        "Leadership",
        "Help and protection",
        "Children in care",
        "Adoption performance (SIF)",
        VISITS_ROW,
    ]


def test_visits_are_distinct_open_markers_in_their_own_row_dated_by_inspection_until_published():
    fig = timeline_figure(history())
    traces = {t.name: t for t in fig.data}
    focused, monitoring = traces["Focused visit"], traces["Monitoring visit"]
    assert focused.marker.symbol == VISIT_SYMBOLS["Focused visit"]
    assert monitoring.marker.symbol == VISIT_SYMBOLS["Monitoring visit"]
    assert focused.marker.symbol != monitoring.marker.symbol
    assert list(focused.y) == [VISITS_ROW] and list(focused.text) == ["FV"]
    assert pd.Timestamp(monitoring.x[0]) == pd.Timestamp("2026-10-20")  # unpublished: inspection date
    assert "Front door" in focused.hovertext[0]


def test_frameworks_are_shaded_and_named():
    fig = timeline_figure(history())
    names = [a.text for a in fig.layout.annotations]
    assert names == ["<b>SLAC</b>", "<b>SIF</b>", "<b>ILACS</b>"]
    assert len(fig.layout.shapes) == 3


def test_an_empty_history_says_so():
    empty = history().iloc[0:0]
    fig = timeline_figure(empty)
    assert (
        not fig.data
        and fig.layout.annotations[0].text
        == empty_figure("No inspections or visits are recorded.").layout.annotations[0].text
    )
    assert timeline_summary(empty, "Testshire", current()) == "No inspections or visits are recorded for Testshire."


def current() -> pd.DataFrame:
    """Testshire's current grades by the one rule (data_access.metrics.grades), worded."""
    inspections, judgements = frames()
    shared = [c for c in inspections.columns if c in judgements.columns and c != "inspection_id"]
    rows = judgements.drop(columns=shared).merge(inspections, on="inspection_id")
    return current_grades_table(grades_of_authority(rows, as_at=date(2026, 12, 1)))


def test_current_grades_come_from_the_latest_inspection_and_say_why_an_area_is_not_graded():
    table = current().set_index("Area")
    assert list(table.index) == [
        "Overall effectiveness",
        "Leadership",
        "Help and protection",
        "Children in care",
        "Care leavers",
    ]
    assert table.loc["Leadership", ["Grade", "Framework", "Inspection", "Note"]].tolist() == [
        "Outstanding",
        "ILACS",
        "Short inspection",
        "",
    ]
    assert table.loc["Overall effectiveness", ["Grade", "Note"]].tolist() == [
        "Not graded",
        "no overall grade under ILACS from April 2026",
    ]
    # The 2026 inspection did not grade children in care: the 2019 grade is not carried forward.
    assert table.loc["Children in care", ["Grade", "Note"]].tolist() == [
        "Not graded",
        "not graded at the ILACS 2026 inspection",
    ]
    assert (table["Published"] == pd.Timestamp("2026-06-20")).all()


def test_summary_is_one_sentence_with_the_real_numbers():
    text = timeline_summary(history(), "Testshire", current())
    assert text.startswith(
        "Testshire has 6 inspections and visits recorded from June 2011 to October 2026 "
        "(4 graded inspections, 2 focused or monitoring visits)"
    )
    assert (
        "overall effectiveness Not graded (no overall grade under ILACS from April 2026, published 20 Jun 2026)" in text
    )
    assert "leadership Outstanding" in text
    assert text.count(".") == 1 and text.endswith(".")


def test_the_unvalidated_figure_is_valid_plotly():
    fig = timeline_figure(history())  # built with _validate=False for speed: plotly must accept it
    validated = go.Figure(fig.to_dict())
    assert [t.name for t in validated.data] == [t.name for t in fig.data]
    assert validated.layout.xaxis.title.text.startswith("Date published")
