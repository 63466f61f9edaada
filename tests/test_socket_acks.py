"""Every socket message gets an acknowledgement, whatever it carries: a lone surrogate in a
note, a step id past 64 bits, a message that is not an object, a workshop deleted under a
connected client. Without an ack the browser's outbox resends the same change for ever and
the phone's later changes never leave."""
import pytest

from app.extensions import db
from app.models import Action, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, new_op


@pytest.fixture
def room(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    _, token = create_participant(workshop)
    return workshop, workshop.steps[0].id, token


def test_a_lone_surrogate_in_a_note_is_refused_with_an_ack(app, room):
    workshop, step_id, token = room
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step_id, "add_note", {"text": "broken \ud800 text"})
    assert ack["ok"] is False and ack["code"] == "invalid"
    assert "text" in ack["fields"]
    # The phone goes on: its next change is accepted.
    assert act(sio, step_id, "add_note", {"text": "fine"})["ok"] is True
    assert db.session.query(Action).filter(Action.actor_key.like("p:%")).count() == 1


@pytest.mark.parametrize("step", [2**63, -(2**63) - 1, 10**30])
def test_a_step_id_past_64_bits_is_answered_not_found(app, room, step):
    workshop, _step_id, token = room
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step, "add_note", {"text": "x"})
    assert ack["ok"] is False and ack["code"] == "not_found"


@pytest.mark.parametrize("event", ["act", "control", "sync"])
@pytest.mark.parametrize("message", ["text", 7, ["a"], None])
def test_a_message_that_is_not_an_object_gets_an_answer(app, client, room, event, message):
    workshop, _step_id, _token = room
    sio = connect_facilitator(app, client, workshop)
    ack = sio.emit(event, message, callback=True)
    assert isinstance(ack, dict) and "ok" in ack
    if event != "sync":
        assert ack["ok"] is False and ack["code"] == "bad_request"


def test_a_control_with_a_huge_step_id_gets_an_answer(app, client, room):
    workshop, _step_id, _token = room
    sio = connect_facilitator(app, client, workshop)
    ack = control(sio, "step_status", {"step_id": 2**63, "status": "locked"})
    assert ack["ok"] is False and ack["code"] in {"invalid", "not_found"}


def test_a_deleted_workshop_answers_sync_and_act_with_gone(app, client, room):
    workshop, step_id, token = room
    workshop_id = workshop.id
    phone = connect_participant(app, workshop, token)
    console = connect_facilitator(app, client, workshop)
    assert phone.emit("sync", {}, callback=True)["ok"] is True
    db.session.delete(db.session.get(Workshop, workshop_id))
    db.session.commit()
    for sio in (phone, console):
        reply = sio.emit("sync", {}, callback=True)
        assert reply["ok"] is False and reply["code"] == "gone"
        assert reply["error"]
    ack = act(phone, step_id, "add_note", {"text": "too late"}, op=new_op())
    assert ack["ok"] is False and ack["code"] in {"gone", "not_found"}
    ack = control(console, "step_status", {"step_id": step_id, "status": "locked"})
    assert ack["ok"] is False and ack["code"] == "gone"
