"""complaints: quarantine, manual_id

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('quarantine', sa.Text(), nullable=True))
        batch.add_column(sa.Column('manual_id', sa.String(length=120), nullable=True))
        batch.create_index('ix_complaints_manual_id', ['manual_id'])


def downgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.drop_index('ix_complaints_manual_id')
        batch.drop_column('manual_id')
        batch.drop_column('quarantine')
