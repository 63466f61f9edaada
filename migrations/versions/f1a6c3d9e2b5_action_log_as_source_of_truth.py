"""the action log is the source of truth: step.state is a snapshot at step.state_version

An accepted action now stores its log row and bumps ``step.version``; the step's state is
written whole (as a snapshot) only every SNAPSHOT_EVERY actions and on lock, close, end and
reset, and reading it replays the rows after the snapshot (app/live/states.py).

* ``step.state_version``: the version the stored state is at. Every existing step's state was
  stored whole by every action, so it is set to ``step.version``: no old row is ever replayed.
* ``action.actor``: what reducers read of the actor besides its id (sector, organisation) as
  it was when the action ran, so a replay is exact; NULL on older rows (never replayed, above).
* an index on ``action (step_id, step_version)``: the rows after a snapshot, found by range.

Revision ID: f1a6c3d9e2b5
Revises: f1a6c3d9e254
Create Date: 2026-12-02 16:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'f1a6c3d9e2b5'
down_revision = 'f1a6c3d9e254'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE step SET state_version = version")
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.JSON(), nullable=True))
        batch_op.create_index('ix_action_step_version', ['step_id', 'step_version'])


def downgrade():
    # The older code reads step.state as the whole state: write it whole before going back.
    # Replaying needs the app; refuse rather than leave states that lack their last actions.
    behind = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM step WHERE state_version <> version")).scalar()
    if behind:
        raise RuntimeError(f"{behind} step(s) have actions after their snapshot: end their workshops "
                           "(or lock their steps) with this version, which stores each state whole, then downgrade")
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_step_version')
        batch_op.drop_column('actor')
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.drop_column('state_version')
