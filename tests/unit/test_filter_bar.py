"""The filter bar's rules: what a choice in a control does to the query string, and what the bar
says about it (dates day first, quick periods, the LA list narrowed to the region)."""

from __future__ import annotations

from datetime import date

from dashboard.filters import Filters
from dashboard.state import PERIOD, bar_fields, chosen_query, la_options
from data_access.reference.local_authorities import LOCAL_AUTHORITIES

TODAY = date(2026, 12, 3)
FIELDS = bar_fields(("region", "la", "framework", "area", "date_from", "date_to"))
NORTH_WEST, LONDON, MANCHESTER, KENT = "E12000002", "E12000007", "E08000003", "E10000016"


def values(**changed) -> dict:
    base = {"regions": "nine", "region": "", "la": "", "framework": "", "area": "overall", PERIOD: ""}
    return base | {"date_from": "", "date_to": ""} | changed


def test_the_basis_comes_before_the_region_and_the_period_list_just_before_the_dates():
    assert FIELDS == ("regions", "region", "la", "framework", "area", PERIOD, "date_from", "date_to")
    assert bar_fields(("region", "la")) == ("regions", "region", "la")
    assert bar_fields(("la",)) == ("la",)


def test_switching_to_ofsted_regions_moves_the_region_and_back_asks_for_one_of_the_two():
    north_east = "E12000001"
    query, notices = chosen_query(FIELDS, values(regions="ofsted", region=north_east), "regions", Filters(), TODAY)
    assert (query, notices) == ("?region=north-east-yorkshire-and-the-humber&regions=ofsted", [])
    merged = Filters(region="E12000001+E12000003", regions="ofsted")
    query, notices = chosen_query(FIELDS, values(region=merged.region), "regions", merged, TODAY)
    assert query == "" and "choose one of its two regions" in notices[0]
    query, _ = chosen_query(FIELDS, values(regions="ofsted", region=LONDON), "regions", Filters(region=LONDON), TODAY)
    assert query == "?region=london&regions=ofsted"
    leeds = "E08000035"  # an LA chosen on Ofsted's basis brings its Ofsted region, and says so
    query, notices = chosen_query(FIELDS, values(regions="ofsted", region=LONDON, la=leeds), "la", Filters(), TODAY)
    assert query == "?region=north-east-yorkshire-and-the-humber&la=E08000035&regions=ofsted"
    assert notices == ["Leeds is in North East, Yorkshire and the Humber, so the region filter is now "
                       "North East, Yorkshire and the Humber (it was London)."]  # fmt: skip
    assert len(la_options("E12000001+E12000003")) == 1 + 12 + 15


def test_a_date_typed_day_first_is_read_day_first():
    query, notices = chosen_query(FIELDS, values(date_from="01/04/2024"), "date_from", Filters(), TODAY)
    assert (query, notices) == ("?from=2024-04-01", [])
    query, _ = chosen_query(FIELDS, values(date_from="01042024", date_to="31 Mar 2025"), "date_to", Filters(), TODAY)
    assert query == "?from=2024-04-01&to=2025-03-31"


def test_an_unreadable_or_future_date_keeps_the_previous_one_and_says_why():
    before = Filters(date_from=date(2020, 4, 1))
    query, notices = chosen_query(FIELDS, values(date_from="04/13/2024"), "date_from", before, TODAY)
    assert query == "?from=2020-04-01"
    assert len(notices) == 1 and "'04/13/2024'" in notices[0] and "dd/mm/yyyy" in notices[0]
    query, notices = chosen_query(FIELDS, values(date_to="01/01/2030"), "date_to", Filters(), TODAY)
    assert query == "" and "1 January 2030" in notices[0]


def test_a_quick_period_replaces_both_dates():
    before = Filters(date_from=date(2020, 1, 1))
    query, notices = chosen_query(FIELDS, values(**{PERIOD: "fy-2024"}, date_from="01/01/2020"), PERIOD, before, TODAY)
    assert (query, notices) == ("?from=2024-04-01&to=2025-03-31", [])
    query, _ = chosen_query(FIELDS, values(**{PERIOD: "all"}, date_from="01/01/2020"), PERIOD, before, TODAY)
    assert query == ""
    query, _ = chosen_query(FIELDS, values(**{PERIOD: "last-3-months"}), PERIOD, Filters(), TODAY)
    assert query == "?from=2026-09-03"
    # the last 3 months of the data, when the data stops before today
    query, _ = chosen_query(FIELDS, values(**{PERIOD: "last-3-months"}), PERIOD, Filters(), TODAY, date(2025, 5, 14))
    assert query == "?from=2025-02-14"


def test_the_la_list_is_narrowed_to_the_region():
    north_west = la_options(NORTH_WEST)
    assert north_west[""] == "All local authorities in North West"
    expected = {la.ons_code for la in LOCAL_AUTHORITIES if la.current and la.region_code == NORTH_WEST}
    assert set(north_west) - {""} == expected and MANCHESTER in expected and KENT not in north_west
    assert len(la_options("")) - 1 == sum(1 for la in LOCAL_AUTHORITIES if la.current)


def test_an_la_of_another_region_brings_its_region_and_says_so():
    query, notices = chosen_query(FIELDS, values(region=LONDON, la=MANCHESTER), "la", Filters(region=LONDON), TODAY)
    assert query == f"?region=north-west&la={MANCHESTER}"
    assert notices == ["Manchester is in North West, so the region filter is now North West (it was London)."]
    query, notices = chosen_query(FIELDS, values(la=MANCHESTER), "la", Filters(), TODAY)
    assert query == f"?region=north-west&la={MANCHESTER}"
    assert notices == ["Manchester is in North West, so the region filter is now North West."]
    # an LA of the region chosen: nothing to say
    query, notices = chosen_query(
        FIELDS, values(region=NORTH_WEST, la=MANCHESTER), "la", Filters(region=NORTH_WEST), TODAY
    )
    assert notices == [] and query == f"?region=north-west&la={MANCHESTER}"


def test_a_new_region_drops_an_la_outside_it():
    before = Filters(region=NORTH_WEST, la=MANCHESTER)
    query, notices = chosen_query(FIELDS, values(region=LONDON, la=MANCHESTER), "region", before, TODAY)
    assert (query, notices) == ("?region=london", [])
