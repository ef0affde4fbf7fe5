"""The CYP Board's key measure: did an LA's leadership grade improve on its previous inspection?

Definition (one place, used by the CLI, the pages and the exports):
- the judgements counted are graded ILACS leadership ("impact of leaders") judgements from
  standard or short inspections published in the window;
- each is compared with the same LA's most recent earlier graded leadership judgement under SIF
  ("leadership, management and governance") or ILACS, published before it;
- improved / maintained / declined compare grade ranks; "no previous" when there is none;
- with predecessors, an LA with no previous of its own (BCP, Dorset, North and West
  Northamptonshire, Cumberland, Westmorland and Furness) is compared with its predecessor
  authorities' most recent leadership judgement (the worse, if two share a date);
- percentages are of the judgements that had a previous grade (improved + maintained + declined),
  so new authorities do not dilute them; counts are always reported beside them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.metrics.periods import financial_year_labels

CHANGES = ("improved", "maintained", "declined", "no previous")
COMPARABLE_FRAMEWORKS = ("SIF", "ILACS")
COUNTED_TYPES = ("standard", "short")


def _leadership(judgements: pd.DataFrame) -> pd.DataFrame:
    graded = judgements[(judgements["area"] == "leadership") & judgements["grade_rank"].notna()
                        & judgements["published_date"].notna()]
    return graded[graded["framework"].isin(COMPARABLE_FRAMEWORKS)]


def leadership_changes(
    judgements: pd.DataFrame,
    reorganisations: pd.DataFrame | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    region_code: str | None = None,
    with_predecessors: bool = False,
) -> pd.DataFrame:
    """One row per counted ILACS leadership judgement, with its previous grade and the change."""
    leadership = _leadership(judgements)
    current = leadership[(leadership["framework"] == "ILACS")
                         & leadership["inspection_type"].isin(COUNTED_TYPES)]
    if start is not None:
        current = current[current["published_date"] >= pd.Timestamp(start)]
    if end is not None:
        current = current[current["published_date"] <= pd.Timestamp(end)]
    if region_code:
        current = current[current["region_code"] == region_code]

    history = leadership[["la_id", "la_name", "framework", "inspection_type", "published_date",
                          "grade", "grade_rank"]].sort_values(["published_date", "grade_rank"])
    rows = []
    by_la = {la_id: frame for la_id, frame in history.groupby("la_id")}
    predecessors = _predecessor_map(reorganisations) if with_predecessors else {}
    for row in current.itertuples(index=False):
        previous = _latest_before(by_la.get(row.la_id), row.published_date)
        via = None
        if previous is None and with_predecessors:
            candidates = [_latest_before(by_la.get(p), row.published_date) for p in predecessors.get(row.la_id, [])]
            candidates = [c for c in candidates if c is not None]
            if candidates:
                latest = max(c.published_date for c in candidates)
                previous = max((c for c in candidates if c.published_date == latest), key=lambda c: c.grade_rank)
                via = previous.la_name
        rows.append({
            "la_id": row.la_id, "ons_code": row.ons_code, "la_name": row.la_name,
            "region_code": row.region_code, "region_name": row.region_name,
            "inspection_type": row.inspection_type, "inspection_date": row.inspection_date,
            "published_date": row.published_date, "grade": row.grade, "grade_rank": row.grade_rank,
            "previous_framework": previous.framework if previous is not None else None,
            "previous_published_date": previous.published_date if previous is not None else pd.NaT,
            "previous_grade": previous.grade if previous is not None else None,
            "previous_grade_rank": previous.grade_rank if previous is not None else pd.NA,
            "previous_via_predecessor": via,
            "change": _change(row.grade_rank, previous.grade_rank if previous is not None else None),
        })
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame["financial_year"] = financial_year_labels(pd.to_datetime(frame["published_date"]))
    return frame.sort_values(["published_date", "la_name"], kind="stable").reset_index(drop=True)


_COLUMNS = ["la_id", "ons_code", "la_name", "region_code", "region_name", "inspection_type",
            "inspection_date", "published_date", "grade", "grade_rank", "previous_framework",
            "previous_published_date", "previous_grade", "previous_grade_rank",
            "previous_via_predecessor", "change"]


def _latest_before(history: pd.DataFrame | None, when: pd.Timestamp):
    if history is None:
        return None
    earlier = history[history["published_date"] < when]
    if earlier.empty:
        return None
    latest = earlier[earlier["published_date"] == earlier["published_date"].max()]
    return latest.sort_values("grade_rank").iloc[-1]


def _predecessor_map(reorganisations: pd.DataFrame | None) -> dict[int, list[int]]:
    if reorganisations is None or reorganisations.empty:
        return {}
    linked = reorganisations[reorganisations["predecessor_la_id"].notna()]
    mapping: dict[int, list[int]] = {}
    for row in linked.itertuples(index=False):
        mapping.setdefault(int(row.successor_la_id), []).append(int(row.predecessor_la_id))
    return mapping


def _change(rank: int, previous_rank: int | None) -> str:
    if previous_rank is None or pd.isna(previous_rank):
        return "no previous"
    if rank < previous_rank:
        return "improved"
    if rank == previous_rank:
        return "maintained"
    return "declined"


def summarise(changes: pd.DataFrame) -> dict:
    """The headline numbers: counts of each change and the two percentages."""
    counts = changes["change"].value_counts()
    improved, maintained, declined, no_previous = (int(counts.get(c, 0)) for c in CHANGES)
    comparable = improved + maintained + declined
    return {
        "judgements": int(len(changes)),
        "improved": improved,
        "maintained": maintained,
        "declined": declined,
        "no_previous": no_previous,
        "pct_improved": _pct(improved, comparable),
        "pct_maintained_or_improved": _pct(improved + maintained, comparable),
    }


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def summarise_by(changes: pd.DataFrame, column: str) -> pd.DataFrame:
    """`summarise` for each value of `column` (e.g. financial_year or region_name)."""
    keys = sorted(changes[column].dropna().unique())
    rows = [{column: key, **summarise(changes[changes[column] == key])} for key in keys]
    return pd.DataFrame(rows, columns=[column, "judgements", "improved", "maintained", "declined",
                                       "no_previous", "pct_improved", "pct_maintained_or_improved"])
