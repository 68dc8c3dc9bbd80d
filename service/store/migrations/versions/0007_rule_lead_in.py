"""rules: lead_in

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rules') as batch:
        batch.add_column(sa.Column('lead_in', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rules') as batch:
        batch.drop_column('lead_in')
