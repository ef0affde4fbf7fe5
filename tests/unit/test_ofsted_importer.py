"""The Ofsted importer on small hand-made files in Ofsted's published layouts (XLSX, ODS, CSV)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.grades import Grade
from data_access.importers import ofsted
from data_access.importers.common import InputError
from data_access.importers.ofsted import import_ofsted
from data_access.importers.spreadsheets import fold_header
from data_access.models import ImportRun, Inspection, InspectionSource, InspectionType, Judgement

G, RI, OUT, INAD = "Good", "Requires improvement to be good", "Outstanding", "Inadequate"
LINK = "Ofsted Local Authority Webpage"
ILACS_GRADES_2025 = [
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
ILACS_GRADES_2024 = [
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
]
AS_AT_HEADER = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    *ILACS_GRADES_2025,
]
IN_YEAR_HEADER = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    *ILACS_GRADES_2025,
    "Visit Theme",
]
HISTORY_HEADER = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Inspection type",
    *ILACS_GRADES_2025,
]
NOTE = "This worksheet contains one table with no blank rows or columns. This table begins in cell A3."


def _grades(*grades: str | None) -> list[str | None]:
    return list(grades) + [None] * (5 - len(grades))


# -- The 2025 "LA inspection outcomes" edition, small: four LAs ------------------------------------


def outcomes_2025_sheets() -> dict[str, list[list]]:
    as_at = [
        ["Local authority inspection judgements as at 31 March 2025"],
        [NOTE],
        list(AS_AT_HEADER),
        [LINK, "E09000003", "Barnet", "London", date(2024, 6, 10), date(2024, 7, 23), G, G, G, OUT, G],
        [
            LINK,
            "E10000023",
            "North Yorkshire",
            "North East",
            date(2019, 5, 13),
            date(2019, 7, 1),
            OUT,
            OUT,
            G,
            OUT,
            None,
        ],
        [LINK, "E08000016", "Barnsley", "North East", date(2023, 9, 11), date(2023, 10, 27), G, G, RI, G, G],
    ]
    in_year = [
        ["Local authority in-year inspection activity 2024-25"],
        [NOTE],
        list(IN_YEAR_HEADER),
        [
            LINK,
            "E09000003",
            "Barnet",
            "London",
            date(2024, 6, 10),
            date(2024, 7, 23),
            "ILACS Short Inspection",
            G,
            G,
            G,
            OUT,
            G,
            None,
        ],
        [
            LINK,
            "E08000016",
            "Barnsley",
            "North East",
            date(2024, 11, 5),
            date(2024, 12, 5),
            "ILACS Focused Visit",
            *_grades(),
            "Children in care",
        ],
        [
            LINK,
            "E08000016",
            "Barnsley",
            "North East",
            date(2025, 2, 3),
            None,
            "LA Monitoring visit",
            *_grades(),
            "Front door",
        ],
    ]
    history = [
        ["ILACS inspection history from 2018-2025"],
        [NOTE],
        list(HISTORY_HEADER),
        [
            LINK,
            "E09000003",
            "Barnet",
            "Current",
            "London",
            date(2019, 5, 13),
            date(2019, 7, 1),
            "ILACS Standard Inspection",
            G,
            G,
            G,
            G,
            None,
        ],
        [
            LINK,
            "E09000003",
            "Barnet",
            "Current",
            "London",
            date(2024, 6, 10),
            date(2024, 7, 23),
            "ILACS Short Inspection",
            G,
            G,
            G,
            OUT,
            G,
        ],
        [
            LINK,
            "E10000023",
            "North Yorkshire",
            "Current",
            "North East",
            date(2019, 5, 13),
            date(2019, 7, 1),
            "ILACS Standard Inspection",
            OUT,
            OUT,
            G,
            OUT,
            None,
        ],
        [
            LINK,
            "E08000016",
            "Barnsley",
            "Current",
            "North East",
            date(2023, 9, 11),
            date(2023, 10, 27),
            "ILACS Standard Inspection",
            G,
            G,
            RI,
            G,
            G,
        ],
        [
            LINK,
            "E10000021",
            "Northamptonshire",
            "No longer exists",
            "East Midlands",
            date(2019, 6, 17),
            date(2019, 7, 29),
            "ILACS Standard Inspection",
            INAD,
            RI,
            INAD,
            INAD,
            None,
        ],
    ]
    return {"Inspections_as_at_31_March": as_at, "In-year_inspections": in_year, "ILACS_inspection_history": history}


COVER_2025 = [
    ["Local authority inspection outcomes as at 31 March 2025"],
    ["Section", "Detail"],
    ["Published on:", date(2025, 9, 25)],
]


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max(len(row) for row in rows)
            padded = [row + [None] * (width - len(row)) for row in rows]
            pd.DataFrame(padded, dtype=object).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def outcomes_xlsx(tmp_path: Path, name: str = "outcomes_2025.xlsx", **changes) -> Path:
    sheets = {"Cover": COVER_2025, **outcomes_2025_sheets()}
    sheets.update(changes)
    return write_xlsx(tmp_path / name, sheets)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def inspections(session, ons_code: str) -> list[Inspection]:
    """An LA's stored inspections and visits, oldest first."""
    rows = [i for i in session.scalars(select(Inspection)) if i.la.ons_code == ons_code]
    return sorted(rows, key=lambda i: i.inspection_date or i.published_date)


def grades_of(inspection: Inspection) -> dict[str, Grade]:
    return {j.area: j.grade for j in inspection.judgements}


# -- The 2023 "Children's social care data in England" wide sheet --------------------------------

WIDE_HEADER = [
    "Web link",
    "Local authority name",
    "LA region",
    "LA Authority Type",
    "Safeguarding & Looked After Children (SLAC) Inspection publication date",
    "SLAC Safeguarding Overall effectiveness (OE)",
    "SLAC Looked After Children Overall Effectiveness (OE)",
    "SLAC re-inspection of Safeguarding publication date",
    "SLAC re-inspection Safeguarding OE",
    "SLAC re-inspection of services for Children Looked After publication date",
    "SLAC re-inspection of services Children Looked After OE",
    "Child Protection Inspections (CPI) publication date",
    "CPI Overall Effectiveness (OE)",
    "Child Protection Re-Inspection (CPRI) publication date",
    "CPRI Overall Effectiveness (OE)",
    "Targeted Looked After Children (TLAC) inspection publication date",
    "TLAC Overall Effectiveness (OE)",
    "Single Inspection of LA Children's Services (SIF)  First SIF publication date",
    " First SIF Overall Judgement\n(OE)",
    " First SIF children who need help and protection ",
    " First SIF children looked after and achieving permanence ",
    " First SIF CLA Sub: Adoption Performance",
    " First SIF CLA Sub: Experiences and progress of care leavers",
    " First SIF leadership, management and governance",
    "LSCB Overall Effectiveness ",
    "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
    " SIF Re-inspection Overall Judgement\n(OE)",
    " SIF Re-inspection children who need help and protection ",
    " SIF Re-inspection children looked after and achieving permanence ",
    " SIF Re-inspection CLA Sub: Adoption Performance",
    " SIF Re-inspection CLA Sub: Experiences and progress of care leavers",
    " SIF Re-inspection leadership, management and governance",
    "First ILACS framework inspection type",
    "First ILACS framework publication date",
    "First ILACS framework overall effectiveness",
    "First ILACS framework impact of leaders",
    "First ILACS framework experiences and progress of children who need help and protection",
    "First ILACS framework experiences and progress of children in care and care leavers",
    "Second ILACS framework inspection type",
    "Second ILACS framework publication date",
    "Second ILACS framework overall effectiveness",
    "Second ILACS framework impact of leaders",
    "Second ILACS framework experiences and progress of children who need help and protection",
    "Second ILACS framework experiences and progress of children in care",
    "Second ILACS framework experiences and progress of care leavers",
]
# Table 11 (former LAs): the same columns, with one ILACS and no "First" in its headers.
WIDE_HEADER_FORMER = WIDE_HEADER[:32] + [h.replace("First ", "") for h in WIDE_HEADER[32:38]]


def wide_row(name: str, **groups: list) -> list:
    """A row of the wide sheet: groups named slac, slac_re_sg, slac_re_lac, cpi, cpri, tlac, sif1, sif2,
    ilacs1, ilacs2, each given as its cells in sheet order."""
    spans = {
        "slac": (4, 3),
        "slac_re_sg": (7, 2),
        "slac_re_lac": (9, 2),
        "cpi": (11, 2),
        "cpri": (13, 2),
        "tlac": (15, 2),
        "sif1": (17, 8),
        "sif2": (25, 7),
        "ilacs1": (32, 6),
        "ilacs2": (38, 7),
    }
    row: list = [LINK, name, "Somewhere", "Unitary"] + [None] * 41
    for group, cells in groups.items():
        start, width = spans[group]
        assert len(cells) == width, group
        row[start : start + width] = cells
    return row


def csc_2023_sheets() -> dict[str, list[list]]:
    wide = [
        ["Children's social care data in England 2023 - LA inspections 2009-2023"],
        ["This worksheet contains two tables with no blank rows or columns."],
        ["Column A includes a link to the Local Authority Webpage for each local authority."],
        ["Some cells in this table are empty because data was not provided to Ofsted. "],
        WIDE_HEADER,
        wide_row(
            "Barnet",
            slac=[date(2012, 2, 24), G, RI],
            sif1=[date(2017, 7, 7), INAD, INAD, RI, RI, " -", INAD, INAD],
            ilacs1=["ILACS Standard Inspection", date(2019, 7, 1), G, G, G, G],
        ),
        wide_row(
            "Bedford Borough",
            cpi=[date(2013, 4, 16), INAD],
            cpri=[date(2013, 10, 19), RI],
            tlac=[date(2013, 8, 5), INAD],
            sif1=[date(2015, 3, 27), RI, RI, RI, G, RI, RI, G],
            sif2=[date(2017, 11, 24), G, G, G, OUT, G, G],
            ilacs1=["ILACS Short Inspection", date(2019, 12, 19), G, OUT, G, G],
            ilacs2=["ILACS Standard Inspection", date(2023, 3, 10), OUT, OUT, G, OUT, G],
        ),
        wide_row(
            "Barnsley",
            slac=[date(2012, 8, 10), INAD, RI],
            slac_re_sg=[date(2013, 9, 20), RI],
            slac_re_lac=[date(2013, 9, 20), G],
        ),
        [],
        [],
        ["Table 11:History of inspections of local authorities that existed before the restructure"],
        WIDE_HEADER_FORMER,
        wide_row("Dorset", slac=[date(2011, 10, 28), G, G], sif1=[date(2016, 5, 23), RI, RI, G, G, RI, RI, RI]),
    ]
    wide[-1] = wide[-1][:38]
    in_year = [
        ["Children's social care data in England 2023 - LA level in year 2022-23"],
        [NOTE],
        [
            "Web link",
            "Local authority name",
            "Ofsted region",
            "Inspection/Visit date",
            "Inspection/Visit type",
            *ILACS_GRADES_2024,
            "Visit Theme",
        ],
        [LINK, "Barnsley", "North East", date(2023, 1, 25), "ILACS Focused Visit", *_grades(), "Care leavers"],
        [LINK, "Bedford", "East of England", date(2023, 1, 16), "ILACS Standard Inspection", OUT, OUT, G, OUT, G, None],
    ]
    cover = [
        ["Cover sheet - Official statistics"],
        ["Section", "Detail"],
        ["Policy area:", "Children's social care data in England 2023"],
    ]
    return {
        "Cover": cover,
        "Contents": [["Contents"]],
        "LA_level_in_year_2022-23": in_year,
        "LA_inspections_2009-2023": wide,
    }


# ---------------------------------------------------------------------------------------------
# Good files
# ---------------------------------------------------------------------------------------------


def test_outcomes_workbook_stores_each_inspection_once_with_its_sources(session, tmp_path):
    report = import_ofsted(session, outcomes_xlsx(tmp_path))

    assert report.edition == "LA inspection outcomes as at 31 March 2025"
    assert not report.already_imported
    # 3 + 3 + 5 data rows; 5 graded inspections and 2 visits.
    assert report.rows_read == 11
    assert (report.inserted, report.updated, report.unchanged) == (7, 0, 0)
    assert report.details["records"] == 11
    assert report.details["reported_twice"] == 4
    assert count(session, Inspection) == 7
    assert count(session, Judgement) == 5 * 4 + 2  # two inspections from 2023 on grade care leavers too
    assert count(session, InspectionSource) == 11
    run = session.scalars(select(ImportRun)).one()
    assert (run.kind, run.file_name, run.rows_read, run.inserted) == ("ofsted", "outcomes_2025.xlsx", 11, 7)

    old, short = inspections(session, "E09000003")
    assert (old.framework_code, old.inspection_type, old.inspection_date, old.published_date) == (
        "ILACS",
        InspectionType.STANDARD,
        date(2019, 5, 13),
        date(2019, 7, 1),
    )
    assert grades_of(old) == {
        "overall_effectiveness": Grade.GOOD,
        "leadership": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "children_in_care_and_care_leavers": Grade.GOOD,
    }
    assert short.inspection_type is InspectionType.SHORT
    assert grades_of(short) == {
        "overall_effectiveness": Grade.GOOD,
        "leadership": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "children_in_care": Grade.OUTSTANDING,
        "care_leavers": Grade.GOOD,
    }
    assert short.official and short.import_run_id == run.id and short.theme is None
    # Reported by all three sheets; rows counted as a person sees them (title, note, header first).
    assert sorted((s.sheet, s.row_number) for s in short.sources) == [
        ("ILACS_inspection_history", 5),
        ("In-year_inspections", 4),
        ("Inspections_as_at_31_March", 4),
    ]

    # The old county code of North Yorkshire is the current council.
    (north_yorkshire,) = inspections(session, "E06000065")
    assert grades_of(north_yorkshire)["overall_effectiveness"] is Grade.OUTSTANDING
    # A former LA keeps its own history.
    (northamptonshire,) = inspections(session, "E10000021")
    assert not northamptonshire.la.current
    assert grades_of(northamptonshire)["leadership"] is Grade.REQUIRES_IMPROVEMENT

    standard, visit, monitoring = inspections(session, "E08000016")
    assert standard.inspection_type is InspectionType.STANDARD and len(standard.sources) == 2
    assert (visit.inspection_type, visit.inspection_date, visit.published_date, visit.theme) == (
        InspectionType.FOCUSED_VISIT,
        date(2024, 11, 5),
        date(2024, 12, 5),
        "Children in care",
    )
    assert (monitoring.inspection_type, monitoring.published_date, monitoring.theme) == (
        InspectionType.MONITORING_VISIT,
        None,
        "Front door",
    )
    assert visit.judgements == [] and monitoring.judgements == []
    assert visit.la.region_code == "E12000003"  # from our LA table, not the file's region column


def test_wide_sheet_of_children_social_care_data_as_ods(session, tmp_path):
    path = write_ods(tmp_path / "csc_2023.ods", csc_2023_sheets())
    report = import_ofsted(session, path)

    assert report.edition == "Children's social care data in England 2023"
    by_framework = dict(
        session.execute(select(Inspection.framework_code, func.count()).group_by(Inspection.framework_code)).all()
    )
    # Barnsley's two SLAC re-inspections share a publication date: one inspection, two judgements.
    assert by_framework == {"SLAC": 4, "CPI": 2, "TLAC": 1, "SIF": 4, "ILACS": 4}
    assert report.inserted == 15
    assert report.rows_read == 6  # 4 wide rows (2 tables) + 2 in-year rows

    barnet = {i.framework_code: i for i in inspections(session, "E09000003")}
    assert grades_of(barnet["SLAC"]) == {
        "safeguarding_overall": Grade.GOOD,
        "looked_after_children_overall": Grade.REQUIRES_IMPROVEMENT,
    }
    assert barnet["SLAC"].inspection_date is None and barnet["SLAC"].published_date == date(2012, 2, 24)
    # " -" means not judged: no row for adoption.
    assert grades_of(barnet["SIF"]) == {
        "overall_effectiveness": Grade.INADEQUATE,
        "help_and_protection": Grade.INADEQUATE,
        "children_looked_after_and_permanence": Grade.REQUIRES_IMPROVEMENT,
        "adoption_performance": Grade.REQUIRES_IMPROVEMENT,
        "leadership": Grade.INADEQUATE,
        "lscb_overall": Grade.INADEQUATE,
    }
    assert "care_leavers" not in grades_of(barnet["SIF"])
    assert grades_of(barnet["ILACS"])["children_in_care_and_care_leavers"] is Grade.GOOD

    # "Bedford Borough" in the wide sheet and "Bedford" in the in-year sheet are one LA; the
    # in-year row gives the inspection date of the second ILACS.
    bedford = inspections(session, "E06000055")
    assert [(i.framework_code, i.published_date) for i in bedford] == [
        ("CPI", date(2013, 4, 16)),
        ("TLAC", date(2013, 8, 5)),
        ("CPI", date(2013, 10, 19)),
        ("SIF", date(2015, 3, 27)),
        ("SIF", date(2017, 11, 24)),
        ("ILACS", date(2019, 12, 19)),
        ("ILACS", date(2023, 3, 10)),
    ]
    assert grades_of(bedford[1]) == {"looked_after_children_overall": Grade.INADEQUATE}
    second = bedford[-1]
    assert (second.inspection_type, second.inspection_date) == (InspectionType.STANDARD, date(2023, 1, 16))
    assert grades_of(second)["care_leavers"] is Grade.GOOD
    assert grades_of(second)["children_in_care"] is Grade.OUTSTANDING
    assert sorted(s.sheet for s in second.sources) == ["LA_inspections_2009-2023", "LA_level_in_year_2022-23"]

    barnsley_slac = [i for i in inspections(session, "E08000016") if i.framework_code == "SLAC"]
    assert grades_of(barnsley_slac[1]) == {
        "safeguarding_overall": Grade.REQUIRES_IMPROVEMENT,
        "looked_after_children_overall": Grade.GOOD,
    }
    # Table 11's "Dorset", inspected before April 2019, is the former county council.
    dorset = inspections(session, "E10000009")
    assert [i.framework_code for i in dorset] == ["SLAC", "SIF"]
    assert dorset[0].sources[0].row_number == 13
    assert inspections(session, "E06000059") == []


def test_same_inspection_from_two_files_is_stored_once_and_filled_in(session, tmp_path):
    sheets = csc_2023_sheets()
    sheets["LA_inspections_2009-2023"] = sheets["LA_inspections_2009-2023"][:6]  # Barnet only
    first = import_ofsted(session, write_ods(tmp_path / "csc.ods", sheets))
    session.commit()
    barnet_ilacs = [i for i in inspections(session, "E09000003") if i.framework_code == "ILACS"]
    assert [(i.inspection_date, i.published_date) for i in barnet_ilacs] == [(None, date(2019, 7, 1))]
    assert first.inserted == 5  # Barnet's SLAC, SIF and ILACS; the two in-year rows
    before = count(session, Inspection)

    second = import_ofsted(session, outcomes_xlsx(tmp_path))
    session.commit()
    # Barnet's 2019 ILACS now has its inspection date: updated, not duplicated.
    assert second.updated == 1
    assert count(session, Inspection) == before + 6
    barnet_ilacs = [i for i in inspections(session, "E09000003") if i.framework_code == "ILACS"]
    assert [(i.inspection_date, i.published_date) for i in barnet_ilacs] == [
        (date(2019, 5, 13), date(2019, 7, 1)),
        (date(2024, 6, 10), date(2024, 7, 23)),
    ]
    sources = barnet_ilacs[0].sources
    assert len({s.import_run_id for s in sources}) == 2
    assert sorted((s.sheet, s.row_number) for s in sources) == [
        ("ILACS_inspection_history", 4),
        ("LA_inspections_2009-2023", 6),
    ]
    assert grades_of(barnet_ilacs[0])["children_in_care_and_care_leavers"] is Grade.GOOD
    assert len(barnet_ilacs[0].judgements) == 4


def test_either_order_gives_the_same_rows(sqlite_url, tmp_path):
    from sqlalchemy.orm import sessionmaker

    from data_access.db import get_engine
    from data_access.store import migrate

    files = [write_ods(tmp_path / "csc.ods", csc_2023_sheets()), outcomes_xlsx(tmp_path)]

    def stored(url: str, paths: list[Path]) -> set:
        with sessionmaker(bind=get_engine(url))() as s:
            for path in paths:
                import_ofsted(s, path)
            s.commit()
            return {
                (
                    i.la.ons_code,
                    i.framework_code,
                    i.inspection_type,
                    i.inspection_date,
                    i.published_date,
                    i.theme,
                    frozenset((j.area, j.grade) for j in i.judgements),
                    frozenset((src.sheet, src.row_number) for src in i.sources),
                )
                for i in s.scalars(select(Inspection))
            }

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(other_url)
    assert stored(sqlite_url, files) == stored(other_url, files[::-1])


def test_reimport_of_the_same_file_changes_nothing(session, tmp_path):
    path = outcomes_xlsx(tmp_path)
    import_ofsted(session, path)
    session.commit()
    totals = (
        count(session, Inspection),
        count(session, Judgement),
        count(session, InspectionSource),
        count(session, ImportRun),
    )

    again = import_ofsted(session, path)
    assert again.already_imported
    assert again.edition == "LA inspection outcomes as at 31 March 2025"
    assert (again.inserted, again.updated) == (0, 0)
    assert "already imported" in again.summary()
    assert (
        count(session, Inspection),
        count(session, Judgement),
        count(session, InspectionSource),
        count(session, ImportRun),
    ) == totals


def test_natural_keys_prevent_duplicates_without_the_run_record(session, tmp_path, monkeypatch):
    path = outcomes_xlsx(tmp_path)
    import_ofsted(session, path)
    session.commit()
    totals = (count(session, Inspection), count(session, Judgement), count(session, InspectionSource))
    # As if the run record had gone: the file is read and matched again.
    monkeypatch.setattr(ofsted, "previous_run", lambda *args: None)

    again = import_ofsted(session, path)
    session.commit()
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 7)
    assert (count(session, Inspection), count(session, Judgement), count(session, InspectionSource)) == totals


def test_csv_sheet_is_recognised_by_its_header(session, tmp_path):
    rows = outcomes_2025_sheets()["ILACS_inspection_history"]
    rows = [[v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row] for row in rows]
    report = import_ofsted(session, write_csv(tmp_path / "history.csv", rows))

    assert report.edition == "LA inspection outcomes as at 31 March 2025"  # from the title row
    assert report.inserted == 5 and report.rows_read == 5
    northamptonshire = inspections(session, "E10000021")[0]
    assert northamptonshire.inspection_date == date(2019, 6, 17)
    assert [(s.sheet, s.row_number) for s in northamptonshire.sources] == [("ILACS_inspection_history", 8)]


def test_2024_edition_matched_by_name_and_its_two_table_ilacs_sheet(session, tmp_path):
    as_at = [
        ["Local authority inspection judgements as at 31 March 2024"],
        [NOTE],
        ["Web link", "Local authority name", "Ofsted region", "Inspection date", *ILACS_GRADES_2024],
        [LINK, "Barnet", "London", date(2019, 5, 13), G, G, G, G, None],
        [LINK, "Cumberland", "North West", "Not yet inspected", None, None, None, None, None],
    ]
    in_year = [
        ["Local authority in year inspection activity 2023-24"],
        [NOTE],
        [
            "Web link",
            "Local authority name",
            "Region",
            "Inspection/Visit date",
            "Inspection/Visit type",
            *ILACS_GRADES_2024,
            "Visit Theme",
        ],
        [LINK, "Barnet", "London", date(2023, 6, 5), "LA Monitoring visit", *_grades(), "Front door"],
    ]
    first = [
        "First ILACS publication date",
        "First ILACS inspection type",
        "First ILACS overall effectiveness",
        "First ILACS impact of leaders",
        "First ILACS experiences and progress of children who need help and protection",
        "First ILACS experiences and progress of children in care",
        "First ILACS experiences and progress of care leavers",
    ]
    history = [
        ["ILACS inspections 2018-2024"],
        ["This worksheet contains two tables."],
        [NOTE],
        ["Web link", "Local authority name", "LA region", *first, *[h.replace("First", "Second") for h in first]],
        [LINK, "Barnet", "London", date(2019, 7, 1), "ILACS Standard Inspection", G, G, G, G, None],
        ["ILACS inspections of local authorities that existed before the restructure"],
        [
            "Web link",
            "Local authority name",
            "LA region",
            "ILACS framework publication date",
            "ILACS framework inspection type",
            "ILACS framework overall effectiveness",
            "ILACS framework impact of leaders",
            "ILACS framework experiences and progress of children who need help and protection",
            "ILACS framework experiences and progress of children in care and care leavers",
        ],
        [LINK, "Cumbria", "North West", date(2022, 11, 15), "ILACS Standard Inspection", RI, RI, RI, G],
    ]
    cover = [["Local authority inspection outcomes as at 31 March 2024"]]
    path = write_ods(
        tmp_path / "outcomes_2024.ods",
        {
            "Cover": cover,
            "Inspections_31_March_2024": as_at,
            "Inspections_in_year_2023-24": in_year,
            "ILACS_inspections_2018-2024": history,
        },
    )
    report = import_ofsted(session, path)

    assert report.edition == "LA inspection outcomes as at 31 March 2024"
    assert report.inserted == 3  # Barnet's ILACS (two sheets), its monitoring visit, Cumbria
    (barnet, visit) = inspections(session, "E09000003")
    # One sheet gives only the inspection date, the other only the publication date.
    assert (barnet.inspection_date, barnet.published_date, barnet.inspection_type) == (
        date(2019, 5, 13),
        date(2019, 7, 1),
        InspectionType.STANDARD,
    )
    assert visit.inspection_type is InspectionType.MONITORING_VISIT
    (cumbria,) = inspections(session, "E10000006")
    assert grades_of(cumbria)["children_in_care_and_care_leavers"] is Grade.GOOD
    assert [(s.sheet, s.row_number) for s in cumbria.sources] == [("ILACS_inspections_2018-2024", 8)]
    assert inspections(session, "E06000063") == []  # Cumberland: not yet inspected


def test_newer_edition_wins_a_disagreement_in_either_order(sqlite_url, tmp_path):
    from sqlalchemy.orm import sessionmaker

    from data_access.db import get_engine
    from data_access.store import migrate

    older = outcomes_2025_sheets()
    older["ILACS_inspection_history"][4][12] = RI  # Barnet 2024 care leavers: RI, not Good
    older["Inspections_as_at_31_March"][3][10] = RI
    older["In-year_inspections"][3][11] = RI
    cover_2024 = [["Local authority inspection outcomes as at 31 March 2024"]]
    old_path = write_xlsx(tmp_path / "old.xlsx", {"Cover": cover_2024, **older})
    new_path = outcomes_xlsx(tmp_path)

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(other_url)
    # Old first: the new edition's first row overrules it. New first: each old row disagrees.
    runs = ((sqlite_url, [old_path, new_path], 1), (other_url, [new_path, old_path], 3))
    for url, order, conflicts in runs:
        with sessionmaker(bind=get_engine(url))() as s:
            reports = [import_ofsted(s, p) for p in order]
            s.commit()
            short = inspections(s, "E09000003")[1]
            assert grades_of(short)["care_leavers"] is Grade.GOOD
            assert reports[1].details["grade_conflicts"] == conflicts
            assert count(s, Inspection) == 7


def test_ilacs_from_april_2026_without_overall_grade_is_not_graded(session, tmp_path):
    rows = outcomes_2025_sheets()["ILACS_inspection_history"][:3]
    rows.append(
        [
            LINK,
            "E09000003",
            "Barnet",
            "Current",
            "London",
            date(2026, 5, 11),
            date(2026, 6, 30),
            "ILACS Standard Inspection",
            None,
            G,
            G,
            OUT,
            G,
        ]
    )
    import_ofsted(session, write_csv(tmp_path / "history.csv", rows))

    (inspection,) = inspections(session, "E09000003")
    assert grades_of(inspection) == {
        "overall_effectiveness": Grade.NOT_GRADED,
        "leadership": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "children_in_care": Grade.OUTSTANDING,
        "care_leavers": Grade.GOOD,
    }


def test_requires_improvement_label_of_the_adequate_era_is_stored_as_requires_improvement(session, tmp_path):
    import_ofsted(session, write_ods(tmp_path / "csc.ods", csc_2023_sheets()))
    cpri = [i for i in inspections(session, "E06000055") if i.published_date == date(2013, 10, 19)][0]
    judgement = cpri.judgements[0]
    assert (judgement.area, judgement.grade) == ("child_protection_overall", Grade.REQUIRES_IMPROVEMENT)
    assert judgement.grade.label("CPI") == "Adequate"


# ---------------------------------------------------------------------------------------------
# Bad input: an InputError naming the place, and nothing written
# ---------------------------------------------------------------------------------------------


def assert_nothing_written(session) -> None:
    session.rollback()
    assert count(session, Inspection) == 0
    assert count(session, Judgement) == 0
    assert count(session, InspectionSource) == 0
    assert count(session, ImportRun) == 0


def bad_history(tmp_path: Path, row: int, col: int, value, name: str = "bad.xlsx") -> Path:
    sheets = outcomes_2025_sheets()
    sheets["ILACS_inspection_history"][row][col] = value
    return write_xlsx(tmp_path / name, {"Cover": COVER_2025, **sheets})


@pytest.mark.parametrize(
    ("col", "value", "message", "column", "shown"),
    [
        (2, "Atlantis", "unknown local authority name", "C (Local authority name)", "'Atlantis'"),
        (1, "E99999999", "unknown local authority code", "B (Local authority area code)", "'E99999999'"),
        (
            10,
            "Very good",
            "unknown grade",
            "K (The experiences and progress of children who need help and protection)",
            "'Very good'",
        ),
        (6, "31/02/2023", "not a date, or an impossible one", "G (Publication date)", "'31/02/2023'"),
        (5, date(1999, 12, 31), "impossible date", "F (Inspection date)", "datetime.datetime(1999, 12, 31, 0, 0)"),
        (
            7,
            "ILACS Long Inspection",
            "unknown inspection or visit type",
            "H (Inspection type)",
            "'ILACS Long Inspection'",
        ),
    ],
)
def test_bad_cell_is_named(session, tmp_path, col, value, message, column, shown):
    # Row index 6 is spreadsheet row 7: Barnsley's 2023 inspection. Its ONS code is blanked for the
    # name test, so that the name is used.
    sheets = outcomes_2025_sheets()
    history = sheets["ILACS_inspection_history"]
    if col == 2:
        history[6][1] = None
    history[6][col] = value
    path = write_xlsx(tmp_path / "bad.xlsx", {"Cover": COVER_2025, **sheets})

    with pytest.raises(InputError) as caught:
        import_ofsted(session, path)
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == ("bad.xlsx", "ILACS_inspection_history", 7, column)
    assert str(error) == (
        f"file bad.xlsx, sheet ILACS_inspection_history, row 7, column {column}: {error.message} (value: {shown})"
    )
    assert message in error.message
    assert_nothing_written(session)


def test_date_in_the_future_is_refused(session, tmp_path):
    future = date.today() + timedelta(days=30)
    path = bad_history(tmp_path, 5, 6, future)
    with pytest.raises(InputError, match="date in the future") as caught:
        import_ofsted(session, path)
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "ILACS_inspection_history",
        6,
        "G (Publication date)",
    )
    assert f"value: datetime.datetime({future.year}, {future.month}, {future.day}, 0, 0)" in str(caught.value)
    assert_nothing_written(session)


def test_publication_before_inspection_is_refused(session, tmp_path):
    path = bad_history(tmp_path, 3, 6, date(2019, 5, 1))  # Barnet 2019: inspected 13 May
    with pytest.raises(InputError, match="publication date is before the inspection date") as caught:
        import_ofsted(session, path)
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "ILACS_inspection_history",
        4,
        "G (Publication date)",
    )
    assert "2019-05-13" in str(caught.value)
    assert_nothing_written(session)


def test_blank_overall_before_april_2026_is_refused(session, tmp_path):
    path = bad_history(tmp_path, 3, 8, None)
    with pytest.raises(InputError, match="overall effectiveness is blank") as caught:
        import_ofsted(session, path)
    assert (caught.value.row, caught.value.column) == (4, "I (Overall effectiveness)")
    assert_nothing_written(session)


def test_visit_with_grades_is_refused(session, tmp_path):
    sheets = outcomes_2025_sheets()
    sheets["In-year_inspections"][4][7] = G
    path = write_xlsx(tmp_path / "bad.xlsx", {"Cover": COVER_2025, **sheets})
    with pytest.raises(InputError, match="visit has no grades") as caught:
        import_ofsted(session, path)
    assert (caught.value.sheet, caught.value.row, caught.value.column, caught.value.value) == (
        "In-year_inspections",
        5,
        "H (Overall effectiveness)",
        G,
    )
    assert_nothing_written(session)


def test_missing_sheet_is_named(session, tmp_path):
    sheets = outcomes_2025_sheets()
    del sheets["ILACS_inspection_history"]
    path = write_xlsx(tmp_path / "partial.xlsx", {"Cover": COVER_2025, **sheets})
    with pytest.raises(InputError, match="missing sheet 'ILACS_inspection_history'") as caught:
        import_ofsted(session, path)
    assert (caught.value.file, caught.value.sheet) == ("partial.xlsx", "ILACS_inspection_history")
    assert_nothing_written(session)


def test_missing_required_column_is_named(session, tmp_path):
    sheets = outcomes_2025_sheets()
    sheets["ILACS_inspection_history"][2][6] = "Date published"
    path = write_xlsx(tmp_path / "bad.xlsx", {"Cover": COVER_2025, **sheets})
    with pytest.raises(InputError, match="lacks a required column") as caught:
        import_ofsted(session, path)
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "ILACS_inspection_history",
        3,
        "Publication date",
    )
    assert_nothing_written(session)


def test_csv_with_a_required_column_missing_is_named(session, tmp_path):
    history = outcomes_2025_sheets()["ILACS_inspection_history"]
    rows = [[v for i, v in enumerate(row) if i != 2] for row in history]
    with pytest.raises(InputError, match="lacks a required column") as caught:
        import_ofsted(session, write_csv(tmp_path / "history.csv", rows))
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "ILACS_inspection_history",
        3,
        "Local authority name",
    )
    assert_nothing_written(session)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n", "the file has no rows"),
        ("other.csv", b"name,score\nalice,3\nbob,4\n", "not an Ofsted LA inspections file"),
        ("broken.ods", b"PK\x03\x04 not really a zip", "not a spreadsheet"),
        ("text.xlsx", b"just some words", "not a valid XLSX file"),
        ("binary.ods", bytes(range(256)) * 4, "not a spreadsheet"),
    ],
)
def test_unreadable_or_foreign_files_are_refused(session, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        import_ofsted(session, path)
    assert caught.value.file == name
    assert str(caught.value).startswith(f"file {name}: ")
    assert_nothing_written(session)


@pytest.mark.parametrize(
    ("name", "members", "message"),
    [
        (
            "broken.ods",
            {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office"},
            "cannot read the ODS file",
        ),
        ("broken.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "not xml"}, "cannot read the XLSX file"),
    ],
)
def test_corrupt_workbooks_are_refused(session, tmp_path, name, members, message):
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    with pytest.raises(InputError, match=message) as caught:
        import_ofsted(session, path)
    assert caught.value.file == name
    assert_nothing_written(session)


def test_workbook_without_ofsted_sheets_is_refused(session, tmp_path):
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [["Year", "Amount"], [2024, 3]]})
    with pytest.raises(InputError, match="not an Ofsted LA inspections file"):
        import_ofsted(session, path)
    assert_nothing_written(session)


def test_bad_second_file_leaves_the_first_import_alone(session, tmp_path):
    import_ofsted(session, outcomes_xlsx(tmp_path))
    session.commit()
    totals = (count(session, Inspection), count(session, Judgement), count(session, ImportRun))
    with pytest.raises(InputError):
        import_ofsted(session, bad_history(tmp_path, 4, 9, "Splendid", name="second.xlsx"))
    session.rollback()
    assert (count(session, Inspection), count(session, Judgement), count(session, ImportRun)) == totals


def test_layout_headers_are_unambiguous():
    # One header text must mean one field in each layout, or the generic reader would guess.
    for layout in ofsted.LAYOUTS:
        seen: dict[str, str] = {}
        for group in layout.groups:
            for name, heads in group.columns.items():
                for head in heads:
                    field = f"{group.name}.{name}"
                    assert seen.setdefault(fold_header(head), field) == field, (layout.key, head)


# -- Links to each LA's page on Ofsted's reports site ------------------------------------------------

PAGES = {"E09000003": "https://reports.ofsted.gov.uk/provider/44/302", "E08000016": "javascript:alert(1)"}


def link_cells(path: Path, pages: dict[str, str]) -> Path:
    """Give each "Web link" cell the HYPERLINK formula Ofsted's files use, by its row's LA code."""
    from odf import teletype
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import TableCell, TableRow

    document = load(str(path))
    for row in document.spreadsheet.getElementsByType(TableRow):
        cells = row.getElementsByType(TableCell)
        texts = [teletype.extractText(c) for c in cells[:3]]
        code = next((t for t in texts if t in pages), None)
        if texts and texts[0] == LINK and code:
            cells[0].setAttrNS(TABLENS, "formula", f'of:=HYPERLINK("{pages[code]}";"{LINK}")')
    document.save(str(path))
    return path


def test_each_la_keeps_its_ofsted_page_from_the_file_and_no_other_kind_of_address(session, tmp_path):
    from data_access.importers.spreadsheets import read_workbook
    from data_access.models import LocalAuthority

    path = link_cells(write_ods(tmp_path / "outcomes.ods", {"Cover": COVER_2025, **outcomes_2025_sheets()}), PAGES)
    sheet = read_workbook(path)["Inspections_as_at_31_March"]
    assert set(sheet.links.values()) == set(PAGES.values())  # the reader reads formulas' addresses
    import_ofsted(session, path)
    stored = dict(session.execute(select(LocalAuthority.ons_code, LocalAuthority.ofsted_url)).all())
    assert stored["E09000003"] == PAGES["E09000003"]
    assert stored["E08000016"] is None  # a javascript: address is never kept
    assert [code for code, page in stored.items() if page] == ["E09000003"]  # no link in the file, none stored
