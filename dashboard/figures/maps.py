"""The regional maps (hex tiles or real boundaries): one figure builder, restyled without geometry.

Figure structure (fixed, so a filter change can address traces by index):

* ``data[0 .. n-1]``: one ``go.Scatter(fill="toself")`` per current LA, in sorted ONS-code order
  (the order of ``map_values``); the geometry is sent once, with the full figure;
* ``data[n]``: the label trace: text at each LA's label point, the short LA label and a short
  value ("MANC<br>Good"), so no value is told by colour alone;
* ``data[n+1 ..]``: ``LEGEND_SLOTS`` legend-only traces (no points), in scale order.

**Where the per-LA fill and outline live.** The LA traces set no ``fillcolor`` or line colour:
they take them from ``layout.template.data.scatter``, whose i-th entry styles the i-th scatter
trace (plotly applies a template's trace styles in order, per trace type), and light outlines
are the default line colour (``layout.colorway``). Restyling all 153 LAs is then one value of
about 5 KB instead of 153 patch operations of ~90 bytes each for fills, plus as many again for
outlines; a whole region or colour change is ~10 KB. ``map_styles`` computes
every per-LA list; ``style_template`` turns them into that template list. The hover text does
not depend on the filters (it lists all four values), so it is sent once, with the geometry.

Pure plotly (graph_objects) and pandas: the Dash layer (components/map_card.py) turns
``map_styles``/``map_view`` into a ``dash.Patch``.
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
from data_access.reference.regions import REGION_BY_CODE

KINDS = ("hex", "geo")
LEGEND_SLOTS = 7  # the most categories of any colouring (6) + "other regions"
HEX_SIZE = 0.94  # centre-to-corner of a tile; under 1 leaves a white gap between tiles

# Colours are written in their shortest form where one exists ("#fff"): a restyle sends 153 of each.
NO_INSPECTION_FILL = "#fff"
REGION_LINE = "#0B0C0C"  # the selected region's LAs: a dark outline
LIGHT_LINE = "#fff"  # every other outline
MUTED_TEXT = "#555"  # labels outside the region, on MUTED (contrast 6.1:1)
# Sequential blues, light = inspected recently, dark = longest ago (text contrast >= 4.5:1).
MONTH_COLOURS = dict(zip(MONTH_BANDS, ("#DCE9F5", "#A9C8E6", "#6BA0D0", "#2E6DA8", "#12436D"), strict=True))
MONTH_TEXT_COLOURS = dict(zip(MONTH_BANDS, ("#000", "#000", "#000", "#fff", "#fff"), strict=True))
OUTLINE_WIDTH = {"hex": 1.5, "geo": 1.0}  # the same for every LA, so only colours need restyling


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
    return [code == region_code for code in values["region_code"]]


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


def map_styles(values: pd.DataFrame, colour_by: str, region_code: str | None, kind: str) -> dict:
    """Everything about the map that a filter change alters, as lists in trace (ONS code) order.

    Keys: ``codes``; per LA ``fillcolor``, ``line_color``, ``hovertext`` (the same for every
    filter, so sent with the full figure only); ``line_width`` (one number: the same for every
    LA); for the label trace ``label_text`` and ``label_color``; ``legend`` (LEGEND_SLOTS dicts:
    name, fill, line, show) and ``legend_title``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown map kind {kind!r}")
    values = _ordered(values)
    cats = {c.key: c for c in categories(colour_by)}
    keys = category_keys(values, colour_by)
    inside = in_region(values, region_code)
    shorts = short_values(values, colour_by)
    labels = [LA_SHORT_LABELS.get(code, code[-4:]) for code in values["ons_code"]]
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

    legend = [{"name": c.label, "fill": c.fill, "line": AF_GREY, "show": True} for c in cats.values()]
    if region_code:
        legend.append(
            {"name": f"Outside {REGION_BY_CODE[region_code].name}", "fill": MUTED, "line": "#B1B4B6", "show": True}
        )
    legend += [{"name": "", "fill": MUTED, "line": MUTED, "show": False}] * (LEGEND_SLOTS - len(legend))
    return {
        "codes": list(values["ons_code"]),
        "fillcolor": fill,
        "line_color": line_color,
        "line_width": OUTLINE_WIDTH[kind],
        "hovertext": hover_texts(values),
        "label_text": label_text,
        "label_color": label_color,
        "legend": legend,
        "legend_title": MAP_COLOURS[colour_by],
    }


def style_template(styles: dict, extra_traces: int = 1 + LEGEND_SLOTS) -> list[dict]:
    """``layout.template.data.scatter``: entry i styles scatter trace i (the LA traces come first).

    Only what varies: the traces set their own line width; a light outline is the default line
    colour (``layout.colorway``), so only dark outlines are listed. A trace's own value wins over
    the template's, so the LA traces must not set fillcolor or line colour.
    """
    entries = [
        {"fillcolor": f} if c == LIGHT_LINE else {"fillcolor": f, "line": {"color": c}}
        for f, c in zip(styles["fillcolor"], styles["line_color"], strict=True)
    ]
    return entries + [{} for _ in range(extra_traces)]


def legend_trace_props(item: dict) -> dict:
    """The properties of one legend-only trace (used to build it and to patch it)."""
    return {
        "name": item["name"],
        "showlegend": item["show"],
        "marker": {"color": item["fill"], "line": {"color": item["line"], "width": 1}, "symbol": "hexagon", "size": 18},
    }


# -- view: what part of the plane is shown, and how big the labels can be ---------------------------


def _bounds(paths) -> tuple[float, float, float, float] | None:
    xs = [x for xs_, _ in paths for x in xs_ if x is not None]
    ys = [y for _, ys_ in paths for y in ys_ if y is not None]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def map_view(geometry: dict, values: pd.DataFrame, region_code: str | None, kind: str, plot_height: int = 600) -> dict:
    """Axis ranges that fit the region (or England), a label font size, and which labels fit.

    `plot_height` is the graph's expected height in CSS pixels (the smallest target screen):
    plotly text has a fixed pixel size, so the font is chosen for that height. ``label_fit``
    (in ONS-code order) is "full" (LA and value), "value" (the value only) or "none": on real
    boundaries a metropolitan borough is often too small for a label.
    """
    values = _ordered(values)
    inside = in_region(values, region_code)
    codes = [c for c, ins in zip(values["ons_code"], inside, strict=True) if ins]
    bounds = _bounds([geometry[c] for c in codes if c in geometry]) or _bounds(list(geometry.values()))
    if bounds is None:
        return {"xrange": [0, 1], "yrange": [0, 1], "font_size": 12, "label_fit": ["full"] * len(values)}
    x0, y0, x1, y1 = bounds
    if kind == "hex":
        pad = 0.35 if region_code else 0.1
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        ratio = 1.0
    else:
        pad_x, pad_y = 0.04 * (x1 - x0), 0.04 * (y1 - y0)
        x0, y0, x1, y1 = x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y
        ratio = AXIS_SCALE_RATIO
    # Legend and margins take ~90 px; the wide screens this is for make the height the limit.
    px_per_x = max(plot_height - 90, 200) / ((y1 - y0) * ratio)
    if kind == "hex":
        tile_px = math.sqrt(3) * HEX_SIZE * px_per_x
        font = int(min(max(tile_px / 3.8, 8), 18))
        fit = ["full"] * len(values)
    else:
        font = int(min(max(plot_height / 48, 11), 15))
        fit = [
            _label_fit(geometry.get(code), font, px_per_x, px_per_x * ratio) if ins else "none"
            for code, ins in zip(values["ons_code"], inside, strict=True)
        ]
    return {
        "xrange": [round(x0, 4), round(x1, 4)],
        "yrange": [round(y0, 4), round(y1, 4)],
        "font_size": font,
        "label_fit": fit,
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
    labels: pd.DataFrame | None,
    *,
    plot_height: int = 600,
) -> go.Figure:
    """The whole map: geometry, labels, legend, styles; see the module docstring for its structure.

    `geometry` maps ONS code -> (xs, ys) (``hex_outline_paths`` or ``boundary_traces_data``); an
    LA missing from it gets an empty trace, so trace indexes never shift. `labels` has columns
    ons_code, x, y, label (``hex_layout()`` or ``label_points()``); None draws no label trace.
    """
    values = _ordered(values)
    styles = map_styles(values, colour_by, region_code, kind)
    view = map_view(geometry, values, region_code, kind, plot_height)
    # Plain dicts: plotly validates each trace once, in go.Figure (building go.Scatter objects
    # first would validate and copy all 161 twice).
    traces: list[dict] = []
    for code, name, hover in zip(styles["codes"], values["la_name"], styles["hovertext"], strict=True):
        xs, ys = geometry.get(code, ([], []))
        traces.append(
            dict(
                type="scatter",
                x=list(xs),
                y=list(ys),
                mode="lines",
                fill="toself",
                line={"width": styles["line_width"]},
                hoveron="fills",
                text=hover,
                name=name,
                customdata=[code],
                showlegend=False,
            )
        )
    extra = 0
    if labels is not None:
        points = values[["ons_code"]].merge(labels[["ons_code", "x", "y"]], on="ons_code", how="left")
        # Not hoverable: the LA's fill underneath answers hover and clicks, with the same text.
        traces.append(
            dict(
                type="scatter",
                x=[None if pd.isna(x) else float(x) for x in points["x"]],
                y=[None if pd.isna(y) else float(y) for y in points["y"]],
                mode="text",
                text=fitted_labels(styles["label_text"], view["label_fit"]),
                customdata=styles["codes"],
                hoverinfo="skip",
                name="labels",
                showlegend=False,
                textfont={"color": styles["label_color"], "size": view["font_size"], "family": FONT, "weight": "bold"},
            )
        )
        extra = 1
    for item in styles["legend"]:
        traces.append(
            dict(type="scatter", x=[None], y=[None], mode="markers", hoverinfo="skip", **legend_trace_props(item))
        )
    ratio = 1.0 if kind == "hex" else AXIS_SCALE_RATIO
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    layout = base_layout(
        template={"data": {"scatter": style_template(styles, extra + LEGEND_SLOTS)}},
        margin=dict(l=4, r=4, t=44, b=4),
        xaxis=dict(axis, range=view["xrange"]),
        yaxis=dict(axis, range=view["yrange"], scaleanchor="x", scaleratio=ratio),
        colorway=[LIGHT_LINE],  # the default outline colour: see style_template
        dragmode=False,
        hovermode="closest",
        clickmode="event",
        showlegend=True,
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.0,
            x=0,
            traceorder="normal",
            itemclick=False,
            itemdoubleclick=False,
            font=dict(size=15),
            title=dict(text=styles["legend_title"] + ":"),
        ),
        hoverlabel=dict(font=dict(family=FONT, size=15), namelength=0, bgcolor="white", bordercolor=AF_GREY),
    )
    # Validation deep-copies 161 traces (~200 ms); test_figures_maps.py validates the same figures.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _counted(category: Category, colour_by: str) -> str:
    if colour_by == "months" and category.key != NO_INSPECTION:
        return f"inspected {category.key.replace('+', ' or more')} months ago"
    return category.label.lower()


def map_summary(values: pd.DataFrame, colour_by: str, region: str | None) -> str:
    """One sentence with counts: the map's text alternative (and the card's caption)."""
    inside = values[in_region(values, region)]
    keys = pd.Series(category_keys(inside, colour_by), dtype=object)
    counts = [(c, int((keys == c.key).sum())) for c in categories(colour_by)]
    parts = ", ".join(f"{n} {_counted(c, colour_by)}" for c, n in counts if n)
    place = REGION_BY_CODE[region].name if region else "England"
    what = MAP_COLOURS[colour_by].lower()
    text = f"Map of the {len(inside)} local authorities in {place} by {what}: {parts or 'none'}."
    if region:
        text += " Other regions are shown in grey."
    return text
