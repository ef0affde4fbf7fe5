"""Charts of the CYP Board's leadership measure: counts by change, with the two percentages beside.

Both charts take a frame shaped like `data_access.metrics.leadership.summarise_by` (one row per
financial year or per region: judgements, improved, maintained, declined, no_previous,
pct_improved, pct_maintained_or_improved). Every bar segment is labelled "count (percent)", the
percent being of the judgements that had a previous grade, exactly as the metric defines it.
Where fewer than SMALL_N judgements had one (data_access.metrics.small_numbers), the text gives
the count instead ("1 of 1") and the percentage's marker is hollow. The percentages' labels sit
in their own rows above and below the lines (by year) or beside their markers (by region), so
they never overlap each other or a line.
Each bar carries `customdata` = [group, change] so a click can list the LAs behind it.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import (
    AF_DARK_BLUE,
    AF_DARK_PINK,
    CHANGE_COLOURS,
    CHANGE_ORDER,
    CHANGE_TEXT_COLOURS,
    base_layout,
    empty_figure,
    x_axis_margin,
    y_axis_margin,
)
from data_access.metrics.small_numbers import count_label as small_count_label
from data_access.metrics.small_numbers import is_small, pct, point_label

CHANGE_LABELS = {
    "improved": "Improved",
    "maintained": "Maintained",
    "declined": "Declined",
    "no previous": "No previous grade",
}
# change category -> column of the summarise_by frame
CHANGE_COLUMNS = {
    "improved": "improved",
    "maintained": "maintained",
    "declined": "declined",
    "no previous": "no_previous",
}
PCT_IMPROVED = "% improved"
PCT_MAINTAINED_OR_IMPROVED = "% maintained or improved"
MUTED_TEXT = "#0B0C0C"
MUTE_MIX = 0.62  # how far a muted bar's colour is mixed towards white
PERCENT_TICKS = dict(tickmode="array", tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"])
LEGEND = dict(orientation="h", yanchor="bottom", y=1.08, x=0, traceorder="normal")


def pct_text(part: int, whole: int) -> str:
    """A whole-number percentage, rounded half up ("" when there is nothing to divide by)."""
    return pct(part, whole)


def count_label(count: int, comparable: int, change: str) -> str:
    """Bar text: "12 (40%)", or "1 of 1" when fewer than SMALL_N had a previous grade; "no
    previous" has no percentage (it is outside the denominator)."""
    count = int(count)
    if change == "no previous" or not comparable or not count:
        return str(count) if count else ""
    return small_count_label(count, comparable)


def comparable(row) -> int:
    """Judgements with a previous grade: the denominator of both percentages."""
    return int(row["improved"]) + int(row["maintained"]) + int(row["declined"])


def mute(colour: str, mix: float = MUTE_MIX) -> str:
    """`colour` mixed towards white, for the regions that are not selected."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * mix):02X}" for c in (red, green, blue))


def _pct_points(summary: pd.DataFrame) -> tuple[list, list, list, list]:
    improved_y, improved_text, either_y, either_text = [], [], [], []
    for _, row in summary.iterrows():
        whole = comparable(row)
        either = int(row["improved"]) + int(row["maintained"])
        improved_y.append(100 * int(row["improved"]) / whole if whole else None)
        either_y.append(100 * either / whole if whole else None)
        improved = int(row["improved"])
        improved_text.append(point_label(improved, whole))
        either_text.append(point_label(either, whole))
    return improved_y, improved_text, either_y, either_text


def small_flags(summary: pd.DataFrame) -> list[bool]:
    """Per row: do fewer than SMALL_N judgements have a previous grade (a percentage too thin to read)?"""
    return [is_small(comparable(row)) for _, row in summary.iterrows()]


def pct_marker(colour: str, symbol: str, size: float, small: list[bool], **extra) -> dict:
    """A percentage's markers: filled, or hollow (an open symbol) where the base is under SMALL_N."""
    return dict(
        color=colour,
        size=size,
        symbol=[f"{symbol}-open" if s else symbol for s in small],
        line=dict(color=colour, width=2),
        **extra,
    )


def strip_key(name: str, colour: str, symbol: str) -> dict:
    """The line's marker shape, in its colour, at the start of its row of labels (left of the plot)."""
    return dict(
        text=STRIP_SYMBOLS[symbol], x=0, y=STRIP_Y[name], xref="paper", yref="y2", xanchor="right",
        yanchor="middle", xshift=-4, showarrow=False, font=dict(color=colour, size=13),
        hovertext=f"{name}: the labels in this row",
    )  # fmt: skip


STRIP_SYMBOLS = {"circle": "\u25cf", "diamond": "\u25c6"}
STRIP_Y = {PCT_MAINTAINED_OR_IMPROVED: 114, PCT_IMPROVED: -16}  # label rows beyond 0-100%


def _hover(group_label: str) -> str:
    return (
        f"{group_label}: %{{customdata[0]}}<br>%{{fullData.name}}: %{{text}}"
        "<br>(percent of judgements with a previous grade)<extra></extra>"
    )


SUBPLOT_TITLES = ("Judgements by change on the previous grade", "Percent of those with a previous grade")
GRID = "#D9D9D9"
AXIS_LINE = "#3D3D3D"


def _subplot_title(text: str, x: float, y: float, xanchor: str) -> dict:
    return dict(
        text=text, x=x, y=y, xref="paper", yref="paper", xanchor=xanchor, yanchor="bottom",
        showarrow=False, font=dict(size=14),
    )  # fmt: skip


def _percent_axis(anchor: str, domain: list[float], value_range: list[float]) -> dict:
    """The percentages' axis (0-100%, with room for the point labels beyond either end)."""
    return dict(
        anchor=anchor, domain=domain, title=dict(text="Percent"), range=value_range, **PERCENT_TICKS,
        gridcolor=GRID, zeroline=False,
    )  # fmt: skip


def _change_bar(change: str, counts: list[int], summary: pd.DataFrame, **placement) -> dict:
    """One change's bar segments, labelled "count (percent)" (see count_label)."""
    return dict(
        type="bar",
        name=CHANGE_LABELS[change],
        y=counts,
        text=[count_label(c, comparable(row), change) for c, (_, row) in zip(counts, summary.iterrows(), strict=True)],
        textposition="inside",
        insidetextanchor="middle",
        constraintext="inside",
        textangle=0,
        **placement,
    )


# Both figures are assembled from plain dicts without plotly's per-property validation (which cost
# ~0.1 s a figure, more than the data work, on every new filter set); the unit tests validate them.


def by_year_figure(summary: pd.DataFrame, *, height: int = 520) -> go.Figure:
    """Stacked bars of counts by change for each financial year, and a second row of percentages.

    `summary` is `summarise_by(changes, "financial_year")`. Legend order: improved, maintained,
    declined, no previous, then the two percentage lines.
    """
    if summary.empty or int(summary["judgements"].sum()) == 0:
        return empty_figure("No ILACS leadership judgements were published in this period.")
    years = summary["financial_year"].astype(str).tolist()
    traces = []
    for change in CHANGE_ORDER:
        bar = _change_bar(change, [int(v) for v in summary[CHANGE_COLUMNS[change]]], summary, x=years)
        bar.update(
            legendrank=CHANGE_ORDER.index(change) + 1,
            marker=dict(color=CHANGE_COLOURS[change], line=dict(color="#FFFFFF", width=1)),
            textfont=dict(color=CHANGE_TEXT_COLOURS[change], size=13),
            customdata=[[y, change] for y in years],
            hovertemplate=_hover("Financial year"),
            xaxis="x",
            yaxis="y",
        )
        traces.append(bar)
    improved_y, improved_text, either_y, either_text = _pct_points(summary)
    small = small_flags(summary)
    for name, ys, text, colour, symbol, dash, rank in (
        (PCT_MAINTAINED_OR_IMPROVED, either_y, either_text, AF_DARK_PINK, "diamond", "dash", 6),
        (PCT_IMPROVED, improved_y, improved_text, AF_DARK_BLUE, "circle", "solid", 5),
    ):
        # The legend shows a trace's first marker, which may be hollow: a legend-only twin, filled.
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                name=name,
                mode="lines+markers",
                legendgroup=name,
                legendrank=rank,
                marker=dict(color=colour, size=9, symbol=symbol),
                line=dict(color=colour, width=2, dash=dash),
                hoverinfo="skip",
                xaxis="x2",
                yaxis="y2",
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=ys,
                name=name,
                mode="lines+markers",
                text=text,  # for the hover; the labels are a row of their own (below)
                legendgroup=name,
                showlegend=False,
                connectgaps=False,
                marker=pct_marker(colour, symbol, 9, small),
                line=dict(color=colour, width=2, dash=dash),
                customdata=[[y, ""] for y in years],
                hovertemplate=_hover("Financial year"),
                xaxis="x2",
                yaxis="y2",
            )
        )
        # The labels in a row beyond 0-100% (maintained or improved above, improved below): on
        # the points they ran into each other and into the lines wherever the two were close.
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=[STRIP_Y[name] if t else None for t in text],
                name=name,
                mode="text",
                text=text,
                textposition="middle center",
                textfont=dict(color=colour, size=12),
                legendgroup=name,
                showlegend=False,
                hoverinfo="skip",
                xaxis="x2",
                yaxis="y2",
            )
        )
    # Two rows sharing the x axis: counts on top (62% of the height), percentages below.
    x_common = dict(type="category", showgrid=False, linecolor=AXIS_LINE, ticks="outside", domain=[0.0, 1.0])
    layout = base_layout(
        barmode="stack",
        height=height,
        # Set ahead (see theme); the top holds the subplot title and two legend rows (at 850 px).
        margin=dict(
            l=y_axis_margin(["100%", str(int(summary["judgements"].max()))], title_size=14),
            r=10,
            t=96,
            b=x_axis_margin(years, title_size=14),
        ),
        uniformtext=dict(minsize=11, mode="hide"),
        legend=LEGEND,
        xaxis=dict(x_common, anchor="y", matches="x2", showticklabels=False),
        yaxis=dict(anchor="x", domain=[0.52, 1.0], gridcolor=GRID, zeroline=False, title=dict(text="Judgements")),
        xaxis2=dict(x_common, anchor="y2", title=dict(text="Financial year published (April to March)")),
        yaxis2=_percent_axis("x2", [0.0, 0.42], [-26, 124]),
        annotations=[
            _subplot_title(SUBPLOT_TITLES[0], 0, 1.0, "left"),
            _subplot_title(SUBPLOT_TITLES[1], 0, 0.42, "left"),
            strip_key(PCT_MAINTAINED_OR_IMPROVED, AF_DARK_PINK, "diamond"),
            strip_key(PCT_IMPROVED, AF_DARK_BLUE, "circle"),
        ],
    )
    return go.Figure(data=traces, layout=layout, _validate=False)


def by_region_figure(summary: pd.DataFrame, *, selected: str | None = None, height: int = 480) -> go.Figure:
    """All regions: stacked horizontal bars of counts by change, and percentages beside them.

    `summary` is `summarise_by(changes, "region_name")`, one row per region in display order
    (top to bottom). The `selected` region (a region name) keeps full colour and a bold label;
    the others are muted. With no selection every region is in full colour.
    """
    if summary.empty:
        return empty_figure("No regions to show.")
    regions = summary["region_name"].astype(str).tolist()
    full = [selected is None or r == selected for r in regions]
    traces = []
    for change in CHANGE_ORDER:
        counts = [int(v) for v in summary[CHANGE_COLUMNS[change]]]
        # The legend shows a trace's first colour, which may be muted: a legend-only twin in full colour.
        traces.append(
            dict(
                type="bar",
                y=[None],
                x=[None],
                orientation="h",
                name=CHANGE_LABELS[change],
                legendgroup=change,
                legendrank=CHANGE_ORDER.index(change) + 1,
                marker=dict(color=CHANGE_COLOURS[change]),
                hoverinfo="skip",
                xaxis="x",
                yaxis="y",
            )
        )
        bar = _change_bar(change, counts, summary, x=counts)
        bar.update(
            y=regions,
            orientation="h",
            legendgroup=change,
            showlegend=False,
            marker=dict(
                color=[CHANGE_COLOURS[change] if f else mute(CHANGE_COLOURS[change]) for f in full],
                line=dict(color="#FFFFFF", width=1),
            ),
            textfont=dict(color=[CHANGE_TEXT_COLOURS[change] if f else MUTED_TEXT for f in full], size=13),
            customdata=[[r, change] for r in regions],
            hovertemplate=_hover("Region"),
            xaxis="x",
            yaxis="y",
        )
        traces.append(bar)
    improved_x, improved_text, either_x, either_text = _pct_points(summary)
    small = small_flags(summary)
    # Improved is never more than maintained or improved: its label goes left of its marker and
    # the other's right, so the two never overlap however close they are.
    for name, xs, text, colour, symbol, rank, position in (
        (PCT_IMPROVED, improved_x, improved_text, AF_DARK_BLUE, "circle", 5, "middle left"),
        (PCT_MAINTAINED_OR_IMPROVED, either_x, either_text, AF_DARK_PINK, "diamond", 6, "middle right"),
    ):
        traces.append(
            dict(
                type="scatter",
                y=[None],
                x=[None],
                name=name,
                mode="markers",
                legendgroup=name,
                legendrank=rank,
                marker=dict(color=colour, size=11, symbol=symbol),
                hoverinfo="skip",
                xaxis="x2",
                yaxis="y2",
            )
        )
        traces.append(
            dict(
                type="scatter",
                y=regions,
                x=xs,
                name=name,
                mode="markers+text",
                text=text,
                textposition=position,
                textfont=dict(color=colour, size=12),
                legendgroup=name,
                showlegend=False,
                marker=pct_marker(colour, symbol, 11, small, opacity=[1 if f else 0.45 for f in full]),
                customdata=[[r, ""] for r in regions],
                hovertemplate=_hover("Region"),
                xaxis="x2",
                yaxis="y2",
            )
        )
    ticktext = [f"<b>{r}</b>" if selected and r == selected else r for r in regions]
    # Two columns sharing the region axis: counts on the left (60% of the width), percentages right.
    y_common = dict(
        type="category", categoryorder="array", categoryarray=regions, autorange="reversed", showgrid=False,
        domain=[0.0, 1.0],
    )  # fmt: skip
    layout = base_layout(
        barmode="stack",
        height=height,
        # Set ahead (see theme); the top holds the subplot titles and two legend rows (at 850 px).
        margin=dict(l=y_axis_margin(ticktext), r=20, t=112, b=x_axis_margin(["100%"], title_size=14)),
        uniformtext=dict(minsize=11, mode="hide"),
        legend=LEGEND,
        xaxis=dict(
            anchor="y",
            domain=[0.0, 0.582],
            type="linear",
            title=dict(text="Judgements"),
            showgrid=False,
            linecolor=AXIS_LINE,
            ticks="outside",
            gridcolor=GRID,
            zeroline=False,
        ),
        yaxis=dict(y_common, anchor="x", tickmode="array", tickvals=regions, ticktext=ticktext, linecolor=AXIS_LINE),
        xaxis2=_percent_axis("y2", [0.612, 1.0], [-36, 136]),
        yaxis2=dict(y_common, anchor="x2", matches="y", showticklabels=False),
        annotations=[
            _subplot_title(SUBPLOT_TITLES[0], 0.291, 1.0, "center"),
            _subplot_title(SUBPLOT_TITLES[1], 0.806, 1.0, "center"),
        ],
    )
    return go.Figure(data=traces, layout=layout, _validate=False)


def definition_points(docstring: str | None) -> tuple[str, list[str]]:
    """The measure's definition from `data_access.metrics.leadership`'s docstring.

    Returns the one-line summary and the bullet points under "Definition", each joined onto one
    line, so the text shown on the pages is the text beside the code and cannot drift from it.
    """
    lines = (docstring or "").strip().splitlines()
    if not lines:
        return "", []
    headline, points, in_definition = lines[0].strip(), [], False
    for line in lines[1:]:
        text = line.strip()
        if text.lower().startswith("definition"):
            in_definition = True
            continue
        if not in_definition or not text:
            continue
        if text.startswith("- "):
            points.append(text[2:].strip())
        elif points:
            points[-1] += " " + text
    points = [re.sub(r"\s+", " ", p) for p in points]
    return headline, points
