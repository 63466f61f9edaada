"""Play an exercise's reducer as the core does, phases included, without a database.

The core keeps a step's phase on the step (``Step.phase``), checks each participant action
against it before ``apply`` (``app.exercises.phases.refusal``) and gives views the phase in
the :class:`~app.exercises.Audience`. These helpers keep the phase beside the state, under a
key only tests use, so reducer and view tests can say "in the weigh phase" in one word.
"""
from app.exercises import Action, Audience
from app.exercises import phases as step_phases

#: Where these helpers keep the step's phase and hide switch in a test's state (the real ones
#: are Step.phase and Step.hidden).
PHASE = "__step_phase__"
HIDDEN = "__step_hidden__"


def started(exercise, config: dict) -> dict:
    """A new step's state, with the hide switch as the core sets it (``hidden_at_start``)."""
    return {**exercise.initial_state(config), HIDDEN: bool(exercise.hidden_at_start(config))}


def at(state: dict, phase: str, exercise=None) -> dict:
    """The state with the room moved to ``phase`` (what the step_phase control does: with the
    ``exercise``, a phase that ``reveals`` lifts the hide switch too)."""
    moved = {**state, PHASE: phase}
    if exercise is not None:
        declared = next(p for p in step_phases.phases_of(exercise, state.get("config", {})) if p.key == phase)
        if declared.reveals:
            moved[HIDDEN] = False
    return moved


def hidden(state: dict) -> bool:
    return bool(state.get(HIDDEN))


def set_hidden(state: dict, value: bool) -> dict:
    """What the console's one hide/reveal control (step_hidden) does."""
    return {**state, HIDDEN: bool(value)}


def phase_of(exercise, state: dict) -> str | None:
    current = step_phases.current(exercise, state.get("config", {}), state.get(PHASE))
    return current.key if current else None


def apply(exercise, state: dict, action: Action, actor) -> dict:
    """The core's phase check, then the exercise's ``apply`` (as the engine runs them)."""
    refusal = step_phases.refusal(exercise, state.get("config", {}), state.get(PHASE), action.type, actor.role)
    if refusal is not None:
        raise refusal
    return exercise.apply(state, action, actor)


def audience(exercise, state: dict, **fields) -> Audience:
    """An :class:`Audience` in the state's phase, with its hide switch unless given."""
    fields.setdefault("hidden", hidden(state))
    return Audience(phase=phase_of(exercise, state), phases=step_phases.keys(exercise, state.get("config", {})),
                    **fields)
