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
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from xml.etree import ElementTree

from data_access.importers.common import InputError
from data_access.settings import ImportLimits, import_limits

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
_X_LINK, _A_HREF = f"{{{_TEXT}}}a", "{http://www.w3.org/1999/xlink}href"
_A_FORMULA = f"{{{_TABLE}}}formula"
# A HYPERLINK formula's address, read as text (formulas are never evaluated): Ofsted's files link
# LAs this way, =HYPERLINK("https://reports.ofsted.gov.uk/provider/44/301";"Ofsted ... Webpage").
_HYPERLINK = re.compile(r'HYPERLINK\(\s*"([^"]{1,500})"', re.IGNORECASE)

# A non-empty cell or row repeated more than this is a formatting artefact, not data.
_MAX_REPEAT = 1000
# XML nesting and parts of one cell beyond these are no spreadsheet's (LibreOffice's go ~10 deep).
_MAX_XML_DEPTH = 100
_MAX_CELL_PARTS = 10_000
# A zip member smaller than this is not checked for its compression ratio (too small to harm).
_RATIO_FLOOR = 2**20
# The most rows an XLSX sheet can hold (Excel's own limit): a row numbered beyond it is refused.
_XLSX_ROWS = 1_048_576


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    # (row, col), 0-based -> the address a cell links to (ODS hyperlinks: Ofsted's files link
    # each LA's name or "Web link" cell to its page on Ofsted's reports site).
    links: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> Cell:
        """The value at 0-based (row, col), None when outside the used range."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def file_format(path: str | Path, limits: ImportLimits | None = None) -> str:
    """'ods', 'xlsx' or 'csv', judged by the content (not only the name); InputError otherwise,
    and for a file over the import limits (file size; each zip member's unpacked size and
    compression ratio), before anything in it is read."""
    path = Path(path)
    limits = limits or import_limits()
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise InputError(f"cannot open the file ({error.strerror})", file=path) from None
    if size > limits.file_mb * 2**20:
        raise InputError(f"the file is {size / 2**20:.1f} MB, over the limit {limits.named('file_mb')}", file=path)
    if not head:
        raise InputError("the file is empty", file=path)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip_members(archive, path, limits)
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


def check_zip_members(archive: zipfile.ZipFile, path: Path, limits: ImportLimits) -> None:
    """InputError for a member that unpacks beyond RIA_IMPORT_MAX_UNZIPPED_MB or, when over 1 MB,
    is compressed more than RIA_IMPORT_MAX_ZIP_RATIO to 1 (a zip bomb). Sizes are those the zip
    declares; Python's zipfile never unpacks more than the declared size (it stops, with a CRC
    error, at that many bytes), so a member cannot lie its way past the check."""
    for info in archive.infolist():
        if info.file_size > limits.unzipped_mb * 2**20:
            raise InputError(
                f"member {info.filename} unpacks to {info.file_size / 2**20:.1f} MB, "
                f"over the limit {limits.named('unzipped_mb')}",
                file=path,
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            raise InputError(
                f"member {info.filename} is compressed {info.file_size / max(info.compress_size, 1):.0f} to 1, "
                f"over the limit {limits.named('zip_ratio')}",
                file=path,
            )


class _SheetBuilder:
    """The rows of one sheet as they are read, refused (naming sheet, row and the limit) once the
    rows, columns or cells read would pass the import limits. Blank rows and cells count only
    where data follows them (trailing ones are formatting, and are never stored)."""

    def __init__(self, name: str, path: Path, limits: ImportLimits):
        self.name, self.path, self.limits = name, path, limits
        self.rows: list[list[Cell]] = []
        self.blank_rows = 0  # blank rows seen since the last data row
        self.cells_read = 0
        self.row: list[Cell] = []
        self.blank_cells = 0  # blank cells seen since the last value in this row
        self.links: dict[tuple[int, int], str] = {}

    def add_link(self, href: str) -> None:
        """The cell about to be added links to `href` (kept only while the sheet is in the limits)."""
        if len(self.links) < self.limits.rows:
            self.links[(len(self.rows) + self.blank_rows, len(self.row) + self.blank_cells)] = href[:500]

    def _refuse(self, what: str, limit: str, row: int | None = None) -> InputError:
        message = f"{what}, over the limit {self.limits.named(limit)}"
        return InputError(message, file=self.path, sheet=self.name, row=row)

    @property
    def row_number(self) -> int:
        """The spreadsheet row number of the row being read."""
        return len(self.rows) + self.blank_rows + 1

    def add_cell(self, value: Cell, repeat: int = 1) -> None:
        if value is None:
            self.blank_cells += repeat
            return
        copies = min(repeat, _MAX_REPEAT)
        width = len(self.row) + self.blank_cells + copies
        if width > self.limits.columns:
            raise self._refuse(f"a value in column {width} (or later)", "columns", self.row_number)
        self.row.extend([None] * self.blank_cells)
        self.blank_cells = 0
        self.row.extend([value] * copies)

    def add_values(self, values) -> bool:
        """A whole row of values (XLSX, CSV), blank ones as None; whether any was not blank."""
        for value in values:
            self.add_cell(value)
        filled = bool(self.row)
        self.end_row()
        return filled

    def end_row(self, repeat: int = 1) -> None:
        cells, self.row, self.blank_cells = self.row, [], 0
        if not cells:
            self.blank_rows += repeat
            return
        copies = min(repeat, _MAX_REPEAT)
        if len(self.rows) + self.blank_rows + copies > self.limits.rows:
            raise self._refuse(f"data in row {self.row_number} (or later)", "rows", self.row_number)
        self.cells_read += len(cells) * copies
        if self.cells_read > self.limits.cells:
            raise self._refuse(f"more than {self.limits.cells} cells read", "cells", self.row_number)
        self.rows.extend([] for _ in range(self.blank_rows))
        self.blank_rows = 0
        self.rows.extend([cells] * copies)  # a repeated row is one list (rows are never changed)

    def sheet(self) -> Sheet:
        return Sheet(self.name, self.rows, self.links)


def read_workbook(path: str | Path, wanted: Callable[[str], bool] | None = None) -> dict[str, Sheet]:
    """The sheets of an ODS or XLSX file (those `wanted` by name), in workbook order.

    A CSV file is returned as one sheet named "" (it has no sheet name of its own). A file over
    the import limits (data_access.settings.ImportLimits) is refused, naming the limit.
    """
    wanted = wanted or (lambda _name: True)
    limits = import_limits()
    kind = file_format(path, limits)
    try:
        if kind == "ods":
            return _read_ods(Path(path), wanted, limits)
        if kind == "xlsx":
            return _read_xlsx(Path(path), wanted, limits)
        return {"": _read_csv(Path(path), limits)}
    except InputError:
        raise
    except Exception as error:  # parsers of broken files raise many types: each means unreadable
        raise InputError(f"cannot read the {kind.upper()} file ({type(error).__name__}: {error})", file=path) from None


# --- ODS --------------------------------------------------------------------------------------


def _read_ods(path: Path, wanted: Callable[[str], bool], limits: ImportLimits) -> dict[str, Sheet]:
    """Stream content.xml: each cell is read, then dropped from the tree, as soon as it ends, so
    memory holds the rows kept and one cell's XML, whatever the file holds."""
    sheets: dict[str, Sheet] = {}
    with zipfile.ZipFile(path) as archive:
        check_zip_members(archive, path, limits)
        with archive.open("content.xml") as stream:
            current: _SheetBuilder | None = None
            open_elements: list[ElementTree.Element] = []
            cell_level: int | None = None  # index in open_elements of the cell being read
            cell_parts = 0
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                if event == "start":
                    open_elements.append(element)
                    if len(open_elements) > _MAX_XML_DEPTH:
                        raise InputError(f"the XML is nested over {_MAX_XML_DEPTH} deep", file=path)
                    if cell_level is not None:
                        cell_parts += 1
                        if cell_parts > _MAX_CELL_PARTS:
                            raise InputError(
                                f"a cell has over {_MAX_CELL_PARTS} parts",
                                file=path,
                                sheet=current.name if current else None,
                                row=current.row_number if current else None,
                            )
                    elif element.tag in (_T_CELL, _T_COVERED):
                        cell_level, cell_parts = len(open_elements) - 1, 0
                    elif element.tag == _T_TABLE:
                        name = element.get(_A_NAME, "")
                        current = _SheetBuilder(name, path, limits) if wanted(name) else None
                    continue
                open_elements.pop()
                if cell_level is not None and len(open_elements) > cell_level:
                    continue  # part of the cell being read: kept until the cell ends
                if cell_level is not None:  # the cell itself ends
                    cell_level = None
                    if current is not None:
                        link = _ods_link(element)
                        if link:
                            current.add_link(link)
                        current.add_cell(_read_ods_cell(element, current), int(element.get(_A_COLS_REP, "1")))
                elif element.tag == _T_ROW:
                    if current is not None:
                        current.end_row(int(element.get(_A_ROWS_REP, "1")))
                elif element.tag == _T_TABLE:
                    if current is not None:
                        sheets[current.name] = current.sheet()
                    current = None
                element.clear()
                if open_elements:
                    open_elements[-1].remove(element)  # the only finished child its parent holds
    return sheets


def _ods_link(cell: ElementTree.Element) -> str | None:
    """The address a cell links to: a HYPERLINK formula's, else its first text link's."""
    found = _HYPERLINK.search(cell.get(_A_FORMULA) or "")
    if found:
        return found.group(1)
    return next((a.get(_A_HREF) for a in cell.iter(_X_LINK) if a.get(_A_HREF)), None)


def _read_ods_cell(cell: ElementTree.Element, sheet: _SheetBuilder) -> Cell:
    """The cell's value; a typed value that cannot be read (an impossible date in a date cell) is
    refused naming sheet, row and column."""
    try:
        return _ods_value(cell)
    except ValueError:
        kind = cell.get(_A_TYPE)
        raw = cell.get(_A_DATE if kind == "date" else _A_VALUE, "")
        message = "impossible date in a date cell" if kind == "date" else f"unreadable {kind} cell"
        raise InputError(
            message,
            file=sheet.path,
            sheet=sheet.name,
            row=sheet.row_number,
            column=_column_label(len(sheet.row) + sheet.blank_cells),
            value=raw,
        ) from None


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


def _read_xlsx(path: Path, wanted: Callable[[str], bool], limits: ImportLimits) -> dict[str, Sheet]:
    """openpyxl in read-only mode (it streams each sheet). Its shared strings are all held in
    memory, so there may be no more of them than cells a sheet may hold. Columns past
    RIA_IMPORT_MAX_COLUMNS + 1 are not read: a value in that one is refused."""
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        check_zip_members(archive, path, limits)
        if "xl/sharedStrings.xml" in archive.namelist():
            _count_shared_strings(archive, path, limits)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {}
        for worksheet in workbook.worksheets:
            if not wanted(worksheet.title):
                continue
            builder = _SheetBuilder(worksheet.title, path, limits)
            blank: tuple | None = None  # the last blank row: openpyxl fills gaps with one tuple, reused
            for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=limits.columns + 1), 1):
                if number > _XLSX_ROWS:
                    message = f"rows numbered past {_XLSX_ROWS}, XLSX's own limit"
                    raise InputError(message, file=path, sheet=builder.name)
                if values is blank:
                    builder.end_row()
                elif not builder.add_values(None if v == "" else v for v in values):
                    blank = values
            sheets[worksheet.title] = builder.sheet()
        return sheets
    finally:
        workbook.close()


def _count_shared_strings(archive: zipfile.ZipFile, path: Path, limits: ImportLimits) -> None:
    count = 0
    with archive.open("xl/sharedStrings.xml") as stream:
        for _event, element in ElementTree.iterparse(stream):
            if element.tag.endswith("}si"):
                count += 1
                if count > limits.cells:
                    raise InputError(
                        f"more than {limits.cells} shared strings, over the limit {limits.named('cells')}", file=path
                    )
                element.clear()
            elif element.tag.endswith("}sst"):
                element.clear()


def _read_csv(path: Path, limits: ImportLimits) -> Sheet:
    """The CSV read as UTF-8 (a BOM allowed), else Windows-1252, a row at a time, so the rows and
    cells limits stop it before it is all in memory."""
    for encoding in ("utf-8-sig", "cp1252"):
        builder = _SheetBuilder("", path, limits)
        try:
            with open(path, encoding=encoding, newline="") as handle:
                # The separator from the first lines (a file over the size limit never gets here).
                separator = csv_delimiter("".join(itertools.islice(handle, 50)))
                handle.seek(0)
                for record in _csv_records(handle, separator):
                    builder.add_values(v if v.strip() else None for v in record)
            return builder.sheet()
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode the CSV file as UTF-8 or Windows-1252", file=path)  # pragma: no cover


def _csv_records(handle, separator: str = ",") -> Iterator[list[str]]:
    try:
        yield from csv.reader(handle, delimiter=separator)
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
