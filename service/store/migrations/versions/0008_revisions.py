"""revisions: a counter per kind of shared state, for caches in other processes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'revisions',
        sa.Column('name', sa.String(length=40), primary_key=True),
        sa.Column('value', sa.Integer(), nullable=False, server_default='0'),
    )
    # Created here, so that processes raising them never race to insert the first row.
    op.bulk_insert(table, [{'name': 'rules', 'value': 0}, {'name': 'complaints', 'value': 0}])


def downgrade() -> None:
    op.drop_table('revisions')
