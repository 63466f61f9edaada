"""Idempotency across retries and reconnects, and catching up after a drop (Flask-SocketIO test
client, in process): every operation resent 1-5 times, some of the resends on a new connection,
is stored exactly once; a participant who drops while others write 100 actions gets, on
reconnecting, exactly the document of the server and of a client that never left."""
import random

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.live import mergepatch
from app.models import Action, Step, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_helpers import act, connect_participant, flush, new_op


@pytest.fixture
def room(app):
    # Resends arrive back to back here, faster than a phone sends; the per-participant rate
    # limit has its own tests (test_security_flood.py) and must not throttle these.
    app.config.update(ACTION_RATE=1000, ACTION_BURST=1000)
    config = {**default_config(app.extensions["exercises"]["ideas"]), "notes_per_participant": 50, "dots": 20}
    workshop = create_workshop(create_partnership(create_facilitator()), steps=(("ideas", config),))
    return workshop.id, workshop.steps[0].id


def _workshop(workshop_id):
    return db.session.get(Workshop, workshop_id)


def test_resending_each_op_one_to_five_times_across_reconnects_stores_it_once(app, room):
    workshop_id, step_id = room
    rng = random.Random(11)
    people = [create_participant(_workshop(workshop_id), name=f"P{i}")[1] for i in range(3)]
    sockets = {token: connect_participant(app, _workshop(workshop_id), token) for token in people}
    first_acks, reconnects = {}, 0
    for n in range(24):
        token = people[n % 3]
        op, kind = new_op(), rng.choice(["add_note", "add_note", "vote"])
        data = {"text": f"note {op}"} if kind == "add_note" or not first_acks else {
            "note_id": rng.choice(sorted(_notes(step_id)))}
        if kind == "vote" and not first_acks:
            kind = "add_note"
        for attempt in range(rng.randint(1, 5)):
            if attempt and rng.random() < 0.5:  # the phone lost its connection: a new socket resends
                sockets[token].disconnect()
                sockets[token] = connect_participant(app, _workshop(workshop_id), token)
                reconnects += 1
            ack = act(sockets[token], step_id, kind, data, op=op)
            assert ack["ok"], ack
            if attempt == 0:
                assert "duplicate" not in ack
                first_acks[op] = (ack, kind)
            else:
                assert ack["duplicate"] is True
                assert (ack["v"], ack["step_version"]) == (first_acks[op][0]["v"], first_acks[op][0]["step_version"])
    assert reconnects > 0
    db.session.remove()
    rows = db.session.query(Action).filter_by(workshop_id=workshop_id).all()
    assert sorted(r.op_id for r in rows) == sorted(first_acks), "an op was stored twice, or lost"
    state = db.session.get(Step, step_id).state
    added = sum(1 for _, kind in first_acks.values() if kind == "add_note")
    voted = sum(1 for _, kind in first_acks.values() if kind == "vote")
    assert len(state["notes"]) == added
    assert sum(sum(v.values()) for v in state["votes"].values()) == voted
    assert sorted(r.seq for r in rows) == list(range(1, len(rows) + 1)), "each stored op is one version"


def _notes(step_id):
    db.session.expire_all()
    return db.session.get(Step, step_id).state["notes"]


def _patched(sio, doc, version):
    """Apply the patches ``sio`` received, in order, the way a client does."""
    for message in sio.get_received():
        if message["name"] != "patch":
            continue
        patch = message["args"][0]
        if patch["to"] <= version:
            continue
        assert patch["from"] == version, "gap in the patch chain of a connected client"
        doc, version = mergepatch.apply(doc, patch["patch"]), patch["to"]
    return doc, version


def test_a_client_that_drops_while_others_write_100_actions_catches_up(app, room):
    workshop_id, step_id = room
    _, dropper_token = create_participant(_workshop(workshop_id), name="Dropper")
    writers = [create_participant(_workshop(workshop_id), name=f"W{i}")[1] for i in range(4)]
    dropper = connect_participant(app, _workshop(workshop_id), dropper_token)
    stayer = connect_participant(app, _workshop(workshop_id), create_participant(_workshop(workshop_id),
                                                                                 name="Stayer")[1])
    assert act(dropper, step_id, "add_note", {"text": "mine, before the drop"})["ok"]
    flush(app)
    start = stayer.emit("sync", {}, callback=True)
    stayer.get_received()
    stayer_doc, stayer_v = start["doc"], start["v"]
    before = dropper.emit("sync", {}, callback=True)
    dropper.disconnect()

    sockets = [connect_participant(app, _workshop(workshop_id), token) for token in writers]
    rng = random.Random(5)
    for n in range(100):
        sio = sockets[n % 4]
        if n < 60 or not rng.random() < 0.5:
            ack = act(sio, step_id, "add_note", {"text": f"written while away {n}"})
        else:
            ack = act(sio, step_id, "vote", {"note_id": rng.choice(sorted(_notes(step_id)))})
        assert ack["ok"], ack
        if n % 7 == 0:
            flush(app)
    flush(app)

    again = connect_participant(app, _workshop(workshop_id), dropper_token)
    reply = again.emit("sync", {}, callback=True)
    assert reply["v"] > before["v"]
    notes = reply["doc"]["steps"][str(step_id)]["view"]["notes"]
    assert len(notes) == 1 + sum(1 for n in notes.values() if n["text"].startswith("written while away"))
    assert sum(n["dots"] for n in notes.values()) == 100 - (len(notes) - 1)
    # Equal to what a client that never left built from patches...
    stayer_doc, stayer_v = _patched(stayer, stayer_doc, stayer_v)
    assert (reply["v"], reply["doc"]) == (stayer_v, stayer_doc)
    # ...and to the document rebuilt from the database from scratch.
    from app.live.rooms import build_doc, personal_doc

    db.session.remove()
    fresh = build_doc(_workshop(workshop_id), "participant")
    assert reply["doc"]["steps"] == fresh["steps"]
    assert reply["doc"]["workshop"] == fresh["workshop"]
    # Its own part is there too.
    dropper_id = next(p.id for p in _workshop(workshop_id).participants if p.name == "Dropper")
    assert reply["personal"] == personal_doc(_workshop(workshop_id), f"p:{dropper_id}")
    assert [n["text"] for n in reply["personal"][str(step_id)]["notes"].values()] == ["mine, before the drop"]
