"""URL state: parse and serialise round-trip; hostile or invalid values fall back with a notice."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

import pytest

from dashboard.filters import Filters, parse_query

TODAY = date(2026, 11, 23)


def roundtrip(filters: Filters) -> Filters:
    parsed, notices = parse_query(dict(parse_qsl(filters.to_query().lstrip("?"))), today=TODAY)
    assert notices == []
    return parsed


def test_defaults_serialise_to_an_empty_query():
    assert Filters().to_query() == ""
    assert parse_query({}, today=TODAY) == (Filters(), [])


@pytest.mark.parametrize(
    "filters",
    [
        Filters(region="E12000002"),
        Filters(
            region="E12000003",
            la="E08000035",
            framework="ILACS",
            area="leadership",
            date_from=date(2018, 4, 1),
            date_to=date(2025, 3, 31),
            colour="change",
            map="geo",
            predecessors=True,
        ),
        Filters(area="care_leavers", colour="months"),
        Filters(pair="sif-ilacs"),
    ],
)
def test_every_filter_round_trips_through_the_query_string(filters):
    assert roundtrip(filters) == filters


def test_regions_are_written_as_readable_slugs_and_read_in_any_common_form():
    assert Filters(region="E12000003").to_query() == "?region=yorkshire-and-the-humber"
    for text in ("yorkshire-and-the-humber", "E12000003", "Yorkshire and the Humber", "y&h"):
        assert parse_query({"region": text}, today=TODAY)[0].region == "E12000003"
    assert parse_query({"region": "E13000001"}, today=TODAY)[0].region == "E12000007"  # Inner London


@pytest.mark.parametrize(
    "key,value",
    [
        ("region", "<script>alert(1)</script>"),
        ("region", "Atlantis"),
        ("la", "E10000006"),  # Cumbria: a former LA, no current profile
        ("la", "'; DROP TABLE judgements; --"),
        ("framework", "OFSTED"),
        ("area", "vibes"),
        ("from", "notadate"),
        ("from", "2008-12-31"),
        ("to", "2027-01-01"),
        ("colour", "red"),
        ("map", "3d"),
        ("predecessors", "yes"),
        ("pair", "ofsted-ilacs"),
    ],
)
def test_invalid_values_fall_back_to_defaults_with_a_notice(key, value):
    filters, notices = parse_query({key: value}, today=TODAY)
    assert filters == Filters()
    assert len(notices) == 1 and key in notices[0]


def test_a_notice_shortens_very_long_values():
    _, notices = parse_query({"region": "x" * 5000}, today=TODAY)
    assert len(notices[0]) < 200


def test_from_after_to_drops_both_dates():
    filters, notices = parse_query({"from": "2024-01-01", "to": "2023-01-01"}, today=TODAY)
    assert filters.date_from is None and filters.date_to is None
    assert "after" in notices[0]


def test_valid_values_survive_beside_invalid_ones():
    filters, notices = parse_query({"region": "london", "area": "nonsense", "from": "2020-04-01"}, today=TODAY)
    assert filters == Filters(region="E12000007", date_from=date(2020, 4, 1))
    assert len(notices) == 1


def test_an_la_brings_its_region_and_names_the_scope():
    filters, notices = parse_query({"region": "london", "la": "E08000003"}, today=TODAY)
    assert filters.region == "E12000002"  # Manchester is in the North West
    # ... and a link that named another region says so rather than switching silently
    assert notices == ["Manchester is in North West, not London: showing North West."]
    assert parse_query({"la": "E08000003"}, today=TODAY) == (Filters(region="E12000002", la="E08000003"), [])
    assert filters.scope_name == "Manchester" and filters.region_name == "North West"
    assert Filters(region="E12000007").scope_name == "London" and Filters().scope_name == "England"
    assert filters.place_name == "Manchester, North West" and Filters(region="E12000007").place_name == "London"


def test_downloads_name_the_dates_the_uk_way():
    text = Filters(date_from=date(2024, 4, 1), date_to=date(2025, 3, 31)).describe(("date_from", "date_to"))
    assert text == "England; published 1 Apr 2024 to 31 Mar 2025"
    assert Filters(date_from=date(2018, 1, 1)).describe(("date_from",)) == "England; published 1 Jan 2018 to the latest"


def test_ofsted_regions_round_trip_through_the_url_and_merge_the_north_east_with_yorkshire():
    from dashboard.filters import Filters, parse_query

    filters, notices = parse_query({"regions": "ofsted", "region": "north-east"})
    assert notices == []
    assert filters.regions == "ofsted" and filters.region == "E12000001+E12000003"
    assert filters.region_name == "North East, Yorkshire and the Humber"
    assert filters.to_query() == "?region=north-east-yorkshire-and-the-humber&regions=ofsted"
    assert parse_query({"region": "north-east-yorkshire-and-the-humber"})[0] == filters  # the name says the basis
    leeds, _ = parse_query({"regions": "ofsted", "la": "E08000035"})  # an LA brings its Ofsted region
    assert leeds.region == "E12000001+E12000003"
    assert parse_query({"la": "E08000035"})[0].region == "E12000003"
    assert parse_query({"regions": "ofsted", "region": "london"})[0].region == "E12000007"  # the same on both
    assert "on Ofsted's eight regions" in filters.describe()
    assert Filters().regions == "nine" and "regions" not in Filters().to_query()
    _, notices = parse_query({"regions": "twelve"})
    assert notices and "regions" in notices[0]


def test_a_frame_moves_to_ofsted_regions_by_each_las_own_region():
    import pandas as pd

    from data_access.reference.regions import OFSTED_REGIONS, on_basis, region_on, regions_on

    frame = pd.DataFrame(
        {
            "region_code": ["E12000001", "E12000003", "E12000007"],
            "region_name": ["North East", "Yorkshire and The Humber", "London"],
        }
    )
    moved = on_basis(frame, "ofsted")
    assert list(moved["region_code"]) == ["E12000001+E12000003", "E12000001+E12000003", "E12000007"]
    assert list(moved["region_name"]) == ["North East, Yorkshire and the Humber"] * 2 + ["London"]
    assert on_basis(frame, "nine") is frame
    assert len(regions_on("ofsted")) == 8 and len(regions_on("nine")) == 9 and regions_on("ofsted") == OFSTED_REGIONS
    assert region_on("E12000002", "ofsted") == "E12000002"
