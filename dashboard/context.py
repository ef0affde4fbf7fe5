"""Which store the running app reads, set once by create_app (tests point it at their own)."""

from __future__ import annotations

from data_access.db import database_url

_STORE_URL: str | None = None


def set_store_url(url: str | None) -> None:
    global _STORE_URL
    _STORE_URL = url


def store_url() -> str:
    return _STORE_URL or database_url()
