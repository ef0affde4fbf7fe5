"""Conflicts between Ofsted sources are named, one line each, and decided by edition; repeats are stored once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from data_access.db import get_engine, session_scope
from data_access.grades import Grade
from data_access.importers.common import InputError
from data_access.importers.ofsted import import_ofsted
from data_access.models import Correction, ImportRun, Inspection, InspectionSource, Judgement
from tests.unit.test_ofsted_importer import (
    COVER_2025,
    RI,
    assert_nothing_written,
    count,
    grades_of,
    inspections,
    outcomes_2025_sheets,
    outcomes_xlsx,
    write_xlsx,
)

COVER_2024 = [["Local authority inspection outcomes as at 31 March 2024"]]
CARE_LEAVERS = "M (The experiences and progress of care leavers)"


def older_edition(tmp_path, name: str = "old.xlsx"):
    """The 2025 sheets as a 2024 edition that grades Barnet's 2024 care leavers RI (Ofsted later said Good)."""
    sheets = outcomes_2025_sheets()
    sheets["ILACS_inspection_history"][4][12] = RI
    sheets["Inspections_as_at_31_March"][3][10] = RI
    sheets["In-year_inspections"][3][11] = RI
    return write_xlsx(tmp_path / name, {"Cover": COVER_2024, **sheets})


def barnet_2024(session):
    return inspections(session, "E09000003")[1]


def test_a_later_edition_corrects_an_earlier_one_and_the_conflict_is_one_named_line(session, tmp_path):
    import_ofsted(session, older_edition(tmp_path))
    report = import_ofsted(session, outcomes_xlsx(tmp_path, "new.xlsx"))

    assert grades_of(barnet_2024(session))["care_leavers"] is Grade.GOOD
    # The as-at sheet is read first and corrects the stored RI; the other sheets then agree.
    (line,) = [n for n in report.notes if n.startswith("conflict:")]
    assert line == (
        "conflict: file new.xlsx, sheet Inspections_as_at_31_March, row 4, column K (The experiences and "
        "progress of care leavers): Barnet, ILACS inspection, published 2024-07-23: old 'Requires improvement' "
        "from file old.xlsx, sheet In-year_inspections, row 4, new 'Good'; new value applied: a later "
        "edition (LA inspection outcomes as at 31 March 2025) supersedes an earlier one (LA inspection "
        "outcomes as at 31 March 2024)"
    )
    (correction,) = session.scalars(select(Correction)).all()
    assert (correction.field, correction.old_value, correction.new_value, correction.applied) == (
        "care_leavers",
        "Requires improvement",
        "Good",
        True,
    )
    assert (correction.sheet, correction.row_number) == ("Inspections_as_at_31_March", 4)
    # The stored value's source is the most detailed sheet that gave it (all three old sheets did).
    assert correction.old_source == "file old.xlsx, sheet In-year_inspections, row 4"


def test_an_earlier_edition_imported_after_a_later_one_is_named_and_overruled(session, tmp_path):
    import_ofsted(session, outcomes_xlsx(tmp_path, "new.xlsx"))
    session.commit()  # against the store, in a second transaction
    report = import_ofsted(session, older_edition(tmp_path))

    assert grades_of(barnet_2024(session))["care_leavers"] is Grade.GOOD
    lines = [n for n in report.notes if n.startswith("conflict:")]
    assert [line.split(", column")[0] for line in lines] == [
        "conflict: file old.xlsx, sheet Inspections_as_at_31_March, row 4",
        "conflict: file old.xlsx, sheet In-year_inspections, row 4",
        "conflict: file old.xlsx, sheet ILACS_inspection_history, row 5",
    ]
    for line in lines:
        assert "old 'Good' from file new.xlsx, sheet In-year_inspections, row 4, new 'Requires improvement'" in line
        assert line.endswith(
            "stored value kept: an earlier edition (LA inspection outcomes as at 31 March 2024) does not "
            "overrule a later one (LA inspection outcomes as at 31 March 2025)"
        )
    assert [c.applied for c in session.scalars(select(Correction))] == [False, False, False]


def test_two_rows_of_one_sheet_that_disagree_are_refused_naming_both_rows(session, tmp_path):
    sheets = outcomes_2025_sheets()
    history = sheets["ILACS_inspection_history"]
    copy = list(history[4])  # Barnet 2024, row 5
    copy[12] = RI
    history.append(copy)  # row 9
    path = write_xlsx(tmp_path / "twice.xlsx", {"Cover": COVER_2025, **sheets})

    with pytest.raises(InputError) as caught:
        import_ofsted(session, path)
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == (
        "twice.xlsx",
        "ILACS_inspection_history",
        9,
        CARE_LEAVERS,
    )
    assert "rows 5 and 9 give different values for one inspection" in error.message
    assert "'Good' and 'Requires improvement'" in error.message
    assert_nothing_written(session)


def test_a_row_repeated_word_for_word_is_stored_once_with_one_source_row(session, tmp_path):
    sheets = outcomes_2025_sheets()
    history = sheets["ILACS_inspection_history"]
    history.append(list(history[4]))  # row 9 repeats row 5
    report = import_ofsted(session, write_xlsx(tmp_path / "repeat.xlsx", {"Cover": COVER_2025, **sheets}))

    assert count(session, Inspection) == 7
    sources = [(s.sheet, s.row_number) for s in barnet_2024(session).sources]
    assert sorted(sources) == [
        ("ILACS_inspection_history", 5),
        ("In-year_inspections", 4),
        ("Inspections_as_at_31_March", 4),
    ]
    assert count(session, InspectionSource) == 11  # as without the repeat
    assert report.details["repeated_rows"] == 1
    assert report.notes == [
        "repeated row: file repeat.xlsx, sheet ILACS_inspection_history, row 9 repeats row 5 "
        "(Barnet, ILACS short, published 2024-07-23): stored once"
    ]


def test_reimporting_a_file_with_conflicts_changes_nothing(sqlite_url, tmp_path):
    old, new = older_edition(tmp_path), outcomes_xlsx(tmp_path, "new.xlsx")

    def snapshot():
        with sessionmaker(bind=get_engine(sqlite_url))() as s:
            return (
                count(s, Inspection),
                count(s, Judgement),
                count(s, InspectionSource),
                count(s, Correction),
                count(s, ImportRun),
                sorted((j.area, j.grade) for j in barnet_2024(s).judgements),
            )

    with session_scope(sqlite_url) as s:
        import_ofsted(s, old)
        import_ofsted(s, new)
    before = snapshot()
    with session_scope(sqlite_url) as s:
        assert import_ofsted(s, new).already_imported and import_ofsted(s, old).already_imported
    assert snapshot() == before


def test_cli_prints_each_conflict_and_a_dry_run_shows_the_same_without_writing(
    sqlite_url, tmp_path, capsys, monkeypatch
):
    from data_access.cli import main

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["import", "ofsted", str(older_edition(tmp_path))]) == 0
    capsys.readouterr()
    new = outcomes_xlsx(tmp_path, "new.xlsx")

    assert main(["import", "ofsted", "--dry-run", str(new)]) == 0
    dry = capsys.readouterr().out.splitlines()
    with session_scope(sqlite_url) as s:
        assert count(s, Correction) == 0 and count(s, ImportRun) == 1
    assert main(["import", "ofsted", str(new)]) == 0
    real = capsys.readouterr().out.splitlines()

    assert dry[0].startswith("dry run, would import: new.xlsx")
    assert dry[1:] == real[1:]
    (line,) = real[1:]
    assert line.startswith("  conflict: file new.xlsx, sheet Inspections_as_at_31_March, row 4, column K")
    assert "old 'Requires improvement'" in line and "new 'Good'" in line and "new value applied" in line
    with session_scope(sqlite_url) as s:
        assert count(s, Correction) == 1
        assert grades_of(barnet_2024(s))["care_leavers"] is Grade.GOOD


def test_a_date_corrected_by_a_later_edition_is_named(session, tmp_path):
    older = outcomes_2025_sheets()
    older["ILACS_inspection_history"][6][6] = date(2023, 10, 30)  # Barnsley 2023 published 30 Oct, not 27
    older["Inspections_as_at_31_March"][5][5] = date(2023, 10, 30)
    import_ofsted(session, write_xlsx(tmp_path / "old.xlsx", {"Cover": COVER_2024, **older}))
    report = import_ofsted(session, outcomes_xlsx(tmp_path, "new.xlsx"))

    standard = inspections(session, "E08000016")[0]
    assert standard.published_date == date(2023, 10, 27)
    as_at, history = [n for n in report.notes if n.startswith("conflict:")]
    # The as-at sheet's publication date is an optional column: it names the conflict but does not decide it.
    assert as_at.startswith(
        "conflict: file new.xlsx, sheet Inspections_as_at_31_March, row 6, column F (Publication date): "
        "Barnsley, ILACS inspection, published 2023-10-27: old '2023-10-30'"
    )
    assert "stored value kept: sheet Inspections_as_at_31_March does not always give this column" in as_at
    assert history.startswith(
        "conflict: file new.xlsx, sheet ILACS_inspection_history, row 7, column G (Publication date): "
        "Barnsley, ILACS standard, published 2023-10-27: old '2023-10-30'"
    )
    assert "new '2023-10-27'; new value applied: a later edition" in history


def test_two_sheets_of_one_file_giving_different_grades_are_refused(session, tmp_path):
    sheets = outcomes_2025_sheets()
    sheets["Inspections_as_at_31_March"][3][10] = RI  # Barnet 2024 care leavers; the other sheets say Good
    with pytest.raises(InputError) as caught:
        import_ofsted(session, write_xlsx(tmp_path / "sheets.xlsx", {"Cover": COVER_2025, **sheets}))
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == (
        "sheets.xlsx",
        "In-year_inspections",
        4,
        "L (The experiences and progress of care leavers)",
    )
    assert error.message.startswith(
        "sheet Inspections_as_at_31_March row 4 and sheet In-year_inspections row 4 give different values "
        "for one inspection (Barnet, ILACS short, published 2024-07-23): 'Requires improvement' and 'Good'"
    )
    assert_nothing_written(session)


def test_two_sheets_of_one_file_a_day_apart_on_a_date_are_named_and_the_more_detailed_wins(session, tmp_path):
    sheets = outcomes_2025_sheets()
    sheets["Inspections_as_at_31_March"][5][4] = date(2023, 9, 12)  # Barnsley inspected 11 September
    report = import_ofsted(session, write_xlsx(tmp_path / "dates.xlsx", {"Cover": COVER_2025, **sheets}))

    assert inspections(session, "E08000016")[0].inspection_date == date(2023, 9, 11)
    (line,) = report.notes
    assert line == (
        "conflict: file dates.xlsx, sheet ILACS_inspection_history, row 7, column F (Inspection date): "
        "Barnsley, ILACS standard, published 2023-10-27: old '2023-09-12' from file dates.xlsx, sheet "
        "Inspections_as_at_31_March, row 6, new '2023-09-11'; new value applied: same edition (LA inspection "
        "outcomes as at 31 March 2025): sheet ILACS_inspection_history is the more detailed one"
    )


def test_corrections_are_stored_and_read_back_on_each_store(store_url, tmp_path):
    from data_access import queries

    with session_scope(store_url) as s:
        import_ofsted(s, older_edition(tmp_path))
        import_ofsted(s, outcomes_xlsx(tmp_path, "new.xlsx"))
    found = queries.corrections(store_url)
    assert found[["la_name", "field", "old_value", "new_value", "applied", "file_name", "row_number"]].to_dict(
        "records"
    ) == [
        {
            "la_name": "Barnet",
            "field": "care_leavers",
            "old_value": "Requires improvement",
            "new_value": "Good",
            "applied": True,
            "file_name": "new.xlsx",
            "row_number": 4,
        }
    ]
