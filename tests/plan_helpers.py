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


def held_with_measures(partnership, title, days_ago, answers, importance, indicator="Families reached",
                       sector="Health"):
    """An ended workshop held ``days_ago`` that ran the trust pulse (three people of one sector
    gave ``answers`` to the trust question) and the indicators ("Families reached", rated
    ``importance`` by the same three): figures for "what changed" and the trends."""
    from datetime import timedelta

    from flask import current_app

    from app.exercises import Action
    from app.models.base import utcnow

    exercises = current_app.extensions["exercises"]
    workshop = create_workshop(partnership, title=title, steps=(("trust_pulse", None), ("indicators", None)),
                               status="ended")
    workshop.started_at = utcnow() - timedelta(days=days_ago)
    pulse, indicators = sorted(workshop.steps, key=lambda s: s.position)
    people = [Actor(role="participant", id=f"p:{n}", name=f"P{n}", organisation=f"Org {n}", sector=sector)
              for n in range(3)]
    state = pulse.state
    for person, value in zip(people, answers, strict=True):
        state = exercises["trust_pulse"].apply(state, Action("answer", {"question_id": "trust", "value": value}),
                                               person)
    pulse.state, pulse.status = state, "closed"
    state = exercises["indicators"].apply(indicators.state, Action("propose", {
        "name": indicator, "kind": "quantitative", "baseline": "10", "target": "50", "unit": ""}), people[0])
    for person, score in zip(people, importance, strict=True):
        state = exercises["indicators"].apply(state, Action("rate", {"indicator_id": "k1", "importance": score}),
                                              person)
    indicators.state, indicators.status = state, "closed"
    db.session.commit()
    return workshop


#: The kick-off's trust answers, then the check-in's; the importance of "Families reached" at each.
PULSE_ANSWERS = ((2, 2, 3), (4, 4, 5))
RATINGS = ((2, 3, 2), (5, 4, 5))


def partnership_with_two_workshops(facilitator, name="Healthy Futures", **words):
    """A partnership that held a kick-off 40 days ago and a check-in 2 days ago, both running the
    pulse and the indicators (trust 2.33 then 4.33; importance 2.33 then 4.67), with a snapshot
    at the end of the kick-off holding an open action due in between ("Book the hall"): what
    the comparison shows as figures that moved and an action now late."""
    from datetime import timedelta

    from app.models.base import utcnow
    from app.plan.snapshot import take_snapshot
    from tests.factories import create_partnership

    partnership = create_partnership(facilitator, name=name)
    first = held_with_measures(partnership, "Kick-off", 40, PULSE_ANSWERS[0], RATINGS[0], **words)
    held_with_measures(partnership, "Check-in <b>two</b>", 2, PULSE_ANSWERS[1], RATINGS[1], **words)
    curate.add(partnership, "actions", "Book the hall", "",
               {"owner": "North School", "due": (utcnow() - timedelta(days=20)).date().isoformat(), "status": "open"},
               facilitator)
    snapshot = take_snapshot(first)
    snapshot.created_at = utcnow() - timedelta(days=39)
    db.session.commit()
    return partnership
