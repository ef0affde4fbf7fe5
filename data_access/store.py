"""Bring a database up to date: Alembic migrations, then the hand-written reference facts."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import models
from data_access.db import get_engine, session_scope
from data_access.frameworks import FRAMEWORKS
from data_access.reference.local_authorities import LOCAL_AUTHORITIES, REORGANISATIONS
from data_access.reference.regions import REGIONS

ROOT = Path(__file__).resolve().parent.parent


def migrate(url: str | None = None) -> None:
    """Run `alembic upgrade head`, then insert or correct the reference rows."""
    engine = get_engine(url)
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with session_scope(url) as session:
        sync_reference(session)


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
