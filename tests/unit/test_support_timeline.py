"""Peer challenges and interventions on an LA's timeline, and dates shown as precisely as known."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.timeline import INTERVENTION_LEGEND, PEER_LEGEND, SUPPORT_COLUMNS, SUPPORT_ROWS, timeline_figure
from dashboard.views.support import precise_date
from tests.unit.test_figures_timeline import history


def events() -> pd.DataFrame:
    rows = [
        ("peer challenge", "Safeguarding diagnostic", "2020-03-02", "2020-03-05", False, "2 to 5 March 2020"),
        ("intervention", "Commissioner", "2014-03-01", "2016-05-01", False, "March 2014 to May 2016"),
        ("intervention", "Statutory direction", "2025-01-10", None, True, "10 January 2025 to active"),
        ("intervention", "Commissioner", None, None, True, "not known to active"),  # cannot be placed
    ]
    frame = pd.DataFrame(rows, columns=SUPPORT_COLUMNS)
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


def test_support_gets_rows_of_its_own_with_distinct_markers_and_line_styles():
    figure = timeline_figure(history(), events())
    rows = list(figure.layout.yaxis.categoryarray)
    assert rows[-2:] == [SUPPORT_ROWS["peer challenge"], SUPPORT_ROWS["intervention"]]
    peer = [t for t in figure.data if t.name == PEER_LEGEND]
    assert len(peer) == 1 and peer[0].marker.symbol == "hexagram" and list(peer[0].text) == ["PC"]
    bars = [t for t in figure.data if t.name in INTERVENTION_LEGEND.values()]
    assert len(bars) == 2  # the one with no start date is not drawn
    ended = next(t for t in bars if t.name == INTERVENTION_LEGEND[False])
    active = next(t for t in bars if t.name == INTERVENTION_LEGEND[True])
    assert ended.line.dash == "solid" and active.line.dash == "dot"
    assert list(ended.x) == [pd.Timestamp("2014-03-01"), pd.Timestamp("2016-05-01")]
    assert active.x[1] == pd.Timestamp(figure.layout.xaxis.range[1])  # active: to the chart's edge
    assert pd.Timestamp(figure.layout.xaxis.range[0]) < pd.Timestamp("2014-03-01")  # the range takes it in
    assert [t.showlegend for t in bars] == [True, True]
    go.Figure(figure.to_dict())  # still valid plotly


def test_without_support_the_timeline_is_unchanged():
    plain = timeline_figure(history())
    assert timeline_figure(history(), events().iloc[0:0]).to_dict() == plain.to_dict()
    assert SUPPORT_ROWS["intervention"] not in list(plain.layout.yaxis.categoryarray)


def test_dates_are_shown_as_precisely_as_they_are_known():
    day = pd.Timestamp("2014-03-01")
    assert precise_date(day, "day") == "1 March 2014"
    assert precise_date(day, "month") == "March 2014"
    assert precise_date(day, "year") == "2014"
    assert precise_date(pd.NaT, "month") == ""
