"""One cache for results read from the store, keyed on (function, arguments, store, revision, role).

The store revision (data_access.revision) goes up in the transaction of every write, so a result
is reused exactly as long as the store still holds what it was computed from, whatever the write
was (an import, an edit in place, a delete). The role is in every key so results computed for one
role are never served to another. The store a key names is the function's `url_or_engine`
argument when it has one (None: the current store), else the current store.

Cached results are shared: callers must not mutate them.
"""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Engine

from data_access import revision
from data_access.db import database_url, get_engine

T = TypeVar("T")

REVISION_TTL_SECONDS = 2.0  # how long a store's revision read is trusted (other processes' writes)
SHARED_MAXSIZE = 512  # entries kept by call_cached, for all its functions together
DEFAULT_ROLE = "public"

# -- the current store ------------------------------------------------------------------------------

_STORE_URL: str | None = None


def set_store_url(url: str | None) -> None:
    """Point the current store at `url` (create_app does, so tests can give the app their own)."""
    global _STORE_URL
    _STORE_URL = url


def store_url() -> str:
    """The current store: the one set by `set_store_url`, else DATABASE_URL (read now)."""
    return _STORE_URL or database_url()


@functools.lru_cache(maxsize=64)
def _url_key(url: str) -> str:
    return get_engine(url).url.render_as_string(hide_password=False)


def store_key(url_or_engine: str | Engine | None = None) -> str:
    """The store's full URL as get_engine resolves it, so a URL, its engine and None agree."""
    if isinstance(url_or_engine, Engine):
        return url_or_engine.url.render_as_string(hide_password=False)
    return _url_key(url_or_engine or store_url())


# -- the current role --------------------------------------------------------------------------------

_ROLE: ContextVar[str] = ContextVar("data_access_role", default=DEFAULT_ROLE)


def current_role() -> str:
    """Who the current request acts as (everything is "public" until access control comes)."""
    return _ROLE.get()


@contextmanager
def acting_as(role: str) -> Iterator[None]:
    """Run the block as `role` (in this thread or task only): cached results are kept per role."""
    token = _ROLE.set(role)
    try:
        yield
    finally:
        _ROLE.reset(token)


# -- the revision -------------------------------------------------------------------------------------

_revisions: dict[str, tuple[float, int]] = {}
_forgets = 0  # how many times revisions were forgotten: a read begun before one is not kept


def store_revision(url_or_engine: str | Engine | None = None) -> int:
    """The store's revision, read at most every REVISION_TTL_SECONDS per store (a burst of calls
    costs one query), and at once after this process commits a write to it."""
    key = store_key(url_or_engine)
    now = time.monotonic()
    known = _revisions.get(key)
    if known and now - known[0] < REVISION_TTL_SECONDS:
        return known[1]
    forgets = _forgets
    engine = url_or_engine if isinstance(url_or_engine, Engine) else get_engine(key)
    with engine.connect() as connection:
        value = revision.read_revision(connection)
    if forgets == _forgets:  # else a commit happened meanwhile and this read may be older than it
        _revisions[key] = (now, value)
    return value


def forget_revisions(url: str | None = None) -> None:
    """Make the next call re-read `url`'s revision (every store's when None)."""
    global _forgets
    _forgets += 1
    if url is None:
        _revisions.clear()
    else:
        _revisions.pop(url, None)


revision.AFTER_BUMP.append(forget_revisions)


# -- the caches -------------------------------------------------------------------------------------

_MISSING = object()


class Lru:
    """A bounded map, least recently used out first (thread-safe): every per-process cache uses
    it, so none can grow with requests. The lock only guards the map: two threads missing the
    same key both compute it, which is wasteful but harmless."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, default: Any = _MISSING) -> Any:
        """The value kept for `key`, else `default` (the private _MISSING when not given)."""
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                return default
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def info(self) -> dict[str, int]:
        with self._lock:
            return {"hits": self.hits, "misses": self.misses, "size": len(self._data), "maxsize": self.maxsize}


_CACHES: list[Lru] = []
_SHARED = Lru(SHARED_MAXSIZE)
_CACHES.append(_SHARED)


def _lookup(lru: Lru, name: str, key: tuple, compute: Callable[[], T]) -> T:
    try:
        value = lru.get(key)
    except TypeError as error:  # an unhashable argument
        raise TypeError(f"{name}: cached functions need hashable arguments ({error})") from None
    if value is _MISSING:
        value = compute()
        lru.put(key, value)
    return value


def cached(maxsize: int = 128) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Memoise `function(*args, **kwargs)` per store revision and role, up to `maxsize` results.

    Arguments must be hashable. Results must not be mutated by callers (copy first).
    """

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        signature = inspect.signature(function)
        takes_store = "url_or_engine" in signature.parameters
        var_keyword = next((p.name for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD), None)
        lru = Lru(maxsize)
        _CACHES.append(lru)

        @functools.wraps(function)
        def wrapper(*args, **kwargs) -> T:
            bound = signature.bind(*args, **kwargs)  # so f(x) and f(x=x) share an entry
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            target = arguments.pop("url_or_engine") if takes_store else None
            store = store_key(target)
            if var_keyword:
                arguments[var_keyword] = tuple(sorted(arguments[var_keyword].items()))
            call = tuple(arguments.items())
            key = (store, store_revision(target if isinstance(target, Engine) else store), current_role(), call)
            return _lookup(lru, function.__qualname__, key, lambda: function(*args, **kwargs))

        wrapper.cache_clear = lru.clear  # type: ignore[attr-defined]
        wrapper.cache_info = lru.info  # type: ignore[attr-defined]
        return wrapper

    return decorate


def call_cached(function: Callable[..., T], *args, **kwargs) -> T:
    """`function(*args, **kwargs)` from one shared cache (SHARED_MAXSIZE results), computed once
    per current store revision and role: for callables made at run time (bound methods, partials)."""
    store = store_key()
    key = (function, store, store_revision(store), current_role(), args, tuple(sorted(kwargs.items())))
    return _lookup(_SHARED, getattr(function, "__qualname__", repr(function)), key, lambda: function(*args, **kwargs))


def clear_caches() -> None:
    """Empty every cache and forget every revision read (tests)."""
    for lru in _CACHES:
        lru.clear()
    forget_revisions()
