"""The map figure: one trace per LA in code order, labels with grade text, legend in scale order."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import maps
from dashboard.figures.theme import CHANGE_COLOURS, GRADE_COLOURS, MUTED
from dashboard.geo.boundaries import AXIS_SCALE_RATIO
from dashboard.geo.hex_layout import hex_layout, hex_outline_paths
from data_access.metrics.map_values import COLUMNS, NO_INSPECTION
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
def hexes():
    layout = hex_layout()
    return hex_outline_paths(layout, maps.HEX_SIZE), layout


@pytest.fixture(scope="module")
def figure(hexes):
    geometry, layout = hexes
    return maps.map_figure(geometry, values(), "overall", NORTH_WEST, "hex", layout)


def fill(fig, code: str) -> str:
    return fig.layout.template.data.scatter[CURRENT.index(code)].fillcolor


def test_one_trace_per_la_in_code_order_then_labels_then_legend(figure):
    assert len(figure.data) == N + 1 + maps.LEGEND_SLOTS
    assert [t.customdata[0] for t in figure.data[:N]] == CURRENT
    assert all(t.fill == "toself" and t.hoveron == "fills" for t in figure.data[:N])
    assert list(figure.data[N].customdata) == CURRENT
    assert figure.data[N].mode == "text"
    # the template styles the LA traces, so they must not set the colours themselves
    assert all(t.fillcolor is None and t.line.color is None for t in figure.data[:N])


def test_fill_colours_for_known_grades_and_muted_outside_the_region(figure):
    assert fill(figure, "E08000003") == GRADE_COLOURS["good"]
    assert fill(figure, "E08000006") == GRADE_COLOURS["inadequate"]
    assert fill(figure, "E06000063") == maps.NO_INSPECTION_FILL
    assert fill(figure, "E08000025") == MUTED  # Birmingham: outside the North West
    template = figure.layout.template.data.scatter
    assert template[CURRENT.index("E08000003")].line.color == maps.REGION_LINE
    assert template[CURRENT.index("E08000025")].line.color is None  # the default (colorway): light
    assert figure.layout.colorway == (maps.LIGHT_LINE,)


def test_labels_carry_the_grade_as_text_not_only_colour(figure):
    text = dict(zip(CURRENT, figure.data[N].text, strict=True))
    colour = dict(zip(CURRENT, figure.data[N].textfont.color, strict=True))
    assert text["E08000003"] == "MANC<br>Good"
    assert text["E08000006"] == "SALF<br>Inad"
    assert text["E06000063"] == "CUMB<br>None"
    assert text["E08000025"] == "BIRM"  # outside the region: the label only, muted
    assert colour["E08000025"] == maps.MUTED_TEXT
    assert colour["E08000003"] == "#000"  # black on the good turquoise


def test_hover_names_the_la_its_values_and_dates_without_links(figure):
    hover = figure.data[CURRENT.index("E08000003")].text
    assert "Manchester" in hover and "Overall: Good (ILACS, published 15 Jan 2025)" in hover
    assert "improved (from Requires improvement)" in hover
    assert "<a" not in hover and "href" not in hover
    assert figure.data[N].hoverinfo == "skip"  # the fill underneath answers, with the same text


def test_legend_in_scale_order_with_other_regions_last(figure):
    legend = [t for t in figure.data[N + 1 :] if t.showlegend]
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


def test_static_map_axes_hidden_and_regular_tiles(figure):
    layout = figure.layout
    assert layout.dragmode is False
    assert layout.xaxis.visible is False and layout.yaxis.visible is False
    assert layout.xaxis.fixedrange and layout.yaxis.fixedrange
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1


def test_region_view_zooms_to_the_region(hexes):
    geometry, layout = hexes
    england = maps.map_view(geometry, values(), None, "hex")
    north_west = maps.map_view(geometry, values(), NORTH_WEST, "hex")

    def height(view):
        return view["yrange"][1] - view["yrange"][0]

    assert height(north_west) < height(england) / 2
    assert north_west["font_size"] > england["font_size"]
    manchester = layout.set_index("ons_code").loc["E08000003"]
    assert north_west["xrange"][0] < manchester.x < north_west["xrange"][1]


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


def test_geo_map_uses_real_proportions_and_labels_what_fits_in_the_region():
    geometry = {
        "E08000003": square(-2.3, 53.4, 0.5),  # a big Manchester: room for the whole label
        "E08000006": square(-2.75, 53.45, 0.3),  # Salford: room for the value only
        "E08000009": square(-2.45, 53.40, 0.01),  # Trafford: no room at all
        "E08000025": square(-1.9, 52.4, 0.4),  # Birmingham: outside the region
        "E06000063": square(-3.3, 54.3, 1.0),
    }
    labels = maps.label_points(geometry)
    manchester = labels.set_index("ons_code").loc["E08000003"]
    assert (manchester.x, manchester.y) == (pytest.approx(-2.05), pytest.approx(53.65))
    fig = maps.map_figure(geometry, values(), "overall", NORTH_WEST, "geo", labels, plot_height=576)
    assert len(fig.data) == N + 1 + maps.LEGEND_SLOTS  # LAs without geometry keep an (empty) trace
    assert fig.layout.yaxis.scaleratio == pytest.approx(AXIS_SCALE_RATIO)
    text = dict(zip(CURRENT, fig.data[N].text, strict=True))
    assert text["E08000003"] == "MANC<br>Good"
    assert text["E08000006"] == "Inad"
    assert text["E08000009"] == "" and text["E08000025"] == ""
    england = maps.map_styles(values(), "overall", None, "geo")
    assert set(england["label_text"]) == {""}  # too small to label all of England on real boundaries


def test_style_template_has_an_entry_for_every_trace(figure):
    styles = maps.map_styles(values(), "overall", NORTH_WEST, "hex")
    template = maps.style_template(styles)
    assert len(template) == len(figure.data)
    assert template[CURRENT.index("E08000003")] == {
        "fillcolor": GRADE_COLOURS["good"],
        "line": {"color": maps.REGION_LINE},
    }
    assert template[CURRENT.index("E08000025")] == {"fillcolor": MUTED}  # light outline: the default


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
def test_the_unvalidated_figure_is_valid_plotly(hexes, colour_by):
    geometry, layout = hexes
    fig = maps.map_figure(geometry, values(), colour_by, NORTH_WEST, "hex", layout)
    go.Figure(fig.to_plotly_json())  # built with _validate=False for speed: check every property here
