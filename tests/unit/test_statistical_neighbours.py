"""The statistical neighbour importer on small workbooks written here: a good one, each kind of bad
input refused naming file, sheet, row and column with nothing written, re-imports unchanged, and
former authorities mapped to their successors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from data_access.cli import main
from data_access.importers.common import InputError
from data_access.importers.statistical_neighbours import import_statistical_neighbours, model_month
from data_access.models import ImportRun, StatisticalNeighbour, StatisticalNeighbourModel
from data_access.reference.local_authorities import LOCAL_AUTHORITIES

HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    text for k in range(1, 11) for text in (f"SN{k}", "SNP")
]
BY_DFE = {la.dfe_code: la for la in LOCAL_AUTHORITIES}
MANCHESTER = ["352", "380", "330", "391", "308", "371", "355", "806", "852", "309", "353"]
SALFORD = ["355", "352", "353", "354", "356", "357", "358", "359", "350", "351", "909"]  # 909: Cumbria (former)
BANDS = ["Very Close", "Very close", "Close", "Close", "Somewhat close"] + ["Not Close"] * 5


def la_row(codes: list[str], bands: list[str] | None = None) -> list:
    """One LA's row: its code, name, region, then each neighbour's code (as a number) and band."""
    own = BY_DFE[codes[0]]
    bands = bands or BANDS
    cells = [int(own.dfe_code), own.name, int(own.dfe_code), 2, "North West"]
    for code, band in zip(codes[1:], bands, strict=True):
        cells += [int(code) if code.isdigit() else code, band]
    return cells


def write_workbook(path: Path, rows: list[list], header: list[str] | None = None) -> Path:
    """DfE's layout: two label rows, the header, then one row per LA, on sheet 'LA SN Groups'."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LA SN Groups"
    sheet.append(["A", "B", "C", "D", "E"])
    sheet.append(list(range(1, 26)))
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def good_workbook(folder: Path, name: str = "sn_may_2025.xlsx") -> Path:
    return write_workbook(folder / name, [la_row(MANCHESTER), la_row(SALFORD)])


def counts(session) -> tuple[int, int, int]:
    def n(model):
        return session.scalar(select(func.count()).select_from(model))

    return n(StatisticalNeighbourModel), n(StatisticalNeighbour), n(ImportRun)


def neighbours_of(session, dfe_code: str) -> list[tuple[int, str, str, str | None]]:
    from data_access.models import LocalAuthority

    la = session.scalars(select(LocalAuthority).where(LocalAuthority.dfe_code == dfe_code)).one()
    rows = session.scalars(select(StatisticalNeighbour).where(StatisticalNeighbour.la_id == la.id))
    names = {x.id: x.name for x in session.scalars(select(LocalAuthority))}
    return sorted((r.rank, names[r.neighbour_la_id], r.closeness, r.via_ons_code) for r in rows)


def test_a_good_workbook_gives_one_model_with_ranked_neighbours_and_bands(session, tmp_path):
    report = import_statistical_neighbours(session, good_workbook(tmp_path))
    session.commit()
    model = session.scalars(select(StatisticalNeighbourModel)).one()
    assert (model.name, model.applies_from, model.applies_to) == (
        "DfE children's services statistical neighbours, May 2025",
        date(2025, 5, 1),
        None,
    )
    manchester = neighbours_of(session, "352")
    assert [r[:3] for r in manchester[:3]] == [
        (1, "Bradford", "Very close"),
        (2, "Birmingham", "Very close"),
        (3, "Newcastle upon Tyne", "Close"),
    ]
    assert len(manchester) == 10 and manchester[-1][:3] == (10, "Oldham", "Not close")
    # Salford's 10th neighbour is Cumbria (abolished 2023): stored as both its successors, rank 10.
    salford = neighbours_of(session, "355")
    assert salford[-2:] == [
        (10, "Cumberland", "Not close", "E10000006"),
        (10, "Westmorland and Furness", "Not close", "E10000006"),
    ]
    assert len(salford) == 11
    assert (report.rows_read, report.inserted) == (2, 21)
    assert report.details == {"neighbours_via_former_la": 2}


def test_re_importing_the_same_file_changes_nothing(session, tmp_path):
    path = good_workbook(tmp_path)
    import_statistical_neighbours(session, path)
    session.commit()
    before = counts(session)
    again = import_statistical_neighbours(session, path)
    session.commit()
    assert again.already_imported and "nothing to change" in again.summary()
    assert counts(session) == before == (1, 21, 1)


def test_a_later_model_closes_the_earlier_one_the_day_before_it_starts(session, tmp_path):
    import_statistical_neighbours(session, good_workbook(tmp_path, "sn_may_2025.xlsx"))
    older = write_workbook(tmp_path / "sn_april_2021.xlsx", [la_row(MANCHESTER)])
    import_statistical_neighbours(session, older)
    session.commit()
    models = {m.name[-10:]: (m.applies_from, m.applies_to) for m in session.scalars(select(StatisticalNeighbourModel))}
    assert models == {
        "April 2021": (date(2021, 4, 1), date(2025, 4, 30)),
        ", May 2025": (date(2025, 5, 1), None),
    }


def test_the_month_comes_from_the_file_name_or_must_be_given(session, tmp_path):
    assert model_month(Path("dfe_statistical_neighbours_april_2021.xlsx")) == date(2021, 4, 1)
    assert model_month(Path("sn-Sept-2019.xlsx")) == date(2019, 9, 1)
    path = good_workbook(tmp_path, "neighbours.xlsx")
    with pytest.raises(InputError, match="give --applies-from"):
        import_statistical_neighbours(session, path)
    import_statistical_neighbours(session, path, applies_from=date(2024, 1, 1), applies_to=date(2024, 12, 31))
    model = session.scalars(select(StatisticalNeighbourModel)).one()
    assert (model.name[-12:], model.applies_from, model.applies_to) == (
        "January 2024",
        date(2024, 1, 1),
        date(2024, 12, 31),
    )


def refused(session, path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        import_statistical_neighbours(session, path)
    session.rollback()
    assert counts(session) == (0, 0, 0)
    return caught.value


def test_a_missing_neighbour_column_is_refused_naming_it(session, tmp_path):
    header = list(HEADER)
    header[HEADER.index("SN4")] = "Neighbour 4"
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(MANCHESTER)], header))
    assert (error.file, error.sheet, error.row, error.column) == ("sn_may_2025.xlsx", "LA SN Groups", 3, "SN4")
    assert "lacks a required column" in error.message


def test_a_missing_closeness_column_is_refused(session, tmp_path):
    header = list(HEADER)
    header[HEADER.index("SN7") + 1] = "Notes"
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(MANCHESTER)], header))
    assert (error.row, error.column) == (3, "SNP after SN7")


def test_an_unknown_la_code_is_refused_naming_the_cell(session, tmp_path):
    codes = list(MANCHESTER)
    codes[3] = "999"
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(SALFORD), la_row(codes)]))
    assert (error.sheet, error.row, error.column, error.value) == ("LA SN Groups", 5, "J (SN3)", "999")
    assert "unknown LA code" in error.message


def test_an_la_listed_as_its_own_neighbour_is_refused(session, tmp_path):
    codes = list(MANCHESTER)
    codes[5] = "352"
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(codes)]))
    assert (error.row, error.column, error.value) == (4, "N (SN5)", "352")
    assert "Manchester is listed as its own neighbour" in str(error)


def test_an_unknown_band_and_differing_repeats_are_refused(session, tmp_path):
    bands = list(BANDS)
    bands[1] = "Nearby"
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(MANCHESTER, bands)]))
    assert (error.row, error.column, error.value) == (4, "I (SNP after SN2)", "Nearby")
    other = la_row(MANCHESTER, ["Close"] * 10)
    error = refused(session, write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(MANCHESTER), other]))
    assert error.row == 5 and "rows 4 and 5" in error.message


def test_rows_of_former_las_and_rows_without_neighbours_are_not_stored(session, tmp_path):
    cumbria = la_row(["909", "925", "926", "830", "891", "860", "885", "935", "940", "893", "878"])
    empty = la_row(["942"] + ["-"] * 10, ["-"] * 10)
    repeat = la_row(MANCHESTER)
    path = write_workbook(tmp_path / "sn_may_2025.xlsx", [la_row(MANCHESTER), cumbria, empty, repeat])
    report = import_statistical_neighbours(session, path)
    assert counts(session)[1] == 10
    assert report.details == {"former_la_rows_skipped": 1, "repeated_rows": 1}
    assert any("row 6: no neighbours given" in note for note in report.notes)


def test_the_command_imports_reports_and_counts_models(sqlite_url, tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    path = good_workbook(tmp_path)
    assert main(["import", "statistical-neighbours", str(path)]) == 0
    assert "21 inserted" in capsys.readouterr().out
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["statistical_neighbour_models"] == 1
    bad = write_workbook(tmp_path / "sn_june_2025.xlsx", [la_row(["352"] + MANCHESTER[1:5] + ["352"] + MANCHESTER[6:])])
    assert main(["import", "statistical-neighbours", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "file sn_june_2025.xlsx, sheet LA SN Groups, row 4, column N (SN5)" in err
    assert "Nothing was imported." in err


def test_an_import_raises_the_store_revision_and_a_repeat_does_not(sqlite_url, tmp_path):
    from data_access.db import get_engine, session_scope
    from data_access.revision import read_revision

    def revision() -> int:
        with get_engine(sqlite_url).connect() as connection:
            return read_revision(connection)

    path = good_workbook(tmp_path)
    before = revision()
    with session_scope(sqlite_url) as session:
        import_statistical_neighbours(session, path)
    after = revision()
    with session_scope(sqlite_url) as session:
        import_statistical_neighbours(session, path)
    assert after == before + 1 and revision() == after
