"""The Ofsted importer on Ofsted's real published files, checked against the files read here by pandas.

Expected counts are derived in this test from the sheets themselves (pandas' own ODS reader, not
the importer's), so the test says what the files hold rather than what the importer did before.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from data_access.db import get_engine
from data_access.grades import Grade, parse_grade
from data_access.importers import ofsted
from data_access.importers.ofsted import import_ofsted
from data_access.models import Correction, ImportRun, Inspection, InspectionSource, InspectionType, Judgement
from data_access.reference.local_authorities import canonical_ons_code
from data_access.store import migrate
from tests.conftest import real_ofsted_dir

pytestmark = pytest.mark.real_data

CSC_2023 = "ofsted_childrens_social_care_data_in_england_2023_underlying_data.ods"
OUTCOMES_2024 = "ofsted_la_inspection_outcomes_as_at_31_march_2024.ods"
OUTCOMES_2025 = "ofsted_la_inspection_outcomes_as_at_31_march_2025.ods"
FILES = (CSC_2023, OUTCOMES_2024, OUTCOMES_2025)

# Publication-date columns of the 2009-2023 wide sheet, by framework (grades follow each one).
PRE_ILACS = {
    "SLAC": (
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        "SLAC re-inspection of Safeguarding publication date",
        "SLAC re-inspection of services for Children Looked After publication date",
    ),
    "CPI": (
        "Child Protection Inspections (CPI) publication date",
        "Child Protection Re-Inspection (CPRI) publication date",
    ),
    "TLAC": ("Targeted Looked After Children (TLAC) inspection publication date",),
    "SIF": (
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
    ),
}
ILACS_GRADE_COLUMNS = {
    "overall_effectiveness": "Overall effectiveness",
    "leadership": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}


def _folder() -> Path:
    folder = real_ofsted_dir()
    if folder is None or not all((folder / name).is_file() for name in FILES):
        pytest.skip("real Ofsted files not found (RIA_DATA_DIR or ../shared/data/ofsted/raw)")
    return folder


def _clean(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = " ".join(value.split())
        return value if value not in ("", "-") else None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def table_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Data rows of a sheet read with header=None: each table starts at a row naming
    'Local authority name'; title and blank rows (no LA name) are left out."""
    rows, header = [], None
    for i, values in enumerate(frame.itertuples(index=False)):
        cells = [_clean(v) for v in values]
        if "Local authority name" in cells:
            header = [str(c) if c is not None else "" for c in cells]
            continue
        if header is not None and cells[header.index("Local authority name")] is not None:
            cells += [None] * (len(header) - len(cells))
            rows.append({h: c for h, c in zip(header, cells, strict=True) if h} | {"row": i + 1})
    return rows


@pytest.fixture(scope="module")
def sheets() -> dict[str, list[dict[str, object]]]:
    """The sheets the importer reads, read independently with pandas."""
    folder = _folder()
    wanted = {
        CSC_2023: ["LA_inspections_2009-2023", "LA_level_in_year_2022-23", "LA_level_at_31_Mar_2023"],
        OUTCOMES_2024: ["Inspections_31_March_2024", "Inspections_in_year_2023-24", "ILACS_inspections_2018-2024"],
        OUTCOMES_2025: ["Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history"],
    }
    read = {}
    for name, sheet_names in wanted.items():
        frames = pd.read_excel(folder / name, sheet_name=sheet_names, header=None, engine="odf")
        read.update({sheet: table_rows(frame) for sheet, frame in frames.items()})
    return read


def _import(url: str, names: list[str]) -> list[ofsted.ImportReport]:
    with sessionmaker(bind=get_engine(url))() as session:
        reports = [import_ofsted(session, _folder() / name) for name in names]
        session.commit()
    return reports


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, str]:
    """Two stores, one importing the files oldest first and one newest first."""
    _folder()
    urls = {}
    for label, names in (("oldest_first", list(FILES)), ("newest_first", list(FILES[::-1]))):
        url = f"sqlite:///{tmp_path_factory.mktemp(label) / 'store.db'}"
        migrate(url)
        _import(url, names)
        urls[label] = url
    return urls


@pytest.fixture
def session(stores) -> Session:
    with sessionmaker(bind=get_engine(stores["oldest_first"]))() as s:
        yield s


def _inspections(session: Session) -> list[Inspection]:
    return list(
        session.scalars(
            select(Inspection).options(
                selectinload(Inspection.judgements), selectinload(Inspection.sources), selectinload(Inspection.la)
            )
        )
    )


def _snapshot(url: str) -> set[tuple]:
    """Every stored inspection with its judgements and source rows, ids left out."""
    with sessionmaker(bind=get_engine(url))() as s:
        files = {r.id: r.file_name for r in s.scalars(select(ImportRun))}
        return {
            (
                i.la.ons_code,
                i.framework_code,
                i.inspection_type,
                i.inspection_date,
                i.published_date,
                i.theme,
                i.official,
                frozenset((j.area, j.grade) for j in i.judgements),
                frozenset((files[src.import_run_id], src.sheet, src.row_number) for src in i.sources),
            )
            for i in _inspections(s)
        }


def _is_visit(text: object) -> bool:
    return "visit" in str(text).lower()


def test_pre_ilacs_inspections_and_judgements_match_the_wide_sheet(session, sheets):
    rows = sheets["LA_inspections_2009-2023"]
    header = list(rows[0])
    expected_inspections, expected_judgements = {}, Counter()
    for framework, date_columns in PRE_ILACS.items():
        events = set()
        for column in date_columns:
            # The grades of a group are the columns after its publication date, up to the next group.
            start = header.index(column) + 1
            end = next(
                (
                    i
                    for i in range(start, len(header))
                    if "publication date" in header[i] or "inspection type" in header[i]
                ),
                len(header),
            )
            for row in rows:
                if row.get(column) is not None:
                    events.add((row["Local authority name"], row[column]))
                    expected_judgements[framework] += sum(row.get(h) is not None for h in header[start:end])
        expected_inspections[framework] = len(events)

    stored = dict(
        session.execute(select(Inspection.framework_code, func.count()).group_by(Inspection.framework_code)).all()
    )
    judgements = dict(
        session.execute(
            select(Inspection.framework_code, func.count(Judgement.id))
            .join(Judgement)
            .group_by(Inspection.framework_code)
        ).all()
    )
    for framework in PRE_ILACS:
        assert stored[framework] == expected_inspections[framework], framework
        assert judgements[framework] == expected_judgements[framework], framework
    assert expected_inspections == {"SLAC": 161, "CPI": 51, "TLAC": 5, "SIF": 173}
    # Ofsted prints the "adequate" of 2009-2013 as "Requires improvement to be good".
    grades = set(
        session.scalars(
            select(Judgement.grade).join(Inspection).where(Inspection.framework_code.in_(["SLAC", "CPI", "TLAC"]))
        )
    )
    assert Grade.REQUIRES_IMPROVEMENT in grades and Grade.NOT_GRADED not in grades


def test_every_graded_ilacs_inspection_is_one_row_of_the_2025_history(session, sheets):
    history = sheets["ILACS_inspection_history"]
    assert len(history) == 271
    graded = [
        i for i in _inspections(session) if i.framework_code == "ILACS" and i.inspection_type not in ofsted.VISITS
    ]
    # The 2023 and 2024 files describe no ILACS inspection that the 2025 history lacks.
    assert len(graded) == len(history)
    by_key = {(i.la.ons_code, i.published_date): i for i in graded}
    types = Counter()
    for row in history:
        inspection = by_key[(canonical_ons_code(row["Local authority area code"]), row["Publication date"])]
        assert inspection.inspection_date == row["Inspection date"]
        expected_type = InspectionType.SHORT if "Short" in row["Inspection type"] else InspectionType.STANDARD
        assert inspection.inspection_type is expected_type
        types[expected_type] += 1
        expected = {
            area: parse_grade(row[column])
            for area, column in ILACS_GRADE_COLUMNS.items()
            if row.get(column) is not None
        }
        if "care_leavers" not in expected:  # before 2023: one judgement for both
            expected["children_in_care_and_care_leavers"] = expected.pop("children_in_care")
        assert {j.area: j.grade for j in inspection.judgements} == expected, row
        assert ("ILACS_inspection_history", row["row"]) in {(s.sheet, s.row_number) for s in inspection.sources}
    assert types == {InspectionType.STANDARD: 171, InspectionType.SHORT: 100}
    ilacs_judgements = session.scalar(
        select(func.count(Judgement.id)).join(Inspection).where(Inspection.framework_code == "ILACS")
    )
    assert ilacs_judgements == sum(sum(row.get(c) is not None for c in ILACS_GRADE_COLUMNS.values()) for row in history)


def test_every_sheet_row_is_a_source_and_each_long_sheet_row_one_inspection(session, sheets):
    sources = Counter(session.execute(select(InspectionSource.sheet)).scalars())
    for sheet in (
        "LA_level_in_year_2022-23",
        "LA_level_at_31_Mar_2023",
        "Inspections_31_March_2024",
        "Inspections_in_year_2023-24",
        "Inspections_as_at_31_March",
        "In-year_inspections",
        "ILACS_inspection_history",
    ):
        dated = [
            r
            for r in sheets[sheet]
            if r.get("Inspection date", r.get("Inspection/Visit date")) not in (None, "Not yet inspected")
        ]
        assert sources[sheet] == len(dated), sheet
    # The 153 authorities of 31 March 2025 each have their latest inspection stored.
    assert len(sheets["Inspections_as_at_31_March"]) == 153
    latest = session.scalars(
        select(Inspection.la_id).join(InspectionSource).where(InspectionSource.sheet == "Inspections_as_at_31_March")
    ).all()
    assert len(set(latest)) == len(latest) == 153
    # Two authorities created in 2023 had no inspection by 31 March 2024.
    as_at_2024 = sheets["Inspections_31_March_2024"]
    not_yet = [r for r in as_at_2024 if r.get("Inspection date") == "Not yet inspected"]
    assert sources["Inspections_31_March_2024"] == len(as_at_2024) - len(not_yet) == 151


def test_visits_are_the_in_year_sheets_visit_rows(session, sheets):
    expected = Counter()
    seen = set()
    for sheet in ("LA_level_in_year_2022-23", "Inspections_in_year_2023-24", "In-year_inspections"):
        for row in sheets[sheet]:
            kind = row["Inspection/Visit type"]
            key = (row["Local authority name"], kind, row["Inspection/Visit date"])
            if _is_visit(kind) and key not in seen:
                seen.add(key)
                expected["focused_visit" if "Focused" in kind else "monitoring_visit"] += 1
    visits = [i for i in _inspections(session) if i.inspection_type in ofsted.VISITS]
    assert Counter(i.inspection_type.value for i in visits) == expected
    themes = {i.theme for i in visits}
    assert None not in themes and "Front door" in themes
    assert len(sheets["Inspections_in_year_2023-24"]) == 107 and len(sheets["In-year_inspections"]) == 112


def test_import_order_does_not_change_what_is_stored(stores):
    oldest_first, newest_first = (_snapshot(url) for url in stores.values())
    assert oldest_first == newest_first
    # Where editions disagree the newest wins: the 2025 edition moved Nottingham's publication date.
    nottingham = {
        row for row in oldest_first if row[0] == "E06000018" and row[1] == "ILACS" and row[3] == date(2022, 7, 11)
    }
    assert [row[4] for row in nottingham] == [date(2022, 9, 5)]
    files = {source[0] for source in next(iter(nottingham))[8]}
    assert files == set(FILES)


def test_reimport_changes_nothing(stores, monkeypatch):
    url = stores["newest_first"]
    before = _snapshot(url)
    assert all(report.already_imported for report in _import(url, list(FILES)))
    # Even without the run records the natural keys find every row again.
    monkeypatch.setattr(ofsted, "previous_run", lambda *args: None)
    with sessionmaker(bind=get_engine(url))() as session:
        corrections = session.scalar(select(func.count(Correction.id)))
        for name in FILES:
            report = import_ofsted(session, _folder() / name)
            assert (report.inserted, report.updated, report.details["sources"]) == (0, 0, 0), name
            assert report.unchanged > 0
        session.flush()
        assert session.scalar(select(func.count(Inspection.id))) == len(before)
        assert session.scalar(select(func.count(Correction.id))) == corrections
        session.rollback()
    assert _snapshot(url) == before


def _corrections(url: str) -> set[tuple]:
    with sessionmaker(bind=get_engine(url))() as s:
        files = {r.id: r.file_name for r in s.scalars(select(ImportRun))}
        return {
            (c.inspection.la.name, c.field, c.old_value, c.new_value, c.applied, files[c.import_run_id])
            for c in s.scalars(select(Correction))
        }


def test_corrections_between_editions_are_stored_whichever_file_came_first(stores):
    oldest_first, newest_first = (_corrections(url) for url in stores.values())
    # Imported oldest first, the 2025 edition corrects Staffordshire's care leavers grade and
    # Nottingham's publication date; imported newest first, the older editions' values are kept.
    assert ("Staffordshire", "care_leavers", "Good", "Requires improvement", True, OUTCOMES_2025) in oldest_first
    assert ("Nottingham", "published_date", "2022-11-05", "2022-09-05", True, OUTCOMES_2025) in oldest_first
    assert ("Merton", "inspection_type", "Standard", "Short", True, OUTCOMES_2025) in oldest_first
    assert ("Staffordshire", "care_leavers", "Requires improvement", "Good", False, OUTCOMES_2024) in newest_first
    assert newest_first and not any(c[4] for c in newest_first)  # the latest edition came first: nothing corrected
    # Within the 2023 edition its in-year sheet (more detailed) dates Cumbria's inspection a day later.
    assert ("Cumbria", "inspection_date", "2022-09-20", "2022-09-21", True, CSC_2023) in oldest_first


def test_every_current_la_gets_the_ofsted_page_its_row_links_to(stores):
    """The 2025 file links each LA's row to its page on Ofsted's reports site (HYPERLINK formulas
    in column A): read independently here from the file's XML, keyed by the row's ONS code."""
    import re
    import zipfile

    from data_access.models import LocalAuthority

    with zipfile.ZipFile(_folder() / OUTCOMES_2025) as archive:
        xml = archive.read("content.xml").decode("utf-8")
    sheet = xml[xml.index('table:name="Inspections_as_at_31_March"') :]
    sheet = sheet[: sheet.index("</table:table>")]
    expected = dict(
        (code, page)
        for page, code in re.findall(
            r"HYPERLINK\(&quot;(https://reports\.ofsted\.gov\.uk/provider/\d+/\d+)&quot;.*?<text:p>(E\d{8})</text:p>",
            sheet,
        )
    )
    assert len(expected) == 153
    for url in stores.values():
        with sessionmaker(bind=get_engine(url))() as session:
            stored = dict(
                session.execute(
                    select(LocalAuthority.ons_code, LocalAuthority.ofsted_url).where(LocalAuthority.current)
                ).all()
            )
        assert {code: stored.get(code) for code in expected} == expected
