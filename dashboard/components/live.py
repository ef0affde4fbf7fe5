"""Each changing part of a page is drawn by one function, for the first render and for updates.

`section = live(ids("heading"), heading, html.H1)` is placed in a layout with
`section.draw(filters)`; `register_live(source, [sections...])` wires one callback that redraws
them all when the page's filters change. Nothing is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash import Output, callback, html

from dashboard.components.chart_card import FilterSource
from dashboard.filters import Filters


def page_ids(page: str) -> Callable[[str], str]:
    """Component ids namespaced by page: `ids = page_ids("maps"); ids("heading") == "maps-heading"`."""
    return lambda name: f"{page}-{name}"


@dataclass(frozen=True)
class LiveSection:
    """One part of a page that follows the filters: `render(filters)` gives its children."""

    id: str
    render: Callable[[Filters], Any]
    wrap: Callable[..., Any] = html.Div
    props: dict = field(default_factory=dict)

    def draw(self, filters: Filters):
        """The part for the first render."""
        return self.wrap(self.render(filters), id=self.id, **self.props)


def live(
    section_id: str, render: Callable[[Filters], Any], wrap: Callable[..., Any] = html.Div, **props
) -> LiveSection:
    return LiveSection(section_id, render, wrap, props)


def register_live(source: FilterSource, sections: Sequence[LiveSection]) -> None:
    """One callback redrawing every section when the filters change."""

    @callback(
        [Output(s.id, "children") for s in sections],
        source.input,
        prevent_initial_call=True,
    )
    def _redraw(value):
        filters = source.read(value)
        return [s.render(filters) for s in sections]
