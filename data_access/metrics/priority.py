"""The priority list: each current LA of a region with the rules that flag it, why, and its support.

The rules and their parameters live in data_access/priority_rules.py (one documented config); this
module applies them to the store's frames, as at a date. Grades, the leadership change and the
months since an inspection come from the map's definitions (metrics/map_values.py, which reuses
metrics/leadership.py's pairing rule), so the priority list, the maps and the Leadership page
agree about every LA.

Pure: DataFrames in, one DataFrame out; nothing here reads the store or imports Dash.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.grades import Grade
from data_access.metrics.leadership import leadership_changes
from data_access.metrics.map_values import NO_INSPECTION, map_values, months_between
from data_access.priority_rules import RULE_BY_ID, Rule, rules_for
from data_access.reference.regions import members

CONCERN_GRADES = (Grade.REQUIRES_IMPROVEMENT.value, Grade.INADEQUATE.value)
GRADED_TYPES = ("standard", "short")
COUNTED_CHALLENGE_STATUSES = ("delivered", "follow-up done")
LIFTED = "Lifted"
# Between the sentences of `why` and the parts of `support` (and nowhere inside one).
SEPARATOR = "; "
BASE_COLUMNS = ["ons_code", "la_name", "region_code", "region_name"]
REORGANISATION_COLUMNS = ["effective", "kind", "predecessor_ons_code", "predecessor_la_id", "successor_la_id"]


def day_text(day) -> str:
    """'12 March 2024'."""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%B %Y}"


def precise_date_text(day, precision: str | None) -> str:
    """A date as precisely as it is known: '12 March 2024', 'March 2014' or '2014'."""
    day = pd.Timestamp(day)
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%B %Y}"
    return day_text(day)


def _grade_words(grade: str, framework: str | None) -> str:
    return Grade(grade).label(framework).lower()


def _empty_reorganisations() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="datetime64[ns]" if c == "effective" else object) for c in REORGANISATION_COLUMNS}
    )


# -- one rule each ---------------------------------------------------------------------------------


def _grade_rule(values: dict, rule: Rule, headline: str) -> str | None:
    grade = values[f"{headline}_grade"]
    if grade not in CONCERN_GRADES:
        return None
    return rule.because(
        grade=_grade_words(grade, values[f"{headline}_framework"]), published=day_text(values[f"{headline}_date"])
    )


def _declined_rule(change: dict | None, rule: Rule) -> str | None:
    if change is None or change["change"] != "declined":
        return None
    return rule.because(
        previous=_grade_words(change["previous_grade"], change["previous_framework"]),
        grade=_grade_words(change["grade"], "ILACS"),
        published=day_text(change["published_date"]),
    )


def active_interventions(interventions: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Interventions active on `as_at`: started (or start unknown), not ended by then, not lifted."""
    day = pd.Timestamp(as_at)
    if interventions.empty:
        return interventions
    started = interventions["start_date"].isna() | (interventions["start_date"] <= day)
    not_ended = interventions["end_date"].isna() | (interventions["end_date"] > day)
    candidates = interventions[started & not_ended & (interventions["kind"] != LIFTED)]
    lifts = interventions[(interventions["kind"] == LIFTED) & (interventions["start_date"] <= day)]
    if lifts.empty or candidates.empty:
        return candidates
    last_lift = lifts.groupby("ons_code")["start_date"].max()
    lifted_on = candidates["ons_code"].map(last_lift)
    ended_by_lift = lifted_on.notna() & candidates["start_date"].notna() & (candidates["start_date"] <= lifted_on)
    return candidates[~ended_by_lift]


def _since(row: dict) -> str:
    """' since March 2014' for an intervention, or that its start is not recorded."""
    if pd.isna(row["start_date"]):
        return " (start date not recorded)"
    return f" since {precise_date_text(row['start_date'], row['start_precision'])}"


def delivered_challenges(peer_challenges: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Delivered peer challenges and diagnostics on or before `as_at`, with the date they count by
    (`counted_date`: end date, else start date), oldest first."""
    if peer_challenges.empty:
        return peer_challenges.assign(counted_date=pd.Series(dtype="datetime64[ns]"))
    counted = peer_challenges["end_date"].fillna(peer_challenges["start_date"])
    frame = peer_challenges.assign(counted_date=counted)
    keep = frame["status"].isin(COUNTED_CHALLENGE_STATUSES) & frame["counted_date"].notna()
    keep &= frame["counted_date"] <= pd.Timestamp(as_at)
    return frame[keep].sort_values(["counted_date", "id"] if "id" in frame else ["counted_date"], kind="stable")


def _challenge_precision(row: dict) -> str | None:
    return row["end_precision"] if pd.notna(row["end_date"]) else row["start_precision"]


def latest_assessments(risk_assessments: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Each LA's latest risk-signature self-assessment on or before `as_at`."""
    frame = risk_assessments[risk_assessments["assessment_date"] <= pd.Timestamp(as_at)]
    order = ["assessment_date", "id"] if "id" in frame else ["assessment_date"]
    return frame.sort_values(order, kind="stable").groupby("ons_code").tail(1)


# -- the list ---------------------------------------------------------------------------------------


def priority_list(
    judgements: pd.DataFrame,
    inspections: pd.DataFrame,
    peer_challenges: pd.DataFrame,
    interventions: pd.DataFrame,
    risk_assessments: pd.DataFrame | None,
    las: pd.DataFrame,
    as_at: date,
    region: str | None = None,
    include_confidential: bool = False,
    *,
    reorganisations: pd.DataFrame | None = None,
    programme: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per current LA of `region` (an ONS region code; None or "" for England) with a
    boolean column per rule (`priority_rules.RULES`; the confidential one only when
    `include_confidential`), `flags` (how many), `why` (each flagged rule's sentence with its fact)
    and `support` (the support recorded). Sorted by region (England only), flags (most first) and
    LA name, so LAs with no flags come last.

    `risk_assessments` must carry the ratings (`<code>_rating` columns, as
    `queries.risk_signature_assessments(include_confidential=True)` gives) when
    `include_confidential`; it is not read otherwise.
    """
    from data_access.support_records import RISK_SIGNATURES

    rules = rules_for(include_confidential)
    reorganisations = _empty_reorganisations() if reorganisations is None else reorganisations
    values = map_values(judgements, las, reorganisations, today=as_at)
    if region:
        values = values[values["region_code"].isin(members(region))]
    values = values.reset_index(drop=True)

    # The change at each LA's last ILACS leadership judgement: the Leadership page's pairing rule
    # (without predecessors, as on the maps), with the grade it compared.
    changes = leadership_changes(judgements, reorganisations, end=as_at)
    last_change = changes.sort_values("published_date", kind="stable").groupby("ons_code").tail(1)
    last_change = last_change.set_index("ons_code")

    # Last standard or short inspection carried out by `as_at` (inspection date, else publication).
    graded = inspections[inspections["inspection_type"].isin(GRADED_TYPES)]
    carried_out = graded["inspection_date"].fillna(graded["published_date"])
    graded = graded.assign(carried_out=carried_out)[carried_out <= pd.Timestamp(as_at)]
    last_inspection = graded.groupby("ons_code")["carried_out"].max()

    active = active_interventions(interventions, as_at)
    challenges = delivered_challenges(peer_challenges, as_at)
    planned = peer_challenges[peer_challenges["status"] == "planned"] if len(peer_challenges) else peer_challenges
    window = RULE_BY_ID["no_external_challenge"].params["months"]
    window_start = pd.Timestamp(as_at) - pd.DateOffset(months=window)
    overdue = RULE_BY_ID["overdue_inspection"]
    overdue_before = pd.Timestamp(as_at) - pd.DateOffset(
        months=overdue.params["interval_months"] + overdue.params["tolerance_months"]
    )
    if programme is not None:
        programme = programme[programme["cohort_start"] <= pd.Timestamp(as_at)]
    assessments = None
    if include_confidential:
        wanted = [f"{c}_rating" for c, _ in RISK_SIGNATURES]
        if risk_assessments is None or not set(wanted) <= set(risk_assessments.columns):
            raise ValueError("risk assessments without ratings: read them with include_confidential=True")
        assessments = latest_assessments(risk_assessments, as_at)

    active_by_la = _by_la(active)
    done_by_la = _by_la(challenges)
    planned_by_la = _by_la(planned)
    programme_by_la = _by_la(programme) if programme is not None else {}
    assessed_by_la = _by_la(assessments) if assessments is not None else {}
    changes_by_la = _by_la(last_change.reset_index())

    rows = []
    for la in values.to_dict("records"):
        code = la["ons_code"]
        done = done_by_la.get(code, [])
        mine = active_by_la.get(code, [])
        reasons: dict[str, str | None] = {
            "overall_grade": _grade_rule(la, RULE_BY_ID["overall_grade"], "overall"),
            "leadership_grade": _grade_rule(la, RULE_BY_ID["leadership_grade"], "leadership"),
            "leadership_declined": _declined_rule(
                (changes_by_la.get(code) or [None])[-1], RULE_BY_ID["leadership_declined"]
            ),
            "active_intervention": SEPARATOR.join(
                RULE_BY_ID["active_intervention"].because(kind=r["kind"], since=_since(r)) for r in mine
            )
            or None,
            "no_external_challenge": None,
            "overdue_inspection": None,
        }
        if not any(r["counted_date"] >= window_start for r in done):
            since = (
                f" (the last recorded: {precise_date_text(done[-1]['counted_date'], _challenge_precision(done[-1]))})"
                if done
                else " (none recorded)"
            )
            reasons["no_external_challenge"] = RULE_BY_ID["no_external_challenge"].because(since=since)

        last_day = last_inspection.get(code)
        if last_day is not None and pd.notna(last_day) and last_day < overdue_before:
            reasons["overdue_inspection"] = overdue.because(
                carried_out=day_text(last_day), months=months_between(last_day, as_at)
            )

        if assessments is not None:
            reasons["risk_signature_concern"] = _risk_reason(assessed_by_la.get(code, []), RISK_SIGNATURES)

        flags = {rule.id: reasons[rule.id] is not None for rule in rules}
        rows.append(
            {
                **{c: la[c] for c in BASE_COLUMNS},
                **flags,
                "flags": sum(flags.values()),
                "why": SEPARATOR.join(reasons[rule.id] for rule in rules if reasons[rule.id]),
                "support": _support_text(done, mine, planned_by_la.get(code, []), programme_by_la.get(code, [])),
            }
        )
    frame = pd.DataFrame(rows, columns=[*BASE_COLUMNS, *(r.id for r in rules), "flags", "why", "support"])
    frame = frame.astype({rule.id: bool for rule in rules} | {"flags": "int64"})
    order = (["region_name"] if not region else []) + ["flags", "la_name"]
    ascending = ([True] if not region else []) + [False, True]
    return frame.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def _by_la(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """Each LA's rows as records, in the frame's order (one pass, not a filter per LA)."""
    grouped: dict[str, list[dict]] = {}
    for record in frame.to_dict("records"):
        grouped.setdefault(record["ons_code"], []).append(record)
    return grouped


def _risk_reason(mine: list[dict], signatures) -> str | None:
    if not mine:
        return None
    latest = mine[-1]
    concerns = [wording for c, wording in signatures if latest[f"{c}_rating"] == "significant"]
    if not concerns:
        return None
    return RULE_BY_ID["risk_signature_concern"].because(
        count=len(concerns),
        signatures=", ".join(w[:1].lower() + w[1:] for w in concerns),
        assessed=precise_date_text(latest["assessment_date"], latest.get("date_precision")),
    )


def _support_text(done: list[dict], active: list[dict], planned: list[dict], programme: list[dict]) -> str:
    """What support is recorded: the latest peer challenge, any planned, active interventions and
    leadership programme participation."""
    parts = []
    if done:
        last = done[-1]
        when = precise_date_text(last["counted_date"], _challenge_precision(last))
        parts.append(f"Latest peer challenge: {last['kind']}, {when} ({last['status']})")
    else:
        parts.append("No peer challenge or diagnostic recorded")
    for row in planned:
        start = row["start_date"]
        when = precise_date_text(start, row["start_precision"]) if pd.notna(start) else "date not set"
        parts.append(f"Planned: {row['kind']}, {when}")
    for row in active:
        parts.append(f"Active intervention: {row['kind']}{_since(row)}")
    if programme:
        people = sum(int(r["participants"]) for r in programme)
        cohorts = len({r["cohort_start"] for r in programme})
        parts.append(
            f"Leadership programme: {people} participant{'s' if people != 1 else ''} "
            f"in {cohorts} cohort{'s' if cohorts != 1 else ''}"
        )
    return SEPARATOR.join(parts)


def most_common_flag(frame: pd.DataFrame, rules: tuple[Rule, ...]) -> tuple[Rule, int] | None:
    """The rule that flags the most LAs in `frame` (the first in RULES on a tie), with its count."""
    counts = [(rule, int(frame[rule.id].sum())) for rule in rules if rule.id in frame]
    counts = [c for c in counts if c[1]]
    if not counts:
        return None
    return max(counts, key=lambda c: c[1])


__all__ = [
    "NO_INSPECTION",
    "active_interventions",
    "delivered_challenges",
    "latest_assessments",
    "most_common_flag",
    "priority_list",
]
