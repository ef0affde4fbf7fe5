"""Which store the running app reads: now data_access.cache's current store, re-exported here."""

from data_access.cache import set_store_url, store_url  # noqa: F401
