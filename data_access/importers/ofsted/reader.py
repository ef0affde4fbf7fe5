"""Reads an Ofsted file into tables: which publication and edition it is, and which sheets to read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from data_access.importers.common import InputError
from data_access.importers.ofsted.layouts import (
    CSC_DATA,
    LA_INSPECTIONS_2009,
    LAYOUTS,
    OUTCOMES,
    Layout,
    Publication,
    detect_csv_layout,
    layout_for_sheet,
)
from data_access.importers.ofsted.records import parse_date_text
from data_access.importers.spreadsheets import (
    SEPARATOR_NAMES,
    Sheet,
    Table,
    csv_delimiter,
    file_format,
    find_tables,
    read_workbook,
)

# How each publication names itself on its cover or above its tables -> the edition's year in the name.
_EDITION_PATTERNS = (
    (re.compile(r"children.s social care data in england (\d{4})", re.I), CSC_DATA, "{0}"),
    (re.compile(r"inspection outcomes as at 31 march (\d{4})", re.I), OUTCOMES, "{0}"),
    (re.compile(r"inspection judgements as at 31 march (\d{4})", re.I), OUTCOMES, "{0}"),
    (re.compile(r"in.year inspection activity (\d{2})(\d{2})-(\d{2})", re.I), OUTCOMES, "{0}{2}"),
    (re.compile(r"ilacs inspection history from \d{4}-(\d{4})", re.I), OUTCOMES, "{0}"),
)


@dataclass
class Plan:
    """What a file holds: its edition and the tables to read."""

    edition: str
    tables: list[Table[Layout]]


def plan_file(path: Path) -> Plan:
    """The edition and tables of an Ofsted file; InputError when it is not one, or lacks a sheet."""
    kind = file_format(path)
    if kind == "csv":
        sheet = read_workbook(path)[""]
        if not sheet.rows:
            raise InputError("the file has no rows", file=path)
        try:
            layout = detect_csv_layout(sheet, path)
        except InputError as error:
            if error.sheet is None:  # no known header row at all: perhaps split at the wrong character
                separator = SEPARATOR_NAMES[csv_delimiter(_head_text(path))]
                raise InputError(f"{error.message} (read as {separator}-separated)", file=path) from None
            raise
        tables = find_tables(sheet, layout, path=path, source_sheet=layout.key)
        _check_expected_columns(tables, path)
        return Plan(_edition(path, None, tables), tables)

    def wanted(name: str) -> bool:
        return name.strip().lower() == "cover" or layout_for_sheet(name) is not None

    sheets = read_workbook(path, wanted)
    cover = next((s for name, s in sheets.items() if name.strip().lower() == "cover"), None)
    found = {name: layout_for_sheet(name) for name in sheets if name.strip().lower() != "cover"}
    found = {name: layout for name, layout in found.items() if layout is not None}
    publication = _publication_from_cover(cover)
    if publication is None:
        if any(layout is LA_INSPECTIONS_2009 for layout in found.values()):
            publication = CSC_DATA
        elif found:
            publication = OUTCOMES
        else:
            raise InputError(
                "not an Ofsted LA inspections file: no sheet named like " + ", ".join(layout.key for layout in LAYOUTS),
                file=path,
            )
    allowed = [layout for choice in publication.required for layout in choice] + list(publication.optional)
    for choice in publication.required:
        if not any(layout in choice for layout in found.values()):
            raise InputError(f"missing sheet {choice[0].key!r} of {publication.title}", file=path, sheet=choice[0].key)
    tables = []
    for name, layout in found.items():
        if layout in allowed:
            tables += find_tables(sheets[name], layout, path=path, source_sheet=name)
    _check_expected_columns(tables, path)
    return Plan(_edition(path, cover, tables), tables)


def _check_expected_columns(tables: list[Table[Layout]], path: Path) -> None:
    """Refuse a table whose header row lacks a column its layout expects (renamed or deleted).

    A missing judgement column would otherwise read as "not judged" for every row, silently, even
    where another sheet carries the same facts.
    """
    for table in tables:
        missing = table.layout.missing_expected(table.columns)
        if missing:
            raise InputError(
                "the header row lacks an expected column (renamed or missing)",
                file=path,
                sheet=table.source_sheet,
                row=table.header_row + 1,
                column=table.layout.first_header(missing[0]),
            )


def _head_text(path: Path) -> str:
    """The start of a text file, as the CSV reader decodes it (enough to tell its separator)."""
    with open(path, "rb") as handle:
        return handle.read(1 << 16).decode("utf-8-sig", errors="replace")


def _publication_from_cover(cover: Sheet | None) -> Publication | None:
    if cover is None:
        return None
    text = " ".join(str(c) for row in cover.rows for c in row if c is not None)
    for pattern, publication, _ in _EDITION_PATTERNS:
        if pattern.search(text):
            return publication
    return None


def _edition(path: Path, cover: Sheet | None, tables: list[Table[Layout]]) -> str:
    """The edition, e.g. 'LA inspection outcomes as at 31 March 2025', from the cover or titles."""
    texts = [" ".join(str(c) for row in cover.rows for c in row if c is not None)] if cover else []
    for table in tables:  # the title rows above each table
        texts += [str(c) for row in table.sheet.rows[: table.header_row] for c in row if c is not None]
    for text in texts:
        for pattern, publication, year in _EDITION_PATTERNS:
            if m := pattern.search(text):
                return f"{publication.title} {year.format(*m.groups())}"
    latest = max((d for t in tables for d in _dates_in(t)), default=None)
    layout = tables[0].layout.key if tables else "Ofsted"
    return f"{layout} (edition not stated; latest date {latest or 'unknown'})"


def _dates_in(table: Table[Layout]) -> Iterator[date]:
    for row in table.sheet.rows[table.header_row + 1 : table.end_row]:
        for value in row:
            if isinstance(value, datetime):
                yield value.date()
            elif isinstance(value, date):
                yield value
            elif isinstance(value, str) and (parsed := parse_date_text(value.strip())):
                yield parsed


def edition_date(edition: str) -> date:
    """The 'as at' date of an edition string written by this importer (older is smaller)."""
    if m := re.search(r"latest date (\d{4}-\d{2}-\d{2})", edition):
        return date.fromisoformat(m.group(1))
    if m := re.search(r"(\d{4})\s*$", edition):
        return date(int(m.group(1)), 3, 31)
    return date.min
