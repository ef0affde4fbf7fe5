"""provisional: inspections read from the scraped list of published reports, before Ofsted's files

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy of inspections or import_runs
    # would drop a table other tables' foreign keys point at.
    op.add_column("inspections", sa.Column("report_url", sa.String(length=300), nullable=True))
    op.add_column("import_runs", sa.Column("rows_skipped", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("import_runs", "rows_skipped")
    op.drop_column("inspections", "report_url")
