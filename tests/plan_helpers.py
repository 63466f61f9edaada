"""Helpers of the plan and export tests: a workshop with real contributions, a curated plan."""
from __future__ import annotations

import secrets

from app.exercises import Actor
from app.extensions import db
from app.live import engine
from app.live.identity import participant_actor
from app.plan import curate
from app.plan.collect import harvest_workshop
from tests.factories import create_participant, create_workshop

AUTHORS = (("Zebedee Quartermaine", "North School", "Education"),
           ("Yolanda Pemberton-Vasquez", "City Clinic", "Health"),
           ("Xavier Thistlewood", "Homes Trust", "Housing"))


def add_note(workshop, participant, text):
    ack = engine.submit_action(workshop.id, participant_actor(participant), {
        "op": secrets.token_hex(8), "step": workshop.steps[0].id, "type": "add_note", "data": {"text": text}})
    assert ack["ok"], ack
    return ack


def workshop_with_notes(partnership, title="Kick-off", anonymous=False, notes=("Shared referral form",
                                                                             "Family hub at the school")):
    """A live ideas workshop where three named people posted ``notes``."""
    workshop = create_workshop(partnership, title=title, anonymous=anonymous)
    people = [create_participant(workshop, name=n, organisation=o, sector=s)[0] for n, o, s in AUTHORS]
    for index, text in enumerate(notes):
        add_note(workshop, people[index % len(people)], text)
    return workshop


def end_and_harvest(workshop):
    workshop.status = "ended"
    db.session.commit()
    return harvest_workshop(workshop)


def curated_plan(partnership, facilitator, anonymous=False):
    """A plan with promoted exercise items and every kind of facilitator-written item."""
    workshop = workshop_with_notes(partnership, anonymous=anonymous)
    end_and_harvest(workshop)
    from app.plan.items import plan_items

    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    curate.add(partnership, "roles", "Backbone organisation", "Convenes the partners and keeps the plan.",
               {"lead": "City Clinic", "supporting": "North School"}, facilitator)
    curate.add(partnership, "indicators", "Children ready for school", "",
               {"data_source": "Reception baseline", "collected_by": "Schools", "frequency": "every term"}, facilitator)
    curate.add(partnership, "checkins", "Steering group", "", {"cadence": "every six weeks",
                                                             "dates": ["2027-01-15", "2027-02-26"]}, facilitator)
    curate.add(partnership, "actions", "Draft the data-sharing agreement", "",
               {"owner": "Homes Trust", "due": "2027-01-31", "status": "open"}, facilitator)
    db.session.commit()
    return workshop


FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")


def act(workshop, actor, action_type, **data):
    ack = engine.submit_action(workshop.id, actor, {
        "op": secrets.token_hex(8), "step": workshop.steps[0].id, "type": action_type, "data": data})
    assert ack["ok"], ack
    return ack


def policy_window_with_action(partnership, title="Window", owner="Homes Trust", due="2027-03-15"):
    """An ended policy-window workshop whose facilitator turned a note into a dated, owned action;
    its plan items harvested and every one promoted."""
    from app.plan.items import plan_items

    workshop = create_workshop(partnership, title=title, steps=(("policy_window", None),))
    act(workshop, FACILITATOR, "add_note", column="politics", text="Council election", effect="opens",
        influence="partly")
    act(workshop, FACILITATOR, "add_action", note_id="n1", kind="use", text="Brief every candidate",
        lead=owner, date=due)
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", None)
    db.session.commit()
    return workshop
