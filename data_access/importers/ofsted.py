"""Loads Ofsted's published files of LA children's services inspections into the store.

Two publications are read, in Ofsted's own layouts (ODS, or the same sheets as XLSX or CSV):
"Children's social care data in England" (the wide 2009-2023 history and the in-year sheet) and
"LA inspection outcomes as at 31 March YYYY" (latest judgements, in-year activity, ILACS history).
Each sheet is described by a small layout table below (which headers mean which field); one
generic reader applies them, so a new edition needs a new header alias, not new code.

The publications overlap: an inspection reported by several sheets or files is stored once, with
one InspectionSource row per reporting row. Graded inspections match on (LA, framework,
publication date), or on inspection date where a sheet gives only that; visits match on (LA, type,
visit date). Editions sometimes disagree by a day or weeks on a date, so dates match within a
tolerance. Where sources disagree the newer edition wins, then the more detailed sheet; either
way a later file only fills in what is missing, and the order of imports does not matter.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data_access.frameworks import ILACS_NO_OVERALL_FROM
from data_access.grades import Grade, parse_grade
from data_access.importers.common import (
    ImportReport,
    InputError,
    LaResolver,
    file_sha256,
    previous_run,
    record_run,
)
from data_access.importers.spreadsheets import Cell, Sheet, file_format, read_workbook
from data_access.models import (
    ImportRun,
    Inspection,
    InspectionSource,
    InspectionType,
    Judgement,
    LocalAuthority,
)

KIND = "ofsted"

# From 1 January 2023 ILACS judged children in care and care leavers separately.
ILACS_CARE_LEAVERS_FROM = date(2023, 1, 1)
# Ofsted's LA inspections start with SLAC in 2009: an earlier date is a broken cell.
EARLIEST_DATE = date(2009, 1, 1)
# A report is published weeks after the inspection (at most 225 days in 2018-2025), while an LA's
# graded inspections of one framework are months or years apart (CPI to its re-inspection: 186
# days; ILACS: 868 days at least). So a sheet giving only the inspection date and one giving only
# the publication date describe the same inspection when the two fall within this window...
PUBLICATION_WINDOW = timedelta(days=365)
# ...and editions that disagree on a date by up to this much still describe the same inspection
# (the 2025 edition moved Nottingham's 2022 publication date by 61 days, and two dates by a day).
DATE_TOLERANCE = timedelta(days=90)
# Two visits of one type to one LA are months apart; editions may differ by a day or two.
VISIT_DATE_TOLERANCE = timedelta(days=3)
# Ofsted spellings that the shared name matching does not fold (yet).
# The longest visit theme the store holds (Ofsted's are a few words).
MAX_THEME = 200
# Cells that say an LA has no inspection to report, rather than giving a date.
NO_INSPECTION = {"not yet inspected", "not inspected", "no inspection"}


# --- Layout tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The columns of a sheet row that describe one inspection (wide sheets have several a row).

    Fields: published_date, inspection_date, type, theme, or a judgement area code. The area
    `children_in_care` is ILACS's children-in-care judgement, stored as
    children_in_care_and_care_leavers for inspections before 2023.
    """

    name: str
    framework: str
    columns: dict[str, tuple[str, ...]]  # field -> header texts Ofsted has used for it


@dataclass(frozen=True)
class Layout:
    key: str  # the sheet's name in the latest edition; also the sheet recorded for a CSV
    sheet_names: tuple[str, ...]  # regular expressions for the names it has been published under
    groups: tuple[Group, ...]
    required: tuple[str, ...]  # "la_name" or "group.field" ("field" for an unnamed group)
    detail: int  # how much a sheet says about each inspection: breaks ties between sources

    def matches_sheet(self, name: str) -> bool:
        patterns = (re.escape(self.key),) + self.sheet_names
        return any(re.fullmatch(p, name.strip(), re.IGNORECASE) for p in patterns)


LA_COLUMNS = {
    "la_code": ("Local authority area code", "Local authority code", "ONS code", "LA code", "Area code"),
    "la_name": ("Local authority name", "Local authority", "LA name"),
}

_ILACS_JUDGEMENTS = {
    "overall_effectiveness": ("overall effectiveness",),
    "leadership": ("the impact of leaders on social work practice with children and families", "impact of leaders"),
    "help_and_protection": (
        "the experiences and progress of children who need help and protection",
        "experiences and progress of children who need help and protection",
    ),
    "children_in_care": (
        "the experiences and progress of children in care",
        "experiences and progress of children in care",
        "experiences and progress of children in care and care leavers",
    ),
    "care_leavers": ("the experiences and progress of care leavers", "experiences and progress of care leavers"),
}


def _ilacs(prefixes: tuple[str, ...], **dates: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """ILACS columns: the five judgements and the given date/type columns, under each prefix."""
    columns = {name: tuple(p + h for p in prefixes for h in heads) for name, heads in dates.items()}
    for area, heads in _ILACS_JUDGEMENTS.items():
        columns[area] = tuple(p + h for p in prefixes for h in heads)
    return columns


def _sif(which: str, publication: str) -> dict[str, tuple[str, ...]]:
    return {
        "published_date": (publication,),
        "overall_effectiveness": (f"{which} Overall Judgement (OE)",),
        "help_and_protection": (f"{which} children who need help and protection",),
        "children_looked_after_and_permanence": (f"{which} children looked after and achieving permanence",),
        "adoption_performance": (f"{which} CLA Sub: Adoption Performance",),
        "care_leavers": (f"{which} CLA Sub: Experiences and progress of care leavers",),
        "leadership": (f"{which} leadership, management and governance",),
    }


_FIRST_ILACS = ("first ilacs framework ", "ilacs framework ", "first ilacs ")
_SECOND_ILACS = ("second ilacs framework ", "second ilacs ")
_ILACS_WIDE_DATES = {"published_date": ("publication date",), "type": ("inspection type",)}

LA_INSPECTIONS_2009 = Layout(
    key="LA_inspections_2009-2023",
    sheet_names=(r"LA_inspections_2009-\d{4}",),
    groups=(
        Group(
            "slac",
            "SLAC",
            {
                "published_date": ("Safeguarding & Looked After Children (SLAC) Inspection publication date",),
                "safeguarding_overall": ("SLAC Safeguarding Overall effectiveness (OE)",),
                "looked_after_children_overall": ("SLAC Looked After Children Overall Effectiveness (OE)",),
            },
        ),
        Group(
            "slac_resafeguarding",
            "SLAC",
            {
                "published_date": ("SLAC re-inspection of Safeguarding publication date",),
                "safeguarding_overall": ("SLAC re-inspection Safeguarding OE",),
            },
        ),
        Group(
            "slac_relac",
            "SLAC",
            {
                "published_date": ("SLAC re-inspection of services for Children Looked After publication date",),
                "looked_after_children_overall": ("SLAC re-inspection of services Children Looked After OE",),
            },
        ),
        Group(
            "cpi",
            "CPI",
            {
                "published_date": ("Child Protection Inspections (CPI) publication date",),
                "child_protection_overall": ("CPI Overall Effectiveness (OE)",),
            },
        ),
        Group(
            "cpri",
            "CPI",
            {
                "published_date": ("Child Protection Re-Inspection (CPRI) publication date",),
                "child_protection_overall": ("CPRI Overall Effectiveness (OE)",),
            },
        ),
        # TLAC inspected services for looked after children, so its grade is a looked-after one.
        Group(
            "tlac",
            "TLAC",
            {
                "published_date": ("Targeted Looked After Children (TLAC) inspection publication date",),
                "looked_after_children_overall": ("TLAC Overall Effectiveness (OE)",),
            },
        ),
        Group(
            "sif1",
            "SIF",
            {
                **_sif("First SIF", "Single Inspection of LA Children's Services (SIF) First SIF publication date"),
                "lscb_overall": ("LSCB Overall Effectiveness",),
            },
        ),
        Group(
            "sif2",
            "SIF",
            _sif(
                "SIF Re-inspection",
                "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
            ),
        ),
        Group("ilacs1", "ILACS", _ilacs(_FIRST_ILACS, **_ILACS_WIDE_DATES)),
        Group("ilacs2", "ILACS", _ilacs(_SECOND_ILACS, **_ILACS_WIDE_DATES)),
    ),
    required=("la_name", "slac.published_date", "sif1.published_date", "ilacs1.published_date"),
    detail=1,
)

ILACS_WIDE = Layout(
    key="ILACS_inspections_2018-2024",
    sheet_names=(r"ILACS_inspections_2018-\d{4}",),
    groups=(
        Group("ilacs1", "ILACS", _ilacs(_FIRST_ILACS, **_ILACS_WIDE_DATES)),
        Group("ilacs2", "ILACS", _ilacs(_SECOND_ILACS, **_ILACS_WIDE_DATES)),
    ),
    required=("la_name", "ilacs1.published_date", "ilacs1.type", "ilacs1.overall_effectiveness"),
    detail=1,
)

AS_AT_31_MARCH = Layout(
    key="Inspections_as_at_31_March",
    sheet_names=(r"Inspections_31_March_\d{4}", r"LA_level_at_31_Mar(ch)?_\d{4}"),
    groups=(
        Group("", "ILACS", _ilacs(("",), inspection_date=("inspection date",), published_date=("publication date",))),
    ),
    required=("la_name", "inspection_date", "overall_effectiveness"),
    detail=2,
)

IN_YEAR = Layout(
    key="In-year_inspections",
    sheet_names=(r"Inspections_in_year_\d{4}-\d{2}", r"LA_level_in_year_\d{4}-\d{2}"),
    groups=(
        Group(
            "",
            "ILACS",
            _ilacs(
                ("",),
                inspection_date=("inspection/visit date", "visit date"),
                published_date=("publication date",),
                type=("inspection/visit type", "visit type"),
                theme=("visit theme", "theme"),
            ),
        ),
    ),
    required=("la_name", "inspection_date", "type"),
    detail=3,
)

ILACS_HISTORY = Layout(
    key="ILACS_inspection_history",
    sheet_names=(),
    groups=(
        Group(
            "",
            "ILACS",
            _ilacs(
                ("",),
                inspection_date=("inspection date",),
                published_date=("publication date",),
                type=("inspection type",),
            ),
        ),
    ),
    required=("la_name", "inspection_date", "published_date", "type", "overall_effectiveness"),
    detail=3,
)

LAYOUTS = (LA_INSPECTIONS_2009, ILACS_WIDE, AS_AT_31_MARCH, IN_YEAR, ILACS_HISTORY)


@dataclass(frozen=True)
class Publication:
    """A publication: the sheets it must have (any one of each tuple) and may have."""

    title: str
    required: tuple[tuple[Layout, ...], ...]
    optional: tuple[Layout, ...]


CSC_DATA = Publication("Children's social care data in England", ((LA_INSPECTIONS_2009,),), (IN_YEAR, AS_AT_31_MARCH))
OUTCOMES = Publication(
    "LA inspection outcomes as at 31 March", ((AS_AT_31_MARCH,), (IN_YEAR,), (ILACS_HISTORY, ILACS_WIDE)), ()
)

_EDITION_PATTERNS = (
    (re.compile(r"children.s social care data in england (\d{4})", re.I), CSC_DATA, "{0}"),
    (re.compile(r"inspection outcomes as at 31 march (\d{4})", re.I), OUTCOMES, "{0}"),
    (re.compile(r"inspection judgements as at 31 march (\d{4})", re.I), OUTCOMES, "{0}"),
    (re.compile(r"in.year inspection activity (\d{2})(\d{2})-(\d{2})", re.I), OUTCOMES, "{0}{2}"),
    (re.compile(r"ilacs inspection history from \d{4}-(\d{4})", re.I), OUTCOMES, "{0}"),
)

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


def _norm(text: object) -> str:
    """Header text folded for matching: case, punctuation, line breaks and spacing aside."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def _header_index(layout: Layout) -> dict[str, str]:
    """Folded header text -> field key ("la_name", "sif1.overall_effectiveness", ...)."""
    index = {_norm(h): key for key, heads in LA_COLUMNS.items() for h in heads}
    for group in layout.groups:
        for name, heads in group.columns.items():
            for head in heads:
                index[_norm(head)] = f"{group.name}.{name}" if group.name else name
    return index


_HEADERS = {layout.key: _header_index(layout) for layout in LAYOUTS}


def _first_header(layout: Layout, key: str) -> str:
    """The header a person should add for a missing field (its first listed spelling)."""
    if key in LA_COLUMNS:
        return LA_COLUMNS[key][0]
    group_name, _, name = key.rpartition(".")
    group = next(g for g in layout.groups if g.name == group_name)
    header = group.columns[name][0]
    return header[:1].upper() + header[1:]


# --- Reading tables ---------------------------------------------------------------------------


@dataclass
class Table:
    """One table of a sheet: its header row and which column holds each field."""

    layout: Layout
    sheet: Sheet
    source_sheet: str  # the sheet name recorded in InspectionSource
    header_row: int  # 0-based
    columns: dict[str, int]  # field key -> 0-based column
    end_row: int  # 0-based, exclusive

    def header_text(self, column: int) -> str:
        return str(self.sheet.cell(self.header_row, column) or "").strip()


def _header_matches(row: list[Cell], layout: Layout) -> dict[str, int]:
    index = _HEADERS[layout.key]
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        if isinstance(value, str) and (key := index.get(_norm(value))) is not None:
            found.setdefault(key, col)
    return found


def find_tables(sheet: Sheet, layout: Layout, *, path: Path, source_sheet: str) -> list[Table]:
    """The tables in a sheet: each starts at a header row (a row naming 3+ known columns).

    Header rows are searched for, not assumed: Ofsted puts titles and notes above them, and some
    sheets hold a second table (former LAs) under the first.
    """
    starts = []
    for i, row in enumerate(sheet.rows):
        found = _header_matches(row, layout)
        if len(found) >= 3:
            missing = [k for k in layout.required if k not in found]
            if missing:
                raise InputError(
                    "the header row lacks a required column",
                    file=path,
                    sheet=source_sheet,
                    row=i + 1,
                    column=_first_header(layout, missing[0]),
                )
            starts.append((i, found))
    if not starts:
        raise InputError(
            f"no header row found (expected columns such as {_first_header(layout, layout.required[1])!r})",
            file=path,
            sheet=source_sheet,
            column=_first_header(layout, layout.required[0]),
        )
    tables = []
    for n, (i, found) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(sheet.rows)
        tables.append(Table(layout, sheet, source_sheet, i, found, end))
    return tables


def _detect_csv_layout(sheet: Sheet, path: Path) -> Layout:
    """Which Ofsted sheet a CSV holds, judged by its header row: the layout naming most columns."""
    best: tuple[int, Layout] | None = None
    near: tuple[int, Layout, int, str] | None = None
    for layout in LAYOUTS:
        for i, row in enumerate(sheet.rows[:40]):
            found = _header_matches(row, layout)
            if len(found) < 3:
                continue
            missing = [k for k in layout.required if k not in found]
            if not missing and (best is None or len(found) > best[0]):
                best = (len(found), layout)
            elif missing and (near is None or len(found) > near[0]):
                near = (len(found), layout, i, missing[0])
            break
    if best:
        return best[1]
    if near:
        _, layout, i, key = near
        raise InputError(
            f"looks like Ofsted's {layout.key} sheet but lacks a required column",
            file=path,
            sheet=layout.key,
            row=i + 1,
            column=_first_header(layout, key),
        )
    raise InputError("not an Ofsted LA inspections file: no known header row in the first 40 rows", file=path)


# --- Cell values ------------------------------------------------------------------------------


def _column_label(col: int) -> str:
    label = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        label = chr(65 + rest) + label
    return label


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
class _Cells:
    """One data row of a table, with helpers that turn cells into checked values."""

    table: Table
    row: int  # 0-based
    path: Path
    today: date

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
            else _first_header(self.table.layout, key)
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
            parsed = _parse_date_text(text)
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


def _parse_date_text(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- Records: one inspection as one row reports it --------------------------------------------

Rank = tuple[date, int]  # (edition date, sheet detail): the higher wins a disagreement
_LOWEST: Rank = (date.min, 0)
_FIELDS = ("inspection_type", "inspection_date", "published_date", "theme")


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
    rank: Rank = _LOWEST
    given: frozenset[str] = frozenset()  # fields this sheet always gives: they carry its rank

    @property
    def is_visit(self) -> bool:
        return self.inspection_type in VISITS


def _group_field(group: Group, name: str) -> str:
    return f"{group.name}.{name}" if group.name else name


def _records_from_row(cells: _Cells, rank: Rank, resolver: LaResolver) -> Iterator[Record]:
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
        record.rank, record.given = rank, _given_fields(table.layout)
        yield record


def _record(cells: _Cells, group: Group) -> Record:
    """Read and check one group of cells; the LA is resolved by the caller."""
    f = lambda name: _group_field(group, name)  # noqa: E731 - a short local alias reads best here
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
        if name in ("inspection_date", "published_date", "type", "theme"):
            continue
        grade = cells.grade(f(name))
        if grade is not None:
            grades[name] = grade
    theme = cells.text(f("theme"))
    event = inspection_date or published_date
    if inspection_type in VISITS:
        if grades:
            first = next(iter(grades))
            raise cells.error("a focused or monitoring visit has no grades", f(first), cells.raw(f(first)))
        if inspection_date is None:
            raise cells.error("a visit needs its visit date", f("inspection_date"))
        if theme is not None and len(theme) > MAX_THEME:
            raise cells.error(f"visit theme longer than {MAX_THEME} characters", f("theme"), theme)
        return Record(
            group.framework,
            inspection_type,
            inspection_date,
            published_date,
            theme,
            {},
            cells.table.source_sheet,
            cells.row_number,
        )
    if event is None:
        date_key = "published_date" if "published_date" in group.columns else "inspection_date"
        raise cells.error("an inspection needs a date", f(date_key))
    if not grades:
        raise cells.error(
            "no judgements for this inspection",
            f(next(n for n in group.columns if n not in ("inspection_date", "published_date", "type", "theme"))),
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
    return Record(
        group.framework,
        inspection_type,
        inspection_date,
        published_date,
        None,
        grades,
        cells.table.source_sheet,
        cells.row_number,
    )


def _resolve_la(
    cells: _Cells, resolver: LaResolver, code: str | None, name: str | None, on: date | None
) -> LocalAuthority:
    """Our LA for a row: by ONS code when the file has one, else by name as at the event date."""
    if code is not None:
        la = resolver.by_dfe(code) if code.isdigit() else resolver.by_ons(code)
        if la is None:
            raise cells.error("unknown local authority code", "la_code", code)
        return la
    name = name or ""
    la = resolver.by_name(name, on)
    if la is None:
        raise cells.error("unknown local authority name", "la_name", name)
    return la


# --- Matching and storing ---------------------------------------------------------------------


def _given_fields(layout: Layout) -> frozenset[str]:
    """The fields every row of a sheet gives: a value from it carries the sheet's rank.

    Optional columns (the 2025 edition added publication dates) are left out, so the rank of a
    stored value can be rebuilt from the sheet names of its sources alone.
    """
    required = {key.rpartition(".")[2] for key in layout.required}
    given = {"inspection_date", "published_date"} & required
    # A sheet gives the type if it requires the column, or if its inspections can only be standard.
    if "type" in required or any(g.framework != "ILACS" for g in layout.groups):
        given.add("inspection_type")
    return frozenset(given | {"grades"})


@dataclass
class _Held:
    """A stored inspection with, per field, the rank of the best source that gave it."""

    inspection: Inspection
    ranks: dict[str, Rank] = field(default_factory=dict)
    new: bool = False  # inserted by this import
    matched: bool = False  # reported by this import
    changed: bool = False
    source_keys: set[tuple[str, int, str | None]] = field(default_factory=set)

    def rank_from(self, record: Record) -> None:
        for name in record.given:
            self.ranks[name] = max(self.ranks.get(name, _LOWEST), record.rank)


def _edition_date(edition: str) -> date:
    """The 'as at' date of an edition string written by this importer (older is smaller)."""
    if m := re.search(r"latest date (\d{4}-\d{2}-\d{2})", edition):
        return date.fromisoformat(m.group(1))
    if m := re.search(r"(\d{4})\s*$", edition):
        return date(int(m.group(1)), 3, 31)
    return date.min


def _layout_for_sheet(name: str) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.matches_sheet(name)), None)


def _slot(area: str) -> str:
    """Judgement areas that are one judgement under two names share a slot."""
    return "children_in_care" if area == "children_in_care_and_care_leavers" else area


def _match_score(inspection: Inspection, record: Record) -> float:
    """How well a stored inspection fits a record: 0 for not at all, more for closer dates."""
    if record.is_visit:
        gap = abs(inspection.inspection_date - record.inspection_date)
        return 0 if gap > VISIT_DATE_TOLERANCE else 1 / (1 + gap.days)
    pairs = [
        (a, b)
        for a, b in (
            (inspection.published_date, record.published_date),
            (inspection.inspection_date, record.inspection_date),
        )
        if a is not None and b is not None
    ]
    if pairs:
        gaps = [abs(a - b) for a, b in pairs]
        if max(gaps) > DATE_TOLERANCE:
            return 0
        return len(pairs) / (1 + sum(g.days for g in gaps))
    # One side knows only the inspection date, the other only the publication date.
    inspected = inspection.inspection_date or record.inspection_date
    published = inspection.published_date or record.published_date
    if inspected <= published <= inspected + PUBLICATION_WINDOW:
        return 0.001
    return 0


class _Store:
    """Matches records with stored inspections and inserts or fills them in."""

    def __init__(self, session: Session, run: ImportRun, sha256: str):
        self.session, self.run, self.sha256 = session, run, sha256
        # Candidates by (LA, framework, graded or the visit type).
        self.held: dict[tuple[int, str, str], list[_Held]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self._load()

    def _load(self) -> None:
        runs = {r.id: (r.edition, r.sha256) for r in self.session.scalars(select(ImportRun))}
        stored = self.session.scalars(
            select(Inspection)
            .where(Inspection.official.is_(True), Inspection.is_demo.is_(False))
            .options(selectinload(Inspection.judgements), selectinload(Inspection.sources))
        )
        for inspection in stored:
            held = _Held(inspection)
            for source in inspection.sources:
                edition, sha = runs.get(source.import_run_id, ("", None))
                held.source_keys.add((source.sheet, source.row_number, sha))
                if (layout := _layout_for_sheet(source.sheet)) is not None:
                    rank = (_edition_date(edition), layout.detail)
                    for name in _given_fields(layout):
                        held.ranks[name] = max(held.ranks.get(name, _LOWEST), rank)
            key = _key(inspection.la_id, inspection.framework_code, inspection.inspection_type)
            self.held[key].append(held)

    def find(self, record: Record) -> _Held | None:
        best, best_score = None, 0.0
        for held in self.held[_key(record.la.id, record.framework, record.inspection_type)]:
            score = _match_score(held.inspection, record)
            if score > best_score:
                best, best_score = held, score
        return best

    def add(self, record: Record) -> None:
        self.counts["records"] += 1
        held = self.find(record)
        if held is None:
            held = self._insert(record)
        else:
            if held.new:
                self.counts["reported_twice"] += 1
            held.matched = True
            self._merge(held, record)
        held.rank_from(record)
        self._add_source(held, record)

    def _insert(self, record: Record) -> _Held:
        inspection = Inspection(
            la_id=record.la.id,
            framework_code=record.framework,
            # A placeholder when the sheet does not say; a later source with the type replaces it.
            inspection_type=record.inspection_type or InspectionType.STANDARD,
            inspection_date=record.inspection_date,
            published_date=record.published_date,
            theme=record.theme,
            official=True,
            is_demo=False,
            import_run_id=self.run.id,
        )
        inspection.judgements = [Judgement(area=a, grade=g) for a, g in record.grades.items()]
        self.session.add(inspection)
        held = _Held(inspection, new=True, matched=True)
        self.counts["judgements"] += len(record.grades)
        self.held[_key(record.la.id, record.framework, record.inspection_type)].append(held)
        return held

    def _merge(self, held: _Held, record: Record) -> None:
        inspection = held.inspection
        for name in _FIELDS:
            new, old = getattr(record, name), getattr(inspection, name)
            if new is None or new == old:
                continue
            if old is None or (name == "inspection_type" and name not in held.ranks):
                setattr(inspection, name, new)  # fill in what was missing (or a placeholder type)
                held.changed = True
                continue
            self.counts["type_conflicts" if name == "inspection_type" else "date_conflicts"] += 1
            if name in record.given and record.rank > held.ranks.get(name, _LOWEST):
                setattr(inspection, name, new)
                held.changed = True
        stored = {_slot(j.area): j for j in inspection.judgements}
        wins = "grades" in record.given and record.rank > held.ranks.get("grades", _LOWEST)
        for area, grade in record.grades.items():
            judgement = stored.get(_slot(area))
            if judgement is None:
                inspection.judgements.append(Judgement(area=area, grade=grade))
                self.counts["judgements"] += 1
                held.changed = True
            elif (judgement.area, judgement.grade) != (area, grade):
                if judgement.grade != grade:
                    self.counts["grade_conflicts"] += 1
                if wins:
                    judgement.area, judgement.grade = area, grade
                    self.counts["judgements_updated"] += 1
                    held.changed = True

    def _add_source(self, held: _Held, record: Record) -> None:
        key = (record.source_sheet, record.row_number, self.sha256)
        if key in held.source_keys or (record.source_sheet, record.row_number, None) in held.source_keys:
            return  # this file (or a run since deleted) already recorded this row
        held.source_keys.add(key)
        held.inspection.sources.append(
            InspectionSource(import_run_id=self.run.id, sheet=record.source_sheet, row_number=record.row_number)
        )
        self.counts["sources"] += 1

    def fill(self, report: ImportReport) -> None:
        """Counts per stored inspection: inserted, updated, or matched and unchanged."""
        every = [h for hs in self.held.values() for h in hs]
        report.inserted = sum(h.new for h in every)
        report.updated = sum(1 for h in every if h.matched and not h.new and h.changed)
        report.unchanged = sum(1 for h in every if h.matched and not h.new and not h.changed)
        report.details = {
            k: self.counts[k]
            for k in (
                "records",
                "judgements",
                "judgements_updated",
                "sources",
                "reported_twice",
                "grade_conflicts",
                "date_conflicts",
                "type_conflicts",
            )
        }


def _key(la_id: int, framework: str, inspection_type: InspectionType | None) -> tuple[int, str, str]:
    kind = inspection_type.value if inspection_type in VISITS else "graded"
    return (la_id, framework, kind)


# --- The import -------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What a file holds: its edition and the tables to read."""

    edition: str
    tables: list[Table]


def _plan(path: Path) -> _Plan:
    kind = file_format(path)
    if kind == "csv":
        sheet = read_workbook(path)[""]
        if not sheet.rows:
            raise InputError("the file has no rows", file=path)
        layout = _detect_csv_layout(sheet, path)
        tables = find_tables(sheet, layout, path=path, source_sheet=layout.key)
        return _Plan(_edition(path, None, tables), tables)

    def wanted(name: str) -> bool:
        return name.strip().lower() == "cover" or _layout_for_sheet(name) is not None

    sheets = read_workbook(path, wanted)
    cover = next((s for name, s in sheets.items() if name.strip().lower() == "cover"), None)
    found = {name: _layout_for_sheet(name) for name in sheets if name.strip().lower() != "cover"}
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
    return _Plan(_edition(path, cover, tables), tables)


def _publication_from_cover(cover: Sheet | None) -> Publication | None:
    if cover is None:
        return None
    text = " ".join(str(c) for row in cover.rows for c in row if c is not None)
    for pattern, publication, _ in _EDITION_PATTERNS:
        if pattern.search(text):
            return publication
    return None


def _edition(path: Path, cover: Sheet | None, tables: list[Table]) -> str:
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


def _dates_in(table: Table) -> Iterator[date]:
    for row in table.sheet.rows[table.header_row + 1 : table.end_row]:
        for value in row:
            if isinstance(value, datetime):
                yield value.date()
            elif isinstance(value, date):
                yield value
            elif isinstance(value, str) and (parsed := _parse_date_text(value.strip())):
                yield parsed


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

    plan = _plan(path)
    report.edition = plan.edition
    rank_date = _edition_date(plan.edition)
    resolver = LaResolver(session)
    today = date.today()
    records: list[Record] = []
    for table in plan.tables:
        rank = (rank_date, table.layout.detail)
        for row in range(table.header_row + 1, table.end_row):
            cells = _Cells(table, row, path, today)
            found = list(_records_from_row(cells, rank, resolver))
            if found or any(cells.raw(k) is not None for k in table.columns):
                report.rows_read += 1
            records += found
    if not records:
        raise InputError("no inspections found in the file", file=path)

    run = record_run(session, report)
    store = _Store(session, run, sha256)
    for record in records:
        store.add(record)
    store.fill(report)
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    session.flush()
    return report
