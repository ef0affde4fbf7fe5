"""Charts of improvement support: counts by year and type, coverage by region, participants, and
the "did support help?" comparison.

Pure: a frame in, a plotly Figure out. Every bar carries its number as a direct label, and series
differ by fill pattern as well as colour (named in the legend), so nothing relies on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import (
    AF_DARK_BLUE,
    AF_DARK_PINK,
    AF_GREY,
    AF_ORANGE,
    AF_TURQUOISE,
    base_layout,
    empty_figure,
    x_axis_margin,
    y_axis_margin,
)
from data_access.metrics.small_numbers import point_label

SERIES_COLOURS = (AF_DARK_BLUE, AF_TURQUOISE, AF_DARK_PINK, AF_ORANGE, "#3D3D3D", "#A285D1")
PATTERNS = ("", "/", ".", "x", "-", "+")
MUTED_BAR = "#9FB3C8"


def stacked_by_series(
    frame: pd.DataFrame, category: str, series: str, value: str, *, axis_title: str, height: int = 460
) -> go.Figure:
    """Vertical bars per `category` (e.g. financial year) stacked by `series` (e.g. type), each
    part labelled with its count and each bar with its total above it."""
    if frame.empty:
        return empty_figure("No records to show.")
    categories = sorted(frame[category].astype(str).unique())
    names = list(dict.fromkeys(frame.sort_values(series)[series].astype(str)))
    traces = []
    for i, name in enumerate(names):
        mine = frame[frame[series].astype(str) == name].groupby(category)[value].sum()
        counts = [int(mine.get(c, 0)) for c in categories]
        traces.append(
            dict(
                type="bar",
                x=categories,
                y=[c or None for c in counts],
                name=name,
                # One series: its total above the bar says it all; several: each part has its count.
                text=[str(c) if c and len(names) > 1 else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,  # never turned on its side; too thin a part hides it (uniformtext)
                textfont=dict(color="#FFFFFF" if i % len(SERIES_COLOURS) in (0, 2, 4) else "#0B0C0C", size=13),
                marker=dict(
                    color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                    line=dict(color="#FFFFFF", width=1),
                    pattern=dict(shape=PATTERNS[i % len(PATTERNS)], fgcolor="#FFFFFF", solidity=0.25),
                ),
                hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    totals = frame.groupby(category)[value].sum()
    traces.append(
        dict(
            type="scatter",
            x=categories,
            y=[int(totals.get(c, 0)) for c in categories],
            mode="text",
            text=[f"<b>{int(totals.get(c, 0))}</b>" for c in categories],
            textposition="top center",
            textfont=dict(size=13, color="#0B0C0C"),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    most = max(int(totals.max()), 1)
    legend_rows = (len(names) + 1) // 2
    layout = base_layout(
        height=height,
        barmode="stack",
        uniformtext=dict(minsize=11, mode="hide"),
        margin=dict(l=60, r=10, t=28 + 24 * legend_rows, b=x_axis_margin(categories)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        xaxis=dict(type="category", showgrid=False, linecolor=AF_GREY, ticks="outside"),
        yaxis=dict(
            title=dict(text=axis_title),
            range=[0, most * 1.18],
            gridcolor="#D9D9D9",
            zeroline=False,
            **({"dtick": 1} if most <= 10 else {}),
        ),
    )
    return go.Figure(data=traces, layout=layout, _validate=False)


def labelled_bars(
    categories: Sequence[str],
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    axis_title: str,
    selected: set[str] | None = None,
    maximum: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars, top to bottom in the given order, each with its label beside it
    ("3 of 12 (25%)"); the `selected` categories in full colour and bold, the others paler."""
    if not categories:
        return empty_figure("Nothing to show.")
    shown = [v if v is not None else 0 for v in values]
    full = [selected is None or c in selected for c in categories]
    ticks = [f"<b>{c}</b>" if selected and c in selected else c for c in categories]
    longest = max(len(label) for label in labels) if labels else 0
    top = maximum if maximum is not None else max(max(shown), 1)
    trace = dict(
        type="bar",
        orientation="h",
        y=ticks,
        x=shown,
        text=list(labels),
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=13, color="#0B0C0C"),
        marker=dict(color=[AF_DARK_BLUE if f else MUTED_BAR for f in full]),
        hovertemplate="%{y}: %{text}<extra></extra>",
        showlegend=False,
    )
    layout = base_layout(
        height=height or 90 + 38 * len(categories),
        margin=dict(
            l=y_axis_margin(categories, size=14), r=10 + 8 * longest, t=20, b=x_axis_margin(["0"], title_size=14)
        ),
        xaxis=dict(title=dict(text=axis_title), range=[0, top], gridcolor="#D9D9D9", linecolor=AF_GREY),
        yaxis=dict(type="category", categoryorder="array", categoryarray=ticks, autorange="reversed"),
    )
    return go.Figure(data=[trace], layout=layout, _validate=False)


def outcome_bars(table: pd.DataFrame, outcomes: Sequence[str], *, height: int = 380) -> go.Figure:
    """Grouped horizontal bars: for each group (with / without support) the share of each outcome,
    labelled "n (x%)". `table` is `data_access.metrics.support.did_support_help`."""
    if table.empty or not table["judgements"].sum():
        return empty_figure("No ILACS leadership judgements with a previous grade to compare.")
    traces = []
    for i, row in enumerate(table.to_dict("records")):
        traces.append(
            dict(
                type="bar",
                orientation="h",
                y=[o.capitalize() for o in outcomes],
                x=[row[f"pct_{o}"] or 0 for o in outcomes],
                name=f"{row['group'].capitalize()} ({row['judgements']} judgements)",
                text=[point_label(row[o], row["judgements"]) or "0" for o in outcomes],
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=13, color="#0B0C0C"),
                marker=dict(
                    color=(AF_DARK_BLUE, AF_ORANGE)[i % 2],
                    pattern=dict(shape=("", "/")[i % 2], fgcolor="#FFFFFF", solidity=0.3),
                ),
                hovertemplate="%{y}: %{text}<extra>" + row["group"] + "</extra>",
            )
        )
    layout = base_layout(
        height=height,
        barmode="group",
        margin=dict(l=y_axis_margin(["Declined"]), r=90, t=60, b=x_axis_margin(["0"], title_size=14)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        xaxis=dict(
            title=dict(text="% of the group's judgements (descriptive, not causal)"),
            range=[0, 100],
            gridcolor="#D9D9D9",
        ),
        yaxis=dict(type="category", autorange="reversed"),
    )
    return go.Figure(data=traces, layout=layout, _validate=False)
