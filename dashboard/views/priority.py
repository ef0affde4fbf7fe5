"""Priority list: each LA of a region with the rules that flag it, why, and the support recorded.

Every flag comes from `data_access.metrics.priority` applying `data_access.priority_rules.RULES`,
so the page, its CSV/XLSX/ODS twins and the "How flags are set" text read the same rules.
Confidential rules (risk signatures) are left out unless `include_confidential` is asked for; the
public page and the `/data/` twins never ask (a later issue sets it from the viewer's role).
"""

from __future__ import annotations

import pandas as pd

from dashboard.context import store_url
from dashboard.filters import Filters
from dashboard.views.base import OFSTED_SOURCE, View, ViewResult
from dashboard.views.freshness import as_at, day_text
from data_access import queries
from data_access.metrics import priority as metric
from data_access.priority_rules import RULES, describe, rules_for
from data_access.reference.regions import on_basis

FILTER_FIELDS = ("region",)
SOURCE = f"{OFSTED_SOURCE}; improvement support records (each record names its own source)"
FLAG_WORDS = {True: "Yes", False: "No"}
CONFIDENTIAL_NOTE = (
    "The risk-signature flag (significant concern in the latest self-assessment) is confidential: it is "
    "not shown here. Permitted users will see it once sign-in exists."
)


def priority_frame(filters: Filters, *, include_confidential: bool = False) -> pd.DataFrame:
    """The metric's frame for the filters' region (England: every region), as at the data's date."""
    url = store_url()
    frame = metric.priority_list(
        queries.judgements(url),
        queries.inspections(url),
        queries.peer_challenges(url),
        queries.interventions(url),
        queries.risk_signature_assessments(url, include_confidential=True) if include_confidential else None,
        queries.local_authorities(url),
        as_at(),
        filters.region or None,
        include_confidential,
        reorganisations=queries.reorganisations(url),
        programme=queries.programme_participation(url),
    )
    return on_basis(frame, filters.regions)  # regions named on the basis shown


def table(frame: pd.DataFrame, include_confidential: bool = False) -> pd.DataFrame:
    """The metric's frame as the page's table: flags as words (never colour alone), one column each."""
    rules = rules_for(include_confidential)
    return pd.DataFrame(
        {
            "Local authority": frame["la_name"],
            "ONS code": frame["ons_code"],
            "Region": frame["region_name"],
            "Flags": frame["flags"].astype("int64"),
            **{rule.label: frame[rule.id].map(FLAG_WORDS) for rule in rules},
            "Why flagged": frame["why"],
            "Support recorded": frame["support"],
        }
    )


def summary_text(frame: pd.DataFrame, where: str, include_confidential: bool = False) -> str:
    """'N of M LAs in REGION have at least one flag; the most common is ...'."""
    total = len(frame)
    if not total:
        return f"No current local authorities in {where}."
    flagged = int((frame["flags"] > 0).sum())
    common = metric.most_common_flag(frame, rules_for(include_confidential))
    text = f"{flagged} of {total} local authorities in {where} have at least one flag"
    if common is None:
        return text + "."
    rule, count = common
    return f"{text}; the most common is \u201c{rule.label.lower()}\u201d ({count} of {total})."


def notes(filters: Filters, include_confidential: bool = False) -> tuple[str, ...]:
    rules = rules_for(include_confidential)
    hidden = () if include_confidential else (CONFIDENTIAL_NOTE,)
    return (
        f"As at {day_text(as_at())}, the date of the latest publication in the data",
        *(f"Rule \u201c{rule.label}\u201d: {describe(rule)}" for rule in rules),
        *hidden,
        "Flags say where to look first; they are not a judgement of the authority",
    )


def compute(filters: Filters, *, include_confidential: bool = False) -> ViewResult:
    frame = priority_frame(filters, include_confidential=include_confidential)
    return ViewResult(
        frame=table(frame, include_confidential),
        summary=summary_text(frame, filters.region_name, include_confidential),
        source=SOURCE,
        notes=notes(filters, include_confidential),
        extra={"rules": rules_for(include_confidential)},
    )


def public(filters: Filters) -> ViewResult:
    """The view every public page and download shows: confidential rules left out."""
    return compute(filters, include_confidential=False)


def title_for(filters: Filters) -> str:
    return f"Priority list: {filters.region_name}"


PRIORITY_LIST = View(
    "priority-list",
    "Priority list",
    public,
    FILTER_FIELDS,
    chart=False,
    description="Local authorities flagged by the priority rules, most flags first; each row says why it is "
    "flagged and what support is recorded. England lists every region in turn.",
    title_for=title_for,
    filename=lambda filters: f"priority-list-{filters.region_name.lower().replace(' ', '-')}",
)

__all__ = ["PRIORITY_LIST", "RULES", "compute", "priority_frame", "summary_text", "table"]
