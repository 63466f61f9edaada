"""Test factories: ``create_facilitator(...)``, ``create_workshop(...)`` and friends."""
from __future__ import annotations

import secrets

from app.extensions import db
from app.models import Facilitator, Participant, Partnership, Step, Workshop
from app.models.participant import hash_token

# -- factories ------------------------------------------------------------------------------


def create_facilitator(email="facilitator@example.org", password="correct horse battery", name="Fran"):
    facilitator = Facilitator(email=email, name=name)
    facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    return facilitator


def create_partnership(owner, name="Healthy Futures", sectors=None, organisations=None, purpose=None):
    partnership = Partnership(
        name=name,
        purpose=purpose if purpose is not None else "Every child in the district arrives at school ready to learn.",
        sectors=sectors if sectors is not None else ["Education", "Health", "Housing", "Community"],
        organisations=organisations if organisations is not None else ["North School", "City Clinic", "Homes Trust"],
        owner_id=owner.id,
    )
    db.session.add(partnership)
    db.session.commit()
    return partnership


def create_workshop(partnership, title="Kick-off", steps=(("ideas", None),), status="live", **settings):
    """A workshop with one step per (exercise_key, config) pair; config None = defaults."""
    from flask import current_app

    from app.exercises.registry import default_config
    from app.workshops.codes import new_join_code

    workshop = Workshop(partnership=partnership, title=title, join_code=new_join_code(), status=status, **settings)
    db.session.add(workshop)
    for position, (key, config) in enumerate(steps):
        exercise = current_app.extensions["exercises"][key]
        config = config if config is not None else default_config(exercise)
        db.session.add(
            Step(
                workshop=workshop,
                position=position,
                exercise_key=key,
                title=str(exercise.title),
                config=config,
                state=exercise.initial_state(config),
                hidden=bool(exercise.hidden_at_start(config)),  # as the core starts a step
                status="open" if status == "live" else "pending",
            )
        )
    db.session.commit()
    if workshop.steps:
        workshop.current_step_id = workshop.room_step_id = workshop.steps[0].id
        db.session.commit()
    return workshop


def create_participant(workshop, name="Pat", organisation="North School", sector="Education"):
    """Returns ``(participant, token)``; the token is what the browser keeps in its cookie."""
    token = secrets.token_urlsafe(24)
    participant = Participant(
        workshop=workshop,
        token_hash=hash_token(token),
        rejoin_code=secrets.token_hex(3).upper(),
        name=name,
        organisation=organisation,
        sector=sector,
    )
    db.session.add(participant)
    db.session.commit()
    return participant, token


def create_champion(partnership, organisation="North School", name="Nadia Okafor", started_on=None, ended_on=None,
                    **fields):
    """A holding of ``organisation``'s champion role (current unless ``ended_on`` is given)."""
    from datetime import date

    from app.models import ChampionHolding

    holding = ChampionHolding(partnership_id=partnership.id, organisation=organisation, name=name,
                              started_on=started_on or date(2026, 1, 5), ended_on=ended_on, **fields)
    db.session.add(holding)
    db.session.commit()
    return holding


def login(client, email="facilitator@example.org", password="correct horse battery"):
    return client.post("/login", data={"email": email, "password": password}, follow_redirects=True)
