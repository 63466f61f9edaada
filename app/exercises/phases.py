"""The core's phase rules, pure: which phase a step is in and what it lets participants do.

The current phase lives in one place, ``Step.phase`` (``None``: the first phase in use); the
exercise declares its :class:`~app.exercises.contract.Phase` list. Nothing here touches the
database, so reducer tests can run the same check the engine does (:func:`refusal`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.exercises.contract import DomainError, Phase

NOT_NOW = _l("You cannot {action} in the “{phase}” phase: the facilitator moves the room on when it is time.")


def phases_of(exercise, config: Mapping[str, Any] | None) -> tuple[Phase, ...]:
    """The phases a step of ``exercise`` with ``config`` runs (empty: no phases)."""
    return tuple(exercise.phases_for(config or {})) if exercise.phases else ()


def current(exercise, config, stored: str | None) -> Phase | None:
    """The phase the step is in: the stored key when still in use, else the first phase."""
    phases = phases_of(exercise, config)
    if not phases:
        return None
    return next((p for p in phases if p.key == stored), phases[0])


def holds(exercise, config, stored: str | None, state) -> bool:
    """True when the room may not go back from the phase it is in (:attr:`Phase.final`)."""
    phase = current(exercise, config, stored) if exercise is not None else None
    if phase is None:
        return False
    return bool(phase.final(state) if callable(phase.final) else phase.final)


def keys(exercise, config) -> tuple:
    return tuple(p.key for p in phases_of(exercise, config))


def refusal(exercise, config, stored: str | None, action_type: str, role: str) -> DomainError | None:
    """Why the current phase refuses ``action_type`` from ``role``, or ``None`` when it is fine.

    Facilitators are never held back by a phase."""
    spec = exercise.actions.get(action_type)
    if role == "facilitator" or spec is None:  # an unknown action is refused as such elsewhere
        return None
    phase = current(exercise, config, stored)
    if phase is None or phase.allows(action_type):
        return None
    label = spec.label or action_type
    return DomainError(NOT_NOW, action=label, phase=phase.label)


def plans_now(exercise, step) -> bool:
    """May the plan take ``step``'s items yet? Always, unless the exercise names a
    ``plan_from_phase`` the room has not reached (a pulse whose totals must not move in the plan
    while people are still answering, so nobody can diff one answer there)."""
    wanted = getattr(exercise, "plan_from_phase", None)
    if not wanted:
        return True
    in_use = keys(exercise, step.config)
    here = current(exercise, step.config, step.phase)
    if wanted not in in_use or here is None:
        return True
    return in_use.index(here.key) >= in_use.index(wanted)
