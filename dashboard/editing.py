"""Who may change support records. One place, so the roles a later issue adds change only this.

Every write callback asks `may_edit` on the server before writing; the pages only hide buttons.
"""

from __future__ import annotations

import os

REFUSED = "Changing support records is switched off on this server (RIA_EDITING=0)."


def may_edit(region: str | None = None) -> bool:
    """True unless RIA_EDITING=0. `region` is for the roles to come (an RIA edits its own region)."""
    return os.environ.get("RIA_EDITING", "1").strip() != "0"
