"""Names out of step state: authorship records keep only the actor id and sector

Reducers used to copy each author's name and organisation into the step's state, so purging or
deleting participants left their names behind. Names now come from the roster when a view or an
export is built; this data migration strips the copies already stored. Not reversible (the names
are gone on purpose); downgrade leaves the states as they are, which the code reads as well.

Revision ID: b7c41e2d9a10
Revises: 84abe5dc0d2e
Create Date: 2026-12-01 23:05:00
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = 'b7c41e2d9a10'
down_revision = '84abe5dc0d2e'
branch_labels = None
depends_on = None

ACTOR_ID = re.compile(r"^[pf]:\d+$")
PERSONAL = ("name", "organisation")


def strip_names(node, key=None):
    """A copy of ``node`` without names in authorship records: a dict whose ``id`` is an actor id
    (``{id, name, organisation, sector}``), or a rating keyed by the rater's actor id
    (``{score, insider, name, organisation, sector}``). Other dicts (a role board's
    organisations, keyed ``o1``…) keep their names."""
    if isinstance(node, list):
        return [strip_names(item) for item in node]
    if not isinstance(node, dict):
        return node
    record = ACTOR_ID.match(str(node.get("id", ""))) or (
        key is not None and ACTOR_ID.match(str(key)) and "score" in node)
    return {k: strip_names(v, k) for k, v in node.items() if not (record and k in PERSONAL)}


def upgrade():
    step = sa.table("step", sa.column("id", sa.Integer), sa.column("state", sa.JSON))
    connection = op.get_bind()
    for step_id, state in connection.execute(sa.select(step.c.id, step.c.state)).all():
        if isinstance(state, str):
            state = json.loads(state)
        cleaned = strip_names(state)
        if cleaned != state:
            connection.execute(step.update().where(step.c.id == step_id).values(state=cleaned))


def downgrade():
    pass
