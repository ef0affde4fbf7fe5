"""Bring a database up to date (Alembic migrations, then the hand-written reference facts), and
check, before serving, that it is there and up to date (`check_ready`)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from data_access import models
from data_access.db import create_sqlite_file, database_url, get_engine, session_scope, sqlite_path, store_unavailable
from data_access.frameworks import FRAMEWORKS
from data_access.reference.local_authorities import LOCAL_AUTHORITIES, REORGANISATIONS
from data_access.reference.regions import REGIONS

ROOT = Path(__file__).resolve().parent.parent


log = logging.getLogger(__name__)

PREPARE_COMMAND = "python -m data_access prepare"  # what `make run` runs before serving


class StoreNotReady(RuntimeError):
    """The store to serve is missing or not migrated: serving it would only show errors."""


def _alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def migrate(url: str | None = None) -> None:
    """Run `alembic upgrade head`, then insert or correct the reference rows. The only code that
    creates a SQLite store's file (db.py opens existing files only)."""
    create_sqlite_file(url or database_url())
    engine = get_engine(url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with session_scope(url) as session:
        sync_reference(session)


def check_ready(url: str | None = None) -> None:
    """Refuse (StoreNotReady, one line naming the command to run) a store that is missing, or that
    answers without the current schema. A store that does not answer now (a PostgreSQL server
    down, a file being restored) is only logged: pages say the data is unavailable until it is back."""
    url = url or database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise StoreNotReady(
            f"The store {shown} does not exist ({path.absolute()} is missing). "
            f"Create and load it with `{PREPARE_COMMAND}` (what `make run` does), then start the app again."
        )
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    try:
        with get_engine(url).connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as error:
        if not store_unavailable(error):
            raise
        log.warning(
            "the store %s cannot be read now (%s); serving anyway, pages say so until it is back",
            shown,
            str(error).splitlines()[0],
        )
        return
    if current != head:
        state = "has no tables (never migrated)" if current is None else f"is at schema revision {current}"
        raise StoreNotReady(
            f"The store {shown} {state}; this code needs revision {head}. "
            f"Run `{PREPARE_COMMAND}` (or `python -m data_access migrate`), then start the app again."
        )


def sync_reference(session: Session) -> None:
    """Make regions, frameworks, LAs and reorganisations match the facts in code (idempotent)."""
    for r in REGIONS:
        session.merge(models.Region(code=r.code, name=r.name, short_name=r.short_name))
    for f in FRAMEWORKS:
        session.merge(
            models.Framework(code=f.code, name=f.name, start=f.start, end=f.end, third_grade_label=f.third_grade_label)
        )
    session.flush()
    existing = {la.ons_code: la for la in session.scalars(select(models.LocalAuthority))}
    for fact in LOCAL_AUTHORITIES:
        la = existing.get(fact.ons_code) or models.LocalAuthority(ons_code=fact.ons_code)
        la.dfe_code, la.name, la.region_code, la.current = (fact.dfe_code, fact.name, fact.region_code, fact.current)
        session.add(la)
        existing[fact.ons_code] = la
    session.flush()
    known = {(r.predecessor_ons_code, r.successor_la_id) for r in session.scalars(select(models.Reorganisation))}
    for reorg in REORGANISATIONS:
        successor = existing[reorg.successor_ons]
        predecessor = existing.get(reorg.predecessor_ons)
        if (reorg.predecessor_ons, successor.id) in known:
            continue
        session.add(
            models.Reorganisation(
                effective=reorg.effective,
                kind=reorg.kind,
                predecessor_ons_code=reorg.predecessor_ons,
                predecessor_la_id=predecessor.id if predecessor else None,
                successor_la_id=successor.id,
                note=reorg.note,
            )
        )
