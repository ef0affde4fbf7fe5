"""The floor for page loads: the smallest Dash app with one plotly bar chart, served like ours.

bench/core.py loads it beside the dashboard's pages, so page times can be read against what
Dash + plotly.js alone cost on the same machine at the same moment (this machine's speed drifts).
"""

from __future__ import annotations

import sys
from pathlib import Path

import dash
import plotly.graph_objects as go
from dash import dcc, html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboard.components.deferred import CHART_BOX_CLASS  # noqa: E402
from dashboard.fast_paths import serve_partial_plotly  # noqa: E402  (the same plotly.js bundle, served the same way)

app = dash.Dash(__name__, serve_locally=True, compress=True, assets_folder="/nonexistent", title="reference")
app.layout = html.Div(
    [
        html.H1("Reference"),
        # In a chart box like the dashboard's, so bench/core.py waits for it to be drawn.
        html.Div(
            dcc.Graph(figure=go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), config={"displayModeBar": False}),
            className=CHART_BOX_CLASS,
        ),
    ]
)
serve_partial_plotly(app)
server = app.server
