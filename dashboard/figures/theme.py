"""Colours, fonts and the grade scale shared by every figure (Government Analysis Function style).

Grade colours follow a diverging order (outstanding dark blue to inadequate orange) from the
AF palettes, chosen so every pair differs in lightness too; grades are never told by colour
alone: bars and tiles carry text labels and legends list grades in scale order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import plotly.graph_objects as go

from data_access.grades import Grade

# Analysis Function categorical palette (dark blue, turquoise, dark pink, orange) and greys, as the
# AF's own afcharts package publishes them; written here so the app does not import it (~0.1 s of
# start-up for four colours).
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


# -- margins set ahead, so plotly draws each chart once ---------------------------------------
# Plotly widens a margin that is too narrow for the axis labels, titles or legend, then draws the
# whole chart again: on a cold page that second draw costs about as much as the first. The
# margins below are estimated from the text, erring wide, so plotly has nothing to widen. Its
# automatic margins stay on as a safety net: a short estimate costs a redraw, never a clipped label.

# Advance widths of the printable ASCII characters, in 1/100 em, of DejaVu Sans (regular, bold):
# what Chromium draws for "Arial" where Arial is missing, and wider than Arial itself (measured
# with canvas.measureText), so estimates err wide wherever the fonts are.
# fmt: off
_REGULAR = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)
_BOLD = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85,
    73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72,
    71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
)
# fmt: on
_WIDTHS = {
    bold: dict(zip(map(chr, range(32, 127)), table, strict=True)) for bold, table in ((False, _REGULAR), (True, _BOLD))
}
_OTHER_CHAR = 110  # any other character: as wide as the widest above
LINE_EM = 1.3  # plotly's line height
TAG = re.compile(r"<[^>]*>")


def label_lines(text: str) -> list[str]:
    """A plotly label's lines: split at <br>, tags (<b>, <i>) dropped."""
    return [TAG.sub("", line) for line in re.split(r"<br\s*/?>", str(text), flags=re.IGNORECASE)]


def text_px(text: str, size: float) -> int:
    """Width in px of a label's widest line at font `size` (all of it bold if it has a <b>)."""
    widths = _WIDTHS["<b>" in str(text).lower()]
    return math.ceil(max(sum(widths.get(c, _OTHER_CHAR) for c in line) for line in label_lines(text)) * size / 100)


def lines_px(lines: int, size: float) -> int:
    return math.ceil(lines * size * LINE_EM)


def y_axis_margin(
    ticktext: Iterable[str], *, size: float = 14, title_size: float | None = None, standoff: int = 18
) -> int:
    """Px beside the plot for a vertical axis: its widest tick label and its (turned) title."""
    labels = list(ticktext)
    width = max((text_px(t, size) for t in labels), default=0) + 16
    return width + (lines_px(1, title_size) + standoff if title_size else 0)


def x_axis_margin(
    ticktext: Iterable[str], *, size: float = 14, title_size: float | None = None, standoff: int = 14
) -> int:
    """Px above or below the plot for a horizontal axis: its tick labels (of one or more lines),
    tick marks, and title."""
    lines = max((len(label_lines(t)) for t in ticktext), default=1)
    return lines_px(lines, size) + 20 + (lines_px(1, title_size) + standoff if title_size else 0)


def empty_figure(message: str) -> go.Figure:
    """A figure that says there is nothing to show, instead of an empty axis."""
    fig = go.Figure(layout=base_layout(xaxis=dict(visible=False), yaxis=dict(visible=False)))
    fig.add_annotation(text=message, showarrow=False, font=dict(size=16), x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


# -- one figure, several canvases ---------------------------------------------------------------
# A figure is built for a desk screen; a wall screen wants the same chart with larger type, an A4
# page a fixed width. Scaling every font size and margin by the same factor keeps the margins set
# ahead (above) wide enough, since text widths grow linearly with the font size.

_SIZED_KEYS = {"size"}  # font sizes, wherever a "font"-like dict holds them
_MARGIN_KEYS = ("l", "r", "t", "b", "pad")


def _scale_fonts(node, factor: float, inside_font: bool = False):
    if isinstance(node, dict):
        scaled = {}
        for key, value in node.items():
            fontish = key.endswith("font") or key == "font"
            if inside_font and key in _SIZED_KEYS and isinstance(value, int | float):
                scaled[key] = round(value * factor, 1)
            elif inside_font and key in _SIZED_KEYS and isinstance(value, list):
                scaled[key] = [round(v * factor, 1) if isinstance(v, int | float) else v for v in value]
            else:
                scaled[key] = _scale_fonts(value, factor, fontish)
        return scaled
    if isinstance(node, list | tuple):
        return [_scale_fonts(item, factor) for item in node]
    return node


def fit_to_canvas(
    figure: go.Figure,
    *,
    height: int,
    width: int | None = None,
    font_scale: float = 1.0,
    min_text_size: float | None = None,
) -> go.Figure:
    """`figure` drawn for a canvas of `height` (and `width`) px with every font `font_scale` times
    larger, margins and marker sizes grown alike (a new figure; `figure` is left as it is).

    Text inside bars that plotly shrinks to fit (`uniformtext.minsize`) shrinks no further than
    the scaled minimum, or `min_text_size` when larger: below it, a label is hidden, not shrunk.
    """
    spec = figure.to_plotly_json()
    layout = dict(spec.get("layout") or {})
    data = spec.get("data") or []
    uniform = dict(layout.get("uniformtext") or {})
    if uniform.get("minsize") or min_text_size:
        smallest = (uniform.get("minsize") or 0) * font_scale
        layout["uniformtext"] = {**uniform, "minsize": round(max(smallest, min_text_size or 0), 1)}
        layout["uniformtext"].setdefault("mode", "hide")
    if font_scale != 1.0:
        layout, data = _scale_fonts(layout, font_scale), _scale_fonts(data, font_scale)
        margin = dict(layout.get("margin") or {})
        layout["margin"] = {k: round(v * font_scale) if k in _MARGIN_KEYS else v for k, v in margin.items()}
        for trace in data:
            marker = trace.get("marker")
            if isinstance(marker, dict) and isinstance(marker.get("size"), int | float):
                trace["marker"] = {**marker, "size": round(marker["size"] * font_scale, 1)}
    layout["height"] = height
    if width is not None:
        layout["width"] = width
    return go.Figure(data=data, layout=layout, _validate=False)
