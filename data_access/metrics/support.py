"""Improvement support: peer challenges, coverage, follow-ups, interventions, programme take-up,
and the descriptive "did support help?" table.

Pure pandas: frames from `data_access.queries` in, frames out. Every "now" is an `as_at` date the
caller passes, never the clock, so a test (or a store loaded last May) gets the same answer.

Definitions (one place, used by the Support page, the LA profile and their downloads):
- years are financial years (April to March, e.g. "2019-20"), as the LGA and DfE report;
- a peer challenge counts as support once it happened: status "delivered" or "follow-up done"
  ("planned" ones are listed but never counted as support);
- "in the 24 months before D" means a peer challenge whose start or end date (whichever is known)
  falls on or after D minus 24 months and on or before D;
- coverage is the share of a region's current LAs with such a peer challenge or diagnostic;
- a follow-up is due when the challenge is "delivered" and its follow-up date is within the next
  90 days; overdue when the date has passed and the status is not "follow-up done";
- an intervention with no end date is active; with no start date its duration is unknown;
- "did support help?" pairs each ILACS leadership judgement with the LA's previous one exactly as
  the CYP Board measure does (`data_access.metrics.leadership.leadership_changes`), and splits
  the changes by whether the LA had a peer challenge in the 24 months before its publication.
  Descriptive, not causal.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from data_access.metrics.periods import financial_year_labels

DELIVERED = ("delivered", "follow-up done")
WINDOW_MONTHS = 24
FOLLOW_UP_DAYS = 90
COUNTED_TYPES = ("standard", "short")
GRADED_AREAS = {"overall_effectiveness": "overall", "leadership": "leadership"}
OUTCOMES = ("improved", "same", "declined")
OUTCOME_OF_CHANGE = {"improved": "improved", "maintained": "same", "declined": "declined"}
SUPPORT_GROUPS = ("with a peer challenge", "without a peer challenge")
FINANCIAL_YEAR_WORDS = re.compile(r"^(\d{4})/(\d{2})$")  # "2018/19", as reports write a financial year
CAUTION = "Descriptive, not causal: LAs that ask for support differ from those that do not, and the numbers are small."


def _ts(day: date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def window_start(as_at: date, months: int = WINDOW_MONTHS) -> pd.Timestamp:
    """The first day counted in "the `months` months before `as_at`" (the window includes it)."""
    return _ts(as_at) - pd.DateOffset(months=months)


def activity_date(frame: pd.DataFrame) -> pd.Series:
    """When a record happened for counting by year: its start, else its end (unknown stays NaT)."""
    return pd.to_datetime(frame["start_date"]).fillna(pd.to_datetime(frame["end_date"]))


def delivered(peer: pd.DataFrame) -> pd.DataFrame:
    """The peer challenges that took place (delivered or followed up), not planned ones."""
    return peer[peer["status"].isin(DELIVERED)]


def in_window(peer: pd.DataFrame, until, months: int = WINDOW_MONTHS) -> pd.Series:
    """True for rows whose start or end falls in [until - months, until]; `until` may be one date
    or a Series of dates aligned with `peer` (each row's own publication date)."""
    until = pd.to_datetime(until) if isinstance(until, pd.Series) else _ts(until)
    start = until - pd.DateOffset(months=months)
    inside = pd.Series(False, index=peer.index)
    for column in ("start_date", "end_date"):
        when = pd.to_datetime(peer[column])
        inside |= when.notna() & (when >= start) & (when <= until)
    return inside


def with_regions(frame: pd.DataFrame, las: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `region_code`, `region_name` and `la_current` from the LA table, by `la_id`."""
    added = ("region_code", "region_name", "la_current")
    extra = las[["la_id", *added]]
    return frame.drop(columns=[c for c in added if c in frame.columns]).merge(extra, on="la_id", how="left")


# -- peer challenges by type, year and region --------------------------------------------------------


def peer_challenge_counts(peer: pd.DataFrame, las: pd.DataFrame) -> pd.DataFrame:
    """Delivered peer challenges and diagnostics counted by financial year, region and type.

    A record with neither date has no year: it is counted under "date not known".
    """
    done = with_regions(delivered(peer), las)
    years = financial_year_labels(activity_date(done)).fillna("date not known")
    counted = done.assign(financial_year=years.values)
    frame = (
        counted.groupby(["financial_year", "region_code", "region_name", "kind"], dropna=False)
        .size()
        .rename("count")
        .reset_index()
    )
    return frame.sort_values(["financial_year", "region_code", "kind"], kind="stable").reset_index(drop=True)


# -- coverage -----------------------------------------------------------------------------------------


def supported_la_ids(peer: pd.DataFrame, as_at: date, months: int = WINDOW_MONTHS) -> set[int]:
    """The LAs with a delivered peer challenge or diagnostic in the `months` before `as_at`."""
    done = delivered(peer)
    return set(done.loc[in_window(done, as_at, months), "la_id"].astype(int))


def coverage(peer: pd.DataFrame, las: pd.DataFrame, as_at: date, months: int = WINDOW_MONTHS) -> pd.DataFrame:
    """Per region: current LAs, those with a peer challenge in the window, and the percentage.

    `las` is the LA table (`queries.local_authorities`); only current LAs are counted, in the
    order the table's regions first appear by region code.
    """
    current = las[las["la_current"].astype(bool)]
    supported = supported_la_ids(peer, as_at, months)
    rows = []
    for (code, name), group in current.groupby(["region_code", "region_name"], sort=True):
        with_support = int(group["la_id"].isin(supported).sum())
        rows.append(
            {
                "region_code": code,
                "region_name": name,
                "las": len(group),
                "with_peer_challenge": with_support,
                "pct": round(100 * with_support / len(group), 1) if len(group) else None,
            }
        )
    return pd.DataFrame(rows, columns=["region_code", "region_name", "las", "with_peer_challenge", "pct"])


# -- follow-ups ---------------------------------------------------------------------------------------


def follow_ups(peer: pd.DataFrame, today: date, days: int = FOLLOW_UP_DAYS) -> pd.DataFrame:
    """Follow-up visits due (delivered, date in the next `days`) or overdue (date passed and not
    "follow-up done"), soonest first, with `state` and `days` (days until, negative when past)."""
    when = pd.to_datetime(peer["follow_up_date"])
    now = _ts(today)
    due = (peer["status"] == "delivered") & when.notna() & (when >= now) & (when <= now + pd.Timedelta(days=days))
    overdue = when.notna() & (when < now) & (peer["status"] != "follow-up done")
    frame = peer[due | overdue].copy()
    frame["state"] = ["overdue" if late else "due" for late in overdue[due | overdue]]
    frame["days"] = (pd.to_datetime(frame["follow_up_date"]) - now).dt.days.astype("Int64")
    return frame.sort_values(["follow_up_date", "la_name"], kind="stable").reset_index(drop=True)


# -- interventions --------------------------------------------------------------------------------------


def graded_inspections(judgements: pd.DataFrame) -> pd.DataFrame:
    """One row per published standard or short inspection: its overall and leadership grades."""
    graded = judgements[
        judgements["area"].isin(list(GRADED_AREAS))
        & judgements["inspection_type"].isin(COUNTED_TYPES)
        & judgements["published_date"].notna()
    ]
    wide = graded.drop_duplicates("inspection_id")[["inspection_id", "la_id", "framework", "published_date"]].copy()
    for area, short in GRADED_AREAS.items():
        grades = graded[graded["area"] == area].drop_duplicates("inspection_id").set_index("inspection_id")["grade"]
        wide[short] = wide["inspection_id"].map(grades)
    return wide.sort_values(["la_id", "published_date"], kind="stable")


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> int | None:
    """Whole months from `start` to `end` (a month is counted once its day is reached)."""
    if pd.isna(start) or pd.isna(end):
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def intervention_tracker(interventions: pd.DataFrame, judgements: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Each intervention with whether it is active, its duration in months (to its end, or to
    `as_at` while active; unknown without a start) and the LA's overall and leadership grades at
    the last inspection published before its start and the first published after it."""
    inspections = graded_inspections(judgements)
    rows = []
    for row in interventions.to_dict("records"):
        start = pd.to_datetime(row.get("start_date"))
        end = pd.to_datetime(row.get("end_date"))
        active = pd.isna(end)
        mine = inspections[inspections["la_id"] == row["la_id"]]
        before = mine[mine["published_date"] < start].tail(1) if pd.notna(start) else mine.iloc[0:0]
        after = mine[mine["published_date"] > start].head(1) if pd.notna(start) else mine.iloc[0:0]
        rows.append(
            {
                **row,
                "active": bool(active),
                "duration_months": months_between(start, _ts(as_at) if active else end),
                **_grades("before", before),
                **_grades("after", after),
            }
        )
    columns = [
        *interventions.columns,
        "active",
        "duration_months",
        *(
            f"{when}_{what}"
            for when in ("before", "after")
            for what in ("published", "framework", *GRADED_AREAS.values())
        ),
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["duration_months"] = frame["duration_months"].astype("Int64")
    for column in [c for c in frame.columns if c.startswith(("before_", "after_")) and not c.endswith("_published")]:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _grades(when: str, found: pd.DataFrame) -> dict:
    if found.empty:
        return {
            f"{when}_published": pd.NaT,
            f"{when}_framework": None,
            f"{when}_overall": None,
            f"{when}_leadership": None,
        }
    row = found.iloc[0]
    return {
        f"{when}_published": row["published_date"],
        f"{when}_framework": row["framework"],
        f"{when}_overall": row["overall"] if isinstance(row["overall"], str) else None,
        f"{when}_leadership": row["leadership"] if isinstance(row["leadership"], str) else None,
    }


# -- leadership programme ---------------------------------------------------------------------------------


def programme_by_region_year(participation: pd.DataFrame, las: pd.DataFrame) -> pd.DataFrame:
    """Participants summed by programme, region and financial year of the cohort's start."""
    frame = with_regions(participation, las)
    frame = frame.assign(financial_year=financial_year_labels(pd.to_datetime(frame["cohort_start"])).values)
    summed = (
        frame.groupby(["programme", "financial_year", "region_code", "region_name"], dropna=False)["participants"]
        .sum()
        .rename("participants")
        .reset_index()
    )
    summed["participants"] = summed["participants"].astype("int64")
    return summed.sort_values(["programme", "financial_year", "region_code"], kind="stable").reset_index(drop=True)


def totals_compared(totals: pd.DataFrame, participation: pd.DataFrame, peer: pd.DataFrame) -> pd.DataFrame:
    """Each reported programme total beside the count of stored records it corresponds to, with a
    note when they differ.

    A total of peer challenges is compared with stored peer challenges of that type (every status
    for an "agreed" total, else delivered ones); any other total with the participants summed over
    stored records of that programme. Records are counted within the total's period when it has
    dates (or is a financial year written "2018/19"), else over all records, and the note says
    so. A real (not demo) total is compared with real records only.
    """
    rows = []
    for total in totals.to_dict("records"):
        start, end = pd.to_datetime(total.get("period_start")), pd.to_datetime(total.get("period_end"))
        financial_year = FINANCIAL_YEAR_WORDS.match(str(total.get("period") or "").strip())
        if pd.isna(start) and pd.isna(end) and financial_year:  # "2018/19": April 2018 to March 2019
            first = int(financial_year.group(1))
            start, end = pd.Timestamp(first, 4, 1), pd.Timestamp(first + 1, 3, 31)
        name = str(total["programme"]).casefold()
        if name in set(peer["kind"].str.casefold()) or "peer challenge" in name:
            records = peer[peer["kind"].str.casefold() == name]
            if "agreed" not in str(total["measure"]).casefold():
                records = delivered(records)
            when = activity_date(records)
            counted_what = "peer challenges"
        else:
            records = participation[participation["programme"].str.casefold() == name]
            when = pd.to_datetime(records["cohort_start"])
            counted_what = "participants"
        keep = pd.Series(True, index=records.index)
        if "is_demo" in records.columns and not bool(total.get("is_demo", False)):
            keep &= ~records["is_demo"].astype(bool)  # a real figure is compared with real records only
        if pd.notna(start):
            keep &= when >= start
        if pd.notna(end):
            keep &= when <= end
        records = records[keep]
        counted = int(records["participants"].sum()) if counted_what == "participants" else len(records)
        notes = []
        if pd.isna(start) and pd.isna(end):
            notes.append("the reported period has no dates: every stored record is counted")
        if counted != int(total["count"]):
            notes.append(
                f"differs: {int(total['count'])} reported, {counted} {counted_what} in the records "
                "(records cover only what RIAs entered)"
            )
        rows.append({**total, "counted": counted, "note": "; ".join(notes)})
    columns = [*totals.columns, "counted", "note"]
    return pd.DataFrame(rows, columns=columns)


# -- did support help? ----------------------------------------------------------------------------------


def support_before(changes: pd.DataFrame, peer: pd.DataFrame, months: int = WINDOW_MONTHS) -> pd.DataFrame:
    """The judgements of a `leadership_changes` frame that had a previous grade, each with
    `had_peer_challenge` (a delivered one in the `months` before its publication) and `outcome`
    (improved / same / declined)."""
    compared = changes[changes["change"].isin(list(OUTCOME_OF_CHANGE))].copy()
    done = delivered(peer)[["la_id", "start_date", "end_date"]]
    pairs = compared[["la_id", "published_date"]].reset_index().merge(done, on="la_id")
    hit = pairs[in_window(pairs, pairs["published_date"], months)]
    compared["had_peer_challenge"] = compared.index.isin(set(hit["index"]))
    compared["outcome"] = compared["change"].map(OUTCOME_OF_CHANGE)
    return compared


def did_support_help(with_support: pd.DataFrame) -> pd.DataFrame:
    """Counts (and percentages of each group) of improved / same / declined, for judgements with
    and without a peer challenge in the 24 months before (rows of `support_before`)."""
    rows = []
    for group, had in zip(SUPPORT_GROUPS, (True, False), strict=True):
        mine = with_support[with_support["had_peer_challenge"] == had]
        counts = mine["outcome"].value_counts()
        total = len(mine)
        row = {"group": group, "judgements": total}
        for outcome in OUTCOMES:
            count = int(counts.get(outcome, 0))
            row[outcome] = count
            row[f"pct_{outcome}"] = round(100 * count / total, 1) if total else None
        rows.append(row)
    columns = ["group", "judgements", *OUTCOMES, *(f"pct_{o}" for o in OUTCOMES)]
    return pd.DataFrame(rows, columns=columns)
