"""The transition matrix figure from a hand-made matrix: counts, text and fill in every cell, stuck cells outlined."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.transitions import (
    GRADED,
    cell_text,
    fill_colour,
    row_shares,
    text_colour,
    transition_matrix_figure,
)
from data_access.metrics.transitions import row_percentages

LABELS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
COUNTS = [[6, 3, 0, 0], [3, 12, 4, 1], [0, 8, 10, 2], [0, 1, 3, 4]]
WHITE = "#FFFFFF"


@pytest.fixture
def matrix() -> pd.DataFrame:
    frame = pd.DataFrame(COUNTS, index=GRADED, columns=GRADED)
    frame.index.name, frame.columns.name = "previous_grade", "grade"
    return frame


def cells(fig: go.Figure) -> dict[tuple[int, int], go.layout.Shape]:
    """The filled cell rectangles by (row, column), read back from their positions."""
    return {
        (round(s.y0 + 0.5), round(s.x0 + 0.5)): s for s in fig.layout.shapes if s.layer == "below" and s.type == "rect"
    }


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two '#RRGGBB' colours."""

    def luminance(colour: str) -> float:
        r, g, b = (
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_one_point_per_cell_row_by_row_with_its_count(matrix):
    trace = transition_matrix_figure(matrix).data[0]
    assert trace.type == "scatter" and trace.mode == "markers+text"
    assert list(trace.customdata) == [c for row in COUNTS for c in row]
    assert list(trace.y) == [label for label in LABELS for _ in range(4)]
    assert list(trace.x) == LABELS * 4
    assert trace.marker.opacity == 0  # invisible, but hover and clicks still find it


def test_every_cell_has_its_count_and_row_percent(matrix):
    trace = transition_matrix_figure(matrix).data[0]
    text = dict(zip(zip(trace.y, trace.x, strict=True), trace.text, strict=True))
    assert text["Requires improvement", "Requires improvement"] == "10<br>(50%)"
    assert text["Outstanding", "Outstanding"] == "6<br>(67%)"
    assert text["Outstanding", "Inadequate"] == "0<br>(0%)"
    assert text["Inadequate", "Good"] == "1<br>(12%)"  # 1 of 8
    assert list(trace.hovertext)[9] == "Previous grade Requires improvement, then Good: 8 (40% of the row)"
    shares = [float(t.split("(")[1].rstrip("%)")) for t in trace.text]
    assert shares == pytest.approx(row_percentages(matrix).to_numpy().ravel(), abs=0.5)  # the metric's row %
    assert trace.hovertemplate == "%{hovertext}<extra></extra>"  # no trace name, no links


def test_the_scale_runs_from_white_to_dark_blue():
    assert fill_colour(0) == WHITE
    assert fill_colour(35) == "#B7C7D8"
    assert fill_colour(55) == "#4F7396"
    assert fill_colour(100) == "#12436D"
    assert fill_colour(math.nan) is None


def test_fills_follow_the_row_percentage(matrix):
    matrix.loc["outstanding"] = [6, 0, 0, 0]
    fig = transition_matrix_figure(matrix)
    filled = cells(fig)
    assert sorted(filled) == [(r, c) for r in range(4) for c in range(4)]
    assert filled[0, 0].fillcolor == "#12436D"  # 6 of 6: the darkest
    assert filled[0, 1].fillcolor == WHITE  # 0 of 6
    shares = row_shares(matrix).to_numpy()
    assert all(filled[r, c].fillcolor == fill_colour(shares[r, c]) for r, c in filled)
    # Larger shares are darker: sorting the cells by share sorts their fills from light to dark.
    by_share = sorted(filled, key=lambda rc: shares[rc])
    darkness = [-contrast(filled[rc].fillcolor, WHITE) for rc in by_share]
    assert darkness == sorted(darkness, reverse=True)
    assert filled[1, 1].fillcolor != filled[2, 2].fillcolor  # 60% and 50% differ


def test_text_contrasts_with_its_fill(matrix):
    fig = transition_matrix_figure(matrix)
    trace, filled = fig.data[0], cells(fig)
    for k, colour in enumerate(trace.textfont.color):
        assert contrast(colour, filled[divmod(k, 4)].fillcolor or WHITE) >= 4.5, (k, colour)
    assert trace.textfont.color[0] == WHITE and trace.textfont.color[1] == "#000000"  # 67% dark, 33% light
    # ... and for every whole percentage the scale can give.
    assert min(contrast(text_colour(fill_colour(s)), fill_colour(s)) for s in range(101)) >= 4.5


def test_axes_are_grades_best_first_with_row_totals(matrix):
    fig = transition_matrix_figure(matrix)
    assert list(fig.layout.xaxis.categoryarray) == LABELS and list(fig.layout.yaxis.categoryarray) == LABELS
    assert list(fig.layout.xaxis.range) == [-0.5, 3.5] and fig.layout.xaxis.side == "top"
    assert list(fig.layout.yaxis.range) == [3.5, -0.5]  # reversed: outstanding at the top
    assert fig.layout.xaxis.title.text == "Grade at the later inspection"
    assert fig.layout.yaxis.title.text == "Grade at the previous inspection"
    assert list(fig.layout.yaxis.ticktext) == [
        "Outstanding<br>(n=9)",
        "Good<br>(n=20)",
        "Requires improvement<br>(n=20)",
        "Inadequate<br>(n=8)",
    ]
    go.Figure(fig.to_plotly_json())  # valid for plotly


def test_stuck_cells_are_outlined_above_the_fills(matrix):
    outlines = [s for s in transition_matrix_figure(matrix).layout.shapes if s.line.dash == "dash"]
    assert [(s.x0, s.x1, s.y0, s.y1) for s in outlines] == [(1.5, 2.5, 1.5, 2.5), (2.5, 3.5, 2.5, 3.5)]
    assert {s.layer for s in outlines} == {None} and {s.fillcolor for s in outlines} == {None}


def test_labels_follow_each_framework():
    matrix = pd.DataFrame(0, index=GRADED, columns=GRADED)
    matrix.loc["requires_improvement", "good"] = 1
    fig = transition_matrix_figure(matrix, previous_framework="SLAC", current_framework="SIF")
    assert list(fig.layout.yaxis.categoryarray)[2] == "Adequate"
    assert list(fig.layout.xaxis.categoryarray)[2] == "Requires improvement"
    assert list(fig.data[0].y)[8:12] == ["Adequate"] * 4
    assert fig.data[0].hovertext[9] == "Previous grade Adequate, then Good: 1 (100% of the row)"


def test_an_empty_row_has_no_fill_but_still_a_count(matrix):
    matrix.loc["outstanding"] = 0
    fig = transition_matrix_figure(matrix)
    trace, filled = fig.data[0], cells(fig)
    assert [filled[0, c].fillcolor for c in range(4)] == [None] * 4
    assert list(trace.text[:4]) == ["0"] * 4
    assert trace.hovertext[1] == "Previous grade Outstanding, then Good: 0 (no judgements in this row)"
    assert cell_text(0, math.nan) == "0"


def test_no_transitions_say_so():
    empty = pd.DataFrame(0, index=GRADED, columns=GRADED)
    fig = transition_matrix_figure(empty)
    assert fig.data == ()
    assert "No LA had two graded inspections" in fig.layout.annotations[0].text


def test_a_row_of_fewer_than_five_gives_counts_and_a_paler_shade(matrix):
    matrix.loc["outstanding"] = [3, 0, 0, 0]  # 3 of 3: "100%" from three judgements
    fig = transition_matrix_figure(matrix)
    trace, filled = fig.data[0], cells(fig)
    assert list(trace.text[:4]) == ["3 of 3", "0 of 3", "0 of 3", "0 of 3"]
    assert trace.text[5] == "12<br>(60%)"  # a full row keeps its percentage
    assert filled[0, 0].fillcolor == fill_colour(100, small=True) != fill_colour(100)
    assert contrast(trace.textfont.color[0], filled[0, 0].fillcolor) >= 4.5
    assert cell_text(1, 100.0, 1) == "1 of 1" and cell_text(5, 100.0, 5) == "5<br>(100%)"
