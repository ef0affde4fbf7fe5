"""Accessible data tables rendered as plain HTML.

Why not dash_table or dash-ag-grid: DataTable is deprecated in Dash 4, and AG Grid adds about a
megabyte of JavaScript to every page. A real <table> with <th scope> is what screen readers
understand best; sorting is a keyboard-operable button in each header (assets/ria.js)
that reorders rows in the browser and sets aria-sort.
"""

from __future__ import annotations

import re

import pandas as pd
from dash import html

from dashboard.views.base import cell_text as _cell

MAX_ROWS_SHOWN = 500
# Columns of web addresses shown as links that open in a new tab (and say so); the address
# itself is in the CSV. Only addresses the importers checked reach a frame (Ofsted's site).
LINK_COLUMNS = {"Ofsted page": "Ofsted page"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LONG_WORD = 24  # characters: a "word" this long (a file name, a fingerprint) may break anywhere


def cell_kinds(frame: pd.DataFrame) -> dict:
    """Per column, how its cells wrap (assets/ria.css): "cell-date" (every shown cell a date or
    blank: never broken at its hyphens) or "cell-long" (a word too long for a column: broken
    anywhere rather than push the table past its card)."""
    kinds = {}
    for column in frame.columns:
        cells = [_cell(v) for v in frame[column].head(MAX_ROWS_SHOWN)]
        if any(cells) and all(not c or _DATE.match(c) for c in cells):
            kinds[column] = "cell-date"
        elif any(len(word) >= LONG_WORD for c in cells for word in c.split()):
            kinds[column] = "cell-long"
    return kinds


def _cell_class(numeric: bool, kind: str | None) -> str | None:
    return " ".join(name for name in ("text-end" if numeric else None, kind) if name) or None


def _link(column: str, address) -> html.A | str:
    if not isinstance(address, str) or not address.startswith("https://"):
        return ""
    return html.A(
        [LINK_COLUMNS[column], html.Span(" (opens in a new tab)", className="link-new-tab")],
        href=address,
        target="_blank",
        rel="noopener noreferrer",
    )


def data_table(
    frame: pd.DataFrame, *, caption: str, table_id: str | None = None, show_caption: bool = True
) -> html.Div:
    """A sortable, scrollable table of `frame` with a caption (all text is escaped by React).

    `show_caption=False` keeps the caption for screen readers only, under a heading that says the same.
    """
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    kinds = cell_kinds(frame)
    header = html.Tr(
        [
            html.Th(
                html.Button(
                    [str(c), html.Span(className="sort-indicator", **{"aria-hidden": "true"})],
                    className="sort-button",
                    type="button",
                    **{"data-numeric": "1" if c in numeric else "0"},
                ),
                scope="col",
                className="text-end" if c in numeric else None,
            )
            for c in frame.columns
        ]
    )
    shown = frame.head(MAX_ROWS_SHOWN)
    body = [
        html.Tr(
            [
                html.Td(
                    _link(c, v) if c in LINK_COLUMNS else _cell(v), className=_cell_class(c in numeric, kinds.get(c))
                )
                for c, v in zip(frame.columns, row, strict=True)
            ]
        )
        for row in shown.itertuples(index=False, name=None)
    ]
    note = (
        f" Showing the first {MAX_ROWS_SHOWN:,} of {len(frame):,} rows; the download has them all."
        if len(frame) > MAX_ROWS_SHOWN
        else ""
    )
    table = html.Table(
        [
            html.Caption(caption + note, className=None if show_caption else "visually-hidden"),
            html.Thead(header),
            html.Tbody(body),
        ],
        className="table table-sm table-striped data-table sortable",
        **({"id": table_id} if table_id else {}),
    )
    # The wrapper scrolls on narrow screens, so it must be focusable to scroll by keyboard.
    return html.Div(table, className="table-responsive", tabIndex=0, role="region", **{"aria-label": caption})
