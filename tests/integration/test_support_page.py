"""The Support page, its data twins and the support on an LA profile, over HTTP on the demo store
with the sourced public facts (`import known-support`) added: the numbers equal the metrics."""

from __future__ import annotations

import csv
import io
import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from data_access import derived, queries
from data_access.metrics import leadership, support
from data_access.support_records import apply, rows_from_dicts
from tests.integration.test_authority_page import by_id
from tests.integration.test_leadership_page import Client, _find, _text, table_rows

BIRMINGHAM = "E08000025"
SANDWELL = "E08000028"
NORTH_WEST = "E12000002"
FOLLOW_UPS = [
    {
        "la": "Bury",
        "type": "Children's services peer challenge",
        "start_date": "2026-05-04",
        "end_date": "2026-05-07",
        "status": "delivered",
        "follow_up_date": "2026-11-20",  # 24 days after the demo's data date (27 October 2026)
        "source": "test",
    },
    {
        "la": "Bolton",
        "type": "Safeguarding diagnostic",
        "start_date": "2025-03-03",
        "end_date": "2025-03-05",
        "status": "delivered",
        "follow_up_date": "2025-10-01",
        "source": "test",
    },
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from dashboard import create_app
    from data_access.db import session_scope
    from data_access.importers.known_support import load_known_support
    from tests.conftest import build_demo_store

    url = build_demo_store(tmp_path_factory.mktemp("support"))
    with session_scope(url) as session:
        load_known_support(session)
        # The demo's follow-ups are all done: one due and one overdue, as at the data's date.
        apply(session, "peer-challenges", rows_from_dicts(FOLLOW_UPS), who="test")
    return url, Client(create_app(url))


def csv_rows(client: Client, path: str) -> list[dict[str, str]]:
    response = client.http.get(path)
    assert response.status_code == 200, response.data[:300]
    text = response.get_data(as_text=True)
    body = "".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def tree(component) -> dict:
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def test_support_page_renders_with_every_section_and_the_records_note(demo):
    _, client = demo
    response = client.http.get("/support")
    assert response.status_code == 200
    from dashboard.pages import support as page

    layout = tree(page.layout())
    assert _text(by_id(layout, "support-heading")) == "Improvement support: England"
    for card in ("support-coverage-card", "support-peer-challenges-card", "support-programme-card"):
        assert by_id(layout, card) is not None, card
    assert by_id(layout, "support-empty") is None  # the store holds records
    assert "what RIAs and the LGA entered" in _text(by_id(layout, "support-sources"))
    assert "Descriptive, not causal" in _text(by_id(layout, "support-caution"))
    links = [a["props"].get("href") for a in _find(layout, "Link")]
    assert "/support/records" in links


def test_support_is_in_the_navigation_after_leadership(demo):
    from dashboard.components.shell import nav_pages

    names = [name for name, _ in nav_pages()]
    assert names.index("Support") == names.index("Leadership") + 1


def test_coverage_csv_equals_the_metric(demo):
    url, client = demo
    expected = support.coverage(queries.peer_challenges(url), queries.local_authorities(url), derived.data_as_at(url))
    rows = csv_rows(client, "/data/support-coverage.csv")
    assert [r["Region"] for r in rows] == [*expected["region_name"], "England"]
    for row, want in zip(rows, expected.to_dict("records"), strict=False):
        assert int(row["Current LAs"]) == want["las"]
        assert int(row["With a peer challenge or diagnostic"]) == want["with_peer_challenge"]
        assert float(row["% of LAs"]) == want["pct"]
    assert int(rows[-1]["Current LAs"]) == 153
    assert int(rows[-1]["With a peer challenge or diagnostic"]) == int(expected["with_peer_challenge"].sum()) > 0


def test_peer_challenge_counts_follow_the_region_filter(demo):
    url, client = demo
    peer = queries.peer_challenges(url)
    delivered = peer[peer["status"].isin(support.DELIVERED) & (peer["region_code"] == NORTH_WEST)]
    rows = csv_rows(client, "/data/support-peer-challenges.csv?region=north-west")
    assert {r["Region"] for r in rows} == {"North West"}
    assert sum(int(r["Peer challenges"]) for r in rows) == len(delivered) > 0


def test_did_it_help_csv_equals_the_metric_on_the_leadership_pairing(demo):
    url, client = demo
    changes = leadership.leadership_changes(queries.judgements(url), queries.reorganisations(url), start=None)
    changes = changes[(changes["region_code"] == "E12000007") & (changes["published_date"] >= "2018-01-01")]
    expected = support.did_support_help(support.support_before(changes, queries.peer_challenges(url)))
    rows = csv_rows(client, "/data/support-did-it-help.csv?region=london")
    assert [int(r["Judgements with a previous grade"]) for r in rows] == expected["judgements"].tolist()
    assert [int(r["Improved"]) for r in rows] == expected["improved"].tolist()
    assert [int(r["Declined"]) for r in rows] == expected["declined"].tolist()
    assert sum(int(r["Judgements with a previous grade"]) for r in rows) == int(
        changes["change"].isin(["improved", "maintained", "declined"]).sum()
    )


def test_intervention_tracker_keeps_an_unknown_start_unknown(demo):
    _, client = demo
    rows = csv_rows(client, "/data/support-interventions.csv?region=west-midlands")
    sandwell = [r for r in rows if r["Local authority"] == "Sandwell" and r["Kind"] == "Commissioner"]
    assert sandwell and sandwell[0]["Start"] == "not known" and sandwell[0]["Months"] == ""
    birmingham = [r for r in rows if r["Local authority"] == "Birmingham" and r["Kind"] == "Commissioner"]
    assert birmingham[0]["Start"] == "March 2014"


def test_profile_shows_support_with_dates_as_precise_as_known_and_marks_the_timeline(demo):
    from dashboard.pages import authority

    page = tree(authority.layout(code=BIRMINGHAM))
    rows = table_rows(by_id(page, "authority-interventions"))
    commissioner = next(r for r in rows if r["Kind"] == "Commissioner")
    assert commissioner["Start"] == "March 2014"
    assert by_id(page, "authority-support-context") is not None
    figure = by_id(page, "authority-timeline-graph")["props"]["figure"]
    names = {t.get("name") for t in figure["data"]}
    assert any(n and n.startswith("Intervention") for n in names)
    assert "Interventions" in figure["layout"]["yaxis"]["categoryarray"]


def test_profile_of_an_la_with_a_peer_challenge_lists_it_and_marks_it(demo):
    url, _ = demo
    from dashboard.pages import authority

    peer = queries.peer_challenges(url)
    code = peer["ons_code"].iloc[0]
    page = tree(authority.layout(code=code))
    rows = table_rows(by_id(page, "authority-peer-challenges"))
    assert len(rows) == int((peer["ons_code"] == code).sum())
    figure = by_id(page, "authority-timeline-graph")["props"]["figure"]
    marked = [t for t in figure["data"] if t.get("name") == "Peer challenge or diagnostic (PC)"]
    assert len(marked[0]["x"]) == int((peer["ons_code"] == code).sum())


def test_follow_ups_due_and_overdue_as_at_the_data_date(demo):
    url, client = demo
    assert derived.data_as_at(url).isoformat() == "2026-10-27"
    rows = csv_rows(client, "/data/support-follow-ups.csv?region=north-west")
    assert [(r["Local authority"], r["Due or overdue"], r["Days until the visit"]) for r in rows] == [
        ("Bolton", "Overdue", "-391"),
        ("Bury", "Due", "24"),
    ]
    assert csv_rows(client, "/data/support-follow-ups.csv?region=london") == []


def test_an_ofsted_region_narrows_the_support_views_to_both_its_members(demo):
    url, client = demo
    code = "E12000001+E12000003"  # Ofsted's North East, Yorkshire and the Humber
    slug = "north-east-yorkshire-and-the-humber"
    peer = queries.peer_challenges(url)
    both = peer[peer["status"].isin(support.DELIVERED) & peer["region_code"].isin(code.split("+"))]
    rows = csv_rows(client, f"/data/support-peer-challenges.csv?region={slug}&regions=ofsted")
    assert {r["Region"] for r in rows} <= {"North East", "Yorkshire and The Humber"}
    assert sum(int(r["Peer challenges"]) for r in rows) == len(both) > 0
    coverage = client.http.get(f"/data/support-coverage.json?region={slug}&regions=ofsted")
    assert coverage.status_code == 200
    assert client.http.get(f"/support?region={slug}&regions=ofsted").status_code == 200


def test_on_ofsteds_regions_coverage_has_eight_regions_the_merged_one_adding_its_two(demo):
    _, client = demo
    nine = {r["Region"]: r for r in csv_rows(client, "/data/support-coverage.csv")}
    eight = {r["Region"]: r for r in csv_rows(client, "/data/support-coverage.csv?regions=ofsted")}
    assert len(nine) == 9 + 1 and len(eight) == 8 + 1  # the regions and England
    merged = eight["North East, Yorkshire and the Humber"]
    for column in ("Current LAs", "With a peer challenge or diagnostic"):
        assert int(merged[column]) == int(nine["North East"][column]) + int(nine["Yorkshire and The Humber"][column])
    assert eight["England"] == nine["England"] and eight["London"] == nine["London"]
    data = client.http.get(
        "/data/support-coverage.json?region=north-east-yorkshire-and-the-humber&regions=ofsted"
    ).get_json()
    assert data["summary"].startswith(f"{merged['With a peer challenge or diagnostic']} of {merged['Current LAs']} ")
