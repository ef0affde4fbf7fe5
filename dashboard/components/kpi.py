"""Headline number cards: the selected region's figure with England's beside it.

A card whose share rests on fewer than SMALL_N judgements (its frame's `n`) shows the count
("1 of 1", from the view) and is drawn faded with a dashed edge, saying why in words.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from data_access.metrics.small_numbers import SMALL_N, is_small


def small_base(n) -> bool:
    """Is a card's base `n` given and under SMALL_N? (No `n`: the card shows no share.)"""
    return n is not None and not pd.isna(n) and is_small(n)


def kpi_card(label: str, value: str, detail: str = "", england: str | None = None, *, small: bool = False) -> dbc.Col:
    body = [html.H2(label, className="kpi-label"), html.P(value, className="kpi-value")]
    if detail:
        body.append(html.P(detail, className="kpi-detail"))
    if small:
        body.append(html.P(f"Fewer than {SMALL_N}: shown as a count, not a percentage.", className="kpi-small-note"))
    if england is not None:
        body.append(html.P(["England: ", html.Strong(england)], className="kpi-england"))
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="kpi-card h-100" + (" kpi-small" if small else "")),
        xs=12,
        sm=6,
        xl=4,
        xxl=2,
        className="mb-3",
    )


def kpi_cards(frame: pd.DataFrame) -> list[dbc.Col]:
    """A card per row of a headline view's frame (measure, value, detail, england; `n`, the count
    a share is of, where the row is a share)."""
    return [
        kpi_card(
            row["measure"],
            row["value"],
            row["detail"],
            row["england"] if isinstance(row["england"], str) else None,
            small=small_base(row.get("n")),
        )
        for row in frame.to_dict("records")
    ]
