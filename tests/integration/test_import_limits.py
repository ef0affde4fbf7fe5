"""Bounded imports: no file, however crafted, takes the importer past ~300 MB of memory. Each
limit (data_access.settings.ImportLimits, RIA_IMPORT_MAX_*) refuses with one line naming the file
and the limit. The bombs are small files the tests write; the import runs in a child process
under an address-space limit, and its peak resident size is measured."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from data_access import queries
from data_access.importers.common import InputError
from data_access.importers.spreadsheets import read_workbook
from data_access.prepare import prepare
from data_access.settings import ImportLimits, import_limits
from tests.conftest import ROOT
from tests.unit.test_ofsted_importer import outcomes_xlsx

SHEET = "ILACS_inspection_history"  # a sheet the Ofsted importer reads
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def text_row(text: str) -> str:
    cell = f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    return f"<table:table-row>{cell}</table:table-row>"


HEADER_ROW = text_row("Local authority")
DATA_ROW = text_row("x")


def write_ods(path: Path, rows_xml: str, *, member: bytes | None = None) -> Path:
    """An ODS whose one sheet holds `rows_xml` (or whose content.xml is `member`)."""
    content = (
        member
        or (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:spreadsheet>'
            f'<table:table table:name="{SHEET}">{rows_xml}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>"
        ).encode()
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def rows_bomb(path: Path) -> Path:
    """Blank rows repeated 2x10^9 times between two data rows (774 bytes reached 2.8 GB)."""
    blank = '<table:table-row table:number-rows-repeated="2000000000"><table:table-cell/></table:table-row>'
    return write_ods(path, HEADER_ROW + blank + DATA_ROW)


def columns_bomb(path: Path) -> Path:
    """Blank cells repeated 2x10^9 times before a value (tried to allocate ~16 GB)."""
    row = (
        '<table:table-row><table:table-cell table:number-columns-repeated="2000000000"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    return write_ods(path, HEADER_ROW + row)


def deflate_bomb(path: Path, megabytes: int = 150) -> Path:
    """content.xml that unpacks to `megabytes` MB of blanks from a few hundred KB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        with archive.open("content.xml", "w", force_zip64=True) as member:
            member.write(f"<office:document-content {NS}>".encode())
            chunk = b" " * 2**20
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</office:document-content>")
    return path


def ratio_bomb(path: Path) -> Path:
    """A member under the size limit but compressed ~1000 to 1."""
    return write_ods(path, "", member=b"<a>" + b" " * (20 * 2**20) + b"</a>")


def oversized_csv(path: Path, megabytes: int = 51) -> Path:
    """Repeated rows past the file size limit (60 MB was accepted, +331,162 rows, 1.6 GB)."""
    row = b"E08000003,Manchester,North West,2024-01-01,2024-02-01,Standard,Good,Good,Good,Good,Good\n"
    with open(path, "wb") as handle:
        handle.write(b"ONS code,LA name,Region,Inspection date,Publication date,Type,a,b,c,d,e\n")
        handle.write(row * (megabytes * 2**20 // len(row) + 1))
    return path


def long_csv(path: Path, rows: int = 25_000) -> Path:
    """Under the size limit, over the rows limit."""
    with open(path, "w") as handle:
        handle.write("ONS code,LA name\n" + "E08000003,Manchester\n" * rows)
    return path


def wide_csv(path: Path) -> Path:
    with open(path, "w") as handle:
        handle.write("ONS code,LA name\n" + ",".join(["x"] * 600) + "\n")
    return path


def tall_xlsx(path: Path) -> Path:
    """Data in row 1 and row 1,000,000 of an XLSX (openpyxl fills the gap with blank rows)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.cell(row=1, column=1, value="Local authority")
    sheet.cell(row=1_000_000, column=1, value="x")
    workbook.save(path)
    return path


BOMBS = {
    "rows.ods": (rows_bomb, "RIA_IMPORT_MAX_ROWS=20000", f"sheet {SHEET}"),
    "columns.ods": (columns_bomb, "RIA_IMPORT_MAX_COLUMNS=500", f"sheet {SHEET}"),
    "deflate.ods": (deflate_bomb, "RIA_IMPORT_MAX_UNZIPPED_MB=100", "member content.xml unpacks to 150.0 MB"),
    "ratio.ods": (ratio_bomb, "RIA_IMPORT_MAX_ZIP_RATIO=100", "member content.xml is compressed"),
    "big.csv": (oversized_csv, "RIA_IMPORT_MAX_FILE_MB=50", "the file is 51.0 MB"),
    "long.csv": (long_csv, "RIA_IMPORT_MAX_ROWS=20000", "data in row 20001"),
    "wide.csv": (wide_csv, "RIA_IMPORT_MAX_COLUMNS=500", "row 2"),
    "tall.xlsx": (tall_xlsx, "RIA_IMPORT_MAX_ROWS=20000", "data in row 1000000"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_each_limit_refuses_with_one_line_naming_file_and_limit(tmp_path, name):
    make, limit, where = BOMBS[name]
    path = make(tmp_path / name)
    with pytest.raises(InputError) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert message.startswith(f"file {name}") and limit in message and where in message, message
    assert "\n" not in message


# The import as `python -m data_access import ofsted` runs it, in a child whose address space is
# capped (a runaway allocation fails there, not on the machine), reporting its peak resident size
# (VmHWM: ru_maxrss would carry over the forking parent's, Linux keeps it across exec).
CHILD = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
    from data_access.cli import main
    code = main(["import", "ofsted", sys.argv[2]])
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    print(json.dumps({"code": code, "peak_mb": int(status["VmHWM"].split()[0]) / 1024,
                      "virtual_peak_mb": int(status["VmPeak"].split()[0]) / 1024}))
    """
)
# Python, pandas, openpyxl and SQLAlchemy importing a real-sized file peak at ~230 MB of address
# space (VmPeak) and ~120 MB resident here: 1 GB leaves room for them and none for a bomb.
ADDRESS_SPACE = 1024 * 2**20
PEAK_MB = 300


def run_import(store_url: str, path: Path) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ADDRESS_SPACE), str(path)],
        cwd=ROOT,
        env={**__import__("os").environ, "DATABASE_URL": store_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), f"the import died: {done.returncode}\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.mark.parametrize("name", ["rows.ods", "columns.ods", "deflate.ods", "big.csv", "tall.xlsx"])
def test_a_bomb_is_refused_within_300_mb_and_nothing_is_written(sqlite_url, tmp_path, name):
    make, limit, _ = BOMBS[name]
    before = queries.store_status(sqlite_url)
    found, err = run_import(sqlite_url, make(tmp_path / name))
    assert found["code"] == 1, (found, err)
    assert f"file {name}" in err and limit in err, err
    assert "Traceback" not in err
    assert found["peak_mb"] < PEAK_MB, found
    assert queries.store_status(sqlite_url) == before


def test_a_real_sized_import_stays_within_the_same_memory(sqlite_url, tmp_path):
    path = outcomes_xlsx(tmp_path)
    found, err = run_import(sqlite_url, path)
    assert found["code"] == 0, err
    assert found["peak_mb"] < PEAK_MB, found
    assert queries.store_status(sqlite_url)["inspections"] > 0


def test_limits_are_settings_and_a_bad_value_is_named(monkeypatch):
    assert import_limits() == ImportLimits()
    monkeypatch.setenv("RIA_IMPORT_MAX_ROWS", "5")
    assert import_limits().rows == 5 and import_limits().named("rows") == "RIA_IMPORT_MAX_ROWS=5"
    monkeypatch.setenv("RIA_IMPORT_MAX_ROWS", "lots")
    with pytest.raises(SystemExit, match="RIA_IMPORT_MAX_ROWS must be a whole number"):
        import_limits()


def test_a_lowered_limit_refuses_what_the_default_takes(tmp_path, monkeypatch):
    path = long_csv(tmp_path / "some.csv", rows=50)
    assert len(read_workbook(path)[""].rows) == 51
    monkeypatch.setenv("RIA_IMPORT_MAX_ROWS", "40")
    with pytest.raises(InputError, match="RIA_IMPORT_MAX_ROWS=40"):
        read_workbook(path)


def test_prepare_refuses_a_bomb_in_the_data_folder_and_serves_what_the_store_holds(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    folder = tmp_path / "data" / "ofsted"
    folder.mkdir(parents=True)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RIA_DATA_DIR", str(tmp_path / "data"))
    outcomes_xlsx(folder)
    assert prepare(offline=True) == 0
    loaded = queries.store_status(url)
    assert loaded["demo"] is False and loaded["inspections"] > 0
    capsys.readouterr()
    rows_bomb(folder / "zz-bomb.ods")
    assert prepare(offline=True) == 0  # `make run` goes on to serve
    out, err = capsys.readouterr()
    assert "file zz-bomb.ods" in err and "RIA_IMPORT_MAX_ROWS=20000" in err, err
    assert "Serving the real data already in the store." in out
    assert queries.store_status(url) == loaded


def test_peer_challenge_and_intervention_lists_are_bounded_too(tmp_path, sqlite_url):
    from data_access.db import session_scope
    from data_access.importers.peer_challenges import import_peer_challenges

    path = rows_bomb(tmp_path / "peers.ods")
    with pytest.raises(InputError, match="RIA_IMPORT_MAX_ROWS=20000"), session_scope(sqlite_url) as session:
        import_peer_challenges(session, path)
