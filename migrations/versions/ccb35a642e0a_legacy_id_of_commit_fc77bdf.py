"""legacy id: the first initial schema, commit fc77bdf (no plan tables, no agenda_template)

Revision ID: ccb35a642e0a
Revises: 660e1c0d36e5
Create Date: 2026-12-01 22:50:00

A placeholder like 660e1c0d36e5 (see there): a database stamped ccb35a642e0a upgrades from
here, and 84abe5dc0d2e adds the tables it lacks. It changes nothing by itself.
"""

# revision identifiers, used by Alembic.
revision = 'ccb35a642e0a'
down_revision = '660e1c0d36e5'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
