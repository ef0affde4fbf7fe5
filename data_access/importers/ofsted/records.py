"""Turns one row of an Ofsted table into Records: each inspection or visit it reports, checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial

from data_access.frameworks import ILACS_NO_OVERALL_FROM
from data_access.grades import Grade, parse_grade
from data_access.importers.common import LaResolver
from data_access.importers.ofsted.layouts import Group, Layout, given_fields
from data_access.importers.spreadsheets import RowCells, _column_label
from data_access.models import InspectionType, LocalAuthority
from data_access.reference.local_authorities import canonical_ons_code, fold_name, ons_code_for_name

# From 1 January 2023 ILACS judged children in care and care leavers separately.
ILACS_CARE_LEAVERS_FROM = date(2023, 1, 1)
# Ofsted's LA inspections start with SLAC in 2009: an earlier date is a broken cell.
EARLIEST_DATE = date(2009, 1, 1)
# The longest visit theme the store holds (Ofsted's are a few words).
MAX_THEME = 200
# Cells that say an LA has no inspection to report, rather than giving a date.
NO_INSPECTION = {"not yet inspected", "not inspected", "no inspection"}

_TYPES = {
    "ilacs standard inspection": InspectionType.STANDARD,
    "standard inspection": InspectionType.STANDARD,
    "standard": InspectionType.STANDARD,
    "ilacs short inspection": InspectionType.SHORT,
    "short inspection": InspectionType.SHORT,
    "short": InspectionType.SHORT,
    "ilacs focused visit": InspectionType.FOCUSED_VISIT,
    "focused visit": InspectionType.FOCUSED_VISIT,
    "la monitoring visit": InspectionType.MONITORING_VISIT,
    "ilacs monitoring visit": InspectionType.MONITORING_VISIT,
    "monitoring visit": InspectionType.MONITORING_VISIT,
}
VISITS = (InspectionType.FOCUSED_VISIT, InspectionType.MONITORING_VISIT)
# A group's fields that are not judgement areas.
_NOT_GRADES = ("inspection_date", "published_date", "type", "theme")

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d.%m.%Y",
)


class _Skip(Exception):
    """The group says the LA had no such inspection (e.g. 'Not yet inspected')."""


@dataclass
class OfstedCells(RowCells[Layout]):
    """A row's cells read as Ofsted writes them: dates (or 'not yet inspected') and grades."""

    today: date

    def date(self, key: str) -> date | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            parsed = value.date()
        elif isinstance(value, date):
            parsed = value
        elif isinstance(value, str):
            text = " ".join(value.split())
            if text.lower() in NO_INSPECTION:
                raise _Skip
            if text in ("-", "–"):
                return None
            parsed = parse_date_text(text)
            if parsed is None:
                raise self.error("not a date, or an impossible one", key, value)
        else:
            raise self.error("not a date", key, value)
        if parsed < EARLIEST_DATE:
            raise self.error(f"impossible date: before Ofsted's LA inspections began ({EARLIEST_DATE:%Y})", key, value)
        if parsed > self.today:
            raise self.error("date in the future", key, value)
        return parsed

    def grade(self, key: str) -> Grade | None:
        value = self.raw(key)
        try:
            return parse_grade(value)
        except ValueError:
            raise self.error("unknown grade", key, value) from None


def parse_date_text(text: str) -> date | None:
    """A date written as text in any of the ways Ofsted's files have; None when it is not one."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


Rank = tuple[date, int]  # (edition date, sheet detail): the higher wins a disagreement
LOWEST: Rank = (date.min, 0)


@dataclass
class Record:
    """One inspection or visit as one sheet row reports it."""

    framework: str
    inspection_type: InspectionType | None  # None: the sheet does not say (standard or short)
    inspection_date: date | None
    published_date: date | None
    theme: str | None
    grades: dict[str, Grade]
    source_sheet: str
    row_number: int
    la: LocalAuthority | None = None
    rank: Rank = LOWEST
    given: frozenset[str] = frozenset()  # fields this sheet always gives: they carry its rank
    # Field (inspection_type, a date, theme or a judgement area as the group names it) -> the
    # column it was read from, as a person sees it: "K (Impact of leaders)".
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def is_visit(self) -> bool:
        return self.inspection_type in VISITS


def _group_field(group: Group, name: str) -> str:
    return f"{group.name}.{name}" if group.name else name


def records_from_row(cells: OfstedCells, rank: Rank, resolver: LaResolver) -> Iterator[Record]:
    """Every inspection one data row reports (none for a blank or title row)."""
    table = cells.table
    if not any(cells.raw(k) is not None for k in table.columns):
        return
    la_code, la_name = cells.text("la_code"), cells.text("la_name")
    for group in table.layout.groups:
        if not any(cells.raw(_group_field(group, n)) is not None for n in group.columns):
            continue  # this LA had no inspection of this kind
        try:
            record = _record(cells, group)
        except _Skip:
            continue
        if la_code is None and la_name is None:
            raise cells.error("no local authority name or code", "la_name")
        record.la = _resolve_la(cells, resolver, la_code, la_name, record.inspection_date or record.published_date)
        record.rank, record.given = rank, given_fields(table.layout)
        yield record


def _record(cells: OfstedCells, group: Group) -> Record:
    """Read and check one group of cells, as a visit or as a graded inspection; the caller resolves the LA."""
    read = _read_group(cells, group)
    return _visit_record(cells, group, read) if read.is_visit else _inspection_record(cells, group, read)


def _read_group(cells: OfstedCells, group: Group) -> Record:
    """A group's values, each checked on its own; what a visit or an inspection needs is checked after.

    Every value is read before those checks, so a row with several faults reports the first in
    reading order, whichever kind of record it turns out to be.
    """
    f = partial(_group_field, group)
    inspection_date = cells.date(f("inspection_date"))
    published_date = cells.date(f("published_date"))
    type_text = cells.text(f("type"))
    if type_text is not None:
        inspection_type = _TYPES.get(type_text.lower())
        if inspection_type is None:
            raise cells.error("unknown inspection or visit type", f("type"), type_text)
    else:
        # No type given: pre-ILACS inspections were all standard ones; for ILACS the sheet does
        # not say whether standard or short (a graded inspection all the same, as it has grades).
        inspection_type = InspectionType.STANDARD if group.framework != "ILACS" else None
    if inspection_date and published_date and published_date < inspection_date:
        raise cells.error(
            f"publication date is before the inspection date ({inspection_date})",
            f("published_date"),
            cells.raw(f("published_date")),
        )
    grades: dict[str, Grade] = {}
    for name in group.columns:
        if name in _NOT_GRADES:
            continue
        grade = cells.grade(f(name))
        if grade is not None:
            grades[name] = grade
    return Record(
        group.framework,
        inspection_type,
        inspection_date,
        published_date,
        cells.text(f("theme")),
        grades,
        cells.table.source_sheet,
        cells.row_number,
        columns=_column_names(cells, group),
    )


def _column_names(cells: OfstedCells, group: Group) -> dict[str, str]:
    """Each field of a group -> its column as a person sees it (letter and header), for messages."""
    table = cells.table
    names = {}
    for name in group.columns:
        col = table.columns.get(_group_field(group, name))
        if col is not None:
            names["inspection_type" if name == "type" else name] = f"{_column_label(col)} ({table.header_text(col)})"
    return names


def _visit_record(cells: OfstedCells, group: Group, visit: Record) -> Record:
    """A focused or monitoring visit: a visit date and perhaps a theme, but no grades."""
    f = partial(_group_field, group)
    if visit.grades:
        first = next(iter(visit.grades))
        raise cells.error("a focused or monitoring visit has no grades", f(first), cells.raw(f(first)))
    if visit.inspection_date is None:
        raise cells.error("a visit needs its visit date", f("inspection_date"))
    if visit.theme is not None and len(visit.theme) > MAX_THEME:
        raise cells.error(f"visit theme longer than {MAX_THEME} characters", f("theme"), visit.theme)
    return visit


def _inspection_record(cells: OfstedCells, group: Group, inspection: Record) -> Record:
    """A graded inspection: a date and judgements, stored under the areas of its time; no theme."""
    f = partial(_group_field, group)
    inspection_date = inspection.inspection_date
    event = inspection_date or inspection.published_date
    if event is None:
        date_key = "published_date" if "published_date" in group.columns else "inspection_date"
        raise cells.error("an inspection needs a date", f(date_key))
    grades = dict(inspection.grades)
    if not grades:
        raise cells.error(
            "no judgements for this inspection", f(next(n for n in group.columns if n not in _NOT_GRADES))
        )
    if "overall_effectiveness" in group.columns and "overall_effectiveness" not in grades:
        if group.framework == "ILACS" and event >= ILACS_NO_OVERALL_FROM:
            grades["overall_effectiveness"] = Grade.NOT_GRADED  # ILACS stopped grading it in April 2026
        else:
            raise cells.error("overall effectiveness is blank", f("overall_effectiveness"))
    if "children_in_care" in grades and group.framework == "ILACS":
        # Before 2023 one ILACS judgement covered children in care and care leavers. Files print it
        # under the new wording, so the inspection date (else a care leavers grade) tells which.
        separate = inspection_date >= ILACS_CARE_LEAVERS_FROM if inspection_date else "care_leavers" in grades
        if not separate:
            grades["children_in_care_and_care_leavers"] = grades.pop("children_in_care")
    return replace(inspection, theme=None, grades=grades)


def _name_fits(la: LocalAuthority, name: str, on: date | None) -> bool:
    """Whether a row's LA name names the LA its code does (spelling variants and recodes allowed)."""
    if fold_name(name) == fold_name(la.name):
        return True
    named = {ons_code_for_name(name, on), ons_code_for_name(name)} - {None}
    return any(canonical_ons_code(code) == la.ons_code for code in named)


def _resolve_la(
    cells: OfstedCells, resolver: LaResolver, code: str | None, name: str | None, on: date | None
) -> LocalAuthority:
    """Our LA for a row: by ONS code when the file has one, else by name as at the event date."""
    if code is not None:
        la = resolver.by_dfe(code) if code.isdigit() else resolver.by_ons(code)
        if la is None:
            raise cells.error("unknown local authority code", "la_code", code)
        if name is not None and not _name_fits(la, name, on):
            raise cells.error(f"local authority name does not match its code {code} ({la.name})", "la_name", name)
        return la
    name = name or ""
    la = resolver.by_name(name, on)
    if la is None:
        raise cells.error("unknown local authority name", "la_name", name)
    return la
