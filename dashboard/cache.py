"""Views cached per filter set, store revision and role (data_access.cache): a repeated filter
change costs nothing, and any write to the store (import, edit, delete) is seen."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from dashboard.filters import Filters
from data_access import cache as store_cache
from data_access.queries import store_version

T = TypeVar("T")


def current_store_version() -> tuple:
    """(store URL, revision, role) of the store this app reads: the key of the one cache the
    layout responses still keep themselves (dashboard/first_render.py)."""
    return (*store_version(store_cache.store_url()), store_cache.current_role())


def cached_call(function: Callable[[Filters], T], filters: Filters) -> T:
    """`function(filters)`, computed once per store revision and role."""
    return store_cache.call_cached(function, filters)


def cached_view(function: Callable[[Filters], T]) -> Callable[[Filters], T]:
    """Cache `function(filters)` until the store changes. Results must not be mutated by callers."""

    @wraps(function)
    def wrapper(filters: Filters) -> T:
        return store_cache.call_cached(function, filters)

    return wrapper
