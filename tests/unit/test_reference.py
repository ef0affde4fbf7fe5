"""Hand-written facts: every current LA once, regions as RIAs use them, names that sources use."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest

from data_access.grades import Grade, parse_grade
from data_access.reference.local_authorities import (
    LA_BY_ONS,
    LOCAL_AUTHORITIES,
    REORGANISATIONS,
    canonical_ons_code,
    ons_code_for_name,
)
from data_access.reference.regions import REGIONS, region_for
from tests.conftest import ROOT

SHARED_LOOKUP = ROOT.parent / "shared" / "data" / "ofsted" / "la_lookup_dfe_ons_region.csv"


def test_153_current_las_with_unique_codes_in_nine_regions():
    current = [la for la in LOCAL_AUTHORITIES if la.current]
    assert len(current) == 153
    assert len({la.ons_code for la in LOCAL_AUTHORITIES}) == len(LOCAL_AUTHORITIES)
    assert len({la.dfe_code for la in current}) == 153
    per_region = Counter(la.region_code for la in current)
    by_name = {r.code: r.name for r in REGIONS}
    assert {by_name[c]: n for c, n in per_region.items()} == {
        "North East": 12,
        "North West": 24,
        "Yorkshire and The Humber": 15,
        "East Midlands": 10,
        "West Midlands": 14,
        "East of England": 11,
        "London": 33,
        "South East": 19,
        "South West": 15,
    }


def test_reorganisations_link_to_known_authorities():
    for reorg in REORGANISATIONS:
        assert LA_BY_ONS[reorg.successor_ons].current
        if reorg.kind == "recode":
            assert reorg.predecessor_ons not in LA_BY_ONS
        else:
            assert not LA_BY_ONS[reorg.predecessor_ons].current
    assert canonical_ons_code("E10000023") == "E06000065"  # North Yorkshire county -> unitary


def test_names_resolve_with_source_spellings_and_dates():
    assert ons_code_for_name("Bristol, City of") == "E06000023"
    assert ons_code_for_name("St Helens") == "E08000013"
    assert ons_code_for_name("Kingston Upon Hull") == "E06000010"
    assert ons_code_for_name("Dorset", date(2016, 5, 1)) == "E10000009"
    assert ons_code_for_name("Dorset", date(2021, 5, 1)) == "E06000059"
    assert ons_code_for_name("Gotham") is None


def test_inner_and_outer_london_codes_are_london():
    assert region_for("E13000001").name == "London"
    assert region_for("E13000002").name == "London"


def test_grades_parse_ofsted_wording_and_keep_their_order():
    assert parse_grade("Requires improvement to be good") is Grade.REQUIRES_IMPROVEMENT
    assert parse_grade("Adequate") is Grade.REQUIRES_IMPROVEMENT
    assert parse_grade(" outstanding ") is Grade.OUTSTANDING
    assert parse_grade(float("nan")) is None
    assert parse_grade("not_reported_post_reform") is Grade.NOT_GRADED
    with pytest.raises(ValueError):
        parse_grade("Excellent")
    assert [g.rank for g in Grade if g.rank] == [1, 2, 3, 4]
    assert Grade.REQUIRES_IMPROVEMENT.label("SLAC") == "Adequate"
    assert Grade.REQUIRES_IMPROVEMENT.label("ILACS") == "Requires improvement"


@pytest.mark.real_data
def test_facts_agree_with_the_published_lookup_when_present():
    if not SHARED_LOOKUP.exists():
        pytest.skip("the published LA lookup is not beside the repo")
    with open(SHARED_LOOKUP, newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        la = LA_BY_ONS[canonical_ons_code(row["ons_code"])]
        assert la.dfe_code == row["dfe_la_code"], row["la_name"]
        assert la.region_code == row["region_code"], row["la_name"]
