"""Reads the cells of ODS, XLSX and CSV files as plain rows, so importers can share one reader.

ODS is parsed by streaming its XML: pandas' odfpy reader builds the whole document in memory and
takes about 20 s on Ofsted's 40 MB "Children's social care data" file; streaming takes a few.
Row numbers are kept as a person sees them: `Sheet.rows[i]` is spreadsheet row i + 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
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
                    cells = _ods_row(element)
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


def _ods_row(row: ElementTree.Element) -> list[Cell]:
    cells: list[Cell] = []
    pending_blank = 0
    for cell in row:
        if cell.tag not in (_T_CELL, _T_COVERED):
            continue
        repeat = int(cell.get(_A_COLS_REP, "1"))
        value = _ods_value(cell)
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
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise ValueError(f"malformed CSV: {error}") from None


def _trim(row: list[Cell]) -> list[Cell]:
    while row and row[-1] is None:
        row.pop()
    return row


def _drop_trailing_blank(rows: list[list[Cell]]) -> list[list[Cell]]:
    while rows and not rows[-1]:
        rows.pop()
    return rows
