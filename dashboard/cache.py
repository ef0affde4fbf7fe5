"""Views cached per filter set and store version: a repeated filter change costs nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from dashboard.context import store_url
from dashboard.filters import Filters
from data_access.queries import store_version

T = TypeVar("T")


@lru_cache(maxsize=512)
def _memo(function: Callable, version: tuple, filters: Filters):
    return function(filters)


def current_store_version() -> tuple:
    """The version of the store this app reads (changes whenever anything is imported)."""
    return store_version(store_url())


def cached_call(function: Callable[[Filters], T], filters: Filters) -> T:
    """`function(filters)`, computed once per store version."""
    return _memo(function, current_store_version(), filters)


def cached_view(function: Callable[[Filters], T]) -> Callable[[Filters], T]:
    """Cache `function(filters)` until the store changes. Results must not be mutated by callers."""

    @wraps(function)
    def wrapper(filters: Filters) -> T:
        return _memo(function, current_store_version(), filters)

    return wrapper
