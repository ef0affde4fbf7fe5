"""Settings from the environment, read in one place and checked at start."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from data_access.db import DEFAULT_DATABASE_URL

SOURCES_FILE = Path(__file__).with_name("sources.toml")
DEFAULT_MAX_REQUEST_BYTES = 1_048_576  # 1 MB: a callback request is a few KB; anything bigger is refused (413)


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    database_url: str
    data_dir: Path
    geo_dir: Path
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES

    @property
    def ofsted_dir(self) -> Path:
        return self.data_dir / "ofsted"


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("RIA_DATA_DIR", "data"))
    port_text = os.environ.get("PORT", "8050")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SystemExit(f"PORT must be a number from 1 to 65535, not {port_text!r}")
    return Settings(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(port_text),
        database_url=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        data_dir=data_dir,
        geo_dir=Path(os.environ.get("RIA_GEO_DIR", data_dir / "geo")),
        max_request_bytes=max_request_bytes(),
    )


@dataclass(frozen=True)
class WebServer:
    """How gunicorn serves (gunicorn.conf.py): threaded workers, so a slow or stalled client holds
    one thread, never a whole worker, and short timeouts. In production a reverse proxy in front
    (README) buffers whole requests, so no slow client reaches gunicorn at all."""

    workers: int = 2  # WEB_CONCURRENCY: processes
    threads: int = 4  # RIA_WEB_THREADS: requests each process serves at once
    timeout: int = 30  # RIA_WEB_TIMEOUT: seconds a silent worker lives before it is restarted
    keepalive: int = 2  # RIA_WEB_KEEPALIVE: seconds an idle kept-alive connection is held

    SETTINGS = {
        "workers": "WEB_CONCURRENCY",
        "threads": "RIA_WEB_THREADS",
        "timeout": "RIA_WEB_TIMEOUT",
        "keepalive": "RIA_WEB_KEEPALIVE",
    }


def web_server() -> WebServer:
    """The gunicorn settings, from the environment (each a whole number above 0)."""
    return WebServer(**_whole_numbers(WebServer.SETTINGS))


def _whole_numbers(settings: dict[str, str]) -> dict[str, int]:
    values = {}
    for field, name in settings.items():
        text = os.environ.get(name, "").strip()
        if text:
            if not text.isdigit() or int(text) < 1:
                raise SystemExit(f"{name} must be a whole number above 0, not {text!r}")
            values[field] = int(text)
    return values


@dataclass(frozen=True)
class ImportLimits:
    """How big an imported file may be, so no file (a zip bomb, a sheet of rows repeated 2x10^9
    times, an oversized CSV) can take more than ~300 MB of memory. Each is far above Ofsted's
    published files (the largest: 2 MB, a 40 MB content.xml compressed 19:1, sheets of ~450 rows
    and ~45 columns). `import_limits()` reads them from the environment (SETTINGS)."""

    file_mb: int = 50  # size of the file itself
    unzipped_mb: int = 100  # unpacked size of any one member of an ODS or XLSX (a zip)
    zip_ratio: int = 100  # unpacked / packed size of any member over 1 MB
    rows: int = 20_000  # rows of a sheet read, counting blank rows between data rows
    columns: int = 500  # columns of a sheet read, counting blank cells between values
    cells: int = 1_000_000  # cells of a sheet read (rows x their columns, repeated ones included)

    SETTINGS = {
        "file_mb": "RIA_IMPORT_MAX_FILE_MB",
        "unzipped_mb": "RIA_IMPORT_MAX_UNZIPPED_MB",
        "zip_ratio": "RIA_IMPORT_MAX_ZIP_RATIO",
        "rows": "RIA_IMPORT_MAX_ROWS",
        "columns": "RIA_IMPORT_MAX_COLUMNS",
        "cells": "RIA_IMPORT_MAX_CELLS",
    }

    def named(self, field: str) -> str:
        """The limit as a person sets it, for messages: `RIA_IMPORT_MAX_ROWS=20000`."""
        return f"{self.SETTINGS[field]}={getattr(self, field)}"


def import_limits() -> ImportLimits:
    """The import limits, from RIA_IMPORT_MAX_* (read now), each a whole number above 0."""
    return ImportLimits(**_whole_numbers(ImportLimits.SETTINGS))


def max_request_bytes() -> int:
    """RIA_MAX_REQUEST_BYTES: the largest request body the app reads (bigger ones get 413)."""
    text = os.environ.get("RIA_MAX_REQUEST_BYTES", "").strip().replace("_", "")
    if not text:
        return DEFAULT_MAX_REQUEST_BYTES
    if not text.isdigit() or int(text) < 1024:
        raise SystemExit(f"RIA_MAX_REQUEST_BYTES must be a whole number of bytes, at least 1024, not {text!r}")
    return int(text)


@lru_cache(maxsize=1)
def download_sources() -> dict:
    """The download addresses and timeout in sources.toml."""
    with open(SOURCES_FILE, "rb") as handle:
        return tomllib.load(handle)


def briefing_jobs_dir() -> Path:
    """RIA_BRIEFING_DIR: where the /briefing page's jobs keep their status and files (default
    instance/briefing). On disk, not in memory: any server process may answer the page's polls."""
    # Absolute: Flask's send_file would read a relative path from the package's folder, not ours.
    return Path(os.environ.get("RIA_BRIEFING_DIR", "instance/briefing")).absolute()
