"""breakout tables: tables, a participant's seat, steps run per table

Revision ID: c4e7b2a9d130
Revises: b9d4e6f2a817
Create Date: 2026-12-03 07:20:00

``breakout_table``: a workshop's tables. ``participant.table_id``/``table_host``: where they sit, and whether they host it.
``workshop.table_plan``: how the room is split. ``step.in_tables``: the step runs per table;
``step.parent_id``/``step.table_id``: a table's instance of a plenary step (app/models/table.py).
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e7b2a9d130'
down_revision = 'b9d4e6f2a817'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breakout_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_breakout_table_workshop_id', 'breakout_table', ['workshop_id'], unique=False)
    # Plain ADD COLUMN, not a batch: SQLite would rebuild the tables, and dropping the old one
    # cascades to every row that refers to it. SQLite takes a REFERENCES clause on ADD COLUMN
    # only with a NULL default, which these have.
    op.add_column('workshop', sa.Column('table_plan', sa.JSON(), nullable=True))
    _add_reference('participant', 'table_id', 'breakout_table', 'SET NULL')
    op.create_index('ix_participant_table_id', 'participant', ['table_id'], unique=False)
    op.add_column('participant', sa.Column('table_host', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('step', sa.Column('in_tables', sa.Boolean(), nullable=False, server_default=sa.false()))
    _add_reference('step', 'parent_id', 'step', 'CASCADE')
    _add_reference('step', 'table_id', 'breakout_table', 'CASCADE')
    op.create_index('ix_step_parent_id', 'step', ['parent_id'], unique=False)
    op.create_index('uq_step_parent_table', 'step', ['parent_id', 'table_id'], unique=True)


def _add_reference(table, column, target, on_delete):
    """Add a nullable integer column referring to ``target.id``. SQLite takes a REFERENCES
    clause (with its ON DELETE) only inside ADD COLUMN, and no ALTER of constraints; elsewhere
    the column and its named foreign key are added in two steps."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id) ON DELETE {on_delete}')
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(f'fk_{table}_{column}', table, target, [column], ['id'], ondelete=on_delete)


def downgrade():
    op.drop_index('uq_step_parent_table', table_name='step')
    op.drop_index('ix_step_parent_id', table_name='step')
    _drop_reference('step', 'table_id')
    _drop_reference('step', 'parent_id')
    op.drop_column('step', 'in_tables')
    op.drop_column('participant', 'table_host')
    op.drop_index('ix_participant_table_id', table_name='participant')
    _drop_reference('participant', 'table_id')
    op.drop_column('workshop', 'table_plan')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DELETE FROM breakout_table')  # still referred to by the columns kept above
    else:
        op.drop_table('breakout_table')


def _drop_reference(table, column):
    """SQLite (3.35+) refuses DROP COLUMN on a column with a REFERENCES clause, and a batch
    rebuild would drop the table, cascading to the rows that refer to it: there the column
    stays, unused and empty (nothing reads it below this revision), and so does the empty
    ``breakout_table`` it refers to."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'UPDATE {table} SET {column} = NULL')
        return
    op.drop_constraint(f'fk_{table}_{column}', table, type_='foreignkey')
    op.drop_column(table, column)
