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
from data_access.reference.regions import members

CHANGES = ("improved", "maintained", "declined", "no previous")
COMPARABLE_FRAMEWORKS = ("SIF", "ILACS")
COUNTED_TYPES = ("standard", "short")


def _leadership(judgements: pd.DataFrame) -> pd.DataFrame:
    graded = judgements[
        (judgements["area"] == "leadership") & judgements["grade_rank"].notna() & judgements["published_date"].notna()
    ]
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
    current = leadership[(leadership["framework"] == "ILACS") & leadership["inspection_type"].isin(COUNTED_TYPES)]
    current = within(current, start=start, end=end, region_code=region_code)[_CURRENT_COLUMNS]

    # Sorted so that, of two earlier judgements on one date, the worse is taken (the last one).
    history = leadership[["la_id", "la_name", "framework", "published_date", "grade", "grade_rank"]].rename(
        columns={
            "la_id": "previous_la_id",
            "la_name": "previous_la_name",
            "framework": "previous_framework",
            "published_date": "previous_published_date",
            "grade": "previous_grade",
            "grade_rank": "previous_grade_rank",
        }
    )
    history = history.assign(_when=history["previous_published_date"]).sort_values(
        ["_when", "previous_grade_rank"], kind="stable"
    )

    frame = _previous(current, history, "la_id")
    if with_predecessors and reorganisations is not None and not reorganisations.empty:
        missing = frame["previous_grade"].isna()
        links = reorganisations.dropna(subset=["predecessor_la_id"])[["successor_la_id", "predecessor_la_id"]]
        candidates = frame.loc[missing, current.columns].merge(
            links.astype("int64"), left_on="la_id", right_on="successor_la_id"
        )
        if not candidates.empty:
            via = _previous(candidates, history, "predecessor_la_id").dropna(subset=["previous_grade"])
            via = via.sort_values(["previous_published_date", "previous_grade_rank"], kind="stable")
            via = via.groupby(["la_id", "published_date"]).tail(1)
            via = via.assign(previous_via_predecessor=via["previous_la_name"])
            keyed = frame.set_index(["la_id", "published_date"])
            keyed.update(
                via.set_index(["la_id", "published_date"])[
                    [
                        "previous_framework",
                        "previous_published_date",
                        "previous_grade",
                        "previous_grade_rank",
                        "previous_via_predecessor",
                    ]
                ]
            )
            frame = keyed.reset_index()
    frame["change"] = [_change(r, p) for r, p in zip(frame["grade_rank"], frame["previous_grade_rank"], strict=True)]
    frame = frame.reindex(columns=_COLUMNS)
    frame["financial_year"] = financial_year_labels(pd.to_datetime(frame["published_date"]))
    return frame.sort_values(["published_date", "la_name"], kind="stable").reset_index(drop=True)


def within(
    changes: pd.DataFrame, *, start: date | None = None, end: date | None = None, region_code: str | None = None
) -> pd.DataFrame:
    """The rows of a `leadership_changes` frame published in a window and region.

    Computing changes once for the whole store and then filtering gives the same rows as asking
    `leadership_changes` for the window (the previous grade never depends on the window).
    """
    keep = pd.Series(True, index=changes.index)
    if start is not None:
        keep &= changes["published_date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= changes["published_date"] <= pd.Timestamp(end)
    if region_code:
        keep &= changes["region_code"].isin(members(region_code))
    return changes[keep]


def _previous(current: pd.DataFrame, history: pd.DataFrame, key: str) -> pd.DataFrame:
    """Attach, for each row, the latest history row of LA `key` published strictly before it."""
    if current.empty:
        return current.assign(
            **{c: pd.Series(dtype=history[c].dtype) for c in history.columns if c not in ("previous_la_id", "_when")},
            previous_via_predecessor=None,
        )
    ordered = current.assign(_when=current["published_date"]).sort_values("_when", kind="stable")
    merged = pd.merge_asof(
        ordered,
        history,
        on="_when",
        left_by=key,
        right_by="previous_la_id",
        allow_exact_matches=False,
        direction="backward",
    )
    merged["previous_via_predecessor"] = None
    return merged.drop(columns=["_when", "previous_la_id"])


_CURRENT_COLUMNS = [
    "la_id",
    "ons_code",
    "la_name",
    "region_code",
    "region_name",
    "inspection_type",
    "inspection_date",
    "published_date",
    "grade",
    "grade_rank",
]
_COLUMNS = [
    *_CURRENT_COLUMNS,
    "previous_framework",
    "previous_published_date",
    "previous_grade",
    "previous_grade_rank",
    "previous_via_predecessor",
    "change",
]


def _change(rank: int, previous_rank: int | None) -> str:
    if previous_rank is None or pd.isna(previous_rank):
        return "no previous"
    if rank < previous_rank:
        return "improved"
    if rank == previous_rank:
        return "maintained"
    return "declined"


# What `summarise` gives, in order: the columns of every table of the measure.
SUMMARY_COLUMNS = (
    "judgements",
    "improved",
    "maintained",
    "declined",
    "no_previous",
    "pct_improved",
    "pct_maintained_or_improved",
)


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
    return pd.DataFrame(rows, columns=[column, *SUMMARY_COLUMNS])
