"""The data twin of every view, as Datasette gives every table one: `/data/<view>.csv`,
`.json`, `.xlsx` and `.ods`, and for a chart `.png` and `.svg`, take the page's query string and
return exactly what the view shows, each with what it is (sources with sha256 and import time,
filters, definitions, generated-at time, demo flag: dashboard.exports.metadata); `/data/` lists
the views. The Download tabs link here, so a download has one code path.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime

import flask
import pandas as pd

from dashboard.exports.charts import chart_image
from dashboard.exports.images import ImageError
from dashboard.exports.metadata import export_metadata
from dashboard.exports.tables import workbook_bytes
from dashboard.filters import Filters, parse_query
from dashboard.views import VIEWS, View, ViewResult, csv_text

DATA_FORMATS = ("csv", "json", "xlsx", "ods")
IMAGE_FORMATS = ("png", "svg")
MIMETYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}
DATA_SHEET = "Data"


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
    about = export_metadata(view, filters, result)
    return {
        "view": view.name,
        "title": about.title,
        "summary": result.summary,
        "columns": [str(c) for c in result.frame.columns],
        "rows": [[_json_value(v) for v in row] for row in result.frame.itertuples(index=False, name=None)],
        "metadata": {
            "filters": about.filters,
            "query": about.query,
            "ignored": notices,
            "source": about.source,
            "definitions": list(about.definitions),
            "notes": list(about.notes),
            "demo": about.demo,
            "sources": [
                {"kind": s.kind, "file": s.file, "sha256": s.sha256, "edition": s.edition, "imported_at": s.imported_at}
                for s in about.sources
            ],
            "generated_at": about.generated_at,
        },
    }


def view_file(view: View, filters: Filters, result: ViewResult, extension: str) -> bytes | str:
    """The view's table as CSV, XLSX or ODS, with the export's metadata (`# ` lines or a sheet)."""
    rows = export_metadata(view, filters, result).rows()
    if extension == "csv":
        return csv_text(view, filters, result, rows)
    return workbook_bytes([(DATA_SHEET, result.shown_frame)], rows, extension)


def twins(view: View) -> dict[str, str]:
    """The addresses of a view's twins, by format (images only for a chart)."""
    formats = DATA_FORMATS + (IMAGE_FORMATS if view.chart else ())
    return {extension: f"/data/{view.name}.{extension}" for extension in formats}


def view_index() -> dict:
    """What /data/ lists: every view with its fields and the addresses of its twins."""
    return {
        "views": [
            {"name": v.name, "title": v.title, "fields": list(v.fields), "chart": v.chart, **twins(v)}
            for v in VIEWS.values()
        ]
    }


def _error(message: str, status: int) -> flask.Response:
    return flask.Response(json.dumps({"error": message}), status=status, mimetype="application/json")


def _attachment(body: bytes | str, extension: str, file_name: str) -> flask.Response:
    response = flask.Response(body, mimetype=MIMETYPES[extension])
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def register_data_routes(server: flask.Flask) -> None:
    """`/data/` and `/data/<view>.<csv|json|xlsx|ods|png|svg>` on the app's Flask server."""

    @server.get("/data/")
    def data_index():
        return flask.jsonify(view_index())

    @server.get("/data/<name>.<extension>")
    def data_twin(name: str, extension: str):
        view = VIEWS.get(name)
        if view is None or extension not in DATA_FORMATS + IMAGE_FORMATS:
            return _error(f"no view called {name[:60]!r} as {extension[:8]!r}", 404)
        if extension in IMAGE_FORMATS and not view.chart:
            return _error(f"{view.name!r} is a table, not a chart: it has no {extension} image; try .csv", 404)
        filters, notices = _filters(view, flask.request.args)
        if extension == "json":
            body = json.dumps(view_json(view, filters, notices), ensure_ascii=False)
            return flask.Response(body, mimetype="application/json")
        if extension in IMAGE_FORMATS:
            try:
                image = chart_image(view, filters, extension)
            except ImageError as error:
                server.logger.error("chart image %s.%s failed: %s", view.name, extension, error)
                reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
                return _error(
                    f"the chart could not be drawn as {extension.upper()} just now ({reason}); try again later", 503
                )
            return _attachment(image, extension, view.file_name(filters, extension))
        body = view_file(view, filters, view.result(filters), extension)
        return _attachment(body, extension, view.file_name(filters, extension))
