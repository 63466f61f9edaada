"""legacy id: the initial schema as commit 71c2a5c generated it (no agenda_template)

Revision ID: 660e1c0d36e5
Revises: 6d59cc204852
Create Date: 2026-12-01 22:50:00

The initial migration was regenerated twice before it was released (ccb35a642e0a, then
660e1c0d36e5, then 6d59cc204852), so databases made by those commits carry ids that no
longer existed. This id is back as a placeholder after the current initial revision: a
database stamped 660e1c0d36e5 upgrades from here, and 84abe5dc0d2e adds what it lacks.
It changes nothing by itself. Released revisions are never rewritten: a schema change is a new
revision on top of the head (tests/test_migration_chain.py freezes the chain).
"""

# revision identifiers, used by Alembic.
revision = '660e1c0d36e5'
down_revision = '6d59cc204852'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
