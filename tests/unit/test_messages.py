"""Key messages of the meeting slides, from hand-made numbers: zero, one, all, small numbers, demo."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.views.messages import headline_message, leadership_message, plural, since_message


def figures(outstanding=0, good=0, ri=0, inadequate=0, not_graded=0) -> dict:
    counts = {
        "outstanding": outstanding,
        "good": good,
        "requires_improvement": ri,
        "inadequate": inadequate,
        "not_graded": not_graded,
    }
    graded = outstanding + good + ri + inadequate
    return {"grade_counts": counts | {"total": graded + not_graded}, "graded": graded, "data_date": date(2025, 5, 14)}


def measure(improved=0, maintained=0, declined=0, no_previous=0) -> dict:
    judgements = improved + maintained + declined + no_previous
    return {
        "judgements": judgements,
        "improved": improved,
        "maintained": maintained,
        "declined": declined,
        "no_previous": no_previous,
    }


def test_plural_reads_as_english():
    assert [plural(n, "LA") for n in (0, 1, 2)] == ["no LAs", "1 LA", "2 LAs"]
    assert plural(1, "peer challenge") == "1 peer challenge"


def test_headline_with_england_beside_and_singular_inadequate():
    text = headline_message("North West", figures(good=11, ri=6, inadequate=1), figures(good=100, ri=50))
    assert text == [
        "11 of 18 LAs in North West are good or better (61%) as at 14 May 2025; England: 67%.",
        "1 LA is inadequate.",
    ]


def test_headline_with_none_inadequate_none_graded_and_demo():
    assert headline_message("London", figures(good=5, outstanding=2), None)[1] == "No LAs are inadequate."
    assert headline_message("London", figures(not_graded=3), None) == [
        "No LA in London has a graded overall judgement as at 14 May 2025."
    ]
    assert headline_message("London", figures(good=6), None, demo=True)[0].startswith("Demo data: 6 of 6 LAs")


def test_small_numbers_give_counts_not_percentages():
    assert headline_message("Tiny", figures(good=1, inadequate=1), None)[0] == (
        "1 of 2 LAs in Tiny are good or better as at 14 May 2025."
    )
    assert leadership_message(
        "North West", "2025-26 (so far)", measure(improved=1), measure(improved=40, maintained=50)
    ) == (
        "1 of 1 leadership judgement in North West published in 2025-26 (so far) improved on the previous "
        "inspection; England: 44%. 1 of 1 maintained or improved."
    )


def test_leadership_message_with_percentages_and_none_to_compare():
    here, england = measure(improved=4, maintained=1, declined=2, no_previous=1), measure(improved=48, declined=52)
    assert leadership_message("North West", "2024-25", here, england) == (
        "4 of 7 leadership judgements in North West published in 2024-25 improved on the previous inspection "
        "(57%); England: 48%. 5 of 7 maintained or improved (71%)."
    )
    assert leadership_message("London", "2024-25", measure(no_previous=2), None) == (
        "No ILACS leadership judgement in London published in 2024-25 had a previous grade to compare with."
    )
    all_improved = leadership_message("London", "2024-25", measure(improved=6), None)
    assert "6 of 6" in all_improved and "(100%)" in all_improved and "England" not in all_improved


def test_since_message_counts_inspections_once_and_grade_moves():
    changes = pd.DataFrame(
        {
            "ons_code": ["A", "A", "B", "C"],
            "published_date": pd.to_datetime(["2025-04-01", "2025-04-01", "2025-05-01", "2025-05-02"]),
            "headline": ["overall", "leadership", "overall", "overall"],
            "change": ["up", "same", "down", "no previous"],
        }
    )
    assert since_message("North West", date(2025, 2, 14), changes, interventions=0, peer_challenges=1) == (
        "Since 14 February 2025, 3 inspections published in North West; overall grades: 1 up, 1 down; "
        "leadership grades: 0 up, 0 down; no new interventions; 1 peer challenge held."
    )
    empty = changes.iloc[0:0]
    assert since_message("London", date(2025, 2, 14), empty, 0, 0) == (
        "Since 14 February 2025, no inspections published in London; no new interventions; no peer challenges held."
    )
