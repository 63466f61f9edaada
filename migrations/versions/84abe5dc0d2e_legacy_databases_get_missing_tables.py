"""legacy databases: add the tables that databases made at ccb35a642e0a / 660e1c0d36e5 lack

Revision ID: 84abe5dc0d2e
Revises: ccb35a642e0a
Create Date: 2026-12-01 22:50:00

A database made by commit fc77bdf (ccb35a642e0a) has no plan tables and no agenda templates;
one made by 71c2a5c (660e1c0d36e5) has no agenda templates. Their other tables are the same
as in 6d59cc204852 (tests/test_migration_chain.py builds both from the old files, kept under
tests/data/legacy_migrations, and checks the upgraded schema against the models). Each table
is created here exactly as 6d59cc204852 creates it, only when missing, so a database that
came the normal way passes through unchanged.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '84abe5dc0d2e'
down_revision = 'ccb35a642e0a'
branch_labels = None
depends_on = None


def upgrade():
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in (("agenda_template", _agenda_template), ("plan_item", _plan_item),
                         ("plan_revision", _plan_revision), ("plan_snapshot", _plan_snapshot)):
        if name not in existing:
            create()


def downgrade():
    # Nothing to undo: for a database that came the normal way this revision changed nothing,
    # and the legacy schemas are not a state to go back to.
    pass


def _agenda_template():
    op.create_table('agenda_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['facilitator.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agenda_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_template_owner_id'), ['owner_id'], unique=False)


def _plan_item():
    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('provenance', sa.JSON(), nullable=False),
    sa.Column('source_key', sa.String(length=300), nullable=True),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('partnership_id', 'source_key')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_partnership_id'), ['partnership_id'], unique=False)


def _plan_revision():
    op.create_table('plan_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=160), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_revision_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_revision_partnership_id'), ['partnership_id'], unique=False)


def _plan_snapshot():
    op.create_table('plan_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('workshop_title', sa.String(length=160), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_snapshot_partnership_id'), ['partnership_id'], unique=False)
