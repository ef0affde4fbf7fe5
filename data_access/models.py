"""The SQL store: tables for authorities, inspections, judgements and improvement activity.

Migrations under `migrations/` create these tables; code never calls `create_all`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from data_access.grades import Grade

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class InspectionType(str, enum.Enum):
    STANDARD = "standard"
    SHORT = "short"
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as plain strings (portable across SQLite and PostgreSQL).
    return Enum(
        cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e], validate_strings=True
    )


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    short_name: Mapped[str] = mapped_column(String(8))


class LocalAuthority(Base):
    __tablename__ = "local_authorities"
    id: Mapped[int] = mapped_column(primary_key=True)
    ons_code: Mapped[str] = mapped_column(String(9), unique=True)
    dfe_code: Mapped[str] = mapped_column(String(3), index=True)
    name: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    # The LA's page on Ofsted's reports site (every report it published), from Ofsted's files.
    ofsted_url: Mapped[str | None] = mapped_column(String(300))
    # The edition date of the file it came from: the newest edition's address wins (Ofsted renumbered pages).
    ofsted_url_edition: Mapped[date | None] = mapped_column(Date)

    region: Mapped[Region] = relationship()


class Reorganisation(Base):
    """A merger or split (predecessor is a former LA) or a recode (predecessor_la_id is empty)."""

    __tablename__ = "reorganisations"
    __table_args__ = (UniqueConstraint("predecessor_ons_code", "successor_la_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    effective: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    predecessor_ons_code: Mapped[str] = mapped_column(String(9))
    predecessor_la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authorities.id"))
    successor_la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Framework(Base):
    __tablename__ = "frameworks"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    third_grade_label: Mapped[str] = mapped_column(String(40))


class ImportRun(Base):
    """One successful load of one file (or of the demo generator): where rows came from."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # ofsted, peer_challenges, interventions, demo
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    edition: Mapped[str] = mapped_column(String(120), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    # Bad rows reported and skipped (only when the import was asked to skip them).
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Inspection(Base):
    """An inspection or visit. Dates may be missing: older files give publication dates only."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    framework_code: Mapped[str] = mapped_column(ForeignKey("frameworks.code"))
    inspection_type: Mapped[InspectionType] = mapped_column(_enum(InspectionType))
    inspection_date: Mapped[date | None] = mapped_column(Date)
    published_date: Mapped[date | None] = mapped_column(Date, index=True)
    theme: Mapped[str | None] = mapped_column(String(200))
    # False for demo rows and for provisional ones (read from the scraped list of published
    # reports, data_access.importers.provisional) until an official Ofsted file carries them.
    official: Mapped[bool] = mapped_column(Boolean, default=True)
    # The published report (files.ofsted.gov.uk only), where a source gives it.
    report_url: Mapped[str | None] = mapped_column(String(300))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"))

    la: Mapped[LocalAuthority] = relationship()
    judgements: Mapped[list[Judgement]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    sources: Mapped[list[InspectionSource]] = relationship(cascade="all, delete-orphan")


class InspectionSource(Base):
    """Every file row that reported an inspection (the same one may come from two files)."""

    __tablename__ = "inspection_sources"
    __table_args__ = (UniqueConstraint("inspection_id", "import_run_id", "sheet", "row_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"))
    sheet: Mapped[str] = mapped_column(String(64))
    row_number: Mapped[int] = mapped_column(Integer)


class Judgement(Base):
    __tablename__ = "judgements"
    __table_args__ = (UniqueConstraint("inspection_id", "area"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(48))
    grade: Mapped[Grade] = mapped_column(_enum(Grade))

    inspection: Mapped[Inspection] = relationship(back_populates="judgements")


class Intervention(Base):
    """DfE intervention after an inadequate judgement: notice, direction, commissioner, trust.

    `start_date` is empty when no source gives it; `*_precision` says whether a date is known to
    the day, the month or only the year (the date is then the first day of that month or year).
    An empty `end_date` means the intervention is still active.
    """

    __tablename__ = "interventions"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(8))
    end_date: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(8))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class PeerChallenge(Base):
    """An LGA sector-led improvement activity: peer challenge or diagnostic.

    `focus` holds the focus themes as tags joined by "; ". `confidential_notes` is restricted:
    queries leave it out unless asked.
    """

    __tablename__ = "peer_challenges"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(8))
    end_date: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(8))
    focus: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="delivered")
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    lead_peer_organisation: Mapped[str] = mapped_column(String(200), default="")
    public_summary: Mapped[str] = mapped_column(Text, default="")
    confidential_notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class ProgrammeParticipation(Base):
    """Leadership development (e.g. Leadership Essentials) taken up by people from an LA: counts
    by role, never names."""

    __tablename__ = "programme_participation"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    programme: Mapped[str] = mapped_column(String(80))
    cohort_start: Mapped[date] = mapped_column(Date)
    cohort_precision: Mapped[str] = mapped_column(String(8), default="day")
    participants: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(80), default="")
    new_to_role: Mapped[bool | None] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class RiskSignatureAssessment(Base):
    """An LA's self-assessment against the sector's 13 signatures of risk. Confidential.

    `ratings` maps each signature code (data_access.support_records.RISK_SIGNATURES) to
    {"rating": none|some|significant, "note": text}.
    """

    __tablename__ = "risk_signature_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"), index=True)
    assessment_date: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8), default="day")
    ratings: Mapped[dict] = mapped_column(JSON)
    confidential: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class ProgrammeTotal(Base):
    """A figure a programme reported without per-LA detail (e.g. "58 members since Sept 2018")."""

    __tablename__ = "programme_totals"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(120))
    measure: Mapped[str] = mapped_column(String(80))
    period: Mapped[str] = mapped_column(String(80))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class AuditEntry(Base):
    """One change to a support record: who, when, what, and the record before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(8))  # create, update, delete, import
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    record_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))


class StoreRevision(Base):
    """One row: a number that goes up in the same transaction as every write (data_access.revision).

    Caches are keyed on it (data_access.cache), so an edit in place or a delete is seen as surely
    as an import, which counting rows could not do.
    """

    __tablename__ = "store_revision"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class Correction(Base):
    """A value one Ofsted source gave that differed from the one stored: which was kept, and why.

    Ofsted corrects its tables in later editions, so a later edition supersedes an earlier one;
    every disagreement found by an import is kept here (and printed by it), whichever value won.
    """

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    sheet: Mapped[str] = mapped_column(String(64))
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str] = mapped_column(String(255))
    field: Mapped[str] = mapped_column(String(48))  # inspection_date, ..., or a judgement area code
    old_value: Mapped[str] = mapped_column(String(64))
    new_value: Mapped[str] = mapped_column(String(64))
    applied: Mapped[bool] = mapped_column(Boolean)  # the new value replaced the stored one
    old_source: Mapped[str] = mapped_column(Text, default="")  # file, sheet and row of the stored value
    reason: Mapped[str] = mapped_column(Text)

    inspection: Mapped[Inspection] = relationship()


class StatisticalNeighbourModel(Base):
    """One edition of DfE's children's services statistical neighbour model and when it applies.

    `applies_to` is empty while the model is the latest; an import closes it the day before a
    later model starts unless it was given (`applies_to_given`).
    """

    __tablename__ = "statistical_neighbour_models"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    applies_from: Mapped[date] = mapped_column(Date)
    applies_to: Mapped[date | None] = mapped_column(Date)
    applies_to_given: Mapped[bool] = mapped_column(Boolean, default=False)
    source_file: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id"))

    neighbours: Mapped[list[StatisticalNeighbour]] = relationship(cascade="all, delete-orphan")


class StatisticalNeighbour(Base):
    """One of an LA's ten nearest neighbours in a model: rank 1 is the closest.

    `via_ons_code` names the former LA the file gave when the neighbour stored is its successor
    (Cumbria -> Cumberland and Westmorland and Furness share Cumbria's rank).
    """

    __tablename__ = "statistical_neighbours"
    __table_args__ = (
        UniqueConstraint("model_id", "la_id", "neighbour_la_id"),
        CheckConstraint("rank BETWEEN 1 AND 10", name="rank_1_to_10"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("statistical_neighbour_models.id", ondelete="CASCADE"), index=True)
    la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"))
    neighbour_la_id: Mapped[int] = mapped_column(ForeignKey("local_authorities.id"))
    rank: Mapped[int] = mapped_column(Integer)
    closeness: Mapped[str] = mapped_column(String(32))
    via_ons_code: Mapped[str | None] = mapped_column(String(9))
