"""Whole-store derived frames, computed once per store version and then filtered per view.

Metrics stay pure functions of frames; this module only remembers their results, so a filter
change costs a cheap pandas filter instead of recomputing history.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine

from data_access import queries
from data_access.metrics import grades, leadership


def _version(url_or_engine: str | Engine | None) -> tuple:
    return queries.store_version(url_or_engine)


@lru_cache(maxsize=16)
def _changes(version: tuple, with_predecessors: bool) -> pd.DataFrame:
    url = version[0]
    return leadership.leadership_changes(
        queries.judgements(url), queries.reorganisations(url), with_predecessors=with_predecessors
    )


def leadership_changes_all(
    url_or_engine: str | Engine | None = None, *, with_predecessors: bool = False
) -> pd.DataFrame:
    """`leadership_changes` for every ILACS leadership judgement in the store."""
    return _changes(_version(url_or_engine), with_predecessors)


# Every headline area's latest grades at every 31 March (5 areas x ~20 year ends: the Judgements
# page's as-at series reads them all), with room for other dates: each is ~150 rows.
@lru_cache(maxsize=512)
def _latest(version: tuple, as_at: date, headline: str) -> pd.DataFrame:
    url = version[0]
    return grades.latest_grades_as_at(
        queries.judgements(url),
        queries.local_authorities(url),
        queries.reorganisations(url),
        as_at=as_at,
        headline=headline,
    )


def latest_grades_all(
    url_or_engine: str | Engine | None = None, *, as_at: date, headline: str = "overall"
) -> pd.DataFrame:
    """`latest_grades_as_at` for all of England; filter by region_code for a region."""
    return _latest(_version(url_or_engine), as_at, headline)
