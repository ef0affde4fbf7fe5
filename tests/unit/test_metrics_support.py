"""Support metrics on small hand-made frames: the window's edges, follow-up rules, interventions'
grades before and after, programme totals and the "did support help?" counts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.metrics import support
from data_access.metrics.leadership import leadership_changes

AS_AT = date(2026, 6, 30)


def las() -> pd.DataFrame:
    rows = [
        (1, "E1", "North East", True, "Alpha"),
        (2, "E1", "North East", True, "Beta"),
        (3, "E1", "North East", False, "Gone"),
        (4, "E2", "North West", True, "Delta"),
    ]
    return pd.DataFrame(rows, columns=["la_id", "region_code", "region_name", "la_current", "la_name"])


def peer(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["la_id", "kind", "start_date", "end_date", "status", "follow_up_date", "la_name"]
    )
    for column in ("start_date", "end_date", "follow_up_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["region_code"] = frame["la_id"].map({1: "E1", 2: "E1", 3: "E1", 4: "E2"})
    return frame


PC = "Children's services peer challenge"


def test_coverage_window_includes_its_first_day_and_as_at_and_excludes_the_day_before():
    frame = peer(
        [
            (1, PC, "2024-06-30", None, "delivered", None, "Alpha"),  # first day of the window: in
            (2, PC, "2024-06-29", None, "delivered", None, "Beta"),  # the day before: out
            (4, PC, "2026-06-30", None, "follow-up done", None, "Delta"),  # as_at itself: in
        ]
    )
    table = support.coverage(frame, las(), AS_AT).set_index("region_name")
    assert table.loc["North East", ["las", "with_peer_challenge", "pct"]].tolist() == [2, 1, 50.0]
    assert table.loc["North West", ["las", "with_peer_challenge", "pct"]].tolist() == [1, 1, 100.0]


def test_coverage_counts_by_end_date_when_start_is_old_or_unknown_and_never_planned_ones():
    frame = peer(
        [
            (1, PC, None, "2025-01-10", "delivered", None, "Alpha"),  # start unknown, end in window
            (2, PC, "2026-05-01", "2026-05-03", "planned", None, "Beta"),  # planned: not support
            (3, PC, "2026-05-01", None, "delivered", None, "Gone"),  # a former LA: not counted
        ]
    )
    assert support.supported_la_ids(frame, AS_AT) == {1, 3}
    table = support.coverage(frame, las(), AS_AT).set_index("region_name")
    assert table.loc["North East", ["las", "with_peer_challenge"]].tolist() == [2, 1]


def test_follow_ups_due_within_90_days_and_overdue_unless_done():
    frame = peer(
        [
            (1, PC, "2026-01-05", None, "delivered", "2026-09-28", "Alpha"),  # day 90: due
            (2, PC, "2026-01-05", None, "delivered", "2026-09-29", "Beta"),  # day 91: not yet
            (4, PC, "2025-01-05", None, "delivered", "2026-06-29", "Delta"),  # past, not done: overdue
            (3, PC, "2025-01-05", None, "follow-up done", "2026-01-01", "Gone"),  # done: neither
        ]
    )
    found = support.follow_ups(frame, AS_AT)
    assert found[["la_name", "state", "days"]].values.tolist() == [["Delta", "overdue", -1], ["Alpha", "due", 90]]


def test_peer_challenges_counted_by_financial_year_region_and_type():
    frame = peer(
        [
            (1, PC, "2019-03-31", None, "delivered", None, "Alpha"),
            (2, PC, "2019-04-01", None, "delivered", None, "Beta"),
            (4, "Safeguarding diagnostic", None, "2019-05-01", "follow-up done", None, "Delta"),
            (4, PC, None, None, "delivered", None, "Delta"),
            (1, PC, "2019-06-01", None, "planned", None, "Alpha"),
        ]
    )
    table = support.peer_challenge_counts(frame, las())
    assert table[["financial_year", "region_name", "kind", "count"]].values.tolist() == [
        ["2018-19", "North East", PC, 1],
        ["2019-20", "North East", PC, 1],
        ["2019-20", "North West", "Safeguarding diagnostic", 1],
        ["date not known", "North West", PC, 1],
    ]


def judgements(rows: list[tuple]) -> pd.DataFrame:
    """(inspection_id, la_id, framework, type, published, area, grade, rank)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "inspection_id",
            "la_id",
            "framework",
            "inspection_type",
            "published_date",
            "area",
            "grade",
            "grade_rank",
        ],
    )
    frame["published_date"] = pd.to_datetime(frame["published_date"])
    frame["grade_rank"] = frame["grade_rank"].astype("Int64")
    names = {1: "Alpha", 2: "Beta", 4: "Delta"}
    frame = frame.assign(
        ons_code=frame["la_id"].map(lambda i: f"X{i}"),
        la_name=frame["la_id"].map(names),
        region_code="E1",
        region_name="North East",
        inspection_date=frame["published_date"] - pd.Timedelta(days=40),
    )
    return frame


HISTORY = judgements(
    [
        (10, 1, "SIF", "standard", "2016-03-01", "overall_effectiveness", "inadequate", 4),
        (10, 1, "SIF", "standard", "2016-03-01", "leadership", "inadequate", 4),
        (11, 1, "ILACS", "monitoring_visit", "2017-01-01", "leadership", "not_graded", None),
        (12, 1, "ILACS", "standard", "2019-05-01", "overall_effectiveness", "requires_improvement", 3),
        (12, 1, "ILACS", "standard", "2019-05-01", "leadership", "good", 2),
        (13, 1, "ILACS", "standard", "2023-02-01", "overall_effectiveness", "good", 2),
        (13, 1, "ILACS", "standard", "2023-02-01", "leadership", "good", 2),
    ]
)


def interventions(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["la_id", "kind", "start_date", "end_date"])
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_intervention_grades_before_and_after_its_start_and_its_duration():
    tracked = support.intervention_tracker(
        interventions(
            [(1, "Commissioner", "2016-04-15", "2019-06-14"), (1, "Statutory direction", "2023-03-01", None)]
        ),
        HISTORY,
        AS_AT,
    )
    first, second = tracked.to_dict("records")
    assert (first["before_overall"], first["before_leadership"], first["before_framework"]) == (
        "inadequate",
        "inadequate",
        "SIF",
    )
    # The monitoring visit between is not an inspection with grades: the next is May 2019's.
    assert (first["after_overall"], first["after_leadership"]) == ("requires_improvement", "good")
    assert first["after_published"] == pd.Timestamp("2019-05-01")
    assert first["active"] is False and first["duration_months"] == 37  # 15 Apr 2016 to 14 Jun 2019
    assert second["active"] is True and second["duration_months"] == 39  # to as_at, 30 Jun 2026
    assert second["before_overall"] == "good" and second["after_overall"] is None


def test_intervention_with_unknown_start_has_unknown_duration_and_no_grades():
    tracked = support.intervention_tracker(interventions([(1, "Commissioner", None, None)]), HISTORY, AS_AT)
    row = tracked.iloc[0]
    assert row["active"] and pd.isna(row["duration_months"])
    assert row["before_overall"] is None and row["after_overall"] is None


def test_did_support_help_counts_use_the_leadership_pairing_and_the_window_before_publication():
    history = judgements(
        [
            (1, 1, "ILACS", "standard", "2019-01-10", "leadership", "requires_improvement", 3),
            (2, 1, "ILACS", "standard", "2022-01-10", "leadership", "good", 2),  # improved, supported
            (3, 2, "ILACS", "standard", "2019-01-10", "leadership", "good", 2),
            (4, 2, "ILACS", "standard", "2022-01-10", "leadership", "good", 2),  # same, challenge too early
            (5, 4, "ILACS", "standard", "2019-01-10", "leadership", "good", 2),
            (6, 4, "ILACS", "standard", "2022-01-10", "leadership", "inadequate", 4),  # declined, no support
            (7, 4, "ILACS", "short", "2024-01-10", "leadership", "good", 2),  # improved, supported (end date)
        ]
    ).assign(la_current=True, official=True, is_demo=False, judgement_id=range(7))
    changes = leadership_changes(history)
    frame = peer(
        [
            (1, PC, "2020-01-10", None, "delivered", None, "Alpha"),  # 24 months before: in
            (2, PC, "2020-01-09", None, "delivered", None, "Beta"),  # a day too early
            (4, PC, None, "2023-12-01", "follow-up done", None, "Delta"),
            (4, PC, "2021-06-01", None, "planned", None, "Delta"),  # planned: not support
        ]
    )
    rows = support.support_before(changes, frame)
    assert len(rows) == 4  # the three first inspections had no previous grade
    table = support.did_support_help(rows).set_index("group")
    assert table.loc["with a peer challenge", ["judgements", "improved", "same", "declined"]].tolist() == [2, 2, 0, 0]
    assert table.loc["without a peer challenge", ["judgements", "improved", "same", "declined"]].tolist() == [
        2,
        0,
        1,
        1,
    ]
    assert table.loc["without a peer challenge", ["pct_same", "pct_declined"]].tolist() == [50.0, 50.0]


def test_reported_totals_beside_counted_records_with_a_note_when_they_differ():
    totals = pd.DataFrame(
        [
            ("Leadership Essentials", "members", "since September 2018", "2018-09-01", None, 5),
            (PC, "peer challenges completed", "2018/19", None, None, 2),
        ],
        columns=["programme", "measure", "period", "period_start", "period_end", "count"],
    )
    totals["period_start"] = pd.to_datetime(totals["period_start"])
    totals["period_end"] = pd.to_datetime(totals["period_end"])
    participation = pd.DataFrame(
        [
            (1, "Leadership Essentials", "2018-08-01", 3),  # before the period: not counted
            (2, "Leadership Essentials", "2019-01-01", 2),
            (4, "Leadership Essentials", "2020-01-01", 3),
        ],
        columns=["la_id", "programme", "cohort_start", "participants"],
    )
    participation["cohort_start"] = pd.to_datetime(participation["cohort_start"])
    frame = peer(
        [(1, PC, "2018-06-01", None, "delivered", None, "Alpha"), (2, PC, "2018-07-01", None, "planned", None, "Beta")]
    )
    compared = support.totals_compared(totals, participation, frame)
    assert compared["counted"].tolist() == [5, 1]
    assert compared["note"].iloc[0] == ""
    assert compared["note"].iloc[1].startswith("differs: 2 reported, 1 peer challenges")
    # "2018/19" is read as April 2018 to March 2019: a challenge in April 2019 is not counted.
    later = pd.concat([frame, peer([(4, PC, "2019-04-01", None, "delivered", None, "Delta")])], ignore_index=True)
    assert support.totals_compared(totals, participation, later)["counted"].tolist() == [5, 1]
    # A period in words only: every record counted, and the note says so.
    vague = totals.assign(period=["since September 2018", "by mid-2019"])
    assert support.totals_compared(vague, participation, later)["counted"].tolist() == [5, 2]
    assert "no dates" in support.totals_compared(vague, participation, later)["note"].iloc[1]
    # A real total is compared with real records only.
    demo = later.assign(is_demo=[False, False, True])
    real = totals.assign(is_demo=False, period=["x", "by mid-2019"])
    assert support.totals_compared(real, participation, demo)["counted"].tolist() == [5, 1]
    summed = support.programme_by_region_year(participation, las())
    assert summed[["financial_year", "region_name", "participants"]].values.tolist() == [
        ["2018-19", "North East", 5],
        ["2019-20", "North West", 3],
    ]
