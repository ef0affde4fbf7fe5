"""Provisional judgements from the scraped report list: import, refusals, supersession by an official file."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import queries
from data_access.cli import main
from data_access.grades import Grade
from data_access.importers.common import InputError
from data_access.importers.ofsted import import_ofsted
from data_access.importers.provisional import import_provisional
from data_access.models import Correction, ImportRun, Inspection, InspectionType, Judgement
from tests.unit.test_ofsted_importer import outcomes_2025_sheets, write_csv

HEADER = [
    "urn",
    "local_authority",
    "inspection_link",
    "pdf_filename",
    "publication_date",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
    "parser_version",
]
LINK = "https://files.ofsted.gov.uk/v1/file/50276411"
# Row 2: Barnet's 2024 short inspection, which the official 2025 file also carries (same grades).
BARNET_2024 = [
    "80,",
    "barnet",
    LINK,
    "r.pdf",
    "23/07/24",
    "short",
    "X",
    "10/06/2024",
    "14/06/2024",
    "good",
    "good",
    "good",
    "outstanding",
    "good",
    "1",
]
# Row 3: Barnsley in 2026, newer than any official file; leadership unreadable, no overall grade (post-reform).
BARNSLEY_2026 = [
    "1",
    "barnsley",
    "https://example.com/x",
    "r.pdf",
    "07/07/26",
    "standard",
    "X",
    "11/05/2026",
    "22/05/2026",
    "not_reported_post_reform",
    "data_unreadable",
    "good",
    "requires improvement",
    "good",
    "1",
]
# Row 4: a pre-2018 report with no framework: skipped and counted.
OLD = [
    "2",
    "norfolk",
    LINK,
    "r.pdf",
    "20/10/15",
    "",
    "",
    "",
    "",
    "",
    "data_unreadable",
    "data_unreadable",
    "data_unreadable",
    "data_unreadable",
    "1",
]


def scrape(tmp_path: Path, *rows: list[str], name: str = "scrape.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def provisional(session) -> list[Inspection]:
    return list(session.scalars(select(Inspection).where(Inspection.official.is_(False))))


def test_rows_are_stored_as_provisional_with_unreadable_grades_as_no_judgement(session, tmp_path):
    report = import_provisional(session, scrape(tmp_path, BARNET_2024, BARNSLEY_2026, OLD))
    session.commit()

    assert (report.rows_read, report.inserted) == (3, 2)
    assert report.details["no_framework"] == 1
    assert report.details["unreadable_grades"] == 1
    stored = {i.la.name: i for i in provisional(session)}
    assert set(stored) == {"Barnet", "Barnsley"}
    barnsley = stored["Barnsley"]
    assert (barnsley.inspection_type, barnsley.inspection_date, barnsley.published_date) == (
        InspectionType.STANDARD,
        date(2026, 5, 11),
        date(2026, 7, 7),
    )
    assert {j.area: j.grade for j in barnsley.judgements} == {
        "overall_effectiveness": Grade.NOT_GRADED,
        "help_and_protection": Grade.GOOD,
        "children_in_care": Grade.REQUIRES_IMPROVEMENT,
        "care_leavers": Grade.GOOD,
    }  # no leadership row: unreadable is unknown, never guessed
    assert barnsley.report_url is None  # only files.ofsted.gov.uk links are kept
    assert stored["Barnet"].report_url == LINK
    assert stored["Barnet"].inspection_type is InspectionType.SHORT


def test_reimport_of_the_same_file_changes_nothing(session, tmp_path):
    path = scrape(tmp_path, BARNET_2024, BARNSLEY_2026)
    import_provisional(session, path)
    session.commit()
    totals = (count(session, Inspection), count(session, Judgement), count(session, ImportRun))
    again = import_provisional(session, path)
    assert again.already_imported
    assert (count(session, Inspection), count(session, Judgement), count(session, ImportRun)) == totals


def test_rows_an_official_file_already_holds_are_skipped(session, tmp_path):
    history = outcomes_2025_sheets()["ILACS_inspection_history"]
    import_ofsted(session, write_csv(tmp_path / "history.csv", history))
    before = count(session, Inspection)
    report = import_provisional(session, scrape(tmp_path, BARNET_2024, BARNSLEY_2026))

    assert report.details["already_official"] == 1 and report.inserted == 1
    assert count(session, Inspection) == before + 1
    assert [i.la.name for i in provisional(session)] == ["Barnsley"]


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("publication_date", "31/02/26", "not a day-first date (dd/mm/yy), or an impossible one"),
        ("inspection_start_date", "09/11/2017", "impossible date: before ILACS began (January 2018)"),
        ("inspection_framework", "focused visit", "unknown inspection framework"),
        ("local_authority", "atlantis", "unknown local authority name"),
        ("impact_of_leaders_grade", "excellent", "unknown grade"),
    ],
)
def test_a_bad_row_is_refused_naming_file_row_and_column(session, tmp_path, column, value, message):
    bad = list(BARNSLEY_2026)
    bad[HEADER.index(column)] = value
    with pytest.raises(InputError) as caught:
        import_provisional(session, scrape(tmp_path, BARNET_2024, bad))
    error = caught.value
    assert (error.file, error.row, error.column, error.value) == ("scrape.csv", 3, column, value)
    assert message in error.message
    session.rollback()
    assert count(session, Inspection) == 0 and count(session, ImportRun) == 0


def test_skip_bad_rows_reports_and_counts_them_in_the_import_run(session, tmp_path):
    impossible, unknown = list(BARNSLEY_2026), list(BARNSLEY_2026)
    impossible[HEADER.index("inspection_end_date")] = "32/05/2026"
    unknown[HEADER.index("inspection_framework")] = "monitoring"
    report = import_provisional(session, scrape(tmp_path, impossible, BARNET_2024, unknown), skip_bad_rows=True)
    session.commit()

    assert report.inserted == 1 and report.details["bad_rows_skipped"] == 2
    assert [n.split(":")[0] for n in report.notes] == ["bad row skipped", "bad row skipped"]
    assert "row 2, column inspection_end_date" in report.notes[0]
    assert "row 4, column inspection_framework" in report.notes[1]
    run = session.scalars(select(ImportRun)).one()
    assert (run.rows_read, run.inserted, run.rows_skipped) == (3, 1, 2)


def test_official_file_after_provisional_supersedes_it_in_place(session, tmp_path):
    changed = list(BARNET_2024)
    changed[HEADER.index("care_leavers_grade")] = "data_unreadable"
    changed[HEADER.index("help_and_protection_grade")] = "requires improvement"
    import_provisional(session, scrape(tmp_path, changed, BARNSLEY_2026))
    session.commit()
    barnet_id = next(i.id for i in provisional(session) if i.la.name == "Barnet")

    history = outcomes_2025_sheets()["ILACS_inspection_history"]
    report = import_ofsted(session, write_csv(tmp_path / "history.csv", history))
    session.commit()

    assert report.details["superseded_provisional"] == 1
    assert report.inserted == 4 and report.updated == 1  # 5 history rows: Barnet 2024 was already stored
    barnets = [i for i in session.scalars(select(Inspection)) if i.la.name == "Barnet"]
    assert len(barnets) == 2  # 2019 and 2024, no duplicate
    barnet = session.get(Inspection, barnet_id)
    assert barnet.official is True and barnet.report_url == LINK
    assert {j.area: j.grade for j in barnet.judgements} == {
        "overall_effectiveness": Grade.GOOD,
        "leadership": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "children_in_care": Grade.OUTSTANDING,
        "care_leavers": Grade.GOOD,
    }
    fixes = {
        (c.field, c.old_value, c.new_value)
        for c in session.scalars(select(Correction).where(Correction.inspection_id == barnet_id))
    }
    assert fixes == {
        ("official", "provisional", "official"),
        ("help_and_protection", "Requires improvement", "Good"),
        ("care_leavers", "no judgement", "Good"),
    }
    assert any(n.startswith("provisional superseded:") and "Barnet" in n for n in report.notes)
    assert [i.la.name for i in provisional(session)] == ["Barnsley"]


def test_cli_refuses_then_skips_and_status_counts_provisional(sqlite_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    bad = list(BARNSLEY_2026)
    bad[HEADER.index("inspection_framework")] = "joint targeted"
    path = str(scrape(tmp_path, BARNET_2024, bad))

    assert main(["import", "provisional", path]) == 1
    err = capsys.readouterr().err
    assert "file scrape.csv, row 3, column inspection_framework: unknown inspection framework" in err
    assert "Nothing was imported." in err
    assert queries.store_status(sqlite_url)["inspections"] == 0

    assert main(["import", "provisional", path, "--skip-bad-rows"]) == 0
    out = capsys.readouterr().out
    assert "1 inserted" in out and "bad_rows_skipped 1" in out
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["provisional_inspections"] == 1


def test_metrics_count_provisional_rows_unless_told_not_to(sqlite_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    history = write_csv(tmp_path / "history.csv", outcomes_2025_sheets()["ILACS_inspection_history"])
    assert main(["import", "ofsted", str(history)]) == 0
    assert main(["import", "provisional", str(scrape(tmp_path, BARNSLEY_2026))]) == 0
    capsys.readouterr()

    def overall(*extra: str) -> dict:
        assert (
            main(
                ["metrics", "grades", "--as-at", "2026-08-31", "--region", "Yorkshire and The Humber", "--json", *extra]
            )
            == 0
        )
        return json.loads(capsys.readouterr().out)

    # Barnsley's latest overall grade: 2026 (provisional, not graded) or 2023 (official, good); the
    # region's other LA in the file, North Yorkshire, is outstanding either way.
    assert (overall()["not_graded"], overall()["good"]) == (1, 0)
    assert (overall("--exclude-provisional")["not_graded"], overall("--exclude-provisional")["good"]) == (0, 1)


def test_refused_on_a_demo_store(session, tmp_path):
    from data_access.importers.demo import load_demo

    load_demo(session)
    session.commit()
    before = count(session, Inspection)
    with pytest.raises(InputError, match="the store holds demo data"):
        import_provisional(session, scrape(tmp_path, BARNSLEY_2026))
    session.rollback()
    assert count(session, Inspection) == before
