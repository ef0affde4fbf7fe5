"""The store must migrate, hold reference facts and keep its constraints alike on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from data_access import models
from data_access.db import get_engine, session_scope
from data_access.frameworks import FRAMEWORKS
from data_access.grades import Grade
from data_access.reference.local_authorities import LOCAL_AUTHORITIES, REORGANISATIONS
from data_access.reference.regions import REGIONS
from data_access.store import ROOT, migrate

MODEL_TABLES = set(models.Base.metadata.tables)


def alembic_config(connection) -> Config:
    """A Config like migrate()'s: the repo's alembic.ini, run on an open connection."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["connection"] = connection
    return config


def table_names(url: str) -> set[str]:
    return set(inspect(get_engine(url)).get_table_names())


def schema_diff(url: str) -> list:
    with get_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, models.Base.metadata)


def count(url: str, model, *where) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def add_inspection(session, area_grades: dict[str, Grade]) -> models.Inspection:
    """An import run, an ILACS inspection of the first current LA and its judgements (flushed)."""
    la = session.scalar(select(models.LocalAuthority).where(models.LocalAuthority.current).limit(1))
    run = models.ImportRun(
        kind="ofsted", file_name="test.ods", sha256="0" * 64, imported_at=datetime(2026, 5, 1, 12, 0)
    )
    session.add(run)
    session.flush()
    inspection = models.Inspection(
        la=la,
        framework_code="ILACS",
        inspection_type=models.InspectionType.STANDARD,
        inspection_date=date(2026, 4, 20),
        published_date=date(2026, 5, 30),
        import_run_id=run.id,
        judgements=[models.Judgement(area=area, grade=grade) for area, grade in area_grades.items()],
    )
    session.add(inspection)
    session.flush()
    return inspection


def test_migrations_create_a_table_for_every_model(store_url):
    assert table_names(store_url) - {"alembic_version"} == MODEL_TABLES


def test_migrating_twice_keeps_reference_counts_exact(store_url):
    migrate(store_url)

    assert count(store_url, models.Region) == len(REGIONS) == 9
    assert count(store_url, models.LocalAuthority) == len(LOCAL_AUTHORITIES) == 158
    current = sum(la.current for la in LOCAL_AUTHORITIES)
    assert count(store_url, models.LocalAuthority, models.LocalAuthority.current) == current == 153
    assert count(store_url, models.Reorganisation) == len(REORGANISATIONS) == 11
    assert count(store_url, models.Framework) == len(FRAMEWORKS) == 5


def test_downgrade_to_base_then_upgrade_to_head_rebuilds_the_schema(store_url):
    engine = get_engine(store_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert table_names(store_url) & MODEL_TABLES == set()

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert table_names(store_url) - {"alembic_version"} == MODEL_TABLES
    assert schema_diff(store_url) == []
    migrate(store_url)
    assert count(store_url, models.LocalAuthority) == len(LOCAL_AUTHORITIES)


def test_every_grade_including_not_graded_round_trips(store_url):
    areas = {f"area_{g.value}": g for g in Grade}
    with session_scope(store_url) as session:
        inspection_id = add_inspection(session, areas).id

    with session_scope(store_url) as session:
        stored = {
            j.area: j.grade
            for j in session.scalars(select(models.Judgement).where(models.Judgement.inspection_id == inspection_id))
        }
        raw = session.scalar(text("SELECT grade FROM judgements WHERE area = 'area_not_graded'"))
    assert stored == areas
    assert stored["area_not_graded"] is Grade.NOT_GRADED
    assert raw == "not_graded"  # stored as the enum's value, not its name


def test_duplicate_judgement_area_raises_integrity_error_and_writes_nothing(store_url):
    with pytest.raises(IntegrityError):
        with session_scope(store_url) as session:
            inspection = add_inspection(session, {"overall": Grade.GOOD})
            session.add(models.Judgement(inspection_id=inspection.id, area="overall", grade=Grade.INADEQUATE))

    assert count(store_url, models.ImportRun) == 0
    assert count(store_url, models.Inspection) == 0
    assert count(store_url, models.Judgement) == 0


def test_models_and_migrated_schema_have_no_differences(store_url):
    assert schema_diff(store_url) == []
