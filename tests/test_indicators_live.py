"""Outcome indicators on the real eventlet server (subprocess) with python-socketio clients: the
three phases, readable refusals that change nothing (with a field for the form), ratings never per
person on the wire, private proposals while hidden, anonymous authors, and the plan it gives."""
import json

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import room_clients, view

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]

MEASURE = {"name": "Children ready for school at five", "kind": "quantitative", "baseline": "62,5",
           "target": "75", "unit": "%", "source": "School entry checks"}
MILESTONE = {"name": "Families know where to get help", "kind": "milestone", "baseline": "No directory",
             "target": "A directory in every clinic"}


@pytest.fixture
def make_room(server):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())

        def make(**config):
            exercise = app.extensions["exercises"]["indicators"]
            workshop = create_workshop(partnership, steps=(("indicators", {**default_config(exercise), **config}),))
            if config.get("private_proposals"):
                workshop.steps[0].hidden = True
                db.session.commit()
            people = (("Ana Alder", "North School", "Education"), ("Ben Birch", "City Clinic", "Health"),
                      ("Cy Cedar", "Homes Trust", "Housing"))
            tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in people]
            return {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}

        yield app, make
        db.session.remove()


def db_state(step) -> dict:
    db.session.remove()
    return db.session.get(Step, step).state


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, words, field=None) -> dict:
    assert ack["ok"] is False, ack
    assert ack["code"] == code, ack
    assert words.lower() in ack["error"].lower(), ack
    if field:
        assert field in (ack.get("fields") or {}), ack
    return ack


def settled(clients, version):
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= version)


def close(*clients):
    for client in clients:
        client.close()


def test_propose_rate_adopt_with_refusals_and_the_plan(server, make_room):
    app, make = make_room
    ids = make()
    step = ids["step"]
    fac, screen, (ana, ben, cy) = room_clients(server, ids)
    everyone = [fac, ana, ben, cy, screen]

    ok(ana.act(step, "propose", MEASURE))
    last = ok(ben.act(step, "propose", MILESTONE))
    settled(everyone, last["v"])
    shown = view(cy, step)["indicators"]
    assert shown["k1"]["baseline"] == 62.5 and shown["k1"]["author"]["name"] == "Ana Alder"
    assert shown["k2"]["target"] == "A directory in every clinic"

    before = db_state(step)
    refused(ana.act(step, "propose", {**MEASURE, "baseline": "abc"}), "rule", "needs a number", field="baseline")
    refused(ana.act(step, "propose", {**MEASURE, "name": ""}), "invalid", "name the indicator", field="name")
    refused(ana.act(step, "propose", {**MEASURE, "name": "x" * 5000}), "invalid", "160", field="name")
    refused(ana.act(step, "propose", {**MEASURE, "review": "soon"}), "invalid", "calendar day", field="review")
    refused(ben.act(step, "withdraw", {"indicator_id": "k1"}), "rule", "you proposed")
    refused(ana.act(step, "edit", {**MEASURE, "indicator_id": "k99"}), "rule", "no longer exists")
    refused(ana.act(step, "adopt", {"indicator_id": "k1"}), "forbidden", "facilitator")
    refused(ana.act(step, "rate", {"indicator_id": "k1", "importance": "3"}), "phase", "rate an indicator")
    assert db_state(step) == before

    # Rate: one rating each, changed once; out-of-range scores refused.
    ok(fac.control("step_phase", {"step_id": step, "phase": "rate"}))
    refused(ana.act(step, "propose", MEASURE), "phase", "propose an indicator")
    refused(ana.act(step, "rate", {"indicator_id": "k1", "importance": "9"}), "invalid", "1 to 5", field="importance")
    refused(ana.act(step, "rate", {"indicator_id": "k1", "feasibility": "lots"}), "invalid", "integer",
            field="feasibility")
    ok(ana.act(step, "rate", {"indicator_id": "k1", "importance": "2", "feasibility": "4"}))
    ok(ana.act(step, "rate", {"indicator_id": "k1", "importance": "5"}))
    ok(ben.act(step, "rate", {"indicator_id": "k1", "importance": "3", "feasibility": "1"}))
    last = ok(cy.act(step, "rate", {"indicator_id": "k1", "importance": "4", "feasibility": "4"}))
    settled(everyone, last["v"])
    scores = view(fac, step)["indicators"]["k1"]["scores"]
    assert (scores["n"], scores["importance"]["mean"], scores["feasibility"]["mean"]) == (3, 4.0, 3.0)
    assert "scores" not in view(screen, step)["indicators"]["k1"]
    ana.wait(lambda c: c.personal[str(step)]["ratings"]["k1"] == {"importance": 5, "feasibility": 4})
    # Nobody's rating is on anyone else's wire (Ana's 5 and 4 only reach Ana).
    for client in (ben, cy, screen):
        with client.lock:
            wire = json.dumps(client.raw)
        assert '"importance": 5, "feasibility": 4' not in wire

    # Adopt: the room sees the averages; the facilitator adopts, sets the owner, records a value.
    last = ok(fac.control("step_phase", {"step_id": step, "phase": "adopt"}))
    settled(everyone, last["v"])
    assert view(screen, step)["indicators"]["k1"]["scores"]["importance"]["mean"] == 4.0
    ok(fac.act(step, "adopt", {"indicator_id": "k1"}))
    refused(fac.act(step, "adopt", {"indicator_id": "k1"}), "rule", "already")
    ok(fac.act(step, "edit", {**MEASURE, "indicator_id": "k1", "owner": "North School", "review": "2027-06-30"}))
    refused(fac.act(step, "record_value", {"indicator_id": "k1", "value": "abc", "date": "2027-03-15"}), "rule",
            "needs a number", field="value")
    last = ok(fac.act(step, "record_value", {"indicator_id": "k1", "value": "68,5", "date": "2027-03-15"}))
    settled(everyone, last["v"])
    assert view(ana, step)["indicators"]["k1"]["values"] == {"2027-03-15": 68.5}
    assert view(ana, step)["indicators"]["k1"]["owner"] == "North School"
    ok(fac.act(step, "withdraw", {"indicator_id": "k2"}))
    refused(fac.act(step, "adopt", {"indicator_id": "k2"}), "rule", "no longer exists")

    with app.app_context():
        db.session.remove()
        stored = db.session.get(Step, step)
        exercise = app.extensions["exercises"]["indicators"]
        with app.test_request_context():
            (item,) = exercise.plan(stored.state, stored.config)
    assert item["section"] == "indicators" and item["data"]["owner"] == "North School"
    assert item["data"]["review_date"] == "2027-06-30" and item["data"]["latest_value"] == 68.5
    close(*everyone)


def test_private_proposals_and_anonymous_authors_on_the_wire(server, make_room):
    app, make = make_room
    ids = make(private_proposals=True)
    step = ids["step"]
    fac, screen, (ana, ben, cy) = room_clients(server, ids)
    everyone = [fac, ana, ben, cy, screen]
    ok(ana.act(step, "propose", {**MEASURE, "name": "Ana's secret indicator"}))
    last = ok(ben.act(step, "propose", MILESTONE))
    settled(everyone, last["v"])
    ana.wait(lambda c: "k1" in c.personal[str(step)]["mine"])
    assert view(ana, step)["indicators"] == {} and view(ana, step)["hidden_count"] == 2
    assert set(view(fac, step)["indicators"]) == {"k1", "k2"}
    for client in (ben, cy, screen):
        with client.lock:
            assert "Ana's secret indicator" not in json.dumps(client.raw)
    # Anonymous: the room sees no names; rating reveals the proposals.
    ok(fac.control("setting", {"setting": "anonymous", "value": True}))
    last = ok(fac.control("step_phase", {"step_id": step, "phase": "rate"}))
    settled(everyone, last["v"])
    cy.wait(lambda c: "k1" in view(c, step)["indicators"])
    shown = view(cy, step)["indicators"]
    assert shown["k1"]["name"] == "Ana's secret indicator"
    assert "Ana Alder" not in json.dumps(view(cy, step)) and "Ana Alder" not in json.dumps(view(screen, step))
    assert view(fac, step)["indicators"]["k1"]["author"]["name"] == "Ana Alder"
    close(*everyone)
