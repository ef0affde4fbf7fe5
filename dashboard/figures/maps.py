"""The regional maps, hex tiles or real boundaries: one figure builder, restyled without geometry.

The two kinds have different figure structures, each fixed, so a filter change can address
traces by index (``legend_start`` says where the legend traces begin):

**hex** (the default: one equal tile per LA, centres from ``geo/hex_layout.py``)

* ``data[0]``: ONE ``go.Scatter(mode="markers+text")``, a point per LA in ONS-code order (the
  order of ``map_values``): x/y the tile centre, ``marker.symbol="hexagon"`` (pointy-top, like
  the layout), and per point ``marker.color`` (fill), ``marker.line.color``/``.width`` (outline),
  ``text`` (the label, "MANC<br>Good": a short value, so no value is told by colour alone),
  ``textfont.color``, ``hovertext`` and ``customdata`` (the ONS code: a click names the LA).
  One trace draws in the browser 2-3 times as fast as a trace per LA. Marker size and font
  size are CSS pixels, so ``map_view`` derives them from the graph's pixel size (plotly's
  ``size`` for a hexagon is its corner-to-corner height; ``hex_marker_size``).
* ``data[1 .. LEGEND_SLOTS]``: legend-only traces (no points), in scale order.

A filter change patches those per-point arrays: ~7-9 KB for 153 LAs (uncompressed).

**geo** (real ONS boundaries, only when a boundary file exists: shapes differ per LA)

* ``data[0 .. n-1]``: one ``go.Scatter(fill="toself", hoveron="fills")`` per LA, ONS-code order;
* ``data[n]``: the label trace: text at each LA's label point, only where it fits;
* ``data[n+1 ..]``: the ``LEGEND_SLOTS`` legend-only traces.

The LA traces set no fill, outline colour or width: they take them from
``layout.template.data.scatter``, whose i-th entry styles the i-th scatter trace (plotly applies
a template's trace styles in order, per trace type; a trace's own value would win), and light
outlines are the default line colour (``layout.colorway``). Restyling all 153 LAs is then one
value instead of hundreds of patch operations (``style_template``). The geometry and hover
text do not depend on the filters: they are sent once, with the full figure.

For both kinds ``map_styles`` computes every per-LA list (fill, outline, label, hover; the
selected region's LAs get a dark outline, the selected LA a thicker one, other regions are
muted) and ``map_view`` the axis ranges (zoomed to the region) and pixel sizes. Pure plotly
(graph_objects) and pandas: the Dash layer (components/map_card.py) turns ``map_styles`` and
``map_view`` into a ``dash.Patch``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import (
    AF_GREY,
    CHANGE_COLOURS,
    CHANGE_ORDER,
    CHANGE_TEXT_COLOURS,
    FONT,
    GRADE_COLOURS,
    GRADE_LABELS,
    GRADE_ORDER,
    GRADE_TEXT_COLOURS,
    MUTED,
    base_layout,
)
from dashboard.filters import MAP_COLOURS
from dashboard.geo.boundaries import AXIS_SCALE_RATIO
from data_access.grades import SHORT_LABEL, Grade
from data_access.metrics.map_values import MONTH_BANDS, NO_INSPECTION
from data_access.reference.centroids import LA_SHORT_LABELS
from data_access.reference.local_authorities import LA_BY_ONS
from data_access.reference.regions import REGION_BY_CODE, members

KINDS = ("hex", "geo")
LEGEND_SLOTS = 7  # the most categories of any colouring (6) + "other regions"
HEX_SIZE = 0.94  # centre-to-corner of a tile; under 1 leaves a white gap between tiles

# Colours are written in their shortest form where one exists ("#fff"): a restyle sends 153 of each.
NO_INSPECTION_FILL = "#fff"
REGION_LINE = "#0B0C0C"  # the selected region's LAs: a dark outline
LIGHT_LINE = "#fff"  # every other outline
MUTED_TEXT = "#404040"  # labels outside the region, on MUTED (contrast 8.3:1: AAA)
# Sequential blues, light = inspected recently, dark = longest ago (text contrast >= 4.5:1).
MONTH_COLOURS = dict(zip(MONTH_BANDS, ("#DCE9F5", "#A9C8E6", "#6BA0D0", "#2E6DA8", "#12436D"), strict=True))
MONTH_TEXT_COLOURS = dict(zip(MONTH_BANDS, ("#000", "#000", "#000", "#fff", "#fff"), strict=True))
OUTLINE_WIDTH = {"hex": 1.5, "geo": 1}  # px; every LA but the selected one
SELECTED_WIDTH = {"hex": 4, "geo": 3}  # px: the selected LA's dark outline


MAX_LABEL_PX = 18  # hex tile labels on a desk: larger tiles keep 18 px bold
NO_LEGEND_PX = 4  # the top margin of a map whose legend the page draws itself


def short_hex(colour: str) -> str:
    """'#FFFFFF' -> '#fff' (same colour, fewer bytes); other colours unchanged."""
    c = colour.lower()
    if len(c) == 7 and c[0] == "#" and c[1] == c[2] and c[3] == c[4] and c[5] == c[6]:
        return "#" + c[1] + c[3] + c[5]
    return colour


@dataclass(frozen=True)
class Category:
    key: str
    label: str  # legend and table wording
    short: str  # on the map, under the LA label
    fill: str
    text: str  # label colour on this fill


def categories(colour_by: str) -> list[Category]:
    """The categories a map coloured by `colour_by` can show, in scale order (legend order)."""
    if colour_by in ("overall", "leadership"):
        cats = [
            Category(g, GRADE_LABELS[g], SHORT_LABEL[Grade(g)], GRADE_COLOURS[g], GRADE_TEXT_COLOURS[g])
            for g in GRADE_ORDER
        ]
        return cats + [Category(NO_INSPECTION, "No inspection yet", "None", NO_INSPECTION_FILL, "#000")]
    if colour_by == "change":
        labels = {
            "improved": ("Improved", "Up"),
            "maintained": ("Maintained", "Same"),
            "declined": ("Declined", "Down"),
            "no previous": ("No previous grade", "First"),
        }
        cats = [Category(c, *labels[c], CHANGE_COLOURS[c], CHANGE_TEXT_COLOURS[c]) for c in CHANGE_ORDER]
        return cats + [Category(NO_INSPECTION, "No ILACS inspection yet", "None", NO_INSPECTION_FILL, "#000")]
    if colour_by == "months":
        cats = [
            Category(
                b, f"{b} months" if b != "48+" else "48 months or more", b, MONTH_COLOURS[b], MONTH_TEXT_COLOURS[b]
            )
            for b in MONTH_BANDS
        ]
        return cats + [Category(NO_INSPECTION, "No inspection yet", "None", NO_INSPECTION_FILL, "#000")]
    raise ValueError(f"unknown map colouring {colour_by!r}; choose from {', '.join(MAP_COLOURS)}")


_KEY_COLUMN = {
    "overall": "overall_grade",
    "leadership": "leadership_grade",
    "change": "leadership_change",
    "months": "months_band",
}


def _ordered(values: pd.DataFrame) -> pd.DataFrame:
    return values.sort_values("ons_code").reset_index(drop=True)


def category_keys(values: pd.DataFrame, colour_by: str) -> list[str]:
    """Each LA's category key under `colour_by`, in the frame's row order."""
    known = {c.key for c in categories(colour_by)}
    return [k if k in known else NO_INSPECTION for k in values[_KEY_COLUMN[colour_by]].fillna(NO_INSPECTION)]


def short_values(values: pd.DataFrame, colour_by: str) -> list[str]:
    """The short value written under each LA's label ("Good", "RI", "Up", "27m", "None")."""
    by_key = {c.key: c.short for c in categories(colour_by)}
    keys = category_keys(values, colour_by)
    if colour_by != "months":
        return [by_key[k] for k in keys]
    return [f"{int(m)}m" if pd.notna(m) else "None" for m in values["months_since"]]


def in_region(values: pd.DataFrame, region_code: str | None) -> list[bool]:
    if not region_code:
        return [True] * len(values)
    inside = members(region_code)
    return [code in inside for code in values["region_code"]]


def _date(value) -> str:
    return pd.Timestamp(value).strftime("%-d %b %Y") if pd.notna(value) else ""


def _grade_text(grade: str, framework, when) -> str:
    if grade == NO_INSPECTION:
        return "no inspection yet"
    label = Grade(grade).label(framework if isinstance(framework, str) else None)
    return f"{label} ({framework}, published {_date(when)})" if pd.notna(when) else label


def hover_texts(values: pd.DataFrame) -> list[str]:
    """Per LA: name, region and all four map values with their dates (plain text, no links)."""
    texts = []
    for row in values.itertuples(index=False):
        if row.leadership_change == NO_INSPECTION:
            change = "no ILACS inspection yet"
        else:
            previous = row.leadership_previous_grade
            change = row.leadership_change
            if isinstance(previous, str):
                change += f" (from {Grade(previous).label()})"
            change += f", {_date(row.leadership_change_date)}"
        if pd.notna(row.months_since):
            months = f"{_date(row.last_inspection_date)}, {int(row.months_since)} months ago"
        else:
            months = "none yet"
        texts.append(
            "<br>".join(
                [
                    f"<b>{row.la_name}</b> ({row.region_name})",
                    f"Overall: {_grade_text(row.overall_grade, row.overall_framework, row.overall_date)}",
                    f"Leadership: {_grade_text(row.leadership_grade, row.leadership_framework, row.leadership_date)}",
                    f"Leadership change at last ILACS inspection: {change}",
                    f"Last graded inspection: {months}",
                    "Click for the local authority's profile",
                ]
            )
        )
    return texts


def map_styles(
    values: pd.DataFrame, colour_by: str, region_code: str | None, kind: str, la_code: str | None = None
) -> dict:
    """Everything about the map that a filter change alters, as lists in ONS-code order.

    Keys: ``codes``; per LA ``fillcolor``, ``line_color``, ``line_width`` (the selected LA's is
    thicker), ``hovertext`` (the same for every filter, so sent with the full figure only),
    ``label_text`` and ``label_color``; ``legend`` (LEGEND_SLOTS dicts: name, fill, line, show)
    and ``legend_title``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown map kind {kind!r}")
    values = _ordered(values)
    cats = {c.key: c for c in categories(colour_by)}
    keys = category_keys(values, colour_by)
    inside = in_region(values, region_code)
    shorts = short_values(values, colour_by)
    codes = list(values["ons_code"])
    labels = [LA_SHORT_LABELS.get(code, code[-4:]) for code in codes]
    fill, line_color, label_text, label_color = [], [], [], []
    for key, ins, short, label in zip(keys, inside, shorts, labels, strict=True):
        cat = cats[key]
        if ins:
            fill.append(short_hex(cat.fill))
            line_color.append(REGION_LINE if region_code else LIGHT_LINE)
            label_color.append(short_hex(cat.text))
            # on real boundaries, England-wide labels would be an unreadable pile: region only
            label_text.append(f"{label}<br>{short}" if kind == "hex" or region_code else "")
        else:
            fill.append(MUTED)
            line_color.append(LIGHT_LINE)
            label_color.append(MUTED_TEXT)
            label_text.append(label if kind == "hex" else "")
    if kind == "hex":  # a white tile with a dark rim reads as "nothing here", not as a colour
        line_color = [
            REGION_LINE if k == NO_INSPECTION and ins and not region_code else c
            for k, ins, c in zip(keys, inside, line_color, strict=True)
        ]
    line_width = [OUTLINE_WIDTH[kind]] * len(codes)
    if la_code in codes:
        line_color[codes.index(la_code)] = REGION_LINE
        line_width[codes.index(la_code)] = SELECTED_WIDTH[kind]

    legend = [{"name": c.label, "fill": c.fill, "line": AF_GREY, "show": True} for c in cats.values()]
    if region_code:
        legend.append({"name": _outside(region_code), "fill": MUTED, "line": "#B1B4B6", "show": True})
    legend += [{"name": "", "fill": MUTED, "line": MUTED, "show": False}] * (LEGEND_SLOTS - len(legend))
    return {
        "codes": codes,
        "fillcolor": fill,
        "line_color": line_color,
        "line_width": line_width,
        "hovertext": hover_texts(values),
        "label_text": label_text,
        "label_color": label_color,
        "legend": legend,
        "legend_title": MAP_COLOURS[colour_by],
    }


def _outside(region_code: str) -> str:
    return f"Outside {REGION_BY_CODE[region_code].name}"


def style_template(styles: dict, extra_traces: int = 1 + LEGEND_SLOTS) -> list[dict]:
    """Geo maps' ``layout.template.data.scatter``: entry i styles scatter trace i (the LA traces
    come first, then `extra_traces` label and legend traces that take nothing from it).

    A light outline is the default line colour (``layout.colorway``), so only dark outlines are
    listed. A trace's own value wins over the template's, so the LA traces must not set their
    fillcolor or line.
    """
    entries = [
        {"fillcolor": f, "line": {"width": w} if c == LIGHT_LINE else {"color": c, "width": w}}
        for f, c, w in zip(styles["fillcolor"], styles["line_color"], styles["line_width"], strict=True)
    ]
    return entries + [{} for _ in range(extra_traces)]


def legend_start(kind: str, n: int) -> int:
    """The index of the first legend trace in a figure of `kind` for `n` LAs (geo: with labels)."""
    return 1 if kind == "hex" else n + 1


def legend_trace_props(item: dict) -> dict:
    """The properties of one legend-only trace (used to build it and to patch it)."""
    return {
        "name": item["name"],
        "showlegend": item["show"],
        "marker": {"color": item["fill"], "line": {"color": item["line"], "width": 1}, "symbol": "hexagon", "size": 18},
    }


# -- view: what part of the plane is shown, and how big tiles and labels are ----------------------

MARGIN_PX = 8  # left + right margin


def legend_layout(colour_by: str, region_code: str | None, plot_width: int) -> tuple[str, int]:
    """Where the legend's title goes ("left" of the items, or "top"), and the height in px the
    legend above the plot and the margins take (48 when it is one row).

    Plotly packs the items in one row when they fit, else in a grid of equal columns (as wide
    as the widest item); a row is ~22.4 px. With its title on the left, plotly does not count
    the title when it decides whether the items fit, and clips the last ones: so the title goes
    on top unless title and items fit in one row. Text widths are estimated (15 px Arial, ~8.4
    px a character; 8.8 here, so the height errs on the big side, and the tiles on the small
    side: they never overlap).
    """
    names = [c.label for c in categories(colour_by)] + ([_outside(region_code)] if region_code else [])
    items = [8.8 * len(name) + 45 for name in names]  # the symbol and the gaps take ~45 px
    title = 8.8 * (len(MAP_COLOURS[colour_by]) + 1) + 12
    room = plot_width - MARGIN_PX - 10
    if title + sum(items) <= room:
        return "left", 48  # one row: it fits in the 44 px top margin
    rows = 1 if sum(items) <= room else math.ceil(len(items) / max(1, int(room // max(items))))
    return "top", math.ceil(20 + 23 * (1 + rows))


def tile_centres(layout: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """ons_code -> (x, y) of its tile's centre: the hex map's geometry (from ``hex_layout()``)."""
    return {
        code: (round(float(x), 4), round(float(y), 4))
        for code, x, y in zip(layout["ons_code"], layout["x"], layout["y"], strict=True)
    }


def hex_marker_size(px_per_unit: float) -> float:
    """Plotly's ``marker.size`` for a tile: for the "hexagon" symbol that is the corner-to-corner
    height in px (measured: size 100 draws a 86.6 x 100 px hexagon), i.e. 2 * HEX_SIZE units."""
    return round(2 * HEX_SIZE * px_per_unit, 1)


def _bounds(paths) -> tuple[float, float, float, float] | None:
    xs = [x for xs_, _ in paths for x in xs_ if x is not None]
    ys = [y for _, ys_ in paths for y in ys_ if y is not None]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _tile_bounds(centres) -> tuple[float, float, float, float] | None:
    if not centres:
        return None
    half_width = math.sqrt(3) / 2 * HEX_SIZE
    xs, ys = [x for x, _ in centres], [y for _, y in centres]
    return min(xs) - half_width, min(ys) - HEX_SIZE, max(xs) + half_width, max(ys) + HEX_SIZE


def map_view(
    geometry: dict,
    values: pd.DataFrame,
    region_code: str | None,
    kind: str,
    plot_height: int = 600,
    plot_width: int = 1200,
    colour_by: str = "overall",
    *,
    legend: bool = True,
    max_label_px: int = MAX_LABEL_PX,
) -> dict:
    """Axis ranges that fit the region (or England), and the sizes that fit the graph's pixels.

    `plot_height` and `plot_width` are the graph's size in CSS pixels (before the browser has
    measured it: the smallest target screen's height and a wide screen's width); the legend of
    `colour_by` (and the region) takes some of the height (``legend_layout``). Plotly draws markers
    and text in pixels, so ``marker_size`` (hex tiles; None for geo), ``font_size`` and
    ``label_fit`` depend on them: the plot keeps x and y at a fixed ratio, so the tighter of
    the two sides decides how many pixels a unit gets. ``label_fit`` (ONS-code order) is "full"
    (LA and value), "value" (the value only) or "none" (small tiles, or boroughs on real
    boundaries, have no room); ``legend_title_side`` is where the legend's title fits.
    Without a `legend` (a page that shows it in HTML) the plot takes the whole height; hex
    tile labels grow with the tiles up to `max_label_px`.
    """
    values = _ordered(values)
    inside = in_region(values, region_code)
    codes = [c for c, ins in zip(values["ons_code"], inside, strict=True) if ins]
    if kind == "hex":
        bounds = _tile_bounds([geometry[c] for c in codes if c in geometry]) or _tile_bounds(list(geometry.values()))
    else:
        bounds = _bounds([geometry[c] for c in codes if c in geometry]) or _bounds(list(geometry.values()))
    if bounds is None:
        return {
            "xrange": [0, 1],
            "yrange": [0, 1],
            "marker_size": None,
            "font_size": 12,
            "label_fit": ["full"] * len(values),
            "legend_title_side": "left",
            "scale": None,
        }
    x0, y0, x1, y1 = bounds
    if kind == "hex":
        pad = 0.35 if region_code else 0.1
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        ratio = 1.0
    else:
        pad_x, pad_y = 0.04 * (x1 - x0), 0.04 * (y1 - y0)
        x0, y0, x1, y1 = x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y
        ratio = AXIS_SCALE_RATIO
    legend_side, legend_px = legend_layout(colour_by, region_code, plot_width) if legend else ("left", NO_LEGEND_PX)
    px_per_x = min(
        max(plot_height - legend_px, 200) / ((y1 - y0) * ratio),
        max(plot_width - MARGIN_PX, 100) / (x1 - x0),
    )
    if kind == "hex":
        tile_px = math.sqrt(3) * HEX_SIZE * px_per_x  # flat-to-flat width
        marker_size = hex_marker_size(px_per_x)
        font = int(min(max(tile_px / 3.8, 8), max_label_px))
        # 8 px bold: the widest LA label takes ~3.7 em, "Good" ~2.9 em; a little may run into the gap
        fit_all = "full" if tile_px >= 3.2 * font else "value" if tile_px >= 2.7 * font else "none"
        fit = [fit_all] * len(values)
    else:
        marker_size = None
        font = int(min(max(plot_height / 48, 11), 15))
        fit = [
            _label_fit(geometry.get(code), font, px_per_x, px_per_x * ratio) if ins else "none"
            for code, ins in zip(values["ons_code"], inside, strict=True)
        ]
    # geo: what the callouts (leader-line labels) are placed by: px per x unit, and the plot's px
    scale = None if kind == "hex" else (round(px_per_x, 3), plot_width - MARGIN_PX, plot_height - legend_px)
    return {
        "xrange": [round(x0, 4), round(x1, 4)],
        "yrange": [round(y0, 4), round(y1, 4)],
        "marker_size": marker_size,
        "font_size": font,
        "label_fit": fit,
        "legend_title_side": legend_side,
        "scale": scale,
    }


def _label_fit(path, font: int, px_per_x: float, px_per_y: float) -> str:
    """Does a two-line label (4 capitals over a value) fit in the LA's largest ring, or one line?"""
    ring = _largest_ring(path) if path else None
    if ring is None:
        return "none"
    xs, ys = ring
    width, height = (max(xs) - min(xs)) * px_per_x, (max(ys) - min(ys)) * px_per_y
    # a ring's bounding box is bigger than the room inside it: ask for more than the label needs
    char, line = 0.7 * font, 1.25 * font
    if width >= 1.8 * 4 * char and height >= 1.6 * 2 * line:
        return "full"
    if width >= 1.5 * 3 * char and height >= 1.5 * line:
        return "value"
    return "none"


def fitted_labels(label_text: list[str], label_fit: list[str]) -> list[str]:
    """Label texts cut down to what fits: "MANC<br>Good" -> "Good" ("value") or "" ("none")."""
    return [
        text if fit == "full" else text.split("<br>")[-1] if fit == "value" and "<br>" in text else ""
        for text, fit in zip(label_text, label_fit, strict=True)
    ]


CALLOUT_GAP_PX = 28  # from the region's edge to a column of callouts
CALLOUT_TEXT = "#0B0C0C"
CALLOUT_LINE_EM = 1.25  # a line of text, in font sizes
CALLOUT_BOX_PX = 6  # a box's padding (2 px) and border (1 px), above and below


def _callout_width_px(text: str, font: int) -> float:
    return 0.68 * font * len(text) + 8  # bold capitals and the box's padding: errs on the wide side


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Heights (top first) as near `wanted` as they can be, at least `gap` apart, within
    [low, high] when they fit there."""
    placed: list[float] = []
    for y in wanted:  # downwards: each at most a gap below the one above
        placed.append(min(y, high, placed[-1] - gap) if placed else min(y, high))
    if placed and placed[-1] < low:  # too low: push up from the bottom
        placed[-1] = low
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = max(placed[i], placed[i + 1] + gap)
    return placed


def callouts(geometry: dict, styles: dict, view: dict, region_code: str | None) -> tuple[list[str], list[dict]]:
    """geo, with a region chosen: every LA of the region is labelled. Those whose label fits
    inside keep it there (the label trace's text, returned first, ONS-code order); the others
    get a callout (returned second, plotly annotations): the label in a white box in a column
    left or right of the region, as near the LA's height as the boxes allow without overlapping,
    with a leader line to the LA. Small LAs (Greater Manchester's boroughs, Merseyside's,
    London's) would otherwise have no label at all.
    """
    texts = fitted_labels(styles["label_text"], view["label_fit"])
    if not region_code or view.get("scale") is None:
        return texts, []
    px_per_x, width_px, height_px = view["scale"]
    px_per_y = px_per_x * AXIS_SCALE_RATIO
    rows = zip(styles["codes"], styles["label_text"], view["label_fit"], strict=True)
    inside = [(i, code) for i, (code, text, fit) in enumerate(rows) if text and fit != "full" and code in geometry]
    if not inside:
        return texts, []
    region = [c for c, t in zip(styles["codes"], styles["label_text"], strict=True) if t and c in geometry]
    x0, _, x1, _ = _bounds([geometry[c] for c in region])
    xc = (view["xrange"][0] + view["xrange"][1]) / 2
    yc = (view["yrange"][0] + view["yrange"][1]) / 2
    half_w, half_h = width_px / px_per_x / 2, height_px / px_per_y / 2
    font = max(11, min(view["font_size"], 13))
    gap_y = (CALLOUT_LINE_EM * font + CALLOUT_BOX_PX + 2) / px_per_y  # a box's height and 2 px
    found = []
    for i, code in inside:
        ring = _largest_ring(geometry[code])
        centre = _ring_centroid(*ring) if ring else None
        if centre is not None:
            found.append((centre[2], centre[1], styles["label_text"][i].replace("<br>", " "), i))
    # The western half of them to the left, the eastern half to the right: fewer crossing lines.
    by_x = sorted(found, key=lambda item: item[1])
    sides = {"left": by_x[: len(by_x) // 2], "right": by_x[len(by_x) // 2 :]}
    notes = []
    for side, items in sides.items():
        items.sort(key=lambda item: -item[0])  # top first
        heights = _spread([y for y, *_ in items], gap_y, yc - half_h + gap_y / 2, yc + half_h - gap_y / 2)
        for (y, x, text, i), label_y in zip(items, heights, strict=True):
            w = _callout_width_px(text, font) / px_per_x
            if side == "left":  # the box's right edge a gap left of the region, on screen if it can be
                centre_x = max(x0 - CALLOUT_GAP_PX / px_per_x - w / 2, xc - half_w + w / 2)
            else:
                centre_x = min(x1 + CALLOUT_GAP_PX / px_per_x + w / 2, xc + half_w - w / 2)
            texts[i] = ""
            notes.append(
                dict(
                    x=round(x, 4),
                    y=round(y, 4),
                    ax=round(centre_x, 4),
                    ay=round(label_y, 4),
                    xref="x",
                    yref="y",
                    axref="x",
                    ayref="y",
                    text=text,
                    showarrow=True,
                    arrowhead=0,
                    arrowwidth=1,
                    arrowcolor=CALLOUT_TEXT,
                    standoff=2,
                    font=dict(family=FONT, size=font, color=CALLOUT_TEXT, weight="bold"),
                    bgcolor="rgba(255,255,255,0.92)",
                    bordercolor=CALLOUT_TEXT,
                    borderwidth=1,
                    borderpad=2,
                    captureevents=False,
                )
            )
    return texts, notes


def _rings(path) -> list[tuple[list[float], list[float]]]:
    rings, ring_xs, ring_ys = [], [], []
    xs, ys = path
    for x, y in list(zip(xs, ys, strict=True)) + [(None, None)]:
        if x is not None:
            ring_xs.append(x)
            ring_ys.append(y)
        elif len(ring_xs) >= 3:
            rings.append((ring_xs, ring_ys))
            ring_xs, ring_ys = [], []
        else:
            ring_xs, ring_ys = [], []
    return rings


def _largest_ring(path) -> tuple[list[float], list[float]] | None:
    scored = [(abs(c[0]), ring) for ring in _rings(path) if (c := _ring_centroid(*ring))]
    return max(scored, key=lambda item: item[0])[1] if scored else None


def label_points(geometry: dict) -> pd.DataFrame:
    """A label point per LA: the area-weighted centroid of its largest ring (boundary maps)."""
    rows = []
    for code, path in geometry.items():
        ring = _largest_ring(path)
        centroid = _ring_centroid(*ring) if ring else None
        if centroid:
            rows.append(
                {
                    "ons_code": code,
                    "x": round(centroid[1], 4),
                    "y": round(centroid[2], 4),
                    "label": LA_SHORT_LABELS.get(code, code[-4:]),
                }
            )
    return pd.DataFrame(rows, columns=["ons_code", "x", "y", "label"])


def _ring_centroid(xs: list[float], ys: list[float]) -> tuple[float, float, float] | None:
    """(|area|, cx, cy) of a closed ring by the shoelace formula."""
    a = cx = cy = 0.0
    for x0, y0, x1, y1 in zip(xs, ys, xs[1:] + xs[:1], ys[1:] + ys[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return None
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


# -- the figure -------------------------------------------------------------------------------------


def map_figure(
    geometry: dict,
    values: pd.DataFrame,
    colour_by: str,
    region_code: str | None,
    kind: str,
    labels: pd.DataFrame | None = None,
    *,
    plot_height: int = 600,
    plot_width: int = 1200,
    la_code: str | None = None,
    legend: bool = True,
    max_label_px: int = MAX_LABEL_PX,
) -> go.Figure:
    """The whole map: geometry, labels, legend, styles; see the module docstring for its structure.

    `geometry` maps ONS code -> hex: (x, y), the tile centre (``tile_centres``); geo: (xs, ys),
    the outline (``boundaries.boundary_traces_data``). An LA missing from it is not drawn, but
    keeps its place, so indexes never shift. `labels` (geo only) has columns ons_code, x, y
    (``label_points()``); None draws no label trace. `la_code` is the selected LA, if any.
    """
    values = _ordered(values)
    styles = map_styles(values, colour_by, region_code, kind, la_code)
    view = map_view(
        geometry, values, region_code, kind, plot_height, plot_width, colour_by,
        legend=legend, max_label_px=max_label_px,
    )  # fmt: skip
    if kind == "hex":
        traces = [_tile_trace(geometry, styles, view)]
    else:
        traces = _outline_traces(geometry, values, styles)
        texts, notes = callouts(geometry, styles, view, region_code)
        if labels is not None:
            traces.append(_label_trace(labels, values, styles, view, texts))
    for item in styles["legend"]:
        traces.append(
            dict(type="scatter", x=[None], y=[None], mode="markers", hoverinfo="skip", **legend_trace_props(item))
        )
    ratio = 1.0 if kind == "hex" else AXIS_SCALE_RATIO
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    # hex: an empty template, or plotly would send its default one (~7 KB) with every figure
    extra: dict = {"template": {}}
    if kind == "geo":
        extra = dict(
            template={"data": {"scatter": style_template(styles, len(traces) - len(values))}},
            colorway=[LIGHT_LINE],  # the default outline colour: see style_template
            annotations=notes,
        )
    layout = base_layout(
        **extra,
        margin=dict(l=MARGIN_PX // 2, r=MARGIN_PX // 2, t=44 if legend else NO_LEGEND_PX, b=4),
        xaxis=dict(axis, range=view["xrange"]),
        yaxis=dict(axis, range=view["yrange"], scaleanchor="x", scaleratio=ratio),
        dragmode=False,
        hovermode="closest",
        clickmode="event",
        showlegend=legend,
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.0,
            x=0,
            traceorder="normal",
            itemclick=False,
            itemdoubleclick=False,
            font=dict(size=15),
            title=dict(text=styles["legend_title"] + ":", side=view["legend_title_side"]),
        ),
        hoverlabel=dict(font=dict(family=FONT, size=15), namelength=0, bgcolor="white", bordercolor=AF_GREY),
    )
    # Plain dicts, and no validation: plotly would validate and deep-copy every trace (~200 ms
    # for the geo map's 161); test_figures_maps.py validates the same figures.
    return go.Figure(data=traces, layout=layout, _validate=False)


def per_point(values: list):
    """A per-point property: one value when all points share it (a restyle sends fewer bytes)."""
    return values[0] if values and all(v == values[0] for v in values) else values


def region_labels_only(figure: dict, region_code: str | None) -> dict:
    """The hex map `figure` (plain data) with the tiles of other regions left unlabelled.

    For paper: a region's briefing names its own LAs, and the grey tiles around them are
    context, as on the boundary map. A copy is returned (the cached figure is shared); England
    (no region) keeps every label."""
    if not region_code:
        return figure
    data = []
    for trace in figure["data"]:
        codes, text = trace.get("customdata"), trace.get("text")
        if trace.get("mode") == "markers+text" and codes is not None and text is not None:
            inside = members(region_code)
            text = [t if _region_of(code) in inside else "" for code, t in zip(codes, text, strict=True)]
            trace = {**trace, "text": text}
        data.append(trace)
    return {**figure, "data": data}


def _region_of(code: str) -> str | None:
    la = LA_BY_ONS.get(code)
    return la.region_code if la else None


def _tile_trace(centres: dict, styles: dict, view: dict) -> dict:
    """hex: every LA's tile, label and hover text as one trace of hexagon markers."""
    points = [centres.get(code, (None, None)) for code in styles["codes"]]
    return dict(
        type="scatter",
        x=[x for x, _ in points],
        y=[y for _, y in points],
        mode="markers+text",
        name="",
        customdata=styles["codes"],
        hovertext=styles["hovertext"],
        hoverinfo="text",  # the hover text alone: no trace name, no coordinates
        text=fitted_labels(styles["label_text"], view["label_fit"]),
        textposition="middle center",
        textfont={"color": styles["label_color"], "size": view["font_size"], "family": FONT, "weight": "bold"},
        marker={
            "symbol": "hexagon",
            "size": view["marker_size"],
            "color": styles["fillcolor"],
            "line": {"color": styles["line_color"], "width": per_point(styles["line_width"])},
        },
        showlegend=False,
    )


def _outline_traces(geometry: dict, values: pd.DataFrame, styles: dict) -> list[dict]:
    """geo: a filled outline per LA; fill and line come from the template (style_template)."""
    traces = []
    for code, name, hover in zip(styles["codes"], values["la_name"], styles["hovertext"], strict=True):
        xs, ys = geometry.get(code, ([], []))
        traces.append(
            dict(
                type="scatter",
                x=list(xs),
                y=list(ys),
                mode="lines",
                fill="toself",
                hoveron="fills",
                text=hover,
                name=name,
                customdata=[code],
                showlegend=False,
            )
        )
    return traces


def _label_trace(labels: pd.DataFrame, values: pd.DataFrame, styles: dict, view: dict, texts: list[str]) -> dict:
    """geo: the labels at each LA's label point, where they fit (`texts`: see ``callouts``)."""
    points = values[["ons_code"]].merge(labels[["ons_code", "x", "y"]], on="ons_code", how="left")
    # Not hoverable: the LA's fill underneath answers hover and clicks, with the same text.
    return dict(
        type="scatter",
        x=[None if pd.isna(x) else float(x) for x in points["x"]],
        y=[None if pd.isna(y) else float(y) for y in points["y"]],
        mode="text",
        text=texts,
        customdata=styles["codes"],
        hoverinfo="skip",
        name="labels",
        showlegend=False,
        textfont={"color": styles["label_color"], "size": view["font_size"], "family": FONT, "weight": "bold"},
    )


def _counted(category: Category, colour_by: str) -> str:
    if colour_by == "months" and category.key != NO_INSPECTION:
        return f"inspected {category.key.replace('+', ' or more')} months ago"
    return category.label.lower()


def map_summary(values: pd.DataFrame, colour_by: str, region: str | None, la_code: str | None = None) -> str:
    """The map's text alternative (and the card's caption): counts, and the selected LA's value."""
    inside = values[in_region(values, region)]
    keys = pd.Series(category_keys(inside, colour_by), dtype=object)
    counts = [(c, int((keys == c.key).sum())) for c in categories(colour_by)]
    parts = ", ".join(f"{n} {_counted(c, colour_by)}" for c, n in counts if n)
    place = REGION_BY_CODE[region].name if region else "England"
    what = MAP_COLOURS[colour_by].lower()
    text = f"Map of the {len(inside)} local authorities in {place} by {what}: {parts or 'none'}."
    if region:
        text += " Other regions are shown in grey."
    selected = values[values["ons_code"] == la_code] if la_code else values.iloc[0:0]
    if len(selected):
        by_key = {c.key: c for c in categories(colour_by)}
        key = category_keys(selected, colour_by)[0]
        text += f" {selected['la_name'].iloc[0]} (selected): {_counted(by_key[key], colour_by)}."
    return text
