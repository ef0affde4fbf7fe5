"""Reads the cells of ODS, XLSX and CSV files as plain rows, so importers can share one reader.

Importers describe their sheets as layouts (which header texts name which field); `find_tables`
finds those tables in a sheet and `RowCells` reads a row by field, naming file, sheet, row and
column in every error.

ODS is parsed by streaming its XML: pandas' odfpy reader builds the whole document in memory and
takes about 20 s on Ofsted's 40 MB "Children's social care data" file; streaming takes a few.
Row numbers are kept as a person sees them: `Sheet.rows[i]` is spreadsheet row i + 1.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from xml.etree import ElementTree

from data_access.importers.common import InputError

Cell = str | float | int | bool | date | datetime | None

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE, _T_ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
_T_CELL, _T_COVERED = f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"
_A_NAME = f"{{{_TABLE}}}name"
_A_ROWS_REP, _A_COLS_REP = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
_A_TYPE, _A_VALUE = f"{{{_OFFICE}}}value-type", f"{{{_OFFICE}}}value"
_A_DATE, _A_BOOL = f"{{{_OFFICE}}}date-value", f"{{{_OFFICE}}}boolean-value"
_X_P, _X_S, _X_TAB, _X_BREAK = (f"{{{_TEXT}}}p", f"{{{_TEXT}}}s", f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break")
_A_SPACES = f"{{{_TEXT}}}c"

# A non-empty cell or row repeated more than this is a formatting artefact, not data.
_MAX_REPEAT = 1000


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]

    def cell(self, row: int, col: int) -> Cell:
        """The value at 0-based (row, col), None when outside the used range."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def file_format(path: str | Path) -> str:
    """'ods', 'xlsx' or 'csv', judged by the content (not only the name); InputError otherwise."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise InputError(f"cannot open the file ({error.strerror})", file=path) from None
    if not head:
        raise InputError("the file is empty", file=path)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                    return "ods"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise InputError("not a spreadsheet: a zip file that is neither ODS nor XLSX", file=path)
    if b"\x00" in head:
        raise InputError("not a spreadsheet (expected ODS, XLSX or CSV)", file=path)
    if path.suffix.lower() in (".ods", ".xlsx", ".xlsm"):
        raise InputError(f"not a valid {path.suffix[1:].upper()} file (it holds plain text)", file=path)
    return "csv"


def read_workbook(path: str | Path, wanted: Callable[[str], bool] | None = None) -> dict[str, Sheet]:
    """The sheets of an ODS or XLSX file (those `wanted` by name), in workbook order.

    A CSV file is returned as one sheet named "" (it has no sheet name of its own).
    """
    wanted = wanted or (lambda _name: True)
    kind = file_format(path)
    try:
        if kind == "ods":
            return _read_ods(Path(path), wanted)
        if kind == "xlsx":
            return _read_xlsx(Path(path), wanted)
        return {"": Sheet("", _read_csv(Path(path)))}
    except InputError:
        raise
    except _BadCell as bad:
        raise InputError(
            bad.message, file=path, sheet=bad.sheet, row=bad.row, column=bad.column, value=bad.value
        ) from None
    except Exception as error:  # parsers of broken files raise many types: each means unreadable
        raise InputError(f"cannot read the {kind.upper()} file ({type(error).__name__}: {error})", file=path) from None


# --- ODS --------------------------------------------------------------------------------------


def _read_ods(path: Path, wanted: Callable[[str], bool]) -> dict[str, Sheet]:
    sheets: dict[str, Sheet] = {}
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        current: Sheet | None = None
        pending_blank = 0
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            if event == "start":
                if element.tag == _T_TABLE:
                    name = element.get(_A_NAME, "")
                    current = Sheet(name, []) if wanted(name) else None
                    pending_blank = 0
                continue
            if element.tag == _T_ROW:
                if current is not None:
                    cells = _ods_row(element, current.name, len(current.rows) + pending_blank + 1)
                    repeat = int(element.get(_A_ROWS_REP, "1"))
                    if cells:
                        # Blank rows between data rows are real rows; trailing ones are dropped.
                        current.rows.extend([] for _ in range(pending_blank))
                        pending_blank = 0
                        current.rows.extend(list(cells) for _ in range(min(repeat, _MAX_REPEAT)))
                    else:
                        pending_blank += repeat
                element.clear()
            elif element.tag == _T_TABLE:
                if current is not None:
                    sheets[current.name] = current
                current = None
                element.clear()
    return sheets


class _BadCell(ValueError):
    """A cell whose typed value cannot be read (an impossible date in a date cell), and where it is."""

    def __init__(self, message: str, sheet: str, row: int, column: str, value: str):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column, self.value = message, sheet, row, column, value


def _ods_row(row: ElementTree.Element, sheet: str = "", row_number: int = 0) -> list[Cell]:
    cells: list[Cell] = []
    pending_blank = 0
    for cell in row:
        if cell.tag not in (_T_CELL, _T_COVERED):
            continue
        repeat = int(cell.get(_A_COLS_REP, "1"))
        try:
            value = _ods_value(cell)
        except ValueError:
            kind = cell.get(_A_TYPE)
            raw = cell.get(_A_DATE if kind == "date" else _A_VALUE, "")
            column = _column_label(len(cells) + pending_blank)
            message = "impossible date in a date cell" if kind == "date" else f"unreadable {kind} cell"
            raise _BadCell(message, sheet, row_number, column, raw) from None
        if value is None:
            pending_blank += repeat
            continue
        cells.extend([None] * pending_blank)
        pending_blank = 0
        cells.extend([value] * min(repeat, _MAX_REPEAT))
    return cells


def _ods_value(cell: ElementTree.Element) -> Cell:
    kind = cell.get(_A_TYPE)
    if kind in ("float", "percentage", "currency"):
        return float(cell.get(_A_VALUE, "nan"))
    if kind == "date":
        text = cell.get(_A_DATE, "")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    if kind == "boolean":
        return cell.get(_A_BOOL, "false") == "true"
    text = "\n".join(_ods_text(p) for p in cell if p.tag == _X_P)
    return text if text.strip() else None


def _ods_text(element: ElementTree.Element) -> str:
    """The text of a paragraph, with ODS's encoded spaces, tabs and line breaks restored."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _X_S:
            parts.append(" " * int(child.get(_A_SPACES, "1")))
        elif child.tag == _X_TAB:
            parts.append("\t")
        elif child.tag == _X_BREAK:
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- XLSX and CSV -----------------------------------------------------------------------------


def _read_xlsx(path: Path, wanted: Callable[[str], bool]) -> dict[str, Sheet]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {}
        for worksheet in workbook.worksheets:
            if not wanted(worksheet.title):
                continue
            rows = [_trim([None if v == "" else v for v in row]) for row in worksheet.iter_rows(values_only=True)]
            sheets[worksheet.title] = Sheet(worksheet.title, _drop_trailing_blank(rows))
        return sheets
    finally:
        workbook.close()


def _read_csv(path: Path) -> list[list[Cell]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise InputError("cannot decode the CSV file as UTF-8 or Windows-1252", file=path)
    rows = [_trim([v if v.strip() else None for v in record]) for record in _csv_records(text)]
    return _drop_trailing_blank(rows)


def _csv_records(text: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    except csv.Error as error:
        raise ValueError(f"malformed CSV: {error}") from None


# Separators spreadsheet programs write: a comma, or (where the comma is the decimal mark) a semicolon.
CSV_DELIMITERS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def csv_delimiter(text: str) -> str:
    """The field separator of CSV text: the one splitting its first rows into the most columns.

    A title row above the table may hold any of them, so the widest row decides; ties keep the comma.
    """
    lines = text.splitlines()[:50]
    best, widest = ",", 1
    for delimiter in CSV_DELIMITERS:
        try:
            width = max((len(row) for row in csv.reader(lines, delimiter=delimiter)), default=0)
        except csv.Error:
            continue
        if width > widest:
            best, widest = delimiter, width
    return best


def _trim(row: list[Cell]) -> list[Cell]:
    while row and row[-1] is None:
        row.pop()
    return row


def _drop_trailing_blank(rows: list[list[Cell]]) -> list[list[Cell]]:
    while rows and not rows[-1]:
        rows.pop()
    return rows


# --- Tables and their rows --------------------------------------------------------------------


def fold_header(text: object) -> str:
    """Header text folded for matching: case, punctuation, line breaks and spacing aside."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


class TableLayout(Protocol):
    """What finding tables and naming cells needs of an importer's layout of a sheet."""

    @property
    def required(self) -> tuple[str, ...]:
        """The field keys a header row must name; the first two serve as examples in messages."""
        ...

    @property
    def headers(self) -> Mapping[str, str]:
        """Header text folded by `fold_header` -> the field key it names."""
        ...

    def first_header(self, key: str) -> str:
        """The header a person should add for a missing field."""
        ...


LayoutT = TypeVar("LayoutT", bound=TableLayout)


@dataclass
class Table(Generic[LayoutT]):
    """One table of a sheet: its header row and which column holds each field."""

    layout: LayoutT
    sheet: Sheet
    source_sheet: str  # the sheet name given in messages (and recorded as a source)
    header_row: int  # 0-based
    columns: dict[str, int]  # field key -> 0-based column
    end_row: int  # 0-based, exclusive

    def header_text(self, column: int) -> str:
        return str(self.sheet.cell(self.header_row, column) or "").strip()


def header_matches(row: list[Cell], layout: TableLayout) -> dict[str, int]:
    """The fields a row names as headers -> their column, so a header row can be told by its hits."""
    index = layout.headers
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        if isinstance(value, str) and (key := index.get(fold_header(value))) is not None:
            found.setdefault(key, col)
    return found


def find_tables(sheet: Sheet, layout: LayoutT, *, path: Path, source_sheet: str) -> list[Table[LayoutT]]:
    """The tables in a sheet: each starts at a header row (a row naming 3+ known columns).

    Header rows are searched for, not assumed: published files (Ofsted's among them) put titles and
    notes above them, and some sheets hold a second table (Ofsted's former LAs) under the first.
    """
    starts = []
    for i, row in enumerate(sheet.rows):
        found = header_matches(row, layout)
        if len(found) >= 3:
            missing = [k for k in layout.required if k not in found]
            if missing:
                raise InputError(
                    "the header row lacks a required column",
                    file=path,
                    sheet=source_sheet,
                    row=i + 1,
                    column=layout.first_header(missing[0]),
                )
            starts.append((i, found))
    if not starts:
        raise InputError(
            f"no header row found (expected columns such as {layout.first_header(layout.required[1])!r})",
            file=path,
            sheet=source_sheet,
            column=layout.first_header(layout.required[0]),
        )
    tables = []
    for n, (i, found) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(sheet.rows)
        tables.append(Table(layout, sheet, source_sheet, i, found, end))
    return tables


def _column_label(col: int) -> str:
    """The spreadsheet letters of a 0-based column (0 -> A, 26 -> AA), as a person sees them."""
    label = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        label = chr(65 + rest) + label
    return label


@dataclass
class RowCells(Generic[LayoutT]):
    """One data row of a table, read by field, so that every error names file, sheet, row and column."""

    table: Table[LayoutT]
    row: int  # 0-based
    path: Path

    @property
    def row_number(self) -> int:
        return self.row + 1

    def raw(self, key: str) -> Cell:
        col = self.table.columns.get(key)
        if col is None:
            return None
        value = self.table.sheet.cell(self.row, col)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def error(self, message: str, key: str, value: object = None) -> InputError:
        col = self.table.columns.get(key)
        column = (
            f"{_column_label(col)} ({self.table.header_text(col)})"
            if col is not None
            else self.table.layout.first_header(key)
        )
        return InputError(
            message, file=self.path, sheet=self.table.source_sheet, row=self.row_number, column=column, value=value
        )

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) or None
