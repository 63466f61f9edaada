"""A step's state: its snapshot (``Step.snapshot`` at ``Step.state_version``) with the log rows
stored after it replayed through the exercise's ``apply`` — the one way anything reads a state
(``Step.state`` and :func:`current_state` come here).

The engine stores each accepted action as its log row and bumps ``Step.version``; it writes a
new snapshot only every ``SNAPSHOT_EVERY`` actions, and when the step is locked or closed, the
workshop ends, or the state is replaced (configure, reset: :func:`write_snapshot` and the
``Step.state`` setter). So an action costs the same in a room of 600 notes as in an empty one.

Decoded states are cached per process, shared by the engine (which applies actions to them) and
the broadcaster (which renders them every flush), keyed by the step's version. States are never
mutated (reducers are pure), so an entry is exactly the state at its version, or unused. Several
processes stay correct for the same reason: one whose cached state is behind replays only the
rows it has not seen. Nothing is needed at start-up: every read replays what the snapshot lacks.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.live import replay
from app.models import Action, Step


class LogGap(RuntimeError):
    """Log rows a state needs are missing: reading on would show a state that lost work."""


class StateCache:
    def __init__(self, size: int = 512):
        self.size, self.entries = size, {}

    def cached(self, step_id: int) -> tuple[int, dict] | None:
        """(version, state) held for the step, if any."""
        return self.entries.get(step_id)

    def put(self, step_id: int, version: int, state: dict) -> None:
        if step_id not in self.entries and len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[step_id] = (version, state)


def state_cache() -> StateCache:
    return current_app.extensions.setdefault("state_cache", StateCache())


def current_state(step: Step) -> dict:
    """``step.state`` without work when this process already holds that version."""
    return read_state(step.id, step.version)


def read_state(step_id: int, version: int | None = None) -> dict:
    """The state of ``step_id``: the cached one if it is at ``version``, else the stored
    state as it stands now."""
    return _read(step_id, version)[1]


def _read(step_id: int, version: int | None) -> tuple[int, dict]:
    """(version, state) of the step: the cached entry if it is at ``version``; else the newest
    stored version, built from the snapshot — or from the cached state, when that is newer —
    and the log rows after it."""
    cache = state_cache()
    held = cache.cached(step_id)
    if held and version is not None and held[0] == version:
        return held
    row = db.session.execute(
        select(Step.version, Step.state_version, Step.exercise_key).where(Step.id == step_id)).one()
    if held and held[0] == row.version:
        return held
    if held and row.state_version <= held[0] < row.version:
        base_version, base = held
    else:
        # Version, snapshot and its version from one row, so they agree whatever the isolation.
        row = db.session.execute(select(Step.version, Step.state_version, Step.exercise_key, Step.snapshot)
                                 .where(Step.id == step_id)).one()
        base_version, base = row.state_version, row.snapshot
    state = _replayed(step_id, row.exercise_key, base, base_version, row.version)
    cache.put(step_id, row.version, state)
    return row.version, state


def _replayed(step_id: int, exercise_key: str, state: dict, after: int, upto: int) -> dict:
    """``state`` (at version ``after``) with the step's log rows ``after`` < step_version <= ``upto``."""
    if upto == after:
        return state
    exercise = current_app.extensions["exercises"].get(exercise_key)
    if exercise is None:  # not installed here: its rows stay in the log for when it is again
        return state
    rows = db.session.execute(
        select(Action.type, Action.payload, Action.actor_key, Action.actor, Action.created_at, Action.step_version)
        .where(Action.step_id == step_id, Action.step_version > after, Action.step_version <= upto)
        .order_by(Action.step_version)).all()
    if [r.step_version for r in rows] != list(range(after + 1, upto + 1)):
        raise LogGap(f"step {step_id}: log rows {after + 1}..{upto} are not all stored")
    for row in rows:
        state = replay.apply_row(exercise, state, row)
    return state


def write_snapshot(step_id: int) -> None:
    """Store the step's current state as its snapshot (no version change: the state is the
    same). Inside the caller's transaction, which holds the workshop's write lock
    (``engine.bump_version``), so no action lands between the read and the write."""
    stored = db.session.execute(select(Step.version, Step.state_version).where(Step.id == step_id)).one()
    if stored.state_version == stored.version:
        return  # already whole
    version, state = _read(step_id, stored.version)
    db.session.execute(update(Step).where(Step.id == step_id, Step.version == version)
                       .values(snapshot=state, state_version=version), execution_options={"synchronize_session": False})
