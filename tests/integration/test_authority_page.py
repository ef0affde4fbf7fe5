"""The LA profile (/la/<code>) on the demo store: every inspection listed, friendly when unknown."""

from __future__ import annotations

import json

import dash
import pytest
from plotly.utils import PlotlyJSONEncoder

from data_access import queries
from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from tests.dash_client import fetch_download
from tests.integration.test_leadership_page import Client, _find, _text, table_rows

MANCHESTER = "E08000003"


@pytest.fixture(scope="module")
def demo(demo_store_url):
    from dashboard import create_app

    return demo_store_url, Client(create_app(demo_store_url))


def tree(component) -> dict:
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def by_id(node, component_id: str):
    if isinstance(node, list):
        for child in node:
            found = by_id(child, component_id)
            if found is not None:
                return found
    elif isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in node.get("props", {}).values():
            found = by_id(value, component_id)
            if found is not None:
                return found
    return None


def profile(code: str) -> dict:
    from dashboard.pages import authority

    return tree(authority.layout(code=code))


def inspections_of(url: str, code: str):
    frame = queries.inspections(url)
    return frame[frame["ons_code"] == code]


def test_profile_lists_every_inspection_and_visit_of_the_la(demo):
    url, _ = demo
    page = profile(MANCHESTER)
    rows = table_rows(by_id(page, "authority-inspections-table"))
    expected = inspections_of(url, MANCHESTER)
    assert len(rows) == len(expected) > 0
    assert sorted(r["Published"] for r in rows) == sorted(
        d.strftime("%Y-%m-%d") if d == d else "" for d in expected["published_date"]
    )
    assert _text(by_id(page, "authority-heading")) == "Manchester"
    assert len(_find(page, "H1")) == 1


@pytest.mark.parametrize("code", [la.ons_code for la in LOCAL_AUTHORITIES if la.current][::17])
def test_inspection_count_matches_the_store_for_a_sample_of_las(demo, code):
    url, _ = demo
    rows = table_rows(by_id(profile(code), "authority-inspections-table")) if len(inspections_of(url, code)) else []
    assert len(rows) == len(inspections_of(url, code))


def test_the_timeline_has_a_table_and_a_one_sentence_summary_with_the_count(demo):
    url, client = demo
    page = profile(MANCHESTER)
    count = len(inspections_of(url, MANCHESTER))
    summary = _text(by_id(page, "authority-timeline-summary"))
    assert summary.startswith(f"Manchester has {count} inspections and visits recorded")
    assert _find(by_id(page, "authority-timeline-table"), "Table") == []  # built when its tab is opened
    opened = {"authority-timeline-tab-table.n_clicks": 1}
    table = client.call("authority-timeline-table.children", opened, {"authority-code.data": MANCHESTER})
    assert len(table_rows(table["authority-timeline-table"]["children"])) == count
    again = {"authority-timeline-tab-table.n_clicks": 2}
    response = client.http.post(
        "/_dash-update-component",
        json={
            "output": "authority-timeline-table.children",
            "outputs": {"id": "authority-timeline-table", "property": "children"},
            "inputs": [{"id": "authority-timeline-tab-table", "property": "n_clicks", "value": 2}],
            "state": [{"id": "authority-code", "property": "data", "value": MANCHESTER}],
            "changedPropIds": list(again),
        },
    )
    assert response.status_code == 200
    # Opened again, the same table is sent again: Dash drops the first opening's answer if it is
    # still on its way, so answering nothing could leave the tab empty.
    assert response.get_json()["response"] == table
    figure = by_id(page, "authority-timeline-graph")["props"]["figure"]
    assert any(t["name"] == "Focused visit" for t in figure["data"])


def test_current_grades_links_and_region_overview(demo):
    page = profile(MANCHESTER)
    current = _text(by_id(page, "authority-current"))
    for area in ("Overall effectiveness", "Leadership", "Help and protection"):
        assert area in current
    hrefs = [link["props"]["href"] for link in _find(by_id(page, "authority-nav"), "Link")]
    assert hrefs == ["/la/E08000012", "/?region=north-west", "/la/E08000004"]  # Liverpool, Oldham


def test_the_ends_of_a_region_have_no_previous_or_no_next_link(demo):
    first = _text(by_id(profile("E06000008"), "authority-nav"))  # Blackburn with Darwen
    assert "Previous in region" not in first and "Next in region" in first
    last = _text(by_id(profile("E08000015"), "authority-nav"))  # Wirral
    assert "Previous in region" in last and "Next in region" not in last


def test_support_sections_show_rows_or_say_there_are_none(demo):
    url, _ = demo
    peer = queries.peer_challenges(url)
    interventions = queries.interventions(url)
    with_peer = peer["ons_code"].iloc[0]
    page = profile(with_peer)
    rows = table_rows(by_id(page, "authority-peer-challenges"))
    assert len(rows) == int((peer["ons_code"] == with_peer).sum())
    quiet = next(la for la in LOCAL_AUTHORITIES if la.current and la.ons_code not in set(interventions["ons_code"]))
    text = _text(by_id(profile(quiet.ons_code), "authority-interventions"))
    assert f"No interventions are recorded for {quiet.name}." in text


def test_unknown_code_shows_a_friendly_message_with_a_way_back(demo):
    page = profile("XYZ123")
    text = _text(page)
    assert "Local authority not found" in text
    assert "XYZ123" in text
    assert "/" in [link["props"]["href"] for link in _find(page, "Link")]
    assert len(_find(page, "H1")) == 1


@pytest.mark.parametrize("code", ["", None, "<script>alert(1)</script>", "e99999999", "E08000003/extra"])
def test_odd_codes_never_raise(demo, code):
    from dashboard.pages import authority

    assert "Local authority not found" in _text(tree(authority.layout(code=code)))


def test_codes_are_case_insensitive_and_old_codes_show_todays_authority(demo):
    assert _text(by_id(profile("e08000003"), "authority-heading")) == "Manchester"
    assert _text(by_id(profile("E10000023"), "authority-heading")) == "North Yorkshire"


def test_a_former_authority_links_to_its_successor(demo):
    page = profile("E06000028")  # Bournemouth
    assert "/la/E06000058" in [link["props"]["href"] for link in _find(page, "Link")]
    assert "former authority" in _text(page)


def test_page_title_names_the_la(demo):
    page = next(p for p in dash.page_registry.values() if p["module"].endswith("authority"))
    assert page["path_template"] == "/la/<code>"
    assert page["title"](code=MANCHESTER).startswith("Manchester - ")
    assert page["title"](code="nope").startswith("Local authority not found")
    _, client = demo
    html = client.http.get(f"/la/{MANCHESTER}").get_data(as_text=True)
    assert 'content="Manchester - local authority profile' in html


def test_the_router_renders_the_profile_and_the_not_found_page(demo):
    _, client = demo
    found = client.call(
        "_pages_content.children", {"_pages_location.pathname": f"/la/{MANCHESTER}", "_pages_location.search": ""}
    )
    assert found["_pages_store"]["data"]["title"].startswith("Manchester")
    assert "Every inspection and visit" in _text(found["_pages_content"]["children"])
    missing = client.call(
        "_pages_content.children", {"_pages_location.pathname": "/la/NOPE", "_pages_location.search": ""}
    )
    assert "Local authority not found" in _text(missing["_pages_content"]["children"])
    nowhere = client.call(
        "_pages_content.children", {"_pages_location.pathname": "/no/such/page", "_pages_location.search": ""}
    )
    assert "Page not found" in _text(nowhere["_pages_content"]["children"])


def test_timeline_download_is_every_inspection_as_csv(demo):
    url, client = demo
    from dashboard.pages import authority

    layout = authority.layout(code=MANCHESTER)
    link = next(c for c in layout._traverse() if getattr(c, "id", None) == "authority-timeline-download-button")
    assert link.href == f"/data/authority-timeline.csv?la={MANCHESTER}"
    filename, content = fetch_download(client.app, link.href)
    assert filename == f"inspections-{MANCHESTER}.csv"
    lines = [line for line in content.splitlines() if not line.startswith("#")]
    assert lines[0].startswith("Published,Inspected,Framework,Inspection,Theme,")
    assert len(lines) - 1 == len(inspections_of(url, MANCHESTER))
    assert "# Filters: North West; Manchester\r\n" in content  # only what the view reads
