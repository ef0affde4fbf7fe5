"""Grade distribution figures from tiny hand-made frames: order, values, labels, frameworks apart."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.distributions import (
    FADED_TEXT,
    fade,
    grade_counts_as_at,
    grade_key,
    grade_shares_by_year,
    legend_name,
    period_label,
)
from dashboard.figures.theme import GRADE_COLOURS, GRADE_TEXT_COLOURS

LEGEND = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def by_year_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["financial_year", "framework", "scope", "grade", "count", "share"])


@pytest.fixture
def two_scopes() -> pd.DataFrame:
    # 2017-18 has judgements under both SIF and ILACS: they must stay two bars. North West's
    # 2017-18 ILACS bar is one judgement: fewer than SMALL_N.
    return by_year_frame(
        [
            ("2017-18", "SIF", "North West", "Good", 6, 66.7),
            ("2017-18", "SIF", "North West", "Inadequate", 3, 33.3),
            ("2017-18", "ILACS", "North West", "Outstanding", 1, 100.0),
            ("2018-19", "ILACS", "North West", "Requires improvement", 3, 60.0),
            ("2018-19", "ILACS", "North West", "Good", 2, 40.0),
            ("2017-18", "SIF", "England", "Good", 10, 50.0),
            ("2017-18", "SIF", "England", "Requires improvement", 10, 50.0),
            ("2017-18", "ILACS", "England", "Outstanding", 5, 100.0),
            ("2018-19", "ILACS", "England", "Outstanding", 5, 12.5),
            ("2018-19", "ILACS", "England", "Good", 20, 50.0),
            ("2018-19", "ILACS", "England", "Requires improvement", 10, 25.0),
            ("2018-19", "ILACS", "England", "Inadequate", 5, 12.5),
        ]
    )


def traces_of(fig: go.Figure, yaxis: str) -> list:
    return [t for t in fig.data if t.yaxis == yaxis]


def test_grade_key_reads_every_wording():
    assert grade_key("Adequate") == "requires_improvement"
    assert grade_key("Requires improvement") == "requires_improvement"
    assert grade_key("Not graded") == "not_graded"
    with pytest.raises(ValueError):
        grade_key("Splendid")


def test_shares_legend_lists_grades_best_to_worst_once(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    assert [t.name for t in traces_of(fig, "y")] == LEGEND
    assert [t.name for t in traces_of(fig, "y2")] == LEGEND
    assert [t.showlegend for t in fig.data] == [True] * 4 + [False] * 4
    assert fig.layout.legend.traceorder == "normal"
    # the first bar (what the legend shows) is in full colour; the one-judgement bar is faded (below)
    assert [t.marker.color[0] for t in traces_of(fig, "y")] == [GRADE_COLOURS[grade_key(n)] for n in LEGEND]
    assert [t.textfont.color[0] for t in traces_of(fig, "y")] == [GRADE_TEXT_COLOURS[grade_key(n)] for n in LEGEND]
    assert [t.marker.color for t in traces_of(fig, "y2")] == [GRADE_COLOURS[grade_key(n)] for n in LEGEND]


def test_shares_keep_frameworks_apart_in_time_order(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    periods = ["2017-18<br>SIF", "2017-18<br>ILACS", "2018-19<br>ILACS"]
    for trace in fig.data:
        assert list(trace.x) == periods
    assert list(fig.layout.xaxis.categoryarray) == periods
    assert period_label("2017-18", "SIF") == "2017-18<br>SIF"


def test_shares_bars_are_100_percent_with_count_and_share_text(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    region = {t.name: t for t in traces_of(fig, "y")}
    for i in range(3):
        assert sum(t.y[i] for t in region.values()) == pytest.approx(100)
    assert list(region["Good"].y) == pytest.approx([200 / 3, 0, 40])
    assert list(region["Good"].text) == ["6 (67%)", "", "2 (40%)"]
    assert list(region["Inadequate"].text) == ["3 (33%)", "", ""]
    assert list(region["Outstanding"].text) == ["", "1 of 1", ""]  # one judgement: a count, not 100%
    assert list(region["Requires improvement"].text) == ["", "", "3 (60%)"]
    # hover: label, count and the bar's total
    assert list(region["Good"].customdata[2]) == ["Good", 2, 5]
    england = {t.name: t for t in traces_of(fig, "y2")}
    assert list(england["Outstanding"].text) == ["", "5 (100%)", "5 (12%)"]


def test_shares_panels_are_titled_and_stacked(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == ["<b>North West</b>", "<b>England</b>"]
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[1]
    go.Figure(fig.to_plotly_json())  # every property is valid plotly


def test_shares_england_only_is_one_panel(two_scopes):
    fig = grade_shares_by_year(two_scopes[two_scopes["scope"] == "England"], ["England"])
    assert {t.yaxis for t in fig.data} == {"y"}
    assert [t.name for t in fig.data] == LEGEND


def test_shares_name_adequate_for_older_frameworks_and_add_not_graded():
    frame = by_year_frame(
        [
            ("2010-11", "SLAC", "England", "Adequate", 6, 75.0),
            ("2010-11", "SLAC", "England", "Good", 2, 25.0),
            ("2026-27", "ILACS", "England", "Not graded", 5, 100.0),
        ]
    )
    fig = grade_shares_by_year(frame, ["England"])
    assert [t.name for t in fig.data] == ["Good", "Requires improvement / Adequate", "Not graded"]
    third = fig.data[1]
    assert third.customdata[0][0] == "Adequate"
    assert list(fig.data[2].text) == ["", "5 (100%)"]
    assert legend_name("requires_improvement", ["ILACS"]) == "Requires improvement"


def test_shares_of_nothing_say_so():
    fig = grade_shares_by_year(by_year_frame([]), ["England"])
    assert fig.data == ()
    assert "No graded judgements" in fig.layout.annotations[0].text


def as_at_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year_end", "grade", "count", "share"])


def test_as_at_counts_stack_by_grade_per_year_end():
    frame = as_at_frame(
        [
            (date(2024, 3, 31), "Outstanding", 1, 10.0),
            (date(2024, 3, 31), "Good", 5, 50.0),
            (date(2024, 3, 31), "Requires improvement", 3, 30.0),
            (date(2024, 3, 31), "Inadequate", 1, 10.0),
            (date(2025, 3, 31), "Outstanding", 2, 20.0),
            (date(2025, 3, 31), "Good", 6, 60.0),
            (date(2025, 3, 31), "Requires improvement", 2, 20.0),
            (date(2025, 3, 31), "Inadequate", 0, 0.0),
        ]
    )
    fig = grade_counts_as_at(frame, region_name="North West")
    assert [t.name for t in fig.data] == LEGEND
    assert fig.layout.barmode == "stack"
    good = fig.data[1]
    assert list(good.x) == ["2024", "2025"]
    assert list(good.y) == [5, 6]
    assert list(good.text) == ["5 (50%)", "6 (60%)"]
    assert list(fig.data[3].text) == ["1 (10%)", ""]
    assert list(good.customdata[1]) == [60.0, 10]
    assert "North West" in good.hovertemplate
    go.Figure(fig.to_plotly_json())


def test_as_at_shows_not_graded_only_when_there_is_some():
    frame = as_at_frame([(date(2027, 3, 31), "Good", 3, 75.0), (date(2027, 3, 31), "Not graded", 1, 25.0)])
    assert [t.name for t in grade_counts_as_at(frame).data] == ["Good", "Not graded"]
    empty = grade_counts_as_at(as_at_frame([(date(2010, 3, 31), "Good", 0, 0.0)]))
    assert empty.data == ()


# -- small numbers: a bar of fewer than SMALL_N judgements is faded and reads "1 of 1" ------------


def test_shares_fade_bars_of_fewer_than_five_and_keep_their_text_dark(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    outstanding = {t.name: t for t in traces_of(fig, "y")}["Outstanding"]
    # periods: 2017-18 SIF (9 judgements), 2017-18 ILACS (1), 2018-19 ILACS (5: not fewer than 5)
    full = GRADE_COLOURS["outstanding"]
    assert list(outstanding.marker.color) == [full, fade(full), full]
    assert fade(full) != full and fade("#FFFFFF") == "#FFFFFF"
    # white text on dark blue would vanish on the faded fill: dark text there
    assert list(outstanding.textfont.color) == [GRADE_TEXT_COLOURS["outstanding"], FADED_TEXT, "#FFFFFF"]


def test_every_100_percent_bar_carries_its_n_under_it(two_scopes):
    fig = grade_shares_by_year(two_scopes, ["North West", "England"])
    periods = ["2017-18<br>SIF", "2017-18<br>ILACS", "2018-19<br>ILACS"]
    assert list(fig.layout.xaxis.tickvals) == periods
    assert list(fig.layout.xaxis.ticktext) == [
        "2017-18<br>SIF<br>n=9",
        "2017-18<br>ILACS<br>n=1",
        "2018-19<br>ILACS<br>n=5",
    ]
    assert list(fig.layout.xaxis2.ticktext) == [
        "2017-18<br>SIF<br>n=20",
        "2017-18<br>ILACS<br>n=5",
        "2018-19<br>ILACS<br>n=40",
    ]


def test_a_faded_first_bar_gets_a_full_colour_legend_twin():
    frame = by_year_frame(
        [
            ("2017-18", "ILACS", "England", "Good", 2, 100.0),  # 2 judgements: faded
            ("2018-19", "ILACS", "England", "Good", 4, 66.7),
            ("2018-19", "ILACS", "England", "Inadequate", 2, 33.3),
        ]
    )
    fig = grade_shares_by_year(frame, ["England"])
    legend = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in legend] == ["Good", "Inadequate"]
    assert [t.marker.color for t in legend] == [GRADE_COLOURS["good"], GRADE_COLOURS["inadequate"]]
    assert all(list(t.x) == [None] for t in legend)  # legend only: no bar of their own
    good = [t for t in fig.data if t.name == "Good" and t.showlegend is False][0]
    assert list(good.text) == ["2 of 2", "4 (67%)"]
    assert list(good.marker.color) == [fade(GRADE_COLOURS["good"]), GRADE_COLOURS["good"]]
    go.Figure(fig.to_plotly_json())  # valid plotly
