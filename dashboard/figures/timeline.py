"""One local authority's inspection history: a table of every inspection and visit, and its timeline.

`inspection_history` turns the LA's rows of `queries.inspections` and `queries.judgements` into
one row per inspection or visit with a column of grades per judgement area (the words the
framework used, e.g. "Adequate" before 2013). `timeline_figure` draws that same frame: one row
per judgement area, a marker symbol AND a text label for every grade (never colour alone),
focused and monitoring visits as open markers in their own row, and each framework's period
shaded and named.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.theme import (
    AF_GREY,
    GRADE_COLOURS,
    GRADE_ORDER,
    base_layout,
    empty_figure,
    x_axis_margin,
    y_axis_margin,
)
from data_access.areas import AREA_BY_CODE, AREAS, HEADLINE_AREAS
from data_access.frameworks import FRAMEWORK_BY_CODE
from data_access.grades import ADEQUATE_FRAMEWORKS, SHORT_LABEL, Grade, parse_grade

BASE_COLUMNS = ["Published", "Inspected", "Framework", "Inspection", "Theme"]
TYPE_LABELS = {
    "standard": "Standard inspection",
    "short": "Short inspection",
    "focused_visit": "Focused visit",
    "monitoring_visit": "Monitoring visit",
}
VISITS = ("Focused visit", "Monitoring visit")
# Added to an inspection read from the scraped report list, not yet in Ofsted's official files.
PROVISIONAL_SUFFIX = " (provisional)"


def is_provisional(row) -> bool:
    """A row of queries.inspections/judgements that is provisional: not official and not demo."""
    return not bool(getattr(row, "official", True)) and not bool(getattr(row, "is_demo", False))


VISITS_ROW = "Visits (not graded)"
GRADE_SYMBOLS = {
    "outstanding": "star",
    "good": "circle",
    "requires_improvement": "square",
    "inadequate": "x",
    "not_graded": "circle-open",
}
GRADE_LEGEND = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement (Adequate before 2013)",
    "inadequate": "Inadequate",
    "not_graded": "Not graded",
}
VISIT_SYMBOLS = {"Focused visit": "diamond-open", "Monitoring visit": "triangle-up-open"}
VISIT_TEXT = {"Focused visit": "FV", "Monitoring visit": "MV"}
BAND_COLOURS = ("#F3F2F1", "#E8F1F8")


def area_column(area_code: str) -> str:
    """The column (and timeline row) a stored area is shown in: its headline area, else its own label."""
    area = AREA_BY_CODE.get(area_code)
    if area is None:
        return area_code.replace("_", " ").capitalize()
    return HEADLINE_AREAS[area.headline] if area.headline else area.label


_COLUMN_ORDER = list(HEADLINE_AREAS.values()) + [a.label for a in AREAS if a.headline is None]


def inspection_history(inspections: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """One row per inspection or visit (newest first) with its grade in each judgement area.

    `inspections` and `judgements` are one LA's rows of `queries.inspections` and
    `queries.judgements`. Area columns appear only for areas the LA was ever graded in.
    """
    grades: dict[int, dict[str, str]] = {}
    for row in judgements.itertuples(index=False):
        column = area_column(row.area)
        grades.setdefault(int(row.inspection_id), {}).setdefault(
            column, Grade(row.grade).label(row.framework) if isinstance(row.grade, str) else ""
        )
    present = {c for cells in grades.values() for c in cells}
    columns = [c for c in _COLUMN_ORDER if c in present] + sorted(present - set(_COLUMN_ORDER))
    rows = []
    for row in inspections.itertuples(index=False):
        cells = grades.get(int(row.inspection_id), {})
        rows.append(
            {
                "Published": row.published_date,
                "Inspected": row.inspection_date,
                "Framework": row.framework,
                "Inspection": TYPE_LABELS.get(row.inspection_type, str(row.inspection_type))
                + (PROVISIONAL_SUFFIX if is_provisional(row) else ""),
                "Theme": row.theme if isinstance(row.theme, str) else "",
                **{c: cells.get(c, "") for c in columns},
            }
        )
    frame = pd.DataFrame(rows, columns=BASE_COLUMNS + columns)
    for column in ("Published", "Inspected"):
        frame[column] = pd.to_datetime(frame[column])
    when = frame["Published"].fillna(frame["Inspected"])
    return (
        frame.assign(_when=when)
        .sort_values("_when", ascending=False, na_position="first", kind="stable")
        .drop(columns="_when")
        .reset_index(drop=True)
    )


def area_columns(history: pd.DataFrame) -> list[str]:
    return [c for c in history.columns if c not in BASE_COLUMNS]


def _short(grade: Grade, framework: str) -> str:
    if grade is Grade.REQUIRES_IMPROVEMENT and framework in ADEQUATE_FRAMEWORKS:
        return "Adeq"
    return SHORT_LABEL[grade]


def _day(value) -> str:
    return f"{value:%-d %b %Y}" if pd.notna(value) else "not given"


def _event_date(row) -> pd.Timestamp:
    return row["Published"] if pd.notna(row["Published"]) else row["Inspected"]


def timeline_figure(history: pd.DataFrame, support: pd.DataFrame | None = None) -> go.Figure:
    """Every inspection and visit by date (publication, else inspection), one row per judgement area;
    with `support` (`SUPPORT_COLUMNS`), peer challenges and interventions in rows of their own."""
    if history.empty:
        return empty_figure("No inspections or visits are recorded.")
    areas = [c for c in area_columns(history) if (history[c].astype(str) != "").any()]
    visits = history[history["Inspection"].isin(VISITS)]
    support = _dated(support)
    support_rows = [row for row in SUPPORT_ROWS.values() if (support["row"] == row).any()]
    rows = areas + ([VISITS_ROW] if len(visits) else []) + support_rows
    points: dict[str, dict[str, list]] = {g: {"x": [], "y": [], "text": [], "hover": []} for g in GRADE_ORDER}
    for _, row in history.iterrows():
        when = _event_date(row)
        if pd.isna(when):
            continue
        for area in areas:
            label = row[area]
            grade = parse_grade(label) if isinstance(label, str) and label else None
            if grade is None:
                continue
            bucket = points[grade.value]
            bucket["x"].append(when)
            bucket["y"].append(area)
            bucket["text"].append(_short(grade, row["Framework"]))
            bucket["hover"].append(
                f"{area}: {label}<br>{row['Framework']} {row['Inspection'].lower()}"
                f"<br>Published {_day(row['Published'])} (inspected {_day(row['Inspected'])})"
            )
    # Plain dicts and one unvalidated go.Figure: validating each trace, shape and annotation as it
    # is added cost ~0.1 s per profile (test_figures_timeline.py validates the result).
    traces: list[dict] = []
    for grade in GRADE_ORDER:
        bucket = points[grade]
        if not bucket["x"]:
            continue
        traces.append(
            dict(
                type="scatter",
                x=bucket["x"],
                y=bucket["y"],
                name=GRADE_LEGEND[grade],
                mode="markers+text",
                text=bucket["text"],
                textposition="top center",
                textfont=dict(size=12, color="#0B0C0C"),
                hovertext=bucket["hover"],
                hovertemplate="%{hovertext}<extra></extra>",
                # An open symbol is drawn in marker.color: the light grey of "not graded" would vanish.
                marker=dict(
                    symbol=GRADE_SYMBOLS[grade],
                    size=15,
                    color=AF_GREY if grade == "not_graded" else GRADE_COLOURS[grade],
                    line=dict(color="#0B0C0C" if grade != "not_graded" else AF_GREY, width=1),
                ),
            )
        )
    for kind in VISITS:
        shown = visits[visits["Inspection"] == kind]
        shown = shown[shown.apply(_event_date, axis=1).notna()] if len(shown) else shown
        if shown.empty:
            continue
        traces.append(
            dict(
                type="scatter",
                x=[_event_date(r) for _, r in shown.iterrows()],
                y=[VISITS_ROW] * len(shown),
                name=kind,
                mode="markers+text",
                text=[VISIT_TEXT[kind]] * len(shown),
                textposition="top center",
                textfont=dict(size=12, color="#0B0C0C"),
                hovertext=[
                    f"{kind}{': ' + r['Theme'] if r['Theme'] else ''}<br>{r['Framework']}"
                    f"<br>Published {_day(r['Published'])} (visited {_day(r['Inspected'])})"
                    for _, r in shown.iterrows()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(symbol=VISIT_SYMBOLS[kind], size=13, color=AF_GREY, line=dict(width=2, color=AF_GREY)),
            )
        )
    dates = history.apply(_event_date, axis=1).dropna()
    if len(support):
        dates = pd.concat([dates, support["start"], support["end"].dropna()])
    start, end = dates.min() - pd.DateOffset(months=8), dates.max() + pd.DateOffset(months=8)
    traces += _support_traces(support, end)
    shapes, annotations = _framework_bands(history, start, end)
    layout = base_layout(
        height=110 + 58 * len(rows) + (48 if support_rows else 0),
        # Set ahead (see theme): area names on the left; the top holds the legend.
        margin=dict(
            l=y_axis_margin(rows), r=10, t=72 + (48 if support_rows else 0), b=x_axis_margin(["2024"], title_size=14)
        ),
        legend=dict(orientation="h", yanchor="bottom", y=1.06, x=0, traceorder="normal"),
        xaxis=dict(
            type="date",
            range=[start, end],
            showgrid=False,
            linecolor=AF_GREY,
            ticks="outside",
            title=dict(text="Date published (inspection date if not yet published)"),
        ),
        yaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=rows,
            range=[len(rows) - 0.5, -0.75],
            gridcolor="#D9D9D9",
            zeroline=False,
        ),
        shapes=shapes,
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout, _validate=False)


# Improvement support on the timeline: peer challenges as hexagrams labelled "PC"; interventions as
# thick bars from start to end labelled "INT", solid when ended and dotted while active (to the
# chart's right edge), so the legend tells them apart by shape and line style, not colour.
SUPPORT_COLUMNS = ["kind", "label", "start", "end", "active", "when_text"]
SUPPORT_ROWS = {"peer challenge": "Peer challenges", "intervention": "Interventions"}
PEER_LEGEND = "Peer challenge or diagnostic (PC)"
INTERVENTION_LEGEND = {False: "Intervention, ended (INT, solid bar)", True: "Intervention, active (INT, dotted bar)"}
SUPPORT_COLOUR = "#28A197"
INTERVENTION_COLOUR = "#801650"


def _dated(support: pd.DataFrame | None) -> pd.DataFrame:
    """The support events with a known start, each with the timeline row it is drawn in."""
    if support is None or support.empty:
        return pd.DataFrame(columns=[*SUPPORT_COLUMNS, "row"])
    dated = support[pd.to_datetime(support["start"]).notna()].copy()
    dated["start"] = pd.to_datetime(dated["start"])
    dated["end"] = pd.to_datetime(dated["end"])
    dated["row"] = dated["kind"].map(SUPPORT_ROWS)
    return dated


def _support_traces(support: pd.DataFrame, right_edge: pd.Timestamp) -> list[dict]:
    traces: list[dict] = []
    peer = support[support["kind"] == "peer challenge"]
    if len(peer):
        traces.append(
            dict(
                type="scatter",
                x=list(peer["start"]),
                y=[SUPPORT_ROWS["peer challenge"]] * len(peer),
                name=PEER_LEGEND,
                mode="markers+text",
                text=["PC"] * len(peer),
                textposition="top center",
                textfont=dict(size=12, color="#0B0C0C"),
                hovertext=[f"{r.label}<br>{r.when_text}" for r in peer.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(symbol="hexagram", size=16, color=SUPPORT_COLOUR, line=dict(color="#0B0C0C", width=1)),
            )
        )
    shown: set[bool] = set()
    for row in support[support["kind"] == "intervention"].itertuples():
        active = bool(row.active)
        finish = right_edge if active or pd.isna(row.end) else row.end
        traces.append(
            dict(
                type="scatter",
                x=[row.start, finish],
                y=[SUPPORT_ROWS["intervention"]] * 2,
                name=INTERVENTION_LEGEND[active],
                legendgroup=f"intervention-{active}",
                showlegend=active not in shown,
                mode="lines+markers+text",
                text=["INT", ""],
                textposition="top right",
                textfont=dict(size=12, color="#0B0C0C"),
                line=dict(color=INTERVENTION_COLOUR, width=8, dash="dot" if active else "solid"),
                marker=dict(symbol=["line-ns-open", "line-ns-open"], size=18, color=INTERVENTION_COLOUR),
                hovertext=[f"{row.label}<br>{row.when_text}"] * 2,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        shown.add(active)
    return traces


def _framework_bands(history: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list, list]:
    """(shapes, annotations): each framework's period shaded (clipped to the chart), named at the top."""
    shapes, annotations = [], []
    codes = sorted(
        {f for f in history["Framework"].dropna()},
        key=lambda c: FRAMEWORK_BY_CODE[c].start if c in FRAMEWORK_BY_CODE else date.max,
    )
    for i, code in enumerate(codes):
        framework = FRAMEWORK_BY_CODE.get(code)
        if framework is None:
            continue
        left = max(pd.Timestamp(framework.start), start)
        right = min(pd.Timestamp(framework.end) if framework.end else end, end)
        if left >= right:
            continue
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=left,
                x1=right,
                y0=0,
                y1=1,
                layer="below",
                line=dict(width=0),
                fillcolor=BAND_COLOURS[i % 2],
            )
        )
        annotations.append(
            dict(
                x=left + (right - left) / 2,
                y=1,
                xref="x",
                yref="paper",
                yanchor="bottom",
                text=f"<b>{code}</b>",
                showarrow=False,
                font=dict(size=13, color="#0B0C0C"),
            )
        )
    return shapes, annotations


CURRENT_COLUMNS = ["Area", "Grade", "Framework", "Inspection", "Published", "Note"]


def current_grades_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One LA's current grades (rows of `data_access.metrics.grades.grades_of_authority`), worded
    for its profile: one row per headline area, the grade in the framework's words, and why an
    area is not graded."""
    shown = []
    for row in rows.itertuples(index=False):
        shown.append(
            {
                "Area": HEADLINE_AREAS[row.headline],
                "Grade": Grade(row.grade).label(row.framework),
                "Framework": row.framework,
                "Inspection": TYPE_LABELS.get(row.inspection_type, str(row.inspection_type))
                + (PROVISIONAL_SUFFIX if is_provisional(row) else ""),
                "Published": row.published_date,
                "Note": row.note,
            }
        )
    return pd.DataFrame(shown, columns=CURRENT_COLUMNS)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def timeline_summary(history: pd.DataFrame, la_name: str, current: pd.DataFrame) -> str:
    """A one-sentence text alternative for the timeline, with the real counts and current grades
    (`current_grades_table`)."""
    if history.empty:
        return f"No inspections or visits are recorded for {la_name}."
    dates = history.apply(_event_date, axis=1).dropna()
    visits = int(history["Inspection"].isin(VISITS).sum())
    graded = len(history) - visits
    span = f" from {dates.min():%B %Y} to {dates.max():%B %Y}" if len(dates) else ""
    text = (
        f"{la_name} has {_plural(len(history), 'inspection or visit', 'inspections and visits')} "
        f"recorded{span} ({_plural(graded, 'graded inspection')}, "
        f"{_plural(visits, 'focused or monitoring visit')})"
    )
    current = current.set_index("Area")
    parts = [
        f"{area.lower()} {current.loc[area, 'Grade']} ({current.loc[area, 'Note'] or current.loc[area, 'Framework']}, "
        f"published {_day(current.loc[area, 'Published'])})"
        for area in ("Overall effectiveness", "Leadership")
        if area in current.index
    ]
    return text + ("; current " + " and ".join(parts) if parts else "") + "."
