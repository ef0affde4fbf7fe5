"""A chart narrowed to one LA reads right ("Kent's latest grade was good", not "1 of 1 Kent ...
were good"), counts one LA on a whole-number axis, and a financial year the data covers only in
part is labelled partial on the chart."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.filters import Filters
from dashboard.views import judgements, leadership
from dashboard.views.base import mark_partial_years, whole_number_axis

KENT = Filters(la="E10000016")  # no region given: nothing here asks the store for England's figures
GRADED = ["outstanding", "good", "requires_improvement", "inadequate"]


def counts(**graded) -> dict:
    found = {k: graded.get(k, 0) for k in [*GRADED, "not_graded"]}
    return found | {"total": sum(found.values())}


def test_as_at_for_one_la_names_its_grade():
    series = [(date(2024, 3, 31), counts(requires_improvement=1)), (date(2025, 3, 31), counts(good=1))]
    assert judgements.as_at_summary(series, KENT) == (
        "At 31 March 2025, Kent's latest overall effectiveness grade was good."
    )
    assert judgements.as_at_summary([(date(2025, 3, 31), counts(not_graded=1))], KENT) == (
        "At 31 March 2025, Kent had no graded overall effectiveness judgement."
    )
    # a region still gets its counts
    england = judgements.as_at_summary([(date(2025, 3, 31), counts(good=2, inadequate=1))], Filters())
    assert england.startswith("At 31 March 2025, 2 of 3 LAs in England")


def by_year_frame(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(year, framework, "Kent", key, n, 100.0) for year, framework, key, n in rows],
        columns=["financial_year", "framework", "scope", "grade_key", "count", "share"],
    )


def test_by_year_for_one_la_names_its_judgements():
    one = by_year_frame([("2023-24", "ILACS", "good", 1), ("2023-24", "ILACS", "inadequate", 0)])
    assert judgements.by_year_summary(one, KENT, date(2026, 6, 1)) == (
        "In 2023-24, Kent's ILACS overall effectiveness judgement was good."
    )
    two = by_year_frame([("2023-24", "ILACS", "good", 1), ("2023-24", "ILACS", "requires_improvement", 1)])
    assert judgements.by_year_summary(two, KENT, date(2026, 6, 1)) == (
        "In 2023-24, Kent's 2 ILACS overall effectiveness judgements were good and requires improvement."
    )


def test_transitions_for_one_la_say_what_happened():
    matrix = pd.DataFrame(0, index=GRADED, columns=GRADED)
    matrix.loc["requires_improvement", "requires_improvement"] = 1
    text = judgements.transitions_summary(matrix, KENT)
    assert "its judgement after a requires improvement grade gave the same grade again" in text
    assert "1 of 1" not in text
    matrix.loc["requires_improvement", "requires_improvement"] = 0
    matrix.loc["requires_improvement", "good"] = 1
    assert "gave a different grade" in judgements.transitions_summary(matrix, KENT)


def test_leadership_for_one_la_names_its_latest_judgement():
    frame = pd.DataFrame(
        {
            "published_date": pd.to_datetime(["2019-05-01", "2024-12-17"]),
            "grade": ["requires_improvement", "good"],
            "previous_grade": ["inadequate", "requires_improvement"],
            "previous_framework": ["SIF", "ILACS"],
            "change": ["improved", "improved"],
        }
    )
    text = leadership.one_la_text(frame, KENT)
    assert text == (
        "Kent, published 1 January 2018 to date: 2 ILACS leadership judgements; the latest, published "
        "17 Dec 2024, was good and improved on its previous grade (requires improvement)."
    )
    first = leadership.one_la_text(frame.iloc[:1].assign(change="no previous", previous_grade=None), KENT)
    assert first.endswith("was requires improvement and had no previous grade to compare with.")


def test_one_las_counts_get_a_whole_number_axis():
    figure = whole_number_axis(go.Figure(go.Bar(x=["a"], y=[1])), "yaxis", most=1)
    assert figure.layout.yaxis.dtick == 1 and figure.layout.yaxis.tickformat == "d"
    many = whole_number_axis(go.Figure(go.Bar(x=["a"], y=[40])), "yaxis", most=40)
    assert many.layout.yaxis.dtick is None and many.layout.yaxis.tickformat == ",d"


def test_a_partial_year_is_labelled_on_every_x_axis_that_shows_it():
    figure = go.Figure(
        [
            go.Bar(x=["2024-25<br>ILACS", "2025-26<br>ILACS"], y=[1, 2]),
            go.Bar(x=["2024-25<br>ILACS", "2025-26<br>ILACS"], y=[1, 2], xaxis="x2", yaxis="y2"),
        ],
        layout=dict(xaxis2=dict(anchor="y2"), yaxis2=dict(domain=[0, 0.4]), margin=dict(b=40)),
    )
    marked = mark_partial_years(figure, {"2025-26"}, size=10)
    for axis in (marked.layout.xaxis, marked.layout.xaxis2):
        assert list(axis.tickvals) == ["2024-25<br>ILACS", "2025-26<br>ILACS"]
        assert list(axis.ticktext) == ["2024-25<br>ILACS", "2025-26<br>ILACS<br>(partial)"]
    assert marked.layout.margin.b > 40  # room for the extra line
    untouched = mark_partial_years(go.Figure(go.Bar(x=["2024-25"], y=[1])), {"2025-26"})
    assert untouched.layout.xaxis.ticktext is None
