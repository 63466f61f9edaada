"""breakout tables' roll-up: the facilitator's decisions on a plenary step

Revision ID: a7d3e9f1c542
Revises: e2b6d4a8c731
Create Date: 2026-12-03 14:30:00

``step.rollup``: what the facilitator decided about the tables' outputs of a plenary step run
in tables (app/tables/rollup.py): the table items adopted into the plenary step, the ones
promoted to the plan, and what the room screen shows. NULL: nothing decided yet.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7d3e9f1c542'
down_revision = 'e2b6d4a8c731'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('step', sa.Column('rollup', sa.JSON(), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+), not a batch: a batch rebuilds the table, and dropping the
    # old one would cascade to every row that refers to it.
    op.drop_column('step', 'rollup')
