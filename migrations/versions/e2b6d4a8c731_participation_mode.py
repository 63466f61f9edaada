"""participation mode: community and youth sessions

Revision ID: e2b6d4a8c731
Revises: d8a3f5c1e947
Create Date: 2026-12-03 10:45:00

``workshop.participation``: "standard" or "community" (app/exercises/participation.py).
``workshop.lived_experience``: community roles' contributions shown as one group of their own.
``step.participation``: a step's own mode; NULL follows the workshop's.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e2b6d4a8c731'
down_revision = 'd8a3f5c1e947'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('workshop', sa.Column('participation', sa.String(length=10), nullable=False,
                                        server_default='standard'))
    op.add_column('workshop', sa.Column('lived_experience', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))
    op.add_column('step', sa.Column('participation', sa.String(length=10), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+), not a batch: a batch rebuilds the table, and dropping the
    # old one would cascade to every row that refers to it.
    op.drop_column('step', 'participation')
    op.drop_column('workshop', 'lived_experience')
    op.drop_column('workshop', 'participation')
