"""Every view of the dashboard by name: `VIEWS["judgements-by-year"].result(filters)`.

Pure: importing this package imports no Dash and builds no app, so slides, briefing packs, the
`/data/<view>` twins and tests use exactly what the pages show.
"""

from __future__ import annotations

from dashboard.views import authority, judgements, leadership, maps, neighbours, overview, priority, support
from dashboard.views.base import Canvas, View, ViewResult, csv_text, metadata_lines

VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        overview.HEADLINES,
        overview.LA_NOW,
        overview.RECENT,
        maps.MAP,
        judgements.BY_YEAR,
        judgements.AS_AT,
        judgements.TRANSITIONS,
        leadership.HEADLINES,
        leadership.BY_YEAR,
        leadership.BY_REGION,
        leadership.JUDGEMENTS,
        authority.TIMELINE,
        neighbours.NEIGHBOURS,
        neighbours.COMPARISON,
        priority.PRIORITY_LIST,
        *support.SUPPORT_VIEWS,
    )
}

__all__ = ["VIEWS", "Canvas", "View", "ViewResult", "csv_text", "metadata_lines"]
