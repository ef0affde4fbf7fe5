"""Every chart has a table with the same numbers, sortable by keyboard-operable buttons, and a CSV
download that holds exactly the table (plus `#` lines naming the source and the filters)."""

from __future__ import annotations

import csv
import io
import math
import re

import pytest

from tests.browser.conftest import goto, wait_for_dash_idle

pytestmark = pytest.mark.browser

# Pages with chart cards, opened with a filter so the CSV header has something to name.
CHART_PAGES = {
    "judgements": ("/judgements?region=north-west", "North West"),
    "leadership": ("/leadership?region=north-west", "North West"),
    "maps": ("/maps?region=north-west", "North West"),
    "la": ("/la/E08000003", "Manchester"),
}

TABLE_JS = """
(root) => {
  const table = root.querySelector('table');
  if (!table) return null;
  const cells = (row) => Array.from(row.cells).map((c) => c.textContent.trim());
  return {
    header: table.tHead ? cells(table.tHead.rows[0]) : [],
    rows: Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).map(cells),
    caption: table.caption ? table.caption.textContent.trim() : '',
  };
}
"""

NUMBER = re.compile(r"^-?[\d,]*\.?\d+(e[-+]?\d+)?$", re.IGNORECASE)


def normalise(text: str) -> str:
    """One spelling for a cell, whether from the HTML table (`_cell` formatting) or the CSV."""
    text = text.strip()
    if text.lower() in ("nan", "nat", "<na>", "none"):
        return ""
    if NUMBER.match(text):
        number = float(text.replace(",", ""))
        return "" if math.isnan(number) else f"{number:.1f}"
    return text


def chart_keys(page) -> list[str]:
    ids = page.locator(".chart-card[id$='-card']").evaluate_all("(cards) => cards.map((c) => c.id)")
    assert ids, f"{page.url}: no chart cards"
    return [i.removesuffix("-card") for i in ids]


def open_tab(page, key: str, label: str) -> None:
    page.locator(f"#{key}-tabs").get_by_role("tab", name=label, exact=True).click()


def visible_table(page, key: str) -> dict:
    open_tab(page, key, "Table")
    table = page.locator(f"#{key}-table table")
    table.wait_for(state="visible")
    data = page.locator(f"#{key}-table").evaluate(TABLE_JS)
    assert data and data["header"], f"{key}: no table header"
    return data


def download_csv(page, key: str) -> tuple[str, str]:
    open_tab(page, key, "Download")
    button = page.locator(f"#{key}-download-button")
    button.wait_for(state="visible")
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8-sig").read()


def split_csv(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines if not line.startswith("#"))
    assert lines and lines[0].startswith("#"), "the CSV should start with its # comment lines"
    return comments, list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_table_tab_shows_the_numbers_and_sorts(page, live_url, name):
    path, _ = CHART_PAGES[name]
    goto(page, live_url + path, charts=True)
    for key in chart_keys(page):
        data = visible_table(page, key)
        assert data["rows"], f"{key}: the table has no rows"
        assert data["caption"], f"{key}: the table has no caption"
        # The LA profile's timeline is dates and grades; every other table counts something.
        assert name == "la" or any(NUMBER.match(cell) for row in data["rows"] for cell in row), (
            f"{key}: no numbers in the table"
        )

        table = page.locator(f"#{key}-table table")
        buttons = table.locator("th .sort-button")
        numeric = table.locator("th .sort-button[data-numeric='1']")
        button = numeric.first if numeric.count() else buttons.first
        th = button.locator("xpath=ancestor::th[1]")
        index = th.evaluate("(th) => Array.prototype.indexOf.call(th.parentNode.children, th)")
        is_numeric = button.get_attribute("data-numeric") == "1"

        button.focus()
        page.keyboard.press("Enter")  # a real <button>: the keyboard sorts as well as the mouse
        assert th.get_attribute("aria-sort") == "ascending", f"{key}: aria-sort not set after sorting"
        column = [row[index] for row in page.locator(f"#{key}-table").evaluate(TABLE_JS)["rows"]]
        if is_numeric:
            values = [float(c.replace(",", "")) for c in column if c]
            assert values == sorted(values), f"{key}: column {index} not sorted ascending: {column[:10]}"
        button.click()
        assert th.get_attribute("aria-sort") == "descending"
        others = table.locator("th[aria-sort]")
        assert others.count() == 1, "only the sorted column should carry aria-sort"


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_csv_download_matches_the_table(page, live_url, name):
    path, region_name = CHART_PAGES[name]
    goto(page, live_url + path, charts=True)
    for key in chart_keys(page):
        data = visible_table(page, key)
        filename, text = download_csv(page, key)
        assert filename.endswith(".csv"), filename
        comments, rows = split_csv(text)

        joined = "\n".join(comments)
        assert any(line.startswith("# Source:") and "Ofsted" in line for line in comments), joined
        filters_line = next((line for line in comments if line.startswith("# Filters:")), "")
        assert region_name in filters_line, f"{key}: the CSV does not name the filters: {joined}"

        header, body = rows[0], rows[1:]
        assert [normalise(h) for h in header] == [normalise(h) for h in data["header"]], key
        shown = len(data["rows"])
        if "Showing the first" in data["caption"]:
            assert len(body) > shown, f"{key}: the table says it is cut short but the CSV is not longer"
            body = body[:shown]
        else:
            assert len(body) == shown, f"{key}: CSV has {len(body)} rows, the table {shown}"
        for number, (csv_row, table_row) in enumerate(zip(body, data["rows"], strict=True), start=1):
            assert [normalise(c) for c in csv_row] == [normalise(c) for c in table_row], (
                f"{key}: row {number} differs:\n  CSV:   {csv_row}\n  table: {table_row}"
            )


def test_csv_follows_a_filter_change(page, live_url):
    goto(page, live_url + "/judgements", charts=True)
    key = chart_keys(page)[0]
    page.select_option("#judgements-filter-region", "E12000007")
    page.wait_for_url("**region=london**")
    wait_for_dash_idle(page)
    data = visible_table(page, key)
    _, text = download_csv(page, key)
    comments, rows = split_csv(text)
    assert "London" in next(line for line in comments if line.startswith("# Filters:"))
    assert [normalise(c) for c in rows[1]] == [normalise(c) for c in data["rows"][0]]


def test_image_and_spreadsheet_links_follow_a_filter_change_and_download(page, live_url):
    """The Download tab's PNG, SVG, XLSX and ODS links point at the filters in the address bar;
    the PNG link downloads a 1600 x 900 image named for them."""
    from PIL import Image

    goto(page, live_url + "/judgements", charts=True)
    key = chart_keys(page)[0]
    page.select_option("#judgements-filter-region", "E12000007")
    page.wait_for_url("**region=london**")
    wait_for_dash_idle(page)
    open_tab(page, key, "Download")
    for extension in ("xlsx", "ods", "png", "svg"):
        link = page.locator(f"#{key}-download-{extension}")
        assert link.get_attribute("href").startswith(f"/data/{key}.{extension}?region=london"), extension
        assert link.get_attribute("download").endswith(f".{extension}")
    png = page.get_by_role("link", name=re.compile(r"^Download PNG image of "))
    assert png.count() == 1
    with page.expect_download() as info:
        png.click()
    download = info.value
    assert download.suggested_filename.endswith(".png")
    with Image.open(download.path()) as image:
        assert image.size == (1600, 900)
