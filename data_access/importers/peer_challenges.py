"""Import LGA peer challenges and diagnostics from a CSV/XLSX list kept by the programme team.

The older, strict reader (kept for callers of `import_peer_challenges`); the command line uses
data_access.support_records, which also reads the newer columns. Kinds share its vocabulary.

Columns: la (name, ONS or DfE code), kind, start_date, end_date (optional), focus (optional).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport
from data_access.importers.records import Column, import_records
from data_access.models import PeerChallenge
from data_access.support_records import PEER_CHALLENGE_TYPE_ALIASES, PEER_CHALLENGE_TYPES

COLUMNS = (
    Column("kind", choices=PEER_CHALLENGE_TYPES, aliases=tuple(PEER_CHALLENGE_TYPE_ALIASES.items())),
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
