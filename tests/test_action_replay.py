"""The action log is enough to rebuild every step (issue 25, towards "constant cost per action").

For every exercise, Hypothesis drives a random sequence of actions through the engine's real
path (``submit_action``: validation, authorisation, the reducer, the SQLite write of the state
and of the log row), most of them refused; then the step's stored log is replayed from the
initial state, with each actor as they are on the roster, and must give exactly the stored
state (every action writing a snapshot: SNAPSHOT_EVERY=1, today's behaviour before issue 25).

Since the log is the source of truth (snapshots every SNAPSHOT_EVERY actions plus replay), a
second property checks, for intervals 1, 3 and the default, that the state read back — cached,
in a fresh process, after a snapshot — is the state of the accepted actions applied in memory.
"""
from __future__ import annotations

import importlib
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import create_app
from app.exercises import Action as ExerciseAction
from app.exercises import Actor
from app.exercises.contract import seconds_at
from app.extensions import db
from app.live.engine import submit_action
from app.live.identity import participant_actor
from app.live.states import read_state, write_snapshot
from app.models import Action, Participant, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

EXERCISES = ("ideas", "policy_window", "reframing", "alignment_mapper", "role_board",
             "indicators", "agreement", "data_sharing", "commitments", "trust_pulse")
PEOPLE = (("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health"),
          ("Cy", "East School", "Education"), ("Dee", "Housing Trust", "Housing"))
TEXTS = ("Shared meals at school", "Clinic data for youth", "Budget 2027", "Board", "  ", "x" * 400)
DATES = ("2027-01-15", "2026-12-01", "not a date", "")
_ops = itertools.count()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "ASYNC_MODE": "threading", "REDIS_URL": None,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('replay') / 'replay.db'}",
        "BROADCASTER_AUTOSTART": False, "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        db.create_all()
        owner = create_facilitator()
        app.config["replay_partnership"] = create_partnership(owner).id
        app.config["replay_facilitator"] = owner.id
        yield app
        db.session.remove()
        db.drop_all()


def _constants(key: str) -> set:
    """Every short word a plugin's forms and reducer know (phases, levels, kinds, positions...)."""
    found = set()
    for name in ("forms", "reducer"):
        try:
            module = importlib.import_module(f"plugins.{key}.{name}")
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, dict):
                found.update(k for k in value if isinstance(k, str))
            elif isinstance(value, (tuple, list)):
                for entry in value:
                    if isinstance(entry, str):
                        found.add(entry)
                    elif isinstance(entry, (tuple, list)) and entry and isinstance(entry[0], str):
                        found.add(entry[0])
    return {word for word in found if 0 < len(word) <= 40}


def _ids(value, found: set) -> set:
    """Ids of every item in a state (a key whose value is a dict with that ``id``)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict) and v.get("id") == k:
                found.add(k)
            _ids(v, found)
    elif isinstance(value, list):
        for v in value:
            _ids(v, found)
    return found


def _config_words(config: dict) -> set:
    """Short strings of a step's config (sectors, prompts, categories, phases)."""
    found = set()
    for value in config.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and 0 < len(item) <= 300:
                found.add(item)
    return found


TEXT_FIELDS = {"text", "name", "reason", "description", "responsibilities", "lead"}


def _pools(state: dict, constants: list) -> dict:
    ids = sorted(_ids(state, set()))
    config = sorted(_config_words(state["config"]))
    lists = {name: [v for v in state["config"].get(name) or [] if isinstance(v, str)]
             for name in ("sectors", "prompts", "categories", "phases")}
    return {"ids": ids + ["zz99"], "texts": list(TEXTS), "config": config + [""], "constants": constants,
            "sector": lists["sectors"] + ["Nowhere"], "prompt": lists["prompts"] + [""],
            "category": lists["categories"] + [""], "phase": lists["phases"] or constants}


def _field_values(field, pools: dict) -> st.SearchStrategy:
    """Mostly sensible values (the engine must accept some), with a few wrong ones."""
    kind, name = type(field).__name__, field.name
    if kind == "BooleanField":
        return st.sampled_from(["y", ""])
    if kind == "IntegerField":
        return st.sampled_from(["-1", "0", "1", "2", "3", "5", "6", "lots"])
    if kind in ("DayField", "DateField"):
        return st.sampled_from(DATES)
    choices = [str(getattr(c, "value", c[0] if isinstance(c, (tuple, list)) else c)) for c in field.choices] \
        if getattr(field, "choices", None) else []
    if choices:
        return st.sampled_from([*choices, "nonsense"])
    if name == "amount":  # a number as people type one, or not
        return st.sampled_from(["12", "12,5", "1 000", "-3", "0", "lots", "", "Tuesdays"])
    if name.endswith("_id") or name == "organisation":
        return st.sampled_from(pools["ids"])
    if name in TEXT_FIELDS:
        return st.sampled_from(pools["texts"])
    if name in ("sector", "prompt", "category", "phase"):
        return st.sampled_from(pools[name])
    return st.sampled_from(pools["constants"] + pools["config"])


def _room(app, key):
    """A new workshop with one step of ``key``; its step id, workshop id and actors."""
    from app.models import Facilitator, Partnership

    partnership = db.session.get(Partnership, app.config["replay_partnership"])
    user = db.session.get(Facilitator, app.config["replay_facilitator"])
    workshop = create_workshop(partnership, steps=((key, None),))
    step_id, workshop_id = workshop.steps[0].id, workshop.id
    actors = [participant_actor(create_participant(workshop, *person)[0]) for person in PEOPLE]
    actors.append(Actor(role="facilitator", id=f"f:{user.id}", name="Fran"))
    return step_id, workshop_id, actors


def _drive(app, exercise, step_id, workshop_id, actors, data, accepted=None):
    """Send a random sequence of actions through ``submit_action``; after each, call
    ``accepted(actor, type, payload, ack)`` for an accepted one. Returns how many were."""
    constants = sorted(_constants(exercise.key))
    stored = 0
    with app.test_request_context():
        for _ in range(data.draw(st.integers(15, 50), label="actions")):
            pools = _pools(read_state(step_id), constants)
            # Someone who may send at least one of its actions (a pulse is for participants only).
            actor = data.draw(st.sampled_from([a for a in actors if any(
                a.role in spec.roles for spec in exercise.actions.values())]), label="actor")
            allowed = sorted(t for t, spec in exercise.actions.items() if actor.role in spec.roles)
            action_type = data.draw(st.sampled_from(allowed), label="type")
            form = exercise.actions[action_type].form()
            payload = {field.name: data.draw(_field_values(field, pools), label=field.name) for field in form}
            ack = submit_action(workshop_id, actor, {"op": f"op-replay-{next(_ops):08d}", "step": step_id,
                                                     "type": action_type, "data": payload})
            if ack.get("ok"):
                stored += 1
                if accepted:
                    accepted(actor, action_type, payload, ack)
            db.session.remove()
    return stored


@pytest.mark.parametrize("key", EXERCISES)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_replaying_the_stored_log_gives_the_stored_state(app, key, data):
    exercise = app.extensions["exercises"][key]
    step_id, workshop_id, actors = _room(app, key)
    app.config["SNAPSHOT_EVERY"] = 1  # every action stores the whole state, to compare with
    try:
        stored = _drive(app, exercise, step_id, workshop_id, actors, data)
    finally:
        app.config["SNAPSHOT_EVERY"] = DEFAULT_EVERY

    # Replay: the log alone, from the initial state of the step's config.
    step = db.session.get(Step, step_id)
    rows = db.session.execute(select(Action).where(Action.step_id == step_id).order_by(Action.seq)).scalars().all()
    assert len(rows) == stored
    by_key = {a.id: a for a in actors}
    for participant in db.session.execute(select(Participant).where(Participant.workshop_id == workshop_id)).scalars():
        by_key[f"p:{participant.id}"] = participant_actor(participant)
    replayed = exercise.initial_state(step.config)
    with app.test_request_context():
        for row in rows:
            action = ExerciseAction(row.type, _as_validated(exercise, row), at=seconds_at(row.created_at))
            replayed = exercise.apply(replayed, action, by_key[row.actor_key])
    assert step.state_version == step.version
    assert replayed == step.snapshot
    db.session.remove()


def _as_validated(exercise, row) -> dict:
    """The stored payload validated again: the same data the reducer first saw."""
    from app.exercises.validation import validate

    clean, errors = validate(exercise.actions[row.type].form, row.payload)
    assert errors is None, (row.type, row.payload, errors)
    return clean


DEFAULT_EVERY = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                            "ASYNC_MODE": "threading", "REDIS_URL": None}).config["SNAPSHOT_EVERY"]


def _fresh_process(app) -> None:
    """What a restarted (or another) server process holds: no decoded state at all."""
    app.extensions.pop("state_cache", None)


@pytest.mark.parametrize("every", (1, 3, DEFAULT_EVERY))
@pytest.mark.parametrize("key", EXERCISES)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_the_state_read_from_snapshot_and_log_is_the_state_of_the_actions_applied(app, key, every, data):
    """Issue 25: the log is the source of truth. Whatever the snapshot interval, the state read
    back (cached, in a fresh process, after a snapshot) is the state of the accepted actions
    applied in memory, with the data their forms validated and each actor as they acted."""
    from app.exercises.validation import validate

    exercise = app.extensions["exercises"][key]
    step_id, workshop_id, actors = _room(app, key)
    expected = {"state": exercise.initial_state(db.session.get(Step, step_id).config)}

    def in_memory(actor, action_type, payload, ack):
        clean, _errors = validate(exercise.actions[action_type].form, payload)
        accepted_at = db.session.execute(select(Action.created_at).where(
            Action.seq == ack["v"], Action.workshop_id == workshop_id)).scalar_one()
        action = ExerciseAction(action_type, clean, at=seconds_at(accepted_at))
        expected["state"] = exercise.apply(expected["state"], action, actor)
        if data.draw(st.booleans(), label="fresh process"):
            _fresh_process(app)
        assert read_state(step_id) == expected["state"]

    app.config["SNAPSHOT_EVERY"] = every
    try:
        stored = _drive(app, exercise, step_id, workshop_id, actors, data, accepted=in_memory)
    finally:
        app.config["SNAPSHOT_EVERY"] = DEFAULT_EVERY
    step = db.session.get(Step, step_id)
    assert step.version == stored
    # The snapshot is at most SNAPSHOT_EVERY - 1 actions behind, and is the state at its version.
    assert stored - step.state_version < every
    if every > 1 and stored >= every:
        assert 0 < step.state_version
    _fresh_process(app)
    assert step.state == expected["state"]
    with app.test_request_context():
        write_snapshot(step_id)  # as locking the step does
    db.session.commit()
    _fresh_process(app)
    db.session.remove()
    step = db.session.get(Step, step_id)
    assert step.state_version == step.version == stored
    assert step.snapshot == expected["state"] == step.state
    db.session.remove()
