"""A view's chart as a standalone image: the page's figure with its title, filters, source and
a "Demo data" watermark drawn into it, since an image pasted into a slide loses the page around it.

The figure is the view's own (`result.draw(canvas)`), drawn for the plot area left once the
title and source lines have their room, so the margins the figure set ahead for its axes and
legend still fit: the title block goes above the figure's top margin and the source line below
its bottom margin. PNG is 1600 x 900 px (800 x 450 drawn at scale 2, for slides), SVG 800 x 450.

The first image of a process pays about 3 s to start the renderer (dashboard.exports.images);
it is not warmed at start-up, which would cost every server process a Chromium and 3 s whether
or not anyone downloads an image. Later images take about 0.2 s.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import plotly.graph_objects as go

from dashboard.context import store_url
from dashboard.dates import short_date
from dashboard.exports.images import figure_image
from dashboard.figures.theme import AF_GREY, FONT, label_lines, lines_px, text_px
from dashboard.filters import Filters
from dashboard.views.base import Canvas, View, ViewResult
from dashboard.views.freshness import as_at, day_text
from data_access import queries

WIDTH, HEIGHT = 800, 450  # CSS px: a 16:9 image that drops onto a slide
PNG_SCALE = 2  # 1600 x 900 px: sharp on a projector
FONT_SCALE = 0.9  # the desk's 14 px type is a little large for an 800 px wide chart
TITLE_SIZE = 18
SUBTITLE_SIZE = 12
SOURCE_SIZE = 11
WATERMARK_SIZE = 72
WATERMARK_TEXT = "Demo data"
DEMO_SOURCE_NOTE = "DEMO DATA: invented numbers, not Ofsted's."
WATERMARK_COLOUR = "rgba(212, 53, 28, 0.16)"  # red, faint: seen at once, the chart still readable
TEXT_COLOUR = "#0B0C0C"
PAD = 12  # px around the title block and the source line
GAP = 6  # px between the title block and the figure's own top margin (legend)
PLOTLY_DEFAULT_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}


def wrap(text: str, size: float, width: int, *, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` px at font `size`."""
    lines: list[str] = []
    for paragraph in label_lines(text):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            measured = f"<b>{candidate}</b>" if bold else candidate
            if line and text_px(measured, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def period_words(view: View, filters: Filters, today: date) -> str:
    """The period a chart covers, in words, when the view reads a period: an image has no
    filter bar to say that no dates were chosen."""
    if "date_from" not in view.fields or filters.date_from or filters.date_to:
        return ""  # Filters.describe already names a chosen period
    return f"all publications to {day_text(today)}"


def subtitle_text(view: View, filters: Filters, *, today: date | None = None) -> str:
    """The filters in words, the period included, and the data's date."""
    today = today or as_at()
    parts = [filters.describe(view.fields)]
    period = period_words(view, filters, today)
    parts.append(period or f"data as at {day_text(today)}")
    return "; ".join(p for p in parts if p)


def source_text(result: ViewResult, generated: datetime) -> str:
    return f"Source: {result.source}. Generated {short_date(generated.date())}."


def store_is_demo() -> bool:
    return bool(queries.store_status(store_url())["demo"])


def drawn_height_for(layout: dict, margin: dict) -> float:
    return (layout.get("height") or HEIGHT) - margin["t"] - margin["b"]


def _margins(layout: dict) -> dict:
    margin = dict(PLOTLY_DEFAULT_MARGIN)
    margin.update({k: v for k, v in (layout.get("margin") or {}).items() if k in margin and v is not None})
    return margin


def _paper_map(domains: list[tuple[float, float]], desk_plot_px: float, plot_px: float):
    """A map of paper heights that keeps the gaps between stacked panels as many px as on the
    desk (their axis labels and panel titles do not shrink with the plot) and shrinks the panels."""
    points = sorted({0.0, 1.0, *(y for domain in domains for y in domain)})
    segments = list(zip(points, points[1:], strict=False))
    is_gap = [not any(lo <= a and b <= hi for lo, hi in domains) for a, b in segments]
    gap_px = [(b - a) * desk_plot_px * FONT_SCALE if gap else 0.0 for (a, b), gap in zip(segments, is_gap, strict=True)]
    total_gap = min(sum(gap_px) / plot_px, 0.5)  # at most half the plot: the panels must stay readable
    gap_share = [g / sum(gap_px) * total_gap if sum(gap_px) else 0.0 for g in gap_px]
    panel_total = sum(b - a for (a, b), gap in zip(segments, is_gap, strict=True) if not gap) or 1.0
    new_points, y = [0.0], 0.0
    for (a, b), gap, share in zip(segments, is_gap, gap_share, strict=True):
        y += share if gap else (b - a) / panel_total * (1 - total_gap)
        new_points.append(y)

    def mapped(value: float) -> float:
        if not isinstance(value, int | float) or value < 0 or value > 1:
            return value
        for (a, b), (c, d) in zip(segments, zip(new_points, new_points[1:], strict=False), strict=True):
            if a <= value <= b:
                return c if b == a else round(c + (value - a) / (b - a) * (d - c), 5)
        return value

    return mapped


def keep_panel_gaps(layout: dict, desk_plot_px: float, plot_px: float) -> dict:
    """`layout` with its stacked panels (y axes with domains) re-spaced for a shorter plot."""
    axes = {k: v for k, v in layout.items() if k.startswith("yaxis") and isinstance(v, dict) and v.get("domain")}
    domains = sorted({tuple(axis["domain"]) for axis in axes.values()})
    if len(domains) < 2 or plot_px >= desk_plot_px * FONT_SCALE:
        return layout
    mapped = _paper_map(domains, desk_plot_px, plot_px)
    layout = dict(layout)
    for key, axis in axes.items():
        layout[key] = {**axis, "domain": [mapped(y) for y in axis["domain"]]}
    for part, keys in (("annotations", ("y",)), ("shapes", ("y0", "y1"))):
        if layout.get(part):
            layout[part] = [
                {**item, **{k: mapped(item[k]) for k in keys if k in item}} if item.get("yref") == "paper" else item
                for item in layout[part]
            ]
    return layout


def chart_figure_for_export(
    view: View,
    filters: Filters,
    result: ViewResult,
    *,
    demo: bool | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> go.Figure:
    """The view's figure for a WIDTH x HEIGHT image, titled, with the filters, the source and
    (on demo data) a watermark. `demo` defaults to whether the app's store holds demo data."""
    if not view.chart:
        raise ValueError(f"the view {view.name!r} is a table, not a chart")
    demo = store_is_demo() if demo is None else demo
    now = now or datetime.now(UTC)
    text_width = WIDTH - 2 * PAD

    title_lines = wrap(view.full_title(filters), TITLE_SIZE, text_width, bold=True)
    subtitle_lines = wrap(subtitle_text(view, filters, today=today), SUBTITLE_SIZE, text_width)
    source = source_text(result, now)
    if demo:  # said in words too: the diagonal mark may sit behind a legend or a dense map
        source = f"{DEMO_SOURCE_NOTE} {source}"
    source_lines = wrap(source, SOURCE_SIZE, text_width)
    title_px = lines_px(len(title_lines), TITLE_SIZE)
    subtitle_px = lines_px(len(subtitle_lines), SUBTITLE_SIZE)
    top_extra = PAD + title_px + 4 + subtitle_px + GAP
    bottom_extra = PAD + lines_px(len(source_lines), SOURCE_SIZE) + 4

    # The figure is drawn for the height left, then given the extra room above and below: its
    # plot area, axes and legend are exactly what it drew for that canvas.
    drawn = result.draw(Canvas(height=HEIGHT - top_extra - bottom_extra, width=WIDTH, font_scale=FONT_SCALE))
    spec = drawn.to_plotly_json() if isinstance(drawn, go.Figure) else dict(drawn)
    layout = dict(spec.get("layout") or {})
    margin = _margins(layout)
    desk = result.figure
    desk_layout = (desk.to_plotly_json() if isinstance(desk, go.Figure) else dict(desk)).get("layout") or {}
    desk_margin = _margins(desk_layout)
    layout = keep_panel_gaps(
        layout,
        (desk_layout.get("height") or view.height) - desk_margin["t"] - desk_margin["b"],
        drawn_height_for(layout, margin),
    )
    margin["t"] += top_extra
    margin["b"] += bottom_extra
    plot_width = WIDTH - margin["l"] - margin["r"]
    plot_height = HEIGHT - margin["t"] - margin["b"]

    def paper_x(px: float) -> float:
        return (px - margin["l"]) / plot_width

    def paper_y(px_from_bottom: float) -> float:
        return (px_from_bottom - margin["b"]) / plot_height

    drawn_height = HEIGHT - top_extra - bottom_extra

    def container_y(y: float) -> float:
        """A height on the drawn canvas (0-1 of it) as a height on the image."""
        return (y * drawn_height + bottom_extra) / HEIGHT

    if (layout.get("legend") or {}).get("yref") == "container":
        legend = dict(layout["legend"])
        legend["y"] = container_y(legend.get("y", 1))
        layout["legend"] = legend
    annotations = [
        {**a, "y": container_y(a.get("y", 0.5))} if a.get("yref") == "container" else a
        for a in layout.get("annotations") or []
    ]
    common = dict(xref="paper", yref="paper", showarrow=False, xanchor="left", align="left")
    annotations += [
        dict(
            text="<br>".join(f"<b>{line}</b>" for line in title_lines),
            x=paper_x(PAD),
            y=paper_y(HEIGHT - PAD),
            yanchor="top",
            font=dict(family=FONT, size=TITLE_SIZE, color=TEXT_COLOUR),
            name="export-title",
            **common,
        ),
        dict(
            text="<br>".join(subtitle_lines),
            x=paper_x(PAD),
            y=paper_y(HEIGHT - PAD - title_px - 4),
            yanchor="top",
            font=dict(family=FONT, size=SUBTITLE_SIZE, color=AF_GREY),
            name="export-subtitle",
            **common,
        ),
        dict(
            text="<br>".join(source_lines),
            x=paper_x(PAD),
            y=paper_y(PAD),
            yanchor="bottom",
            font=dict(family=FONT, size=SOURCE_SIZE, color=AF_GREY),
            name="export-source",
            **common,
        ),
    ]
    if demo:
        # A shape's label, not an annotation: shapes go below the traces (layer "below"), so the
        # mark shows across the image without covering a bar's or a tile's label.
        shapes = list(layout.get("shapes") or [])
        shapes.append(
            dict(
                type="rect",
                xref="paper",
                yref="paper",
                x0=paper_x(0),
                x1=paper_x(WIDTH),
                y0=paper_y(0),
                y1=paper_y(HEIGHT),
                layer="below",
                line=dict(width=0),
                fillcolor="rgba(0, 0, 0, 0)",
                label=dict(
                    text=f"<b>{WATERMARK_TEXT}</b>",
                    textangle=-25,
                    textposition="middle center",
                    font=dict(family=FONT, size=WATERMARK_SIZE, color=WATERMARK_COLOUR),
                ),
                name="export-watermark",
            )
        )
        layout["shapes"] = shapes
    layout.update(
        width=WIDTH,
        height=HEIGHT,
        autosize=False,
        margin=margin,
        annotations=annotations,
        title=dict(text=""),  # the title is the annotation above, placed by hand
    )
    return go.Figure(data=spec.get("data") or [], layout=layout, _validate=False)


def chart_image(view: View, filters: Filters, fmt: str = "png") -> bytes:
    """The view's chart for these filters as PNG (1600 x 900 px) or SVG (800 x 450 px)."""
    result = view.result(filters)
    figure = chart_figure_for_export(view, filters, result)
    scale = PNG_SCALE if fmt == "png" else 1
    return figure_image(figure, fmt, width=WIDTH, height=HEIGHT, scale=scale)
