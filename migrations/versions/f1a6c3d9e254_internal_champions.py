"""internal champions: who holds each organisation's champion role, and its handovers

Revision ID: f1a6c3d9e254
Revises: f1c8e2a7d350
Create Date: 2026-12-02 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f1a6c3d9e254'
down_revision = 'f1c8e2a7d350'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('champion_holding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('contact', sa.String(length=254), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('handover_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('champion_holding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_champion_holding_partnership_id'), ['partnership_id'], unique=False)


def downgrade():
    with op.batch_alter_table('champion_holding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_champion_holding_partnership_id'))
    op.drop_table('champion_holding')
