"""The container the shell puts each page in: Dash's own `dash.page_container`, or, with the
`first_render` fast path on, one that already holds the requested page (dashboard/fast_paths.py)."""

from __future__ import annotations

from dashboard.fast_paths import page_container

__all__ = ["page_container"]
