"""The Maps page over HTTP: filter changes restyle the map by dash.Patch; clicks open LA profiles."""

from __future__ import annotations

import json

import pytest

from data_access.db import session_scope
from data_access.importers.demo import load_demo
from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from data_access.store import migrate
from tests.dash_client import DashClient

PATCH_BUDGET = 20_000  # bytes; measured ~12 KB for 153 LAs (the design budget is 15 KB)
N = sum(1 for la in LOCAL_AUTHORITIES if la.current)
CURRENT = sorted(la.ons_code for la in LOCAL_AUTHORITIES if la.current)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> str:
    """One demo store for the module (SQLite: these tests are about the page, not the database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('maps') / 'store.db'}"
    migrate(url)
    with session_scope(url) as session:
        load_demo(session)
    return url


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


def restyle(client: DashClient, query: str, shown_kind: str = "hex", size: int | None = None) -> dict:
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
    assert len(figure.data) == N + 1 + 7
    assert figure.layout.legend.title.text == "Leadership change at last inspection:"


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
    locations = [op["location"] for op in figure["operations"]]
    assert ["layout", "template", "data", "scatter"] in locations
    template = next(op for op in figure["operations"] if op["location"][-1] == "scatter")["params"]["value"]
    assert len(template) == N + 1 + 7
    assert client.last_bytes < PATCH_BUDGET, f"patch of {client.last_bytes} bytes"
    print(f"\n{query}: {client.last_bytes} bytes")  # shown with -s: the number to report


def test_region_change_restyles_the_region_and_updates_the_summary(demo_app):
    response = restyle(MeasuringClient(demo_app), "?region=north-west")
    ops = operations(response)
    labels = ops[("data", N, "text")]
    manchester = labels[CURRENT.index("E08000003")]
    assert manchester.startswith("MANC<br>") and len(manchester) > len("MANC<br>")
    assert labels[CURRENT.index("E08000025")] == "BIRM"  # Birmingham: outside, label only
    assert ops[("layout", "xaxis", "range")] and ops[("layout", "yaxis", "range")]
    summary = response["maps-map-summary"]["children"]
    assert summary.startswith("Map of the 24 local authorities in North West")
    assert response["maps-map-img"]["aria-label"] == response["maps-map-summary"]["children"]
    assert "maps-map-table" not in response  # the table is filled when its tab is opened


def test_labels_grow_when_the_browser_reports_a_taller_map(demo_app):
    client = MeasuringClient(demo_app)
    response = restyle(client, "", size=810)  # 75vh of a 1080-pixel wall screen
    ops = operations(response)
    assert ops[("data", N, "textfont", "size")] > 8  # sized for 576 pixels at first
    assert client.last_bytes < PATCH_BUDGET
    again = status(
        client,
        "maps-map-graph.figure",
        {"maps-filters.data": "", "maps-map-size.data": 576},
        state={"maps-map-kind.data": "hex"},
        changed=["maps-map-size.data"],
    )
    assert again == 204  # the first render already fits a 576-pixel map: nothing to send


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
    assert len(figure["data"]) == N + 1 + 7
    assert figure["data"][CURRENT.index("E08000003")]["x"][:2] == [-2.3, -2.1]
    assert response["maps-map-kind"]["data"] == "geo"
    assert response["maps-map-credit"]["children"] == "Boundaries: Test boundaries"
    same_kind = restyle(client, "?region=london&map=geo", shown_kind="geo")
    assert is_patch(same_kind["maps-map-graph"]["figure"])
    back = restyle(client, "?region=north-west", shown_kind="geo")
    assert not is_patch(back["maps-map-graph"]["figure"]) and back["maps-map-kind"]["data"] == "hex"


def test_geo_without_boundaries_shows_the_hex_map_with_a_note(demo_app):
    client = DashClient(demo_app)
    response = restyle(client, "?map=geo", shown_kind="hex")
    assert is_patch(response["maps-map-graph"]["figure"])  # still the hex map: no new geometry
    assert response["maps-map-kind"]["data"] == "hex"
    assert "Boundaries not loaded, showing the hex map" in json.dumps(response["maps-map-note"]["children"])
    assert response["maps-map-credit"]["children"].startswith("Hex tiles")


def test_clicking_an_la_opens_its_profile(demo_app):
    client = DashClient(demo_app)
    manchester = CURRENT.index("E08000003")
    on_fill = {"points": [{"curveNumber": manchester, "x": 1, "y": 2}]}  # a fill carries no point data
    response = client.callback("maps-map-nav.href", {"maps-map-graph.clickData": on_fill})
    assert response["maps-map-nav"]["href"] == "/la/E08000003"
    on_label = {"points": [{"curveNumber": N, "pointNumber": manchester, "customdata": "E08000003"}]}
    response = client.callback("maps-map-nav.href", {"maps-map-graph.clickData": on_label})
    assert response["maps-map-nav"]["href"] == "/la/E08000003"


@pytest.mark.parametrize(
    "click",
    [
        {"points": [{"curveNumber": N + 2}]},  # a legend trace
        {"points": [{"customdata": "javascript:alert(1)"}]},
        {"points": []},
    ],
)
def test_clicks_off_an_la_go_nowhere(demo_app, click):
    client = DashClient(demo_app)
    assert status(client, "maps-map-nav.href", {"maps-map-graph.clickData": click}) == 204  # no update


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
    response = client.callback(
        "maps-map-download.data",
        {"maps-map-download-button.n_clicks": 1},
        state={"maps-filters.data": "?region=north-west&colour=change"},
    )
    data = response["maps-map-download"]["data"]
    assert data["filename"] == "map-change-north-west.csv"
    lines = data["content"].splitlines()
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
    assert client.last_bytes < PATCH_BUDGET
