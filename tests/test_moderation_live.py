"""Moderation through the Socket.IO test client: held contributions reach nobody but the
facilitator until approved; approve, edit and approve, reject; mute; authorisation."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Action, HeldAction, Participant, Step, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import (
    act,
    connect_facilitator,
    connect_participant,
    control,
    flush,
    moderation_room,
    new_op,
    received_json,
)

SECRET = "Secret note about the bus depot 🚌"


@pytest.fixture
def room(app, client):
    """A moderated live workshop on an ideas step: the facilitator, the author, a neighbour, the screen."""
    return moderation_room(app, client, moderated=True)


def _sync(sio):
    return sio.emit("sync", {}, callback=True)


def _notes(step_id):
    db.session.remove()
    return [note["text"] for note in db.session.get(Step, step_id).state["notes"].values()]


def _queue(app, sio):
    flush(app)
    return _sync(sio)["doc"]["moderation"]


def _hold(app, room, text=SECRET):
    workshop, step_id, _author, clients = room
    ack = act(clients["author"], step_id, "add_note", {"text": text})
    assert ack["ok"] is True and ack["held"] is True, ack
    return ack


def test_a_held_note_reaches_no_other_phone_nor_the_screen(app, room):
    workshop, step_id, _author, clients = room
    ack = _hold(app, room)
    assert ack["message"] == "Sent to the facilitator, who will share it with the room."
    assert _notes(step_id) == []
    flush(app)
    for name in ("other", "screen"):
        _sync(clients[name])
        # Every frame this client ever received, the sync's reply included.
        assert "bus depot" not in received_json(clients[name]), name
    held = _queue(app, clients["facilitator"])["held"]
    assert [(item["text"], item["author"]) for item in held] == [({"text": SECRET}, "Amira")]
    personal = _sync(clients["author"])["personal"]["held"]
    assert [(item["text"], item["status"]) for item in personal] == [(SECRET, "held")]


def test_approval_applies_the_note_as_its_author(app, room):
    workshop, step_id, author_id, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    ack = control(clients["facilitator"], "approve", {"held_id": held_id})
    assert ack["ok"] is True, ack
    assert _notes(step_id) == [SECRET]
    note = next(iter(db.session.get(Step, step_id).state["notes"].values()))
    assert note["author"]["id"] == f"p:{author_id}"
    applied = db.session.query(Action).filter_by(actor_key=f"p:{author_id}", type="add_note").one().payload
    # The same action the exercise would have had live: compare with one sent unmoderated.
    assert control(clients["facilitator"], "setting", {"setting": "moderated", "value": False})["ok"]
    live_ack = act(clients["other"], step_id, "add_note", {"text": SECRET})
    assert db.session.query(Action).filter_by(op_id=live_ack["op"]).one().payload == applied
    flush(app)
    for name in ("other", "screen"):
        assert "bus depot" in received_json(clients[name]), name
    assert _queue(app, clients["facilitator"])["held"] == []
    assert _sync(clients["author"])["personal"]["held"] == []
    log = _queue(app, clients["facilitator"])["log"]
    assert [(entry["kind"], entry["by"], entry["about"]) for entry in log] == [("approved", "Fran", "Amira")]


def test_the_authors_resend_gets_the_same_answer_before_and_after_approval(app, room):
    workshop, step_id, _author, clients = room
    op = new_op()
    first = act(clients["author"], step_id, "add_note", {"text": SECRET}, op=op)
    again = act(clients["author"], step_id, "add_note", {"text": SECRET}, op=op)
    assert first["held"] and again["held"] and again["duplicate"] is True
    assert db.session.query(HeldAction).count() == 1
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    assert control(clients["facilitator"], "approve", {"held_id": held_id})["ok"]
    after = act(clients["author"], step_id, "add_note", {"text": SECRET}, op=op)
    assert after["ok"] is True and after["duplicate"] is True and "held" not in after
    assert _notes(step_id) == [SECRET]


def test_rejection_tells_the_author_and_nobody_else_sees_anything(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    ack = control(clients["facilitator"], "reject", {"held_id": held_id, "reason": "Let's keep names out of it."})
    assert ack["ok"] is True, ack
    assert _notes(step_id) == []
    flush(app)
    for name in ("other", "screen"):
        _sync(clients[name])
        assert "bus depot" not in received_json(clients[name]), name
    mine = _sync(clients["author"])["personal"]["held"]
    assert [(item["status"], item["reason"]) for item in mine] == [("rejected", "Let's keep names out of it.")]
    row = db.session.get(HeldAction, held_id)
    assert row.status == "rejected" and row.decided_by.startswith("f:") and row.decided_at is not None


def test_edit_and_approve_changes_only_the_text_and_says_so(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    ack = control(clients["facilitator"], "edit_approve",
                  {"held_id": held_id, "text": "A note about the depot"})
    assert ack["ok"] is True, ack
    assert _notes(step_id) == ["A note about the depot"]
    row = db.session.get(HeldAction, held_id)
    assert row.edited is True and row.status == "approved"
    assert [entry["kind"] for entry in _queue(app, clients["facilitator"])["log"]] == ["edited"]


def test_an_edit_is_validated_by_the_actions_own_form(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    ack = control(clients["facilitator"], "edit_approve", {"held_id": held_id, "text": ""})
    assert ack["ok"] is False and ack["code"] == "invalid" and "text" in ack["fields"]
    assert db.session.get(HeldAction, held_id).status == "held" and _notes(step_id) == []


def test_a_decided_or_unknown_item_is_refused_clearly(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    assert control(clients["facilitator"], "reject", {"held_id": held_id})["ok"]
    again = control(clients["facilitator"], "approve", {"held_id": held_id})
    assert again["ok"] is False and again["code"] == "decided" and again["error"]
    gone = control(clients["facilitator"], "approve", {"held_id": held_id + 1000})
    assert gone["ok"] is False and gone["code"] == "not_found"
    assert _notes(step_id) == []


def test_a_repeated_approval_op_is_answered_as_the_first(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = _queue(app, clients["facilitator"])["held"][0]["id"]
    op = new_op()
    first = control(clients["facilitator"], "approve", {"held_id": held_id}, op=op)
    again = control(clients["facilitator"], "approve", {"held_id": held_id}, op=op)
    assert first["ok"] and again["ok"] and again["duplicate"] is True and again["v"] == first["v"]
    assert _notes(step_id) == [SECRET]


def test_a_participant_cannot_decide(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = db.session.query(HeldAction).one().id
    ack = control(clients["other"], "approve", {"held_id": held_id})
    assert ack["ok"] is False and ack["code"] == "forbidden"
    assert db.session.get(HeldAction, held_id).status == "held"


def test_a_facilitator_of_another_partnership_cannot_approve(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = db.session.query(HeldAction).one().id
    stranger = create_facilitator(email="other@example.org", name="Olga")
    theirs = create_workshop(create_partnership(stranger), title="Theirs")
    other_client = app.test_client()
    login(other_client, email="other@example.org")
    # Not a facilitator of this workshop: the connection itself is refused...
    assert not connect_facilitator(app, other_client, workshop).is_connected()
    # ...and from their own workshop's console the item is not found.
    own = connect_facilitator(app, other_client, theirs)
    ack = control(own, "approve", {"held_id": held_id})
    assert ack["ok"] is False and ack["code"] == "not_found"
    assert db.session.get(HeldAction, held_id).status == "held" and _notes(step_id) == []


def test_a_muted_participant_is_refused_kindly_until_unmuted(app, room):
    workshop, step_id, author_id, clients = room
    ack = control(clients["facilitator"], "mute", {"participant_id": author_id})
    assert ack["ok"] is True, ack
    refused = act(clients["author"], step_id, "vote", {"note_id": "n1"})
    assert refused["ok"] is False and refused["code"] == "muted" and "paused your contributions" in refused["error"]
    assert _queue(app, clients["facilitator"])["muted"] == [str(author_id)]
    assert control(clients["facilitator"], "unmute", {"participant_id": author_id})["ok"]
    assert _hold(app, room)["held"] is True
    log = _queue(app, clients["facilitator"])["log"]
    assert [entry["kind"] for entry in log] == ["unmuted", "muted"]


def test_muting_someone_of_another_workshop_is_refused(app, room):
    workshop, step_id, _author, clients = room
    elsewhere = create_workshop(workshop.partnership, title="Another")
    stranger_id = create_participant(elsewhere, name="Zoe")[0].id
    ack = control(clients["facilitator"], "mute", {"participant_id": stranger_id})
    assert ack["ok"] is False and ack["code"] == "not_found"
    assert db.session.get(Participant, stranger_id).muted is False


def test_facilitators_are_never_held(app, room):
    workshop, step_id, _author, clients = room
    ack = act(clients["facilitator"], step_id, "add_note", {"text": "From the front"})
    assert ack["ok"] is True and "held" not in ack
    assert _notes(step_id) == ["From the front"]


def test_actions_that_carry_no_text_are_not_held(app, room):
    workshop, step_id, _author, clients = room
    assert act(clients["facilitator"], step_id, "add_note", {"text": "Vote for me"})["ok"]
    note_id = next(iter(db.session.get(Step, step_id).state["notes"]))
    ack = act(clients["other"], step_id, "vote", {"note_id": note_id})
    assert ack["ok"] is True and "held" not in ack


def test_a_held_action_is_checked_like_a_live_one(app, room):
    workshop, step_id, _author, clients = room
    db.session.get(Step, step_id).status = "locked"
    db.session.commit()
    ack = act(clients["author"], step_id, "add_note", {"text": SECRET})
    assert ack["ok"] is False and ack["code"] == "step_status"
    assert db.session.query(HeldAction).count() == 0


def test_a_note_held_then_refused_by_the_reducer_stays_held(app, room):
    """Approving when the step has closed meanwhile is refused, and the item can still be decided."""
    workshop, step_id, _author, clients = room
    _hold(app, room)
    held_id = db.session.query(HeldAction).one().id
    db.session.get(Step, step_id).status = "closed"
    db.session.commit()
    ack = control(clients["facilitator"], "approve", {"held_id": held_id})
    assert ack["ok"] is False and ack["error"].startswith("Not shared:")
    assert db.session.get(HeldAction, held_id).status == "held" and _notes(step_id) == []


def test_without_moderation_notes_go_straight_to_the_room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator))
    step_id = workshop.steps[0].id
    _, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step_id, "add_note", {"text": "Straight in"})
    assert ack["ok"] is True and "held" not in ack
    assert _notes(step_id) == ["Straight in"]
    assert "held" not in _sync(sio)["personal"]


def test_the_setting_control_turns_moderation_on(app, room):
    workshop, step_id, _author, clients = room
    assert control(clients["facilitator"], "setting", {"setting": "moderated", "value": False})["ok"]
    db.session.remove()
    assert db.session.get(Workshop, workshop.id).moderated is False
    ack = act(clients["author"], step_id, "add_note", {"text": "Now it flows"})
    assert ack["ok"] and "held" not in ack


def test_deleting_the_workshop_deletes_its_queue(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    db.session.delete(db.session.get(Workshop, workshop.id))
    db.session.commit()
    assert db.session.query(HeldAction).count() == 0



def test_purge_blanks_the_queue_text_and_keeps_the_log(app, room):
    workshop, step_id, _author, clients = room
    _hold(app, room)
    _hold(app, room, text="Another thought 🙂")
    first, second = (row.id for row in db.session.query(HeldAction).order_by(HeldAction.id))
    assert control(clients["facilitator"], "reject", {"held_id": first, "reason": "Not about the depot"})["ok"]
    stored = db.session.get(Workshop, workshop.id)
    stored.created_at = stored.created_at - timedelta(days=400)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    rows = {row.id: row for row in db.session.query(HeldAction)}
    assert all(row.data == {} and row.reason == "" for row in rows.values())
    assert rows[first].status == "rejected" and rows[first].decided_at is not None
    assert rows[second].status == "held"
