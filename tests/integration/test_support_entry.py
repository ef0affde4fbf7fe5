"""The support records page: templates, upload -> preview -> apply, one-record forms, soft delete,
the audit trail and its export, and every bad input refused with nothing written.

Each test gets its own demo store (the page writes). Callbacks are called over HTTP where the
browser would (the upload), and through the page's own functions for the pattern-matching form.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import func, select

from data_access import models as m
from data_access import queries
from data_access.cache import store_revision
from data_access.db import session_scope
from data_access.support_records import template_rows
from tests.conftest import build_demo_store
from tests.dash_client import DashClient

LEEDS = "E08000035"
PEER_HEADER = "la,type,start_date,end_date,status,source"
RESULT = "records-apply-result"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from dashboard import create_app

    return create_app(build_demo_store(tmp_path_factory.mktemp("support-entry-app")))


@pytest.fixture
def url(app, tmp_path, monkeypatch):
    """A fresh demo store for this test, which the app (and the page) now reads and writes."""
    from dashboard.context import set_store_url

    store = build_demo_store(tmp_path)
    set_store_url(store)
    monkeypatch.setenv("RIA_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.delenv("RIA_EDITING", raising=False)
    return store


@pytest.fixture
def client(app, url) -> DashClient:
    return DashClient(app)


def _counts(url: str) -> tuple[int, int]:
    """(peer challenges stored, not deleted; audit entries)."""
    with session_scope(url) as session:
        peers = session.scalar(
            select(func.count()).select_from(m.PeerChallenge).where(m.PeerChallenge.deleted_at.is_(None))
        )
        audits = session.scalar(select(func.count()).select_from(m.AuditEntry))
    return peers, audits


def _json(components) -> str:
    return json.dumps(components, cls=PlotlyJSONEncoder)


def _data_url(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def _text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(_text(n) for n in node)
    if hasattr(node, "to_plotly_json"):  # a component, not its JSON
        return _text(getattr(node, "children", None))
    return _text(node.get("props", {}).get("children"))


def _upload(client: DashClient, data: bytes, filename: str, record_type: str = "peer-challenges") -> dict:
    return client.callback(
        "records-token.data...records-preview.children",  # the upload callback
        {"records-upload.contents": _data_url(data), "records-upload-type.value": record_type},
        {"records-upload.filename": filename, "records-token.data": None},
        changed=["records-upload.contents"],
    )


def _apply(client: DashClient, token, record_type: str = "peer-challenges") -> dict:
    return client.callback(
        "records-apply-result.children@",  # the Apply callback (the upload's clears it too)
        {"records-apply.n_clicks": 1},
        {"records-token.data": token, "records-upload-type.value": record_type},
    )


# -- Templates ---------------------------------------------------------------------------------------


def test_templates_are_served_per_record_type(app, url):
    http = app.server.test_client()
    csv_response = http.get("/support/template/interventions.csv")
    assert csv_response.status_code == 200
    assert "interventions-template.csv" in csv_response.headers["Content-Disposition"]
    header, example = template_rows("interventions")
    lines = csv_response.get_data(as_text=True).splitlines()
    assert lines[0] == ",".join(header)
    assert lines[0].startswith("id,la,kind,start_date,end_date,linked_inspection")
    xlsx = http.get("/support/template/programme.xlsx")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["Records", "Allowed values"]
    assert [c.value for c in workbook["Records"][1]] == template_rows("programme")[0]
    assert http.get("/support/template/nonsense.csv").status_code == 404
    assert http.get("/support/template/programme.pdf").status_code == 404


# -- Upload, preview, apply --------------------------------------------------------------------------


def test_a_bad_row_is_shown_in_the_preview_and_nothing_is_written(client, url):
    before = _counts(url)
    data = (
        f"{PEER_HEADER}\nLeeds,Resources peer challenge,2023-03-15,2023-03-16,delivered,\n"
        "Leedz,Early years peer challenge,2023-04-01,2023-04-02,delivered,\n"
    ).encode()
    response = _upload(client, data, "peers.csv")
    token = response["records-token"]["data"]
    assert token and len(token) == 32  # the browser keeps a token, not the file
    assert response["records-upload"]["contents"] is None
    assert response["records-apply"]["disabled"] is True
    preview = _text(response["records-preview"]["children"])
    assert "1 problem found" in preview
    # the error names row 3 (the header is row 1), column la, the value and the closest names
    errors = _text(response["records-preview"]["children"][2])
    assert "3 la Leedz unknown local authority; did you mean: Leeds?" in errors, errors
    assert "1 to create" in preview
    every_row = _text(response["records-preview"]["children"][3])  # every row, with what it would do
    assert "2 create Leeds" in every_row and "3 not saved: 1 problem" in every_row, every_row
    # Apply checks the file again on the server and refuses it all
    applied = _apply(client, token)
    assert "Nothing was saved" in _text(applied[RESULT]["children"])
    assert "row 3, column la" in _text(applied[RESULT]["children"])
    assert _counts(url) == before


def test_a_good_file_is_applied_in_one_go_and_shows_everywhere(client, url):
    revision = store_revision(url)
    peers, audits = _counts(url)
    data = (
        f"{PEER_HEADER}\nLeeds,Resources peer challenge,2023-03-15,2023-03-16,delivered,\n"
        "Wigan,Early years peer challenge,2023-04,,delivered,LGA report\n"
    ).encode()
    response = _upload(client, data, "two peers.csv")
    assert "No problems found: 2 to create, 0 to update, 0 unchanged" in _text(response["records-preview"]["children"])
    assert response["records-apply"]["disabled"] is False
    assert _counts(url) == (peers, audits)  # the preview wrote nothing
    applied = _apply(client, response["records-token"]["data"])
    message = _text(applied[RESULT]["children"])
    assert "Saved from two peers.csv: 2 created, 0 updated, 0 unchanged" in message
    assert applied["records-token"]["data"] is None and applied["records-preview"]["children"] is None
    assert _counts(url) == (peers + 2, audits + 3)  # two creates and the import
    assert store_revision(url) > revision
    stored = queries.peer_challenges(url)
    leeds = stored[(stored["ons_code"] == LEEDS) & (stored["kind"] == "Resources peer challenge")]
    assert list(leeds["start_date"].dt.date) == [date(2023, 3, 15)]
    wigan = stored[stored["kind"].eq("Early years peer challenge") & stored["start_date"].eq("2023-04-01")]
    assert list(wigan["start_precision"]) == ["month"] and list(wigan["source"]) == ["LGA report"]
    # the same token cannot be applied twice (the file is dropped once applied)
    again = _apply(client, response["records-token"]["data"])
    assert "no longer kept" in _text(again[RESULT]["children"])


def test_an_xlsx_template_filled_in_is_previewed_and_applied(client, url):
    from openpyxl import Workbook

    header, _example = template_rows("programme")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    row = {"la": "Wigan", "programme": "Leadership Essentials", "cohort_date": "2019-09", "role": "Lead member"}
    sheet.append([{**row, "participants": 3, "new_to_role": "yes"}.get(name, "") for name in header])
    out = io.BytesIO()
    workbook.save(out)
    response = _upload(client, out.getvalue(), "programme.xlsx", "programme")
    assert "No problems found: 1 to create" in _text(response["records-preview"]["children"])
    applied = _apply(client, response["records-token"]["data"], "programme")
    assert "1 created" in _text(applied[RESULT]["children"])
    stored = queries.programme_participation(url)
    wigan = stored[stored["programme"].eq("Leadership Essentials") & stored["role"].eq("Lead member")]
    assert wigan[["participants", "new_to_role", "cohort_precision"]].values.tolist() == [[3, True, "month"]]


def test_oversize_and_non_spreadsheet_uploads_are_refused(client, url, monkeypatch):
    before = _counts(url)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = _upload(client, png, "peers.csv")
    assert response["records-token"]["data"] is None
    assert "not a spreadsheet" in _text(response["records-preview"]["children"])
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    response = _upload(client, zipped.getvalue(), "peers.xlsx")
    assert "a zip file that is neither XLSX nor ODS" in _text(response["records-preview"]["children"])
    latin = "la,type,start_date,source\nCaf\xe9,Other,2023-01-01,\n".encode("latin-1")
    response = _upload(client, latin, "peers.csv")
    assert "must be UTF-8 text" in _text(response["records-preview"]["children"])
    monkeypatch.setenv("RIA_MAX_REQUEST_BYTES", str(40 * 1024))  # uploads up to (40-16) * 3/4 = 18 KB
    big = (PEER_HEADER + "\n" + "Leeds,Other,2023-01-01,,delivered,x\n" * 1000).encode()
    response = _upload(client, big, "big.csv")
    assert response["records-token"]["data"] is None
    assert "over the upload limit of 18 KB" in _text(response["records-preview"]["children"])
    assert _counts(url) == before


def test_apply_is_refused_when_editing_is_off(client, url, monkeypatch):
    before = _counts(url)
    response = _upload(client, f"{PEER_HEADER}\nLeeds,Other,2023-03-15,,delivered,\n".encode(), "one.csv")
    monkeypatch.setenv("RIA_EDITING", "0")
    applied = _apply(client, response["records-token"]["data"])
    assert "switched off" in _text(applied[RESULT]["children"])
    assert _counts(url) == before


# -- One record: forms -------------------------------------------------------------------------------


def _peer(**changes) -> dict[str, str]:
    values = {
        "la": LEEDS,
        "type": "Corporate capacity peer challenge",
        "focus_themes": "SEND; early help",
        "start_date": "2022-06-07",
        "end_date": "2022-06-09",
        "status": "delivered",
        "follow_up_date": "",
        "lead_peer_organisation": "LGA",
        "public_summary": "Good partnership working",
        "confidential_notes": "Chief executive worried",
        "source": "",
    }
    return values | changes


def test_form_creates_changes_and_soft_deletes_with_an_audit_trail(app, url):
    from dashboard.pages import support_records as page
    from dashboard.support_routes import audit_frame

    peers, audits = _counts(url)
    record_id, message, errors = page.save("peer-challenges", None, _peer())
    assert errors == {} and f"record {record_id} created" in _text(message)
    with session_scope(url) as session:
        stored = session.get(m.PeerChallenge, record_id)
        assert stored.source == f"entered by local user on {date.today().isoformat()}"
        assert stored.confidential_notes == "Chief executive worried"
    # the edit form shows the stored values, never the confidential notes
    fields, status = page.form_for("peer-challenges", record_id)
    assert status == f"Changing record {record_id} (peer challenges and diagnostics)."
    shown = _json(fields)
    assert "Good partnership working" in shown and "Chief executive worried" not in shown
    # change one field, leaving the confidential notes empty: they are kept
    same_id, message, errors = page.save(
        "peer-challenges", record_id, _peer(public_summary="Strong partnership working", confidential_notes="")
    )
    assert same_id == record_id and "changed" in _text(message)
    with session_scope(url) as session:
        stored = session.get(m.PeerChallenge, record_id)
        assert (stored.public_summary, stored.confidential_notes) == (
            "Strong partnership working",
            "Chief executive worried",
        )
    history = audit_frame("peer_challenges", record_id)
    update = history[history["Action"] == "update"]
    assert list(zip(update["Field"], update["Before"], update["After"], strict=True)) == [
        ("public_summary", "Good partnership working", "Strong partnership working")
    ]
    created = history[history["Action"] == "create"].set_index("Field")
    assert created.loc["confidential_notes", "After"] == "(restricted)"
    assert created.loc["kind", "After"] == "Corporate capacity peer challenge"
    # soft delete: gone from the queries, kept in the audit log
    result, is_open, _options, value = page.delete("peer-challenges", record_id)
    assert "deleted" in _text(result) and is_open is False and value == page.NEW
    assert record_id not in set(queries.peer_challenges(url)["id"])
    assert list(audit_frame("peer_challenges", record_id).drop_duplicates("Action")["Action"]) == [
        "create",
        "update",
        "delete",
    ]
    assert _counts(url) == (peers, audits + 3)
    # the history on the record's view, and its export
    assert "restricted" in _json(page.history("peer-challenges", record_id))
    csv = app.server.test_client().get(f"/support/audit.csv?table=peer_challenges&record={record_id}")
    assert csv.status_code == 200
    body = csv.get_data(as_text=True)
    assert "Chief executive worried" not in body and "(restricted)" in body
    assert "public_summary,Good partnership working,Strong partnership working" in body
    xlsx = app.server.test_client().get(f"/support/audit.xlsx?table=peer_challenges&record={record_id}")
    sheet = load_workbook(io.BytesIO(xlsx.data))["Audit log"]
    assert [c.value for c in sheet[1]] == ["When", "Who", "Action", "Table", "Record id", "Field", "Before", "After"]
    assert app.server.test_client().get("/support/audit.csv?table=users").status_code == 400


def test_form_dates_keep_their_precision():
    from dashboard.pages.support_records import form_input

    values = form_input(
        ["2019-05-01", "2019-01-01", "2020-02-03"],
        [{"name": "start_date"}, {"name": "end_date"}, {"name": "follow_up_date"}],
        ["month", "year"],
        [{"name": "start_date"}, {"name": "end_date"}],
    )
    assert values == {"start_date": "2019-05", "end_date": "2019", "follow_up_date": "2020-02-03"}


@pytest.mark.parametrize(
    ("record_type", "values", "field", "reason"),
    [
        ("peer-challenges", _peer(la="Leedz"), "la", "unknown local authority; did you mean: Leeds"),
        ("peer-challenges", _peer(end_date="2022-06-01"), "end_date", "end before start (2022-06-07)"),
        (
            "peer-challenges",
            _peer(start_date=(date.today() + timedelta(days=30)).isoformat(), end_date=""),
            "start_date",
            "delivered but the date is in the future",
        ),
        ("peer-challenges", _peer(type="Coffee morning"), "type", "must be one of"),
        (
            "programme",
            {"la": LEEDS, "programme": "Leadership Essentials", "cohort_date": "2019-09", "role": "DCS"}
            | {"participants": "two"},
            "participants",
            "not a whole number",
        ),
    ],
)
def test_bad_form_input_is_refused_next_to_the_field(url, record_type, values, field, reason):
    from dashboard.pages import support_records as page

    before = _counts(url)
    record_id, message, errors = page.save(record_type, None, values)
    assert record_id is None and "Nothing was saved" in _text(message)
    assert any(reason in e for e in errors[field]), errors
    assert _counts(url) == before


def test_a_duplicate_record_is_refused(url):
    from dashboard.pages import support_records as page

    first, _message, _errors = page.save("peer-challenges", None, _peer())
    before = _counts(url)
    record_id, message, errors = page.save("peer-challenges", None, _peer(public_summary="Other words"))
    assert record_id is None
    assert any(f"duplicate record: stored record {first} has the same" in e for e in errors["start_date"])
    assert _counts(url) == before


def test_form_writes_are_refused_when_editing_is_off(url, monkeypatch):
    from dashboard.pages import support_records as page

    first, _message, _errors = page.save("peer-challenges", None, _peer())
    monkeypatch.setenv("RIA_EDITING", "0")
    before = _counts(url)
    record_id, message, _errors = page.save("peer-challenges", None, _peer(start_date="2021-01-01", end_date=""))
    assert record_id is None and "switched off" in _text(message)
    result, *_rest = page.delete("peer-challenges", first)
    assert "switched off" in _text(result)
    assert _counts(url) == before


def test_the_page_renders_a_record_from_its_address(app, url):
    from dashboard.pages import support_records as page

    record_id, _message, _errors = page.save(
        "programme",
        None,
        {
            "la": LEEDS,
            "programme": "Leadership Essentials",
            "cohort_date": "2019-09",
            "role": "Lead member",
            "participants": "2",
            "new_to_role": "yes",
        },
    )
    http = app.server.test_client()
    assert http.get(f"/support/records?type=programme&id={record_id}").status_code == 200
    layout = _json(page.layout(type="programme", id=str(record_id)))
    assert f"Changing record {record_id} (leadership programme participation)." in layout
    assert '"value": "2019-09-01"' in layout and '"value": "month"' in layout


FUTURE = (date.today() + timedelta(days=40)).isoformat()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("Leeds,Other,2023-03-15,2023-03-01,delivered,", "3 end_date 2023-03-01 end before start (2023-03-15)"),
        (f"Leeds,Other,{FUTURE},,delivered,", f"3 start_date {FUTURE} delivered but the date is in the future"),
        ("Leeds,Other,15 March,,delivered,", "3 start_date 15 March not a date"),
        ("Leeds,Coffee morning,2023-03-15,,delivered,", "3 type Coffee morning must be one of"),
        (
            "Leeds,Other,2023-03-15,,delivered,\nLeeds,Other,2023-03-15,,delivered,",
            "4 start_date 2023-03-15 duplicate record: the same as row 3",
        ),
    ],
)
def test_each_bad_row_in_an_upload_is_named_and_nothing_is_written(client, url, rows, expected):
    before = _counts(url)
    data = f"{PEER_HEADER}\nLeeds,Resources peer challenge,2023-01-10,,delivered,\n{rows}\n".encode()
    response = _upload(client, data, "peers.csv")
    assert response["records-apply"]["disabled"] is True
    assert expected in _text(response["records-preview"]["children"][2])
    applied = _apply(client, response["records-token"]["data"])
    assert "Nothing was saved" in _text(applied[RESULT]["children"])
    assert _counts(url) == before


def test_the_page_is_read_only_when_editing_is_off(app, url, monkeypatch):
    from dashboard.pages import support_records as page

    monkeypatch.setenv("RIA_EDITING", "0")
    layout = _json(page.layout(type="peer-challenges", id="3"))
    assert "switched off on this server (RIA_EDITING=0)" in layout
    section = page.form_section("peer-challenges", 3)
    buttons = {c.id: c.disabled for c in _walk(section) if getattr(c, "id", None) in ("records-save", "records-delete")}
    assert buttons == {"records-save": True, "records-delete": True}


def test_an_address_naming_a_deleted_record_opens_a_new_one(url):
    from dashboard.pages import support_records as page

    page.delete("peer-challenges", 3)
    section = page.form_section("peer-challenges", 3)
    chooser = next(c for c in _walk(section) if getattr(c, "id", None) == "records-form-record")
    assert chooser.value == page.NEW
    status = next(c for c in _walk(section) if getattr(c, "id", None) == "records-form-status")
    assert (
        status.children
        == "There is no stored record 3 of peer challenges and diagnostics (deleted?): adding a new record."
    )


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)
