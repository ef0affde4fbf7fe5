"""Improvement support: peer challenges, coverage, follow-ups, interventions, programme take-up and
"did support help?", for the Support page and the LA profile.

Every number comes from `data_access.metrics.support`; the records are what RIAs entered
(docs/support-records.md), never a national dataset, and the notes say so.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.cache import cached_view
from dashboard.context import store_url
from dashboard.dates import partial_financial_years
from dashboard.figures.support import labelled_bars, outcome_bars, stacked_by_series
from dashboard.filters import Filters
from dashboard.views.authority import parse_la
from dashboard.views.base import View, ViewResult, mark_partial_years, scaled_paint
from data_access import derived, queries
from data_access.grades import Grade
from data_access.metrics import small_numbers
from data_access.metrics import support as measure
from data_access.reference.local_authorities import LA_BY_ONS
from data_access.reference.regions import REGION_BY_CODE, members, on_basis

SUPPORT_SOURCE = "Support records entered by RIAs and the LGA (no national dataset); Ofsted inspection outcomes"
RECORDS_NOTE = "No national dataset: records are what RIAs entered (see docs/support-records.md)"
REGION_FIELDS = ("region",)
PERIOD_FIELDS = ("region", "date_from", "date_to")
LA_FIELDS = ("la",)
ACTIVE = "Active"
DELIVERED_PLURAL = "delivered peer challenges and diagnostics"
NO_LA = "-"  # an ONS code no LA has: an LA view with no LA chosen shows nothing


def as_at() -> date:
    """The date every "now" of support is counted at: the data's date (the newest publication in
    the store), as for current grades, else today for a store with no inspections."""
    return derived.data_as_at(store_url()) or date.today()


def precise_date(value, precision: str | None) -> str:
    """A date as precisely as it is known: "3 March 2014", "March 2014" or "2014" ("" unknown)."""
    if value is None or pd.isna(value):
        return ""
    value = pd.Timestamp(value)
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%B %Y}"
    return f"{value:%-d %B %Y}"


def grade_text(grade, framework) -> str:
    return Grade(grade).label(framework) if isinstance(grade, str) else ""


def _in_scope(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    if filters.region:
        frame = frame[frame["region_code"].isin(members(filters.region))]  # Ofsted's regions join two
    if filters.la:
        frame = frame[frame["ons_code"] == filters.la]
    return frame


def _in_period(frame: pd.DataFrame, when: pd.Series, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if filters.date_from:
        keep &= when >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        keep &= when <= pd.Timestamp(filters.date_to)
    return frame[keep.fillna(False)]


def period_words(filters: Filters) -> str:
    if filters.date_from and filters.date_to:
        return f" from {filters.date_from:%-d %B %Y} to {filters.date_to:%-d %B %Y}"
    if filters.date_from:
        return f" from {filters.date_from:%-d %B %Y}"
    if filters.date_to:
        return f" to {filters.date_to:%-d %B %Y}"
    return ""


def _partial(years: pd.Series, filters: Filters) -> set[str]:
    """Financial years the chart shows that the data's date or the filter's dates cut short."""
    return partial_financial_years(
        years.astype(str), date_from=filters.date_from, date_to=filters.date_to, latest=as_at()
    )


@cached_view
def records(_filters: Filters) -> dict[str, pd.DataFrame]:
    """The support records and LA table, read once per store revision (public fields only)."""
    url = store_url()
    return {
        "las": queries.local_authorities(url),
        "peer": queries.peer_challenges(url),
        "interventions": queries.interventions(url),
        "participation": queries.programme_participation(url),
        "totals": queries.programme_totals(url),
    }


def _records() -> dict[str, pd.DataFrame]:
    return records(Filters())


def has_records() -> bool:
    """Any peer challenge, intervention, participation or reported total in the store?"""
    return any(len(frame) for name, frame in _records().items() if name != "las")


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


# -- peer challenges by type, year and region -----------------------------------------------------------


def peer_challenges(filters: Filters) -> ViewResult:
    data = _records()
    peer = _in_scope(data["peer"], filters)
    peer = _in_period(peer, measure.activity_date(peer), filters)
    counts = measure.peer_challenge_counts(peer, data["las"])
    table = counts.rename(
        columns={
            "financial_year": "Financial year",
            "region_name": "Region",
            "kind": "Type",
            "count": "Peer challenges",
            "region_code": "region_code_key",
        }
    )[["Financial year", "Region", "Type", "Peer challenges", "region_code_key"]]
    total = int(counts["count"].sum())
    where = filters.region_name + period_words(filters)
    if not total:
        text = f"No delivered peer challenges or diagnostics are recorded for {where}."
    else:
        by_kind = counts.groupby("kind")["count"].sum().sort_values(ascending=False)
        by_year = counts.groupby("financial_year")["count"].sum()
        busiest = by_year.idxmax()
        text = (
            f"{where}: {_plural(total, 'delivered peer challenge or diagnostic', DELIVERED_PLURAL)} "
            f"recorded; the most common type is {by_kind.index[0].lower()} ({by_kind.iloc[0]}); the most in one "
            f"financial year is {by_year.max()} in {busiest}."
        )
    partial = _partial(counts["financial_year"], filters)
    return ViewResult(
        frame=table,
        paint=scaled_paint(
            lambda: mark_partial_years(
                stacked_by_series(counts, "financial_year", "kind", "count", axis_title="Peer challenges"), partial
            )
        ),
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(
            RECORDS_NOTE,
            "Financial years (April to March) of the start date, else the end date",
            "Counted: delivered or followed-up peer challenges and diagnostics; planned ones are not",
        ),
    )


# -- coverage ---------------------------------------------------------------------------------------------


def coverage(filters: Filters) -> ViewResult:
    data = _records()
    when = as_at()
    regions = measure.coverage(data["peer"], on_basis(data["las"], filters.regions), when)  # 9 or Ofsted's 8
    england = {
        "region_code": "",
        "region_name": "England",
        "las": int(regions["las"].sum()),
        "with_peer_challenge": int(regions["with_peer_challenge"].sum()),
    }
    england["pct"] = round(100 * england["with_peer_challenge"] / england["las"], 1) if england["las"] else None
    full = pd.concat([regions, pd.DataFrame([england])], ignore_index=True)
    table = full.rename(
        columns={
            "region_name": "Region",
            "las": "Current LAs",
            "with_peer_challenge": "With a peer challenge or diagnostic",
            "pct": "% of LAs",
            "region_code": "region_code_key",
        }
    )[["Region", "Current LAs", "With a peer challenge or diagnostic", "% of LAs", "region_code_key"]]
    selected = REGION_BY_CODE[filters.region].name if filters.region else None
    chosen = regions[regions["region_code"] == filters.region] if filters.region else regions
    here = {"las": int(chosen["las"].sum()), "with_peer_challenge": int(chosen["with_peer_challenge"].sum())}
    here["pct"] = 100 * here["with_peer_challenge"] / here["las"] if here["las"] else 0.0
    labels = [
        f"{int(r.with_peer_challenge)} of {int(r.las)}" + ("" if small_numbers.is_small(r.las) else f" ({r.pct:.0f}%)")
        for r in regions.itertuples()
    ]
    text = (
        f"{int(here['with_peer_challenge'])} of {int(here['las'])} current LAs in {selected or 'England'} "
        f"({here['pct']:.0f}%) had a delivered peer challenge or diagnostic in the 24 months to "
        f"{when:%-d %B %Y}."
    )
    if len(regions):
        top = regions.loc[regions["pct"].idxmax()]
        low = regions.loc[regions["pct"].idxmin()]
        if f"{low['pct']:.0f}" == f"{top['pct']:.0f}":  # "from 0% in North East to 0% in North East" says nothing
            text += f" Every region: {top['pct']:.0f}%."
        else:
            text += (
                f" By region, from {low['pct']:.0f}% in {low['region_name']} "
                f"to {top['pct']:.0f}% in {top['region_name']}."
            )
    return ViewResult(
        frame=table,
        paint=scaled_paint(
            lambda: labelled_bars(
                regions["region_name"].tolist(),
                regions["pct"].tolist(),
                labels,
                axis_title="% of current LAs",
                selected=set(chosen["region_name"]) if filters.region else None,
                maximum=100,
            )
        ),
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(
            RECORDS_NOTE,
            f"As at {when:%-d %B %Y} (the data's date): a start or end date from "
            f"{measure.window_start(when):%-d %B %Y} to {when:%-d %B %Y} counts",
            "Current LAs of each region from the project's LA table; former LAs are not counted",
        ),
        extra={"as_at": when},
    )


# -- follow-ups -------------------------------------------------------------------------------------------


def follow_ups(filters: Filters) -> ViewResult:
    data = _records()
    when = as_at()
    found = measure.with_regions(measure.follow_ups(_in_scope(data["peer"], filters), when), data["las"])
    table = pd.DataFrame(
        {
            "Local authority": found["la_name"],
            "Region": found["region_name"],
            "Type": found["kind"],
            "Start": [precise_date(d, p) for d, p in zip(found["start_date"], found["start_precision"], strict=True)],
            "Status": found["status"],
            "Follow-up visit": found["follow_up_date"],
            "Due or overdue": found["state"].map({"due": "Due", "overdue": "Overdue"}),
            "Days until the visit": found["days"],
            "ons_code_key": found["ons_code"],
        }
    )
    overdue = int((found["state"] == "overdue").sum())
    due = len(found) - overdue
    text = (
        f"{filters.region_name}, as at {when:%-d %B %Y}: {_plural(due, 'follow-up visit')} due in the next "
        f"{measure.FOLLOW_UP_DAYS} days and {overdue} overdue."
    )
    return ViewResult(
        frame=table,
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(
            RECORDS_NOTE,
            f"Due: delivered, follow-up visit in the next {measure.FOLLOW_UP_DAYS} days; overdue: the visit date "
            "has passed and the status is not follow-up done",
        ),
    )


# -- interventions ----------------------------------------------------------------------------------------


def intervention_frame(tracked: pd.DataFrame, inspections: pd.DataFrame) -> pd.DataFrame:
    """The tracker as a table: dates with their precision, grades in the framework's words."""
    published = inspections.set_index("inspection_id")["published_date"] if len(inspections) else pd.Series()

    def grades(row, when: str) -> str:
        if pd.isna(row[f"{when}_published"]):
            return ""
        framework = row[f"{when}_framework"]
        return (
            f"{grade_text(row[f'{when}_overall'], framework) or 'not graded'} overall, "
            f"{grade_text(row[f'{when}_leadership'], framework) or 'not graded'} leadership "
            f"({framework}, published {row[f'{when}_published']:%-d %B %Y})"
        )

    rows = []
    for row in tracked.to_dict("records"):
        linked = row.get("inspection_id")
        linked_date = published.get(int(linked)) if linked is not None and pd.notna(linked) else None
        rows.append(
            {
                "Local authority": row["la_name"],
                "Region": row.get("region_name", ""),
                "Kind": row["kind"],
                "Start": precise_date(row["start_date"], row.get("start_precision")) or "not known",
                "End": precise_date(row["end_date"], row.get("end_precision")) or ACTIVE,
                "Status": ACTIVE if row["active"] else "Ended",
                "Months": row["duration_months"],
                "Grades before": grades(row, "before"),
                "Grades at the next inspection": grades(row, "after"),
                "Linked inspection": f"published {linked_date:%-d %B %Y}"
                if linked_date is not None and pd.notna(linked_date)
                else "",
                "Source": row.get("source", ""),
                "ons_code_key": row["ons_code"],
                "start_key": row["start_date"],
                "end_key": row["end_date"],
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "Local authority",
            "Region",
            "Kind",
            "Start",
            "End",
            "Status",
            "Months",
            "Grades before",
            "Grades at the next inspection",
            "Linked inspection",
            "Source",
            "ons_code_key",
            "start_key",
            "end_key",
        ],
    )
    frame["Months"] = frame["Months"].astype("Int64")
    return frame


def _tracked(filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = _records()
    url = store_url()
    mine = measure.with_regions(_in_scope(data["interventions"], filters), data["las"])
    judgements = queries.judgements(url)
    judgements = judgements[judgements["la_id"].isin(mine["la_id"])]  # only these LAs' grades are read
    tracked = measure.intervention_tracker(mine, judgements, as_at())
    tracked = tracked.sort_values(["active", "start_date"], ascending=[False, False], kind="stable")
    return tracked, queries.inspections(url)


def interventions(filters: Filters) -> ViewResult:
    tracked, inspections = _tracked(filters)
    table = intervention_frame(tracked, inspections)
    active = int(tracked["active"].sum())
    unknown = int(tracked["start_date"].isna().sum())
    text = (
        f"{filters.scope_name}: {_plural(len(tracked), 'intervention')} recorded, {active} active now"
        + (f"; {unknown} with no known start date (duration not known)" if unknown else "")
        + "."
    )
    return ViewResult(
        frame=table,
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(
            RECORDS_NOTE,
            "Active: no end date; duration in whole months to the end date, or to the data's date while active",
            "Grades before: the last standard or short inspection published before the start; at the next "
            "inspection: the first published after it",
        ),
    )


# -- leadership programme -----------------------------------------------------------------------------------


def programme(filters: Filters) -> ViewResult:
    data = _records()
    participation = _in_scope(data["participation"], filters)
    participation = _in_period(participation, pd.to_datetime(participation["cohort_start"]), filters)
    summed = measure.programme_by_region_year(participation, data["las"])
    table = summed.rename(
        columns={
            "programme": "Programme",
            "financial_year": "Financial year",
            "region_name": "Region",
            "participants": "Participants",
            "region_code": "region_code_key",
        }
    )[["Programme", "Financial year", "Region", "Participants", "region_code_key"]]
    total = int(summed["participants"].sum())
    where = filters.region_name + period_words(filters)
    if not total:
        text = f"No leadership programme participation is recorded for {where}."
    else:
        by_year = summed.groupby("financial_year")["participants"].sum()
        text = (
            f"{where}: {_plural(total, 'participant')} recorded on leadership programmes; the most in one "
            f"financial year is {by_year.max()} in {by_year.idxmax()}."
        )
    partial = _partial(summed["financial_year"], filters)
    return ViewResult(
        frame=table,
        paint=scaled_paint(
            lambda: mark_partial_years(
                stacked_by_series(summed, "financial_year", "programme", "participants", axis_title="Participants"),
                partial,
            )
        ),
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(RECORDS_NOTE, "Financial years (April to March) of the cohort's start; counts by role, never names"),
    )


def programme_totals(_filters: Filters) -> ViewResult:
    data = _records()
    compared = measure.totals_compared(data["totals"], data["participation"], data["peer"])
    table = pd.DataFrame(
        {
            "Programme": compared["programme"],
            "Measure": compared["measure"],
            "Period": compared["period"],
            "Reported": compared["count"].astype("int64"),
            "Counted in the records": compared["counted"].astype("int64"),
            "Note": compared["note"],
            "Source": compared["source"],
        }
    )
    differ = int((compared["count"] != compared["counted"]).sum())
    text = (
        "No programme totals are recorded."
        if compared.empty
        else f"{_plural(len(compared), 'reported total')} beside the records counted; {differ} differ."
    )
    return ViewResult(
        frame=table,
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(RECORDS_NOTE, "Reported totals are national: they are not narrowed to a region"),
    )


# -- did support help? -------------------------------------------------------------------------------------


def _compared(filters: Filters) -> pd.DataFrame:
    from dashboard.views import leadership as leadership_views

    changes = leadership_views.changes(
        Filters(region=filters.region, la=filters.la, date_from=filters.date_from, date_to=filters.date_to)
    )
    return measure.support_before(changes, _records()["peer"])


def did_it_help(filters: Filters) -> ViewResult:
    compared = _compared(filters)
    table = measure.did_support_help(compared)
    shown = table.rename(
        columns={
            "group": "Peer challenge or diagnostic in the 24 months before",
            "judgements": "Judgements with a previous grade",
            "improved": "Improved",
            "same": "Same",
            "declined": "Declined",
            "pct_improved": "% improved",
            "pct_same": "% same",
            "pct_declined": "% declined",
        }
    )
    with_row, without_row = table.iloc[0], table.iloc[1]

    def part(row) -> str:
        if not row["judgements"]:
            return f"none {row['group']}"
        return (
            f"{row['group']}, {small_numbers.count_and_share(int(row['improved']), int(row['judgements']))} improved "
            f"and {small_numbers.count_and_share(int(row['declined']), int(row['judgements']))} declined"
        )

    text = (
        f"{filters.scope_name}{period_words(filters)}: of ILACS leadership judgements with a previous grade, "
        f"{part(with_row)}; {part(without_row)}. {measure.CAUTION}"
    )
    return ViewResult(
        frame=shown,
        paint=scaled_paint(lambda: outcome_bars(table, measure.OUTCOMES)),
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(
            measure.CAUTION,
            "Leadership change as in the CYP Board measure (each ILACS leadership judgement against the LA's "
            "previous one); same = maintained",
            "Support: a delivered peer challenge or diagnostic whose start or end is in the 24 months before "
            "the judgement's publication",
            RECORDS_NOTE,
        ),
    )


# -- one LA, for its profile ---------------------------------------------------------------------------------


def la_peer_challenges(filters: Filters) -> ViewResult:
    peer = _records()["peer"]
    mine = peer[peer["ons_code"] == filters.la].sort_values("start_date", ascending=False, kind="stable")
    table = pd.DataFrame(
        {
            "Type": mine["kind"],
            "Start": [precise_date(d, p) for d, p in zip(mine["start_date"], mine["start_precision"], strict=True)],
            "End": [precise_date(d, p) for d, p in zip(mine["end_date"], mine["end_precision"], strict=True)],
            "Status": mine["status"],
            "Follow-up visit": [precise_date(d, "day") for d in mine["follow_up_date"]],
            "Focus": mine["focus"],
            "Lead peer organisation": mine["lead_peer_organisation"],
            "Summary": mine["public_summary"],
            "Source": mine["source"],
            "start_key": mine["start_date"],
            "end_key": mine["end_date"],
        }
    )
    return ViewResult(
        frame=table.reset_index(drop=True),
        summary=f"{_plural(len(table), 'peer challenge or diagnostic', 'peer challenges and diagnostics')} "
        f"recorded for {filters.scope_name}.",
        source=SUPPORT_SOURCE,
        notes=(RECORDS_NOTE, "Dates are shown as precisely as they are known (a month or a year when that is all)"),
    )


def la_interventions(filters: Filters) -> ViewResult:
    tracked, inspections = _tracked(filters.with_(la=filters.la or NO_LA))
    table = intervention_frame(tracked, inspections).drop(columns=["Local authority", "Region"])
    active = int(tracked["active"].sum())
    return ViewResult(
        frame=table.reset_index(drop=True),
        summary=f"{_plural(len(table), 'intervention')} recorded for {filters.scope_name}, {active} active now.",
        source=SUPPORT_SOURCE,
        notes=(RECORDS_NOTE,),
    )


def la_programme(filters: Filters) -> ViewResult:
    participation = _records()["participation"]
    mine = participation[participation["ons_code"] == filters.la].sort_values(
        "cohort_start", ascending=False, kind="stable"
    )
    table = pd.DataFrame(
        {
            "Programme": mine["programme"],
            "Cohort start": [
                precise_date(d, p) for d, p in zip(mine["cohort_start"], mine["cohort_precision"], strict=True)
            ],
            "Role": mine["role"],
            "Participants": mine["participants"].astype("int64"),
            "New to role": mine["new_to_role"].map({True: "Yes", False: "No"}).fillna(""),
            "Source": mine["source"],
            "cohort_key": mine["cohort_start"],
        }
    )
    return ViewResult(
        frame=table.reset_index(drop=True),
        summary=f"{_plural(int(table['Participants'].sum()), 'participant')} from {filters.scope_name} recorded "
        "on leadership programmes.",
        source=SUPPORT_SOURCE,
        notes=(RECORDS_NOTE,),
    )


CHANGE_WORDS = {"improved": "Improved", "same": "Same", "declined": "Declined"}


def la_support_context(filters: Filters) -> ViewResult:
    """The LA's ILACS leadership judgements with a previous grade, each with whether a peer
    challenge came in the 24 months before: the "did support help?" rows for one LA."""
    compared = _compared(Filters(la=filters.la or NO_LA)).sort_values("published_date", ascending=False, kind="stable")
    table = pd.DataFrame(
        {
            "Published": compared["published_date"],
            "Previous leadership grade": [
                grade_text(g, f)
                for g, f in zip(compared["previous_grade"], compared["previous_framework"], strict=True)
            ],
            "Leadership grade": [grade_text(g, "ILACS") for g in compared["grade"]],
            "Change": compared["outcome"].map(CHANGE_WORDS),
            "Peer challenge in the 24 months before": compared["had_peer_challenge"].map({True: "Yes", False: "No"}),
        }
    )
    if table.empty:
        text = f"{filters.scope_name} has no ILACS leadership judgement with a previous grade to compare."
    else:
        latest = table.iloc[0]
        text = (
            f"{filters.scope_name}'s latest compared leadership judgement (published "
            f"{latest['Published']:%-d %B %Y}): {latest['Change'].lower()}, "
            + ("after a" if latest["Peer challenge in the 24 months before"] == "Yes" else "with no")
            + " peer challenge in the 24 months before."
        )
    return ViewResult(
        frame=table.reset_index(drop=True),
        summary=text,
        source=SUPPORT_SOURCE,
        notes=(measure.CAUTION, RECORDS_NOTE),
    )


def _la_title(title: str):
    def named(filters: Filters) -> str:
        la = LA_BY_ONS.get(filters.la)
        return f"{title}: {la.name}" if la else title

    return named


def _la_view(name: str, title: str, compute) -> View:
    return View(
        name,
        title,
        compute,
        LA_FIELDS,
        chart=False,
        filename=lambda f, n=name: f"{n}-{f.la}",
        title_for=_la_title(title),
        parse=parse_la,
    )


PEER_CHALLENGES = View(
    "support-peer-challenges",
    "Peer challenges and diagnostics by financial year and type",
    peer_challenges,
    PERIOD_FIELDS,
    height=460,
    description="Delivered peer challenges and diagnostics by the financial year they started, split by type; "
    "the total is above each bar. The table also gives the region.",
)
COVERAGE = View(
    "support-coverage",
    "Coverage: LAs with a peer challenge or diagnostic in the last 24 months",
    coverage,
    REGION_FIELDS,
    height=440,
    description="The share of each region's current local authorities with a delivered peer challenge or "
    "diagnostic in the 24 months to the data's date. The selected region is in full colour.",
)
FOLLOW_UPS = View("support-follow-ups", "Follow-up visits due and overdue", follow_ups, REGION_FIELDS, chart=False)
INTERVENTIONS = View("support-interventions", "Intervention tracker", interventions, REGION_FIELDS, chart=False)
PROGRAMME = View(
    "support-programme",
    "Leadership programme participation by financial year",
    programme,
    PERIOD_FIELDS,
    height=420,
    description="Participants by the financial year their cohort started; the table also gives the region.",
)
PROGRAMME_TOTALS = View(
    "support-programme-totals",
    "Reported programme totals beside the records",
    programme_totals,
    (),
    chart=False,
)
DID_IT_HELP = View(
    "support-did-it-help",
    "Did support help? Leadership change with and without a peer challenge",
    did_it_help,
    PERIOD_FIELDS,
    height=380,
    description="ILACS leadership judgements with a previous grade, split by whether the LA had a delivered "
    "peer challenge or diagnostic in the 24 months before publication. Descriptive, not causal.",
)
LA_PEER_CHALLENGES = _la_view("authority-peer-challenges", "Peer challenges and diagnostics", la_peer_challenges)
LA_INTERVENTIONS = _la_view("authority-interventions", "Interventions", la_interventions)
LA_PROGRAMME = _la_view("authority-programme", "Leadership programme participation", la_programme)
LA_SUPPORT_CONTEXT = _la_view(
    "authority-support-context", "Did support help? Leadership change and peer challenges", la_support_context
)

SUPPORT_VIEWS = (
    PEER_CHALLENGES,
    COVERAGE,
    FOLLOW_UPS,
    INTERVENTIONS,
    PROGRAMME,
    PROGRAMME_TOTALS,
    DID_IT_HELP,
    LA_PEER_CHALLENGES,
    LA_INTERVENTIONS,
    LA_PROGRAMME,
    LA_SUPPORT_CONTEXT,
)
