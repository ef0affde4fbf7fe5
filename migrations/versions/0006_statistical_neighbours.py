"""statistical neighbours: DfE's children's services comparator models and each LA's neighbours

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 19:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statistical_neighbour_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("applies_from", sa.Date(), nullable=False),
        sa.Column("applies_to", sa.Date(), nullable=True),
        sa.Column("applies_to_given", sa.Boolean(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_runs.id"],
            name=op.f("fk_statistical_neighbour_models_import_run_id_import_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistical_neighbour_models")),
        sa.UniqueConstraint("name", name=op.f("uq_statistical_neighbour_models_name")),
    )
    op.create_table(
        "statistical_neighbours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("la_id", sa.Integer(), nullable=False),
        sa.Column("neighbour_la_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("closeness", sa.String(length=32), nullable=False),
        sa.Column("via_ons_code", sa.String(length=9), nullable=True),
        sa.CheckConstraint("rank BETWEEN 1 AND 10", name=op.f("ck_statistical_neighbours_rank_1_to_10")),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["statistical_neighbour_models.id"],
            name=op.f("fk_statistical_neighbours_model_id_statistical_neighbour_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["la_id"], ["local_authorities.id"], name=op.f("fk_statistical_neighbours_la_id_local_authorities")
        ),
        sa.ForeignKeyConstraint(
            ["neighbour_la_id"],
            ["local_authorities.id"],
            name=op.f("fk_statistical_neighbours_neighbour_la_id_local_authorities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistical_neighbours")),
        sa.UniqueConstraint("model_id", "la_id", "neighbour_la_id", name=op.f("uq_statistical_neighbours_model_id")),
    )
    with op.batch_alter_table("statistical_neighbours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statistical_neighbours_model_id"), ["model_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statistical_neighbours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistical_neighbours_model_id"))
    op.drop_table("statistical_neighbours")
    op.drop_table("statistical_neighbour_models")
