"""While the store cannot be read the browser says so and retries; once it is back the page carries
on by itself, without a reload by the user or a restart of the app (assets/ria-retry.js,
dashboard/faults.py). The app here runs on a store of its own, which the test breaks."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from dashboard import fast_paths
from dashboard.faults import UNAVAILABLE
from data_access.cache import REVISION_TTL_SECONDS
from tests.browser.conftest import DASH_IDLE_JS, DEFAULT_VIEWPORT, TIMEOUT_MS, goto, wait_for_dash_idle
from tests.live_server import live_server

pytestmark = pytest.mark.browser

NORTH_WEST = "E12000002"
GRAPH_SUMMARY = "#judgements-by-year-summary"


@pytest.fixture
def own_server(tmp_path, demo_store_url, browser):
    path = tmp_path / "store.db"
    shutil.copyfile(demo_store_url.removeprefix("sqlite:///"), path)
    setting = {fast_paths.SETTING: os.environ.get(fast_paths.SETTING, "1")}
    with live_server(f"sqlite:///{path}", extra_env=setting) as server:
        yield server, path


@pytest.fixture
def fresh_page(browser):
    context = browser.new_context(viewport=DEFAULT_VIEWPORT, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(script=DASH_IDLE_JS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors  # 503s are logged by the browser as failed loads; scripts must not fail


def empty(path: Path) -> bytes:
    """Empty the store's file; returns what it held. Waits until the app no longer trusts the
    revision it read before (it re-reads it every REVISION_TTL_SECONDS): then every request reads."""
    good = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.truncate(0)
    time.sleep(REVISION_TTL_SECONDS + 0.5)
    return good


def put_back(path: Path, good: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.write(good)


def test_a_filter_change_while_the_store_is_down_says_so_and_completes_when_it_is_back(own_server, fresh_page):
    server, path = own_server
    page = fresh_page
    goto(page, server.url + "/judgements", charts=True)
    wait_for_dash_idle(page)
    before = page.locator(GRAPH_SUMMARY).inner_text()

    good = empty(path)
    page.select_option("#judgements-filter-region", NORTH_WEST)  # a view never computed: it needs the store
    notice = page.locator("#ria-unavailable")
    notice.wait_for(state="visible")
    assert notice.inner_text().startswith(UNAVAILABLE)
    assert notice.get_attribute("role") == "status"
    assert page.locator(GRAPH_SUMMARY).inner_text() == before  # the page is intact meanwhile

    put_back(path, good)
    notice.wait_for(state="hidden")
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).textContent !== before",
        arg=[GRAPH_SUMMARY, before],
    )
    wait_for_dash_idle(page)
    assert page.locator(GRAPH_SUMMARY).inner_text() != before


def test_a_page_opened_while_the_store_is_down_says_so_and_loads_once_it_is_back(own_server, fresh_page):
    server, path = own_server
    page = fresh_page
    good = empty(path)
    response = page.goto(server.url + "/maps", wait_until="domcontentloaded")
    assert response.status == 503
    assert page.locator("h1").inner_text() == UNAVAILABLE
    assert "Traceback" not in page.content()

    put_back(path, good)
    page.wait_for_selector("#_pages_content h1", state="attached")  # the page reloaded itself
    assert UNAVAILABLE not in page.locator("body").inner_text()
