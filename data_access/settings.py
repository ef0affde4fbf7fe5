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
