"""Grade distributions: 100% bars by financial year of publication, and counts "as at 31 March".

Pure functions: a tidy DataFrame in, a plotly figure out. Grades arrive as the labels the table
shows ("Good", "Adequate", ...); colours and order come from the grade each label stands for.
Every segment carries its count and share as text, so grades never depend on colour alone.
A bar of fewer than SMALL_N judgements (data_access.metrics.small_numbers) is drawn faded, its
segments read "1 of 1" rather than "1 (100%)", and every 100% bar has its n under it.
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
from data_access.metrics.small_numbers import is_small

FADE_MIX = 0.6  # how far a small-number bar's colour is mixed towards white
FADED_TEXT = "#0B0C0C"  # text on a faded bar: dark, whatever the grade (contrast >= 4.5:1)

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


def segment_text(count: int, share: float, total: int | None = None) -> str:
    """'12 (40%)'; '1 of 1' when the bar's `total` is under SMALL_N; nothing for an empty segment."""
    if not count:
        return ""
    if total is not None and is_small(total):
        return f"{count} of {total}"
    return f"{count} ({share:.0f}%)"


def fade(colour: str, mix: float = FADE_MIX) -> str:
    """`colour` mixed towards white: a bar that rests on too few judgements to read as a share."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * mix):02X}" for c in (red, green, blue))


def n_tick(period: str, total: int) -> str:
    """A 100% bar's x label with its number of judgements under it: '2017-18<br>SIF<br>n=12'."""
    return f"{period}<br>n={total}"


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


def legend_twin(key: str, name: str) -> dict:
    """A legend entry in a grade's full colour, with no bar of its own."""
    return dict(
        type="bar", name=name, x=[None], y=[None], legendgroup=key, hoverinfo="skip", xaxis="x", yaxis="y",
        marker=dict(color=GRADE_COLOURS[key], line=dict(color="white", width=1)),
    )  # fmt: skip


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
    gap = 0.15 if n > 1 else 0.0  # room for a panel's three-line x labels and the next one's title
    height = (1 - gap * (n - 1)) / n
    traces, layout_axes, titles, twins = [], {}, [], []
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
            tickmode="array",
            tickvals=periods,
            ticktext=[n_tick(period, totals[(scope, period)]) for period in periods],
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
            small = [is_small(totals[(scope, period)]) for period in periods]
            bar = _bar(
                key,
                legend_name(key, frameworks),
                periods,
                heights,
                [
                    segment_text(count, share, totals[(scope, period)])
                    for (count, share, _), period in zip(found, periods, strict=True)
                ],
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
            if any(small):
                colour, text_colour = GRADE_COLOURS[key], GRADE_TEXT_COLOURS[key]
                bar["marker"] = dict(bar["marker"], color=[fade(colour) if s else colour for s in small])
                bar["textfont"] = dict(bar["textfont"], color=[FADED_TEXT if s else text_colour for s in small])
                if row == 0 and small[0]:
                    # The legend takes a bar's first colour, here a faded one: a legend-only twin
                    # in full colour stands in for it (after the bars, so the bars keep their places).
                    bar["showlegend"] = False
                    twins.append(legend_twin(key, bar["name"]))
            traces.append(bar)
    traces += twins
    layout = base_layout(
        barmode="stack",
        bargap=0.15,
        # Set ahead (see theme): the legend sits in the top 60 px, the period labels below.
        margin=dict(
            l=y_axis_margin(["100%"], title_size=14, standoff=4),
            r=10,
            t=60,
            b=x_axis_margin([n_tick(p, 0) for p in periods], size=12),
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
