"""Grade transitions: previous grade (rows) against the grade that followed (columns).

Cells are coloured by row percentage (of the LAs with that previous grade, how many got each
grade next) and carry the count and the row percentage as text. The "stuck" cells (requires
improvement or inadequate, then the same again) are outlined.

Drawn with basic trace types only (rectangles as layout shapes, one scatter trace for the text,
hover and clicks), so the page can load plotly.js's small "basic" bundle, which has no heatmap.
"""

from __future__ import annotations

from itertools import product

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from dashboard.figures.theme import AF_DARK_BLUE, base_layout, empty_figure, x_axis_margin, y_axis_margin
from data_access.grades import Grade
from data_access.metrics.small_numbers import is_small

GRADED = [g.value for g in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)]
STUCK = (Grade.REQUIRES_IMPROVEMENT.value, Grade.INADEQUATE.value)
OUTLINE = "#0B0C0C"
GAP = "#FFFFFF"  # the lines between cells
# White to Analysis Function dark blue, darkening fast past the middle so that white text on the
# darker cells and black text on the lighter ones both keep a strong contrast.
COLOURSCALE = [[0, "#FFFFFF"], [0.35, "#B7C7D8"], [0.55, "#4F7396"], [1, AF_DARK_BLUE]]
LIGHT_TEXT, DARK_TEXT = "#FFFFFF", "#000000"  # pure black: near-black misses 4.5:1 on mid-scale fills
CELL_RANGE = [-0.5, len(GRADED) - 0.5]  # category i spans i±0.5, where the cell rectangles are drawn


def row_shares(matrix: pd.DataFrame) -> pd.DataFrame:
    """Each cell as a percentage of its row (NaN for a row with no judgements)."""
    totals = matrix.sum(axis=1)
    return 100 * matrix.div(totals.where(totals > 0), axis=0)


def cell_text(count: int, share: float, row_total: int | None = None) -> str:
    """'12<br>(40%)': the count over its row percentage; '1 of 1' when the row has fewer than
    SMALL_N judgements (data_access.metrics.small_numbers)."""
    if share != share:
        return f"{count}"
    if row_total is not None and is_small(row_total):
        return f"{count} of {row_total}"
    return f"{count}<br>({share:.0f}%)"


def fill_colour(share: float, small: bool = False) -> str | None:
    """The COLOURSCALE colour of a row percentage as '#RRGGBB'; None (no fill) for an empty row.
    A row of fewer than SMALL_N judgements is drawn at a third of the shade: too few to read."""
    if share != share:
        return None
    rgb = unlabel_rgb(sample_colorscale(COLOURSCALE, [share / 100 / (3 if small else 1)])[0])
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(fill: str | None) -> str:
    """White or black, whichever contrasts more with the fill (at least 4.6:1 on COLOURSCALE)."""
    # Above luminance 0.179 black gives the higher contrast ratio, below it white does.
    return DARK_TEXT if fill is None or relative_luminance(fill) > 0.179 else LIGHT_TEXT


def _cell(i: int, j: int, **style) -> dict:
    """A rectangle over the cell at column i, row j of the category axes."""
    return dict(type="rect", xref="x", yref="y", x0=i - 0.5, x1=i + 0.5, y0=j - 0.5, y1=j + 0.5, **style)


def transition_matrix_figure(
    matrix: pd.DataFrame, *, previous_framework: str | None = None, current_framework: str | None = None
) -> go.Figure:
    """The transition matrix as coloured cells: rows previous grade, columns current grade.

    `matrix` holds counts, indexed and columned by grade values in scale order (as
    `transition_matrix` gives). One point per cell, row by row, carries the count (customdata),
    its text and the hover; x and y are grade labels in each framework's wording ("Adequate"
    under SLAC, CPI and TLAC), which a click hands back to the page.
    """
    matrix = matrix.reindex(index=GRADED, columns=GRADED, fill_value=0).astype(int)
    if not matrix.to_numpy().sum():
        return empty_figure("No LA had two graded inspections for this selection.")
    rows = [Grade(g).label(previous_framework) for g in GRADED]
    columns = [Grade(g).label(current_framework) for g in GRADED]
    totals = matrix.sum(axis=1)
    cells = list(product(rows, columns))  # (previous, later) row by row, as the counts and shares
    counts = matrix.to_numpy().ravel().tolist()
    shares = row_shares(matrix).to_numpy().ravel().tolist()
    row_totals = [int(totals[g]) for g in GRADED for _ in GRADED]  # each cell's row total, row by row
    fills = [fill_colour(share, is_small(t)) for share, t in zip(shares, row_totals, strict=True)]
    n = len(GRADED)
    trace = dict(
        type="scatter",
        mode="markers+text",
        x=[column for _, column in cells],
        y=[row for row, _ in cells],
        customdata=counts,
        text=[cell_text(c, share, t) for c, share, t in zip(counts, shares, row_totals, strict=True)],
        textfont=dict(size=15, color=[text_colour(fill) for fill in fills]),
        # Invisible markers: what hover and clicks find (hoverdistance below widens them to the cell).
        marker=dict(symbol="square", size=40, opacity=0),
        # Whole sentences: %{y} would show the row's tick text, total included.
        hovertext=[
            f"Previous grade {row}, then {column}: {count} "
            + (f"({share:.0f}% of the row)" if share == share else "(no judgements in this row)")
            for (row, column), count, share in zip(cells, counts, shares, strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        hoverlabel=dict(bgcolor="#FFFFFF", bordercolor=OUTLINE, font=dict(color=OUTLINE)),
        showlegend=False,
    )
    shapes = [
        _cell(k % n, k // n, layer="below", line=dict(color=GAP, width=2), **({"fillcolor": fill} if fill else {}))
        for k, fill in enumerate(fills)
    ] + [_cell(k, k, line=dict(color=OUTLINE, width=3, dash="dash")) for k in (GRADED.index(g) for g in STUCK)]
    ticktext = [f"{r}<br>(n={n})" for r, n in zip(rows, totals, strict=True)]
    layout = base_layout(
        # Set ahead (see theme): row labels on the left, column labels and title on top.
        margin=dict(l=y_axis_margin(ticktext, title_size=14), r=10, t=x_axis_margin(columns, title_size=14), b=10),
        shapes=shapes,
        # On a grid the nearest cell centre is the cell under the pointer: with no distance limit,
        # hovering or clicking anywhere in a cell picks that cell's point.
        hovermode="closest",
        hoverdistance=-1,
        xaxis=dict(
            title=dict(text="Grade at the later inspection"),
            side="top",
            showgrid=False,
            showline=False,
            ticks="",
            type="category",
            categoryorder="array",
            categoryarray=columns,
            range=CELL_RANGE,
            fixedrange=True,
        ),
        yaxis=dict(
            title=dict(text="Grade at the previous inspection"),
            range=CELL_RANGE[::-1],  # reversed: outstanding at the top
            showgrid=False,
            type="category",
            categoryorder="array",
            categoryarray=rows,
            fixedrange=True,
            ticks="",
            tickvals=rows,
            ticktext=ticktext,
        ),
    )
    return go.Figure(data=[trace], layout=layout, _validate=False)
