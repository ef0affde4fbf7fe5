"""Strict where it matters: renamed columns, names that do not fit their codes, impossible ODS dates,
part-dates, disagreeing repeated records and other CSV separators are refused, naming the place."""

from __future__ import annotations

import zipfile
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from data_access.importers.common import InputError
from data_access.importers.interventions import import_interventions
from data_access.importers.ofsted import import_ofsted
from data_access.importers.peer_challenges import import_peer_challenges
from data_access.models import Intervention, PeerChallenge
from tests.unit.test_ofsted_importer import (
    COVER_2025,
    assert_nothing_written,
    grades_of,
    inspections,
    outcomes_2025_sheets,
    write_csv,
    write_ods,
    write_xlsx,
)

LEADERSHIP = "The impact of leaders on social work practice with children and families"


def outcomes(tmp_path, name: str, sheets: dict):
    return write_xlsx(tmp_path / name, {"Cover": COVER_2025, **sheets})


# -- Expected columns ---------------------------------------------------------------------------


def test_a_renamed_leadership_column_is_refused_though_another_sheet_has_the_grades(session, tmp_path):
    sheets = outcomes_2025_sheets()
    sheets["ILACS_inspection_history"][2][9] = "Leaders"
    with pytest.raises(InputError, match="lacks an expected column") as caught:
        import_ofsted(session, outcomes(tmp_path, "renamed.xlsx", sheets))
    error = caught.value
    assert (error.file, error.sheet, error.row, error.column) == (
        "renamed.xlsx",
        "ILACS_inspection_history",
        3,
        LEADERSHIP,
    )
    assert_nothing_written(session)


def test_a_missing_judgement_column_of_a_csv_sheet_is_refused(session, tmp_path):
    rows = [[v for i, v in enumerate(row) if i != 11] for row in outcomes_2025_sheets()["ILACS_inspection_history"]]
    with pytest.raises(InputError, match="lacks an expected column") as caught:
        import_ofsted(session, write_csv(tmp_path / "history.csv", rows))
    assert (caught.value.sheet, caught.value.row, caught.value.column) == (
        "ILACS_inspection_history",
        3,
        "The experiences and progress of children in care",
    )
    assert_nothing_written(session)


# -- LA names and codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("https://reports.ofsted.gov.uk/","Barnsley")', "Leeds"], ids=["formula", "another-la"]
)
def test_a_name_that_does_not_fit_its_code_is_refused_with_both_values(session, tmp_path, name):
    rows = outcomes_2025_sheets()["ILACS_inspection_history"]
    rows[6][2] = name  # row 7: E08000016 is Barnsley
    with pytest.raises(InputError) as caught:
        import_ofsted(session, write_csv(tmp_path / "names.csv", rows))
    assert str(caught.value) == (
        "file names.csv, sheet ILACS_inspection_history, row 7, column C (Local authority name): local authority "
        f"name does not match its code E08000016 (Barnsley) (value: {name!r})"
    )
    assert_nothing_written(session)


def test_name_variants_and_recoded_authorities_still_fit_their_codes(session, tmp_path):
    sheets = outcomes_2025_sheets()
    history = sheets["ILACS_inspection_history"]
    row = list(history[6])
    row[1:3] = ["E06000023", "Bristol, City of"]
    history.append(row)
    # North Yorkshire under its old county code (E10000023) is the fixture's own recode case.
    import_ofsted(session, outcomes(tmp_path, "variants.xlsx", sheets))
    assert len(inspections(session, "E06000023")) == 1
    assert len(inspections(session, "E06000065")) == 1


# -- ODS date cells -----------------------------------------------------------------------------


def test_an_impossible_date_in_an_ods_date_cell_names_sheet_row_and_column(session, tmp_path):
    path = write_ods(tmp_path / "dates.ods", {"Cover": COVER_2025, **outcomes_2025_sheets()})
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    content = members["content.xml"].decode()
    assert content.count('office:date-value="2023-09-11"') == 2  # Barnsley, as-at row 6 and history row 7
    members["content.xml"] = content.replace(
        'office:date-value="2023-09-11"', 'office:date-value="2023-02-31"'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    with pytest.raises(InputError) as caught:
        import_ofsted(session, path)
    assert str(caught.value) == (
        "file dates.ods, sheet Inspections_as_at_31_March, row 6, column E: impossible date in a date cell "
        "(value: '2023-02-31')"
    )
    assert_nothing_written(session)


# -- Peer challenges and interventions ----------------------------------------------------------


def peer_csv(tmp_path, text: str, name: str = "peer.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("value", ["2024-06-07garbage", "2024-06-07 12:30", "2024-06", "07/06/2024x"])
def test_peer_challenge_dates_must_be_whole_dates(session, tmp_path, value):
    path = peer_csv(tmp_path, f"la,kind,start_date\nLeeds,Diagnostic,{value}\n")
    with pytest.raises(InputError, match="not a date") as caught:
        import_peer_challenges(session, path)
    assert (caught.value.row, caught.value.column, caught.value.value) == (2, "start_date", value)


def test_intervention_dates_must_be_whole_dates(session, tmp_path):
    path = peer_csv(tmp_path, "la,kind,start_date,end_date\nSlough,Improvement notice,2020-01-01,2021-03-31x\n")
    with pytest.raises(InputError, match="not a date") as caught:
        import_interventions(session, path)
    assert (caught.value.row, caught.value.column) == (2, "end_date")


def test_spreadsheet_date_cells_are_whole_dates(session, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["la", "kind", "start_date"])
    sheet.append(["Leeds", "Diagnostic", date(2024, 6, 7)])
    workbook.save(tmp_path / "peer.xlsx")
    import_peer_challenges(session, tmp_path / "peer.xlsx")
    assert session.scalars(select(PeerChallenge.start_date)).all() == [date(2024, 6, 7)]


def test_a_repeated_peer_challenge_with_different_values_is_refused_naming_both_rows(session, tmp_path):
    path = peer_csv(
        tmp_path,
        "la,kind,start_date,end_date,focus\n"
        "Leeds,Diagnostic,2024-05-01,2024-05-03,Front door\n"
        "Leeds,Diagnostic,2024-05-01,2024-05-03,Care leavers\n",
    )
    with pytest.raises(InputError) as caught:
        import_peer_challenges(session, path)
    assert str(caught.value) == (
        "file peer.csv, row 3, column focus: rows 2 and 3 are the same kind and start_date for Leeds with "
        "different values: 'Front door' and 'Care leavers'"
    )
    session.rollback()
    assert session.scalars(select(PeerChallenge)).all() == []


def test_a_repeated_identical_peer_challenge_is_stored_once(session, tmp_path):
    row = "Leeds,Diagnostic,2024-05-01,2024-05-03,Front door\n"
    report = import_peer_challenges(session, peer_csv(tmp_path, "la,kind,start_date,end_date,focus\n" + row + row))
    assert (report.inserted, report.details["repeated_rows"]) == (1, 1)
    assert report.notes == ["repeated row: file peer.csv, row 3 repeats row 2: stored once"]
    assert len(session.scalars(select(PeerChallenge)).all()) == 1


# -- CSV separators and byte-order marks --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "la;kind;start_date;end_date;note\nSlough;Children's services trust;2015-10-01;;Trust, then council\n",
            "utf-8",
        ),
        ("la,kind,start_date\nSlough,Children's services trust,2015-10-01\n", "utf-8-sig"),
        ("la;kind;start_date\nSlough;Children's services trust;2015-10-01\n", "utf-8-sig"),
        ("la\tkind\tstart_date\nSlough\tChildren's services trust\t2015-10-01\n", "utf-8"),
    ],
    ids=["semicolon", "bom", "bom-and-semicolon", "tab"],
)
def test_record_csv_with_semicolons_tabs_or_a_byte_order_mark_is_read(session, tmp_path, text, encoding):
    report = import_interventions(session, peer_csv(tmp_path, text, "interventions.csv", encoding))
    assert report.inserted == 1
    (intervention,) = session.scalars(select(Intervention)).all()
    # The older label is stored as today's.
    assert (intervention.kind, intervention.start_date) == ("Alternative delivery model / trust", date(2015, 10, 1))


def test_ofsted_csv_with_semicolons_and_a_byte_order_mark_is_read(session, tmp_path):
    rows = outcomes_2025_sheets()["ILACS_inspection_history"]
    text = "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows) + "\n"
    path = tmp_path / "history.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    report = import_ofsted(session, path)
    assert report.inserted == 5
    (barnsley,) = inspections(session, "E08000016")
    assert barnsley.published_date == date(2023, 10, 27)
    assert grades_of(barnsley)["help_and_protection"].value == "requires_improvement"


def test_a_csv_that_is_not_understood_says_which_separator_was_found(session, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name;score\nalice;3\nbob;4\n")
    with pytest.raises(InputError) as caught:
        import_ofsted(session, path)
    assert str(caught.value) == (
        "file other.csv: not an Ofsted LA inspections file: no known header row in the first 40 rows "
        "(read as semicolon-separated)"
    )
    path.write_text("kind;start_date\nDiagnostic;2024-05-01\n")
    with pytest.raises(InputError) as caught:
        import_peer_challenges(session, path)
    assert str(caught.value) == (
        "file other.csv, sheet (csv, semicolon-separated), column la: missing column 'la' "
        "(LA name, ONS code or DfE code)"
    )
