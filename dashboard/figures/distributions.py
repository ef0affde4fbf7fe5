"""Grade distributions: 100% bars by financial year of publication, and counts "as at 31 March".

Pure functions: a tidy DataFrame in, a plotly figure out. Grades arrive as the labels the table
shows ("Good", "Adequate", ...); colours and order come from the grade each label stands for.
Every segment carries its count and share as text, so grades never depend on colour alone.
Figures are assembled from plain dicts without plotly's per-property validation (which costs
more than the data work); the unit tests validate them instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import (
    AF_GREY,
    GRADE_COLOURS,
    GRADE_ORDER,
    GRADE_TEXT_COLOURS,
    base_layout,
    empty_figure,
    x_axis_margin,
    y_axis_margin,
)
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import ADEQUATE_FRAMEWORKS, Grade, parse_grade

TEXT_SIZE = 13
MIN_TEXT_SIZE = 11
GRID = "#D9D9D9"


def grade_key(label: str) -> str:
    """The stored grade ('requires_improvement') a shown label ('Adequate', 'Good', ...) stands for."""
    grade = parse_grade(label)
    if grade is None:
        raise ValueError(f"not a grade label: {label!r}")
    return grade.value


def grade_keys(frame: pd.DataFrame) -> list[str]:
    """The stored grade of each row: the frame's `grade_key` column (views carry one), else read
    from the `grade` label."""
    if "grade_key" in frame.columns:
        return list(frame["grade_key"])
    return [grade_key(label) for label in frame["grade"]]


def legend_name(key: str, frameworks: Sequence[str] = ()) -> str:
    """Legend text for a grade; the third grade names both wordings when older frameworks are shown."""
    if key == Grade.REQUIRES_IMPROVEMENT.value and set(frameworks) & ADEQUATE_FRAMEWORKS:
        return "Requires improvement / Adequate"
    return Grade(key).label()


def period_label(financial_year: str, framework: str) -> str:
    """A bar's x label: the financial year over its framework, e.g. '2017-18<br>SIF'."""
    return f"{financial_year}<br>{framework}"


def framework_start(code: str) -> date:
    framework = FRAMEWORK_BY_CODE.get(code)
    return framework.start if framework else date.max


def segment_text(count: int, share: float) -> str:
    """'12 (40%)', or nothing for an empty segment."""
    return f"{count} ({share:.0f}%)" if count else ""


def _bar(key: str, name: str, x: list, y: list, text: list, customdata: list, hovertemplate: str, **extra) -> dict:
    return dict(
        type="bar",
        name=name,
        x=x,
        y=y,
        text=text,
        customdata=customdata,
        legendgroup=key,
        marker=dict(color=GRADE_COLOURS[key], line=dict(color="white", width=1)),
        textposition="inside",
        insidetextanchor="middle",
        textangle=0,
        cliponaxis=False,
        textfont=dict(color=GRADE_TEXT_COLOURS[key], size=TEXT_SIZE),
        hovertemplate=hovertemplate,
        **extra,
    )


def grade_shares_by_year(frame: pd.DataFrame, scopes: Sequence[str]) -> go.Figure:
    """100% stacked bars of grades by financial year and framework, one panel per scope.

    `frame` has financial_year, framework, scope, grade (label), count and share (0-100) columns;
    `scopes` names the panels top to bottom (e.g. ["North West", "England"]). A year published
    under two frameworks gets two bars, each labelled with its framework.
    """
    if frame.empty:
        return empty_figure("No graded judgements match these filters.")
    cells: dict[tuple[str, str, str], tuple[int, float, str]] = {}
    first_seen: dict[str, tuple[str, date]] = {}
    for year, framework, scope, label, key, count, share in zip(
        frame["financial_year"],
        frame["framework"],
        frame["scope"],
        frame["grade"],
        grade_keys(frame),
        frame["count"],
        frame["share"],
        strict=True,
    ):
        period = period_label(year, framework)
        first_seen.setdefault(period, (year, framework_start(framework)))
        cells[(scope, period, key)] = (int(count), float(share), label)
    periods = sorted(first_seen, key=first_seen.get)
    present = {key for _, _, key in cells}
    keys = [k for k in GRADE_ORDER if k in present]
    frameworks = sorted(set(frame["framework"]))
    totals = {
        (scope, period): sum(cells.get((scope, period, k), (0,))[0] for k in keys)
        for scope in scopes
        for period in periods
    }
    n = len(scopes)
    gap = 0.12 if n > 1 else 0.0
    height = (1 - gap * (n - 1)) / n
    traces, layout_axes, titles = [], {}, []
    for row, scope in enumerate(scopes):
        suffix = "" if row == 0 else str(row + 1)
        top = 1 - row * (height + gap)
        layout_axes[f"xaxis{suffix}"] = dict(
            type="category",
            categoryorder="array",
            categoryarray=periods,
            showgrid=False,
            linecolor=AF_GREY,
            ticks="outside",
            tickfont=dict(size=12),
            anchor=f"y{suffix}",
            showticklabels=True,
            **({"matches": "x"} if row else {}),
        )
        layout_axes[f"yaxis{suffix}"] = dict(
            domain=[max(0.0, round(top - height, 4)), round(top, 4)],
            range=[0, 100.5],
            ticksuffix="%",
            dtick=25,
            gridcolor=GRID,
            zeroline=False,
            anchor=f"x{suffix}",
            title=dict(text="Share", standoff=4),
        )
        titles.append(
            dict(
                text=f"<b>{scope}</b>",
                x=0,
                y=top,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=15),
            )
        )
        for key in keys:
            found = [cells.get((scope, period, key), (0, 0.0, Grade(key).label())) for period in periods]
            # Heights from the counts (exact), so a bar of rounded shares never pokes past 100%.
            heights = [
                100 * count / totals[(scope, period)] if count else 0.0
                for (count, _, _), period in zip(found, periods, strict=True)
            ]
            traces.append(
                _bar(
                    key,
                    legend_name(key, frameworks),
                    periods,
                    heights,
                    [segment_text(count, share) for count, share, _ in found],
                    [
                        [label, count, totals[(scope, period)]]
                        for (count, _, label), period in zip(found, periods, strict=True)
                    ],
                    f"{scope}, %{{x}}<br>%{{customdata[0]}}: %{{customdata[1]}} of %{{customdata[2]}} "
                    "(%{y:.0f}%)<extra></extra>",
                    showlegend=row == 0,
                    xaxis=f"x{suffix}",
                    yaxis=f"y{suffix}",
                )
            )
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        # Set ahead (see theme): the legend sits in the top 60 px, the period labels below.
        margin=dict(
            l=y_axis_margin(["100%"], title_size=14, standoff=4),
            r=10,
            t=60,
            b=x_axis_margin(periods, size=12),
        ),
        annotations=titles,
        uniformtext=dict(minsize=MIN_TEXT_SIZE, mode="hide"),
        hovermode="closest",
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.0,
            x=0,
            traceorder="normal",
            title=dict(text="Grade:"),
            yref="container",
        ),
    )
    layout.update(layout_axes)
    layout["legend"].update(y=0.99, yanchor="top")
    return go.Figure(data=traces, layout=layout, _validate=False)


def grade_counts_as_at(frame: pd.DataFrame, *, region_name: str = "England") -> go.Figure:
    """Stacked bars: how many LAs had each latest grade at each year end.

    `frame` has year_end (dates, one per 31 March), grade (label), count and share (0-100).
    """
    if frame.empty or not frame["count"].sum():
        return empty_figure("No local authority had a graded judgement at these dates.")
    cells: dict[tuple[str, str], tuple[int, float]] = {}
    for year_end, key, count, share in zip(
        frame["year_end"], grade_keys(frame), frame["count"], frame["share"], strict=True
    ):
        cells[(str(year_end.year), key)] = (int(count), float(share))
    years = sorted({year for year, _ in cells})
    present = {key for _, key in cells}
    keys = [k for k in GRADE_ORDER if k in present]
    totals = [sum(cells.get((year, k), (0,))[0] for k in keys) for year in years]
    traces = []
    for key in keys:
        found = [cells.get((year, key), (0, 0.0)) for year in years]
        label = Grade(key).label()
        traces.append(
            _bar(
                key,
                label,
                years,
                [count for count, _ in found],
                [segment_text(c, s) for c, s in found],
                [[share, total] for (_, share), total in zip(found, totals, strict=True)],
                f"31 March %{{x}}, {region_name}<br>{label}: %{{y}} of %{{customdata[1]}} LAs "
                "(%{customdata[0]:.0f}%)<extra></extra>",
            )
        )
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        uniformtext=dict(minsize=MIN_TEXT_SIZE, mode="hide"),
        margin=dict(
            l=y_axis_margin([str(max(totals))], title_size=14),
            r=10,
            t=52,  # a legend row
            b=x_axis_margin(years, title_size=14),
        ),
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.02,
            x=0,
            traceorder="normal",
            title=dict(text="Latest grade:"),
        ),
        xaxis=dict(
            type="category",
            title=dict(text="As at 31 March"),
            showgrid=False,
            linecolor=AF_GREY,
            ticks="outside",
        ),
        yaxis=dict(title=dict(text="Local authorities"), gridcolor=GRID, zeroline=False, rangemode="tozero"),
    )
    return go.Figure(data=traces, layout=layout, _validate=False)
