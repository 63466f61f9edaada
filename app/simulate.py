"""A generic workshop simulator for ``flask demo --simulate N``.

It knows no exercise: it reads each exercise's action forms (through the contract only) and
fills them with plausible values, then sends them through the real engine, as phones and a
facilitator would. Whatever an exercise refuses (a :class:`DomainError`, a wrong phase) is
simply skipped. At the end the workshop is ended, its plan harvested and lightly curated,
so every export has real content.
"""
from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

import wtforms
from flask import current_app

from app.exercises import Actor
from app.extensions import db
from app.live import engine
from app.live.controls import set_workshop_status
from app.live.identity import participant_actor
from app.models import Participant, Workshop
from app.models.participant import hash_token
from app.plan import curate
from app.plan.collect import harvest_workshop
from app.plan.items import plan_items
from app.workshops.codes import new_rejoin_code

FIRST_NAMES = ["Amira", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hamid", "Ines", "Jonas", "Kemi", "Liam",
               "Maya", "Nikhil", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tom", "Uma", "Vic", "Wen", "Yusuf"]
SUBJECTS = ["families", "young children", "school nurses", "housing officers", "teachers", "community workers",
            "parents", "GP practices", "youth clubs", "the council", "local employers", "social workers"]
VERBS = ["share", "co-locate", "fund", "map", "train", "connect", "support", "listen to", "pilot with", "visit"]
OBJECTS = ["one referral form", "a weekly drop-in", "the data we already hold", "home visits", "breakfast clubs",
           "a single contact point", "school readiness checks", "a joint budget", "transport to appointments",
           "translated information", "a family hub", "early warning signs"]
ID_HINTS = ("_id", "target", "item")
SKIPPED_ACTIONS = ("delete", "remove", "unvote", "unrate", "unsecond", "withdraw", "clear", "unassign", "hide")


def simulate(workshop: Workshop, participants: int, rounds: int = 4, seed: int | None = None) -> dict:
    """Play ``workshop`` through every step with ``participants`` simulated people.

    Returns counts: ``{"participants", "accepted", "refused", "plan_items"}``.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up content, not security
    facilitator = Actor(role="facilitator", id=f"f:{workshop.partnership.owner_id}", name="Facilitator")
    people = [participant_actor(p) for p in _join(workshop, participants, rng)]
    counts = {"participants": len(people), "accepted": 0, "refused": 0}
    _set_live(workshop)
    exercises = current_app.extensions["exercises"]
    for step in list(workshop.steps):
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        _bring_room_to(workshop, step)
        for round_index in range(rounds):
            for status in ("open", "locked"):
                _set_step_status(step, status)
                for actor in [facilitator, *people]:
                    for ok in _act(workshop.id, step, exercise, actor, rng, round_index):
                        counts["accepted" if ok else "refused"] += 1
            _set_step_status(step, "open")
        _set_step_status(step, "closed")
    _end(workshop, facilitator)
    counts["plan_items"] = _harvest_and_curate(workshop)
    return counts


def _join(workshop, count, rng) -> list[Participant]:
    partnership = workshop.partnership
    sectors = partnership.sectors or ["Community"]
    organisations = partnership.organisations or ["Local partner"]
    joined = []
    for number in range(count):
        participant = Participant(
            workshop=workshop, token_hash=hash_token(secrets.token_urlsafe(24)),
            rejoin_code=new_rejoin_code(workshop.id),
            name=f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {number + 1}",
            organisation=rng.choice(organisations), sector=sectors[number % len(sectors)],
        )
        db.session.add(participant)
        db.session.flush()
        joined.append(participant)
    db.session.commit()
    return joined


def _set_live(workshop) -> None:
    workshop.status = "live"
    db.session.commit()


def _bring_room_to(workshop, step) -> None:
    workshop.current_step_id = workshop.room_step_id = step.id
    db.session.commit()


def _set_step_status(step, status) -> None:
    step.status = status
    db.session.commit()


def _act(workshop_id, step, exercise, actor, rng, round_index):
    """Send one of each action this actor may send in the step's status; yields accepted?"""
    for action_type, spec in exercise.actions.items():
        if actor.role not in spec.roles or step.status not in spec.statuses:
            continue
        if action_type.startswith(SKIPPED_ACTIONS):
            continue
        db.session.refresh(step)
        data = fill(spec.form, step.state, step.workshop.partnership, rng, round_index)
        if data is None:
            continue
        ack = engine.submit_action(workshop_id, actor, {"op": secrets.token_hex(8), "step": step.id,
                                                        "type": action_type, "data": data})
        yield bool(ack.get("ok"))


def fill(form_cls, state, partnership, rng, round_index=0) -> dict | None:
    """Plausible data for every field of ``form_cls``; None when a needed id isn't there yet."""
    data = {}
    for field in form_cls():
        value = _value(field, state, partnership, rng, round_index)
        if value is _MISSING:
            return None
        if value is not None:
            data[field.name] = value
    return data


_MISSING = object()


def _value(field, state, partnership, rng, round_index):
    if isinstance(field, wtforms.BooleanField):
        return rng.random() < 0.5
    values = _allowed_values(field)
    if values is not None:
        if not values:
            return _MISSING
        # Walk through the choices round by round: phase selectors move the room forward.
        return values[round_index % len(values)] if "phase" in field.name else rng.choice(values)
    if isinstance(field, wtforms.IntegerField):
        low, high = _range(field)
        return rng.randint(low, high)
    if isinstance(field, (wtforms.StringField, wtforms.TextAreaField)):
        return _text(field, state, partnership, rng)
    return None


def _allowed_values(field) -> list | None:
    """The only values a field accepts (a select's choices, an AnyOf list), or None for free input."""
    if isinstance(field, wtforms.SelectFieldBase):
        return [choice[0] for choice in field.iter_choices() if choice[0] not in ("", None)]
    for validator in field.validators:
        if isinstance(validator, wtforms.validators.AnyOf):
            return [value for value in validator.values if value not in ("", None)]
    return None


def _range(field) -> tuple[int, int]:
    for validator in field.validators:
        if isinstance(validator, wtforms.validators.NumberRange):
            low = validator.min if validator.min is not None else 1
            high = validator.max if validator.max is not None else low + 4
            return int(low), int(min(high, low + 9))
    return 1, 5


def _max_length(field) -> int:
    for validator in field.validators:
        if isinstance(validator, wtforms.validators.Length) and validator.max and validator.max > 0:
            return validator.max
    return 200


def _text(field, state, partnership, rng):
    name = field.name
    optional = any(isinstance(v, wtforms.validators.Optional) for v in field.validators)
    if optional and _max_length(field) < 20 and not name.endswith(ID_HINTS):
        return None  # a short optional code (an index, a position) we can't guess: leave it out
    if name.endswith(ID_HINTS) or (name == "organisation" and _max_length(field) <= 24):
        ids = ids_in(state, name)
        return rng.choice(ids) if ids else _MISSING
    if "sector" in name:
        sectors = (state.get("config") or {}).get("sectors") or partnership.sectors or ["Community"]
        return rng.choice(sectors if isinstance(sectors, list) else str(sectors).splitlines())
    if "category" in name:  # when the step lists its categories, a note must use one of them
        categories = (state.get("config") or {}).get("categories") or []
        categories = categories if isinstance(categories, list) else str(categories).splitlines()
        if categories:
            return rng.choice(categories)
    if "organisation" in name:
        return rng.choice(partnership.organisations or ["Local partner"])
    if "position" in name:
        return rng.choice(["lead", "supporting"])
    if "due" in name or "date" in name:
        return (date.today() + timedelta(days=rng.randint(7, 120))).isoformat()
    sentence = f"{rng.choice(VERBS).capitalize()} {rng.choice(OBJECTS)} with {rng.choice(SUBJECTS)}"
    return sentence[: _max_length(field)]


def ids_in(state, field_name: str) -> list[str]:
    """Ids of the collections in ``state`` (dicts of dicts), preferring the one the field names."""
    stem = field_name.removesuffix("_id")[:4]
    preferred, others = [], []
    for key, collection in _collections(state):
        (preferred if stem and key.startswith(stem) else others).extend(collection)
    return preferred or others


def _collections(value, depth=0):
    if not isinstance(value, dict) or depth > 3:
        return
    for key, child in value.items():
        if isinstance(child, dict) and child and all(isinstance(v, dict) and "id" in v for v in child.values()):
            yield key, [str(v["id"]) for v in child.values()]
        elif isinstance(child, dict):
            yield from _collections(child, depth + 1)


def _end(workshop, facilitator) -> None:
    engine.record_change(workshop.id, facilitator, secrets.token_hex(8), "control.workshop_status",
                         {"status": "ended"}, lambda w: set_workshop_status(w, {"status": "ended"}))
    db.session.refresh(workshop)


def _harvest_and_curate(workshop) -> int:
    """Harvest, promote what the room produced and add the parts facilitators write."""
    owner = workshop.partnership.owner
    harvest_workshop(workshop, owner)
    for item in plan_items(workshop.partnership_id, ("proposed",)):
        curate.set_status(item, "promoted", owner)
    today = date.today()
    partnership = workshop.partnership
    curate.add(partnership, "purpose", partnership.purpose or "Our shared purpose", "", {}, owner)
    curate.add(partnership, "checkins", "Partnership steering group", "", {
        "cadence": "every six weeks", "dates": [(today + timedelta(weeks=6 * n)).isoformat() for n in range(1, 4)]
    }, owner)
    curate.add(partnership, "actions", "Draft the data-sharing agreement", "", {
        "owner": (partnership.organisations or ["Lead partner"])[0], "due": (today + timedelta(days=30)).isoformat(),
        "status": "open"}, owner)
    curate.add(partnership, "indicators", "Children assessed as ready for school", "", {
        "data_source": "Reception baseline", "collected_by": "Schools", "frequency": "every term"}, owner)
    db.session.commit()
    return len(plan_items(workshop.partnership_id, ("promoted",)))
