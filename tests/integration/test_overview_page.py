"""The Overview over HTTP: region filter -> headline numbers from the same metric code."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from data_access import queries
from data_access.db import session_scope
from data_access.derived import data_as_at
from data_access.grades import Grade
from data_access.importers.demo import load_demo
from data_access.metrics.grades import latest_grades_as_at
from data_access.metrics.headlines import headline_figures
from data_access.metrics.leadership import leadership_changes
from tests.dash_client import DashClient

MANCHESTER = "E08000003"


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
        {
            "overview-filter-regions.value": "nine",
            "overview-filter-region.value": "E12000002",
            "overview-filter-la.value": "",
            "overview-filters.data": "",
        },
        changed=["overview-filter-region.value"],
    )
    assert response["overview-filters"]["data"] == "?region=north-west"


def test_back_to_an_earlier_query_sets_the_controls_from_it(demo_app):
    client = DashClient(demo_app[0])
    response = client.callback(
        "overview-filters.data",
        {
            "overview-filter-regions.value": "nine",
            "overview-filter-region.value": "E12000002",
            "overview-filter-la.value": "",
            "overview-filters.data": "?region=london",
        },
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
        latest_grades_as_at(j, las, reorgs, as_at=data_as_at(url)),
        leadership_changes(j, reorgs),
        region_code="E12000002",
        data_date=data_as_at(url),
    )
    cards = json.dumps(response["overview-cards"]["children"])
    assert f'"{expected["las"]}"' in cards
    assert f'"{expected["inadequate_now"]}"' in cards
    assert "England: " in cards


def test_choosing_an_la_brings_its_region_and_its_latest_grades(demo_app):
    from data_access.metrics.map_values import map_values

    app, url = demo_app
    client = DashClient(app)
    response = client.callback(
        "overview-filters.data",
        {
            "overview-filter-regions.value": "nine",
            "overview-filter-region.value": "",
            "overview-filter-la.value": MANCHESTER,
            "overview-filters.data": "",
        },
        changed=["overview-filter-la.value"],
    )
    query = response["overview-filters"]["data"]
    assert query == f"?region=north-west&la={MANCHESTER}"
    assert response["overview-filter-region"]["value"] == "E12000002"
    page = client.callback("overview-cards.children", {"overview-filters.data": query})
    assert page["overview-heading"]["children"] == "Overview: Manchester, North West"
    values = map_values(
        queries.judgements(url), queries.local_authorities(url), queries.reorganisations(url), today=date.today()
    ).set_index("ons_code")
    expected = Grade(values.loc[MANCHESTER, "overall_grade"]).label(values.loc[MANCHESTER, "overall_framework"])
    summary = json.dumps(page["overview-la"]["children"])
    assert "Manchester now" in summary and f'"{expected}"' in summary
    assert f"/la/{MANCHESTER}" in summary
    region_only = client.callback("overview-cards.children", {"overview-filters.data": "?region=north-west"})
    assert page["overview-cards"]["children"] == region_only["overview-cards"]["children"]
    assert region_only["overview-la"]["children"] is None


def test_overview_layout_warns_about_a_bad_region_and_shows_england(demo_app):
    from dashboard.pages import overview

    layout = str(overview.layout(region="<script>alert(1)</script>"))
    assert "Overview: England" in layout
    assert "Ignored region=" in layout


def test_an_la_never_inspected_is_summarised_in_words_not_an_error(demo_app, monkeypatch):
    from dash._utils import to_json

    from dashboard.filters import Filters
    from dashboard.pages import overview
    from dashboard.views import overview as overview_views
    from data_access.metrics.map_values import NO_INSPECTION

    app, _ = demo_app
    with app.server.test_request_context("/"):
        values = overview_views.current_values()
        never = values["ons_code"] == MANCHESTER
        for column in ("overall_grade", "leadership_grade", "leadership_change", "months_band"):
            values.loc[never, column] = NO_INSPECTION
        for column in ("overall_framework", "leadership_framework", "leadership_previous_grade"):
            values.loc[never, column] = None
        for column in ("overall_date", "leadership_date", "leadership_change_date", "last_inspection_date"):
            values.loc[never, column] = pd.NaT
        values.loc[never, "months_since"] = pd.NA
        monkeypatch.setattr(overview_views, "current_values", lambda: values)
        section = to_json(overview.la_summary(Filters(region="E12000002", la=MANCHESTER)))
    assert section.count('"No inspection yet"') == 2 and '"None yet"' in section
    assert '"No ILACS inspection yet"' in section
    assert "published" not in section and "months ago" not in section
