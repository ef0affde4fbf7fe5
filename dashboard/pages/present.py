"""/present?region=NAME[&since=DATE]: the slides of an RIA meeting, full screen, keyboard-driven.

No filter controls: the region is locked for the meeting (a new URL changes it). Slides come from
`dashboard.views.slides`; assets/present.js moves between them (arrows, Page Up/Down, space,
Home/End, number keys, `f` full screen, `?` the keys) and keeps the slide number in the URL.
"""

from __future__ import annotations

from datetime import date

import dash
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard.components.table import data_table
from dashboard.filters import parse_query
from dashboard.views.freshness import as_at_text
from dashboard.views.slides import Slide, deck

PAGE = "present"
dash.register_page(
    __name__,
    path="/present",
    name="Present",
    order=20,
    title="Meeting slides - RIA children's services dashboard",
    charts=True,
)

KEYS = (
    ("Right, Page Down, Space", "next slide"),
    ("Left, Page Up", "previous slide"),
    ("Home / End", "first / last slide"),
    ("1-9", "go to that slide"),
    ("f", "full screen on or off"),
    ("?", "show or hide these keys"),
)
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "staticPlot": False}
# The slides with charts. A slide's chart is drawn when the slide is first shown, the other
# slides' charts just after (assets/present.js sets `slide-shown`): plotly draws every graph of a
# page in one task before the browser paints, so drawing all three at load kept the shown one
# blank until the hidden two were drawn too.
CHART_SLIDES = ("map", "distribution", "transitions")
NOT_YET_DRAWN = {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}}

for _key in CHART_SLIDES:
    clientside_callback(
        f"""function (shown, figure) {{
            return (shown || []).indexOf("{_key}") >= 0 && figure ? figure : window.dash_clientside.no_update;
        }}""",
        Output(f"slide-graph-{_key}", "figure"),
        Input("slide-shown", "data"),
        State(f"slide-figure-{_key}", "data"),
    )


def _since(text: str | None) -> tuple[date | None, list[str]]:
    if not text:
        return None, []
    try:
        return date.fromisoformat(text.strip()), []
    except ValueError:
        return None, [f"Ignored since={text[:20]!r}: not a date like 2026-09-01; showing the last 3 months."]


def _figure_for_wall(figure):
    """The wall figure sized by its box (the slide's free height), not by a fixed height."""
    spec = figure if isinstance(figure, dict) else figure.to_plotly_json()
    layout = {**spec.get("layout", {}), "autosize": True}
    layout.pop("height", None)
    layout.pop("width", None)
    return {**spec, "layout": layout}


def _big_table(frame, caption: str) -> html.Table:
    """A slide's numbers as a table large enough to read across the room."""
    return html.Table(
        [
            html.Caption(caption, className="visually-hidden"),
            html.Thead(html.Tr([html.Th(str(c), scope="col") for c in frame.columns])),
            html.Tbody(
                [
                    html.Tr([html.Th(str(row[0]), scope="row"), *[html.Td(str(v)) for v in row[1:]]])
                    for row in frame.itertuples(index=False)
                ]
            ),
        ],
        # Words (grades, notes) are set like text; counts large, like figures on a board.
        className="slide-big-table" + (" slide-text-table" if _has_words(frame) else ""),
    )


def _legend(title: str, items) -> html.Div:
    """A chart's legend in slide type: a hexagon swatch (its outline, then its fill) and the
    words, so no grade is told by colour alone."""
    return html.Div(
        [
            html.Span(f"{title}:", className="slide-legend-title"),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(
                                html.Span(className="slide-legend-fill", style={"background": fill}),
                                className="slide-legend-swatch",
                                style={"background": line},
                                **{"aria-hidden": "true"},
                            ),
                            name,
                        ]
                    )
                    for name, fill, line in items
                ],
                className="slide-legend-items",
            ),
        ],
        className="slide-legend",
    )


def _has_words(frame) -> bool:
    return any(len(str(value)) > 8 for row in frame.itertuples(index=False) for value in row[1:])


def slide_section(slide: Slide, number: int, total: int) -> html.Section:
    body: list = [html.H1(slide.title, className="slide-title")]
    body += [html.P(text, className="slide-message") for text in slide.messages]
    if slide.legend:
        body.append(_legend(*slide.legend))
    if slide.figure is not None and slide.fixed_size:
        width, height = slide.fixed_size
        body.append(
            html.Div(
                dcc.Graph(
                    id=f"slide-graph-{slide.key}",
                    figure=NOT_YET_DRAWN,
                    config={**GRAPH_CONFIG, "responsive": False},
                    className="slide-graph",
                    style={"width": f"{width}px", "height": f"{height}px"},
                ),
                className="slide-chart slide-chart-fixed ria-chart",
                **{"data-width": str(width), "data-height": str(height)},
            )
        )
    elif slide.figure is not None:
        body.append(
            html.Div(
                dcc.Graph(
                    id=f"slide-graph-{slide.key}",
                    figure=NOT_YET_DRAWN,
                    config=GRAPH_CONFIG,
                    className="slide-graph",
                    responsive=True,
                ),
                className="slide-chart ria-chart",
            )
        )
    if slide.figure is not None:  # the figure itself, drawn when its slide is first shown
        figure = slide.figure if slide.fixed_size else _figure_for_wall(slide.figure)
        body.append(dcc.Store(id=f"slide-figure-{slide.key}", data=figure))
    elif slide.items:
        body.append(html.Ul([html.Li(item) for item in slide.items], className="slide-list"))
    elif slide.table is not None:
        body.append(_big_table(slide.table, slide.title))
    if slide.table is not None and slide.figure is not None:
        body.append(
            html.Details(
                [html.Summary("The chart as a table"), data_table(slide.table, caption=slide.title)],
                className="slide-table visually-hidden-focusable",
            )
        )
    return html.Section(
        body,
        id=f"slide-{number}",
        className="slide",
        hidden=number != 1,
        **{"aria-roledescription": "slide", "aria-label": f"Slide {number} of {total}: {slide.title}"},
        **{"data-slide": str(number), "data-key": slide.key},
    )


def layout(**query) -> html.Div:
    filters, notices = parse_query({k: v for k, v in query.items() if k == "region"})
    since, since_notices = _since(query.get("since"))
    slides = deck(filters.region, since)
    total = len(slides)
    return html.Div(
        [
            *[html.P(n, className="slide-notice", role="status") for n in notices + since_notices],
            *[slide_section(slide, i, total) for i, slide in enumerate(slides, start=1)],
            html.Div(
                [
                    html.Span("1", id="slide-number"),
                    f" / {total}",
                    html.Span(f" · {filters.region_name} · data to {as_at_text()}", className="slide-data-date"),
                ],
                className="slide-counter",
                **{"aria-live": "polite"},
            ),
            html.Div(
                [
                    html.H2("Keys"),
                    html.Dl([part for key, what in KEYS for part in (html.Dt(key), html.Dd(what))]),
                ],
                id="slide-keys",
                className="slide-keys",
                hidden=True,
            ),
            dcc.Store(id="slide-shown", data=[]),  # keys of the slides whose charts may be drawn
        ],
        className="present-deck",
        id="present-deck",
        **{"data-slides": str(total)},
    )
