"""The dashboard: pure views (`dashboard.views`) and the Dash app built from them (`create_app`).

Importing the package imports no Dash: slides, exports and tests can use the views alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dash


def create_app(database_url: str | None = None) -> dash.Dash:
    """The Dash app (see dashboard.factory)."""
    from dashboard.factory import create_app as build

    return build(database_url)
