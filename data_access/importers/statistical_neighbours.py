"""Import DfE's children's services statistical neighbour workbook: each LA's ten nearest LAs.

The workbook (sheet "LA SN Groups") has a header row `LA num`, `LA Name`, ..., `SN1`, `SNP`,
`SN2`, `SNP`, ... `SN10`, `SNP`: DfE 3-digit codes of the neighbours, each followed by its
closeness band. Titles above the header are skipped (the header row is searched for).

Reorganised authorities (decided here, documented in docs/statistical-neighbours.md):
- rows of former LAs (Cumbria, Northamptonshire, the "(Pre LG)" Dorset, Poole, Bournemouth) are
  checked like every row, then not stored: the dashboard shows current LAs' neighbours only;
- a neighbour that is a former LA is stored as each of its successors (the store's
  reorganisation links), with the former LA's rank and band and `via_ons_code` naming it;
  a successor already in the list, or the LA itself, is not added twice (the closer rank wins);
- a row whose neighbour cells are all "-" or blank (Cumberland in the April 2021 model, made
  before it existed) has no neighbours in that model: skipped, and said so;
- a row repeated word for word is stored once; a repeat that differs is an error.

One model per file, named from the month in the file name ("..._may_2025.xlsx" -> "DfE
children's services statistical neighbours, May 2025", applying from 1 May 2025); the command
line can say otherwise. Re-importing the same file (same sha256) changes nothing; a different
file for a model already stored replaces that model's rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport, InputError, LaResolver, file_sha256, previous_run, record_run
from data_access.importers.spreadsheets import (
    RowCells,
    Sheet,
    Table,
    _column_label,
    find_tables,
    fold_header,
    read_workbook,
)
from data_access.metrics.periods import MONTH_NUMBERS as _MONTHS
from data_access.models import LocalAuthority, Reorganisation, StatisticalNeighbour, StatisticalNeighbourModel

KIND = "statistical_neighbours"
NEIGHBOURS = 10
SHEET = "LA SN Groups"
MODEL_PREFIX = "DfE children's services statistical neighbours"
# The bands DfE uses, in order from closest; files vary the case ("Very Close", "Very close").
BANDS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")
_BAND_BY_FOLDED = {band.lower(): band for band in BANDS}
_NOTHING = ("-", "")
_MONTH_YEAR = re.compile(r"(?<![a-z])(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")[ _.-]*(\d{4})")


@dataclass(frozen=True)
class NeighbourLayout:
    """Header texts of the workbook's columns (folded) -> field keys."""

    @property
    def required(self) -> tuple[str, ...]:
        return ("la_code", *(f"sn{k}" for k in range(1, NEIGHBOURS + 1)))

    @property
    def headers(self) -> Mapping[str, str]:
        names = {"la num": "la_code", "la name": "la_name", "la number": "la_number"}
        names.update({f"sn{k}": f"sn{k}" for k in range(1, NEIGHBOURS + 1)})
        return names

    def first_header(self, key: str) -> str:
        return {"la_code": "LA num", "la_name": "LA Name", "la_number": "LA number"}.get(key, key.upper())


LAYOUT = NeighbourLayout()


def model_month(path: Path) -> date | None:
    """The first day of the month the file name gives ("sn_may_2025.xlsx" -> 2025-05-01)."""
    found = _MONTH_YEAR.search(path.stem.lower())
    return date(int(found.group(2)), _MONTHS[found.group(1)], 1) if found else None


def model_name(month: date) -> str:
    return f"{MODEL_PREFIX}, {month:%B %Y}"


def _sheet(path: Path) -> tuple[str, Sheet]:
    sheets = read_workbook(path)
    if SHEET in sheets:
        return SHEET, sheets[SHEET]
    if not sheets:
        raise InputError("the workbook has no sheets", file=path)
    name = next(iter(sheets))
    return name, sheets[name]


def _band_columns(table: Table, path: Path) -> dict[int, int]:
    """Neighbour k -> the column of its closeness band: the one right after SNk, headed SNP."""
    columns = {}
    for k in range(1, NEIGHBOURS + 1):
        column = table.columns[f"sn{k}"] + 1
        if fold_header(table.sheet.cell(table.header_row, column) or "") != "snp":
            raise InputError(
                f"no closeness column (SNP) right after SN{k}",
                file=path,
                sheet=table.source_sheet,
                row=table.header_row + 1,
                column=f"SNP after SN{k}",
            )
        columns[k] = column
    return columns


def _code(cells: RowCells, key: str) -> str | None:
    text = cells.text(key)
    return None if text is None or text.strip() in _NOTHING else text.strip()


@dataclass
class _Row:
    number: int
    la: LocalAuthority
    neighbours: list[tuple[int, LocalAuthority, str]]  # rank, LA as the file names it, band


def _read_rows(path: Path, resolver: LaResolver) -> tuple[list[_Row], list[int]]:
    """Every LA row checked (codes known, ten neighbours with bands, never the LA itself), and the
    row numbers of rows with no neighbours given."""
    sheet_name, sheet = _sheet(path)
    tables = find_tables(sheet, LAYOUT, path=path, source_sheet=sheet_name)
    rows: list[_Row] = []
    empty: list[int] = []
    for table in tables:
        bands = _band_columns(table, path)
        for index in range(table.header_row + 1, table.end_row):
            cells = RowCells(table, index, path)
            if not any(v is not None and str(v).strip() not in _NOTHING for v in sheet.rows[index]):
                continue  # a blank row
            code = _code(cells, "la_code")
            given = [_code(cells, f"sn{k}") for k in range(1, NEIGHBOURS + 1)]
            if code is None and all(g is None for g in given):
                continue  # a label between parts of the table (the April 2021 file's "Old SNs:")
            if code is None:
                raise cells.error("no LA code", "la_code")
            la = resolver.by_dfe(code) if code.isdigit() else None
            if la is None:
                raise cells.error("unknown LA code (expected a DfE 3-digit LA code)", "la_code", code)
            band_texts = [cells.table.sheet.cell(index, bands[k]) for k in range(1, NEIGHBOURS + 1)]
            if all(g is None for g in given) and all(b is None or str(b).strip() in _NOTHING for b in band_texts):
                empty.append(cells.row_number)
                continue
            neighbours = []
            seen: dict[str, int] = {}
            for k, (neighbour_code, band_text) in enumerate(zip(given, band_texts, strict=True), start=1):
                key = f"sn{k}"
                if neighbour_code is None:
                    raise cells.error(f"no code for neighbour {k}", key)
                neighbour = resolver.by_dfe(neighbour_code) if neighbour_code.isdigit() else None
                if neighbour is None:
                    raise cells.error("unknown LA code (expected a DfE 3-digit LA code)", key, neighbour_code)
                if neighbour.id == la.id:
                    raise cells.error(f"{la.name} is listed as its own neighbour", key, neighbour_code)
                if neighbour.id in seen:
                    raise cells.error(f"{neighbour.name} is listed twice (also as neighbour {seen[neighbour.id]})", key)
                seen[neighbour.id] = k
                band = _BAND_BY_FOLDED.get(" ".join(str(band_text or "").split()).lower())
                if band is None:
                    column = cells.table.columns[key] + 1
                    raise InputError(
                        f"unknown closeness band for neighbour {k} (expected one of: {', '.join(BANDS)})",
                        file=path,
                        sheet=table.source_sheet,
                        row=cells.row_number,
                        column=f"{_column_label(column)} (SNP after SN{k})",
                        value=band_text,
                    )
                neighbours.append((k, neighbour, band))
            rows.append(_Row(cells.row_number, la, neighbours))
    return rows, empty


def _successors(session: Session) -> dict[int, list[LocalAuthority]]:
    """Former LA id -> the current LAs that replaced it (mergers and splits)."""
    by_id = {la.id: la for la in session.scalars(select(LocalAuthority))}
    found: dict[int, list[LocalAuthority]] = {}
    for link in session.scalars(select(Reorganisation).where(Reorganisation.kind != "recode")):
        if link.predecessor_la_id is not None and link.successor_la_id in by_id:
            found.setdefault(link.predecessor_la_id, []).append(by_id[link.successor_la_id])
    for successors in found.values():
        successors.sort(key=lambda la: la.name)
    return found


def _stored_neighbours(
    row: _Row, successors: dict[int, list[LocalAuthority]]
) -> list[tuple[int, LocalAuthority, str, str | None]]:
    """The row's neighbours as stored: former LAs replaced by their successors, no repeats, never the LA."""
    stored: dict[int, tuple[int, LocalAuthority, str, str | None]] = {}
    for rank, neighbour, band in row.neighbours:
        if neighbour.current:
            candidates = [(neighbour, None)]
        else:
            candidates = [(s, neighbour.ons_code) for s in successors.get(neighbour.id, [])]
        for la, via in candidates:
            if la.id == row.la.id or la.id in stored and stored[la.id][0] <= rank:
                continue
            stored[la.id] = (rank, la, band, via)
    return sorted(stored.values(), key=lambda item: (item[0], item[1].name))


def import_statistical_neighbours(
    session: Session, path: str | Path, *, applies_from: date | None = None, applies_to: date | None = None
) -> ImportReport:
    """Load one workbook as one model (in the caller's transaction); see the module docstring."""
    path = Path(path)
    report = ImportReport(file=path.name, kind=KIND, sha256=file_sha256(path))
    if previous_run(session, report.sha256, KIND):
        report.already_imported = True
        return report
    month = model_month(path)
    if month is None and applies_from is None:
        raise InputError(
            "cannot tell the model's month from the file name (e.g. '..._may_2025.xlsx'): give --applies-from",
            file=path,
        )
    applies_from = applies_from or month
    if applies_to is not None and applies_to < applies_from:
        raise InputError(f"--applies-to {applies_to} is before the model starts ({applies_from})", file=path)
    name = model_name(month or applies_from)
    report.edition = name

    rows, empty = _read_rows(path, LaResolver(session))
    by_la: dict[int, _Row] = {}
    kept: list[_Row] = []
    for row in rows:
        earlier = by_la.get(row.la.id)
        if earlier is None:
            by_la[row.la.id] = row
            kept.append(row)
            continue
        if [(r, n.id, b) for r, n, b in earlier.neighbours] != [(r, n.id, b) for r, n, b in row.neighbours]:
            raise InputError(
                f"rows {earlier.number} and {row.number} both give {row.la.name}'s neighbours, differently",
                file=path,
                sheet=SHEET,
                row=row.number,
                column=LAYOUT.first_header("la_code"),
            )
        report.details["repeated_rows"] = report.details.get("repeated_rows", 0) + 1
        report.notes.append(f"repeated row: row {row.number} repeats row {earlier.number} ({row.la.name}): stored once")
    report.rows_read = len(rows) + len(empty)
    for number in empty:
        report.notes.append(f"row {number}: no neighbours given (all '-'): skipped")
    former = [row for row in kept if not row.la.current]
    if former:
        report.details["former_la_rows_skipped"] = len(former)
        report.notes.append(
            "former authorities' rows not stored (current LAs only): " + ", ".join(r.la.name for r in former)
        )

    model = session.scalars(select(StatisticalNeighbourModel).where(StatisticalNeighbourModel.name == name)).first()
    run = record_run(session, report)
    if model is None:
        model = StatisticalNeighbourModel(name=name)
        session.add(model)
    else:
        model.neighbours.clear()
        session.flush()
        report.updated = 1
    model.applies_from, model.applies_to, model.applies_to_given = applies_from, applies_to, applies_to is not None
    model.source_file, model.sha256, model.import_run_id = path.name, report.sha256, run.id

    successors = _successors(session)
    mapped = 0
    for row in kept:
        if not row.la.current:
            continue
        for rank, neighbour, band, via in _stored_neighbours(row, successors):
            model.neighbours.append(
                StatisticalNeighbour(
                    la_id=row.la.id, neighbour_la_id=neighbour.id, rank=rank, closeness=band, via_ons_code=via
                )
            )
            report.inserted += 1
            mapped += via is not None
    if mapped:
        report.details["neighbours_via_former_la"] = mapped
    session.flush()
    _close_date_ranges(session)
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    return report


def _close_date_ranges(session: Session) -> None:
    """Each model not given an end runs to the day before the next model starts (the latest: open)."""
    models = sorted(session.scalars(select(StatisticalNeighbourModel)), key=lambda m: m.applies_from)
    for model, after in zip(models, [*models[1:], None], strict=True):
        if model.applies_to_given:
            continue
        model.applies_to = after.applies_from - timedelta(days=1) if after is not None else None
