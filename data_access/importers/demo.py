"""A deterministic, invented dataset for every table, so the app works with no real files.

Every row is flagged `is_demo` and the app shows a "Demo data" banner wherever it is used.
The same seed always gives the same rows, so tests and screenshots are stable.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import models as m
from data_access.frameworks import ILACS_NO_OVERALL_FROM
from data_access.grades import GRADED, Grade
from data_access.importers.common import ImportReport, previous_run, record_run
from data_access.importers.statistical_neighbours import KIND as NEIGHBOURS_KIND
from data_access.reference.local_authorities import REORGANISATIONS

SEED = 20261031
DEMO_UNTIL = date(2026, 10, 31)  # nothing in the demo happens after this date
VERSION = f"demo-generator-v1-seed-{SEED}"

SIF_AREAS = (
    "overall_effectiveness",
    "help_and_protection",
    "children_looked_after_and_permanence",
    "adoption_performance",
    "care_leavers",
    "leadership",
)
ILACS_AREAS_TO_2022 = (
    "overall_effectiveness",
    "leadership",
    "help_and_protection",
    "children_in_care_and_care_leavers",
)
ILACS_AREAS_FROM_2023 = (
    "overall_effectiveness",
    "leadership",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)
# Drawn from in this order (the draws, and so every demo row, stay as they were); each is
# stored as today's label.
PEER_CHALLENGE_KINDS = (
    "Children's services peer challenge",
    "Early years peer challenge",
    "Resources peer challenge",
    "Corporate capacity peer challenge",
    "Safeguarding diagnostic",
)
FOCUS_THEMES = ("safeguarding", "looked-after children", "SEND", "early help", "front door", "care leavers")
LEAD_PEER_ORGANISATIONS = ("Local Government Association", "Regional Improvement Alliance", "Partners in Practice LA")
DEMO_SOURCE = "Invented for the demo"
FOCUSED_VISIT_THEMES = (
    "Children in need and child protection",
    "Front door",
    "Children in care",
    "Care leavers",
    "Achieving permanence",
)


class DemoRefused(Exception):
    """Raised rather than mixing invented rows with real imported ones."""


def _grade_after(rng: random.Random, previous: Grade | None) -> Grade:
    """Grades persist: an LA's next grade is most often its last one, sometimes one step away."""
    if previous is None:
        return rng.choices(GRADED, weights=(10, 42, 36, 12))[0]
    rank = previous.rank
    step = rng.choices((-1, 0, 1), weights=(40, 45, 15) if rank >= 3 else (12, 68, 20))[0]
    return GRADED[min(max(rank + step, 1), 4) - 1]


def _near(rng: random.Random, grade: Grade) -> Grade:
    rank = grade.rank + rng.choices((-1, 0, 1), weights=(15, 70, 15))[0]
    return GRADED[min(max(rank, 1), 4) - 1]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


class _Builder:
    def __init__(self, session: Session, run: m.ImportRun, rng: random.Random):
        self.session, self.run, self.rng = session, run, rng
        # The fields added later draw from their own generator, so the original draws (and the
        # inspections, grades and dates they give) are the same as before.
        self.extra = random.Random(SEED + 1)
        self.counts = {
            "inspections": 0,
            "judgements": 0,
            "interventions": 0,
            "peer_challenges": 0,
            "programme_participation": 0,
            "risk_signature_assessments": 0,
        }

    def inspection(self, la, framework, kind, inspected, published, grades=None, theme=None):
        inspection = m.Inspection(
            la_id=la.id,
            framework_code=framework,
            inspection_type=kind,
            inspection_date=inspected,
            published_date=published,
            theme=theme,
            official=False,
            is_demo=True,
            import_run_id=self.run.id,
        )
        for area, grade in (grades or {}).items():
            inspection.judgements.append(m.Judgement(area=area, grade=grade))
        self.session.add(inspection)
        self.counts["inspections"] += 1
        self.counts["judgements"] += len(grades or {})

    def graded(self, la, framework, kind, inspected, areas, overall: Grade):
        published = inspected + timedelta(days=self.rng.randint(35, 70))
        if published > DEMO_UNTIL:
            return None
        grades = {area: _near(self.rng, overall) for area in areas}
        grades["overall_effectiveness"] = overall
        grades["leadership"] = overall if self.rng.random() < 0.8 else grades["leadership"]
        if framework == "ILACS" and inspected >= ILACS_NO_OVERALL_FROM:
            grades["overall_effectiveness"] = Grade.NOT_GRADED
        self.inspection(la, framework, kind, inspected, published, grades)
        return published, overall


def load_demo(session: Session) -> ImportReport:
    """Write the demo dataset (in the caller's transaction). Idempotent; refuses beside real data."""
    sha = hashlib.sha256(VERSION.encode()).hexdigest()
    report = ImportReport(file="demo generator", kind="demo", sha256=sha, edition=VERSION)
    if previous_run(session, sha, "demo"):
        report.already_imported = True
        return report
    # Statistical neighbour models are reference data (who resembles whom), not records: they may
    # sit beside demo data.
    real = m.ImportRun.is_demo.is_(False), m.ImportRun.kind != NEIGHBOURS_KIND
    if session.scalar(select(m.ImportRun.id).where(*real).limit(1)):
        raise DemoRefused(
            "the store already holds real imported data; demo data would be mixed in. "
            "Use an empty database (DATABASE_URL) for the demo."
        )
    rng = random.Random(SEED)
    run = record_run(session, report, is_demo=True)
    builder = _Builder(session, run, rng)
    las = list(session.scalars(select(m.LocalAuthority).order_by(m.LocalAuthority.ons_code)))
    created = {r.successor_ons: r.effective for r in REORGANISATIONS if r.kind != "recode"}
    abolished = {r.predecessor_ons: r.effective for r in REORGANISATIONS if r.kind != "recode"}
    for la in las:
        _la_history(builder, la, created.get(la.ons_code), abolished.get(la.ons_code, DEMO_UNTIL))
    report.inserted = builder.counts["inspections"]
    report.rows_read = 0
    report.details = {k: v for k, v in builder.counts.items() if k != "inspections"}
    run.inserted = report.inserted
    return report


def _la_history(b: _Builder, la: m.LocalAuthority, created: date | None, until: date) -> None:
    rng = b.rng
    grade: Grade | None = None
    if created is None:  # the authority existed under the SIF
        sif = b.graded(
            la,
            "SIF",
            m.InspectionType.STANDARD,
            _day(rng, date(2014, 1, 6), date(2017, 9, 1)),
            SIF_AREAS,
            _grade_after(rng, None),
        )
        grade = sif[1] if sif else None
    start = max(created or date(2018, 1, 8), date(2018, 1, 8))
    inspected = _day(rng, start + timedelta(days=60), start + timedelta(days=1300))
    while inspected < until:
        grade = _grade_after(rng, grade)
        kind = m.InspectionType.SHORT if grade.rank <= 2 and rng.random() < 0.5 else m.InspectionType.STANDARD
        areas = ILACS_AREAS_FROM_2023 if inspected >= date(2023, 1, 1) else ILACS_AREAS_TO_2022
        result = b.graded(la, "ILACS", kind, inspected, areas, grade)
        if result is None:
            break
        published, grade = result
        if grade is Grade.INADEQUATE:
            _intervention(b, la, published)
            for k in range(1, 4):
                visit = published + timedelta(days=120 * k)
                if visit < min(until, DEMO_UNTIL):
                    b.inspection(
                        la,
                        "ILACS",
                        m.InspectionType.MONITORING_VISIT,
                        visit,
                        visit + timedelta(days=30) if visit + timedelta(days=30) <= DEMO_UNTIL else None,
                    )
            gap = rng.randint(900, 1200)
        else:
            visit = published + timedelta(days=rng.randint(300, 700))
            if visit < min(until, DEMO_UNTIL) - timedelta(days=40):
                b.inspection(
                    la,
                    "ILACS",
                    m.InspectionType.FOCUSED_VISIT,
                    visit,
                    visit + timedelta(days=35),
                    theme=rng.choice(FOCUSED_VISIT_THEMES),
                )
            gap = rng.randint(1000, 1500) if grade.rank <= 2 else rng.randint(900, 1200)
        inspected = published + timedelta(days=gap)
    if la.current:
        _improvement_activity(b, la)


def _intervention(b: _Builder, la: m.LocalAuthority, published: date) -> None:
    rng = b.rng
    kind = rng.choices(
        ("Statutory direction", "Improvement notice", "Commissioner", "Alternative delivery model / trust"),
        weights=(55, 20, 20, 5),
    )[0]
    start = published + timedelta(days=rng.randint(20, 60))
    end = start + timedelta(days=rng.randint(700, 1400))
    if start > DEMO_UNTIL:
        return
    b.session.add(
        m.Intervention(
            la_id=la.id,
            kind=kind,
            start_date=start,
            start_precision="day",
            end_date=end if end <= DEMO_UNTIL else None,
            end_precision="day" if end <= DEMO_UNTIL else None,
            note="Invented for the demo",
            source=DEMO_SOURCE,
            is_demo=True,
            import_run_id=b.run.id,
        )
    )
    b.counts["interventions"] += 1


def _improvement_activity(b: _Builder, la: m.LocalAuthority) -> None:
    rng, extra = b.rng, b.extra
    for _ in range(rng.choices((0, 1, 2), weights=(45, 40, 15))[0]):
        start = _day(rng, date(2019, 4, 1), date(2026, 9, 1))
        kind = rng.choice(PEER_CHALLENGE_KINDS)
        end = start + timedelta(days=rng.randint(2, 4))
        follow_up = end + timedelta(days=extra.randint(150, 300))
        done = follow_up <= DEMO_UNTIL and extra.random() < 0.7
        b.session.add(
            m.PeerChallenge(
                la_id=la.id,
                kind=kind,
                start_date=start,
                start_precision="day",
                end_date=end,
                end_precision="day",
                focus="; ".join(extra.sample(FOCUS_THEMES, extra.randint(1, 3))),
                status="follow-up done" if done else "delivered",
                follow_up_date=follow_up if done else None,
                lead_peer_organisation=extra.choice(LEAD_PEER_ORGANISATIONS),
                public_summary="Invented for the demo: strengths and areas to develop",
                confidential_notes="Invented for the demo: restricted notes",
                source=DEMO_SOURCE,
                is_demo=True,
                import_run_id=b.run.id,
            )
        )
        b.counts["peer_challenges"] += 1
    for _ in range(rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]):
        b.session.add(
            m.ProgrammeParticipation(
                la_id=la.id,
                programme="Leadership Essentials (children's services)",
                cohort_start=_day(rng, date(2019, 9, 1), date(2026, 9, 1)),
                cohort_precision="day",
                participants=rng.randint(1, 4),
                role=rng.choice(
                    ("Director of children's services", "Assistant director", "Lead member", "Head of service")
                ),
                new_to_role=extra.random() < 0.4,
                source=DEMO_SOURCE,
                is_demo=True,
                import_run_id=b.run.id,
            )
        )
        b.counts["programme_participation"] += 1
    if extra.random() < 0.35:
        _risk_signatures(b, la)


def _risk_signatures(b: _Builder, la: m.LocalAuthority) -> None:
    """A self-assessment against the 13 signatures of risk (confidential, like a real one)."""
    from data_access.support_records import RISK_SIGNATURES

    extra = b.extra
    ratings = {}
    for code, _wording in RISK_SIGNATURES:
        rating = extra.choices(("none", "some", "significant"), weights=(55, 35, 10))[0]
        ratings[code] = {"rating": rating, "note": "" if rating == "none" else "Invented for the demo"}
    b.session.add(
        m.RiskSignatureAssessment(
            la_id=la.id,
            assessment_date=_day(extra, date(2023, 4, 1), date(2026, 9, 1)),
            date_precision="day",
            ratings=ratings,
            confidential=True,
            source=DEMO_SOURCE,
            is_demo=True,
            import_run_id=b.run.id,
        )
    )
    b.counts["risk_signature_assessments"] += 1
