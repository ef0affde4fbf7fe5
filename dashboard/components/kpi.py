"""Headline number cards: the selected region's figure with England's beside it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html


def kpi_card(label: str, value: str, detail: str = "", england: str | None = None) -> dbc.Col:
    body = [html.H2(label, className="kpi-label"), html.P(value, className="kpi-value")]
    if detail:
        body.append(html.P(detail, className="kpi-detail"))
    if england is not None:
        body.append(html.P(["England: ", html.Strong(england)], className="kpi-england"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100"), xs=12, sm=6, xl=4, xxl=2, className="mb-3")


def kpi_cards(frame: pd.DataFrame) -> list[dbc.Col]:
    """A card per row of a headline view's frame (measure, value, detail, england)."""
    return [
        kpi_card(
            row["measure"], row["value"], row["detail"], row["england"] if isinstance(row["england"], str) else None
        )
        for row in frame.to_dict("records")
    ]
