"""The first layout response holds the page the browser is on (from the request's Referer), so a
page load needs no second request to Dash's router; without a usable Referer it holds none.
(The first_render, preload, strip_scripts and deferred fast paths: dashboard/fast_paths.py.)"""

from __future__ import annotations

import json

import pytest

from tests.skips import needs_fast_path

first_render = needs_fast_path("first_render")


@pytest.fixture(scope="module")
def client(demo_store_url):
    from dashboard import create_app

    http = create_app(demo_store_url).server.test_client()
    assert http.get("/").status_code == 200
    return http


def find(node, component_id: str):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in node.get("props", node).values():
            if (found := find(value, component_id)) is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            if (found := find(item, component_id)) is not None:
                return found
    return None


def first_layout(client, referrer: str | None) -> dict:
    headers = {"Referer": referrer} if referrer else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    return json.loads(response.data)


@first_render
def test_the_page_and_its_query_are_rendered_with_a_location_that_matches_the_url(client):
    url = "http://localhost/judgements?region=london&area=leadership"
    layout = first_layout(client, url)
    heading = find(layout, "judgements-heading")
    assert heading["props"]["children"] == "Judgements over time: London"
    location = find(layout, "_pages_location")["props"]
    assert (location["pathname"], location["search"], location["href"], location["hash"]) == (
        "/judgements",
        "?region=london&area=leadership",
        url,
        "",
    )
    assert find(layout, "_pages_store")["props"]["data"]["title"].startswith("Judgements")


@first_render
def test_an_la_profile_and_an_unknown_path_render_like_the_router(client):
    profile = first_layout(client, "http://localhost/la/E08000003")
    assert find(profile, "authority-heading")["props"]["children"] == "Manchester"
    missing = first_layout(client, "http://localhost/no-such-page")
    assert find(missing, "_pages_content")["props"]["children"] is not None
    assert "not found" in json.dumps(find(missing, "_pages_content")).lower()


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/judgements?region=london"])
def test_without_this_sites_referrer_the_router_renders_the_page(client, referrer):
    """(As with the fast path off: the layout is Dash's own empty page container.)"""
    layout = first_layout(client, referrer)
    content = find(layout, "_pages_content")
    assert content is not None and not content["props"].get("children")
    assert "pathname" not in find(layout, "_pages_location")["props"]


def test_each_page_names_itself_in_the_html_title(client):
    overview = client.get("/").get_data(as_text=True)
    assert "<title>Overview - RIA children&#x27;s services dashboard</title>" in overview
    assert "<title>Manchester - local authority profile" in client.get("/la/E08000003").get_data(as_text=True)
    assert "<title>Methods and sources" in client.get("/methods").get_data(as_text=True)


PLOTLY_PRELOAD = '<link rel="preload" href="/_dash-component-suites/plotly/package_data/plotly.min.js" as="script">'


@needs_fast_path("preload")
def test_chart_pages_preload_plotly(client):
    overview = client.get("/").get_data(as_text=True)
    assert PLOTLY_PRELOAD in overview
    assert '<link rel="preload" href="/_dash-component-suites/dash/dcc/async-graph.js" as="script">' in overview
    assert PLOTLY_PRELOAD in client.get("/la/E08000003").get_data(as_text=True)
    assert "plotly.min.js" not in client.get("/methods").get_data(as_text=True)


@needs_fast_path("strip_scripts")
def test_scripts_no_page_uses_are_left_out(client):
    overview = client.get("/").get_data(as_text=True)
    assert "polyfill" not in overview and "dash_table/bundle" not in overview
    assert "dash_renderer" in overview and "dash_core_components" in overview


@first_render
def test_a_layout_response_is_rendered_once_per_url(demo_store_url, monkeypatch):
    from dashboard import create_app

    app = create_app(demo_store_url)
    http = app.server.test_client()
    renders = []
    serve = app.serve_layout

    def counting():
        renders.append(1)
        return serve()

    monkeypatch.setattr(app, "serve_layout", counting)
    london = "http://localhost/judgements?region=london"
    first = first_layout(http, london)
    assert first_layout(http, london) == first and len(renders) == 1  # the second from memory
    assert find(first_layout(http, "http://localhost/judgements"), "judgements-heading")["props"]["children"] == (
        "Judgements over time: England"
    )
    assert len(renders) == 2  # another URL, another render


def deferred_sections(node) -> list[dict]:
    """Every Deferred section under `node`, in document order."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "Deferred":
            found.append(node)
        for value in node.get("props", {}).values():
            found.extend(deferred_sections(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(deferred_sections(item))
    return found


@first_render
@needs_fast_path("deferred")
@pytest.mark.parametrize(
    "path, sections",
    [
        ("/judgements", ["judgements-by-year-card", "judgements-as-at-card", "judgements-transitions-card"]),
        ("/leadership", ["leadership-by-year-card", "leadership-by-region-card"]),
        ("/", ["overview-map-card", "overview-changes"]),
        ("/maps", ["maps-map-card"]),
    ],
)
def test_every_chart_card_can_be_drawn_after_the_first_screen(client, path, sections):
    """Cards come whole in the first layout (callbacks and tests find their ids), each inside a
    Deferred section with a placeholder about its height; the browser decides what is on screen."""
    found = deferred_sections(first_layout(client, "http://localhost" + path))
    assert [section["props"]["children"]["props"]["id"] for section in found] == sections
    for section in found:
        props = section["props"]
        assert props["label"] and props["min_height"]
        card = props["children"]
        if card["props"]["id"].endswith("-card"):
            assert find(card, card["props"]["id"].removesuffix("-card") + "-graph")["type"] == "Graph"
    by_year = found[0]["props"] if path == "/judgements" else None
    if by_year:
        assert by_year["min_height"] == "870px"  # the plot's 640 px and the card around it
