"""Key messages: one or two plain sentences a slide says out loud, generated from the data.

Pure functions of numbers and frames, so each is unit-tested on hand-made inputs; none states
more than its inputs show, and zero and one read as English ("no LA", "1 LA", "2 LAs").
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.views.freshness import day_text
from data_access.metrics.small_numbers import is_small, pct


def plural(count: int, one: str, many: str | None = None) -> str:
    """'no LAs', '1 LA', '3 LAs'."""
    word = one if count == 1 else (many or one + "s")
    return f"{'no' if count == 0 else count} {word}"


def percent(part: int, whole: int) -> str:
    return pct(part, whole) or "n/a"


def share(part: int, whole: int) -> str:
    """' (57%)' after a count, or '' under SMALL_N judgements, where a percentage misleads."""
    return "" if is_small(whole) else f" ({pct(part, whole)})"


def headline_message(place: str, here: dict, england: dict | None, *, demo: bool = False) -> list[str]:
    """Good or better and inadequate now, for `place` (England's share beside a region's).

    `here` and `england` are `metrics.headlines.headline_figures` results."""
    counts, graded, when = here["grade_counts"], here["graded"], day_text(here["data_date"])
    good = counts["outstanding"] + counts["good"]
    prefix = "Demo data: " if demo else ""
    if not graded:
        return [f"{prefix}No LA in {place} has a graded overall judgement as at {when}."]
    first = f"{prefix}{good} of {graded} LAs in {place} are good or better{share(good, graded)} as at {when}"
    if england is not None and england["graded"]:
        e_good = england["grade_counts"]["outstanding"] + england["grade_counts"]["good"]
        first += f"; England: {percent(e_good, england['graded'])}"
    inadequate = counts["inadequate"]
    verb = "is" if inadequate == 1 else "are"
    count = plural(inadequate, "LA")
    second = f"{count[0].upper()}{count[1:]} {verb} inadequate."
    return [first + ".", second]


def leadership_message(place: str, year: str, here: dict, england: dict | None) -> str:
    """'4 of 7 leadership judgements published in 2025-26 improved on the previous inspection
    (57%); England: 48%.' from `metrics.leadership.summarise` counts."""
    compared = here["judgements"] - here["no_previous"]
    if not compared:
        return f"No ILACS leadership judgement in {place} published in {year} had a previous grade to compare with."
    judgement = "judgement" if compared == 1 else "judgements"
    text = (
        f"{here['improved']} of {compared} leadership {judgement} in {place} published in {year} improved on "
        f"the previous inspection{share(here['improved'], compared)}"
    )
    if england is not None:
        e_compared = england["judgements"] - england["no_previous"]
        if not is_small(e_compared):
            text += f"; England: {percent(england['improved'], e_compared)}"
    kept = here["improved"] + here["maintained"]
    return text + f". {kept} of {compared} maintained or improved{share(kept, compared)}."


def since_message(place: str, since: date, changes: pd.DataFrame, interventions: int, peer_challenges: int) -> str:
    """What happened since the last meeting, in one sentence (`changes`: grade_changes_since rows)."""
    published = changes.drop_duplicates(["ons_code", "published_date"])
    parts = [f"Since {day_text(since)}, {plural(len(published), 'inspection')} published in {place}"]
    for headline in ("overall", "leadership"):
        moves = changes.loc[changes["headline"] == headline, "change"]
        up, down = int((moves == "up").sum()), int((moves == "down").sum())
        if (moves.isin(["up", "down", "same"])).any():
            parts.append(f"{headline} grades: {up} up, {down} down")
    parts.append(f"{plural(interventions, 'new intervention')}")
    parts.append(f"{plural(peer_challenges, 'peer challenge')} held")
    return "; ".join(parts) + "."
