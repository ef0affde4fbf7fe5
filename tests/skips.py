"""Skips for tests of a fast path (dashboard/fast_paths.py) when RIA_FAST_PATHS turns it off.

The app under test, in-process or the browser tests' server (which inherits the environment),
runs with the fast paths RIA_FAST_PATHS names; a test of one of them has nothing to check
without it.
"""

from __future__ import annotations

import os

import pytest

from dashboard import fast_paths


def needs_fast_path(name: str) -> pytest.MarkDecorator:
    """Skip unless the fast path `name` is on (RIA_FAST_PATHS)."""
    assert name in fast_paths.FAST_PATHS, name
    setting = os.environ.get(fast_paths.SETTING)
    return pytest.mark.skipif(
        not fast_paths.enabled(name),
        reason=f"tests the {name} fast path, which {fast_paths.SETTING}={setting!r} turns off",
    )


def _no_chromium() -> bool:
    from dashboard.exports.images import _browser_path

    return _browser_path() is None


# Chart images (dashboard.exports.images) are drawn by kaleido in the system Chromium.
needs_chromium = pytest.mark.skipif(
    _no_chromium(), reason="no Chromium to draw chart images with: install Debian's chromium or set BROWSER_PATH"
)
