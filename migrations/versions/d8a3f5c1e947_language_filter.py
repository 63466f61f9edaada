"""offensive-language filter: the workshop's mode, the words found on a queue row

Revision ID: d8a3f5c1e947
Revises: c4e7b2a9d130
Create Date: 2026-12-03 11:45:00

``workshop.language_filter``: "off", "flag" or "hold" (app/live/moderation.py); every existing
workshop is "off". ``held_action.filter_words``: the offensive words the filter found in a held or
flagged contribution, NULL for rows the filter did not make (all rows before this revision).
"""
from alembic import op
import sqlalchemy as sa


revision = 'd8a3f5c1e947'
down_revision = 'c4e7b2a9d130'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD / DROP COLUMN, not a batch: SQLite would rebuild the tables, and dropping the old
    # workshop table cascades to every row that refers to it.
    op.add_column('workshop', sa.Column('language_filter', sa.String(length=8), nullable=False, server_default='off'))
    op.add_column('held_action', sa.Column('filter_words', sa.JSON(), nullable=True))


def downgrade():
    op.drop_column('held_action', 'filter_words')
    op.drop_column('workshop', 'language_filter')
