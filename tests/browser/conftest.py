"""Browser test fixtures: a demo store, the real app on a loopback port, Debian's Chromium.

* `live_url`: base URL of `python app.py` serving a migrated SQLite store with demo data (once
  per session).
* `browser`: headless /usr/bin/chromium through Playwright (no `playwright install`: nothing is
  downloaded). Missing Chromium skips the browser tests, except under CI or RIA_REQUIRE_BROWSER=1
  where it fails them.
* `page`: a new context per test (1366x768, downloads accepted). Console errors and uncaught page
  errors fail the test in teardown; a test that expects one is marked
  `@pytest.mark.allow_console_errors` (optionally with substrings that are allowed).
* `page_log`: what the page did (console errors, page errors, requested URLs, dialogs, and the
  outputs of every Dash callback request).
* `wait_for_dash_idle(page)`: Dash has no callback in flight and nothing happened for 300 ms (an
  init script counts Dash's requests; Playwright's "networkidle" only covers the page load).

The app runs with this process's RIA_FAST_PATHS (dashboard/fast_paths.py): the tests of a fast
path skip when it turns that one off, and `live_url` fails when the app's setting is not the same.
RIA_LIVE_SERVER_URL=http://host:port runs the tests against an app that is already running.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from bench.harness import CHROMIUM, launch_chromium
from dashboard import fast_paths
from dashboard.components.deferred import WAITING, WHOLE_PAGE_READY  # noqa: F401 - scripts/ import it from here
from tests.live_server import LiveServer, live_server

DEFAULT_VIEWPORT = {"width": 1366, "height": 768}
TIMEOUT_MS = 20_000
# Dash pages' own not-found layout, and ours (dashboard/pages/not_found_404.py)
NOT_FOUND = ("404 - Page not found", "Page not found")


# Installed in every page before its scripts: counts Dash's callback requests in flight and
# remembers when anything last happened (a request, or user input that may start one).
DASH_IDLE_JS = """
(() => {
  let pending = 0;
  let last = performance.now();
  const touch = () => { last = performance.now(); };
  const originalFetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    const url = String(args[0] && args[0].url ? args[0].url : args[0]);
    if (!url.includes('/_dash-')) return originalFetch(...args);
    pending += 1; touch();
    return originalFetch(...args).finally(() => { pending -= 1; touch(); });
  };
  for (const type of ['change', 'input', 'click', 'keydown', 'popstate']) {
    window.addEventListener(type, touch, true);
  }
  window.__riaIdle = (quietMs) => pending === 0 && performance.now() - last >= quietMs;
})();
"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_console_errors(*substrings): the test expects console errors (only those "
        "containing one of the substrings, or any if none are given)",
    )


def _browser_required() -> bool:
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("RIA_REQUIRE_BROWSER", "").strip() == "1"


def require_chromium() -> None:
    """Skip (or fail under CI / RIA_REQUIRE_BROWSER=1) when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found: install Debian's chromium package (scripts/install_system_deps.sh)"
    if _browser_required():
        pytest.fail(f"{reason} (required: CI or RIA_REQUIRE_BROWSER=1 is set)", pytrace=False)
    pytest.skip(reason)


# -- session-wide: store, server, browser ------------------------------------------------------------


@dataclass
class ExternalServer:
    url: str

    def log(self) -> str:
        return ""


@pytest.fixture(scope="session")
def server(request) -> Iterator[LiveServer | ExternalServer]:
    """The app under test: started here on the demo store, or RIA_LIVE_SERVER_URL if set.

    RIA_LIVE_SERVER_URL points the tests at an app that is already running (it must serve the
    demo data: the tests look for the demo banner).
    """
    require_chromium()  # no point starting the app when nothing can drive it
    external = os.environ.get("RIA_LIVE_SERVER_URL", "").strip().rstrip("/")
    if external:
        yield ExternalServer(external)
        return
    setting = {fast_paths.SETTING: os.environ.get(fast_paths.SETTING, "1")}  # the tests skip by it too
    with live_server(request.getfixturevalue("demo_store_url"), extra_env=setting) as running:
        yield running


@pytest.fixture(scope="session")
def live_url(server) -> str:
    """The server's address, once it is known to run with the fast paths these tests expect."""
    import urllib.request

    with urllib.request.urlopen(server.url + "/", timeout=30) as response:
        html = response.read().decode()
    if fast_paths.enabled("strip_scripts") == ("deps/polyfill@" in html):
        pytest.fail(
            f"the app at {server.url} does not run with {fast_paths.SETTING}="
            f"{os.environ.get(fast_paths.SETTING, '1')!r} as these tests do (its page "
            f"{'has' if 'deps/polyfill@' in html else 'lacks'} Dash's polyfill script)",
            pytrace=False,
        )
    return server.url


@pytest.fixture(scope="session")
def playwright_instance():
    require_chromium()
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = launch_chromium(playwright_instance)
    yield browser
    browser.close()


# -- per test: context, page and what it logged --------------------------------------------------------


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    callbacks: list[str] = field(default_factory=list)  # the "output" of each Dash callback request

    def errors(self) -> list[str]:
        return [f"console.error: {e}" for e in self.console_errors] + [f"pageerror: {e}" for e in self.page_errors]


def on_request(log: PageLog, request) -> None:
    log.requests.append(request.url)
    if "/_dash-update-component" in request.url:
        try:
            log.callbacks.append(json.loads(request.post_data or "{}").get("output", ""))
        except ValueError:
            log.callbacks.append("?")


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DEFAULT_VIEWPORT, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(script=DASH_IDLE_JS)
    yield context
    context.close()


@pytest.fixture
def page(context, page_log, request, server):
    log_start = len(server.log())  # only this test's part of the app log is shown on failure
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            page_log.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_dialog(dialog):
        page_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    page.on("request", lambda req: on_request(page_log, req))
    page.on("dialog", on_dialog)
    yield page

    errors = page_log.errors()
    marker = request.node.get_closest_marker("allow_console_errors")
    if marker is not None:
        allowed = marker.args
        errors = [e for e in errors if allowed and not any(a in e for a in allowed)]
    if errors:
        problems = server_problems(server.log()[log_start:])
        pytest.fail(
            "the page logged errors:\n  "
            + "\n  ".join(errors)
            + (f"\n--- app log: errors and failed requests ---\n{problems}" if problems else ""),
            pytrace=False,
        )


_ACCESS_LINE = re.compile(r'"(GET|POST|HEAD) [^"]*" (\d{3}) ')


def server_problems(log: str, limit: int = 3000) -> str:
    """The app log without its successful request lines: tracebacks, warnings, 4xx/5xx answers."""
    kept = []
    for line in log.splitlines():
        access = _ACCESS_LINE.search(line)
        if access and int(access.group(2)) < 400:
            continue
        if (
            line.startswith((" * ", "Dash is running", "Serving on"))
            or "development server" in line
            or "CTRL+C" in line
            or not line.strip()
        ):
            continue
        kept.append(line)
    return "\n".join(kept)[-limit:]


# -- helpers the tests share ------------------------------------------------------------------------------


def wait_for_page(page, *, charts: bool | None = None) -> None:
    """Wait until Dash has rendered the page: its h1, and its charts when it has any.

    `charts=None` waits for charts only if the layout has graph containers.
    """
    page.wait_for_selector("#_pages_content h1", state="attached")
    heading = page.locator("#_pages_content h1").first.text_content().strip()
    if heading in NOT_FOUND:
        pytest.fail(f"{page.url}: the app answered {heading!r} (is the page registered yet?)", pytrace=False)
    # Sections below the first screen are drawn after it (components/deferred.py): wait for them.
    page.wait_for_function(f"() => !document.querySelector('[{WAITING}]')")
    has_graphs = page.locator("#_pages_content .dash-graph").count() > 0 if charts is None else charts
    if has_graphs:
        page.wait_for_selector("#_pages_content .js-plotly-plot", state="attached")
    wait_for_dash_idle(page)


def wait_for_dash_idle(page, timeout: int = TIMEOUT_MS, quiet_ms: int = 300) -> None:
    """Wait until Dash is done: no callback request in flight and nothing happening for `quiet_ms`.

    Playwright's "networkidle" only describes the page load, so after a click or a select it
    returns at once; the init script (DASH_IDLE_JS) counts Dash's own requests and user input.
    """
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_function(
        "(quiet) => (!window.__riaIdle || window.__riaIdle(quiet))"
        " && !document.querySelector('[data-dash-is-loading=\"true\"]')",
        arg=quiet_ms,
        timeout=timeout,
        polling=100,
    )


def wait_for_heading(page, text: str) -> None:
    """Wait until the page's h1 reads `text` (Dash re-renders it after a filter change)."""
    page.wait_for_function(
        "(text) => { const h = document.querySelector('#_pages_content h1');"
        " return h && h.textContent.trim() === text; }",
        arg=text,
    )


def goto(page, url: str, *, charts: bool | None = None):
    response = page.goto(url, wait_until="domcontentloaded")
    wait_for_page(page, charts=charts)
    return response
