"""The data twin of every view, as Datasette gives every table one: `/data/<view>.csv` and
`/data/<view>.json` take the page's query string and return exactly what the view shows;
`/data/` lists the views. The Download tabs link here, so a download has one code path.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import flask
import pandas as pd

from dashboard.context import store_url
from dashboard.filters import Filters, parse_query
from dashboard.views import VIEWS, View, csv_text
from data_access import queries


def _filters(view: View, args) -> tuple[Filters, list[str]]:
    filters, notices = (view.parse or parse_query)(args.to_dict())
    return view.relevant(filters), notices


def _json_value(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def view_json(view: View, filters: Filters, notices: list[str]) -> dict:
    """The view as JSON: columns, rows (grade codes beside labels) and what it is."""
    result = view.result(filters)
    status = queries.store_status(store_url())
    return {
        "view": view.name,
        "title": view.full_title(filters),
        "summary": result.summary,
        "columns": [str(c) for c in result.frame.columns],
        "rows": [[_json_value(v) for v in row] for row in result.frame.itertuples(index=False, name=None)],
        "metadata": {
            "filters": filters.describe(view.fields),
            "query": filters.to_query(),
            "ignored": notices,
            "source": result.source,
            "notes": list(result.notes),
            "demo": status["demo"],
            "sources": [{k: s[k] for k in ("kind", "file", "sha256", "edition")} for s in status["sources"]],
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    }


def view_index() -> dict:
    """What /data/ lists: every view with its fields and the addresses of its twins."""
    return {
        "views": [
            {
                "name": v.name,
                "title": v.title,
                "fields": list(v.fields),
                "chart": v.chart,
                "csv": f"/data/{v.name}.csv",
                "json": f"/data/{v.name}.json",
            }
            for v in VIEWS.values()
        ]
    }


def register_data_routes(server: flask.Flask) -> None:
    """`/data/`, `/data/<view>.csv` and `/data/<view>.json` on the app's Flask server."""

    @server.get("/data/")
    def data_index():
        return flask.jsonify(view_index())

    @server.get("/data/<name>.<extension>")
    def data_twin(name: str, extension: str):
        view = VIEWS.get(name)
        if view is None or extension not in ("csv", "json"):
            return flask.jsonify({"error": f"no view called {name[:60]!r} as {extension[:8]!r}"}), 404
        filters, notices = _filters(view, flask.request.args)
        if extension == "json":
            body = json.dumps(view_json(view, filters, notices), ensure_ascii=False)
            return flask.Response(body, mimetype="application/json")
        response = flask.Response(csv_text(view, filters, view.result(filters)), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{view.file_name(filters, "csv")}"'
        return response
