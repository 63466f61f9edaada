"""Helpers of the plan and export tests: a workshop with real contributions, a curated plan."""
from __future__ import annotations

import secrets

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
