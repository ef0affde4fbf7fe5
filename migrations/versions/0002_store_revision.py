"""store revision: one row whose number goes up with every write

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('store_revision',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_store_revision_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_revision'))
    )
    # The one row, at 0; the first write (migrate's reference facts on a new store) makes it 1.
    op.bulk_insert(table, [{'id': 1, 'revision': 0, 'changed_at': datetime.now(UTC).replace(tzinfo=None)}])


def downgrade() -> None:
    op.drop_table('store_revision')
