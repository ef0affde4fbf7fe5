"""The CYP Board's leadership measure on tiny hand-made frames: every rule of the definition."""

from __future__ import annotations

from datetime import date
from itertools import count

import pandas as pd
import pytest

from data_access.grades import Grade
from data_access.metrics.leadership import leadership_changes, summarise, summarise_by
from data_access.queries import JUDGEMENT_COLUMNS

NW, NE = "E12000002", "E12000001"
REGION_NAMES = {NW: "North West", NE: "North East"}
_ids = count(1)


def row(
    la_id: int,
    framework: str,
    published: str,
    grade: str,
    *,
    area: str = "leadership",
    kind: str = "standard",
    region: str = NW,
    inspected: str | None = None,
) -> dict:
    """One judgement as `queries.judgements` gives it."""
    published_day = pd.Timestamp(published)
    return {
        "judgement_id": next(_ids),
        "inspection_id": next(_ids),
        "la_id": la_id,
        "ons_code": f"E0{la_id:07d}",
        "la_name": f"LA {la_id}",
        "region_code": region,
        "region_name": REGION_NAMES[region],
        "la_current": True,
        "framework": framework,
        "inspection_type": kind,
        "inspection_date": pd.Timestamp(inspected) if inspected else published_day - pd.Timedelta(days=45),
        "published_date": published_day,
        "official": True,
        "is_demo": False,
        "area": area,
        "grade": grade,
        "grade_rank": Grade(grade).rank,
    }


def frame(*rows: dict) -> pd.DataFrame:
    result = pd.DataFrame(list(rows), columns=JUDGEMENT_COLUMNS)
    result["grade_rank"] = result["grade_rank"].astype("Int64")
    return result


def changes_by_la(changes: pd.DataFrame) -> dict[int, list[str]]:
    return {la: list(group["change"]) for la, group in changes.groupby("la_id")}


def test_improved_maintained_declined_and_no_previous():
    judgements = frame(
        row(1, "SIF", "2016-05-01", "requires_improvement"),
        row(1, "ILACS", "2019-06-01", "good"),
        row(2, "SIF", "2015-05-01", "good"),
        row(2, "ILACS", "2020-06-01", "good"),
        row(3, "SIF", "2016-02-01", "good"),
        row(3, "ILACS", "2021-06-01", "inadequate"),
        row(4, "ILACS", "2022-06-01", "outstanding"),
    )
    changes = leadership_changes(judgements)
    assert changes_by_la(changes) == {1: ["improved"], 2: ["maintained"], 3: ["declined"], 4: ["no previous"]}
    first = changes[changes["la_id"] == 1].iloc[0]
    assert first["previous_grade"] == "requires_improvement"
    assert first["previous_framework"] == "SIF"
    assert first["previous_published_date"] == pd.Timestamp("2016-05-01")
    assert pd.isna(changes[changes["la_id"] == 4].iloc[0]["previous_grade"])


def test_previous_is_the_most_recent_earlier_sif_or_ilacs_leadership_grade():
    judgements = frame(
        row(1, "SIF", "2014-03-01", "outstanding"),
        row(1, "ILACS", "2018-09-01", "requires_improvement"),
        row(1, "ILACS", "2018-09-01", "good", area="overall_effectiveness"),  # another area: ignored
        row(1, "ILACS", "2022-09-01", "good"),
        row(5, "SLAC", "2011-03-01", "good", area="leadership"),  # SLAC is not comparable
        row(5, "ILACS", "2019-03-01", "inadequate"),
    )
    changes = leadership_changes(judgements)
    mine = changes[changes["la_id"] == 1].set_index("published_date")
    latest = mine.loc[pd.Timestamp("2022-09-01")]
    assert latest["previous_grade"] == "requires_improvement"  # the 2018 ILACS, not the 2014 SIF
    assert latest["previous_framework"] == "ILACS"
    assert latest["change"] == "improved"
    first = mine.loc[pd.Timestamp("2018-09-01")]
    assert first["previous_grade"] == "outstanding" and first["change"] == "declined"
    assert changes_by_la(changes)[5] == ["no previous"]  # the SLAC grade does not count


def test_a_previous_judgement_must_be_published_before_not_on_the_same_day():
    judgements = frame(
        row(1, "ILACS", "2020-01-10", "good"),
        row(1, "ILACS", "2020-01-10", "inadequate", area="leadership", kind="short"),
    )
    assert set(leadership_changes(judgements)["change"]) == {"no previous"}


def test_focused_and_monitoring_visits_are_ignored():
    not_graded = Grade.NOT_GRADED.value
    judgements = frame(
        row(1, "ILACS", "2018-09-01", "requires_improvement"),
        row(1, "ILACS", "2019-09-01", not_graded, kind="focused_visit"),
        row(1, "ILACS", "2020-03-01", not_graded, kind="monitoring_visit"),
        row(1, "ILACS", "2021-09-01", "good", kind="short"),
        # Visits are never graded (the importer refuses grades on them); even a graded-looking
        # visit row in the window is not a counted judgement.
        row(2, "ILACS", "2021-10-01", "good", kind="focused_visit"),
    )
    changes = leadership_changes(judgements)
    assert list(changes["la_id"]) == [1, 1]
    assert list(changes["inspection_type"]) == ["standard", "short"]
    latest = changes.iloc[-1]
    assert latest["previous_grade"] == "requires_improvement" and latest["change"] == "improved"


def test_the_window_is_by_publication_date_with_both_ends_included():
    judgements = frame(
        row(1, "ILACS", "2023-04-01", "good", inspected="2023-02-01"),  # inspected before, published in
        row(2, "ILACS", "2024-03-31", "good"),
        row(3, "ILACS", "2024-04-01", "good", inspected="2024-03-01"),  # inspected in, published after
        row(4, "ILACS", "2023-03-31", "good"),
    )
    changes = leadership_changes(judgements, start=date(2023, 4, 1), end=date(2024, 3, 31))
    assert sorted(changes["la_id"]) == [1, 2]
    assert set(changes["financial_year"]) == {"2023-24"}


def test_history_before_the_window_still_counts_as_previous():
    judgements = frame(row(1, "SIF", "2015-01-01", "inadequate"), row(1, "ILACS", "2023-06-01", "good"))
    changes = leadership_changes(judgements, start=date(2023, 4, 1), end=date(2024, 3, 31))
    assert list(changes["change"]) == ["improved"]


def test_region_narrows_the_counted_judgements_only():
    judgements = frame(
        row(1, "SIF", "2016-01-01", "good"),
        row(1, "ILACS", "2020-01-01", "good"),
        row(2, "ILACS", "2020-02-01", "good", region=NE),
    )
    changes = leadership_changes(judgements, region_code=NW)
    assert list(changes["la_id"]) == [1] and list(changes["change"]) == ["maintained"]


REORGANISATIONS = pd.DataFrame(
    [
        {
            "effective": pd.Timestamp("2021-04-01"),
            "kind": "split",
            "predecessor_ons_code": "E0000000010",
            "predecessor_la_id": 10,
            "successor_la_id": 20,
            "note": "",
        },
        {
            "effective": pd.Timestamp("2021-04-01"),
            "kind": "merger",
            "predecessor_ons_code": "E0000000011",
            "predecessor_la_id": 11,
            "successor_la_id": 20,
            "note": "",
        },
        {
            "effective": pd.Timestamp("2021-04-01"),
            "kind": "recode",
            "predecessor_ons_code": "E9999999",
            "predecessor_la_id": None,
            "successor_la_id": 30,
            "note": "",
        },
    ]
)


@pytest.mark.parametrize("with_predecessors", [False, True])
def test_with_predecessors_uses_the_predecessors_latest_grade(with_predecessors):
    judgements = frame(
        row(10, "SIF", "2016-01-01", "good"),
        row(11, "ILACS", "2019-05-01", "inadequate"),  # the latest predecessor judgement
        row(20, "ILACS", "2022-05-01", "requires_improvement"),
        row(30, "ILACS", "2022-06-01", "good"),  # a recode: no predecessor LA, stays "no previous"
    )
    changes = leadership_changes(
        judgements, REORGANISATIONS, start=date(2022, 1, 1), with_predecessors=with_predecessors
    )
    new = changes[changes["la_id"] == 20].iloc[0]
    if with_predecessors:
        assert new["change"] == "improved"
        assert new["previous_grade"] == "inadequate"
        assert new["previous_via_predecessor"] == "LA 11"
        assert new["previous_framework"] == "ILACS"
    else:
        assert new["change"] == "no previous" and pd.isna(new["previous_via_predecessor"])
    assert changes[changes["la_id"] == 30].iloc[0]["change"] == "no previous"


def test_two_predecessors_on_the_same_date_compare_with_the_worse():
    judgements = frame(
        row(10, "ILACS", "2019-05-01", "good"),
        row(11, "ILACS", "2019-05-01", "inadequate"),
        row(20, "ILACS", "2022-05-01", "requires_improvement"),
    )
    new = leadership_changes(judgements, REORGANISATIONS, with_predecessors=True).iloc[-1]
    assert new["previous_grade"] == "inadequate" and new["previous_via_predecessor"] == "LA 11"
    assert new["change"] == "improved"


def test_predecessors_are_used_only_until_the_la_has_a_grade_of_its_own():
    judgements = frame(
        row(11, "ILACS", "2019-05-01", "outstanding"),
        row(20, "ILACS", "2021-09-01", "good"),
        row(20, "ILACS", "2024-09-01", "good"),
    )
    changes = leadership_changes(judgements, REORGANISATIONS, with_predecessors=True)
    new = changes[changes["la_id"] == 20]
    assert list(new["change"]) == ["declined", "maintained"]  # first against LA 11, then its own
    assert new.iloc[0]["previous_via_predecessor"] == "LA 11"
    assert pd.isna(new.iloc[1]["previous_via_predecessor"])


def _changes_frame(values: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"change": values, "financial_year": ["2023-24"] * len(values)})


def test_summarise_percentages_are_over_judgements_with_a_previous_grade_only():
    result = summarise(
        _changes_frame(["improved", "improved", "maintained", "declined", "no previous", "no previous", "no previous"])
    )
    assert result == {
        "judgements": 7,
        "improved": 2,
        "maintained": 1,
        "declined": 1,
        "no_previous": 3,
        "pct_improved": 50.0,
        "pct_maintained_or_improved": 75.0,
    }


def test_summarise_with_nothing_comparable_gives_no_percentages():
    result = summarise(_changes_frame(["no previous"]))
    assert result["pct_improved"] is None and result["pct_maintained_or_improved"] is None
    assert summarise(_changes_frame([]))["judgements"] == 0


def test_summarise_by_financial_year_splits_at_the_first_of_april():
    judgements = frame(
        row(1, "SIF", "2016-01-01", "good"),
        row(1, "ILACS", "2023-03-31", "outstanding"),
        row(2, "SIF", "2016-01-01", "good"),
        row(2, "ILACS", "2023-04-01", "inadequate"),
    )
    by_year = summarise_by(leadership_changes(judgements), "financial_year")
    assert list(by_year["financial_year"]) == ["2022-23", "2023-24"]
    assert list(by_year["improved"]) == [1, 0] and list(by_year["declined"]) == [0, 1]
    assert list(by_year["pct_improved"]) == [100.0, 0.0]
