"""The meeting slides' figures, drawn for the wall (dashboard/views/slides.py): large text on
every region's map, a legend in slide type instead of plotly's, counts that fit their bars, and
colours that keep text readable on a projector."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.factory import create_app
from dashboard.figures.distributions import GRADE_COLOURS, GRADE_TEXT_COLOURS
from dashboard.figures.maps import MUTED, MUTED_TEXT, categories, map_styles
from dashboard.views import maps as map_views
from dashboard.views.freshness import as_at
from dashboard.views.slides import MAP_CANVAS, deck
from data_access.reference.regions import REGIONS

WALL_CHART_TEXT = 20  # px at 1920x1080 (the floor for chart text)


@pytest.fixture(scope="module")
def app(demo_store_url):
    return create_app(demo_store_url)


def slide(region: str, key: str):
    return next(s for s in deck(region, date(2026, 7, 1)) if s.key == key)


def contrast(a: str, b: str) -> float:
    """WCAG 2.2 contrast ratio of two #RRGGBB or #RGB colours."""

    def luminance(colour: str) -> float:
        h = colour.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b_ = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("region", [r.code for r in REGIONS])
def test_every_regions_map_labels_its_tiles_in_wall_sized_text(app, region):
    shown = slide(region, "map")
    tiles = shown.figure["data"][0]
    assert tiles["mode"] == "markers+text"
    # the chart box is MAP_CANVAS wide at 1920x1080: the label's px are screen px there
    assert shown.fixed_size == (MAP_CANVAS.width, MAP_CANVAS.height)
    assert tiles["textfont"]["size"] >= WALL_CHART_TEXT, (region, tiles["textfont"]["size"])
    assert shown.figure["layout"]["showlegend"] is False


def test_the_maps_legend_is_drawn_by_the_slide_with_every_grade_in_words(app):
    shown = slide("E12000002", "map")
    title, items = shown.legend
    assert title == "Latest overall grade"
    names = [name for name, _, _ in items]
    assert names == [c.label for c in categories("overall")] + ["Outside North West"]


def test_distribution_bars_carry_their_counts_alone_on_the_wall(app):
    shown = slide("E12000002", "distribution")
    bars = [t for t in shown.figure.data if t.type == "bar"]
    assert bars
    for trace in bars:
        assert list(trace.text) == [str(int(y)) if y else "" for y in trace.y]
    # text that would not fit is hidden, never shrunk below the wall's floor
    assert shown.figure.layout.uniformtext.minsize >= WALL_CHART_TEXT


def test_text_on_grade_colours_meets_aa_and_other_map_text_aaa(app):
    for key, fill in GRADE_COLOURS.items():
        assert contrast(fill, GRADE_TEXT_COLOURS[key]) >= 4.5, key
    styles = map_styles(map_views.values_as_at(as_at()), "overall", "E12000002", "hex")
    pairs = set(zip(styles["fillcolor"], styles["label_color"], strict=True))
    for fill, text in pairs:
        assert contrast(fill, text) >= 4.5, (fill, text)
    assert contrast(MUTED, MUTED_TEXT) >= 7  # LAs outside the region: muted, still AAA


def test_the_deck_is_built_once_per_store_revision(app):
    first = deck("E12000002", date(2026, 7, 1))
    assert deck("E12000002", date(2026, 7, 1)) is first  # a reload mid-meeting reuses it
    assert deck("E12000002", date(2026, 6, 1)) is not first  # another "since" is another deck


def test_every_chart_slide_has_its_figure_waiting_and_a_callback_to_draw_it(app):
    """A slide's chart is drawn when the slide is first shown (present.js sets `slide-shown`): a
    slide with a figure whose key has no callback would stay blank."""
    from dashboard.pages.present import CHART_SLIDES, NOT_YET_DRAWN, layout

    keys = {s.key for s in deck("", date(2026, 7, 1)) if s.figure is not None}
    assert keys and keys <= set(CHART_SLIDES)
    found = {}

    def walk(node):
        if hasattr(node, "to_plotly_json"):
            spec = node.to_plotly_json()
            props = spec.get("props", {})
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            children = props.get("children")
            for child in children if isinstance(children, list) else [children]:
                walk(child)

    walk(layout())
    for key in keys:
        assert found[f"slide-graph-{key}"]["figure"] == NOT_YET_DRAWN
        assert found[f"slide-figure-{key}"]["data"]["data"]  # the real figure, traces and all
    assert found["slide-shown"]["data"] == []
