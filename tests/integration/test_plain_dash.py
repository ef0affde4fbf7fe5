"""With RIA_FAST_PATHS=0 the app is plain public-API Dash (dashboard/fast_paths.py): no private Dash
name is used, Dash's router, index, scripts and plotly.js serve every page; and a Dash that lost a
private name the fast paths need runs the same way, saying so in the log."""

from __future__ import annotations

import json

import pytest

from dashboard import fast_paths
from tests.dash_client import DashClient
from tests.integration.test_first_render import find

PAGES = ["/", "/maps", "/judgements", "/leadership", "/support", "/la/E08000003", "/methods"]
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"


@pytest.fixture
def plain_app(demo_store_url, monkeypatch):
    """The app built and serving with RIA_FAST_PATHS=0, where any use of a private name fails."""
    from dashboard import create_app

    monkeypatch.setenv(fast_paths.SETTING, "0")
    used = []

    def no_private(module, name):
        used.append(f"{module}.{name}")
        raise AssertionError(f"{module}.{name} used with the fast paths off")

    monkeypatch.setattr(fast_paths, "private", no_private)
    app = create_app(demo_store_url)
    yield app
    assert used == []


def test_with_the_fast_paths_off_every_page_is_served_by_plain_dash(plain_app):
    assert plain_app.server.config[fast_paths.SETTING] == frozenset()
    http = plain_app.server.test_client()
    for path in PAGES:
        response = http.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        # Dash's own scripts, polyfill and dash_table's bundle included; no preload of plotly.js
        assert "deps/polyfill@" in html and "dash_table/bundle" in html and "dash_renderer" in html, path
        assert 'rel="preload"' not in html, path
    # The layout is Dash's empty page container, whatever page the browser is on: Dash's router
    # renders the page from the URL.
    layout = http.get("/_dash-layout", headers={"Referer": "http://localhost/judgements"}).get_json()
    assert find(layout, "_pages_content")["props"].get("children") is None
    assert "pathname" not in find(layout, "_pages_location")["props"]


def test_with_the_fast_paths_off_dashs_router_renders_every_page(plain_app):
    client = DashClient(plain_app)
    for path in PAGES:
        response = client.callback(
            "_pages_content.children", {"_pages_location.pathname": path, "_pages_location.search": ""}
        )
        content = json.dumps(response["_pages_content"]["children"])
        assert '"type": "H1"' in content, path
        assert '"Deferred"' not in content, path  # sections below the first screen: plain Divs
        if path != "/methods":
            assert '"className": "ria-deferred"' in content, path


def test_with_the_fast_paths_off_plotly_js_is_dashs_full_bundle(plain_app):
    http = plain_app.server.test_client()
    response = http.get(PLOTLY, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    body = response.get_data()
    if fast_paths.PARTIAL_PLOTLY.exists():
        assert body != fast_paths.PARTIAL_PLOTLY.read_bytes()
    assert len(body) > 3_000_000  # plotly.py's full plotly.min.js (4.8 MB), not the basic bundle


def test_a_dash_without_a_private_name_runs_plain_and_says_why(demo_store_url, monkeypatch, caplog):
    from dashboard import create_app

    monkeypatch.setenv(fast_paths.SETTING, "1")
    names = {**fast_paths.PRIVATE_NAMES, "dash._pages": (*fast_paths.PRIVATE_NAMES["dash._pages"], "_gone_in_dash_9")}
    monkeypatch.setattr(fast_paths, "PRIVATE_NAMES", names)
    app = create_app(demo_store_url)
    assert app.server.config[fast_paths.SETTING] == frozenset()
    assert "dash._pages._gone_in_dash_9" in caplog.text and f"dash {fast_paths.dash.__version__}" in caplog.text
    assert app.server.test_client().get("/judgements").status_code == 200
