"""Loads Ofsted's published files of LA children's services inspections into the store.

Two publications are read, in Ofsted's own layouts (ODS, or the same sheets as XLSX or CSV):
"Children's social care data in England" (the wide 2009-2023 history and the in-year sheet) and
"LA inspection outcomes as at 31 March YYYY" (latest judgements, in-year activity, ILACS history).
Each sheet is described by a small layout table (which headers mean which field, in `layouts`);
one generic reader applies them, so a new edition needs a new header alias, not new code.

The publications overlap: an inspection reported by several sheets or files is stored once, with
one InspectionSource row per reporting row. Graded inspections match on (LA, framework,
publication date), or on inspection date where a sheet gives only that; visits match on (LA, type,
visit date). Editions sometimes disagree by a day or weeks on a date, so dates match within a
tolerance. Where sources disagree the newer edition wins, then the more detailed sheet; either
way a later file only fills in what is missing, and the order of imports does not matter. Each
disagreement is named (report notes, printed by the CLI) and kept as a Correction row; rows of one
sheet that disagree, or sheets of one file giving different grades, are refused.

The package keeps those concerns apart: `layouts` (what each sheet's headers mean), `reader`
(which publication and edition a file is, and which tables to read), `records` (a row's cells as
checked inspections and visits) and `merge` (matching them with what is stored).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport, InputError, LaResolver, file_sha256, previous_run, record_run
from data_access.importers.ofsted.layouts import LAYOUTS
from data_access.importers.ofsted.merge import Store
from data_access.importers.ofsted.reader import edition_date, plan_file
from data_access.importers.ofsted.records import VISITS, OfstedCells, Record, records_from_row
from data_access.importers.spreadsheets import Sheet
from data_access.models import LocalAuthority

__all__ = ["KIND", "LAYOUTS", "VISITS", "ImportReport", "import_ofsted"]

KIND = "ofsted"


OFSTED_PAGE = re.compile(r"^https://reports\.ofsted\.gov\.uk/provider/\d+/\d+$")


def ofsted_pages(sheet: Sheet) -> dict[int, str]:
    """Row -> the LA's page on Ofsted's reports site that the row links to. Only such addresses:
    a link from a file is shown to users, so nothing else (javascript:, any other site) is kept."""
    return {row: href.strip() for (row, _), href in sheet.links.items() if OFSTED_PAGE.match(href.strip())}


def import_ofsted(session: Session, path: str | Path) -> ImportReport:
    """Import one Ofsted file (ODS, XLSX or CSV); InputError for bad input, nothing written then.

    A file already imported (same SHA-256) is skipped. Inspections already stored from another
    file are matched, filled in and given another source row, never stored twice.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    sha256 = file_sha256(path)
    report = ImportReport(file=path.name, kind=KIND, sha256=sha256)
    if (earlier := previous_run(session, sha256, KIND)) is not None:
        report.already_imported, report.edition = True, earlier.edition
        return report

    plan = plan_file(path)
    report.edition = plan.edition
    rank_date = edition_date(plan.edition)
    resolver = LaResolver(session)
    today = date.today()
    records: list[Record] = []
    pages: dict[LocalAuthority, str] = {}
    for table in plan.tables:
        rank = (rank_date, table.layout.detail)
        links = ofsted_pages(table.sheet)
        for row in range(table.header_row + 1, table.end_row):
            cells = OfstedCells(table, row, path, today)
            found = list(records_from_row(cells, rank, resolver))
            if found or any(cells.raw(k) is not None for k in table.columns):
                report.rows_read += 1
            records += found
            if row in links and found and found[0].la is not None:
                pages[found[0].la] = links[row]
    if not records:
        raise InputError("no inspections found in the file", file=path)

    run = record_run(session, report)
    store = Store(session, run, sha256)
    for record in records:
        store.add(record)
    store.fill(report)
    for la, page in pages.items():
        if la.ofsted_url_edition is None or rank_date >= la.ofsted_url_edition:
            la.ofsted_url, la.ofsted_url_edition = page, rank_date
    report.notes = store.superseded + store.repeats + [conflict.line() for conflict in store.conflicts]
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    session.flush()
    return report
