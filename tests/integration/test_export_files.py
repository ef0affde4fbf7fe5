"""Every view's files through its `/data/` twin on the demo store: PNG and SVG images of charts,
XLSX and ODS workbooks and CSV, each holding the view's numbers and saying where they came from."""

from __future__ import annotations

import io
import threading
import xml.etree.ElementTree as ElementTree
from datetime import date, datetime

import pandas as pd
import pytest
from PIL import Image

from dashboard.filters import Filters
from dashboard.views import VIEWS, View, ViewResult
from tests.dash_client import DashClient
from tests.skips import needs_chromium

NORTH_WEST = "E12000002"
MANCHESTER = "E08000003"
QUERIES = {"authority-timeline": f"?la={MANCHESTER}"}  # a profile needs an LA; the rest a region
CHART_VIEWS = [name for name, view in VIEWS.items() if view.chart]
HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "plain"]


@pytest.fixture(scope="module")
def app(demo_store_url):
    from dashboard import create_app

    return create_app(demo_store_url)


@pytest.fixture(scope="module")
def http(app):
    return app.server.test_client()


def query_for(name: str) -> str:
    return QUERIES.get(name, "?region=north-west")


def filters_for(name: str) -> Filters:
    return Filters(la=MANCHESTER) if name in QUERIES else Filters(region=NORTH_WEST)


def cells(frame: pd.DataFrame) -> list[list]:
    """A frame's values as a spreadsheet round trip keeps them: missing (and empty text, an
    empty cell) as None, dates as ISO dates, whole floats as ints, text as text."""

    def cell(value):
        if (not isinstance(value, list | tuple) and pd.isna(value)) or value == "":
            return None
        if isinstance(value, pd.Timestamp | datetime | date):
            return pd.Timestamp(value).date().isoformat()
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, float):
            return round(value, 9)
        return value

    return [[cell(v) for v in row] for row in frame.astype(object).itertuples(index=False, name=None)]


# -- images ------------------------------------------------------------------------------------------


@needs_chromium
@pytest.mark.parametrize("name", CHART_VIEWS)
def test_each_chart_is_a_1600_by_900_png_named_for_its_filters(http, name):
    response = http.get(f"/data/{name}.png{query_for(name)}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    image.load()
    assert image.format == "PNG" and image.size == (1600, 900)
    # Not blank: a chart, a title and a watermark make many colours.
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50
    expected = VIEWS[name].file_name(VIEWS[name].relevant(filters_for(name)), "png")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{expected}"'


@needs_chromium
@pytest.mark.parametrize("name", ["judgements-by-year", "map"])
def test_a_chart_is_an_800_wide_svg_with_its_title_source_and_watermark(http, name):
    response = http.get(f"/data/{name}.svg?region=north-west")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height")) == ("800", "450")
    text = " ".join(t.strip() for t in root.itertext())
    view = VIEWS[name]
    assert view.full_title(view.relevant(Filters(region=NORTH_WEST))) in text
    assert "Source: Ofsted inspection outcomes" in text and "Demo data" in text


@needs_chromium
def test_four_png_requests_at_once_all_succeed(app):
    names = ["judgements-as-at", "leadership-by-region", "judgements-transitions", "map"]
    results: dict[str, tuple[int, tuple[int, int] | None]] = {}

    def fetch(name: str):
        response = app.server.test_client().get(f"/data/{name}.png?region=london")
        size = Image.open(io.BytesIO(response.data)).size if response.status_code == 200 else None
        results[name] = (response.status_code, size)

    threads = [threading.Thread(target=fetch, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == {name: (200, (1600, 900)) for name in names}


def test_a_table_only_view_has_no_image(http):
    response = http.get("/data/overview-headlines.svg")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "'overview-headlines' is a table, not a chart: it has no svg image; try .csv"
    }


def test_an_image_that_cannot_be_drawn_is_a_503_that_says_so(http, monkeypatch):
    from dashboard import data_routes
    from dashboard.exports.images import ImageError

    def broken(view, filters, fmt):
        raise ImageError("no Chromium to draw images with: install Debian's chromium or set BROWSER_PATH")

    monkeypatch.setattr(data_routes, "chart_image", broken)
    response = http.get("/data/judgements-as-at.png")
    assert response.status_code == 503 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error.startswith("the chart could not be drawn as PNG just now (no Chromium") and "Traceback" not in error


def test_the_index_lists_images_for_charts_only(http):
    listed = {v["name"]: v for v in http.get("/data/").get_json()["views"]}
    assert listed["map"]["png"] == "/data/map.png" and listed["map"]["svg"] == "/data/map.svg"
    assert listed["judgements-as-at"]["xlsx"] == "/data/judgements-as-at.xlsx"
    assert listed["overview-recent"]["ods"] == "/data/overview-recent.ods"
    assert "png" not in listed["overview-recent"] and "svg" not in listed["leadership-judgements"]


# -- workbooks and CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["xlsx", "ods"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_a_workbook_holds_the_views_table_and_its_metadata(app, http, name, extension):
    response = http.get(f"/data/{name}.{extension}{query_for(name)}")
    assert response.status_code == 200, response.data[:300]
    view = VIEWS[name]
    filters = view.relevant(filters_for(name))
    assert response.headers["Content-Disposition"] == f'attachment; filename="{view.file_name(filters, extension)}"'
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None)
    assert list(sheets) == ["About this file", "Data"]
    with app.server.test_request_context("/"):
        shown = view.result(filters).shown_frame
    data = sheets["Data"]
    assert list(data.columns) == list(shown.columns)
    assert cells(data) == cells(shown)
    about = dict(zip(sheets["About this file"]["Field"], sheets["About this file"]["Value"], strict=True))
    assert about["Demo data"].startswith("yes")
    assert about["Title"] == view.full_title(filters)
    checksums = [v for f, v in zip(*sheets["About this file"].T.values, strict=True) if f.strip() == "sha256"]
    assert checksums and all(len(c) == 64 for c in checksums)


def test_the_csv_says_where_its_numbers_came_from(http):
    text = http.get("/data/judgements-as-at.csv?region=north-west").get_data(as_text=True)
    comments = [line for line in text.split("\r\n") if line.startswith("# ")]
    assert comments[0] == "# Each local authority's latest grade as at 31 March"
    assert comments[1].startswith("# Filters: North West")
    assert any(line.startswith("# Demo data: yes") for line in comments)
    assert any(line.startswith("# Generated at: 20") for line in comments)
    sha = [line for line in comments if line.startswith("#   sha256: ")]
    assert sha and all(len(line.removeprefix("#   sha256: ")) == 64 for line in sha)
    assert any(line.startswith("#   imported at: 20") for line in comments)


def test_the_json_carries_the_same_metadata(http):
    meta = http.get("/data/judgements-as-at.json?region=north-west").get_json()["metadata"]
    assert meta["demo"] is True and meta["query"] == "?region=north-west"
    assert meta["sources"] and all(len(s["sha256"]) == 64 and s["imported_at"] for s in meta["sources"])
    assert meta["definitions"] == [VIEWS["judgements-as-at"].description]


@pytest.fixture
def hostile_view(monkeypatch):
    """A view whose table holds text a spreadsheet would run as a formula."""
    frame = pd.DataFrame({"Name": HOSTILE, "=cmd": [1, 2, 3, 4, 5], "Count": [-1, 0, 1, 2, 3]})
    view = View(name="hostile", title="Hostile", compute=lambda f: ViewResult(frame, "s"), fields=(), chart=False)
    monkeypatch.setitem(VIEWS, "hostile", view)
    return view


@pytest.mark.parametrize("extension", ["xlsx", "ods", "csv"])
def test_formula_cells_are_neutralised_in_every_file(http, hostile_view, extension):
    response = http.get(f"/data/hostile.{extension}")
    assert response.status_code == 200
    if extension == "csv":
        body = [line for line in response.get_data(as_text=True).split("\r\n") if not line.startswith("# ")]
        data = pd.read_csv(io.StringIO("\n".join(body)))
    else:
        data = pd.read_excel(io.BytesIO(response.data), sheet_name="Data")
    assert list(data["Name"]) == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "plain"]
    assert list(data.columns) == ["Name", "'=cmd", "Count"]
    assert list(data["Count"]) == [-1, 0, 1, 2, 3]  # negative numbers stay numbers


# -- the Download tab ----------------------------------------------------------------------------------


def test_the_download_tab_links_every_format_and_follows_the_filters(app):
    client = DashClient(app)
    query = "?region=london&area=leadership"
    links = client.callback("judgements-as-at-download-png.href", {"judgements-filters.data": query})
    for extension in ("csv", "xlsx", "ods", "png", "svg"):
        key = "judgements-as-at-download-button" if extension == "csv" else f"judgements-as-at-download-{extension}"
        assert links[key]["href"] == f"/data/judgements-as-at.{extension}{query}"
        assert links[key]["download"].endswith(f".{extension}")
    assert links["judgements-as-at-json-link"]["href"] == f"/data/judgements-as-at.json{query}"


def test_download_link_text_names_the_format_and_the_chart():
    from dashboard.components.chart_card import download_panel

    panel = download_panel("k", "table", VIEWS["leadership-by-year"], Filters())
    links = {a.id: a for a in panel._traverse() if getattr(a, "href", None)}
    png = links["k-download-png"]
    text = "".join(part if isinstance(part, str) else part.children for part in png.children)
    assert text == "Download PNG image of Leadership grade change by financial year"
    assert links["k-download-svg"].href == "/data/leadership-by-year.svg"
    table_panel = download_panel("t", "table", VIEWS["overview-recent"], Filters())
    ids = {getattr(c, "id", None) for c in table_panel._traverse()}
    assert {"t-download-xlsx", "t-download-ods"} <= ids and not {"t-download-png", "t-download-svg"} & ids
