"""Read functions: the store as pandas DataFrames, one tidy frame per concept.

Every chart, table, CSV and CLI figure starts from these frames, so the numbers cannot drift
apart. Frames are cached per store revision (data_access.cache: it goes up with every write), so a
filter change costs pandas work only, never a database round trip. `url_or_engine` None means
the current store (data_access.cache.store_url). Cached frames are shared: do not mutate them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access import models as m
from data_access.cache import cached, forget_revisions, store_key, store_revision, store_url
from data_access.db import get_engine
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
    return url_or_engine if isinstance(url_or_engine, Engine) else get_engine(url_or_engine or store_url())


def store_version(url_or_engine: str | Engine | None = None) -> tuple:
    """(store URL, revision): changes exactly when the store's revision does.

    Kept for the dashboard's own caches until they move to data_access.cache.cached; new code
    should use `cached` (or `store_revision`). The URL is first: callers pass version[0] to get_engine.
    """
    return (store_key(url_or_engine), store_revision(url_or_engine))


def forget_versions() -> None:
    """Make the next call re-read every store's revision (kept for old callers; see forget_revisions)."""
    forget_revisions()


def _read(engine: Engine, statement) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


@cached(maxsize=16)
def _local_authorities(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    engine = _engine(url_or_engine)
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
            la.ofsted_url,
        )
        .join(region, region.code == la.region_code)
        .order_by(la.name),
    )
    return frame


def local_authorities(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """All LAs (current and former) with their region."""
    return _local_authorities(url_or_engine).copy()


def _la_columns(la, region) -> list:
    """The LA and region columns every row-level frame carries."""
    return [
        la.id.label("la_id"),
        la.ons_code,
        la.name.label("la_name"),
        la.region_code,
        region.name.label("region_name"),
    ]


def _without_provisional(frame: pd.DataFrame) -> pd.DataFrame:
    """Leave out provisional rows (not official, not demo): read from the scraped report list."""
    provisional = ~frame["official"].astype(bool) & ~frame["is_demo"].astype(bool)
    return frame[~provisional].reset_index(drop=True)


@cached(maxsize=16)
def judgements(url_or_engine: str | Engine | None = None, include_provisional: bool = True) -> pd.DataFrame:
    """One row per judgement with its inspection and LA: the frame most metrics start from.

    Provisional judgements (official False, not demo) are included unless asked otherwise."""
    if not include_provisional:
        return _without_provisional(judgements(url_or_engine))
    engine = _engine(url_or_engine)
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


@cached(maxsize=16)
def inspections(url_or_engine: str | Engine | None = None, include_provisional: bool = True) -> pd.DataFrame:
    """Every inspection and visit, graded or not (focused and monitoring visits included);
    provisional ones too unless asked otherwise."""
    if not include_provisional:
        return _without_provisional(inspections(url_or_engine))
    engine = _engine(url_or_engine)
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
            i.report_url,
        )
        .join(la, la.id == i.la_id)
        .join(region, region.code == la.region_code),
    )
    frame["inspection_type"] = frame["inspection_type"].map(lambda t: getattr(t, "value", t))
    return _dates(frame, "inspection_date", "published_date")


@cached(maxsize=16)
def reorganisations(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """Mergers, splits and recodes linking former LAs (or old codes) to their successors."""
    r = m.Reorganisation
    frame = _read(
        _engine(url_or_engine),
        select(r.effective, r.kind, r.predecessor_ons_code, r.predecessor_la_id, r.successor_la_id, r.note),
    )
    return _dates(frame, "effective")


# Restricted columns: left out of every frame unless a caller with permission asks for them.
CONFIDENTIAL_COLUMNS = {
    "peer_challenges": ("confidential_notes",),
    "risk_signature_assessments": ("ratings",),
}
_NOT_SHOWN = ("import_run_id", "deleted_at")


def _activity(
    url_or_engine: str | Engine | None,
    model,
    date_columns: tuple[str, ...],
    *,
    include_confidential: bool = False,
    include_deleted: bool = False,
) -> pd.DataFrame:
    engine = _engine(url_or_engine)
    la = m.LocalAuthority
    hidden = _NOT_SHOWN + (() if include_confidential else CONFIDENTIAL_COLUMNS.get(model.__tablename__, ()))
    columns = [c for c in model.__table__.columns if c.name not in hidden]
    if include_deleted:
        columns.append(model.deleted_at)
    statement = select(*columns, la.ons_code, la.name.label("la_name"), la.region_code).join(la, la.id == model.la_id)
    if not include_deleted:
        statement = statement.where(model.deleted_at.is_(None))
    return _dates(_read(engine, statement.order_by(model.id)), *date_columns)


@cached(maxsize=16)
def peer_challenges(
    url_or_engine: str | Engine | None = None, include_confidential: bool = False, include_deleted: bool = False
) -> pd.DataFrame:
    """Peer challenges and diagnostics; `focus` holds the themes as tags joined by '; '."""
    return _activity(
        url_or_engine,
        m.PeerChallenge,
        ("start_date", "end_date", "follow_up_date"),
        include_confidential=include_confidential,
        include_deleted=include_deleted,
    )


@cached(maxsize=16)
def interventions(url_or_engine: str | Engine | None = None, include_deleted: bool = False) -> pd.DataFrame:
    """DfE interventions; an empty end_date means active, an empty start_date unknown."""
    return _activity(url_or_engine, m.Intervention, ("start_date", "end_date"), include_deleted=include_deleted)


@cached(maxsize=16)
def programme_participation(url_or_engine: str | Engine | None = None, include_deleted: bool = False) -> pd.DataFrame:
    return _activity(url_or_engine, m.ProgrammeParticipation, ("cohort_start",), include_deleted=include_deleted)


@cached(maxsize=16)
def risk_signature_assessments(
    url_or_engine: str | Engine | None = None, include_confidential: bool = False, include_deleted: bool = False
) -> pd.DataFrame:
    """One row per self-assessment. Ratings are confidential: with `include_confidential` each
    signature gets `<code>_rating` and `<code>_note` columns; without it, only the LA and date."""
    from data_access.support_records import RISK_SIGNATURES

    frame = _activity(
        url_or_engine,
        m.RiskSignatureAssessment,
        ("assessment_date",),
        include_confidential=include_confidential,
        include_deleted=include_deleted,
    )
    if include_confidential:
        for code, _wording in RISK_SIGNATURES:
            frame[f"{code}_rating"] = [(r or {}).get(code, {}).get("rating") for r in frame["ratings"]]
            frame[f"{code}_note"] = [(r or {}).get(code, {}).get("note", "") for r in frame["ratings"]]
        frame = frame.drop(columns=["ratings"])
    return frame


@cached(maxsize=16)
def programme_totals(url_or_engine: str | Engine | None = None, include_deleted: bool = False) -> pd.DataFrame:
    """Figures programmes reported without per-LA detail, to show beside the counted records."""
    t = m.ProgrammeTotal
    hidden = ("import_run_id",) if include_deleted else _NOT_SHOWN
    columns = [c for c in t.__table__.columns if c.name not in hidden]
    statement = select(*columns).order_by(t.id)
    if not include_deleted:
        statement = statement.where(t.deleted_at.is_(None))
    return _dates(_read(_engine(url_or_engine), statement), "period_start", "period_end")


def audit_log(
    url_or_engine: str | Engine | None = None,
    table_name: str | None = None,
    record_id: int | None = None,
    include_confidential: bool = False,
) -> pd.DataFrame:
    """Every change to support records (oldest first): who, when, what, before and after.
    Confidential values in before/after are replaced by "(restricted)" unless asked for."""
    a = m.AuditEntry
    statement = select(a.id, a.at, a.who, a.action, a.table_name, a.record_id, a.before, a.after, a.import_run_id)
    if table_name is not None:
        statement = statement.where(a.table_name == table_name)
    if record_id is not None:
        statement = statement.where(a.record_id == record_id)
    frame = _read(_engine(url_or_engine), statement.order_by(a.id))
    if not include_confidential and len(frame):

        def masked(row) -> list:
            hidden = CONFIDENTIAL_COLUMNS.get(row.table_name, ())
            return [
                {k: ("(restricted)" if k in hidden and v not in (None, "") else v) for k, v in side.items()}
                if isinstance(side, dict)
                else side
                for side in (row.before, row.after)
            ]

        pairs = [masked(row) for row in frame.itertuples()]
        frame["before"] = [p[0] for p in pairs]
        frame["after"] = [p[1] for p in pairs]
    return frame


def import_runs(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """What has been loaded: file, sha256, time, demo or real."""
    r = m.ImportRun
    return _read(
        _engine(url_or_engine),
        select(
            r.id, r.kind, r.file_name, r.sha256, r.edition, r.imported_at, r.rows_read, r.inserted, r.updated, r.is_demo
        ).order_by(r.id),
    )


def corrections(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """Disagreements between Ofsted sources that imports found, and which value won, newest first."""
    c, i, la, r = m.Correction, m.Inspection, m.LocalAuthority, m.ImportRun
    return _read(
        _engine(url_or_engine),
        select(
            la.name.label("la_name"),
            i.framework_code,
            i.published_date,
            i.inspection_date,
            c.field,
            c.old_value,
            c.new_value,
            c.applied,
            c.reason,
            r.file_name,
            c.sheet,
            c.row_number,
            c.column,
            c.old_source,
        )
        .join(i, c.inspection_id == i.id)
        .join(la, i.la_id == la.id)
        .join(r, c.import_run_id == r.id)
        .order_by(c.id.desc()),
    )


@cached(maxsize=16)
def statistical_neighbour_models(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    """The statistical neighbour models loaded, oldest first, with the dates each applies to
    (an empty applies_to: in force until a later model is loaded)."""
    sn = m.StatisticalNeighbourModel
    frame = _read(
        _engine(url_or_engine),
        select(
            sn.id.label("model_id"), sn.name.label("model"), sn.applies_from, sn.applies_to, sn.source_file, sn.sha256
        ).order_by(sn.applies_from, sn.id),
    )
    return _dates(frame, "applies_from", "applies_to")


@cached(maxsize=16)
def _all_statistical_neighbours(url_or_engine: str | Engine | None = None) -> pd.DataFrame:
    sn, la, other = m.StatisticalNeighbour, m.LocalAuthority, m.LocalAuthority.__table__.alias("neighbour")
    return _read(
        _engine(url_or_engine),
        select(
            sn.model_id,
            la.ons_code,
            la.name.label("la_name"),
            other.c.ons_code.label("neighbour_ons_code"),
            other.c.name.label("neighbour_name"),
            other.c.region_code.label("neighbour_region_code"),
            sn.rank,
            sn.closeness,
            sn.via_ons_code,
        )
        .join(la, la.id == sn.la_id)
        .join(other, other.c.id == sn.neighbour_la_id)
        .order_by(la.ons_code, sn.rank, other.c.name),
    )


def statistical_neighbour_model(
    url_or_engine: str | Engine | None = None, model: str | int | None = None, on: date | None = None
) -> dict | None:
    """One loaded model as a dict (model_id, model, applies_from, applies_to, ...): the one named
    (or numbered) `model`, else the one in force `on` a date, else the latest; None when none is."""
    models = statistical_neighbour_models(url_or_engine)
    if models.empty:
        return None
    if model is not None:
        chosen = models[(models["model"] == model) | (models["model_id"] == model)]
    elif on is not None:
        day = pd.Timestamp(on)
        chosen = models[(models["applies_from"] <= day) & (models["applies_to"].isna() | (models["applies_to"] >= day))]
    else:
        chosen = models
    return chosen.iloc[-1].to_dict() if len(chosen) else None


def statistical_neighbours(
    url_or_engine: str | Engine | None = None, model: str | int | None = None, on: date | None = None
) -> pd.DataFrame:
    """Each current LA's neighbours in one model (`statistical_neighbour_model`'s choice), by LA
    and rank: ons_code, la_name, neighbour_ons_code, neighbour_name, rank, closeness, via_ons_code
    (the former LA the file named, when the neighbour is its successor) and the model's name and dates."""
    chosen = statistical_neighbour_model(url_or_engine, model, on)
    rows = _all_statistical_neighbours(url_or_engine)
    if chosen is None:
        return rows.iloc[0:0].assign(model=pd.Series(dtype=object), applies_from=pd.NaT, applies_to=pd.NaT)
    rows = rows[rows["model_id"] == chosen["model_id"]].copy()
    return rows.assign(model=chosen["model"], applies_from=chosen["applies_from"], applies_to=chosen["applies_to"])


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
            # Read from the scraped report list and not yet superseded by an official file.
            "provisional_inspections": count(
                m.Inspection, m.Inspection.official.is_(False), m.Inspection.is_demo.is_(False)
            ),
            "judgements": count(m.Judgement),
            "peer_challenges": count(m.PeerChallenge, m.PeerChallenge.deleted_at.is_(None)),
            "interventions": count(m.Intervention, m.Intervention.deleted_at.is_(None)),
            "programme_participation": count(m.ProgrammeParticipation, m.ProgrammeParticipation.deleted_at.is_(None)),
            "risk_signature_assessments": count(
                m.RiskSignatureAssessment, m.RiskSignatureAssessment.deleted_at.is_(None)
            ),
            "programme_totals": count(m.ProgrammeTotal, m.ProgrammeTotal.deleted_at.is_(None)),
            "statistical_neighbour_models": count(m.StatisticalNeighbourModel),
            "demo": bool(runs["is_demo"].any()) if len(runs) else False,
            "sources": [
                {"kind": r.kind, "file": r.file_name, "sha256": r.sha256, "edition": r.edition, "demo": bool(r.is_demo)}
                for r in runs.itertuples()
            ],
        }
