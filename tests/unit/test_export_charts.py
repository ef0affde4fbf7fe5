"""A chart exported as an image says what it is: title, filters and period, source and date, and
"Demo data" on demo data, drawn in room of their own (dashboard.exports.charts)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import plotly.graph_objects as go
import pytest

from dashboard.exports import charts
from dashboard.figures.theme import base_layout, text_px
from dashboard.filters import Filters
from dashboard.views.base import View, ViewResult, scaled_paint

NORTH_WEST = "E12000002"
NOW = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)
AS_AT = date(2026, 10, 27)


def bar_figure() -> go.Figure:
    return go.Figure(
        data=[go.Bar(x=["2023-24", "2024-25"], y=[3, 5], name="Good")],
        layout=base_layout(margin=dict(l=50, r=10, t=40, b=30)),
    )


def two_panels() -> go.Figure:
    """Two stacked panels with a 0.15 gap and a title on top of each (as the by-year bars)."""
    layout = base_layout(
        margin=dict(l=50, r=10, t=60, b=40),
        yaxis=dict(domain=[0.575, 1.0]),
        yaxis2=dict(domain=[0.0, 0.425]),
        xaxis2=dict(anchor="y2"),
        legend=dict(yref="container", y=0.99, yanchor="top", orientation="h"),
        annotations=[
            dict(text="North West", x=0, y=1.0, xref="paper", yref="paper", showarrow=False),
            dict(text="England", x=0, y=0.425, xref="paper", yref="paper", showarrow=False),
        ],
    )
    return go.Figure(
        data=[go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2], xaxis="x2", yaxis="y2")],
        layout=layout,
    )


def view_of(build, *, height: int = 420, fields=("region", "date_from", "date_to")) -> View:
    result = ViewResult(frame=None, summary="s", paint=scaled_paint(build), source="Ofsted (OGL v3.0)")
    return View(name="test-chart", title="Grades by year", compute=lambda f: result, fields=fields, height=height)


def annotation(figure: go.Figure, name: str):
    found = [a for a in figure.layout.annotations if a.name == name]
    return found[0] if found else None


def watermark(figure: go.Figure):
    """The "Demo data" mark: a shape's label, drawn below the traces."""
    found = [s for s in figure.layout.shapes if s.name == "export-watermark"]
    return found[0] if found else None


def export(view: View, filters: Filters | None = None, *, demo: bool):
    filters = filters or Filters()
    return charts.chart_figure_for_export(view, filters, view.compute(filters), demo=demo, now=NOW, today=AS_AT)


def test_the_image_names_the_chart_its_filters_its_period_and_source():
    figure = export(view_of(bar_figure), Filters(region=NORTH_WEST), demo=False)
    assert annotation(figure, "export-title").text == "<b>Grades by year</b>"
    assert annotation(figure, "export-subtitle").text == "North West; all publications to 27 October 2026"
    assert annotation(figure, "export-source").text == "Source: Ofsted (OGL v3.0). Generated 3 Dec 2026."
    assert (figure.layout.width, figure.layout.height) == (charts.WIDTH, charts.HEIGHT)


def test_a_chosen_period_is_named_once():
    filters = Filters(region=NORTH_WEST, date_from=date(2024, 4, 1), date_to=date(2025, 3, 31))
    text = annotation(export(view_of(bar_figure), filters, demo=False), "export-subtitle").text
    assert text == "North West; published 1 Apr 2024 to 31 Mar 2025; data as at 27 October 2026"


def test_the_watermark_follows_the_demo_flag():
    view = view_of(bar_figure)
    mark = watermark(export(view, demo=True))
    assert mark.label.text == "<b>Demo data</b>" and mark.label.textangle == -25
    assert mark.layer == "below" and mark.label.font.size == charts.WATERMARK_SIZE
    assert watermark(export(view, demo=False)) is None
    # and in words, where no legend or map can hide it
    assert annotation(export(view, demo=True), "export-source").text.startswith("DEMO DATA: invented numbers")
    assert "DEMO DATA" not in annotation(export(view, demo=False), "export-source").text


def test_the_title_and_source_get_room_of_their_own_above_and_below_the_figures_margins():
    figure = export(view_of(bar_figure), demo=False)
    top_block = charts.PAD + 24 + 4 + 16 + charts.GAP  # one title line (18 px x 1.3), one subtitle line
    bottom_block = charts.PAD + 15 + 4  # one source line (11 px x 1.3)
    # The figure was drawn for the height left, its margins scaled by the export's font scale.
    assert figure.layout.margin.t == round(40 * charts.FONT_SCALE) + top_block
    assert figure.layout.margin.b == round(30 * charts.FONT_SCALE) + bottom_block
    plot_height = charts.HEIGHT - figure.layout.margin.t - figure.layout.margin.b
    title = annotation(figure, "export-title")
    # paper y of the title's top is PAD px under the image's top edge
    assert round(figure.layout.margin.b + title.y * plot_height) == charts.HEIGHT - charts.PAD
    source = annotation(figure, "export-source")
    assert round(figure.layout.margin.b + source.y * plot_height) == charts.PAD and source.yanchor == "bottom"
    assert figure.layout.title.text == ""


def test_long_titles_wrap_to_the_image_width():
    lines = charts.wrap("word " * 60, charts.TITLE_SIZE, 400, bold=True)
    assert len(lines) > 3 and all(text_px(f"<b>{line}</b>", charts.TITLE_SIZE) <= 400 for line in lines)
    assert " ".join(lines).split() == ["word"] * 60


def test_stacked_panels_keep_their_gap_in_pixels_and_a_container_legend_moves_under_the_title():
    view = view_of(two_panels, height=640)
    figure = export(view, demo=False)
    layout = figure.layout
    plot_height = charts.HEIGHT - layout.margin.t - layout.margin.b
    desk_plot = 640 - 60 - 40
    gap_px = (layout.yaxis.domain[0] - layout.yaxis2.domain[1]) * plot_height
    assert gap_px == pytest.approx(0.15 * desk_plot * charts.FONT_SCALE, abs=0.5)
    assert layout.yaxis.domain[1] == 1.0 and layout.yaxis2.domain[0] == 0.0
    england = next(a for a in layout.annotations if a.text == "England")
    assert england.y == pytest.approx(layout.yaxis2.domain[1])  # the panel title moved with its panel
    # The legend sat 1% under the top of the figure's canvas: it now sits under the title block.
    legend_top_px = (1 - layout.legend.y) * charts.HEIGHT
    subtitle = annotation(figure, "export-subtitle")
    subtitle_bottom_px = charts.HEIGHT - (layout.margin.b + subtitle.y * plot_height) + 16
    assert legend_top_px > subtitle_bottom_px


def test_a_table_only_view_has_no_image():
    table = View(name="t", title="T", compute=lambda f: ViewResult(frame=None, summary="s"), fields=(), chart=False)
    with pytest.raises(ValueError, match="table, not a chart"):
        charts.chart_figure_for_export(table, Filters(), table.compute(Filters()), demo=False)


def test_the_demo_flag_is_read_from_the_store(sqlite_url, demo_store_url, monkeypatch):
    from data_access import cache

    view = view_of(bar_figure)
    monkeypatch.setattr(cache, "_STORE_URL", sqlite_url)  # migrated, nothing imported
    assert charts.store_is_demo() is False
    plain = charts.chart_figure_for_export(view, Filters(), view.compute(Filters()), now=NOW, today=AS_AT)
    assert watermark(plain) is None
    monkeypatch.setattr(cache, "_STORE_URL", demo_store_url)
    assert charts.store_is_demo() is True
    marked = charts.chart_figure_for_export(view, Filters(), view.compute(Filters()), now=NOW, today=AS_AT)
    assert watermark(marked) is not None
