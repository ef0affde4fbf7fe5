"""Every page loads in a real browser: the frame around it, reflow from 320px to 1920px, local assets only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import fast_paths
from tests.browser.conftest import NOT_FOUND, goto, wait_for_dash_idle
from tests.live_server import PAGES

pytestmark = pytest.mark.browser

PAGE_IDS = list(PAGES)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Elements sticking out past the right edge of the viewport, outside scrolling table wrappers.
OFFENDERS_JS = """
() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-responsive') && !el.matches('.table-responsive')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (box.left < -1000) continue;  // off-screen on purpose (the skip link until it has focus)
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      name += '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.');
    out.push(`${name} (right edge ${Math.round(box.right)}px)`);
  }
  return out.slice(-12);  // the innermost come last in document order
}
"""


def assert_real_page(page, name: str) -> None:
    headings = page.locator("h1")
    assert headings.count() >= 1, f"{name}: no h1"
    text = headings.first.inner_text().strip()
    assert text and text not in NOT_FOUND, (
        f"{name} ({PAGES[name]}): the app answered {text!r} (page not registered yet?)"
    )
    assert headings.count() == 1, f"{name}: {headings.count()} h1 elements: {headings.all_inner_texts()}"


def assert_no_horizontal_scroll(page, name: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    check = (
        "() => document.documentElement.scrollWidth <= window.innerWidth"
        " && document.body.scrollWidth <= window.innerWidth"
    )
    try:
        # Plotly redraws responsive charts after the resize: give it a moment.
        page.wait_for_function(check, timeout=3_000)
    except PlaywrightTimeout:
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        offenders = page.evaluate(OFFENDERS_JS)
        pytest.fail(
            f"{name} at {width}x{height}: the page scrolls sideways (html scrollWidth {sizes[0]}, "
            f"body scrollWidth {sizes[1]}, viewport {sizes[2]}). Wider than the viewport:\n  " + "\n  ".join(offenders),
            pytrace=False,
        )


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_loads_with_its_frame_local_assets_and_reflows(page, live_url, page_log, name):
    response = goto(page, live_url + PAGES[name])
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    assert_real_page(page, name)
    assert page.title().strip(), f"{name}: empty <title>"
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("#demo-banner").is_visible(), f"{name}: the 'Demo data' banner is not visible"
    assert "Demo data" in page.locator("#demo-banner").inner_text()
    # Console errors and page errors fail the test in the `page` fixture's teardown.

    # Everything from this server, and plotly.js as our partial bundle, never the 4.8 MB one.
    requested = [u for u in page_log.requests if not u.startswith(("data:", "blob:"))]
    remote = [u for u in requested if urlsplit(u).hostname not in LOOPBACK_HOSTS]
    assert not remote, f"{name}: requests to other hosts: {remote}"
    # Dash asks for plotly.js asynchronously, only when a chart is drawn; the app answers with the
    # partial "basic" bundle (the partial_plotly fast path), never the 4.8 MB full one.
    plotly_requests = [u for u in requested if "plotly" in urlsplit(u).path.lower()]
    assert not any("async-plotlyjs" in u for u in plotly_requests), plotly_requests
    if not page.locator(".js-plotly-plot").count():
        assert not plotly_requests, f"{name}: a page without charts loaded plotly.js: {plotly_requests}"
    if page.locator(".js-plotly-plot").count():
        bundle = page.evaluate("() => window.Plotly && Object.keys(window.Plotly.PlotSchema.get().traces)")
        assert bundle, f"{name}: charts drawn but window.Plotly is missing"
        if fast_paths.enabled("partial_plotly"):  # else Dash's own, full, bundle
            assert sorted(bundle) == ["bar", "pie", "scatter"], (
                f"{name}: not plotly.js's basic bundle (traces: {sorted(bundle)[:20]}...)"
            )
        # It ran once: the page's head started it, and dcc.Graph found it instead of loading it again.
        scripts = page.locator("script[src*='plotly.min.js']").count()
        assert scripts == 1, f"{name}: plotly.js was added {scripts} times"

    # No sideways scrolling at the two target screens, nor at 320 CSS px (400% zoom, WCAG 1.4.10).
    for width, height in ((1366, 768), (1920, 1080), (320, 800)):  # 320 CSS px = 1280px at 400% zoom
        assert_no_horizontal_scroll(page, name, width, height)
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("name", PAGE_IDS)
def test_skip_link_moves_focus_to_main(page, live_url, page_log, name):
    goto(page, live_url + PAGES[name])
    assert_real_page(page, name)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
        " document.activeElement.textContent]"
    )
    assert "skip-link" in focused[0], f"{name}: first Tab stop is {focused!r}, not the skip link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"{name}: the focused skip link is off screen ({box})"
    callbacks_before = len(page_log.callbacks)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'", timeout=5_000)
    # The page must still be there, untouched: moving focus is not a change of view, so no
    # Dash callback may run (the #main fragment must not reach the router or the filter store).
    wait_for_dash_idle(page)
    assert_real_page(page, name)
    fired = page_log.callbacks[callbacks_before:]
    assert not fired, (
        f"{name}: following the skip link ran {len(fired)} Dash callbacks (first: {fired[0][:100]}); "
        "the popstate from the #main fragment should not reach the router or the filter store"
    )
