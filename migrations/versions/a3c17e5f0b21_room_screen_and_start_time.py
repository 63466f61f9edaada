"""room screen control and workshop start time

Revision ID: a3c17e5f0b21
Revises: c4d2f8b3e012
Create Date: 2026-12-01 22:40:00

``workshop.screen``: what the facilitator chose for the room screen (page, rotation paused,
the plan's QR after the end). ``workshop.started_at``: when it went live, for the console's
clock against the agenda's plan.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a3c17e5f0b21'
down_revision = 'c4d2f8b3e012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('started_at')
        batch_op.drop_column('screen')
