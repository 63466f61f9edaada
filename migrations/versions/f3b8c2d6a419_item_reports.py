"""item reports: participants report an item another participant contributed

Revision ID: f3b8c2d6a419
Revises: a7d3e9f1c542
Create Date: 2026-12-03 14:25:00

``item_report``: one participant's report of one item of a step, and once the facilitator
decided on it, its entry in the moderation log (app/live/reports.py).
"""
from alembic import op
import sqlalchemy as sa


revision = 'f3b8c2d6a419'
down_revision = 'a7d3e9f1c542'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('item_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('reporter_key', sa.String(length=24), nullable=False),
    sa.Column('author_key', sa.String(length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.String(length=24), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('step_id', 'item_key', 'reporter_key')
    )
    op.create_index('ix_item_report_workshop_id', 'item_report', ['workshop_id'], unique=False)


def downgrade():
    op.drop_index('ix_item_report_workshop_id', table_name='item_report')
    op.drop_table('item_report')
