"""The Overview over HTTP: region filter -> headline numbers from the same metric code."""

from __future__ import annotations

import json
from datetime import date

import pytest

from data_access import queries
from data_access.db import session_scope
from data_access.importers.demo import load_demo
from data_access.metrics.grades import latest_grades_as_at
from data_access.metrics.headlines import headline_figures
from data_access.metrics.leadership import leadership_changes
from tests.dash_client import DashClient


@pytest.fixture
def demo_app(store_url):
    with session_scope(store_url) as session:
        load_demo(session)
    from dashboard import create_app

    return create_app(store_url), store_url


def test_choosing_a_region_writes_it_to_the_query_string(demo_app):
    client = DashClient(demo_app[0])
    response = client.callback(
        "overview-filters.data",
        {"overview-filter-region.value": "E12000002", "overview-filters.data": ""},
        changed=["overview-filter-region.value"],
    )
    assert response["overview-filters"]["data"] == "?region=north-west"


def test_back_to_an_earlier_query_sets_the_controls_from_it(demo_app):
    client = DashClient(demo_app[0])
    response = client.callback(
        "overview-filters.data",
        {"overview-filter-region.value": "E12000002", "overview-filters.data": "?region=london"},
        changed=["overview-filters.data"],
    )
    assert response["overview-filter-region"]["value"] == "E12000007"
    assert "overview-filters" not in response  # the store already holds that query


def test_region_cards_show_the_metric_modules_numbers(demo_app):
    app, url = demo_app
    client = DashClient(app)
    response = client.callback("overview-cards.children", {"overview-filters.data": "?region=north-west"})
    assert response["overview-heading"]["children"] == "Overview: North West"
    j, las, reorgs = queries.judgements(url), queries.local_authorities(url), queries.reorganisations(url)
    expected = headline_figures(
        j,
        las,
        latest_grades_as_at(j, las, reorgs, as_at=date.today()),
        leadership_changes(j, reorgs),
        region_code="E12000002",
        today=date.today(),
    )
    cards = json.dumps(response["overview-cards"]["children"])
    assert f'"{expected["las"]}"' in cards
    assert f'"{expected["inadequate_now"]}"' in cards
    assert "England: " in cards


def test_overview_layout_warns_about_a_bad_region_and_shows_england(demo_app):
    from dashboard.pages import overview

    layout = str(overview.layout(region="<script>alert(1)</script>"))
    assert "Overview: England" in layout
    assert "Ignored region=" in layout
