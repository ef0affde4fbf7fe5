"""The priority list's rules on small hand-made frames: each rule, its edges, the sort order."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.grades import Grade
from data_access.metrics.priority import priority_list
from data_access.priority_rules import RULE_BY_ID, RULES, describe, rules_for
from data_access.support_records import RISK_SIGNATURES

AS_AT = date(2026, 6, 30)
NW, LONDON = ("E12000002", "North West"), ("E12000007", "London")
LAS = {
    # ons code: (la_id, name, region, current)
    "E1": (1, "Alpha", NW, True),
    "E2": (2, "Bravo", NW, True),
    "E3": (3, "Charlie", NW, True),
    "E4": (4, "Delta", LONDON, True),
    "E5": (5, "Former", NW, False),
}
PUBLIC_RULES = [r.id for r in rules_for(False)]


def las_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "la_id": la_id,
                "ons_code": code,
                "dfe_code": None,
                "la_name": name,
                "region_code": region[0],
                "region_name": region[1],
                "la_current": current,
            }
            for code, (la_id, name, region, current) in LAS.items()
        ]
    )


class Store:
    """Hand-made store frames: add inspections and support records, then ask for the list."""

    def __init__(self):
        self.judgements: list[dict] = []
        self.inspections: list[dict] = []
        self.challenges: list[dict] = []
        self.interventions: list[dict] = []
        self.risks: list[dict] = []
        self.programme: list[dict] = []

    def _la(self, code: str) -> dict:
        la_id, name, region, _current = LAS[code]
        return {"la_id": la_id, "ons_code": code, "la_name": name, "region_code": region[0], "region_name": region[1]}

    def inspect(
        self,
        code: str,
        published: str,
        overall: str | None,
        leadership: str | None,
        *,
        framework: str = "ILACS",
        kind: str = "standard",
        inspected: str | None = None,
    ) -> None:
        inspection_id = len(self.inspections) + 1
        published_day = pd.Timestamp(published)
        carried = pd.Timestamp(inspected) if inspected else published_day - pd.Timedelta(days=40)
        base = {
            **self._la(code),
            "inspection_id": inspection_id,
            "framework": framework,
            "inspection_type": kind,
            "inspection_date": carried,
            "published_date": published_day,
        }
        self.inspections.append(base)
        for area, grade in (("overall_effectiveness", overall), ("leadership", leadership)):
            if grade:
                self.judgements.append(
                    {
                        **base,
                        "judgement_id": len(self.judgements) + 1,
                        "la_current": True,
                        "official": True,
                        "is_demo": False,
                        "area": area,
                        "grade": grade,
                        "grade_rank": Grade(grade).rank,
                    }
                )

    def challenge(
        self,
        code: str,
        end: str | None,
        *,
        start: str | None = None,
        status: str = "delivered",
        kind="Children's services peer challenge",
    ) -> None:
        self.challenges.append(
            {
                "id": len(self.challenges) + 1,
                **self._la(code),
                "kind": kind,
                "start_date": pd.Timestamp(start or end),
                "start_precision": "day",
                "end_date": pd.Timestamp(end) if end else pd.NaT,
                "end_precision": "day" if end else None,
                "status": status,
            }
        )

    def intervene(
        self, code: str, kind: str, start: str | None, end: str | None = None, precision: str = "day"
    ) -> None:
        self.interventions.append(
            {
                "id": len(self.interventions) + 1,
                **self._la(code),
                "kind": kind,
                "start_date": pd.Timestamp(start) if start else pd.NaT,
                "start_precision": precision if start else None,
                "end_date": pd.Timestamp(end) if end else pd.NaT,
                "end_precision": "day" if end else None,
            }
        )

    def assess(self, code: str, day: str, significant: tuple[str, ...] = ()) -> None:
        ratings = {f"{c}_rating": ("significant" if c in significant else "some") for c, _ in RISK_SIGNATURES}
        self.risks.append(
            {
                "id": len(self.risks) + 1,
                **self._la(code),
                "assessment_date": pd.Timestamp(day),
                "date_precision": "day",
                **ratings,
            }
        )

    def attend(self, code: str, cohort: str, participants: int) -> None:
        self.programme.append({**self._la(code), "cohort_start": pd.Timestamp(cohort), "participants": participants})

    def frame(self, rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=list(dict.fromkeys([*self._la("E1"), *columns])))
        for column in frame.columns:
            if column.endswith("_date") or column in ("cohort_start",):
                frame[column] = pd.to_datetime(frame[column])
        return frame

    def priority(
        self, region: str | None = NW[0], include_confidential: bool = False, as_at: date = AS_AT, ratings: bool = True
    ):
        judgements = self.frame(
            self.judgements,
            (
                "judgement_id",
                "inspection_id",
                "la_current",
                "framework",
                "inspection_type",
                "inspection_date",
                "published_date",
                "official",
                "is_demo",
                "area",
                "grade",
                "grade_rank",
            ),
        )
        judgements["grade_rank"] = judgements["grade_rank"].astype("Int64")
        return priority_list(
            judgements,
            self.frame(
                self.inspections, ("inspection_id", "framework", "inspection_type", "inspection_date", "published_date")
            ),
            self.frame(
                self.challenges,
                ("id", "kind", "start_date", "start_precision", "end_date", "end_precision", "status"),
            ),
            self.frame(
                self.interventions, ("id", "kind", "start_date", "start_precision", "end_date", "end_precision")
            ),
            self.frame(
                self.risks,
                ("id", "assessment_date", "date_precision", *(f"{c}_rating" for c, _ in RISK_SIGNATURES if ratings)),
            )
            if include_confidential
            else None,
            las_frame(),
            as_at,
            region,
            include_confidential,
            programme=self.frame(self.programme, ("cohort_start", "participants")),
        )


def row(frame: pd.DataFrame, name: str) -> pd.Series:
    rows = frame[frame["la_name"] == name]
    assert len(rows) == 1, f"{name}: {len(rows)} rows"
    return rows.iloc[0]


def covered(store: Store, *codes: str) -> None:
    """A recent peer challenge and a recent good inspection: no flag but the one a test adds."""
    for code in codes:
        store.challenge(code, "2026-01-15")


@pytest.fixture
def store() -> Store:
    return Store()


# -- grades ------------------------------------------------------------------------------------------


def test_latest_overall_and_leadership_grades_requires_improvement_or_inadequate(store):
    store.inspect("E1", "2024-03-12", "requires_improvement", "inadequate")
    store.inspect("E2", "2024-05-02", "good", "good")
    covered(store, "E1", "E2", "E3")
    frame = store.priority()
    alpha, bravo = row(frame, "Alpha"), row(frame, "Bravo")
    assert alpha["overall_grade"] and alpha["leadership_grade"]
    assert not bravo["overall_grade"] and not bravo["leadership_grade"]
    assert alpha["why"] == (
        "Overall effectiveness requires improvement at the inspection published 12 March 2024; "
        "Leadership inadequate at the inspection published 12 March 2024"
    )
    assert bravo["flags"] == 0 and bravo["why"] == ""


def test_only_the_latest_inspection_counts(store):
    store.inspect("E1", "2020-03-12", "inadequate", "inadequate")
    store.inspect("E1", "2024-03-12", "good", "good")
    covered(store, "E1")
    alpha = row(store.priority(), "Alpha")
    assert not alpha["overall_grade"] and not alpha["leadership_grade"]


def test_leadership_improved_then_declined_is_flagged_and_the_reverse_is_not(store):
    store.inspect("E1", "2016-06-01", "requires_improvement", "requires_improvement", framework="SIF")
    store.inspect("E1", "2019-06-10", "good", "good")  # improved
    store.inspect("E1", "2023-02-14", "good", "requires_improvement")  # then declined
    store.inspect("E2", "2019-06-10", "good", "good")
    store.inspect("E2", "2022-01-20", "requires_improvement", "requires_improvement")  # declined
    store.inspect("E2", "2025-04-03", "good", "good")  # then improved
    covered(store, "E1", "E2")
    frame = store.priority()
    alpha, bravo = row(frame, "Alpha"), row(frame, "Bravo")
    assert alpha["leadership_declined"]
    assert (
        "Leadership declined from good to requires improvement at the inspection published 14 February 2023"
        in (alpha["why"])
    )
    assert not bravo["leadership_declined"] and bravo["flags"] == 0


def test_leadership_declined_compares_with_a_sif_grade_in_its_own_words(store):
    store.inspect("E1", "2016-06-01", "good", "outstanding", framework="SIF")
    store.inspect("E1", "2024-09-09", "good", "good")
    covered(store, "E1")
    alpha = row(store.priority(), "Alpha")
    assert alpha["flags"] == 1 and alpha["leadership_declined"]
    assert alpha["why"] == "Leadership declined from outstanding to good at the inspection published 9 September 2024"


def test_an_la_with_no_inspection_has_no_grade_or_overdue_flag(store):
    frame = store.priority()
    charlie = row(frame, "Charlie")
    for rule in ("overall_grade", "leadership_grade", "leadership_declined", "overdue_inspection"):
        assert not charlie[rule]
    assert charlie["no_external_challenge"] and charlie["flags"] == 1
    assert charlie["why"] == "No peer challenge or diagnostic in the last 24 months (none recorded)"
    assert charlie["support"] == "No peer challenge or diagnostic recorded"


# -- interventions -----------------------------------------------------------------------------------


def test_active_interventions_and_ended_ones(store):
    store.intervene("E1", "Commissioner", "2014-03-01", precision="month")  # open: active
    store.intervene("E2", "Statutory direction", "2022-01-10", "2025-12-31")  # ended: not active
    store.intervene("E3", "Improvement notice", "2025-01-10", "2026-07-01")  # ends after as_at: active
    covered(store, "E1", "E2", "E3")
    frame = store.priority()
    alpha, bravo, charlie = (row(frame, n) for n in ("Alpha", "Bravo", "Charlie"))
    assert alpha["active_intervention"] and alpha["why"] == "Commissioner active since March 2014"
    assert "Active intervention: Commissioner since March 2014" in alpha["support"]
    assert not bravo["active_intervention"] and "intervention" not in bravo["support"].lower()
    assert charlie["active_intervention"] and charlie["why"] == "Improvement notice active since 10 January 2025"


def test_intervention_with_unknown_start_counts_a_future_one_does_not_and_lifted_ends_earlier_ones(store):
    store.intervene("E1", "Alternative delivery model / trust", None)
    store.intervene("E2", "Commissioner", "2026-08-01")  # after as_at
    store.intervene("E3", "Statutory direction", "2021-05-01")
    store.intervene("E3", "Lifted", "2024-11-01")
    covered(store, "E1", "E2", "E3")
    frame = store.priority()
    assert row(frame, "Alpha")["why"] == "Alternative delivery model / trust active (start date not recorded)"
    assert not row(frame, "Bravo")["active_intervention"]
    assert not row(frame, "Charlie")["active_intervention"]


# -- external challenge ------------------------------------------------------------------------------


def test_a_challenge_exactly_24_months_ago_counts_one_a_day_earlier_does_not(store):
    store.challenge("E1", "2024-06-30")  # exactly 24 months before 30 June 2026
    store.challenge("E2", "2024-06-29")
    store.challenge("E3", "2026-03-01", status="planned")  # planned: not delivered
    frame = store.priority()
    assert not row(frame, "Alpha")["no_external_challenge"]
    bravo = row(frame, "Bravo")
    assert bravo["no_external_challenge"]
    assert bravo["why"] == "No peer challenge or diagnostic in the last 24 months (the last recorded: 29 June 2024)"
    charlie = row(frame, "Charlie")
    assert charlie["no_external_challenge"]
    assert charlie["support"] == (
        "No peer challenge or diagnostic recorded; Planned: Children's services peer challenge, 1 March 2026"
    )


def test_a_challenge_counts_by_its_end_date_else_its_start(store):
    store.challenge("E1", None, start="2025-02-03", status="follow-up done")
    store.challenge("E2", "2024-07-02", start="2024-06-25")  # ended inside the window
    frame = store.priority()
    assert not row(frame, "Alpha")["no_external_challenge"]
    assert not row(frame, "Bravo")["no_external_challenge"]


def test_window_follows_the_config():
    assert RULE_BY_ID["no_external_challenge"].params["months"] == 24


# -- overdue inspection ------------------------------------------------------------------------------


def test_overdue_after_the_ilacs_interval_and_tolerance(store):
    # 42 months before 30 June 2026 is 30 December 2022: not more than 42 months, so not overdue.
    store.inspect("E1", "2023-02-15", "good", "good", inspected="2022-12-30", kind="short")
    store.inspect("E2", "2023-02-15", "good", "good", inspected="2022-12-29", kind="short")
    covered(store, "E1", "E2")
    frame = store.priority()
    assert not row(frame, "Alpha")["overdue_inspection"]
    bravo = row(frame, "Bravo")
    assert bravo["overdue_inspection"] and bravo["flags"] == 1
    assert bravo["why"] == (
        "Last standard or short inspection carried out 29 December 2022, 42 months ago "
        "(expected within about 36 months, give or take 6)"
    )


def test_a_monitoring_visit_is_not_an_inspection(store):
    store.inspect("E1", "2021-01-15", "good", "good")
    store.inspect("E1", "2026-01-15", None, None, kind="monitoring_visit")
    covered(store, "E1")
    assert row(store.priority(), "Alpha")["overdue_inspection"]


# -- confidential ------------------------------------------------------------------------------------


def test_risk_signature_flag_hidden_unless_permitted(store):
    store.assess("E1", "2025-01-20", significant=("leadership_turnover", "workforce"))
    store.assess("E2", "2024-01-20", significant=("workforce",))
    store.assess("E2", "2025-09-01")  # the latest: no significant concern
    covered(store, "E1", "E2", "E3")
    public = store.priority()
    assert "risk_signature_concern" not in public.columns
    assert row(public, "Alpha")["flags"] == 0 and "signature" not in row(public, "Alpha")["why"]
    shown = store.priority(include_confidential=True)
    alpha = row(shown, "Alpha")
    assert alpha["risk_signature_concern"] and alpha["flags"] == 1
    assert alpha["why"] == (
        "Significant concern in 2 of 13 signatures of risk (turnover and change in senior leadership, poor "
        "workforce development and/or capacity) in the self-assessment dated 20 January 2025"
    )
    assert not row(shown, "Bravo")["risk_signature_concern"]
    assert list(shown.columns) == [
        "ons_code",
        "la_name",
        "region_code",
        "region_name",
        *(r.id for r in RULES),
        "flags",
        "why",
        "support",
    ]


def test_permitted_list_needs_the_ratings(store):
    store.assess("E1", "2025-01-20")
    store.risks = [{k: v for k, v in r.items() if not k.endswith("_rating")} for r in store.risks]
    with pytest.raises(ValueError, match="include_confidential"):
        store.priority(include_confidential=True, ratings=False)


# -- support, scope and order -----------------------------------------------------------------------


def test_support_recorded(store):
    store.challenge("E1", "2025-03-14", kind="Resources peer challenge", status="follow-up done")
    store.challenge("E1", "2022-03-14")
    store.intervene("E1", "Improvement notice", "2025-01-10")
    store.attend("E1", "2024-09-01", 3)
    store.attend("E1", "2025-09-01", 2)
    store.attend("E1", "2026-09-01", 4)  # after as_at
    alpha = row(store.priority(), "Alpha")
    assert alpha["support"] == (
        "Latest peer challenge: Resources peer challenge, 14 March 2025 (follow-up done); "
        "Active intervention: Improvement notice since 10 January 2025; "
        "Leadership programme: 5 participants in 2 cohorts"
    )


def test_region_current_las_only_sorted_by_flags_then_name(store):
    store.inspect("E3", "2024-03-12", "inadequate", "inadequate")  # 3 flags with no challenge
    store.inspect("E1", "2024-03-12", "good", "good")  # 1 flag: no challenge
    store.inspect("E2", "2024-03-12", "good", "good")
    store.challenge("E2", "2026-01-15")  # none
    store.inspect("E5", "2024-03-12", "inadequate", "inadequate")  # former LA: not listed
    frame = store.priority()
    assert list(frame["la_name"]) == ["Charlie", "Alpha", "Bravo"]
    assert list(frame["flags"]) == [3, 1, 0]
    assert frame[PUBLIC_RULES].dtypes.eq(bool).all()


def test_england_is_grouped_by_region(store):
    store.inspect("E4", "2024-03-12", "inadequate", "inadequate")
    frame = store.priority(region=None)
    assert list(frame["region_name"]) == ["London", "North West", "North West", "North West"]
    assert list(frame["la_name"]) == ["Delta", "Alpha", "Bravo", "Charlie"]


def test_every_rule_is_described_with_its_parameters():
    assert [r.id for r in RULES] == [
        "overall_grade",
        "leadership_grade",
        "leadership_declined",
        "active_intervention",
        "no_external_challenge",
        "overdue_inspection",
        "risk_signature_concern",
    ]
    assert [r.id for r in RULES if r.confidential] == ["risk_signature_concern"]
    assert "more than 36 + 6 months" in describe(RULE_BY_ID["overdue_inspection"])
    assert "in the 24 months" in describe(RULE_BY_ID["no_external_challenge"])
    assert RULE_BY_ID["overdue_inspection"].param_text() == "interval months = 36, tolerance months = 6"


def test_the_docs_name_every_rule_and_its_parameters():
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "priority-list.md").read_text()
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.label} |" in text
        if rule.params:
            assert f"| {rule.param_text()} |" in text
