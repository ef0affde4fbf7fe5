"""Read functions: the store as pandas DataFrames, one tidy frame per concept.

Every chart, table, CSV and CLI figure starts from these frames, so the numbers cannot drift
apart. Frames are cached per store version (the latest import), so a filter change costs pandas
work only, never a database round trip.
"""

from __future__ import annotations

import time
from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access import models as m
from data_access.db import AFTER_COMMIT, get_engine
from data_access.grades import Grade

JUDGEMENT_COLUMNS = [
    "judgement_id",
    "inspection_id",
    "la_id",
    "ons_code",
    "la_name",
    "region_code",
    "region_name",
    "la_current",
    "framework",
    "inspection_type",
    "inspection_date",
    "published_date",
    "official",
    "is_demo",
    "area",
    "grade",
    "grade_rank",
]


def _engine(url_or_engine: str | Engine | None) -> Engine:
    return url_or_engine if isinstance(url_or_engine, Engine) else get_engine(url_or_engine)


VERSION_TTL_SECONDS = 2.0
_versions: dict[str, tuple[float, tuple]] = {}


def store_version(url_or_engine: str | Engine | None = None) -> tuple:
    """Changes whenever anything is imported: the cache key for every frame below.

    Asked at most every couple of seconds per store, so a burst of callbacks costs one query.
    """
    engine = _engine(url_or_engine)
    key = engine.url.render_as_string(hide_password=False)
    now = time.monotonic()
    cached = _versions.get(key)
    if cached and now - cached[0] < VERSION_TTL_SECONDS:
        return cached[1]
    version = _read_version(engine)
    _versions[key] = (now, version)
    return version


def forget_versions() -> None:
    """Make the next call re-read every store's version (after an import in this process)."""
    _versions.clear()


AFTER_COMMIT.append(forget_versions)


def _read_version(engine: Engine) -> tuple:
    with engine.connect() as conn:
        runs = conn.execute(select(func.count(m.ImportRun.id), func.max(m.ImportRun.id))).one()
        inspections = conn.execute(select(func.count(m.Inspection.id))).scalar_one()
        other = [
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (m.PeerChallenge, m.Intervention, m.ProgrammeParticipation)
        ]
    return (engine.url.render_as_string(hide_password=False), tuple(runs), inspections, *other)


def _read(engine: Engine, statement) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


@lru_cache(maxsize=16)
def _local_authorities(version: tuple) -> pd.DataFrame:
    engine = get_engine(version[0])
    la, region = m.LocalAuthority, m.Region
    frame = _read(
        engine,
        select(
            la.id.label("la_id"),
            la.ons_code,
            la.dfe_code,
            la.name.label("la_name"),
            la.region_code,
            region.name.label("region_name"),
            la.current.label("la_current"),
        )
        .join(region, region.code == la.region_code)
        .order_by(la.name),
    )
    return frame


def local_authorities(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """All LAs (current and former) with their region."""
    return _local_authorities(store_version(url_or_engine)).copy()


def _la_columns(la, region) -> list:
    """The LA and region columns every row-level frame carries."""
    return [
        la.id.label("la_id"),
        la.ons_code,
        la.name.label("la_name"),
        la.region_code,
        region.name.label("region_name"),
    ]


@lru_cache(maxsize=16)
def _judgements(version: tuple) -> pd.DataFrame:
    engine = get_engine(version[0])
    i, j, la, region = m.Inspection, m.Judgement, m.LocalAuthority, m.Region
    frame = _read(
        engine,
        select(
            j.id.label("judgement_id"),
            i.id.label("inspection_id"),
            *_la_columns(la, region),
            la.current.label("la_current"),
            i.framework_code.label("framework"),
            i.inspection_type,
            i.inspection_date,
            i.published_date,
            i.official,
            i.is_demo,
            j.area,
            j.grade,
        )
        .join(i, i.id == j.inspection_id)
        .join(la, la.id == i.la_id)
        .join(region, region.code == la.region_code),
    )
    frame["inspection_type"] = frame["inspection_type"].map(lambda t: getattr(t, "value", t))
    frame["grade"] = frame["grade"].map(lambda g: Grade(g).value)
    frame["grade_rank"] = frame["grade"].map(lambda g: Grade(g).rank).astype("Int64")
    frame = _dates(frame, "inspection_date", "published_date")
    return (
        frame.reindex(columns=JUDGEMENT_COLUMNS)
        .sort_values(["published_date", "la_name", "area"], kind="stable")
        .reset_index(drop=True)
    )


def judgements(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """One row per judgement with its inspection and LA: the frame most metrics start from."""
    return _judgements(store_version(url_or_engine))


@lru_cache(maxsize=16)
def _inspections(version: tuple) -> pd.DataFrame:
    engine = get_engine(version[0])
    i, la, region = m.Inspection, m.LocalAuthority, m.Region
    frame = _read(
        engine,
        select(
            i.id.label("inspection_id"),
            *_la_columns(la, region),
            i.framework_code.label("framework"),
            i.inspection_type,
            i.inspection_date,
            i.published_date,
            i.theme,
            i.official,
            i.is_demo,
        )
        .join(la, la.id == i.la_id)
        .join(region, region.code == la.region_code),
    )
    frame["inspection_type"] = frame["inspection_type"].map(lambda t: getattr(t, "value", t))
    return _dates(frame, "inspection_date", "published_date")


def inspections(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """Every inspection and visit, graded or not (focused and monitoring visits included)."""
    return _inspections(store_version(url_or_engine))


@lru_cache(maxsize=16)
def _reorganisations(version: tuple) -> pd.DataFrame:
    engine = get_engine(version[0])
    r = m.Reorganisation
    frame = _read(
        engine, select(r.effective, r.kind, r.predecessor_ons_code, r.predecessor_la_id, r.successor_la_id, r.note)
    )
    return _dates(frame, "effective")


def reorganisations(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """Mergers, splits and recodes linking former LAs (or old codes) to their successors."""
    return _reorganisations(store_version(url_or_engine))


def _activity(version: tuple, model, date_columns: tuple[str, ...]) -> pd.DataFrame:
    engine = get_engine(version[0])
    la = m.LocalAuthority
    columns = [c for c in model.__table__.columns if c.name not in ("import_run_id",)]
    frame = _read(
        engine, select(*columns, la.ons_code, la.name.label("la_name"), la.region_code).join(la, la.id == model.la_id)
    )
    return _dates(frame, *date_columns)


@lru_cache(maxsize=16)
def _peer_challenges(version: tuple) -> pd.DataFrame:
    return _activity(version, m.PeerChallenge, ("start_date", "end_date"))


@lru_cache(maxsize=16)
def _interventions(version: tuple) -> pd.DataFrame:
    return _activity(version, m.Intervention, ("start_date", "end_date"))


@lru_cache(maxsize=16)
def _programme(version: tuple) -> pd.DataFrame:
    return _activity(version, m.ProgrammeParticipation, ("cohort_start",))


def peer_challenges(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    return _peer_challenges(store_version(url_or_engine))


def interventions(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    return _interventions(store_version(url_or_engine))


def programme_participation(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    return _programme(store_version(url_or_engine))


def import_runs(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """What has been loaded: file, sha256, time, demo or real."""
    r = m.ImportRun
    return _read(
        _engine(url_or_engine),
        select(
            r.id, r.kind, r.file_name, r.sha256, r.edition, r.imported_at, r.rows_read, r.inserted, r.updated, r.is_demo
        ).order_by(r.id),
    )


def store_status(url_or_engine: str | Engine | None = None) -> dict:
    """Counts of what the store holds (the `status` command and the first page)."""
    engine = _engine(url_or_engine)
    with engine.connect() as conn:

        def count(model, *where):
            return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

        runs = import_runs(engine)
        return {
            "local_authorities": count(m.LocalAuthority, m.LocalAuthority.current.is_(True)),
            "inspections": count(m.Inspection),
            "judgements": count(m.Judgement),
            "peer_challenges": count(m.PeerChallenge),
            "interventions": count(m.Intervention),
            "programme_participation": count(m.ProgrammeParticipation),
            "demo": bool(runs["is_demo"].any()) if len(runs) else False,
            "sources": [
                {"kind": r.kind, "file": r.file_name, "sha256": r.sha256, "edition": r.edition, "demo": bool(r.is_demo)}
                for r in runs.itertuples()
            ],
        }
