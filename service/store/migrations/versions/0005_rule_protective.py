"""rules: protective, possible_basis

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rules') as batch:
        batch.add_column(
            sa.Column('protective', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column('possible_basis', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rules') as batch:
        batch.drop_column('possible_basis')
        batch.drop_column('protective')
