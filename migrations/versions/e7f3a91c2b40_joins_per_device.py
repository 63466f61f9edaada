"""per-device join limit

Revision ID: e7f3a91c2b40
Revises: a3c17e5f0b21
Create Date: 2026-12-02 02:40:00

``workshop.joins_per_device``: how many participants one browser may join as (NULL: no limit).
``participant.device_hash``: SHA-256 of the browser's ``cg_device`` cookie, so the limit can be
counted; NULL for everyone who joined before this revision (they count as no device).
"""
from alembic import op
import sqlalchemy as sa


revision = 'e7f3a91c2b40'
down_revision = 'a3c17e5f0b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joins_per_device', sa.Integer(), nullable=True))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_participant_workshop_device', ['workshop_id', 'device_hash'])


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_workshop_device')
        batch_op.drop_column('device_hash')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('joins_per_device')
