"""The map figures: hex = one tile trace, geo = a trace per LA; labels with grade text; legend in scale order."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import maps
from dashboard.figures.theme import CHANGE_COLOURS, GRADE_COLOURS, MUTED
from dashboard.geo.boundaries import AXIS_SCALE_RATIO
from dashboard.geo.hex_layout import SQRT3, hex_layout
from data_access.metrics.map_values import COLUMNS, NO_INSPECTION
from data_access.reference.centroids import LA_SHORT_LABELS
from data_access.reference.local_authorities import LA_BY_ONS, LOCAL_AUTHORITIES
from data_access.reference.regions import REGION_BY_CODE

NORTH_WEST = "E12000002"
CURRENT = sorted(la.ons_code for la in LOCAL_AUTHORITIES if la.current)
N = len(CURRENT)
GRADES = ["outstanding", "good", "requires_improvement", "inadequate", "not_graded"]
KNOWN = {  # code -> (overall, leadership change, months since)
    "E08000003": ("good", "improved", 5),  # Manchester (North West)
    "E08000006": ("inadequate", "declined", 40),  # Salford (North West)
    "E08000025": ("outstanding", "maintained", 13),  # Birmingham (West Midlands)
    "E06000063": (NO_INSPECTION, NO_INSPECTION, None),  # Cumberland (North West), not inspected yet
}


def values() -> pd.DataFrame:
    """All 153 current LAs, deliberately not in code order; a few with known values."""
    rows = []
    for i, code in enumerate(reversed(CURRENT)):
        overall, change, months = KNOWN.get(code, (GRADES[i % 4], "maintained", 20))
        la = LA_BY_ONS[code]
        inspected = overall != NO_INSPECTION
        rows.append(
            {
                "ons_code": code,
                "la_name": la.name,
                "region_code": la.region_code,
                "region_name": REGION_BY_CODE[la.region_code].name,
                "overall_grade": overall,
                "overall_framework": "ILACS" if inspected else None,
                "overall_date": pd.Timestamp("2025-01-15") if inspected else pd.NaT,
                "leadership_grade": overall,
                "leadership_framework": "ILACS" if inspected else None,
                "leadership_date": pd.Timestamp("2025-01-15") if inspected else pd.NaT,
                "leadership_change": change,
                "leadership_previous_grade": "requires_improvement" if inspected else None,
                "leadership_change_date": pd.Timestamp("2025-01-15") if inspected else pd.NaT,
                "last_inspection_date": pd.Timestamp("2024-11-10") if inspected else pd.NaT,
                "months_since": months if months is not None else pd.NA,
                "months_band": maps.MONTH_BANDS[min(months // 12, 4)] if months is not None else NO_INSPECTION,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["months_since"] = frame["months_since"].astype("Int64")
    return frame


@pytest.fixture(scope="module")
def layout() -> pd.DataFrame:
    return hex_layout().set_index("ons_code")


@pytest.fixture(scope="module")
def centres():
    return maps.tile_centres(hex_layout())


@pytest.fixture(scope="module")
def figure(centres):
    return maps.map_figure(centres, values(), "overall", NORTH_WEST, "hex")


def tiles(fig) -> go.Scatter:
    return fig.data[0]


def at(fig, code: str, prop: str):
    """One LA's value of a per-point property of the tile trace ("marker.color", "text", ...)."""
    value = tiles(fig)
    for part in prop.split("."):
        value = getattr(value, part)
    return value[CURRENT.index(code)]


def test_hex_map_is_one_tile_trace_in_code_order_then_the_legend(figure, layout):
    assert len(figure.data) == 1 + maps.LEGEND_SLOTS
    trace = tiles(figure)
    assert trace.type == "scatter" and trace.mode == "markers+text"
    assert list(trace.customdata) == CURRENT  # a click on a tile names its LA
    assert trace.marker.symbol == "hexagon"
    manchester = layout.loc["E08000003"]
    assert at(figure, "E08000003", "x") == pytest.approx(manchester.x, abs=1e-4)
    assert at(figure, "E08000003", "y") == pytest.approx(manchester.y, abs=1e-4)
    assert figure.to_plotly_json()["layout"]["template"] == {}  # the tiles carry their own colours


def test_fill_and_outline_colours_for_known_grades_and_muted_outside_the_region(figure):
    assert at(figure, "E08000003", "marker.color") == GRADE_COLOURS["good"]
    assert at(figure, "E08000006", "marker.color") == GRADE_COLOURS["inadequate"]
    assert at(figure, "E06000063", "marker.color") == maps.NO_INSPECTION_FILL
    assert at(figure, "E08000025", "marker.color") == MUTED  # Birmingham: outside the North West
    assert at(figure, "E08000003", "marker.line.color") == maps.REGION_LINE
    assert at(figure, "E08000025", "marker.line.color") == maps.LIGHT_LINE
    assert tiles(figure).marker.line.width == maps.OUTLINE_WIDTH["hex"]  # no LA selected: one width for all


def test_labels_carry_the_grade_as_text_not_only_colour(figure):
    assert at(figure, "E08000003", "text") == "MANC<br>Good"
    assert at(figure, "E08000006", "text") == "SALF<br>Inad"
    assert at(figure, "E06000063", "text") == "CUMB<br>None"
    assert at(figure, "E08000025", "text") == "BIRM"  # outside the region: the label only, muted
    assert at(figure, "E08000025", "textfont.color") == maps.MUTED_TEXT
    assert at(figure, "E08000003", "textfont.color") == "#000"  # black on the good turquoise


def test_paper_map_names_the_regions_las_and_leaves_other_tiles_unlabelled(figure):
    data = figure.to_plotly_json()
    paper = maps.region_labels_only(data, NORTH_WEST)
    texts = dict(zip(paper["data"][0]["customdata"], paper["data"][0]["text"], strict=True))
    assert texts["E08000003"] == "MANC<br>Good" and texts["E08000006"] == "SALF<br>Inad"
    assert texts["E08000025"] == ""  # Birmingham, outside the North West
    north_west = [c for c in CURRENT if LA_BY_ONS[c].region_code == NORTH_WEST]
    assert sum(1 for t in texts.values() if t) == len(north_west)
    assert data["data"][0]["text"][CURRENT.index("E08000025")] == "BIRM"  # the shared figure is untouched
    assert maps.region_labels_only(data, None) is data  # England: every label kept


def test_hover_names_the_la_its_values_and_dates_without_links(figure):
    hover = at(figure, "E08000003", "hovertext")
    assert hover.startswith("<b>Manchester</b> (North West)")
    assert "Overall: Good (ILACS, published 15 Jan 2025)" in hover
    assert "improved (from Requires improvement)" in hover
    assert "<a" not in hover and "href" not in hover
    assert tiles(figure).hoverinfo == "text"  # the hover text alone, not the trace name or x/y
    assert figure.layout.hoverlabel.namelength == 0


def test_legend_in_scale_order_with_other_regions_last(figure):
    assert maps.legend_start("hex", N) == 1
    legend = [t for t in figure.data[1:] if t.showlegend]
    assert [t.name for t in legend] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "Not graded",
        "No inspection yet",
        "Outside North West",
    ]
    assert [t.marker.color for t in legend[:4]] == [GRADE_COLOURS[g] for g in GRADES[:4]]
    assert figure.layout.legend.itemclick is False
    assert figure.layout.legend.title.text == "Latest overall grade:"


def test_static_map_axes_hidden_and_regular_tiles(figure):
    layout = figure.layout
    assert layout.dragmode is False
    assert layout.xaxis.visible is False and layout.yaxis.visible is False
    assert layout.xaxis.fixedrange and layout.yaxis.fixedrange
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1


def test_region_view_zooms_to_the_region(centres, layout):
    england = maps.map_view(centres, values(), None, "hex")
    north_west = maps.map_view(centres, values(), NORTH_WEST, "hex")

    def height(view):
        return view["yrange"][1] - view["yrange"][0]

    assert height(north_west) < height(england) / 2
    assert north_west["font_size"] > england["font_size"]
    assert north_west["marker_size"] > 2 * england["marker_size"]
    manchester = layout.loc["E08000003"]
    assert north_west["xrange"][0] < manchester.x < north_west["xrange"][1]
    xs = [x for code, (x, _) in centres.items() if LA_BY_ONS[code].region_code == NORTH_WEST]
    # every North West tile is inside the view: centre +- half a tile, + the 0.35 padding
    assert north_west["xrange"] == [
        pytest.approx(min(xs) - SQRT3 / 2 * maps.HEX_SIZE - 0.35, abs=1e-4),
        pytest.approx(max(xs) + SQRT3 / 2 * maps.HEX_SIZE + 0.35, abs=1e-4),
    ]


def test_marker_size_fills_the_taller_plot_with_a_small_gap(centres):
    small = maps.map_view(centres, values(), None, "hex", 576, 1200)
    wall = maps.map_view(centres, values(), None, "hex", 810, 1800)
    # wide screens: the height decides; a unit gets (height - legend) / y span pixels
    y_span = small["yrange"][1] - small["yrange"][0]
    assert maps.legend_layout("overall", None, 1200) == ("left", 48)  # one row, in the top margin
    px_per_unit = (576 - 48) / y_span
    assert small["marker_size"] == pytest.approx(2 * maps.HEX_SIZE * px_per_unit, abs=0.05)
    assert wall["marker_size"] == pytest.approx(small["marker_size"] * (810 - 48) / (576 - 48), abs=0.1)
    assert wall["font_size"] > small["font_size"]
    # plotly's hexagon is size px corner to corner, size * sqrt(3)/2 flat to flat; neighbours are
    # sqrt(3) units apart, so the white gap between tiles is (1 - HEX_SIZE) of that
    tile_width = small["marker_size"] * SQRT3 / 2
    gap = SQRT3 * px_per_unit - tile_width
    assert 1.0 < gap < 0.1 * tile_width


def test_a_legend_too_wide_for_one_row_gets_its_title_on_top_and_more_height():
    # measured in Chromium: "Months since last inspection:" (261 px) and 7 items (1262 px)
    # take one row at 1800 px; at 1222 px the title goes on top of 3 rows of items
    assert maps.legend_layout("months", "E12000003", 1800) == ("left", 48)
    side, height = maps.legend_layout("months", "E12000003", 1222)
    assert side == "top" and 102 <= height <= 115  # plotly: title + 3 rows + margins = 110 px
    assert maps.legend_layout("months", None, 1400) == ("left", 48)  # no "Outside ..." item


def test_a_narrow_screen_limits_the_tiles_by_width(centres):
    wide = maps.map_view(centres, values(), None, "hex", 600, 1200)
    phone = maps.map_view(centres, values(), None, "hex", 600, 340)
    assert phone["marker_size"] < wide["marker_size"]
    x_span = phone["xrange"][1] - phone["xrange"][0]
    px_per_unit = (340 - maps.MARGIN_PX) / x_span
    assert phone["marker_size"] == pytest.approx(2 * maps.HEX_SIZE * px_per_unit, abs=0.05)
    # every tile fits across the screen: England's width in tiles times a tile's pixels
    assert x_span * px_per_unit <= 340 - maps.MARGIN_PX + 1e-6
    # tiles ~23 px wide: room for the value only, not the LA label over it
    assert set(phone["label_fit"]) == {"value"}
    # the legend's title goes above its items, or they would be clipped at the right
    assert (phone["legend_title_side"], wide["legend_title_side"]) == ("top", "left")
    # ... and the legend then takes more height (the title and a row per item): on a short
    # phone screen the height is the limit
    assert maps.legend_layout("overall", None, 340) == ("top", 20 + 23 * 7)
    short = maps.map_view(centres, values(), None, "hex", 500, 340)
    y_span = short["yrange"][1] - short["yrange"][0]
    assert short["marker_size"] == pytest.approx(2 * maps.HEX_SIZE * (500 - 181) / y_span, abs=0.05)
    fig = maps.map_figure(centres, values(), "overall", None, "hex", plot_height=600, plot_width=340)
    assert at(fig, "E08000003", "text") == "Good"


def test_the_selected_la_has_a_thick_dark_outline_and_the_same_label(centres, figure):
    fig = maps.map_figure(centres, values(), "overall", NORTH_WEST, "hex", la_code="E08000003")
    widths = dict(zip(CURRENT, tiles(fig).marker.line.width, strict=True))
    assert widths["E08000003"] == maps.SELECTED_WIDTH["hex"] > 2 * maps.OUTLINE_WIDTH["hex"]
    assert {w for code, w in widths.items() if code != "E08000003"} == {maps.OUTLINE_WIDTH["hex"]}
    assert at(fig, "E08000003", "marker.line.color") == maps.REGION_LINE
    assert at(fig, "E08000003", "text") == at(figure, "E08000003", "text") == "MANC<br>Good"
    assert list(tiles(fig).marker.color) == list(tiles(figure).marker.color)


def test_summary_names_the_selected_la_and_its_value():
    text = maps.map_summary(values(), "overall", NORTH_WEST, "E08000003")
    assert text.endswith("Other regions are shown in grey. Manchester (selected): good.")
    assert maps.map_summary(values(), "change", NORTH_WEST, "E08000006").endswith("Salford (selected): declined.")
    months = maps.map_summary(values(), "months", NORTH_WEST, "E06000063")
    assert months.endswith("Cumberland (selected): no inspection yet.")
    assert "(selected)" not in maps.map_summary(values(), "overall", NORTH_WEST)


@pytest.mark.parametrize(
    "colour_by,code,expected_fill,expected_text",
    [
        ("change", "E08000003", CHANGE_COLOURS["improved"], "MANC<br>Up"),
        ("change", "E08000006", CHANGE_COLOURS["declined"], "SALF<br>Down"),
        ("months", "E08000003", maps.MONTH_COLOURS["0-11"], "MANC<br>5m"),
        ("months", "E08000006", maps.MONTH_COLOURS["36-47"], "SALF<br>40m"),
    ],
)
def test_other_colourings(colour_by, code, expected_fill, expected_text):
    styles = maps.map_styles(values(), colour_by, NORTH_WEST, "hex")
    i = styles["codes"].index(code)
    assert styles["fillcolor"][i] == expected_fill
    assert styles["label_text"][i] == expected_text
    assert len(styles["legend"]) == maps.LEGEND_SLOTS


def test_england_view_has_no_muted_las_and_no_region_outline():
    styles = maps.map_styles(values(), "overall", None, "hex")
    assert MUTED not in styles["fillcolor"]
    assert not any(item["name"].startswith("Outside") for item in styles["legend"])


def square(x: float, y: float, size: float) -> tuple[list, list]:
    return [x, x + size, x + size, x, x], [y, y, y + size, y + size, y]


GEO = {
    "E08000003": square(-2.3, 53.4, 0.5),  # a big Manchester: room for the whole label
    "E08000006": square(-2.75, 53.45, 0.3),  # Salford: room for the value only
    "E08000009": square(-2.45, 53.40, 0.01),  # Trafford: no room at all
    "E08000025": square(-1.9, 52.4, 0.4),  # Birmingham: outside the region
    "E06000063": square(-3.3, 54.3, 1.0),
}


def test_geo_map_uses_real_proportions_and_labels_what_fits_in_the_region():
    labels = maps.label_points(GEO)
    manchester = labels.set_index("ons_code").loc["E08000003"]
    assert (manchester.x, manchester.y) == (pytest.approx(-2.05), pytest.approx(53.65))
    fig = maps.map_figure(GEO, values(), "overall", NORTH_WEST, "geo", labels, plot_height=576)
    assert len(fig.data) == N + 1 + maps.LEGEND_SLOTS  # LAs without geometry keep an (empty) trace
    assert maps.legend_start("geo", N) == N + 1
    assert [t.customdata[0] for t in fig.data[:N]] == CURRENT
    assert all(t.fill == "toself" and t.hoveron == "fills" for t in fig.data[:N])
    assert fig.data[CURRENT.index("E08000003")].x == pytest.approx((-2.3, -1.8, -1.8, -2.3, -2.3))
    # the template styles the LA traces, so they must not set fill or line themselves
    assert all(t.fillcolor is None and t.line.color is None and t.line.width is None for t in fig.data[:N])
    assert fig.layout.yaxis.scaleratio == pytest.approx(AXIS_SCALE_RATIO)
    assert fig.data[N].mode == "text" and list(fig.data[N].customdata) == CURRENT
    text = dict(zip(CURRENT, fig.data[N].text, strict=True))
    assert text["E08000003"] == "MANC<br>Good"
    # Salford and Trafford have no room for their names: a callout each, with a leader line
    assert text["E08000006"] == "" and text["E08000009"] == "" and text["E08000025"] == ""
    notes = {a.text: a for a in fig.layout.annotations}
    assert sorted(t.split(" ")[0] for t in notes) == ["SALF", "TRAF"] and "SALF Inad" in notes
    salford = notes["SALF Inad"]
    assert salford.showarrow and (salford.x, salford.y) == (pytest.approx(-2.6), pytest.approx(53.6))
    assert fig.layout.colorway == (maps.LIGHT_LINE,)
    england = maps.map_styles(values(), "overall", None, "geo")
    assert set(england["label_text"]) == {""}  # too small to label all of England on real boundaries


def test_every_la_of_a_region_is_labelled_once_and_callouts_do_not_overlap():
    """Many small LAs (like Greater Manchester's boroughs): each gets its label inside or a callout
    beside the region, and no two callout boxes overlap."""
    codes = [la.ons_code for la in LOCAL_AUTHORITIES if la.current and la.region_code == NORTH_WEST]
    geometry = {code: square(-2.5 + 0.03 * (i % 5), 53.4 + 0.03 * (i // 5), 0.02) for i, code in enumerate(codes)}
    geometry["E06000063"] = square(-3.3, 54.3, 1.0)  # one big LA: its label fits inside
    for width, height in ((1300, 576), (1850, 810)):
        fig = maps.map_figure(
            geometry, values(), "overall", NORTH_WEST, "geo", maps.label_points(geometry),
            plot_height=height, plot_width=width,
        )  # fmt: skip
        inside = {c: t for c, t in zip(CURRENT, fig.data[N].text, strict=True) if t}
        called = [a.text.split(" ")[0] for a in fig.layout.annotations]
        labelled = {LA_SHORT_LABELS[c] for c in inside} | set(called)
        assert labelled == {LA_SHORT_LABELS[c] for c in geometry}, "every LA of the region has a label"
        assert len(called) == len(set(called)) and not set(called) & {LA_SHORT_LABELS[c] for c in inside}
        px_per_x, _, _ = maps.map_view(geometry, values(), NORTH_WEST, "geo", height, width)["scale"]
        px_per_y = px_per_x * AXIS_SCALE_RATIO
        box = maps.CALLOUT_LINE_EM * fig.layout.annotations[0].font.size + maps.CALLOUT_BOX_PX
        for side in (lambda a: a.ax < a.x, lambda a: a.ax >= a.x):
            ys = sorted(a.ay * px_per_y for a in fig.layout.annotations if side(a))
            assert len(ys) >= 5 and all(b - a >= box for a, b in zip(ys, ys[1:], strict=False)), "boxes overlap"


def test_geo_style_template_has_an_entry_for_every_trace():
    fig = maps.map_figure(GEO, values(), "overall", NORTH_WEST, "geo", maps.label_points(GEO))
    template = fig.layout.template.data.scatter
    assert len(template) == len(fig.data)
    assert template[CURRENT.index("E08000003")].fillcolor == GRADE_COLOURS["good"]
    assert template[CURRENT.index("E08000003")].line.color == maps.REGION_LINE
    assert template[CURRENT.index("E08000025")].fillcolor == MUTED  # Birmingham: outside the region
    assert template[CURRENT.index("E08000025")].line.color is None  # the default (colorway): light
    assert {t.line.width for t in template[:N]} == {maps.OUTLINE_WIDTH["geo"]}


def test_geo_selected_la_gets_a_thick_dark_outline_from_its_template_entry():
    styles = maps.map_styles(values(), "overall", None, "geo", la_code="E08000006")
    template = maps.style_template(styles)
    assert len(template) == N + 1 + maps.LEGEND_SLOTS
    assert template[CURRENT.index("E08000006")] == {
        "fillcolor": GRADE_COLOURS["inadequate"],
        "line": {"color": maps.REGION_LINE, "width": maps.SELECTED_WIDTH["geo"]},
    }
    assert template[CURRENT.index("E08000003")] == {"fillcolor": GRADE_COLOURS["good"], "line": {"width": 1}}


def test_summary_counts_the_region():
    text = maps.map_summary(values(), "overall", NORTH_WEST)
    north_west = sum(1 for c in CURRENT if LA_BY_ONS[c].region_code == NORTH_WEST)
    assert text.startswith(f"Map of the {north_west} local authorities in North West by latest overall grade:")
    assert "1 no inspection yet" in text and "Other regions are shown in grey." in text
    england = maps.map_summary(values(), "months", None)
    assert england.startswith("Map of the 153 local authorities in England")


def test_unknown_colouring_is_refused():
    with pytest.raises(ValueError):
        maps.categories("vibes")


@pytest.mark.parametrize("colour_by", ["overall", "leadership", "change", "months"])
def test_the_unvalidated_figure_is_valid_plotly(centres, colour_by):
    hexes = maps.map_figure(centres, values(), colour_by, NORTH_WEST, "hex", la_code="E08000003")
    geo = maps.map_figure(GEO, values(), colour_by, NORTH_WEST, "geo", maps.label_points(GEO), la_code="E08000003")
    for fig in (hexes, geo):  # built with _validate=False for speed: check every property here
        go.Figure(fig.to_plotly_json())
