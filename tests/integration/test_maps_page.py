"""The Maps page over HTTP: filter changes restyle the map by dash.Patch; clicks open LA profiles."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.figures.maps import LIGHT_LINE, REGION_LINE
from dashboard.figures.theme import MUTED
from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from tests.conftest import build_demo_store
from tests.dash_client import DashClient, download_link, fetch_download

PATCH_BUDGET = 12_000  # bytes; the hex map's restyle measured 8.1-10.5 KB for 153 LAs (design budget: 15 KB)
GEO_PATCH_BUDGET = 15_000  # bytes: the geo map's template carries a fill and a line for each LA
N = sum(1 for la in LOCAL_AUTHORITIES if la.current)
CURRENT = sorted(la.ons_code for la in LOCAL_AUTHORITIES if la.current)
LEGEND = 7  # maps.LEGEND_SLOTS
MANCHESTER = CURRENT.index("E08000003")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> str:
    """One demo store for the module (SQLite: these tests are about the page, not the database)."""
    return build_demo_store(tmp_path_factory.mktemp("maps"))


@pytest.fixture
def demo_app(demo_store, tmp_path, monkeypatch):
    monkeypatch.setenv("RIA_GEO_DIR", str(tmp_path / "no-boundaries-here"))
    from dashboard import create_app

    return create_app(demo_store)


class MeasuringClient(DashClient):
    """DashClient that also remembers the size of the last response body."""

    def __init__(self, app):
        super().__init__(app)
        post = self.client.post
        self.last_bytes = 0

        def measured(*args, **kwargs):
            response = post(*args, **kwargs)
            self.last_bytes = len(response.data)
            return response

        self.client.post = measured


def restyle(client: DashClient, query: str, shown_kind: str = "hex", size: list[int] | None = None) -> dict:
    """The restyle callback's response to a filter change, or (with `size`: [width, height]) to
    the browser's measurement of the graph."""
    changed = ["maps-map-size.data"] if size else ["maps-filters.data"]
    return client.callback(
        "maps-map-graph.figure",
        {"maps-filters.data": query, "maps-map-size.data": size},
        state={"maps-map-kind.data": shown_kind},
        changed=changed,
    )


def status(
    client: DashClient, output: str, inputs: dict, state: dict | None = None, changed: list[str] | None = None
) -> int:
    """The HTTP status of a callback call (204: the callback sent no update)."""
    dep = next(d for d in client.dependencies if output in d["output"])
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]} for part in dep["output"].strip(".").split("...")
    ]

    def items(specs, values):
        return [
            {"id": s["id"], "property": s["property"], "value": values[f"{s['id']}.{s['property']}"]} for s in specs
        ]

    payload = {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": items(dep["inputs"], inputs),
        "state": items(dep["state"], state or {}),
        "changedPropIds": changed or list(inputs),
    }
    return client.client.post("/_dash-update-component", json=payload).status_code


def operations(response: dict) -> dict[tuple, object]:
    """A patch's operations as {location: value}."""
    return {
        tuple(op["location"]): op["params"].get("value") for op in response["maps-map-graph"]["figure"]["operations"]
    }


def is_patch(figure: dict) -> bool:
    return figure.get("__dash_patch_update") == "__dash_patch_update"


def test_page_renders_the_whole_map_once(demo_app):
    client = DashClient(demo_app)
    html = client.client.get("/maps?region=north-west").get_data(as_text=True)
    assert "Maps - RIA children" in html
    from dashboard.pages import maps

    layout = maps.layout(region="north-west", colour="change")
    figure = next(c for c in layout._traverse() if getattr(c, "id", None) == "maps-map-graph").figure
    assert len(figure["data"]) == 1 + LEGEND  # the hex map: one trace of tiles, then the legend
    tiles = figure["data"][0]
    assert tiles["mode"] == "markers+text" and tiles["marker"]["symbol"] == "hexagon"
    assert tiles["customdata"] == CURRENT
    assert tiles["text"][MANCHESTER].startswith("MANC<br>")
    assert "Manchester" in tiles["hovertext"][MANCHESTER]
    assert figure["layout"]["legend"]["title"]["text"] == "Leadership change at last inspection:"
    assert len(json.dumps(figure)) < 70_000  # the whole hex map, hover texts included (~64 KB)


@pytest.mark.parametrize(
    "query",
    ["?region=north-west", "?region=london&colour=months", "?colour=change", "?region=north-east&colour=leadership"],
)
def test_a_region_or_colour_change_sends_a_small_patch_not_the_figure(demo_app, query):
    client = MeasuringClient(demo_app)
    response = restyle(client, query)
    figure = response["maps-map-graph"]["figure"]
    assert is_patch(figure)
    text = json.dumps(figure)
    assert '"x"' not in text and "Click for the local authority" not in text  # no geometry, no hover text
    ops = operations(response)
    assert len(ops[("data", 0, "marker", "color")]) == N
    assert len(ops[("data", 0, "marker", "line", "color")]) == N
    assert ops[("data", 0, "marker", "line", "width")] == 1.5  # no LA selected: one width for all
    assert len(ops[("data", 0, "text")]) == len(ops[("data", 0, "textfont", "color")]) == N
    assert ops[("data", 0, "marker", "size")] > 20 and ops[("data", 0, "textfont", "size")] >= 8
    assert ("layout", "template", "data", "scatter") not in ops  # the hex map needs no template
    assert client.last_bytes < PATCH_BUDGET, f"patch of {client.last_bytes} bytes"
    print(f"\n{query}: {client.last_bytes} bytes")  # shown with -s: the number to report


def test_region_change_restyles_the_region_and_updates_the_summary(demo_app):
    response = restyle(MeasuringClient(demo_app), "?region=north-west")
    ops = operations(response)
    labels = ops[("data", 0, "text")]
    manchester = labels[MANCHESTER]
    assert manchester.startswith("MANC<br>") and len(manchester) > len("MANC<br>")
    birmingham = CURRENT.index("E08000025")
    assert labels[birmingham] == "BIRM"  # Birmingham: outside, label only
    assert ops[("data", 0, "marker", "color")][birmingham] == MUTED
    assert ops[("data", 0, "marker", "line", "color")][MANCHESTER] == REGION_LINE
    assert ops[("data", 0, "marker", "line", "color")][birmingham] == LIGHT_LINE
    legend = [ops[("data", 1 + j)]["name"] for j in range(LEGEND)]
    assert legend[0] == "Outstanding" and legend[-1] == "Outside North West"
    x0, x1 = ops[("layout", "xaxis", "range")]
    y0, y1 = ops[("layout", "yaxis", "range")]
    assert x1 - x0 < 12 and y1 - y0 < 14  # zoomed to the North West (England: ~23 x 28 units)
    summary = response["maps-map-summary"]["children"]
    assert summary.startswith("Map of the 24 local authorities in North West")
    assert response["maps-map-img"]["aria-label"] == response["maps-map-summary"]["children"]
    assert "maps-map-table" not in response  # the table is filled when its tab is opened


def test_the_selected_la_gets_a_thick_outline_and_a_sentence(demo_app):
    response = restyle(MeasuringClient(demo_app), "?region=north-west&la=E08000003")
    widths = operations(response)[("data", 0, "marker", "line", "width")]
    assert widths[MANCHESTER] == 4 and set(widths[:MANCHESTER] + widths[MANCHESTER + 1 :]) == {1.5}
    assert "Manchester (selected): " in response["maps-map-summary"]["children"]


def test_tiles_and_labels_grow_when_the_browser_reports_a_bigger_map(demo_app):
    client = MeasuringClient(demo_app)
    first = restyle(client, "")  # a filter change before any measurement: the first render's sizes
    first_size = operations(first)[("data", 0, "marker", "size")]
    response = restyle(client, "", size=[1800, 810])  # 75vh of a 1920x1080 wall screen
    ops = operations(response)
    assert ops[("data", 0, "marker", "size")] == pytest.approx(first_size * (810 - 48) / (576 - 48), abs=0.1)
    assert ops[("data", 0, "textfont", "size")] > operations(first)[("data", 0, "textfont", "size")]
    assert client.last_bytes < PATCH_BUDGET
    again = status(
        client,
        "maps-map-graph.figure",
        {"maps-filters.data": "", "maps-map-size.data": [1200, 576]},
        state={"maps-map-kind.data": "hex"},
        changed=["maps-map-size.data"],
    )
    assert again == 204  # the first render already fits a 1200 x 576 map: nothing to send


def test_a_narrow_screen_gets_smaller_tiles_that_do_not_overlap(demo_app):
    client = MeasuringClient(demo_app)
    wide = operations(restyle(client, ""))[("data", 0, "marker", "size")]  # 1200 x 576: the height decides
    ops = operations(restyle(client, "", size=[340, 600]))
    narrow = ops[("data", 0, "marker", "size")]
    assert narrow < wide * 0.9
    x0, x1 = ops[("layout", "xaxis", "range")]
    # the width decides: England's width in units times the pixels a unit gets fits in 340 - 8
    assert (x1 - x0) * narrow / (2 * 0.94) == pytest.approx(340 - 8, abs=1)


def boundary_file(folder) -> None:
    """A tiny stand-in for the ONS file: two LAs as squares (the others get empty traces)."""

    def square(code, lon, lat):
        ring = [[lon, lat], [lon + 0.2, lat], [lon + 0.2, lat + 0.2], [lon, lat + 0.2], [lon, lat]]
        return {
            "type": "Feature",
            "properties": {"CTYUA23CD": code, "CTYUA23NM": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    folder.mkdir()
    (folder / "utla.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "attribution": "Test boundaries",
                "features": [square("E08000003", -2.3, 53.4), square("E08000006", -2.5, 53.4)],
            }
        )
    )


def test_changing_the_map_kind_sends_the_full_figure(demo_app, tmp_path, monkeypatch):
    boundary_file(tmp_path / "geo")
    monkeypatch.setenv("RIA_GEO_DIR", str(tmp_path / "geo"))
    client = DashClient(demo_app)
    response = restyle(client, "?region=north-west&map=geo", shown_kind="hex")
    figure = response["maps-map-graph"]["figure"]
    assert not is_patch(figure)
    assert len(figure["data"]) == N + 1 + LEGEND  # geo: a trace per LA, the labels, the legend
    assert figure["data"][MANCHESTER]["x"][:2] == [-2.3, -2.1]
    assert response["maps-map-kind"]["data"] == "geo"
    assert response["maps-map-credit"]["children"] == "Boundaries: Test boundaries"
    measuring = MeasuringClient(demo_app)
    same_kind = restyle(measuring, "?region=london&map=geo", shown_kind="geo")
    assert is_patch(same_kind["maps-map-graph"]["figure"])
    template = operations(same_kind)[("layout", "template", "data", "scatter")]
    assert len(template) == N + 1 + LEGEND
    assert operations(same_kind)[("data", N + 1)]["name"] == "Outstanding"  # the first legend slot
    assert measuring.last_bytes < GEO_PATCH_BUDGET, f"geo patch of {measuring.last_bytes} bytes"
    print(f"\ngeo ?region=london: {measuring.last_bytes} bytes")
    back = restyle(client, "?region=north-west", shown_kind="geo")
    assert not is_patch(back["maps-map-graph"]["figure"]) and back["maps-map-kind"]["data"] == "hex"


def test_geo_without_boundaries_shows_the_hex_map_with_a_note(demo_app):
    client = DashClient(demo_app)
    response = restyle(client, "?map=geo", shown_kind="hex")
    assert is_patch(response["maps-map-graph"]["figure"])  # still the hex map: no new geometry
    assert response["maps-map-kind"]["data"] == "hex"
    assert "Boundaries not loaded, showing the hex map" in json.dumps(response["maps-map-note"]["children"])
    assert response["maps-map-credit"]["children"].startswith("Hex tiles")


def click(client: DashClient, data: dict, kind: str = "hex") -> dict:
    return client.callback("maps-map-nav.href", {"maps-map-graph.clickData": data}, state={"maps-map-kind.data": kind})


def test_clicking_an_la_opens_its_profile(demo_app):
    client = DashClient(demo_app)
    # hex: plotly's clickData for a tile, the point's customdata is its ONS code
    on_tile = {"points": [{"curveNumber": 0, "pointNumber": MANCHESTER, "x": 6.9, "customdata": "E08000003"}]}
    assert click(client, on_tile)["maps-map-nav"]["href"] == "/la/E08000003"
    # geo: a fill carries no point data, only its trace number
    on_fill = {"points": [{"curveNumber": MANCHESTER, "x": 1, "y": 2}]}
    assert click(client, on_fill, kind="geo")["maps-map-nav"]["href"] == "/la/E08000003"


@pytest.mark.parametrize(
    "data,kind",
    [
        ({"points": [{"curveNumber": N + 2}]}, "geo"),  # a legend trace
        ({"points": [{"curveNumber": 0, "pointNumber": 3}]}, "hex"),  # no code: not the first LA
        ({"points": [{"curveNumber": 2}]}, "hex"),  # a legend trace
        ({"points": [{"customdata": "javascript:alert(1)"}]}, "hex"),
        ({"points": []}, "hex"),
    ],
)
def test_clicks_off_an_la_go_nowhere(demo_app, data, kind):
    client = DashClient(demo_app)
    inputs, state = {"maps-map-graph.clickData": data}, {"maps-map-kind.data": kind}
    assert status(client, "maps-map-nav.href", inputs, state) == 204  # no update


def test_table_tab_links_every_la_of_the_region_to_its_profile(demo_app):
    client = DashClient(demo_app)
    response = client.callback(
        "maps-map-table.children", {"maps-filters.data": "?region=north-west", "maps-map-tab-table.n_clicks": 1}
    )
    text = json.dumps(response["maps-map-table"]["children"])
    assert text.count('"href": "/la/') == 24 and '"/la/E08000003"' in text
    assert "Birmingham" not in text


def test_download_is_the_tables_csv(demo_app):
    client = DashClient(demo_app)
    href = download_link(client, "maps-map", "maps-filters.data", "?region=north-west&colour=change")
    filename, content = fetch_download(demo_app, href)
    assert filename == "map-change-north-west.csv"
    lines = content.splitlines()
    assert lines[0] == "# Map of North West: leadership change at last inspection"
    header = next(line for line in lines if not line.startswith("#"))
    assert header.startswith("Local authority,ONS code,Region,Overall grade")
    assert sum(1 for line in lines if not line.startswith("#")) == 1 + 24


def test_overview_carries_the_smaller_map(demo_app):
    client = MeasuringClient(demo_app)
    response = client.callback(
        "overview-map-graph.figure",
        {"overview-filters.data": "?region=london", "overview-map-size.data": None},
        state={"overview-map-kind.data": "hex"},
    )
    assert is_patch(response["overview-map-graph"]["figure"])
    ops = {
        tuple(op["location"]): op["params"].get("value")
        for op in response["overview-map-graph"]["figure"]["operations"]
    }
    assert ops[("data", 0, "marker", "color")][CURRENT.index("E09000001")] != MUTED  # City of London
    assert ops[("data", 0, "marker", "color")][MANCHESTER] == MUTED
    assert client.last_bytes < PATCH_BUDGET


def test_months_since_are_counted_to_the_datas_date_not_the_clock(demo_app, demo_store):
    """The map's "months since" and current grades are as at the newest publication in the store."""
    from dashboard.views.maps import current_values
    from data_access import derived
    from data_access.metrics.map_values import months_between

    data_date = derived.data_as_at(demo_store)
    values = current_values()
    inspected = values.dropna(subset=["last_inspection_date"])
    assert len(inspected) > 100
    expected = [months_between(day, data_date) for day in inspected["last_inspection_date"]]
    assert inspected["months_since"].tolist() == expected
    assert (inspected["last_inspection_date"] <= pd.Timestamp(data_date)).all()
