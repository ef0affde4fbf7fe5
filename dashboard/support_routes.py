"""Files for the support records page: each record type's template, and the audit log.

- `/support/template/<type>.csv|.xlsx`: the header and an example row (and, in XLSX, an
  "Allowed values" sheet), from data_access.support_records.template_bytes.
- `/support/audit.csv|.xlsx`: every change to support records, one row per changed field, with
  confidential values shown as "(restricted)"; `?table=peer_challenges&record=12` narrows it to
  one record.
"""

from __future__ import annotations

from datetime import UTC, datetime

import flask

from dashboard.context import store_url
from dashboard.exports.tables import workbook_bytes
from dashboard.views.base import spreadsheet_safe
from data_access import queries
from data_access.support_entry import audit_changes
from data_access.support_records import RECORD_TYPES, template_bytes

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TABLES = {kind.model.__tablename__ for kind in RECORD_TYPES.values()}


def _not_found(message: str) -> flask.Response:
    return flask.Response(message + "\n", status=404, mimetype="text/plain")


def audit_frame(table: str | None = None, record: int | None = None):
    """The audit log, field by field, as the export and the record's history show it."""
    log = queries.audit_log(store_url(), table_name=table, record_id=record, include_confidential=False)
    return audit_changes(log)


def register_support_routes(server: flask.Flask) -> None:
    @server.get("/support/template/<name>.<fmt>")
    def support_template(name: str, fmt: str):
        if name not in RECORD_TYPES or fmt not in MIMETYPES:
            return _not_found(f"No such template: record types are {', '.join(RECORD_TYPES)}; formats csv or xlsx.")
        response = flask.Response(template_bytes(name, fmt), mimetype=MIMETYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}-template.{fmt}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.get("/support/audit.<fmt>")
    def support_audit(fmt: str):
        if fmt not in MIMETYPES:
            return _not_found("The audit log is available as .csv or .xlsx.")
        args = flask.request.args
        table = args.get("table") or None
        record_text = args.get("record", "")
        if (table is not None and table not in TABLES) or (record_text and not record_text.isdigit()):
            return flask.Response(
                f"table must be one of {', '.join(sorted(TABLES))}; record a whole number\n",
                status=400,
                mimetype="text/plain",
            )
        frame = spreadsheet_safe(audit_frame(table, int(record_text) if record_text else None))
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        about = [
            ("What", "Audit log of improvement support records: one row per changed field"),
            ("Table", table or "all"),
            ("Record id", record_text or "all"),
            ("Confidential values", "shown as (restricted)"),
            ("Generated at", generated),
        ]
        if fmt == "csv":
            lines = [f"# {field}: {value}" for field, value in about]
            body = "\r\n".join(lines) + "\r\n" + frame.to_csv(index=False, lineterminator="\r\n")
            data = body.encode("utf-8")
        else:
            data = workbook_bytes([("Audit log", frame)], about, "xlsx")
        stem = "audit-log" + (f"-{table}" if table else "") + (f"-{record_text}" if record_text else "")
        response = flask.Response(data, mimetype=MIMETYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        response.headers["Cache-Control"] = "no-store"
        return response
