"""facilitator session generation: logging out or changing the password ends every session

Revision ID: b3c1e7a2d901
Revises: b7c41e2d9a10
Create Date: 2026-12-01 22:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b3c1e7a2d901'
down_revision = 'b7c41e2d9a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('facilitator', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
