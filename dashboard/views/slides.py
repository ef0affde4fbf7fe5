"""The slides of an RIA meeting (/present): one region, in the order a meeting takes them.

Pure like every view: each slide is built from `VIEWS` and the metrics, with its figure drawn
for the wall (`WALL`: the same figure functions as the pages, fonts scaled up) and its key
messages from `views.messages`. The page (dashboard/pages/present.py) only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from dashboard.context import store_url
from dashboard.filters import Filters
from dashboard.views import authority, judgements, leadership, maps, overview
from dashboard.views.base import Canvas, View
from dashboard.views.freshness import as_at, day_text
from dashboard.views.messages import headline_message, leadership_message, percent, plural, since_message
from data_access import queries
from data_access.cache import call_cached
from data_access.grades import Grade
from data_access.metrics import leadership as measure
from data_access.metrics.headlines import grade_changes_since, latest_complete_financial_year
from data_access.metrics.periods import financial_year_bounds, financial_year_label
from data_access.metrics.small_numbers import is_small
from data_access.reference.regions import members

# A wall screen read from 3-5 metres: chart text at least 20 px (the desk's 12-14 px x 1.7).
WALL = Canvas(height=600, font_scale=1.7, min_text_size=20)
# The slide's chart box at 1920x1080; the slide draws the legend in large type itself.
MAP_CANVAS = Canvas(height=700, width=1800, font_scale=1.5, figure_legend=False)
SINCE_MONTHS = 3  # "since the last meeting" when no date is given: RIA meetings are quarterly
MOST_ITEMS = 6  # a list on a slide: more is unreadable from the back of the room
MOST_LA_SLIDES = 5  # slides for LAs whose grade moved since the last meeting


@dataclass(frozen=True)
class Slide:
    key: str  # stable id: the slide's DOM id and what tests and screenshots name
    title: str
    messages: tuple[str, ...]
    figure: Any = None  # plotly figure (or its dict) drawn for WALL
    items: tuple[str, ...] = ()  # a short list, when the slide is a list
    table: pd.DataFrame | None = None  # what the chart shows, as a table (its text equivalent)
    # (width, height) the figure was drawn for, when it must keep them (the hex map's tiles are
    # sized in pixels): the page scales it to the slide instead of letting plotly resize it.
    fixed_size: tuple[int, int] | None = None
    # A legend the page draws in large type: (title, ((name, fill, line colour), ...)).
    legend: tuple[str, tuple[tuple[str, str, str], ...]] | None = None


def default_since(today: date) -> date:
    return (pd.Timestamp(today) - pd.DateOffset(months=SINCE_MONTHS)).date()


def headline_slide(filters: Filters) -> Slide:
    here = overview.region_figures(filters.region)
    england = overview.region_figures("") if filters.region else None
    demo = bool(queries.store_status(store_url())["demo"])
    counts = here["grade_counts"]
    table = pd.DataFrame(
        [{"Grade": Grade(key).label(), "LAs": counts[key]} for key in overview.SHOWN_GRADES]
        + [{"Grade": "Total graded", "LAs": here["graded"]}]
    )
    return Slide(
        "headline",
        f"{filters.region_name}: where we stand",
        tuple(headline_message(filters.region_name, here, england, demo=demo)),
        table=table,
    )


def map_slide(filters: Filters, canvas: Canvas = MAP_CANVAS) -> Slide:
    """The hex map of latest overall grades; `canvas` fixes its size (the wall's by default)."""
    map_filters = filters.with_(map="hex", colour="overall")
    result = maps.MAP.result(map_filters)
    size = (canvas.width, canvas.height)
    legend_title, legend = maps.legend_items(map_filters)
    return Slide(
        "map",
        f"Latest overall grade of each LA, as at {day_text(as_at())}",
        (result.summary,),
        figure=result.draw(canvas),
        table=result.shown_frame[["Local authority", "Overall grade"]],
        fixed_size=size,
        legend=(legend_title, tuple(legend)),
    )


def chart_slide(key: str, title: str, view: View, filters: Filters, canvas: Canvas = WALL) -> Slide:
    """A view's chart drawn for `canvas` (the wall's by default), its summary as the key message,
    its table beside."""
    result = view.result(filters)
    return Slide(key, title, (result.summary,), figure=result.draw(canvas), table=result.shown_frame)


def counts_on_bars(figure):
    """Stacked bars labelled with their counts alone: "4 (17%)" at 20 px does not fit a bar of a
    13-year chart on a laptop's screen, "4" does (the shares are in the key message and the table)."""
    for trace in figure.data:
        if trace.type == "bar" and trace.y is not None and trace.text is not None:
            trace.text = [f"{int(y)}" if y else "" for y in trace.y]
    return figure


def _distribution(filters: Filters) -> Slide:
    slide = chart_slide("distribution", "Each LA's latest overall grade at each 31 March", judgements.AS_AT, filters)
    return replace(slide, figure=counts_on_bars(slide.figure))


def share_or_n(part: int, whole: int) -> str:
    """A percentage, or 'n = 3' when fewer than SMALL_N judgements would make one misleading."""
    return f"n = {whole}" if is_small(whole) else percent(part, whole)


def _leadership(filters: Filters) -> Slide:
    """The measure for the year in progress and the last whole year, as sentences and a table
    of counts large enough to read across a room (percentages only where n >= SMALL_N)."""
    latest = latest_complete_financial_year(as_at()) + 1
    messages, rows = [], []
    for year in (latest, latest - 1):
        start, end = financial_year_bounds(year)
        label = financial_year_label(year) + (" (so far)" if end > as_at() else "")
        here = measure.summarise(leadership.changes(filters.with_(date_from=start, date_to=end)))
        england = (
            measure.summarise(leadership.changes(filters.with_(date_from=start, date_to=end), all_regions=True))
            if filters.region
            else None
        )
        messages.append(leadership_message(filters.region_name, label, here, england))
        compared = here["improved"] + here["maintained"] + here["declined"]
        rows.append(
            {
                "Year": label,
                "Improved": here["improved"],
                "Maintained": here["maintained"],
                "Declined": here["declined"],
                "% improved": share_or_n(here["improved"], compared),
                "% maintained or improved": share_or_n(here["improved"] + here["maintained"], compared),
            }
        )
    return Slide(
        "leadership",
        "Leadership: did grades improve on the previous inspection?",
        tuple(messages),
        table=pd.DataFrame(rows),
    )


def since_slide(filters: Filters, since: date) -> Slide:
    url = store_url()
    changes = grade_changes_since(queries.judgements(url), since=since, region_code=filters.region or None)
    interventions = started_since(queries.interventions(url), filters, since)
    peer = started_since(queries.peer_challenges(url), filters, since)
    items = [inspection_line(group) for _, group in changes.groupby(["published_date", "ons_code"], sort=False)]
    items = items[:MOST_ITEMS]
    items += [
        f"{row.la_name}: {row.kind.replace('_', ' ')} from {day_text(row.start_date.date())}"
        for row in interventions.head(2).itertuples(index=False)
    ]
    items += [
        f"{row.la_name}: peer challenge ({row.kind.replace('_', ' ')})" for row in peer.head(2).itertuples(index=False)
    ]
    return Slide(
        "since",
        f"Since the last meeting ({day_text(since)})",
        (since_message(filters.region_name, since, changes, len(interventions), len(peer)),),
        items=tuple(items) or (f"Nothing published, started or held since {day_text(since)}.",),
    )


def grade_text(row) -> str:
    """'leadership good (was requires improvement)'; 'overall not graded' says why in a word."""
    grade = Grade(row.grade).label(row.framework).lower()
    if row.change == "not comparable" or row.grade == Grade.NOT_GRADED.value:
        return f"{row.headline} {grade}"
    was = f" (was {Grade(row.previous_grade).label().lower()})" if isinstance(row.previous_grade, str) else ""
    return f"{row.headline} {grade}{was}"


def inspection_line(rows: pd.DataFrame) -> str:
    """One inspection published since the last meeting: its LA, date and grades."""
    first = rows.iloc[0]
    grades = "; ".join(grade_text(row) for row in rows.sort_values("headline", ascending=False).itertuples())
    return f"{first.la_name}, {day_text(first.published_date.date())}: {grades}"


def started_since(frame: pd.DataFrame, filters: Filters, since: date) -> pd.DataFrame:
    frame = frame[frame["start_date"] >= pd.Timestamp(since)]
    if filters.region:
        frame = frame[frame["region_code"].isin(members(filters.region))]
    return frame.sort_values("start_date", ascending=False)


def _transitions(filters: Filters) -> Slide:
    return chart_slide(
        "transitions", "Grade transitions: previous grade to next grade", judgements.TRANSITIONS, filters
    )


def deck(region: str, since: date | None = None) -> list[Slide]:
    """Every slide for a region ("" for England), in meeting order: built once per store revision
    (a reload mid-meeting must not wait for it). Callers must not change the slides."""
    return call_cached(_deck, region, since)


def _deck(region: str, since: date | None) -> list[Slide]:
    filters = Filters(region=region)
    since = since or default_since(as_at())
    return [
        headline_slide(filters),
        map_slide(filters),
        _distribution(filters),
        _leadership(filters),
        since_slide(filters, since),
        _transitions(filters),
        *_changed_las(filters, since),
    ]


def _changed_las(filters: Filters, since: date) -> list[Slide]:
    """One slide per LA whose overall or leadership grade went up or down since `since` (none
    when nothing moved), newest first, with its current grades (the profile's rule) as a table."""
    changes = grade_changes_since(queries.judgements(store_url()), since=since, region_code=filters.region or None)
    moved = changes[changes["change"].isin(["up", "down"])]
    slides = []
    for ons_code in moved["ons_code"].drop_duplicates().head(MOST_LA_SLIDES):
        rows = changes[changes["ons_code"] == ons_code]
        latest = rows[rows["published_date"] == rows["published_date"].max()]
        name = latest.iloc[0].la_name
        moves = latest[latest["change"].isin(["up", "down"])]
        what = " and ".join(
            f"{row.headline} {'up' if row.change == 'up' else 'down'}"
            for row in moves.sort_values("headline", ascending=False).itertuples()
        )
        current = authority.current_grades(ons_code)
        slides.append(
            Slide(
                f"la-{ons_code}",
                f"{name}: {what or 'grades changed'}",
                (f"{inspection_line(latest)}.",),
                table=current[["Area", "Grade", "Note"]].rename(columns={"Note": ""}),
            )
        )
    return slides


__all__ = ["WALL", "Slide", "deck", "default_since", "plural"]
