"""A reader for simple record files (CSV or XLSX) that people keep by hand: one row a record.

Peer challenges and interventions come as such lists. Columns are matched by name, case and
spacing aside; every problem is reported with file, row and column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from data_access.importers.common import InputError, LaResolver
from data_access.importers.spreadsheets import SEPARATOR_NAMES, csv_delimiter, read_workbook

MAX_ROWS = 20_000
_WHOLE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True
    kind: str = "text"  # text, date or int
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (other spelling in lower case, the choice it means)


def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """The file's first sheet (or the CSV) as text, with the sheet name used in messages."""
    if path.suffix.lower() in (".csv", ".xlsx", ".ods"):
        read_workbook(path)  # the import limits first (streamed, bounded): pandas reads it all at once
    try:
        if path.suffix.lower() == ".csv":
            text = _decode(path)
            separator = csv_delimiter(text)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
            # Messages say which separator was found, so a file split wrongly is easy to see.
            sheet = f"(csv, {SEPARATOR_NAMES[separator]}-separated)"
        elif path.suffix.lower() in (".xlsx", ".ods"):
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
            sheet = next(iter(sheets))
            frame = sheets[sheet]
        else:
            raise InputError("not a CSV, XLSX or ODS file", file=path)
    except InputError:
        raise
    except Exception as error:  # pandas raises many types for unreadable files
        raise InputError(f"cannot read the file ({type(error).__name__})", file=path) from None
    if frame.empty:
        raise InputError("the file has no rows", file=path, sheet=sheet)
    if len(frame) > MAX_ROWS:
        raise InputError(f"more than {MAX_ROWS} rows", file=path, sheet=sheet)
    frame.columns = [" ".join(str(c).strip().lower().replace("_", " ").split()) for c in frame.columns]
    return frame, sheet


def _decode(path: Path) -> str:
    """A CSV's text: UTF-8 (a byte-order mark dropped), else Windows-1252 as Excel writes it."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def validated_rows(path: Path, columns: tuple[Column, ...], resolver: LaResolver) -> list[dict]:
    """Every row as a dict of typed values plus `la`, or an InputError naming the first bad cell."""
    frame, sheet = read_table(path)
    wanted = {c.name: c for c in columns}
    for column in columns:
        if column.required and column.name.replace("_", " ") not in frame.columns:
            raise InputError(f"missing column {column.name!r}", file=path, sheet=sheet, column=column.name)
    if "la" not in frame.columns:
        raise InputError("missing column 'la' (LA name, ONS code or DfE code)", file=path, sheet=sheet, column="la")
    rows = []
    for offset, record in enumerate(frame.to_dict("records")):
        row_number = offset + 2  # the header is row 1
        values: dict = {}
        for name, column in wanted.items():
            raw = str(record.get(name.replace("_", " "), "")).strip()
            values[name] = _typed(raw, column, file=path, sheet=sheet, row=row_number)
        la_text = str(record["la"]).strip()
        la = (
            resolver.by_ons(la_text)
            or (resolver.by_dfe(la_text) if la_text.isdigit() else None)
            or resolver.by_name(la_text)
        )
        if la is None:
            raise InputError(
                "unknown local authority", file=path, sheet=sheet, row=row_number, column="la", value=la_text
            )
        values["la"] = la
        rows.append(values)
    return rows


def _shown(value: object) -> str:
    return "(blank)" if value in (None, "") else repr(str(value))


def _typed(raw: str, column: Column, **where):
    if raw == "":
        if column.required:
            raise InputError("empty cell", column=column.name, value=raw, **where)
        return None
    if column.kind == "date":
        try:
            # The whole cell must be the date (a spreadsheet's date cell reads as "YYYY-MM-DD 00:00:00").
            if not _WHOLE_DATE.fullmatch(raw):
                raise ValueError
            value = date.fromisoformat(raw[:10])
        except ValueError:
            raise InputError("not a date (use YYYY-MM-DD)", column=column.name, value=raw, **where) from None
        if value > date.today():
            raise InputError("date is in the future", column=column.name, value=raw, **where)
        return value
    if column.kind == "int":
        if not raw.isdigit():
            raise InputError("not a whole number", column=column.name, value=raw, **where)
        return int(raw)
    if column.choices:
        match = {c.lower(): c for c in column.choices}.get(raw.lower()) or dict(column.aliases).get(raw.lower())
        if match is None:
            raise InputError(f"must be one of: {', '.join(column.choices)}", column=column.name, value=raw, **where)
        return match
    if len(raw) > 2000:
        raise InputError("text longer than 2000 characters", column=column.name, value=raw[:40] + "...", **where)
    return raw


def import_records(
    session,
    path: str | Path,
    *,
    kind: str,
    model,
    columns: tuple[Column, ...],
    key: tuple[str, ...],
    defaults: dict | None = None,
):
    """Validate a record file and upsert its rows into `model` on (la, *key); one ImportRun.

    Re-importing the same file is a no-op; a corrected file updates rows in place.
    """
    from sqlalchemy import select

    from data_access.importers.common import ImportReport, file_sha256, previous_run, record_run

    path = Path(path)
    report = ImportReport(file=path.name, kind=kind, sha256=file_sha256(path))
    if previous_run(session, report.sha256, kind):
        report.already_imported = True
        return report
    rows = validated_rows(path, columns, LaResolver(session))
    for number, row in enumerate(rows, start=2):
        if row.get("end_date") and row.get("start_date") and row["end_date"] < row["start_date"]:
            raise InputError(
                "end date before start date", file=path, row=number, column="end_date", value=str(row["end_date"])
            )
    existing = {(r.la_id, *(getattr(r, k) for k in key)): r for r in session.scalars(select(model))}
    run = record_run(session, report)
    values_of = [c.name for c in columns if c.name not in key]
    first_rows: dict[tuple, tuple[int, dict]] = {}  # identity -> the first row giving it, and its values
    for number, row in enumerate(rows, start=2):
        values = {name: row[name] if row[name] is not None else (defaults or {}).get(name) for name in values_of}
        identity = (row["la"].id, *(row[k] for k in key))
        if identity in first_rows:
            first, earlier = first_rows[identity]
            differs = [name for name in values_of if earlier[name] != values[name]]
            if differs:
                raise InputError(
                    f"rows {first} and {number} are the same {' and '.join(key)} for {row['la'].name} "
                    f"with different values: {_shown(earlier[differs[0]])} and {_shown(values[differs[0]])}",
                    file=path,
                    row=number,
                    column=differs[0],
                )
            report.details["repeated_rows"] = report.details.get("repeated_rows", 0) + 1
            report.notes.append(f"repeated row: file {path.name}, row {number} repeats row {first}: stored once")
            continue
        first_rows[identity] = (number, values)
        found = existing.get(identity)
        if found is None:
            found = model(la_id=row["la"].id, import_run_id=run.id, **{k: row[k] for k in key}, **values)
            session.add(found)
            existing[identity] = found
            report.inserted += 1
            continue
        if any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    report.rows_read = len(rows)
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    return report
