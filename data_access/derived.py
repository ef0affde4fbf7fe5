"""Whole-store derived frames, computed once per store revision and then filtered per view.

Metrics stay pure functions of frames; this module only remembers their results (data_access.cache),
so a filter change costs a cheap pandas filter instead of recomputing history.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from data_access import queries
from data_access.cache import cached
from data_access.metrics import grades, leadership


@cached(maxsize=16)
def leadership_changes_all(
    url_or_engine: str | Engine | None = None, *, with_predecessors: bool = False
) -> pd.DataFrame:
    """`leadership_changes` for every ILACS leadership judgement in the store."""
    return leadership.leadership_changes(
        queries.judgements(url_or_engine), queries.reorganisations(url_or_engine), with_predecessors=with_predecessors
    )


# Every headline area's latest grades at every 31 March (5 areas x ~20 year ends: the Judgements
# page's as-at series reads them all), with room for other dates: each is ~150 rows.
@cached(maxsize=512)
def latest_grades_all(
    url_or_engine: str | Engine | None = None, *, as_at: date, headline: str = "overall"
) -> pd.DataFrame:
    """`latest_grades_as_at` for all of England; filter by region_code for a region."""
    return grades.latest_grades_as_at(
        queries.judgements(url_or_engine),
        queries.local_authorities(url_or_engine),
        queries.reorganisations(url_or_engine),
        as_at=as_at,
        headline=headline,
    )


@cached(maxsize=16)
def data_as_at(url_or_engine: str | Engine | None = None) -> date | None:
    """The date the data runs to: the newest publication of an inspection or visit in the store,
    provisional ones (from the scraped report list) included.

    Every "now" (current grades, months since the last inspection, "good or better now") is as at
    this date, not the server's clock: a store loaded in May 2025 and shown in December says what
    was true in May, and says so. None for an empty store.
    """
    latest = queries.inspections(url_or_engine)["published_date"].max()
    return None if pd.isna(latest) else latest.date()


@cached(maxsize=16)
def data_coverage(url_or_engine: str | Engine | None = None) -> tuple[date | None, date | None]:
    """(official data to, provisional data to): the newest publication in Ofsted's own files and
    the newest provisional one (None when there is none). Demo rows count as neither."""
    frame = queries.inspections(url_or_engine)
    real = frame[~frame["is_demo"].astype(bool)]
    official = real[real["official"].astype(bool)]["published_date"].max()
    provisional = real[~real["official"].astype(bool)]["published_date"].max()
    return tuple(None if pd.isna(day) else day.date() for day in (official, provisional))
