"""The store revision: one number that goes up in the same transaction as every write.

Caches are keyed on it (data_access.cache), so an edit in place, a delete, or a delete-and-add
invalidates them as surely as an import does. The bump is generic, made by Session events, so no
importer or form has to remember it:

- after every flush, a session that inserted, deleted or really changed a row notes that it wrote
  (objects whose attributes were set to the values they already had do not count, so an unchanged
  `sync_reference` writes nothing);
- an insert, update or delete run through `session.execute` (ORM-enabled or a Core statement;
  `text()` too when it starts with INSERT, UPDATE or DELETE) counts unless it touched no row;
- just before the commit, a session that wrote runs one `UPDATE store_revision SET revision =
  revision + 1` in the same transaction. A rollback discards it with the writes; a session that
  only read bumps nothing.

Not seen: writes on a bare Connection (outside a Session, e.g. Alembic data migrations) and the
legacy `Session.bulk_*` methods. Call `note_write(session)` after anything like that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, event, insert, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import TextClause

from data_access.models import StoreRevision

_WROTE = "store_revision.wrote"  # session.info: this transaction wrote something
_BUMPED = "store_revision.bumped"  # session.info: stores whose revision this transaction raised
_OWN = "store_revision_bump"  # execution option on the bump itself, which is not a write to note
_TEXT_DML = re.compile(r"^\s*(insert|update|delete|replace|merge)\b", re.IGNORECASE)
TABLE = StoreRevision.__table__

# Called with a store's URL after a commit in this process raised its revision (the cache
# forgets the revision it read, so the next call sees the new one at once).
AFTER_BUMP: list[Callable[[str], None]] = []


def note_write(session: Session) -> None:
    """Make the session bump the revision when it commits (for writes the events cannot see)."""
    session.info[_WROTE] = True


def read_revision(connection: Connection) -> int:
    """The stored revision (0 if the row is missing)."""
    return connection.execute(select(TABLE.c.revision).where(TABLE.c.id == 1)).scalar() or 0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _bump(session: Session) -> None:
    options = {_OWN: True}
    result = session.execute(
        update(TABLE).where(TABLE.c.id == 1).values(revision=TABLE.c.revision + 1, changed_at=_now()),
        execution_options=options,
    )
    if result.rowcount == 0:  # the row was deleted by hand: start again above any reader's 0
        session.execute(insert(TABLE).values(id=1, revision=1, changed_at=_now()), execution_options=options)
    url = session.get_bind(clause=TABLE).url.render_as_string(hide_password=False)
    session.info.setdefault(_BUMPED, set()).add(url)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context) -> None:
    # Here new, deleted and dirty still describe what this flush wrote.
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        note_write(session)


def _is_write(state: ORMExecuteState) -> bool:
    if state.is_insert or state.is_update or state.is_delete:
        return True
    return isinstance(state.statement, TextClause) and bool(_TEXT_DML.match(state.statement.text))


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState):
    if state.execution_options.get(_OWN) or not _is_write(state):
        return None
    result = state.invoke_statement()  # runs the statement (and any later hooks) now, to see its row count
    try:
        touched = result.rowcount != 0  # -1 (unknown) counts as a write
    except Exception:  # a result without a row count: assume it wrote
        touched = True
    if touched:
        note_write(state.session)
    return result


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()  # commit would flush after this hook; flush first so those writes are seen
    if session.info.pop(_WROTE, False):
        _bump(session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for url in session.info.get(_BUMPED, ()):
        for hook in AFTER_BUMP:
            hook(url)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction, committed or rolled back
        session.info.pop(_WROTE, None)
        session.info.pop(_BUMPED, None)
