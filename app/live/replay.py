"""One stored log row applied again: the action and its actor exactly as they were when the
engine accepted it (the data the reducer got, the ``at`` it got, the actor's role, id, sector
and organisation), so a replay reaches the same state (app/live/states.py)."""
from __future__ import annotations

from app.exercises import Action as ExerciseAction
from app.exercises import Actor
from app.exercises.contract import seconds_at
from app.live import payloads


def actor_record(actor: Actor) -> dict:
    """What the log row keeps of the actor besides its id. Reducers may read the sector and
    the organisation (a role board places a participant's own organisation); never the name,
    which the log does not keep."""
    return {"sector": actor.sector or "", "organisation": actor.organisation or ""}


def logged_actor(actor_key: str, record: dict | None) -> Actor:
    """The actor of a log row, as :func:`actor_record` kept it."""
    role = "participant" if actor_key.startswith("p:") else "facilitator"
    record = record or {}
    return Actor(role=role, id=actor_key, sector=record.get("sector", ""),
                 organisation=record.get("organisation", ""))


def logged_action(exercise, action_type: str, payload: dict, created_at) -> ExerciseAction:
    """The action of a log row, with the data its reducer received and its ``at``."""
    return ExerciseAction(action_type, payloads.decode(payload, exercise.actions[action_type].form),
                          at=seconds_at(created_at))


def apply_row(exercise, state: dict, row) -> dict:
    """``state`` with the log ``row`` (type, payload, actor_key, actor, created_at) applied."""
    return exercise.apply(state, logged_action(exercise, row.type, row.payload, row.created_at),
                          logged_actor(row.actor_key, row.actor))
