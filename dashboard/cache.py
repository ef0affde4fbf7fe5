"""Views cached per filter set, store revision and role (data_access.cache): a repeated filter
change costs nothing, and any write to the store (import, edit, delete) is seen."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from dashboard.filters import Filters
from data_access.cache import call_cached, current_role, store_url
from data_access.queries import store_version

T = TypeVar("T")


def _memo(function: Callable, version: tuple, filters: Filters):
    """Every cached view goes through here (tests record calls). `version` is not needed for the
    key, which call_cached makes itself from the store's revision and the role."""
    return call_cached(function, filters)


def current_store_version() -> tuple:
    """(store URL, revision, role) of the store this app reads: a key for the dashboard's own
    caches until they move to data_access.cache.cached. version[0] is the store's URL."""
    return (*store_version(store_url()), current_role())


def cached_call(function: Callable[[Filters], T], filters: Filters) -> T:
    """`function(filters)`, computed once per store revision and role."""
    return _memo(function, current_store_version(), filters)


def cached_view(function: Callable[[Filters], T]) -> Callable[[Filters], T]:
    """Cache `function(filters)` until the store changes. Results must not be mutated by callers."""

    @wraps(function)
    def wrapper(filters: Filters) -> T:
        return _memo(function, current_store_version(), filters)

    return wrapper
