"""What a view is: Filters in, a ViewResult out (frame, figure, summary, metadata), with no Dash.

Pages, the wall-screen slides, briefing packs and the `/data/<view>` twins all read views from
the `VIEWS` registry, so a number is computed by one function whatever shows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

import pandas as pd

from dashboard import dates
from dashboard.cache import cached_call
from dashboard.figures.theme import fit_to_canvas, lines_px
from dashboard.filters import Filters

OFSTED_SOURCE = "Ofsted inspection outcomes (Open Government Licence v3.0)"
# Columns a frame carries for machines (CSV, JSON, exports), not for the table on screen.
KEY_SUFFIX = "_key"


@dataclass(frozen=True)
class Canvas:
    """Where a figure is drawn: pixel height (and width, when fixed) and a font scale.

    A desk is the view's own height at scale 1; a wall screen read from 3-5 metres wants larger
    type; an A4 page a fixed width. Figures are built for the desk and scaled to other canvases.
    """

    height: int
    width: int | None = None
    font_scale: float = 1.0
    # False when the page draws the legend itself, legible at any size (the wall's map).
    figure_legend: bool = True
    # Text plotly may shrink to fit inside a bar never goes below this (px); smaller is hidden.
    min_text_size: float | None = None


@dataclass(frozen=True, eq=False)
class ViewResult:
    """One view's output for one filter set: every rendering (chart, table, CSV, slide) reads it.

    `frame` carries grade keys beside their labels (columns ending in `_key`) so nothing parses a
    label back; `paint(canvas)` builds the figure for a canvas, `paint(None)` for the desk the
    view was designed for (None for a view with no chart).
    """

    frame: pd.DataFrame
    summary: str
    paint: Callable[[Canvas | None], Any] | None = None
    source: str = OFSTED_SOURCE
    notes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)  # view-specific values a page or slide reuses

    @cached_property
    def figure(self):
        """The figure for the desk, built once."""
        return self.paint(None) if self.paint else None

    def draw(self, canvas: Canvas):
        """The figure for another canvas (a wall screen, an A4 page)."""
        return self.paint(canvas) if self.paint else None

    @property
    def shown_frame(self) -> pd.DataFrame:
        """The frame as the on-screen table shows it: machine key columns left out."""
        return self.frame.drop(columns=[c for c in self.frame.columns if c.endswith(KEY_SUFFIX)])


def scaled_paint(build: Callable[[], Any]) -> Callable[[Canvas], Any]:
    """A painter for figures built at desk size: the desk gets `build()` as it is, other
    canvases a copy with sizes, fonts and margins scaled (figures.theme.fit_to_canvas)."""

    def paint(canvas: Canvas | None):
        figure = build()
        if canvas is None:
            return figure
        return fit_to_canvas(
            figure,
            height=canvas.height,
            width=canvas.width,
            font_scale=canvas.font_scale,
            min_text_size=canvas.min_text_size,
        )

    return paint


@dataclass(frozen=True)
class View:
    """A named view: `compute(filters)` gives its ViewResult; `fields` are the filters it reads.

    Filters a view does not read are reset before computing, so `?colour=leadership` on the
    Judgements page shares the cached result of the plain view.
    """

    name: str  # the URL name (/data/<name>.csv) and the DOM id prefix of its card
    title: str
    compute: Callable[[Filters], ViewResult]
    fields: tuple[str, ...]
    height: int = 420
    description: str = ""
    chart: bool = True  # False: a table-only view (no figure)
    filename: Callable[[Filters], str] | None = None
    # The title naming what is shown ("Map of London: ..."), when more specific than `title`.
    title_for: Callable[[Filters], str] | None = None
    # How a link's query becomes Filters, when not `filters.parse_query` (an LA profile also
    # takes former authorities' codes).
    parse: Callable[[Mapping[str, str]], tuple[Filters, list[str]]] | None = None

    def relevant(self, filters: Filters) -> Filters:
        default = Filters()
        read = set(self.fields) | ({"regions"} if "region" in self.fields else set())  # a region names its basis
        return filters.with_(**{f.name: getattr(default, f.name) for f in fields(Filters) if f.name not in read})

    def result(self, filters: Filters) -> ViewResult:
        """The view for these filters, computed once per store revision."""
        return cached_call(self.compute, self.relevant(filters))

    def full_title(self, filters: Filters) -> str:
        return self.title_for(filters) if self.title_for else self.title

    def file_name(self, filters: Filters, extension: str) -> str:
        stem = self.filename(filters) if self.filename else self.name
        return f"{stem}.{extension}"


def metadata_lines(view: View, filters: Filters, result: ViewResult, *, today: date | None = None) -> list[str]:
    """What a download says about itself: title, the filters the view reads, source, date, notes."""
    return [
        view.full_title(filters),
        f"Filters: {filters.describe(view.fields)}",
        f"Source: {result.source}",
        f"Downloaded: {(today or date.today()).isoformat()}",
    ] + [f"Note: {n}" for n in result.notes]


def cell_text(value) -> str:
    """A cell as every table shows it (page, PDF, slide): dates ISO, floats to 1 decimal, blanks empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


# What a spreadsheet may read as the start of a formula (OWASP, "CSV injection"): a text cell
# beginning with one of these is written with a single quote in front, so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """`value` with a `'` in front when it is text a spreadsheet would run as a formula; numbers
    (negative ones included), dates and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names cannot run as formulas in a
    spreadsheet (`neutralise_formula`); numeric and date columns are left as they are. Every
    CSV, XLSX or ODS the app writes goes through this (JSON is not a spreadsheet: left as is)."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            if values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).any():
                safe[column] = values.map(neutralise_formula).astype(values.dtype)
    safe.columns = [neutralise_formula(c) for c in safe.columns]
    return safe


def comment_lines(rows: Sequence[tuple[str, str]]) -> str:
    """(field, value) pairs as a CSV's `# ` lines: the title alone first, then "Field: value".
    Line breaks inside a value become spaces, so a value cannot end the comment early."""
    lines = []
    for field_name, value in rows:
        flat = " ".join(str(value).splitlines())
        lines.append(flat if field_name == "Title" else f"{field_name}: {flat}")
    return "".join(f"# {line}\r\n" for line in lines)


def csv_text(
    view: View, filters: Filters, result: ViewResult, metadata: Sequence[tuple[str, str]] | None = None
) -> str:
    """The table of a view as CSV (what the Table tab shows), after `# ` lines saying what it is:
    `metadata` (the export's ExportMetadata.rows(): sources with sha256, filters, generated-at,
    demo flag), or, without a store to read them from, `metadata_lines`. No cell can run as a
    formula in a spreadsheet (`spreadsheet_safe`). Lines end in CRLF (RFC 4180), so a cell
    holding a carriage return is quoted, not a row break."""
    if metadata is None:
        lines = metadata_lines(view, filters, result)
        metadata = [("Title", lines[0])] + [tuple(line.split(": ", 1)) for line in lines[1:]]
    body = spreadsheet_safe(result.shown_frame).to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    return comment_lines(metadata) + body


# -- marks a view adds to its figure, whatever builds it ------------------------------------------------


def _axis_names(figure, letter: str) -> dict[str, str]:
    """{'x': 'xaxis', 'x2': 'xaxis2', ...} for the axes of `letter` in the figure's layout."""
    names = {letter: f"{letter}axis"}
    for key in figure.layout.to_plotly_json():
        if key.startswith(f"{letter}axis") and key != f"{letter}axis":
            names[f"{letter}{key[5:]}"] = key
    return names


def mark_partial_years(figure, partial: set[str], *, size: float = 12):
    """Add a "(partial)" line under the tick label of every financial year in `partial` (labels
    such as "2025-26", or "2025-26<br>ILACS"), on every x axis that shows one: a year the data
    or the dates do not cover from April to March must not read as a whole year."""
    if not partial or figure is None:
        return figure
    marked = False
    for axis_ref, axis_key in _axis_names(figure, "x").items():
        categories: list[str] = []
        for trace in figure.data:
            if (getattr(trace, "xaxis", None) or "x") != axis_ref or trace.x is None:
                continue
            categories += [x for x in trace.x if isinstance(x, str) and x not in categories]
        if not any(c.split("<br>")[0] in partial for c in categories):
            continue
        text = [f"{c}<br>{dates.PARTIAL}" if c.split("<br>")[0] in partial else c for c in categories]
        figure.layout[axis_key].update(tickmode="array", tickvals=categories, ticktext=text)
        marked = True
    if marked:  # one more line of tick labels: the margin was set ahead for the labels without it
        figure.layout.margin.b = (figure.layout.margin.b or 0) + lines_px(1, size)
    return figure


def whole_number_axis(figure, axis_key: str = "yaxis", *, most: float | None = None):
    """Counts of a few (one LA's judgements) on a whole-number axis: 0, 1, 2, not 0.2, 0.4..."""
    if figure is None:
        return figure
    if most is None or most <= 10:
        figure.layout[axis_key].update(dtick=1, tickformat="d", rangemode="tozero")
    else:
        figure.layout[axis_key].update(tickformat=",d")
    return figure
