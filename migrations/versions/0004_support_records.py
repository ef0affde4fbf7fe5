"""support records: richer peer challenges, interventions and programme participation; risk
signature self-assessments, reported programme totals, an audit trail, soft delete, sources

Existing rows keep their values: dates become day-precision, legacy kind labels map onto the new
vocabulary, each row's source names the file it was imported from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Legacy labels written by earlier importers and the demo -> the labels used from now on.
PEER_CHALLENGE_KINDS = {
    "Corporate peer challenge": "Corporate capacity peer challenge",
    "Diagnostic": "Other",
}
INTERVENTION_KINDS = {
    "Commissioner appointed": "Commissioner",
    "Children's services trust": "Alternative delivery model / trust",
}


def _source_from_import_run(table: str) -> None:
    """Each existing row's source: the file of the import that brought it."""
    op.execute(
        f"UPDATE {table} SET source = COALESCE((SELECT 'imported from ' || r.file_name FROM import_runs r "
        f"WHERE r.id = {table}.import_run_id), '')"
    )


def _relabel(table: str, mapping: dict[str, str]) -> None:
    records = sa.table(table, sa.column("kind", sa.String))
    for old, new in mapping.items():
        op.execute(records.update().where(records.c.kind == old).values(kind=new))


def _common_columns(batch_op) -> None:
    batch_op.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))
    batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))


def upgrade() -> None:
    with op.batch_alter_table("peer_challenges", schema=None) as batch_op:
        batch_op.alter_column("start_date", existing_type=sa.Date(), nullable=True)
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("start_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("end_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="delivered"))
        batch_op.add_column(sa.Column("follow_up_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("lead_peer_organisation", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("public_summary", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("confidential_notes", sa.Text(), nullable=False, server_default=""))
        _common_columns(batch_op)

    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.alter_column("start_date", existing_type=sa.Date(), nullable=True)
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("start_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("end_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("inspection_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_interventions_inspection_id_inspections"),
            "inspections",
            ["inspection_id"],
            ["id"],
            ondelete="SET NULL",
        )
        _common_columns(batch_op)

    with op.batch_alter_table("programme_participation", schema=None) as batch_op:
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("cohort_precision", sa.String(length=8), nullable=False, server_default="day"))
        batch_op.add_column(sa.Column("new_to_role", sa.Boolean(), nullable=True))
        _common_columns(batch_op)

    for table in ("peer_challenges", "interventions"):
        op.execute(f"UPDATE {table} SET start_precision = 'day' WHERE start_date IS NOT NULL")
        op.execute(f"UPDATE {table} SET end_precision = 'day' WHERE end_date IS NOT NULL")
    for table in ("peer_challenges", "interventions", "programme_participation"):
        _source_from_import_run(table)
    _relabel("peer_challenges", PEER_CHALLENGE_KINDS)
    _relabel("interventions", INTERVENTION_KINDS)

    op.create_table(
        "risk_signature_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("la_id", sa.Integer(), nullable=False),
        sa.Column("assessment_date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_run_id"], ["import_runs.id"], name=op.f("fk_risk_signature_assessments_import_run_id_import_runs")
        ),
        sa.ForeignKeyConstraint(
            ["la_id"], ["local_authorities.id"], name=op.f("fk_risk_signature_assessments_la_id_local_authorities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_signature_assessments")),
    )
    with op.batch_alter_table("risk_signature_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_signature_assessments_la_id"), ["la_id"], unique=False)

    op.create_table(
        "programme_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=120), nullable=False),
        sa.Column("measure", sa.String(length=80), nullable=False),
        sa.Column("period", sa.String(length=80), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_run_id"], ["import_runs.id"], name=op.f("fk_programme_totals_import_run_id_import_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_totals")),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["import_run_id"], ["import_runs.id"], name=op.f("fk_audit_log_import_run_id_import_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_table_name"), ["table_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_table_name"))
        batch_op.drop_index(batch_op.f("ix_audit_log_record_id"))
    op.drop_table("audit_log")
    op.drop_table("programme_totals")
    with op.batch_alter_table("risk_signature_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_signature_assessments_la_id"))
    op.drop_table("risk_signature_assessments")
    _relabel("interventions", {new: old for old, new in INTERVENTION_KINDS.items()})
    _relabel("peer_challenges", {new: old for old, new in PEER_CHALLENGE_KINDS.items()})
    # Rows with no known start (or no import run) cannot go back under the old NOT NULL columns.
    for table in ("peer_challenges", "interventions"):
        op.execute(f"DELETE FROM {table} WHERE start_date IS NULL OR import_run_id IS NULL")
    op.execute("DELETE FROM programme_participation WHERE import_run_id IS NULL")
    with op.batch_alter_table("programme_participation", schema=None) as batch_op:
        for column in ("deleted_at", "source", "new_to_role", "cohort_precision"):
            batch_op.drop_column(column)
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_interventions_inspection_id_inspections"), type_="foreignkey")
        for column in ("deleted_at", "source", "inspection_id", "end_precision", "start_precision"):
            batch_op.drop_column(column)
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("start_date", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("peer_challenges", schema=None) as batch_op:
        for column in (
            "deleted_at",
            "source",
            "confidential_notes",
            "public_summary",
            "lead_peer_organisation",
            "follow_up_date",
            "status",
            "end_precision",
            "start_precision",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column("import_run_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("start_date", existing_type=sa.Date(), nullable=False)
