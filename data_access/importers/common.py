"""What every importer shares: input errors that name the cell, file hashes, run bookkeeping."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import ImportRun, LocalAuthority
from data_access.reference.local_authorities import canonical_ons_code, ons_code_for_name


class InputError(Exception):
    """Bad input, reported so a person can find and fix the cell. Never shown as a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ):
        self.message, self.file, self.sheet, self.row, self.column, self.value = (
            message,
            Path(file).name,
            sheet,
            row,
            column,
            value,
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [f"file {self.file}"]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = ", ".join(where) + f": {self.message}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    file: str
    kind: str
    sha256: str
    edition: str = ""
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    already_imported: bool = False
    details: dict[str, int] = field(default_factory=dict)
    # One line for each thing a person should see by name: a conflict between sources and which
    # value won, or a repeated row stored once. Printed after the summary (in a dry run too).
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The summary line, then each note indented on a line of its own: what an import prints."""
        return "\n".join([self.summary(), *(f"  {note}" for note in self.notes)])

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.file}: already imported (sha256 {self.sha256[:12]}), nothing to change"
        extra = "".join(f", {k} {v}" for k, v in sorted(self.details.items()))
        return (
            f"{self.file} [{self.edition or self.kind}]: {self.rows_read} rows read, "
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged{extra}"
        )


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def previous_run(session: Session, sha256: str, kind: str) -> ImportRun | None:
    return session.scalars(select(ImportRun).where(ImportRun.sha256 == sha256, ImportRun.kind == kind)).first()


def record_run(session: Session, report: ImportReport, *, is_demo: bool = False) -> ImportRun:
    run = ImportRun(
        kind=report.kind,
        file_name=report.file,
        sha256=report.sha256,
        edition=report.edition,
        imported_at=datetime.now(UTC).replace(tzinfo=None),
        rows_read=report.rows_read,
        inserted=report.inserted,
        updated=report.updated,
        is_demo=is_demo,
    )
    session.add(run)
    session.flush()
    return run


class LaResolver:
    """Finds the stored LA for a source row by ONS code, DfE code or name."""

    def __init__(self, session: Session):
        las = list(session.scalars(select(LocalAuthority)))
        self._by_ons = {la.ons_code: la for la in las}
        self._by_dfe_current = {la.dfe_code: la for la in las if la.current}
        self._by_dfe_former = {la.dfe_code: la for la in las if not la.current}

    def by_ons(self, code: str) -> LocalAuthority | None:
        return self._by_ons.get(canonical_ons_code(code))

    def by_dfe(self, code: str) -> LocalAuthority | None:
        code = str(code).strip().split(".")[0].zfill(3)
        return self._by_dfe_current.get(code) or self._by_dfe_former.get(code)

    def by_name(self, name: str, on: date | None = None) -> LocalAuthority | None:
        code = ons_code_for_name(name, on)
        return self._by_ons.get(code) if code else None
