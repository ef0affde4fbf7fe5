"""provisional: inspections read from the scraped list of published reports, before Ofsted's files

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspections") as batch:
        batch.add_column(sa.Column("report_url", sa.String(length=300), nullable=True))
    with op.batch_alter_table("import_runs") as batch:
        batch.add_column(sa.Column("rows_skipped", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("rows_skipped")
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("report_url")
