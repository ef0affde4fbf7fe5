"""Leadership charts on tiny summaries: trace order, values, and "count (percent)" labels."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.leadership import (
    CHANGE_LABELS,
    PCT_IMPROVED,
    PCT_MAINTAINED_OR_IMPROVED,
    by_region_figure,
    by_year_figure,
    count_label,
    definition_points,
    mute,
    pct_text,
)
from dashboard.figures.theme import CHANGE_COLOURS, CHANGE_ORDER
from data_access.metrics import leadership

COLUMNS = [
    "judgements",
    "improved",
    "maintained",
    "declined",
    "no_previous",
    "pct_improved",
    "pct_maintained_or_improved",
]


def summary(key: str, rows: dict[str, tuple[int, int, int, int]]) -> pd.DataFrame:
    """A summarise_by-shaped frame from {group: (improved, maintained, declined, no previous)}."""
    records = []
    for group, (improved, maintained, declined, none) in rows.items():
        comparable = improved + maintained + declined
        records.append(
            {
                key: group,
                "judgements": comparable + none,
                "improved": improved,
                "maintained": maintained,
                "declined": declined,
                "no_previous": none,
                "pct_improved": round(100 * improved / comparable, 1) if comparable else None,
                "pct_maintained_or_improved": round(100 * (improved + maintained) / comparable, 1)
                if comparable
                else None,
            }
        )
    return pd.DataFrame(records, columns=[key, *COLUMNS])


YEARS = summary("financial_year", {"2022-23": (3, 1, 1, 2), "2023-24": (1, 6, 1, 0), "2024-25": (0, 0, 0, 1)})


def bars(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type == "bar" and t.showlegend is not False]


def test_pct_text_rounds_half_up_and_count_label_puts_the_count_first():
    assert pct_text(1, 8) == "13%"  # 12.5
    assert pct_text(5, 8) == "63%"  # 62.5
    assert pct_text(1, 0) == ""
    assert count_label(12, 30, "improved") == "12 (40%)"
    assert count_label(3, 10, "no previous") == "3"  # outside the denominator: no percent
    assert count_label(0, 10, "declined") == ""


def test_year_bars_are_stacked_counts_in_legend_order_with_count_and_percent_labels():
    fig = by_year_figure(YEARS)
    assert fig.layout.barmode == "stack"
    bar_traces = bars(fig)
    assert [t.name for t in bar_traces] == [CHANGE_LABELS[c] for c in CHANGE_ORDER]
    assert [t.legendrank for t in bar_traces] == [1, 2, 3, 4]
    assert [t.marker.color for t in bar_traces] == [CHANGE_COLOURS[c] for c in CHANGE_ORDER]
    improved, maintained, declined, none = bar_traces
    assert list(improved.x) == ["2022-23", "2023-24", "2024-25"]
    assert list(improved.y) == [3, 1, 0]
    assert list(improved.text) == ["3 (60%)", "1 (13%)", ""]
    assert list(maintained.text) == ["1 (20%)", "6 (75%)", ""]
    assert list(declined.y) == [1, 1, 0]
    assert list(none.text) == ["2", "", "1"]
    assert [list(c) for c in improved.customdata] == [
        ["2022-23", "improved"],
        ["2023-24", "improved"],
        ["2024-25", "improved"],
    ]


def percent_lines(fig: go.Figure) -> dict:
    return {t.name: t for t in fig.data if t.type == "scatter" and "lines" in t.mode and t.showlegend is False}


def percent_legend(fig: go.Figure) -> dict:
    return {t.name: t for t in fig.data if t.type == "scatter" and t.showlegend is not False}


def percent_labels(fig: go.Figure) -> dict:
    return {t.name: t for t in fig.data if t.type == "scatter" and t.mode == "text"}


def test_year_figure_has_a_second_row_of_percentages_with_counts():
    fig = by_year_figure(YEARS)
    lines = percent_lines(fig)
    assert set(lines) == {PCT_IMPROVED, PCT_MAINTAINED_OR_IMPROVED}
    legend = percent_legend(fig)
    assert legend[PCT_IMPROVED].legendrank < legend[PCT_MAINTAINED_OR_IMPROVED].legendrank
    assert list(lines[PCT_IMPROVED].y) == pytest.approx([60.0, 12.5, None])
    assert list(lines[PCT_IMPROVED].text) == ["3 (60%)", "1 (13%)", ""]
    assert list(lines[PCT_MAINTAINED_OR_IMPROVED].text) == ["4 (80%)", "7 (88%)", ""]
    assert lines[PCT_IMPROVED].yaxis == "y2"  # the second row


def test_year_figure_says_so_when_there_is_nothing():
    fig = by_year_figure(summary("financial_year", {}))
    assert not fig.data
    assert "No ILACS leadership judgements" in fig.layout.annotations[0].text


# North West: 4 with a previous grade, fewer than SMALL_N: counts, not percentages.
REGIONS = summary("region_name", {"North East": (4, 4, 0, 0), "North West": (1, 2, 1, 1), "London": (0, 0, 0, 0)})


def test_region_figure_highlights_the_selected_region_and_mutes_the_others():
    fig = by_region_figure(REGIONS, selected="North West")
    improved = [t for t in fig.data if t.type == "bar" and t.showlegend is False][0]
    assert list(improved.y) == ["North East", "North West", "London"]
    assert list(improved.x) == [4, 1, 0]
    assert list(improved.marker.color) == [
        mute(CHANGE_COLOURS["improved"]),
        CHANGE_COLOURS["improved"],
        mute(CHANGE_COLOURS["improved"]),
    ]
    assert list(improved.text) == ["4 (50%)", "1 of 4", ""]
    assert "<b>North West</b>" in fig.layout.yaxis.ticktext
    assert fig.layout.yaxis.autorange == "reversed"  # first region at the top


def test_region_legend_shows_full_colours_in_change_order():
    fig = by_region_figure(REGIONS, selected="London")
    legend = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in legend] == [CHANGE_LABELS[c] for c in CHANGE_ORDER] + [
        PCT_IMPROVED,
        PCT_MAINTAINED_OR_IMPROVED,
    ]
    assert [t.marker.color for t in legend[:4]] == [CHANGE_COLOURS[c] for c in CHANGE_ORDER]


def test_region_figure_with_no_selection_keeps_every_colour_and_shows_percentages():
    fig = by_region_figure(REGIONS)
    improved = [t for t in fig.data if t.type == "bar" and t.showlegend is False][0]
    assert set(improved.marker.color) == {CHANGE_COLOURS["improved"]}
    either = [t for t in fig.data if t.name == PCT_MAINTAINED_OR_IMPROVED and t.showlegend is False][0]
    assert list(either.text) == ["8 (100%)", "3 of 4", ""]
    assert list(either.x) == pytest.approx([100.0, 75.0, None])


def test_the_definition_is_read_from_the_metric_modules_docstring():
    headline, points = definition_points(leadership.__doc__)
    assert headline == leadership.__doc__.strip().splitlines()[0]
    assert len(points) == 5
    assert points[0].startswith("the judgements counted are graded ILACS leadership")
    assert any("percentages are of the judgements that had a previous grade" in p for p in points)
    assert all("\n" not in p and "  " not in p for p in points)


def test_definition_points_copes_with_no_docstring():
    assert definition_points(None) == ("", [])


def test_the_unvalidated_figures_are_valid_plotly():
    # Built from plain dicts without validation, for speed: plotly must accept them as they are.
    for fig in (by_year_figure(YEARS), by_region_figure(REGIONS, selected="London")):
        validated = go.Figure(fig.to_dict())
        assert [t.name for t in validated.data] == [t.name for t in fig.data]
        assert validated.layout.barmode == "stack" and validated.layout.xaxis2.anchor == "y2"


# -- small numbers: counts instead of percentages, hollow markers, labels that cannot overlap ------

# 2023-24: one judgement with a previous grade (it improved: "100%" read at a glance); 2024-25: 3 of 3 declined.
THIN = summary("financial_year", {"2022-23": (3, 3, 2, 0), "2023-24": (1, 0, 0, 0), "2024-25": (0, 0, 3, 1)})


def test_year_bars_give_counts_not_percentages_where_fewer_than_five_had_a_previous_grade():
    improved, maintained, declined, none = bars(by_year_figure(THIN))
    assert list(improved.text) == ["3 (38%)", "1 of 1", ""]
    assert list(declined.text) == ["2 (25%)", "", "3 of 3"]
    assert list(none.text) == ["", "", "1"]  # no previous grade: a plain count, as before
    assert count_label(3, 3, "declined") == "3 of 3"


def test_year_percent_markers_are_hollow_where_fewer_than_five_and_solid_elsewhere():
    lines = percent_lines(by_year_figure(THIN))
    assert list(lines[PCT_IMPROVED].marker.symbol) == ["circle", "circle-open", "circle-open"]
    assert list(lines[PCT_MAINTAINED_OR_IMPROVED].marker.symbol) == ["diamond", "diamond-open", "diamond-open"]
    assert list(lines[PCT_IMPROVED].text) == ["3 (38%)", "1 of 1", "0 of 3"]
    assert list(lines[PCT_MAINTAINED_OR_IMPROVED].text) == ["6 (75%)", "1 of 1", "0 of 3"]
    # the lines carry no text of their own: their labels are rows apart (below)
    assert "text" not in lines[PCT_IMPROVED].mode
    # the legend shows filled markers, whatever the first year's base
    legend = percent_legend(by_year_figure(THIN))
    assert legend[PCT_IMPROVED].marker.symbol == "circle" and list(legend[PCT_IMPROVED].x) == [None]


def test_year_percent_labels_sit_in_two_rows_outside_the_lines_range():
    fig = by_year_figure(THIN)
    labels = percent_labels(fig)
    lines = percent_lines(fig)
    top, bottom = labels[PCT_MAINTAINED_OR_IMPROVED], labels[PCT_IMPROVED]
    assert list(top.text) == list(lines[PCT_MAINTAINED_OR_IMPROVED].text)
    assert list(bottom.text) == list(lines[PCT_IMPROVED].text)
    assert len(set(top.y)) == 1 and top.y[0] > 100  # one row above 100%
    assert len(set(bottom.y)) == 1 and bottom.y[0] < 0  # one row below 0%
    low, high = fig.layout.yaxis2.range
    assert low < bottom.y[0] and top.y[0] < high  # both rows inside the axis: drawn, not clipped
    assert top.showlegend is False and top.legendgroup == PCT_MAINTAINED_OR_IMPROVED  # hidden with its line
    # each row is keyed by its line's marker, in its colour, left of the plot
    keys = {a.y: a for a in fig.layout.annotations if a.yref == "y2"}
    assert keys[top.y[0]].text == "\u25c6" and keys[top.y[0]].font.color == top.textfont.color
    assert keys[bottom.y[0]].text == "\u25cf" and keys[bottom.y[0]].font.color == bottom.textfont.color


def test_region_percent_labels_go_either_side_of_their_markers_and_small_ones_are_hollow():
    fig = by_region_figure(REGIONS, selected="North West")
    shown = {t.name: t for t in fig.data if t.type == "scatter" and t.showlegend is False}
    improved, either = shown[PCT_IMPROVED], shown[PCT_MAINTAINED_OR_IMPROVED]
    # improved <= maintained or improved: left of its marker against right of the other's
    assert improved.textposition == "middle left" and either.textposition == "middle right"
    assert all(a <= b for a, b in zip(improved.x[:2], either.x[:2], strict=True))
    assert list(improved.marker.symbol) == ["circle", "circle-open", "circle-open"]
    assert list(either.marker.symbol) == ["diamond", "diamond-open", "diamond-open"]
    low, high = fig.layout.xaxis2.range
    assert low <= -30 and high >= 130  # room for a label beside a marker at 0% or 100%
