"""Colours, fonts and the grade scale shared by every figure (Government Analysis Function style).

Grade colours follow a diverging order (outstanding dark blue to inadequate orange) from the
AF palettes, chosen so every pair differs in lightness too; grades are never told by colour
alone: bars and tiles carry text labels and legends list grades in scale order.
"""

from __future__ import annotations

import plotly.graph_objects as go

from data_access.grades import Grade

# Analysis Function categorical palette (dark blue, turquoise, dark pink, orange) and greys.
AF_DARK_BLUE = "#12436D"
AF_TURQUOISE = "#28A197"
AF_DARK_PINK = "#801650"
AF_ORANGE = "#F46A25"
AF_GREY = "#3D3D3D"
AF_LIGHT_GREY = "#BFBFBF"
MUTED = "#E6E6E6"

GRADE_COLOURS = {
    Grade.OUTSTANDING.value: AF_DARK_BLUE,
    Grade.GOOD.value: AF_TURQUOISE,
    Grade.REQUIRES_IMPROVEMENT.value: "#F9C22E",  # AF-adjacent yellow: distinct in lightness from orange
    Grade.INADEQUATE.value: AF_ORANGE,
    Grade.NOT_GRADED.value: AF_LIGHT_GREY,
}
# Text drawn on a grade's colour: dark on light fills, white on dark ones (contrast >= 4.5:1).
GRADE_TEXT_COLOURS = {
    Grade.OUTSTANDING.value: "#FFFFFF",
    Grade.GOOD.value: "#000000",
    Grade.REQUIRES_IMPROVEMENT.value: "#000000",
    Grade.INADEQUATE.value: "#000000",
    Grade.NOT_GRADED.value: "#000000",
}
GRADE_ORDER = [
    g.value for g in (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.NOT_GRADED)
]
GRADE_LABELS = {g: Grade(g).label() for g in GRADE_ORDER}

CHANGE_COLOURS = {
    "improved": AF_DARK_BLUE,
    "maintained": AF_TURQUOISE,
    "declined": AF_ORANGE,
    "no previous": AF_LIGHT_GREY,
}
CHANGE_TEXT_COLOURS = {"improved": "#FFFFFF", "maintained": "#000000", "declined": "#000000", "no previous": "#000000"}
CHANGE_ORDER = ["improved", "maintained", "declined", "no previous"]

FONT = "Arial, Helvetica, sans-serif"


def base_layout(**overrides) -> dict:
    """Layout settings every chart starts from: plain background, readable fonts, no clutter."""
    layout = dict(
        font=dict(family=FONT, size=14, color="#0B0C0C"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=10, t=30, b=10),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        xaxis=dict(showgrid=False, linecolor=AF_GREY, ticks="outside"),
        yaxis=dict(gridcolor="#D9D9D9", zeroline=False),
    )
    layout.update(overrides)
    return layout


def empty_figure(message: str) -> go.Figure:
    """A figure that says there is nothing to show, instead of an empty axis."""
    fig = go.Figure(layout=base_layout(xaxis=dict(visible=False), yaxis=dict(visible=False)))
    fig.add_annotation(text=message, showarrow=False, font=dict(size=16), x=0.5, y=0.5, xref="paper", yref="paper")
    return fig
