"""The Commitments ledger on the real eventlet server, with python-socketio clients: three
organisations record what they bring, the facilitator confirms and moves the room to the review;
refusals come back as sentences on the right field and change nothing; the hide switch and an
anonymous workshop keep organisations and words off the wire."""
import json

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import room_clients, view

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]

PEOPLE = (("Ana Quillfeather", "North School", "Education"), ("Ben Marrowgate", "City Clinic", "Health"),
          ("Cy Thistledown", "Homes Trust", "Housing"))


def seed_workshop(server, anonymous=False, **overrides):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        config = {**default_config(app.extensions["exercises"]["commitments"]),
                  "needs": "staff time | 40\nfunds | 10000", "overload_hours": 30, **overrides}
        workshop = create_workshop(create_partnership(facilitator), steps=(("commitments", config),),
                                   anonymous=anonymous)
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in PEOPLE]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    return app, ids


def stored_state(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


@pytest.fixture
def room(server):
    made = []

    def connect(**seed):
        app, ids = seed_workshop(server, **seed)
        facilitator, screen, phones = room_clients(server, ids)
        made.extend([facilitator, screen, *phones])
        return app, ids, facilitator, screen, phones

    yield connect
    for client in made:
        client.close()


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, field=None, *words) -> dict:
    assert ack["ok"] is False and ack["code"] == code, ack
    said = " ".join([ack["error"], *(m for msgs in (ack.get("fields") or {}).values() for m in msgs)])
    for word in words:
        assert word in said, (word, ack)
    if field:
        assert field in (ack.get("fields") or {}), ack
    return ack


def commitment(kind, description, amount, until="", essential=True):
    return {"kind": kind, "description": description, "amount": amount, "until": until, "essential": essential}


def by_description(client, step, text) -> dict:
    return next(c for c in view(client, step)["commitments"].values() if c["description"] == text)


def step_wire(client, step_id) -> str:
    with client.lock:
        parts = [(m.get("doc") or m.get("patch") or {}).get("steps", {}).get(str(step_id), {}) for m in client.raw]
    return json.dumps([p.get("view") for p in parts if isinstance(p, dict)])


def test_three_organisations_record_and_the_facilitator_confirms(room):
    app, ids, facilitator, screen, (ana, ben, cy) = room()
    step = ids["step"]
    everyone = [facilitator, screen, ana, ben, cy]

    ok(ana.act(step, "commit", commitment("staff_time", "A youth worker two evenings a week", "32,5", "2027-06-30")))
    ok(ben.act(step, "commit", commitment("funds", "Seed money for the pilot", "4 000", essential=False)))
    ok(ben.act(step, "commit", commitment("staff_time", "Nurse at the drop-in", "6")))
    ok(cy.act(step, "commit", commitment("spaces", "Community room on Tuesdays", "up to 30 people")))
    for client in everyone:
        client.wait(lambda c: len(view(c, step)["commitments"]) == 4)
    kinds = view(screen, step)["kinds"]
    assert (kinds["staff_time"]["total"], kinds["staff_time"]["gap"]) == (38.5, 1.5)
    assert (kinds["funds"]["total"], kinds["funds"]["gap"]) == (4000, 6000)
    assert {o["name"]: o["amount"] for o in kinds["staff_time"]["orgs"].values()} == {"North School": 32.5,
                                                                                     "City Clinic": 6}
    flags = {(f["kind"], f["organisation"]) for f in view(facilitator, step)["flags"].values()}
    assert flags == {("overload", "North School"), ("share", "North School")}
    youth = by_description(facilitator, step, "A youth worker two evenings a week")["id"]
    assert set(ana.personal[str(step)]["mine"]) == {youth}

    # Refusals: a sentence on the right field, and nothing changes.
    refused(ana.act(step, "commit", commitment("staff_time", "More hours", "lots")), "rule", "amount", "number only")
    refused(ana.act(step, "commit", commitment("funds", "Refund", "-200")), "rule", "amount", "negative")
    refused(ana.act(step, "commit", commitment("people", "Volunteers", "99999")), "rule", "amount", "more than")
    refused(ana.act(step, "commit", commitment("data", "   ", "")), "rule", "description", "Say what")
    refused(ana.act(step, "commit", commitment("gold", "Bars", "1")), "invalid", "kind")
    refused(ana.act(step, "commit", commitment("data", "Counts", "", until="next spring")), "invalid", "until")
    refused(ben.act(step, "edit", {"commitment_id": youth, **commitment("staff_time", "Mine now", "1")}), "rule",
            None, "only change the commitments you recorded")
    refused(ben.act(step, "withdraw", {"commitment_id": youth}), "rule", None, "only change")
    refused(ana.act(step, "withdraw", {"commitment_id": "k999"}), "rule", None, "no longer exists")
    refused(ana.act(step, "confirm", {"commitment_id": youth}), "forbidden")
    assert len(stored_state(app, step)["commitments"]) == 4

    # The owner edits; the facilitator confirms, the screen sees it.
    ok(ana.act(step, "edit", {"commitment_id": youth, **commitment("staff_time", "A youth worker two evenings a week",
                                                                    "24", "2027-06-30")}))
    ok(facilitator.act(step, "confirm", {"commitment_id": youth}))
    screen.wait(lambda c: view(c, step)["commitments"][youth]["confirmed"] is True)
    assert view(screen, step)["kinds"]["staff_time"]["confirmed"] == 24

    # Review: participants can no longer change the ledger; the facilitator still can.
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "review"}))
    refused(cy.act(step, "commit", commitment("data", "Counts", "")), "phase", None, "Review and confirm")
    ok(facilitator.act(step, "set_needs", {"needs": "staff time | 30\npeople | 2"}))
    facilitator.wait(lambda c: view(c, step)["kinds"]["people"]["need"] == 2)
    assert view(facilitator, step)["kinds"]["staff_time"]["gap"] == 0

    state = stored_state(app, step)
    assert state["commitments"][youth]["amount"] == 24 and state["commitments"][youth]["organisation"] == "North School"
    assert "Ana Quillfeather" not in json.dumps(state)


def test_hidden_and_anonymous_rooms_keep_words_and_organisations_off_the_wire(room):
    app, ids, facilitator, screen, (ana, ben, cy) = room(anonymous=True)
    step = ids["step"]
    ok(facilitator.control("step_hidden", {"step_id": step, "hidden": True}))
    ok(ana.act(step, "commit", commitment("staff_time", "SECRET youth worker", "12")))
    for client in (screen, ben):
        client.wait(lambda c: view(c, step)["hidden_count"] == 1)
    facilitator.wait(lambda c: len(view(c, step)["commitments"]) == 1)
    for client in (screen, ben):
        assert "SECRET" not in step_wire(client, step)
    ok(facilitator.control("step_hidden", {"step_id": step, "hidden": False}))
    for client in (screen, ben):
        client.wait(lambda c: view(c, step)["kinds"]["staff_time"]["total"] == 12)
        wire = step_wire(client, step)
        assert "North School" not in wire and "Quillfeather" not in wire
    assert "North School" in step_wire(facilitator, step)
    # Shown now, but without the organisation: the words are the room's, who brought them is not.
    assert by_description(ben, step, "SECRET youth worker").get("organisation") is None
