"""The LA profile in a real browser shows its statistical neighbours, the LA itself marked first."""

from __future__ import annotations

import pytest

from tests.browser.conftest import goto
from tests.integration.test_statistical_neighbours import MANCHESTER_ONS
from tests.live_server import live_server
from tests.unit.test_statistical_neighbours import MANCHESTER, SALFORD, la_row, write_workbook

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def neighbours_url(tmp_path_factory):
    """The app on the demo dataset plus a neighbour model written here (its own server: the shared
    one serves the plain demo store, which has no model)."""
    from data_access.db import session_scope
    from data_access.importers.statistical_neighbours import import_statistical_neighbours
    from tests.conftest import build_demo_store

    folder = tmp_path_factory.mktemp("neighbours-browser")
    url = build_demo_store(folder)
    with session_scope(url) as session:
        import_statistical_neighbours(
            session, write_workbook(folder / "sn_may_2025.xlsx", [la_row(MANCHESTER), la_row(SALFORD)])
        )
    with live_server(url) as server:
        yield server.url


def test_the_profile_shows_the_neighbours_table_with_the_la_highlighted(context, neighbours_url, tmp_path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    goto(page, f"{neighbours_url}/la/{MANCHESTER_ONS}")
    table = page.locator("#authority-neighbours-table")
    table.scroll_into_view_if_needed()
    rows = table.locator("tbody tr")
    assert rows.count() == 11
    first = rows.nth(0)
    assert first.locator("th").inner_text() == "this LA"
    assert "Manchester (this LA)" in first.inner_text()
    weight = first.locator("td").first.evaluate("cell => getComputedStyle(cell).fontWeight")
    assert int(weight) >= 700
    background = first.locator("td").first.evaluate("cell => getComputedStyle(cell).boxShadow")
    other = rows.nth(1).locator("td").first.evaluate("cell => getComputedStyle(cell).boxShadow")
    assert background != other  # Bootstrap's table-active shades the row as well
    assert rows.nth(1).locator("th").inner_text() == "1"
    assert rows.nth(1).locator("a").inner_text() == "Bradford"
    page.screenshot(path=str(tmp_path / "neighbours.png"), full_page=True)
    assert errors == []


def test_axe_finds_nothing_serious_in_the_neighbour_section(context, neighbours_url):
    from tests.browser.test_accessibility import assert_no_blocking, run_axe

    page = context.new_page()
    goto(page, f"{neighbours_url}/la/{MANCHESTER_ONS}")
    assert_no_blocking(run_axe(page, "LA profile with statistical neighbours"), "authority-neighbours")
