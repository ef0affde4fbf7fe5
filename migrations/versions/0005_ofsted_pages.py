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
    with op.batch_alter_table("local_authorities") as batch:
        batch.add_column(sa.Column("ofsted_url", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("ofsted_url_edition", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("local_authorities") as batch:
        batch.drop_column("ofsted_url_edition")
        batch.drop_column("ofsted_url")
