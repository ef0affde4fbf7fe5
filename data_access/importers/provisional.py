"""Provisional ILACS judgements from the community-maintained scrape of Ofsted's published reports.

Ofsted's official files lag by months while reports appear weekly. The scrape (a CSV with `urn,
local_authority, inspection_link, publication_date, inspection_framework, inspection_start_date,
inspection_end_date` and five `*_grade` columns) fills that gap: its inspections are stored with
`official=False` (shown as provisional) until an official file carries the same inspection, which
then supersedes them in place (data_access.importers.ofsted.merge).

The scrape is read from PDFs, so it is checked strictly: an impossible date, an unknown framework,
an unknown LA or a grade that is not one are refused, naming file, row and column (with
`skip_bad_rows` each bad row is reported and skipped instead). Grades the scraper could not read
(`data_unreadable`, `inspection_pre_dates_judgement`, mangled text) are stored as no judgement,
never guessed. Rows without a framework (pre-2018 reports, which carry no readable grades) are
skipped and counted. A row that matches an official inspection is skipped as already official.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data_access.frameworks import ILACS_NO_OVERALL_FROM
from data_access.grades import Grade, parse_grade
from data_access.importers.common import ImportReport, InputError, LaResolver, file_sha256, previous_run, record_run
from data_access.importers.ofsted.merge import _match_score, _slot
from data_access.importers.ofsted.records import ILACS_CARE_LEAVERS_FROM, Record
from data_access.models import ImportRun, Inspection, InspectionSource, InspectionType, Judgement, LocalAuthority
from data_access.settings import ImportLimits, import_limits

KIND = "provisional"
# The InspectionSource sheet name for a scrape row (the file has no sheets).
SHEET = "provisional"
FRAMEWORK = "ILACS"
ILACS_FROM = date(2018, 1, 1)
REQUIRED = (
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspection_start_date",
    "inspection_end_date",
)
# Scrape column -> judgement area as stored.
GRADE_COLUMNS = {
    "overall_effectiveness_grade": "overall_effectiveness",
    "impact_of_leaders_grade": "leadership",
    "help_and_protection_grade": "help_and_protection",
    "in_care_grade": "children_in_care",
    "care_leavers_grade": "care_leavers",
}
# The scrape's framework text -> inspection type. A standard inspection that ran long is still one.
TYPES = {
    "standard": InspectionType.STANDARD,
    "short": InspectionType.SHORT,
    "inspection duration longer than standard framework": InspectionType.STANDARD,
}
# Grade cells the scraper writes when it found no grade it could read: stored as no judgement.
UNKNOWN_GRADES = {"data_unreadable", "inspection_pre_dates_judgement"}
# Text that is a garbled grade: unknown, never guessed (e.g. "to requires improvement").
_GARBLED = re.compile(r"^to ")
REPORT_LINK = re.compile(r"^https://files\.ofsted\.gov\.uk/[A-Za-z0-9/_.\-]+$")


@dataclass
class ProvisionalRow:
    row: int
    la: LocalAuthority
    inspection_type: InspectionType
    inspection_date: date
    published_date: date
    grades: dict[str, Grade]
    unreadable: int
    report_url: str | None

    def record(self) -> Record:
        return Record(
            FRAMEWORK,
            self.inspection_type,
            self.inspection_date,
            self.published_date,
            None,
            self.grades,
            SHEET,
            self.row,
            la=self.la,
        )


class _Skip(Exception):
    """A row that is not a graded ILACS inspection (no framework given): skipped and counted."""


def _date(path: Path, row: int, column: str, text: str, today: date) -> date:
    text = text.strip()
    if not text:
        raise InputError("missing date", file=path, row=row, column=column)
    parsed = None
    for fmt in ("%d/%m/%y", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if parsed is None:
        raise InputError(
            "not a day-first date (dd/mm/yy), or an impossible one", file=path, row=row, column=column, value=text
        )
    if parsed < ILACS_FROM:
        raise InputError(
            "impossible date: before ILACS began (January 2018)", file=path, row=row, column=column, value=text
        )
    if parsed > today:
        raise InputError("date in the future", file=path, row=row, column=column, value=text)
    return parsed


def _grade(path: Path, row: int, column: str, text: str) -> Grade | None:
    """The grade in a cell; None for no judgement (blank, unreadable, or before the judgement existed)."""
    key = text.strip().lower()
    if key in UNKNOWN_GRADES or _GARBLED.match(key):
        return None
    try:
        return parse_grade(text)
    except ValueError:
        raise InputError("unknown grade", file=path, row=row, column=column, value=text) from None


def read_row(path: Path, row: int, cells: dict[str, str], resolver: LaResolver, today: date) -> ProvisionalRow:
    """One scrape row checked; InputError naming the cell, _Skip for a row with no framework."""
    framework = (cells.get("inspection_framework") or "").strip().lower()
    if not framework:
        raise _Skip
    inspection_type = TYPES.get(framework)
    if inspection_type is None:
        known = ", ".join(sorted(TYPES))
        raise InputError(
            f"unknown inspection framework (known: {known})",
            file=path,
            row=row,
            column="inspection_framework",
            value=cells.get("inspection_framework"),
        )
    published = _date(path, row, "publication_date", cells.get("publication_date") or "", today)
    started = _date(path, row, "inspection_start_date", cells.get("inspection_start_date") or "", today)
    ended = _date(path, row, "inspection_end_date", cells.get("inspection_end_date") or "", today)
    if ended < started:
        raise InputError(
            f"inspection ends before it starts ({started})",
            file=path,
            row=row,
            column="inspection_end_date",
            value=cells["inspection_end_date"],
        )
    if published < ended:
        raise InputError(
            f"publication date is before the inspection ended ({ended})",
            file=path,
            row=row,
            column="publication_date",
            value=cells["publication_date"],
        )
    name = (cells.get("local_authority") or "").strip()
    la = resolver.by_name(name, started)
    if la is None:
        raise InputError("unknown local authority name", file=path, row=row, column="local_authority", value=name)
    grades: dict[str, Grade] = {}
    unreadable = 0
    for column, area in GRADE_COLUMNS.items():
        text = cells.get(column) or ""
        grade = _grade(path, row, column, text)
        if grade is None:
            unreadable += text.strip().lower() not in ("", "inspection_pre_dates_judgement")
            continue
        grades[area] = grade
    if "overall_effectiveness" not in grades and started >= ILACS_NO_OVERALL_FROM:
        grades["overall_effectiveness"] = Grade.NOT_GRADED
    if "children_in_care" in grades and started < ILACS_CARE_LEAVERS_FROM:
        # Before 2023 one judgement covered children in care and care leavers.
        grades["children_in_care_and_care_leavers"] = grades.pop("children_in_care")
    link = (cells.get("inspection_link") or "").strip()
    return ProvisionalRow(
        row, la, inspection_type, started, published, grades, unreadable, link if REPORT_LINK.match(link) else None
    )


def read_rows(path: Path, session: Session, *, skip_bad_rows: bool) -> tuple[list[ProvisionalRow], Counter, list[str]]:
    """Every usable row; bad rows raise (or, with skip_bad_rows, are named in the notes and counted)."""
    limits = import_limits()
    if path.stat().st_size > limits.file_mb * 1024 * 1024:
        raise InputError(f"file larger than the import limit {limits.named('file_mb')} MB", file=path)
    resolver = LaResolver(session)
    today = date.today()
    try:
        return _read_rows(path, resolver, today, limits, skip_bad_rows=skip_bad_rows)
    except UnicodeDecodeError:
        raise InputError("cannot decode the CSV file as UTF-8", file=path) from None
    except csv.Error as error:
        raise InputError(f"not a readable CSV file ({error})", file=path) from None


def _read_rows(
    path: Path, resolver: LaResolver, today: date, limits: ImportLimits, *, skip_bad_rows: bool
) -> tuple[list[ProvisionalRow], Counter, list[str]]:
    rows: list[ProvisionalRow] = []
    counts: Counter[str] = Counter()
    notes: list[str] = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [c for c in (*REQUIRED, *GRADE_COLUMNS) if c not in header]
        if missing:
            raise InputError(f"missing column(s): {', '.join(missing)}", file=path, row=1)
        for number, cells in enumerate(reader, start=2):
            if number > limits.rows:
                raise InputError(f"more rows than the import limit {limits.named('rows')}", file=path, row=number)
            if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
                continue
            counts["rows_read"] += 1
            try:
                rows.append(read_row(path, number, cells, resolver, today))
            except _Skip:
                counts["no_framework"] += 1
            except InputError as error:
                if not skip_bad_rows:
                    raise
                counts["bad_rows_skipped"] += 1
                notes.append(f"bad row skipped: {error}")
    return rows, counts, notes


def import_provisional(session: Session, path: str | Path, *, skip_bad_rows: bool = False) -> ImportReport:
    """Import the scrape as provisional inspections; InputError for bad input, nothing written then."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    sha256 = file_sha256(path)
    report = ImportReport(file=path.name, kind=KIND, sha256=sha256, edition="provisional (scraped reports)")
    if previous_run(session, sha256, KIND) is not None:
        report.already_imported = True
        return report
    if session.scalar(select(ImportRun.id).where(ImportRun.is_demo.is_(True)).limit(1)) is not None:
        # Real provisional rows beside invented ones would be shown under the demo banner as demo.
        raise InputError(
            "the store holds demo data: load real Ofsted files first (python -m data_access prepare "
            "clears the demo), then the provisional list",
            file=path,
        )
    rows, counts, notes = read_rows(path, session, skip_bad_rows=skip_bad_rows)
    report.rows_read = counts["rows_read"]

    stored = list(
        session.scalars(
            select(Inspection)
            .where(Inspection.is_demo.is_(False), Inspection.framework_code == FRAMEWORK)
            .options(selectinload(Inspection.judgements))
        )
    )
    graded = [i for i in stored if i.inspection_type in (InspectionType.STANDARD, InspectionType.SHORT)]
    run = record_run(session, report)
    run.rows_skipped = counts["bad_rows_skipped"]
    for row in rows:
        counts["unreadable_grades"] += row.unreadable
        record = row.record()
        match = _best(graded, record)
        if match is not None and match.official:
            counts["already_official"] += 1
            continue
        if match is not None:
            if _refresh(match, row):
                report.updated += 1
                notes.append(f"row {row.row}: provisional {row.la.name} inspection of {row.inspection_date} updated")
            else:
                report.unchanged += 1
            continue
        inspection = Inspection(
            la_id=row.la.id,
            la=row.la,
            framework_code=FRAMEWORK,
            inspection_type=row.inspection_type,
            inspection_date=row.inspection_date,
            published_date=row.published_date,
            official=False,
            is_demo=False,
            report_url=row.report_url,
            import_run_id=run.id,
        )
        inspection.judgements = [Judgement(area=a, grade=g) for a, g in row.grades.items()]
        inspection.sources = [InspectionSource(import_run_id=run.id, sheet=SHEET, row_number=row.row)]
        session.add(inspection)
        graded.append(inspection)
        report.inserted += 1
    report.details = {
        k: counts[k] for k in ("no_framework", "already_official", "bad_rows_skipped", "unreadable_grades")
    }
    report.notes = notes
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    session.flush()
    return report


def _best(candidates: list[Inspection], record: Record) -> Inspection | None:
    """The stored ILACS inspection of the record's LA that it describes, if any (official first)."""
    best, best_score = None, 0.0
    for inspection in candidates:
        if inspection.la_id != record.la.id:
            continue
        score = _match_score(inspection, record) + (1 if inspection.official else 0)
        if _match_score(inspection, record) > 0 and score > best_score:
            best, best_score = inspection, score
    return best


def _refresh(inspection: Inspection, row: ProvisionalRow) -> bool:
    """Bring a stored provisional inspection up to a later scrape's values; True when anything changed."""
    changed = False
    for name, value in (
        ("inspection_type", row.inspection_type),
        ("inspection_date", row.inspection_date),
        ("published_date", row.published_date),
        ("report_url", row.report_url),
    ):
        if value is not None and getattr(inspection, name) != value:
            setattr(inspection, name, value)
            changed = True
    stored = {_slot(j.area): j for j in inspection.judgements}
    for area, grade in row.grades.items():
        judgement = stored.get(_slot(area))
        if judgement is None:
            inspection.judgements.append(Judgement(area=area, grade=grade))
            changed = True
        elif (judgement.area, judgement.grade) != (area, grade):
            judgement.area, judgement.grade = area, grade
            changed = True
    return changed
