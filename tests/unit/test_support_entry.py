"""The pieces of record entry that need no app: what counts as a spreadsheet upload, how big one
may be, the server-side keeping of uploads, and the audit log read field by field."""

from __future__ import annotations

import io
import os
import time
import zipfile
from datetime import date, datetime

import pandas as pd
import pytest

from dashboard import uploads
from dashboard.editing import may_edit
from data_access.importers.common import InputError
from data_access.support_entry import audit_changes, check_upload, upload_limit_bytes, upload_name, who_entered
from data_access.support_records import template_bytes


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_spreadsheets_are_told_by_their_content():
    assert check_upload(template_bytes("programme", "xlsx"), "anything.bin") == "xlsx"
    assert check_upload(template_bytes("programme", "csv"), "records.csv") == "csv"
    assert check_upload("\ufeffla,kind\nLeeds,Other\n".encode(), "records.txt") == "csv"
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert check_upload(ods, "records.ods") == "ods"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (_zip({"word/document.xml": b"<w/>"}), "records.xlsx", "a zip file that is neither XLSX nor ODS"),
        (b"PK\x03\x04 not really a zip", "records.xlsx", "a zip file that is neither XLSX nor ODS"),
        (b"la,kind\nLeeds,Other\n", "records.xlsx", "not a valid XLSX file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "records.csv", "a CSV must be UTF-8 text"),
        ("la\nSaint-\xc9tienne\n".encode("cp1252"), "records.csv", "a CSV must be UTF-8 text"),
        (b"la\x00kind\n", "records.csv", "not plain text"),
        (b"", "records.csv", "the file is empty"),
    ],
)
def test_anything_else_is_refused_with_its_reason(data, name, reason):
    with pytest.raises(InputError) as refused:
        check_upload(data, name)
    assert reason in refused.value.message


def test_the_upload_limit_is_the_smaller_of_the_file_and_request_limits(monkeypatch):
    monkeypatch.setenv("RIA_IMPORT_MAX_FILE_MB", "50")
    monkeypatch.setenv("RIA_MAX_REQUEST_BYTES", str(1_048_576))
    assert upload_limit_bytes() == (1_048_576 - 16 * 1024) * 3 // 4 == 774_144
    monkeypatch.setenv("RIA_MAX_REQUEST_BYTES", str(8 * 2**20))
    monkeypatch.setenv("RIA_IMPORT_MAX_FILE_MB", "1")
    assert upload_limit_bytes() == 2**20
    too_big = b"la\n" + b"Leeds\n" * (2**20 // 6 + 1)
    with pytest.raises(InputError) as refused:
        check_upload(too_big, "big.csv")
    assert refused.value.message.startswith("the file is 1.0 MB, over the upload limit of 1.0 MB")


def test_upload_names_are_made_safe():
    assert upload_name("../../etc/passwd", "csv") == "passwd.csv"
    assert upload_name("Peer challenges 2024 (final).xlsx", "xlsx") == "Peer challenges 2024 _final_.xlsx"
    assert upload_name("", "ods") == "upload.ods"


def test_uploads_are_kept_by_token_and_expire(tmp_path, monkeypatch):
    monkeypatch.setenv("RIA_UPLOAD_DIR", str(tmp_path))
    token = uploads.keep(b"la\nLeeds\n", "peers.csv")
    assert len(token) == 32
    kept = uploads.path(token)
    assert kept.name == "peers.csv" and kept.read_bytes() == b"la\nLeeds\n"
    assert uploads.path("../" + token) is None and uploads.path(None) is None and uploads.path("0" * 32) is None
    old = time.time() - uploads.EXPIRY_SECONDS - 5
    os.utime(tmp_path / token, (old, old))
    assert uploads.path(token) is None and not (tmp_path / token).exists()
    other = uploads.keep(b"x", "x.csv")
    uploads.forget(other)
    assert uploads.path(other) is None


def test_no_more_than_max_files_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RIA_UPLOAD_DIR", str(tmp_path))
    monkeypatch.setattr(uploads, "MAX_FILES", 3)
    tokens = []
    for i in range(5):
        tokens.append(uploads.keep(b"x", "x.csv"))
        os.utime(tmp_path / tokens[-1], (time.time() - 100 + i, time.time() - 100 + i))
    assert [uploads.path(t) is not None for t in tokens] == [False, False, True, True, True]


def test_editing_is_on_unless_switched_off(monkeypatch):
    monkeypatch.delenv("RIA_EDITING", raising=False)
    assert may_edit() and may_edit("north-west")
    monkeypatch.setenv("RIA_EDITING", "0")
    assert not may_edit()
    assert who_entered(date(2026, 12, 3)) == "entered by local user on 2026-12-03"


def test_the_audit_log_reads_field_by_field():
    log = pd.DataFrame(
        [
            [
                1,
                datetime(2026, 1, 2, 10, 0),
                "me",
                "create",
                "peer_challenges",
                7,
                None,
                {"id": 7, "kind": "Other", "confidential_notes": "(restricted)", "import_run_id": None},
            ],
            [
                2,
                datetime(2026, 1, 3, 11, 30),
                "you",
                "update",
                "peer_challenges",
                7,
                {"id": 7, "kind": "Other", "confidential_notes": "(restricted)"},
                {"id": 7, "kind": "Safeguarding diagnostic", "confidential_notes": "(restricted)"},
            ],
            [
                3,
                datetime(2026, 1, 4, 9, 0),
                "me",
                "import",
                "peer_challenges",
                None,
                None,
                {"file": "a.csv", "created": 2},
            ],
        ],
        columns=["id", "at", "who", "action", "table_name", "record_id", "before", "after"],
    )
    frame = audit_changes(log)
    assert frame.values.tolist() == [
        ["2026-01-02 10:00:00", "me", "create", "peer_challenges", 7, "kind", "", "Other"],
        ["2026-01-02 10:00:00", "me", "create", "peer_challenges", 7, "confidential_notes", "", "(restricted)"],
        ["2026-01-03 11:30:00", "you", "update", "peer_challenges", 7, "kind", "Other", "Safeguarding diagnostic"],
        ["2026-01-04 09:00:00", "me", "import", "peer_challenges", "", "file", "", "a.csv"],
        ["2026-01-04 09:00:00", "me", "import", "peer_challenges", "", "created", "", "2"],
    ]
