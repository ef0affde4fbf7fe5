"""Import LGA peer challenges and diagnostics from a CSV/XLSX list kept by the programme team.

Columns: la (name, ONS or DfE code), kind, start_date, end_date (optional), focus (optional).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport
from data_access.importers.records import Column, import_records
from data_access.models import PeerChallenge

KINDS = (
    "Children's services peer challenge",
    "Early years peer challenge",
    "Resources peer challenge",
    "Corporate peer challenge",
    "Diagnostic",
)
COLUMNS = (
    Column("kind", choices=KINDS),
    Column("start_date", kind="date"),
    Column("end_date", required=False, kind="date"),
    Column("focus", required=False),
)


def import_peer_challenges(session: Session, path: str | Path) -> ImportReport:
    return import_records(
        session,
        path,
        kind="peer_challenges",
        model=PeerChallenge,
        columns=COLUMNS,
        key=("kind", "start_date"),
        defaults={"focus": ""},
    )
