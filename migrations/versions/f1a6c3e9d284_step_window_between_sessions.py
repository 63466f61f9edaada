"""A step can stay open between sessions: ``step.opens_at`` and ``step.closes_at`` (naive UTC),
both empty for a step without a window.

Revision ID: f1a6c3e9d284
Revises: d5e8a1c4b7f2
Create Date: 2026-12-02 16:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'f1a6c3e9d284'
down_revision = 'd5e8a1c4b7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opens_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
