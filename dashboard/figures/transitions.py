"""Grade transitions: previous grade (rows) against the grade that followed (columns).

Cells are coloured by row percentage (of the LAs with that previous grade, how many got each
grade next) and carry the count and the row percentage as text. The "stuck" cells (requires
improvement or inadequate, then the same again) are outlined.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import AF_DARK_BLUE, base_layout, empty_figure
from data_access.grades import Grade

GRADED = [g.value for g in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)]
STUCK = (Grade.REQUIRES_IMPROVEMENT.value, Grade.INADEQUATE.value)
OUTLINE = "#0B0C0C"
# White to Analysis Function dark blue, darkening fast past the middle so that white text on the
# darker cells and black text on the lighter ones both keep a strong contrast.
COLOURSCALE = [[0, "#FFFFFF"], [0.35, "#B7C7D8"], [0.55, "#4F7396"], [1, AF_DARK_BLUE]]


def row_shares(matrix: pd.DataFrame) -> pd.DataFrame:
    """Each cell as a percentage of its row (NaN for a row with no judgements)."""
    totals = matrix.sum(axis=1)
    return 100 * matrix.div(totals.where(totals > 0), axis=0)


def cell_text(count: int, share: float) -> str:
    """'12<br>(40%)': the count over its row percentage."""
    return f"{count}<br>({share:.0f}%)" if share == share else f"{count}"


def transition_heatmap(
    matrix: pd.DataFrame, *, previous_framework: str | None = None, current_framework: str | None = None
) -> go.Figure:
    """Heatmap of a transition matrix: counts, rows previous grade, columns current grade.

    `matrix` is indexed and columned by grade values in scale order (as `transition_matrix`
    gives). z is the row percentage; customdata holds the counts; x and y are grade labels in
    each framework's wording ("Adequate" under SLAC, CPI and TLAC).
    """
    matrix = matrix.reindex(index=GRADED, columns=GRADED, fill_value=0).astype(int)
    if not matrix.to_numpy().sum():
        return empty_figure("No LA had two graded inspections for this selection.")
    shares = row_shares(matrix)
    rows = [Grade(g).label(previous_framework) for g in GRADED]
    columns = [Grade(g).label(current_framework) for g in GRADED]
    totals = matrix.sum(axis=1)
    z = shares.to_numpy(dtype=float)
    text = [
        [cell_text(int(c), float(s)) for c, s in zip(counts, row, strict=True)]
        for counts, row in zip(matrix.to_numpy(), z, strict=True)
    ]
    trace = dict(
        type="heatmap",
        z=np.where(np.isnan(z), None, z).tolist(),
        x=columns,
        y=rows,
        customdata=matrix.to_numpy().tolist(),
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=15),
        zmin=0,
        zmax=100,
        colorscale=COLOURSCALE,
        xgap=2,
        ygap=2,
        colorbar=dict(title=dict(text="% of row", side="right"), ticksuffix="%", thickness=14, len=0.9),
        hovertemplate="Previous grade %{y}, then %{x}: %{customdata} (%{z:.0f}% of the row)<extra></extra>",
    )
    shapes = [
        dict(
            type="rect",
            xref="x",
            yref="y",
            x0=i - 0.5,
            x1=i + 0.5,
            y0=i - 0.5,
            y1=i + 0.5,
            line=dict(color=OUTLINE, width=3, dash="dash"),
        )
        for i in (GRADED.index(g) for g in STUCK)
    ]
    layout = base_layout(
        margin=dict(l=10, r=10, t=10, b=10),
        shapes=shapes,
        xaxis=dict(
            title=dict(text="Grade at the later inspection"),
            side="top",
            showgrid=False,
            ticks="",
            type="category",
            fixedrange=True,
        ),
        yaxis=dict(
            title=dict(text="Grade at the previous inspection"),
            autorange="reversed",
            showgrid=False,
            type="category",
            fixedrange=True,
            ticks="",
            tickvals=rows,
            ticktext=[f"{r}<br>(n={n})" for r, n in zip(rows, totals, strict=True)],
        ),
    )
    return go.Figure(data=[trace], layout=layout, _validate=False)
