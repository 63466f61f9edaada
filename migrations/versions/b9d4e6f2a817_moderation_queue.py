"""moderation: hold contributions for approval, mute participants

Revision ID: b9d4e6f2a817
Revises: f1a6c3d9e2b5
Create Date: 2026-12-02 17:20:00

``workshop.moderated``: participants' contributions wait for the facilitator's approval.
``participant.muted``: the facilitator has muted this participant.
``held_action``: the moderation queue and, once decided, its log (app/live/moderation.py).
"""
from alembic import op
import sqlalchemy as sa


revision = 'b9d4e6f2a817'
down_revision = 'f1a6c3d9e2b5'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, not a batch: SQLite would rebuild the workshop table, and dropping the
    # old one cascades to every step and participant.
    op.add_column('workshop', sa.Column('moderated', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('participant', sa.Column('muted', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('held_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('actor_key', sa.String(length=24), nullable=False),
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.String(length=24), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'actor_key', 'op_id')
    )
    op.create_index('ix_held_action_workshop_id', 'held_action', ['workshop_id'], unique=False)


def downgrade():
    op.drop_index('ix_held_action_workshop_id', table_name='held_action')
    op.drop_table('held_action')
    # Plain DROP COLUMN (SQLite 3.35+), for the same reason as the upgrade.
    op.drop_column('participant', 'muted')
    op.drop_column('workshop', 'moderated')
