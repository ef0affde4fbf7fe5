"""Import DfE interventions (improvement notices, statutory directions, commissioners, trusts).

No published dataset lists these, so they come from a CSV/XLSX kept by hand. Columns: la (name,
ONS or DfE code), kind, start_date, end_date (optional), note (optional). The older, strict reader
(kept for callers of `import_interventions`); the command line uses data_access.support_records.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from data_access.importers.common import ImportReport
from data_access.importers.records import Column, import_records
from data_access.models import Intervention
from data_access.support_records import INTERVENTION_KIND_ALIASES, INTERVENTION_KINDS

COLUMNS = (
    Column("kind", choices=INTERVENTION_KINDS, aliases=tuple(INTERVENTION_KIND_ALIASES.items())),
    Column("start_date", kind="date"),
    Column("end_date", required=False, kind="date"),
    Column("note", required=False),
)


def import_interventions(session: Session, path: str | Path) -> ImportReport:
    return import_records(
        session,
        path,
        kind="interventions",
        model=Intervention,
        columns=COLUMNS,
        key=("kind", "start_date"),
        defaults={"note": ""},
    )
