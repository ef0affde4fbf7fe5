"""axe-core finds nothing serious or critical on any page, and the keyboard reaches everything in order."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import goto, wait_for_dash_idle, wait_for_heading
from tests.live_server import PAGES
from tests.skips import needs_fast_path

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
NAV_HREFS = [
    "/",
    "/maps",
    "/judgements",
    "/leadership",
    "/support",
    "/priority",
    "/methods",
    "/present",
    "/briefing",
]
# Pages checked by axe: the shared list (also the chart pages' list) and the pages only this test visits.
AXE_PAGES = {
    **PAGES,
    "support": "/support",
    "priority": "/priority?region=north-west",
    "priority-england": "/priority",
    "support-records": "/support/records",
}

_axe = Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ["; ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])[:3]]
        more = len(v.get("nodes", [])) - len(targets)
        lines.append(
            f"- {v['id']} [{v.get('impact')}] {v.get('help')} ({len(v.get('nodes', []))} nodes)\n"
            f"    {v.get('helpUrl', '')}\n"
            + "".join(f"    at {t}\n" for t in targets)
            + (f"    ... and {more} more\n" if more > 0 else "")
        )
    return "".join(lines)


def run_axe(page, label: str) -> list[dict]:
    violations = _axe.run(page).response["violations"]
    # Shown with -s or -rP: every finding, not only the blocking ones.
    print(f"\naxe on {label}: {len(violations)} violation(s)\n{describe(violations) or '  none'}")
    return violations


def assert_no_blocking(violations: list[dict], label: str) -> None:
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    if blocking:
        pytest.fail(
            f"axe-core: {len(blocking)} serious/critical violation(s) on {label}:\n{describe(blocking)}",
            pytrace=False,
        )


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_nothing_serious(page, live_url, name):
    goto(page, live_url + AXE_PAGES[name])
    assert_no_blocking(run_axe(page, f"{name} ({AXE_PAGES[name]})"), name)


@pytest.mark.parametrize("path", ["/?la=E08000003", "/maps?la=E08000003&colour=change"])
def test_axe_with_an_la_chosen(page, live_url, path):
    """An LA adds its own cards to the Overview and an outline to the map."""
    goto(page, live_url + path, charts=True)
    assert_no_blocking(run_axe(page, path), path)


@pytest.mark.parametrize("path", ["/judgements", "/leadership", "/support"])
def test_axe_on_an_open_table_tab(page, live_url, path):
    """The tables are hidden in the first render: check them (and the Download tab) once shown."""
    goto(page, live_url + path, charts=True)
    card = page.locator(".chart-card[id$='-card']").first
    key = card.get_attribute("id").removesuffix("-card")
    page.locator(f"#{key}-tabs").get_by_role("tab", name="Table", exact=True).click()
    page.locator(f"#{key}-table table").wait_for(state="visible")
    assert_no_blocking(run_axe(page, f"{path}, Table tab of {key}"), path)
    page.locator(f"#{key}-tabs").get_by_role("tab", name="Download", exact=True).click()
    page.locator(f"#{key}-download-button").wait_for(state="visible")
    assert_no_blocking(run_axe(page, f"{path}, Download tab of {key}"), path)


def focused(page) -> dict:
    return page.evaluate("""() => {
      const el = document.activeElement;
      return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || '',
              href: el.getAttribute('href'), text: (el.textContent || '').trim().slice(0, 60)};
    }""")


def test_tab_order_starts_with_skip_link_then_navigation(page, live_url):
    goto(page, live_url + "/")
    stops = []
    for _ in range(len(NAV_HREFS) + 3):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    assert "skip-link" in stops[0]["cls"], f"first Tab stop: {stops[0]}"
    links = [s["href"] for s in stops[1:] if s["tag"] == "a"]
    # The brand link (to /) comes first, then the main navigation in its visual order.
    nav_stops = [s for s in stops[1:] if "nav-link" in s["cls"]]
    assert [s["href"] for s in nav_stops] == NAV_HREFS, f"Tab stops after the skip link: {stops[1:]}"
    assert links[: len(NAV_HREFS) + 1] == ["/"] + NAV_HREFS, f"Tab stops after the skip link: {stops[1:]}"


def test_region_select_works_from_the_keyboard(page, live_url):
    goto(page, live_url + "/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "overview-filter-region":
            break
    else:
        pytest.fail("Tab never reached the Region select (#overview-filter-region)")
    # Type-ahead and Home/End change a closed <select> without opening its pop-up (headless
    # Chromium draws no pop-up, so arrow keys that would open it are not used here).
    page.keyboard.press("n")  # -> North East
    page.wait_for_url("**/?region=north-east")
    wait_for_heading(page, "Overview: North East")
    assert page.locator("#overview-filter-region").input_value() == "E12000001"
    page.keyboard.press("End")  # -> the last region
    page.wait_for_url("**/?region=south-west")
    wait_for_heading(page, "Overview: South West")
    page.keyboard.press("Home")  # -> England again
    page.wait_for_url(lambda url: "region=" not in url)
    wait_for_heading(page, "Overview: England")
    wait_for_dash_idle(page)
    assert page.locator("#overview-filter-region").input_value() == ""
    # Focus stays on the control after the page updates, so the user can keep going.
    assert focused(page)["id"] == "overview-filter-region"


def test_chart_card_tabs_work_from_the_keyboard(page, live_url):
    """Chart | Table | Download must be reachable with Tab and switchable with the keyboard
    (either ARIA tabs: arrow keys between tabs, or plain tab stops), then Enter shows the table."""
    goto(page, live_url + "/judgements", charts=True)
    key = page.locator(".chart-card[id$='-card']").first.get_attribute("id").removesuffix("-card")
    in_tabs = f"() => !!document.activeElement.closest('#{key}-tabs')"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(in_tabs):
            break
    else:
        tabs = page.locator(f"#{key}-tabs [role=tab]").evaluate_all(
            "(tabs) => tabs.map((t) => t.textContent + ' tabindex=' + t.getAttribute('tabindex'))"
        )
        pytest.fail(f"Tab never reaches the Chart | Table | Download tabs of {key}: {tabs}", pytrace=False)
    assert focused(page)["text"] == "Chart", f"the first tab stop in the card is {focused(page)}"
    page.keyboard.press("ArrowRight")
    if focused(page)["text"] != "Table":
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "Table", f"cannot move to the Table tab: focus is on {focused(page)}"
    page.keyboard.press("Enter")
    page.locator(f"#{key}-table table").wait_for(state="visible")


@needs_fast_path("deferred")
@pytest.mark.parametrize("path", ["/judgements", "/la/E08000003"])
def test_axe_while_sections_below_the_first_screen_wait(page, live_url, path):
    """The placeholders of sections not drawn yet (components/deferred.py), held for the scroll."""
    page.add_init_script("window.riaDeferUntilSeen = true")
    page.goto(live_url + path, wait_until="domcontentloaded")
    page.locator("[data-deferred]").first.wait_for(state="attached")
    wait_for_dash_idle(page)
    assert_no_blocking(run_axe(page, f"{path}, sections waiting"), path)
