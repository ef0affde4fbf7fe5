"""Uploaded record files kept on the server between the preview and "Apply".

The browser holds only a token (a dcc.Store), never the file. Files live in a temporary folder
(shared by the app's worker processes on one machine), each under its token, and are dropped
after EXPIRY_SECONDS, when more than MAX_FILES are kept, or once applied. A token is 32 hex
digits; anything else finds nothing, so no request can name another path.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

EXPIRY_SECONDS = 30 * 60
MAX_FILES = 50
_TOKEN = re.compile(r"[0-9a-f]{32}")


def folder() -> Path:
    """RIA_UPLOAD_DIR, or a folder in the system's temporary directory."""
    path = Path(os.environ.get("RIA_UPLOAD_DIR") or Path(tempfile.gettempdir()) / "ria-uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep(base: Path) -> None:
    """Drop expired uploads, and the oldest beyond MAX_FILES."""
    now = time.time()
    kept = []
    for entry in base.iterdir():
        if not _TOKEN.fullmatch(entry.name):
            continue
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        if age > EXPIRY_SECONDS:
            shutil.rmtree(entry, ignore_errors=True)
        else:
            kept.append((age, entry))
    for _age, entry in sorted(kept)[MAX_FILES - 1 :]:
        shutil.rmtree(entry, ignore_errors=True)


def keep(data: bytes, name: str) -> str:
    """Keep `data` as `name` (already a safe file name) and return its token."""
    base = folder()
    _sweep(base)
    token = secrets.token_hex(16)
    (base / token).mkdir()
    (base / token / name).write_bytes(data)
    return token


def path(token: object) -> Path | None:
    """The kept file of `token`, or None (unknown, malformed or expired)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    entry = folder() / token
    try:
        if time.time() - entry.stat().st_mtime > EXPIRY_SECONDS:
            shutil.rmtree(entry, ignore_errors=True)
            return None
        files = [f for f in entry.iterdir() if f.is_file()]
    except OSError:
        return None
    return files[0] if files else None


def forget(token: object) -> None:
    if isinstance(token, str) and _TOKEN.fullmatch(token):
        shutil.rmtree(folder() / token, ignore_errors=True)
