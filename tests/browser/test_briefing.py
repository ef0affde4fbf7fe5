"""/briefing in the browser: build a pack, watch its progress, download the PDF and the deck;
a request that cannot be met is a message on the page, not a blank."""

from __future__ import annotations

import urllib.request

import pytest

from tests.browser.conftest import goto

pytestmark = pytest.mark.browser

BUILD_TIMEOUT_MS = 120_000  # a cold chart renderer and two cores shared with other tests


def test_a_pack_builds_with_progress_and_both_files_download(page, live_url, tmp_path):
    goto(page, live_url + "/briefing?region=north-west", charts=False)
    assert page.input_value("#briefing-region") == "North West"
    page.uncheck("input[value='xlsx']")
    page.click("#briefing-build")
    page.wait_for_selector("#briefing-progress-box:not([hidden])")
    page.wait_for_function(
        "() => /\\w/.test(document.getElementById('briefing-step').textContent)", timeout=BUILD_TIMEOUT_MS
    )
    page.wait_for_selector(".briefing-files a", timeout=BUILD_TIMEOUT_MS)
    links = page.locator(".briefing-files a")
    assert links.count() == 2
    hrefs = [links.nth(i).get_attribute("href") for i in range(2)]
    assert hrefs[0].endswith(".pdf") and hrefs[1].endswith(".pptx")
    with page.expect_download() as pdf_download:
        links.nth(0).click()
    download = pdf_download.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == hrefs[0].rsplit("/", 1)[1]
    with open(download.path(), "rb") as stream:
        assert stream.read(5) == b"%PDF-"
    expected = {
        ".pdf": "application/pdf",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
    for href in hrefs:
        with urllib.request.urlopen(live_url + href, timeout=30) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith(expected[href[href.rindex(".") :]])
            assert len(response.read()) > 10_000


def test_a_request_that_cannot_be_met_is_a_message(page, live_url):
    goto(page, live_url + "/briefing", charts=False)
    page.fill("#briefing-from", "01/04/2026")
    page.fill("#briefing-to", "01/04/2025")
    page.click("#briefing-build")
    alert = page.locator("#briefing-alert .alert")
    alert.wait_for()
    assert "after the 'to' date" in alert.text_content()
    assert page.locator("#briefing-progress-box").is_hidden()


def test_the_header_links_to_the_briefing_for_the_page_s_region(page, live_url):
    goto(page, live_url + "/leadership?region=london")
    page.click("a.briefing-link")
    page.wait_for_url("**/briefing?region=london")
    page.wait_for_selector("#briefing-region")
    assert page.input_value("#briefing-region") == "London"


def test_axe_finds_nothing_serious_on_the_briefing_page(page, live_url):
    from tests.browser.test_accessibility import assert_no_blocking, run_axe

    goto(page, live_url + "/briefing", charts=False)
    assert_no_blocking(run_axe(page, "briefing (/briefing)"), "briefing")
