"""The transition heatmap from a hand-made matrix: z, counts, text in every cell, stuck cells outlined."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.transitions import GRADED, cell_text, row_shares, transition_heatmap
from data_access.metrics.transitions import row_percentages

LABELS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


@pytest.fixture
def matrix() -> pd.DataFrame:
    counts = [[2, 1, 0, 0], [3, 12, 4, 1], [0, 8, 10, 2], [0, 1, 3, 4]]
    frame = pd.DataFrame(counts, index=GRADED, columns=GRADED)
    frame.index.name, frame.columns.name = "previous_grade", "grade"
    return frame


def test_z_is_the_row_percentage_and_customdata_the_counts(matrix):
    trace = transition_heatmap(matrix).data[0]
    assert trace.type == "heatmap"
    assert [list(row) for row in trace.customdata] == matrix.to_numpy().tolist()
    z = [v for row in trace.z for v in row]
    assert z == pytest.approx(row_percentages(matrix).to_numpy().ravel(), abs=0.05)  # the metric's row %
    assert z == pytest.approx(row_shares(matrix).to_numpy().ravel())
    assert (trace.zmin, trace.zmax) == (0, 100)


def test_every_cell_has_its_count_and_row_percent(matrix):
    trace = transition_heatmap(matrix).data[0]
    assert trace.texttemplate == "%{text}"
    assert trace.text[2][2] == "10<br>(50%)"
    assert trace.text[0][0] == "2<br>(67%)"
    assert trace.text[0][3] == "0<br>(0%)"
    assert all(cell for row in trace.text for cell in row)


def test_axes_are_grades_best_first_with_row_totals(matrix):
    fig = transition_heatmap(matrix)
    trace = fig.data[0]
    assert list(trace.x) == LABELS and list(trace.y) == LABELS
    assert fig.layout.yaxis.autorange == "reversed"  # outstanding at the top
    assert list(fig.layout.yaxis.ticktext) == [
        "Outstanding<br>(n=3)",
        "Good<br>(n=20)",
        "Requires improvement<br>(n=20)",
        "Inadequate<br>(n=8)",
    ]
    go.Figure(fig.to_plotly_json())


def test_stuck_cells_are_outlined(matrix):
    shapes = transition_heatmap(matrix).layout.shapes
    assert [(s.x0, s.x1, s.y0, s.y1) for s in shapes] == [(1.5, 2.5, 1.5, 2.5), (2.5, 3.5, 2.5, 3.5)]


def test_labels_follow_each_framework():
    matrix = pd.DataFrame(0, index=GRADED, columns=GRADED)
    matrix.loc["requires_improvement", "good"] = 1
    trace = transition_heatmap(matrix, previous_framework="SLAC", current_framework="SIF").data[0]
    assert list(trace.y)[2] == "Adequate"
    assert list(trace.x)[2] == "Requires improvement"


def test_an_empty_row_has_no_colour_but_still_a_count(matrix):
    matrix.loc["outstanding"] = 0
    trace = transition_heatmap(matrix).data[0]
    assert list(trace.z[0]) == [None, None, None, None]
    assert list(trace.text[0]) == ["0"] * 4
    assert cell_text(0, math.nan) == "0"


def test_no_transitions_say_so():
    empty = pd.DataFrame(0, index=GRADED, columns=GRADED)
    fig = transition_heatmap(empty)
    assert fig.data == ()
    assert "No LA had two graded inspections" in fig.layout.annotations[0].text
