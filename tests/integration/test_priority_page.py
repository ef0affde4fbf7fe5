"""The priority list over HTTP on the demo store: the page, its callbacks and its data twins equal
the metric, and the confidential rule never reaches the public page or downloads."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from data_access import derived, queries
from data_access.metrics.priority import priority_list
from data_access.priority_rules import RULES, rules_for
from tests.dash_client import DashClient, fetch_download
from tests.integration.test_judgements_page import find
from tests.integration.test_views_and_data import csv_body

NORTH_WEST = "E12000002"


@pytest.fixture(scope="module")
def app(demo_store_url):
    from dashboard import create_app

    return create_app(demo_store_url)


def metric(url: str, region: str | None, include_confidential: bool = False) -> pd.DataFrame:
    return priority_list(
        queries.judgements(url),
        queries.inspections(url),
        queries.peer_challenges(url),
        queries.interventions(url),
        queries.risk_signature_assessments(url, include_confidential=True),
        queries.local_authorities(url),
        derived.data_as_at(url),
        region,
        include_confidential,
        reorganisations=queries.reorganisations(url),
        programme=queries.programme_participation(url),
    )


def serialised(component) -> dict:
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def _text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return " ".join(_text(n) for n in node)
    return _text(node.get("props", {}).get("children"))


def test_csv_twin_equals_the_metric(app, demo_store_url):
    name, text = fetch_download(app, "/data/priority-list.csv?region=north-west")
    assert name == "priority-list-north-west.csv"
    comments, rows = csv_body(text)
    expected = metric(demo_store_url, NORTH_WEST)
    header, body = rows[0], rows[1:]
    labels = [r.label for r in rules_for(False)]
    assert header == [
        "Local authority",
        "ONS code",
        "Region",
        "Flags",
        *labels,
        "Why flagged",
        "Support recorded",
    ]
    assert "Risk signature: significant concern" not in header
    assert len(body) == len(expected) == 24  # the North West's current LAs
    for got, want in zip(body, expected.to_dict("records"), strict=True):
        cells = dict(zip(header, got, strict=True))
        assert cells["Local authority"] == want["la_name"]
        assert cells["ONS code"] == want["ons_code"]
        assert int(cells["Flags"]) == want["flags"]
        assert [cells[r.label] for r in rules_for(False)] == ["Yes" if want[r.id] else "No" for r in rules_for(False)]
        assert cells["Why flagged"] == want["why"]
        assert cells["Support recorded"] == want["support"]
    flags = [int(r[3]) for r in body]
    assert flags == sorted(flags, reverse=True) and flags[0] > 0
    assert any("confidential" in line for line in comments)
    assert any("Rule \u201cInspection overdue\u201d" in line for line in comments)


def test_summary_names_the_count_and_the_most_common_flag(app, demo_store_url):
    from dashboard.filters import Filters
    from dashboard.views import VIEWS

    expected = metric(demo_store_url, NORTH_WEST)
    flagged = int((expected["flags"] > 0).sum())
    counts = {r.label: int(expected[r.id].sum()) for r in rules_for(False)}
    common = max(counts, key=counts.get)
    result = VIEWS["priority-list"].result(Filters(region=NORTH_WEST))
    assert result.summary == (
        f"{flagged} of 24 local authorities in North West have at least one flag; the most common is "
        f"\u201c{common.lower()}\u201d ({counts[common]} of 24)."
    )


def test_england_lists_every_current_la_grouped_by_region(app, demo_store_url):
    _, content = fetch_download(app, "/data/priority-list.csv")
    _, rows = csv_body(content)
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    current = queries.local_authorities(demo_store_url)
    assert len(frame) == int(current["la_current"].sum())
    regions = list(frame["Region"])
    assert regions == sorted(regions)  # each region's LAs together, regions in name order


@pytest.mark.parametrize("extension", ["xlsx", "ods"])
def test_spreadsheets_hold_the_same_rows(app, extension):
    response = app.server.test_client().get(f"/data/priority-list.{extension}?region=north-west")
    assert response.status_code == 200
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None, engine="odf" if extension == "ods" else None)
    _, text = fetch_download(app, "/data/priority-list.csv?region=north-west")
    _, rows = csv_body(text)
    data = [s for s in sheets.values() if "Why flagged" in s.columns]
    assert len(data) == 1
    assert list(data[0]["Local authority"]) == [r[0] for r in rows[1:]]


def test_the_confidential_flag_is_computed_only_when_asked(app, demo_store_url):
    from dashboard.filters import Filters
    from dashboard.views import priority

    public = priority.compute(Filters(region=NORTH_WEST))
    permitted = priority.compute(Filters(region=NORTH_WEST), include_confidential=True)
    label = "Risk signature: significant concern"
    assert label not in public.frame.columns
    assert label in permitted.frame.columns
    expected = metric(demo_store_url, NORTH_WEST, include_confidential=True)
    assert int((permitted.frame[label] == "Yes").sum()) == int(expected["risk_signature_concern"].sum()) > 0
    assert not any("significant concern in" in why.lower() for why in public.frame["Why flagged"])


def test_page_lists_every_la_with_a_profile_link_and_the_rules(app, demo_store_url):
    client = app.server.test_client()
    assert client.get("/priority?region=north-west").status_code == 200
    from dashboard.pages import priority as page

    layout = serialised(page.layout(region="north-west"))
    links = [c["props"]["href"] for c in find(layout, "Link") if c["props"]["href"].startswith("/la/")]
    expected = metric(demo_store_url, NORTH_WEST)
    assert links == [f"/la/{code}" for code in expected["ons_code"]]
    how = _text(serialised(page.how_flags_are_set()))
    for rule in RULES:
        assert rule.label in how
    assert "permitted users will see this flag once sign-in exists" in how
    # The risk-signature rule is described, never applied, on this public page.
    table = _text(find(layout, "Table")[0])
    assert "signatures of risk" not in table


def test_region_change_and_the_switch_redraw_the_list(app, demo_store_url):
    client = DashClient(app)
    response = client.callback(
        "priority-list.children",
        {"priority-filters.data": "?region=london", "priority-show-unflagged.value": False},
    )
    table = response["priority-list"]["children"]
    names = [_text(th) for th in find(table, "Th") if th["props"].get("scope") == "row"]
    expected = metric(demo_store_url, "E12000007")
    assert names == list(expected.loc[expected["flags"] > 0, "la_name"])
    assert response["priority-list-download-button"]["href"] == "/data/priority-list.csv?region=london"


def test_england_page_has_one_table_per_region(app, demo_store_url):
    from dashboard.filters import Filters
    from dashboard.pages import priority as page
    from data_access.reference.regions import REGIONS

    parts = serialised(page.table_for(Filters()))
    headings = [_text(h) for h in find(parts, "H3")]
    expected = metric(demo_store_url, None)
    assert [h.split(":")[0] for h in headings] == sorted(r.name for r in REGIONS)
    north_west = expected[expected["region_code"] == NORTH_WEST]
    assert f"North West: {int((north_west['flags'] > 0).sum())} of {len(north_west)} flagged" in headings
    captions = [_text(c) for c in find(parts, "Caption")]
    assert len(captions) == 9 and captions[0].startswith("Priority list: East Midlands")
