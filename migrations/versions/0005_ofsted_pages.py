"""ofsted pages: each LA's page on Ofsted's reports site, as Ofsted's own files link it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy of local_authorities would
    # drop a table other tables' foreign keys point at.
    op.add_column("local_authorities", sa.Column("ofsted_url", sa.String(length=300), nullable=True))
    op.add_column("local_authorities", sa.Column("ofsted_url_edition", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("local_authorities", "ofsted_url_edition")
    op.drop_column("local_authorities", "ofsted_url")
