"""Decoded step states, shared by the engine (which applies actions to them) and the
broadcaster (which renders them every flush), so a large state is not decoded from JSON again
for each. Entries are keyed by the step's version, which every write bumps (the engine, and
``configure_step``), and states are never mutated (reducers are pure), so an entry is either
exactly the stored state or unused. Safe with several processes for the same reason."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Step


class StateCache:
    def __init__(self, size: int = 64):
        self.size, self.entries = size, {}

    def get(self, step_id: int, version: int) -> dict:
        """The state of ``step_id`` at ``version``; read from the database if not cached."""
        cached = self.entries.get(step_id)
        if cached and cached[0] == version:
            return cached[1]
        # Version and state in one row, so what is cached is consistent whatever the isolation.
        row = db.session.execute(select(Step.version, Step.state).where(Step.id == step_id)).one()
        self.put(step_id, row.version, row.state)
        return row.state

    def put(self, step_id: int, version: int, state: dict) -> None:
        if step_id not in self.entries and len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[step_id] = (version, state)


def state_cache() -> StateCache:
    return current_app.extensions.setdefault("state_cache", StateCache())


def current_state(step: Step) -> dict:
    """``step.state`` without decoding it when this process already holds that version.
    Callers that load steps with ``defer(Step.state)`` never decode it at all."""
    return state_cache().get(step.id, step.version)
