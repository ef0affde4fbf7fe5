"""Ofsted's sheets as data: which header texts mean which field, so a new edition needs an alias, not code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from data_access.importers.common import InputError
from data_access.importers.spreadsheets import Sheet, fold_header, header_matches


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


LA_COLUMNS = {
    "la_code": ("Local authority area code", "Local authority code", "ONS code", "LA code", "Area code"),
    "la_name": ("Local authority name", "Local authority", "LA name"),
}


@dataclass(frozen=True)
class Layout:
    """One of Ofsted's sheets: where it is found, what its headers mean, and how much it tells."""

    key: str  # the sheet's name in the latest edition; also the sheet recorded for a CSV
    sheet_names: tuple[str, ...]  # regular expressions for the names it has been published under
    groups: tuple[Group, ...]
    required: tuple[str, ...]  # "la_name" or "group.field" ("field" for an unnamed group)
    detail: int  # how much a sheet says about each inspection: breaks ties between sources
    # Fields an edition may leave out. Every other field of a group the header row names must be
    # there too: a renamed or missing column is refused rather than read as "not judged".
    optional: tuple[str, ...] = ()

    def missing_expected(self, found: Mapping[str, int]) -> list[str]:
        """The expected fields a header row lacks: those of each group it names, optional ones aside."""
        missing = []
        for group in self.groups:
            keys = [f"{group.name}.{name}" if group.name else name for name in group.columns]
            if group.name and not any(key in found for key in keys):
                continue  # this table has no such group (e.g. no second ILACS for former LAs)
            missing += [key for key in keys if key not in found and key not in self.optional]
        return missing

    def matches_sheet(self, name: str) -> bool:
        patterns = (re.escape(self.key),) + self.sheet_names
        return any(re.fullmatch(p, name.strip(), re.IGNORECASE) for p in patterns)

    @cached_property
    def headers(self) -> dict[str, str]:
        """Folded header text -> field key ("la_name", "sif1.overall_effectiveness", ...)."""
        index = {fold_header(h): key for key, heads in LA_COLUMNS.items() for h in heads}
        for group in self.groups:
            for name, heads in group.columns.items():
                for head in heads:
                    index[fold_header(head)] = f"{group.name}.{name}" if group.name else name
        return index

    def first_header(self, key: str) -> str:
        """The header a person should add for a missing field (its first listed spelling)."""
        if key in LA_COLUMNS:
            return LA_COLUMNS[key][0]
        group_name, _, name = key.rpartition(".")
        group = next(g for g in self.groups if g.name == group_name)
        header = group.columns[name][0]
        return header[:1].upper() + header[1:]


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
    optional=("ilacs1.care_leavers",),  # the first ILACS judged children in care and care leavers as one
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
    optional=("ilacs1.care_leavers",),  # the former LAs' table has one judgement for both
)

AS_AT_31_MARCH = Layout(
    key="Inspections_as_at_31_March",
    sheet_names=(r"Inspections_31_March_\d{4}", r"LA_level_at_31_Mar(ch)?_\d{4}"),
    groups=(
        Group("", "ILACS", _ilacs(("",), inspection_date=("inspection date",), published_date=("publication date",))),
    ),
    required=("la_name", "inspection_date", "overall_effectiveness"),
    detail=2,
    optional=("published_date",),  # added in the 2025 edition
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
    optional=("published_date",),  # added in the 2025 edition
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


def layout_for_sheet(name: str) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.matches_sheet(name)), None)


def detect_csv_layout(sheet: Sheet, path: Path) -> Layout:
    """Which Ofsted sheet a CSV holds, judged by its header row: the layout naming most columns."""
    best: tuple[int, Layout] | None = None
    near: tuple[int, Layout, int, str] | None = None
    for layout in LAYOUTS:
        for i, row in enumerate(sheet.rows[:40]):
            found = header_matches(row, layout)
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
            column=layout.first_header(key),
        )
    raise InputError("not an Ofsted LA inspections file: no known header row in the first 40 rows", file=path)


def given_fields(layout: Layout) -> frozenset[str]:
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
