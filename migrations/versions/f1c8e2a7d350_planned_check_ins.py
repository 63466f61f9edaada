"""planned check-ins

Revision ID: f1c8e2a7d350
Revises: f1a6c3e9d284
Create Date: 2026-12-02 16:40:00

``workshop.planned_for`` and ``workshop.planned_minutes``: when a planned workshop is meant to
happen and for how long (NULL: not dated). ``workshop.carried_over``: what a check-in started
from, the open items of the workshop held before it (NULL: nothing carried over).
"""
from alembic import op
import sqlalchemy as sa


revision = 'f1c8e2a7d350'
down_revision = 'f1a6c3e9d284'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('workshop', sa.Column('planned_for', sa.DateTime(), nullable=True))
    op.add_column('workshop', sa.Column('planned_minutes', sa.Integer(), nullable=True))
    op.add_column('workshop', sa.Column('carried_over', sa.JSON(), nullable=True))


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ has it), not a batch: a batch rebuilds the
    # workshop table on SQLite, and with foreign keys on, dropping the old table would delete
    # every step, participant and action through ON DELETE CASCADE.
    op.drop_column('workshop', 'carried_over')
    op.drop_column('workshop', 'planned_minutes')
    op.drop_column('workshop', 'planned_for')
