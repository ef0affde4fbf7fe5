"""Support charts from tiny frames: every bar has its number, series differ by pattern too."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.support import labelled_bars, outcome_bars, stacked_by_series
from data_access.metrics.support import OUTCOMES


def test_stacked_bars_label_each_part_and_each_total_and_differ_by_pattern():
    frame = pd.DataFrame(
        [("2019-20", "A", 2), ("2019-20", "B", 3), ("2020-21", "A", 1)], columns=["year", "kind", "count"]
    )
    figure = stacked_by_series(frame, "year", "kind", "count", axis_title="Peer challenges")
    bars = [t for t in figure.data if t.type == "bar"]
    assert [list(t.text) for t in bars] == [["2", "1"], ["3", ""]]
    assert len({t.marker.pattern.shape for t in bars}) == 2
    totals = next(t for t in figure.data if t.type == "scatter")
    assert list(totals.text) == ["<b>5</b>", "<b>1</b>"]
    go.Figure(figure.to_dict())


def test_one_series_is_labelled_once_by_its_total():
    frame = pd.DataFrame([("2019-20", "A", 2)], columns=["year", "kind", "count"])
    figure = stacked_by_series(frame, "year", "kind", "count", axis_title="Participants")
    assert list(figure.data[0].text) == [""]


def test_labelled_bars_keep_the_order_and_highlight_the_selected():
    figure = labelled_bars(
        ["North East", "London"], [0.0, 50.0], ["0 of 12 (0%)", "1 of 2"], axis_title="%", selected={"London"}
    )
    bar = figure.data[0]
    assert list(bar.text) == ["0 of 12 (0%)", "1 of 2"]
    assert list(bar.y) == ["North East", "<b>London</b>"]
    assert bar.marker.color[0] != bar.marker.color[1]


def test_outcome_bars_show_counts_beside_shares():
    table = pd.DataFrame(
        [
            {
                "group": "with a peer challenge",
                "judgements": 10,
                "improved": 4,
                "same": 5,
                "declined": 1,
                "pct_improved": 40.0,
                "pct_same": 50.0,
                "pct_declined": 10.0,
            },
            {
                "group": "without a peer challenge",
                "judgements": 2,
                "improved": 1,
                "same": 1,
                "declined": 0,
                "pct_improved": 50.0,
                "pct_same": 50.0,
                "pct_declined": 0.0,
            },
        ]
    )
    figure = outcome_bars(table, OUTCOMES)
    assert list(figure.data[0].text) == ["4 (40%)", "5 (50%)", "1 (10%)"]
    assert list(figure.data[1].text) == ["1 of 2", "1 of 2", "0 of 2"]  # too few for a percentage
    assert figure.data[0].marker.pattern.shape != figure.data[1].marker.pattern.shape
