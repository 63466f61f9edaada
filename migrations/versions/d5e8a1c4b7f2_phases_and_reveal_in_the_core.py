"""phases and reveal in the core: step.phase, and each exercise's own reveal flag folded into
the core's hide switch

Exercises used to keep the room's phase (``state["phase"]``) and a reveal flag of their own
(``state["revealed"]``) in the step's state, moved by their own actions. The core now owns both:
``step.phase`` holds the current phase and ``step.hidden`` is the one hide/reveal switch.

This revision adds ``step.phase`` and moves the stored values, losing nothing:

* ``state["phase"]`` -> ``step.phase`` (alignment_mapper, policy_window, reframing);
* alignment_mapper's goals were private while ``hide_goals`` was set, the room in "goals" and
  not ``revealed``; role_board's nominations while ``hide_nominations`` was set and not
  ``revealed``: either becomes ``step.hidden`` (the same thing the room saw);
* policy_window's and reframing's ratings are now private until a phase (their config's
  ``ratings_hidden``); ratings a facilitator had already revealed stay revealed: the step's
  ``ratings_hidden`` is switched off;
* logged ``set_phase`` / ``reveal_goals`` / ``show_nominations`` actions are renamed to the core
  controls that do the same now (``control.step_phase``, ``control.step_hidden``), with their
  payload, so the log reads one way; ``reveal_ratings`` / ``hide_ratings`` stay as they were.

Revision ID: d5e8a1c4b7f2
Revises: e7f3a91c2b40
Create Date: 2026-12-02 02:20:00
"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'd5e8a1c4b7f2'
down_revision = 'e7f3a91c2b40'
branch_labels = None
depends_on = None

PHASED = ("alignment_mapper", "policy_window", "reframing")
RATINGS_PHASE = {"policy_window": "act", "reframing": "choose"}


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def moved(key: str, state: dict, config: dict, hidden: bool):
    """(new state, new config, step phase, step hidden) for one old step."""
    state, config = dict(state), dict(config)
    phase = state.pop("phase", None) if key in PHASED else None
    if key in PHASED or key == "role_board":
        revealed = state.pop("revealed", None)
    else:
        return state, config, None, hidden
    if key == "alignment_mapper":
        hidden = hidden or (bool(config.get("hide_goals")) and (phase or "goals") == "goals" and not revealed)
    elif key == "role_board":
        hidden = hidden or (bool(config.get("hide_nominations")) and revealed is False)
    elif revealed and config.get("ratings_hidden", True):
        config["ratings_hidden"] = False
        state["config"] = {**state.get("config", {}), "ratings_hidden": False}
    return state, config, phase, hidden


def upgrade():
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase', sa.String(length=32), nullable=True))
    step = sa.table("step", sa.column("id", sa.Integer), sa.column("exercise_key", sa.String),
                    sa.column("state", sa.JSON), sa.column("config", sa.JSON), sa.column("hidden", sa.Boolean),
                    sa.column("phase", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(step.c.id, step.c.exercise_key, step.c.state, step.c.config,
                                        step.c.hidden)).all()
    for step_id, key, state, config, hidden in rows:
        state, config = _json(state), _json(config)
        new_state, new_config, phase, new_hidden = moved(key, state, config, bool(hidden))
        if (new_state, new_config, phase, new_hidden) != (state, config, None, bool(hidden)):
            connection.execute(step.update().where(step.c.id == step_id).values(
                state=new_state, config=new_config, phase=phase, hidden=new_hidden))
    action = sa.table("action", sa.column("id", sa.Integer), sa.column("step_id", sa.Integer),
                      sa.column("type", sa.String), sa.column("payload", sa.JSON))
    renamed = {"set_phase": "control.step_phase", "reveal_goals": "control.step_hidden",
               "show_nominations": "control.step_hidden"}
    rows = connection.execute(sa.select(action.c.id, action.c.step_id, action.c.type, action.c.payload)
                              .where(action.c.type.in_(tuple(renamed)))).all()
    for action_id, step_id, kind, payload in rows:
        payload = _json(payload)
        if kind == "set_phase":
            data = {"step_id": step_id, "phase": payload.get("phase")}
        elif kind == "reveal_goals":
            data = {"step_id": step_id, "hidden": False}
        else:
            data = {"step_id": step_id, "hidden": not payload.get("visible")}
        connection.execute(action.update().where(action.c.id == action_id).values(type=renamed[kind], payload=data))


def downgrade():
    # The phase goes back into the state (the old code reads it there); the hide switch stays.
    step = sa.table("step", sa.column("id", sa.Integer), sa.column("exercise_key", sa.String),
                    sa.column("state", sa.JSON), sa.column("hidden", sa.Boolean), sa.column("phase", sa.String))
    connection = op.get_bind()
    for step_id, key, state, hidden, phase in connection.execute(
            sa.select(step.c.id, step.c.exercise_key, step.c.state, step.c.hidden, step.c.phase)).all():
        if key in PHASED or key == "role_board":
            state = dict(_json(state))
            if key in PHASED and phase:
                state["phase"] = phase
            if key in RATINGS_PHASE:  # their flag was the ratings': shown once past the ratings phase
                shown = not state.get("config", {}).get("ratings_hidden", True) or phase == RATINGS_PHASE[key]
                state.setdefault("revealed", shown)
            else:
                state.setdefault("revealed", not hidden)
            connection.execute(step.update().where(step.c.id == step_id).values(state=state))
    with op.batch_alter_table('step', schema=None) as batch_op:
        batch_op.drop_column('phase')
