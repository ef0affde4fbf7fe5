"""/support/records in the browser: download a template, upload it with one bad row, see the
preview name the row and column, upload the fixed file, apply, and find the record on the LA's
profile. The app here has a store of its own (this test writes to it)."""

from __future__ import annotations

import csv
import io
import os

import pytest

from dashboard import fast_paths
from tests.browser.conftest import goto, require_chromium, wait_for_dash_idle
from tests.browser.test_accessibility import assert_no_blocking, run_axe
from tests.conftest import build_demo_store
from tests.live_server import live_server

pytestmark = pytest.mark.browser

LEEDS = "E08000035"


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory):
    """A server of its own on a fresh demo store, so the records written here touch no other test."""
    require_chromium()
    store = build_demo_store(tmp_path_factory.mktemp("support-entry-browser"))
    setting = {
        fast_paths.SETTING: os.environ.get(fast_paths.SETTING, "1"),
        "RIA_UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        "RIA_MAX_REQUEST_BYTES": str(64 * 1024),  # uploads up to (64 - 16) * 3/4 = 36 KB
    }
    with live_server(store, extra_env=setting) as running:
        yield running.url


def _csv(header: list[str], la: str) -> bytes:
    values = {
        "la": la,
        "type": "Resources peer challenge",
        "focus_themes": "SEND; finance",
        "start_date": "2023-03-15",
        "end_date": "2023-03-16",
        "status": "delivered",
        "lead_peer_organisation": "Local Government Association",
        "public_summary": "Budget plans credible",
        "source": "entered by the browser test",
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([values.get(name, "") for name in header])
    return out.getvalue().encode()


def _upload(page, data: bytes) -> None:
    page.set_input_files(
        "#records-upload input[type=file]", files=[{"name": "peers.csv", "mimeType": "text/csv", "buffer": data}]
    )


def test_upload_preview_fix_apply_and_see_it_on_the_profile(context, writable_url, tmp_path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    goto(page, writable_url + "/support/records", charts=False)
    assert page.locator("h1").first.text_content() == "Support records"

    # the template, as a person downloads it
    with page.expect_download() as download_info:
        page.click("#records-template-csv")
    download = download_info.value
    assert download.suggested_filename == "peer-challenges-template.csv"
    with open(download.path(), encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:5] == ["id", "la", "type", "focus_themes", "start_date"]

    # one bad row: the preview names its row, column, value and the closest LA names; no Apply
    _upload(page, _csv(header, "Leedz"))
    page.wait_for_selector("#records-errors-table")
    wait_for_dash_idle(page)
    cells = page.locator("#records-errors-table tbody tr").first.locator("td").all_text_contents()
    assert cells[:3] == ["2", "la", "Leedz"]
    assert "unknown local authority" in cells[3] and "Leeds" in cells[4]
    assert "1 problem found" in page.text_content("#records-preview-summary")
    assert page.is_disabled("#records-apply")
    assert_no_blocking(run_axe(page, "/support/records with a preview's problems"), "preview")

    # the fixed file: no problems, one to create; Apply saves it
    _upload(page, _csv(header, "Leeds"))
    page.wait_for_function(
        "() => /No problems found: 1 to create/.test("
        "(document.getElementById('records-preview-summary') || {}).textContent || '')"
    )
    assert page.locator("#records-errors-table").count() == 0
    page.click("#records-apply")
    page.wait_for_selector("#records-applied")
    assert "1 created, 0 updated, 0 unchanged" in page.text_content("#records-applied")
    assert page.is_disabled("#records-apply")

    # the LA's profile shows it
    goto(page, f"{writable_url}/la/{LEEDS}", charts=None)
    section = page.locator("#authority-peer-challenges")
    section.wait_for()
    rows = section.locator("tbody tr").all_text_contents()
    assert any("Resources peer challenge" in row and "15 March 2023" in row for row in rows), rows
    assert errors == [], errors
    page.close()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(context, writable_url):
    page = context.new_page()
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if "_dash-update" in request.url else None)
    goto(page, writable_url + "/support/records", charts=False)
    assert "(up to 36 KB)" in page.text_content("#records-upload")
    wait_for_dash_idle(page)
    sent.clear()
    big = b"la,type,start_date\n" + b"Leeds,Other,2023-01-01\n" * 2000  # 46,019 bytes: 45 KB
    _upload(page, big)
    message = page.locator("#records-upload-client-message")
    message.wait_for()
    page.wait_for_function(
        "() => /too large/.test(document.getElementById('records-upload-client-message').textContent)"
    )
    assert "peers.csv is too large to upload (45 KB; the limit is 36 KB)" in message.text_content()
    wait_for_dash_idle(page)
    assert sent == [] and page.text_content("#records-preview") == ""
    page.close()
