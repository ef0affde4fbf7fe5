"""Headline number cards: the selected region's figure with England's beside it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def kpi_card(label: str, value: str, detail: str = "", england: str | None = None) -> dbc.Col:
    body = [html.H2(label, className="kpi-label"), html.P(value, className="kpi-value")]
    if detail:
        body.append(html.P(detail, className="kpi-detail"))
    if england is not None:
        body.append(html.P(["England: ", html.Strong(england)], className="kpi-england"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100"), xs=12, sm=6, xl=4, xxl=2, className="mb-3")


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"
