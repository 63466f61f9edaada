"""The partnership agreement on the real eventlet server, with python-socketio clients: a
facilitator, the room screen and four participants from three organisations take a clause
through answers, an amendment, a reopened vote with late answers to the old text refused, a
representative who leaves, and a close with an outcome; refusals come back as sentences and
change nothing; an anonymous room's wire carries no name nor actor id."""
import json
import time

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import room_clients, view

pytestmark = [pytest.mark.live, pytest.mark.timeout(180)]

PEOPLE = (("Ana Quillfeather", "North School", "Education"), ("Ben Marrowgate", "City Clinic", "Health"),
          ("Cy Thistledown", "Homes Trust", "Housing"), ("Dee Brackenridge", "North School", "Education"))
CLAUSES = "## Purpose\nEvery child ready for school.\n\n## Review\nWe review the agreement each year."


def seed_workshop(server, anonymous=False):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        config = {**default_config(app.extensions["exercises"]["agreement"]), "clauses": CLAUSES,
                  "organisations": "North School\nCity Clinic\nHomes Trust"}
        workshop = create_workshop(create_partnership(facilitator), steps=(("agreement", config),))
        workshop.anonymous = anonymous
        joined = [create_participant(workshop, name=n, organisation=o, sector=s) for n, o, s in PEOPLE]
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": [t for _, t in joined],
               "actors": [f"p:{p.id}" for p, _ in joined]}
        db.session.remove()
    return app, ids


def stored_state(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def results(client, step_id, clause="c1") -> dict:
    return view(client, step_id)["clauses"][clause]["results"]


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, *words) -> dict:
    assert ack["ok"] is False, ack
    assert ack["code"] == code, ack
    said = " ".join([ack["error"], *(m for msgs in (ack.get("fields") or {}).values() for m in msgs)])
    for word in words:
        assert word in said, (word, ack)
    return ack


def converge(clients, ack) -> None:
    """Every client reaches the acknowledged change and then holds what a fresh ``sync`` serves."""
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= ack["v"], timeout=20)
        deadline = time.monotonic() + 20
        while True:
            fresh = client.sio.call("sync", {}, timeout=10)
            with client.lock:
                same = client.doc == fresh["doc"] and client.personal == fresh.get("personal", {})
            if same or time.monotonic() > deadline:
                break
            time.sleep(0.1)  # a patch or personal message still in flight
        with client.lock:
            assert client.doc == fresh["doc"]
            assert client.personal == fresh.get("personal", {})


def say(phone, step, kind, reason="", version=1, clause="c1"):
    return phone.act(step, "answer", {"clause_id": clause, "version": version, "answer": kind, "reason": reason})


def test_three_organisations_through_amend_and_reopen(server):
    app, ids = seed_workshop(server)
    step = ids["step"]
    ana_id, ben_id, cy_id, _dee_id = ids["actors"]
    facilitator, screen, phones = room_clients(server, ids)
    ana, ben, cy, dee = phones
    everyone = [facilitator, screen, *phones]
    try:
        # Representatives: Ana for North School, Ben for City Clinic, Cy for Homes Trust.
        for actor_id, org in ((ana_id, "North School"), (ben_id, "City Clinic"), (cy_id, "Homes Trust")):
            ok(facilitator.act(step, "set_representative", {"actor_id": actor_id, "organisation": org}))
        # Nothing is open yet: an answer is refused with a sentence.
        refused(say(ana, step, "support"), "rule", "not open for answers")
        ok(facilitator.act(step, "open_clause", {"clause_id": "c1"}))
        for client in everyone:
            client.wait(lambda c: view(c, step)["open"] == "c1")

        # Version 1: four voices; the reason is required for reservations.
        refused(say(ben, step, "reservations"), "rule", "needs a reason")
        ok(say(ana, step, "support"))
        ok(say(ben, step, "reservations", "Name the budget year"))
        ok(say(cy, step, "discuss"))
        last = ok(say(dee, step, "object", "Too vague for us"))
        screen.wait(lambda c: results(c, step)["total"] == 4)
        assert results(screen, step)["tally"] == {"support": 1, "reservations": 1, "discuss": 1, "object": 1}
        orgs = results(screen, step)["organisations"]
        assert {o: p.get("answer") for o, p in orgs.items()} == {
            "North School": "support", "City Clinic": "reservations", "Homes Trust": "discuss"}
        converge(everyone, last)
        assert ana.personal[str(step)]["represents"] == "North School"
        assert dee.personal[str(step)]["answers"]["c1"]["answer"] == "object"

        # Ana changes her answer while the clause is open.
        ok(say(ana, step, "reservations", "Only if the review is yearly"))
        screen.wait(lambda c: results(c, step)["organisations"]["North School"].get("answer") == "reservations")
        assert results(screen, step)["total"] == 4

        # The facilitator amends: a new version, the old answers stay with the old text.
        ok(facilitator.act(step, "amend_clause", {"clause_id": "c1", "heading": "Purpose",
                                                  "text": "Every child ready for school, reviewed each year."}))
        for client in everyone:
            client.wait(lambda c: view(c, step)["clauses"]["c1"]["version"] == 2)
        # A phone that still shows version 1 answers: refused with the clear message; nothing lost.
        refused(say(cy, step, "support", version=1), "rule", "This clause was amended; read the new text")
        state = stored_state(app, step)
        assert len(state["clauses"]["c1"]["answers"]["1"]) == 4 and state["clauses"]["c1"]["answers"]["2"] == {}
        assert results(facilitator, step)["total"] == 0
        old = view(facilitator, step)["clauses"]["c1"]["versions"]["1"]
        assert old["results"]["total"] == 4
        assert old["results"]["organisations"]["City Clinic"]["answer"] == "reservations"
        dee.wait(lambda c: c.personal[str(step)]["answers"]["c1"] == {"earlier": {"version": 1, "answer": "object"}})

        # Version 2: Ben leaves as representative after answering; Homes Trust does not answer.
        ok(say(ana, step, "support", version=2))
        ok(say(ben, step, "support", version=2))
        ok(say(dee, step, "support", version=2))
        ok(facilitator.act(step, "unset_representative", {"actor_id": ben_id}))
        facilitator.wait(lambda c: results(c, step)["organisations"]["City Clinic"].get("left") is True)
        orgs = results(facilitator, step)["organisations"]
        assert orgs["City Clinic"]["answer"] == "support" and orgs["City Clinic"]["represented"] is False
        assert "answer" not in orgs["Homes Trust"] and orgs["Homes Trust"]["represented"] is True

        # Close with an outcome; answers are refused afterwards.
        last = ok(facilitator.act(step, "close_clause", {"clause_id": "c1", "outcome": "agreed_reservations"}))
        refused(say(cy, step, "support", version=2), "rule", "not open")
        converge(everyone, last)
        closed = view(screen, step)["clauses"]["c1"]
        assert closed["status"] == "closed" and closed["outcome"] == "agreed_reservations"
        events = [e["event"] for e in sorted(view(facilitator, step)["clauses"]["c1"]["log"].values(),
                                             key=lambda e: e["seq"])]
        assert events == ["opened", "amended", "opened", "closed"]

        # Bad input from a phone: unknown clause, markup is text, a facilitator-only action.
        refused(say(ana, step, "support", clause="c99"), "rule", "no longer exists")
        refused(ana.act(step, "open_clause", {"clause_id": "c2"}), "forbidden")
        refused(facilitator.act(step, "add_clause", {"heading": "", "text": "   "}), "invalid")
        ok(facilitator.act(step, "add_clause", {"heading": "<b>Data</b>", "text": "<script>alert(1)</script>"}))
        facilitator.wait(lambda c: len(view(c, step)["clauses"]) == 3)
        added = next(c for c in view(facilitator, step)["clauses"].values() if c["number"] == 3)
        assert added["text"] == "<script>alert(1)</script>"
    finally:
        for client in everyone:
            client.close()


def test_an_anonymous_room_keeps_names_and_actor_ids_off_the_wire(server):
    app, ids = seed_workshop(server, anonymous=True)
    step = ids["step"]
    facilitator, screen, phones = room_clients(server, ids)
    ana, ben, cy, dee = phones
    try:
        ok(facilitator.act(step, "set_representative", {"actor_id": ids["actors"][0], "organisation": "North School"}))
        ok(facilitator.act(step, "open_clause", {"clause_id": "c1"}))
        ana.wait(lambda c: view(c, step)["open"] == "c1")
        ok(say(ana, step, "object", "We cannot fund it"))
        ok(say(ben, step, "reservations", "Data rules first"))
        last = ok(say(cy, step, "support"))
        for client in (screen, dee):
            client.wait(lambda c: c.doc["seq"] >= last["v"], timeout=20)
            client.wait(lambda c: results(c, step)["total"] == 3)
            with client.lock:
                wire = json.dumps(client.raw)
            for needle in ("Quillfeather", "Marrowgate", "Thistledown", *(f'"{a}"' for a in ids["actors"])):
                assert needle not in wire, needle
            reasons = {r["reason"] for r in results(client, step)["reasons"].values()}
            assert reasons == {"We cannot fund it", "Data rules first"}
            assert results(client, step)["organisations"]["North School"]["answer"] == "object"
            # Each sector has one person here: all voices fold into "other".
            assert set().union(*(s.keys() for s in results(client, step)["by_sector"].values())) <= {"other"}
        # The facilitator still sees who said what.
        names = {r["author"]["name"] for r in results(facilitator, step)["reasons"].values()}
        assert names == {"Ana Quillfeather", "Ben Marrowgate"}
        with app.app_context():
            assert db.session.get(Workshop, ids["workshop"]).anonymous
            db.session.remove()
    finally:
        for client in (facilitator, screen, *phones):
            client.close()
