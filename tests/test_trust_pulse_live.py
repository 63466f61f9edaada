"""Trust and relationship pulse on the real eventlet server (subprocess) with python-socketio
clients: answering and changing an answer, readable refusals that change nothing, results only
in the results phase and only from three people on, and on the wire: no frame to any client
(facilitator included) carries a participant's actor id or name with the pulse's answers."""
import json

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Participant, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie

pytestmark = [pytest.mark.live, pytest.mark.timeout(180)]

PEOPLE = [("Ana Alder", "North School", "Education"), ("Dan Dale", "South Academy", "Education"),
          ("Ben Birch", "City Clinic", "Health"), ("Cy Cedar", "Homes Trust", "Health")]


@pytest.fixture
def room(server):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        exercise = app.extensions["exercises"]["trust_pulse"]
        config = {**default_config(exercise), "extra_questions": "Do we share credit fairly?"}
        # The workshop's own anonymous switch is off: the pulse is anonymous anyway.
        workshop = create_workshop(partnership, steps=(("trust_pulse", config),))
        made = [create_participant(workshop, name=n, organisation=o, sector=s) for n, o, s in PEOPLE]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": [t for _p, t in made],
               "actors": [f"p:{p.id}" for p, _t in made]}
        assert not workshop.anonymous
        yield app, ids
        db.session.remove()


def db_state(app, step) -> dict:
    db.session.remove()
    return db.session.get(Step, step).state


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, words) -> dict:
    assert ack["ok"] is False, ack
    assert ack["code"] == code, ack
    assert words.lower() in ack["error"].lower(), ack
    return ack


def view(client, step) -> dict:
    return client.doc["steps"][str(step)]["view"]


def step_frames(client, step) -> list:
    """Every part of every frame this client received that is about the pulse step: the step in
    a synced document or a patch, and its personal part."""
    key = str(step)
    parts = []
    with client.lock:
        for message in client.raw:
            for holder in (message.get("doc"), (message.get("patch") or {})):
                steps = (holder or {}).get("steps") or {}
                if key in steps:
                    parts.append(steps[key])
            if "steps" in message and "patch" not in message and "doc" not in message:
                if key in message["steps"]:
                    parts.append(message["steps"][key])
    return parts


def test_a_pulse_from_answers_to_results_never_puts_a_person_on_the_wire(server, room):
    app, ids = room
    step = ids["step"]
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    fac = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    screen = LiveClient(server.url, ids["workshop"], "screen", cookie=cookie)
    ana, dan, ben, cy = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])
    everyone = [fac, screen, ana, dan, ben, cy]
    try:
        # Answering: the room sees how many answered, nothing more.
        ok(ana.act(step, "answer", {"question_id": "trust", "value": 2, "comment": "Too early to say"}))
        last = ok(dan.act(step, "answer", {"question_id": "trust", "value": 5, "comment": ""}))
        for client in everyone:
            client.wait(lambda c: view(c, step)["questions"]["trust"]["answered"] == 2)
            assert "results" not in view(client, step)["questions"]["trust"]
        ana.wait(lambda c: c.personal[str(step)]["answers"]["trust"]["value"] == 2)
        assert dan.personal[str(step)]["answers"] == {"trust": {"value": 5, "comment": ""}}

        # Changing an answer: same count, own part updated.
        ok(ana.act(step, "answer", {"question_id": "trust", "value": 3, "comment": "Getting there"}))
        ana.wait(lambda c: c.personal[str(step)]["answers"]["trust"] == {"value": 3, "comment": "Getting there"})
        assert view(fac, step)["questions"]["trust"]["answered"] == 2

        # Bad input changes nothing.
        before = db_state(app, step)
        refused(ben.act(step, "answer", {"question_id": "trust", "value": 9}), "invalid", "1 to 5")
        refused(ben.act(step, "answer", {"question_id": "trust", "value": 0}), "invalid", "1 to 5")
        refused(ben.act(step, "answer", {"question_id": "gossip", "value": 3}), "rule", "not part of this pulse")
        refused(ben.act(step, "answer", {"question_id": "trust", "value": 3, "comment": "x" * 281}), "rule",
                "under 280 characters")
        refused(ben.act(step, "answer", {"question_id": "trust", "value": 3, "comment": "x" * 600}), "invalid",
                "500")
        refused(fac.act(step, "answer", {"question_id": "trust", "value": 3}), "forbidden", "")
        refused(ben.control("step_phase", {"step_id": step, "phase": "results"}), "forbidden", "facilitator")
        assert db_state(app, step) == before

        # Ben answers, including the facilitator's own question; Cy does not.
        ok(ben.act(step, "answer", {"question_id": "trust", "value": 1, "comment": "<script>x</script>"}))
        last = ok(ben.act(step, "answer", {"question_id": "q1", "value": 4, "comment": ""}))
        for client in everyone:
            client.wait(lambda c: c.doc["seq"] >= last["v"])
            assert view(client, step)["respondents"] == 3 and view(client, step)["results_shown"] is False

        # Results: the facilitator closes the pulse. Three answered trust; only one answered q1.
        last = ok(fac.control("step_phase", {"step_id": step, "phase": "results"}))
        for client in everyone:
            client.wait(lambda c: view(c, step)["results_shown"] is True)
            trust = view(client, step)["questions"]["trust"]["results"]
            assert trust["counts"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1} and trust["mean"] == 3
            assert sorted(c["text"] for c in trust["comments"].values()) == ["<script>x</script>", "Getting there"]
            assert trust["sectors"] == {}  # Education 2, Health 1: no group of three
            assert "results" not in view(client, step)["questions"]["q1"]
        refused(cy.act(step, "answer", {"question_id": "trust", "value": 1}), "phase", "Results")

        # On the wire: no frame about the pulse names or identifies anyone, for anyone.
        with app.app_context():
            names = [p.name for p in db.session.query(Participant).all()]
        for client in everyone:
            frames = json.dumps(step_frames(client, step))
            for actor in ids["actors"]:
                assert f'"{actor}"' not in frames, (actor, frames[:300])
            for name in names:
                assert name not in frames
            assert "sheets" not in frames
        assert "Getting there" in json.dumps(step_frames(fac, step))
        assert set(db_state(app, step)["sheets"]) == set(ids["actors"][:3])
    finally:
        for client in everyone:
            client.close()
