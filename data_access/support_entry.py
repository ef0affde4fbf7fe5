"""Writing support records from the app: an uploaded file's checks, one record saved from a form,
a soft delete. Everything goes through data_access.support_records (validate, preview, apply,
soft_delete), so a form and an upload are held to the same rules as the command line.

No Dash here: the page calls these, and tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from data_access import models as m
from data_access.importers.common import ImportReport, InputError
from data_access.settings import import_limits, max_request_bytes
from data_access.support_records import (
    RECORD_TYPES,
    RISK_SIGNATURE_ASSESSMENTS,
    RISK_SIGNATURES,
    Applied,
    Preview,
    RecordsRefused,
    RecordType,
    RowError,
    apply,
    rows_from_dicts,
    soft_delete,
    validate,
)

# Date fields whose precision (day, month or year) is stored beside them; the others are days.
PRECISION_COLUMNS = {
    "start_date": "start_precision",
    "end_date": "end_precision",
    "cohort_date": "cohort_precision",
    "assessment_date": "date_precision",
}
SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".ods")
# A callback request carries the file as base64 (4 bytes per 3) plus a little JSON around it.
_REQUEST_OVERHEAD = 16 * 1024


def who_entered(today: date | None = None) -> str:
    """Who made a change from the app, until sign-in exists (a later issue names the user)."""
    return f"entered by local user on {(today or date.today()).isoformat()}"


def record_type(name: str) -> RecordType:
    """The record type named `name`, or InputError naming the ones there are."""
    kind = RECORD_TYPES.get(name)
    if kind is None:
        raise InputError(f"unknown record type; use one of: {', '.join(RECORD_TYPES)}", file="(form)")
    return kind


# -- Uploads ---------------------------------------------------------------------------------------


def upload_limit_bytes() -> int:
    """The largest file the upload page takes: the import limit (RIA_IMPORT_MAX_FILE_MB), or what
    fits in one request to the app (RIA_MAX_REQUEST_BYTES) if that is smaller."""
    by_request = (max_request_bytes() - _REQUEST_OVERHEAD) * 3 // 4
    return max(0, min(import_limits().file_mb * 2**20, by_request))


def check_upload(data: bytes, filename: str) -> str:
    """'csv', 'xlsx' or 'ods' when `data` is a spreadsheet within the size limit, judged by its
    content: XLSX and ODS are zip files with known members, a CSV decodes as UTF-8 text. Else
    InputError with the reason (nothing is kept)."""
    name = Path(filename or "upload").name
    limit = upload_limit_bytes()
    if len(data) > limit:
        raise InputError(
            f"the file is {_size(len(data))}, over the upload limit of {_size(limit)} "
            f"(RIA_IMPORT_MAX_FILE_MB, RIA_MAX_REQUEST_BYTES)",
            file=name,
        )
    if not data:
        raise InputError("the file is empty", file=name)
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                    found = "ods"
                elif "xl/workbook.xml" in names:
                    found = "xlsx"
                else:
                    found = ""
        except zipfile.BadZipFile:
            found = ""
        if not found:
            raise InputError("not a spreadsheet: a zip file that is neither XLSX nor ODS", file=name)
        return found
    if suffix in (".xlsx", ".ods"):
        raise InputError(f"not a valid {suffix[1:].upper()} file (it holds no spreadsheet)", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a spreadsheet: a CSV must be UTF-8 text (save it as 'CSV UTF-8')", file=name) from None
    if "\x00" in text or any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096]):
        raise InputError("not a spreadsheet: the file is not plain text", file=name)
    return "csv"


def upload_name(filename: str, fmt: str) -> str:
    """A safe file name for an upload kept on the server, ending as its content says."""
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in Path(filename or "upload").stem)[:80] or "upload"
    return f"{stem.strip() or 'upload'}.{fmt}"


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} KB"


# -- Forms -----------------------------------------------------------------------------------------


@dataclass
class Saved:
    """The outcome of saving one record: its id and what happened, or the errors by field."""

    record_id: int | None = None
    action: str = ""  # create, update, unchanged
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _errors_by_field(errors: list[RowError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(error.column or "", []).append(error.reason)
    return found


def stored_record(session: Session, kind: RecordType, record_id: int):
    """The stored (not deleted) record of this type with this id, or None."""
    record = session.get(kind.model, record_id)
    return None if record is None or record.deleted_at is not None else record


def _date_text(value: date | None, precision: str | None) -> str:
    if value is None:
        return ""
    return {"month": value.strftime("%Y-%m"), "year": value.strftime("%Y")}.get(precision or "day", value.isoformat())


def form_values(session: Session, kind: RecordType, record, *, include_confidential: bool = False) -> dict[str, str]:
    """A stored record as the text a form shows, field by field (dates as YYYY-MM-DD, YYYY-MM or
    YYYY by their precision). Confidential fields are empty unless `include_confidential`."""
    values: dict[str, str] = {}
    ratings = getattr(record, "ratings", None) or {}
    for f in kind.fields:
        if f.kind == "id":
            values[f.name] = str(record.id)
            continue
        if f.confidential and not include_confidential:
            values[f.name] = ""
            continue
        if kind is RISK_SIGNATURE_ASSESSMENTS and f.name.endswith(("_rating", "_note")):
            code, part = f.name.rsplit("_", 1)
            values[f.name] = str((ratings.get(code) or {}).get(part) or "")
            continue
        if f.kind == "la":
            la = session.get(m.LocalAuthority, record.la_id)
            values[f.name] = la.ons_code if la else ""
            continue
        if f.kind == "inspection":
            inspection = session.get(m.Inspection, record.inspection_id) if record.inspection_id else None
            when = inspection and (inspection.published_date or inspection.inspection_date)
            values[f.name] = when.isoformat() if when else ""
            continue
        value = getattr(record, f.target)
        if f.kind == "date":
            precision = getattr(record, PRECISION_COLUMNS[f.name]) if f.name in PRECISION_COLUMNS else "day"
            values[f.name] = _date_text(value, precision)
        elif f.kind == "bool":
            values[f.name] = "" if value is None else ("yes" if value else "no")
        else:
            values[f.name] = "" if value is None else str(value)
    return values


def save_record(
    session: Session,
    record_type: RecordType | str,
    values: dict[str, object],
    *,
    who: str,
    record_id: int | None = None,
) -> Saved:
    """Create (no `record_id`) or update one record from a form's values, with its audit entry,
    in the caller's transaction; or the errors by field and nothing written.

    An update keeps stored confidential values the form left empty (the form never shows them),
    and an empty source becomes `who`.
    """
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    row = {f.name: values.get(f.name) for f in kind.fields if f.kind != "id"}
    if record_id is not None:
        record = stored_record(session, kind, record_id)
        if record is None:
            return Saved(errors={"id": [f"no stored record of {kind.label.lower()} has this id (deleted?)"]})
        stored = form_values(session, kind, record, include_confidential=True)
        for f in kind.fields:
            if f.confidential and row.get(f.name) in (None, ""):
                row[f.name] = stored.get(f.name, "")
        row["id"] = record_id
    if not str(row.get("source") or "").strip():
        row["source"] = who
    rows = rows_from_dicts([row])
    checked = validate(session, kind, rows, source=who)
    if checked.errors:
        return Saved(record_id=record_id, errors=_errors_by_field(checked.errors))
    try:
        applied: Applied = apply(session, kind, rows, who=who, source=who)
    except RecordsRefused as refused:  # pragma: no cover - validate said yes a moment ago
        return Saved(record_id=record_id, errors=_errors_by_field(refused.errors))
    action = "create" if applied.created else "update" if applied.updated else "unchanged"
    return Saved(record_id=applied.record_ids[0], action=action)


def delete_record(session: Session, record_type: RecordType | str, record_id: int, *, who: str) -> bool:
    """Soft-delete one record (with its audit entry); False when there is no such stored record."""
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    record = stored_record(session, kind, record_id)
    if record is None:
        return False
    soft_delete(session, record, who=who)
    return True


def record_choices(session: Session, kind: RecordType, limit: int = 5000) -> list[tuple[int, str]]:
    """(id, "LA - what - when (id N)") of the stored records of a type, by LA then newest first,
    for the edit chooser."""
    from sqlalchemy import select

    model = kind.model
    la_names = dict(session.execute(select(m.LocalAuthority.id, m.LocalAuthority.name)).all()) if kind.has_la else {}
    records = list(session.scalars(select(model).where(model.deleted_at.is_(None)).limit(limit)))
    choices = []
    for record in records:
        what = []
        for name in kind.identity:
            f = kind.field(name)
            value = getattr(record, f.target)
            if f.kind == "date":
                precision = getattr(record, PRECISION_COLUMNS[name]) if name in PRECISION_COLUMNS else "day"
                value = _date_text(value, precision)
            what.append("" if value is None else str(value))
        la = la_names.get(getattr(record, "la_id", None), "")
        sort_key = (la.casefold(), "".join(what[-1:]))
        choices.append((sort_key, record.id, " - ".join(p for p in [la, *what] if p) + f" (id {record.id})"))
    choices.sort(key=lambda c: (c[0][0], _reverse(c[0][1])))
    return [(record_id, label) for _key, record_id, label in choices]


def _reverse(text: str) -> tuple:
    """Sorts text descending (newest date first) inside an ascending sort."""
    return tuple(-ord(c) for c in text)


def signature_wording(name: str) -> str:
    """The published wording of a risk signature field (`<code>_rating` / `<code>_note`)."""
    code = name.rsplit("_", 1)[0]
    return dict(RISK_SIGNATURES).get(code, name)


# -- Audit trail -----------------------------------------------------------------------------------

_NOT_COMPARED = ("id", "import_run_id")
AUDIT_COLUMNS = ["When", "Who", "Action", "Table", "Record id", "Field", "Before", "After"]


def _shown_value(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        import json

        return json.dumps(value, sort_keys=True)
    return str(value)


def audit_changes(log) -> pd.DataFrame:
    """queries.audit_log's frame as one row per changed field (before -> after); a create or
    delete lists the record's fields, an import its file. Confidential values stay as the log
    gives them ("(restricted)" unless asked)."""
    rows = []
    for entry in log.itertuples():
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) else {}
        names = [k for k in dict.fromkeys([*before, *after]) if k not in _NOT_COMPARED]
        if entry.action == "update":
            names = [k for k in names if before.get(k) != after.get(k)]
        when = pd.Timestamp(entry.at).strftime("%Y-%m-%d %H:%M:%S")
        record = "" if pd.isna(entry.record_id) else int(entry.record_id)
        common = [when, entry.who, entry.action, entry.table_name, record]
        if not names:
            rows.append([*common, "", "", ""])
        for name in names:
            rows.append([*common, name, _shown_value(before.get(name)), _shown_value(after.get(name))])
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


# -- Uploaded files ------------------------------------------------------------------------------


def preview_upload(url: str | None, record_type: RecordType | str, path: str | Path) -> Preview:
    """What applying the file at `path` would do, row by row, and every error. Writes nothing;
    InputError when the file cannot be read as a sheet of records."""
    from data_access.db import session_scope
    from data_access.support_records import preview, read_rows

    rows = read_rows(path)
    with session_scope(url) as session:
        result = preview(session, record_type, rows)
        session.rollback()
    return result


def apply_upload(url: str | None, record_type: RecordType | str, path: str | Path, *, who: str) -> ImportReport:
    """Check the file again and write it all in one transaction (with its audit entries and an
    import run), or raise (RecordsRefused, InputError) having written nothing."""
    from data_access.db import session_scope
    from data_access.support_records import import_file

    with session_scope(url) as session:
        return import_file(session, record_type, path, who=who)


def error_suggestions(error: RowError) -> str:
    """The closest LA names to an unknown LA's value, for the preview's own column."""
    from data_access.support_records import closest_la_names

    if error.column != "la" or not error.value:
        return ""
    return ", ".join(closest_la_names(str(error.value)))
