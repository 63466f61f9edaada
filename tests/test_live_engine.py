"""The live engine through the Socket.IO test client: auth, persist-before-ack, idempotency,
coalesced patches, resync, privacy on the wire, controls."""
import pytest

from app.extensions import db
from app.live import mergepatch
from app.models import Action, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush, new_op, received_json


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator))
    login(client)
    return workshop, workshop.steps[0].id


def patches(sio):
    return [m["args"][0] for m in sio.get_received() if m["name"] == "patch"]


def test_participant_action_is_stored_before_the_ack(app, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)
    assert sio.is_connected()
    ack = act(sio, step_id, "add_note", {"text": "Shared breakfast club"})
    assert ack["ok"] is True
    # The ack is only sent after the commit: a fresh session sees the row and the state.
    db.session.remove()
    step = db.session.get(Step, step_id)
    assert [n["text"] for n in step.state["notes"].values()] == ["Shared breakfast club"]
    assert db.session.query(Action).filter_by(op_id=ack["op"]).count() == 1
    assert ack["v"] == db.session.query(Action).filter_by(op_id=ack["op"]).one().seq


def test_repeated_operation_id_is_a_no_op(app, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)
    op = new_op()
    first = act(sio, step_id, "add_note", {"text": "Once only"}, op=op)
    again = act(sio, step_id, "add_note", {"text": "Once only"}, op=op)
    assert first["ok"] and again["ok"] and again["duplicate"] is True
    assert again["v"] == first["v"]
    db.session.remove()
    assert len(db.session.get(Step, step_id).state["notes"]) == 1
    assert db.session.query(Action).count() == 1


def test_invalid_payload_gets_field_errors_and_changes_nothing(app, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step_id, "add_note", {"text": ""})
    assert ack["ok"] is False and "text" in ack["fields"]
    ack = act(sio, step_id, "add_note", {"text": {"nested": "object"}})
    assert ack["ok"] is False and ack["error"]
    ack = act(sio, step_id, "no_such_action", {})
    assert ack["ok"] is False and "does not accept" in ack["error"]
    ack = act(sio, 99999, "add_note", {"text": "x"})
    assert ack["ok"] is False and ack["code"] == "not_found"
    assert db.session.query(Action).count() == 0


def test_unknown_token_and_missing_workshop_are_refused(app, room):
    workshop, _ = room
    assert not connect_participant(app, workshop, "not-a-real-token").is_connected()
    from app.extensions import socketio

    assert not socketio.test_client(app, auth={"workshop": 424242, "as": "participant", "token": "x"}).is_connected()
    assert not socketio.test_client(app, auth={}).is_connected()


def test_participant_cannot_use_facilitator_actions_or_controls(app, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step_id, "create_cluster", {"name": "Food"})
    assert ack["ok"] is False and ack["code"] == "forbidden"
    ack = control(sio, "step_status", {"step_id": step_id, "status": "closed"})
    assert ack["ok"] is False and ack["code"] == "forbidden"
    db.session.remove()
    assert db.session.get(Step, step_id).status == "open"


def test_locked_step_refuses_contributions(app, client, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "step_status", {"step_id": step_id, "status": "locked"})["ok"]
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step_id, "add_note", {"text": "Too late"})
    assert ack["ok"] is False and "locked" in ack["error"]


def test_one_coalesced_patch_per_audience_for_a_burst(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    phones = [connect_participant(app, workshop, create_participant(workshop, name=f"P{i}")[1]) for i in range(3)]
    v0 = fac.emit("sync", {}, callback=True)
    flush(app)
    fac.get_received()
    for i, phone in enumerate(phones):
        for j in range(4):
            assert act(phone, step_id, "add_note", {"text": f"idea {i}-{j}"})["ok"]
    flush(app)
    got = patches(fac)
    assert len(got) == 1, "twelve actions must arrive as one patch"
    doc = mergepatch.apply(v0["doc"], got[0]["patch"])
    assert len(doc["steps"][str(step_id)]["view"]["notes"]) == 12


def test_sync_after_patches_equals_patched_document(app, client, room):
    workshop, step_id = room
    _, token = create_participant(workshop)
    phone = connect_participant(app, workshop, token)
    start = phone.emit("sync", {}, callback=True)
    doc, version = start["doc"], start["v"]
    for text in ("a", "b", "c"):
        act(phone, step_id, "add_note", {"text": text})
        flush(app)
    for patch in patches(phone):
        assert patch["from"] == version
        doc, version = mergepatch.apply(doc, patch["patch"]), patch["to"]
    fresh = phone.emit("sync", {}, callback=True)
    assert fresh["v"] == version and fresh["doc"] == doc


def test_hidden_step_keeps_other_participants_text_off_the_wire(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    control(fac, "step_hidden", {"step_id": step_id, "hidden": True})
    alice = connect_participant(app, workshop, create_participant(workshop, name="Alice")[1])
    bob = connect_participant(app, workshop, create_participant(workshop, name="Bob")[1])
    bob.emit("sync", {}, callback=True)
    assert act(alice, step_id, "add_note", {"text": "SECRET-IDEA-42"})["ok"]
    flush(app)
    assert "SECRET-IDEA-42" not in received_json(bob)
    # Alice sees her own note through her personal channel.
    assert "SECRET-IDEA-42" in received_json(alice)
    control(fac, "step_hidden", {"step_id": step_id, "hidden": False})
    flush(app)
    assert "SECRET-IDEA-42" in received_json(bob)


def test_anonymous_mode_keeps_authorship_off_the_wire(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    screen = connect_facilitator(app, client, workshop, role="screen")
    control(fac, "setting", {"setting": "anonymous", "value": True})
    alice = connect_participant(app, workshop, create_participant(workshop, name="Alice Zebrafish")[1])
    bob = connect_participant(app, workshop, create_participant(workshop, name="Bob")[1])
    for client_ in (bob, screen, fac):
        client_.emit("sync", {}, callback=True)
    act(alice, step_id, "add_note", {"text": "visible idea"})
    flush(app)
    for client_ in (bob, screen):
        wire = received_json(client_)
        assert "visible idea" in wire
        assert "Alice Zebrafish" not in wire and "North School" not in wire
    assert "Alice Zebrafish" in received_json(fac)


def test_timer_is_owned_by_the_server(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "timer", {"step_id": step_id, "command": "start", "seconds": 300})["ok"]
    doc = fac.emit("sync", {}, callback=True)["doc"]
    flush(app)
    doc = fac.emit("sync", {}, callback=True)["doc"]
    assert doc["steps"][str(step_id)]["timer"]["state"] == "running"
    assert control(fac, "timer", {"step_id": step_id, "command": "pause"})["ok"]
    flush(app)
    timer = fac.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]["timer"]
    assert timer["state"] == "paused" and 290 <= timer["remaining"] <= 300
    bad = control(fac, "timer", {"step_id": step_id, "command": "start"})
    assert bad["ok"] is False


def test_removed_participant_is_disconnected_and_cannot_return(app, client, room):
    workshop, step_id = room
    participant, token = create_participant(workshop)
    phone = connect_participant(app, workshop, token)
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "remove_participant", {"participant_id": participant.id})["ok"]
    assert not phone.is_connected()
    assert not connect_participant(app, workshop, token).is_connected()


def test_facilitator_of_another_partnership_is_refused(app, room):
    workshop, _ = room
    other = app.test_client()
    create_facilitator(email="other@example.org")
    login(other, email="other@example.org")
    assert not connect_facilitator(app, other, workshop).is_connected()


def test_presence_counts_here_and_away(app, client, room):
    workshop, _ = room
    fac = connect_facilitator(app, client, workshop)
    participant, token = create_participant(workshop, name="Pia")
    phone = connect_participant(app, workshop, token)
    flush(app)
    doc = fac.emit("sync", {}, callback=True)["doc"]
    assert doc["presence"]["here"] == 1 and doc["presence"]["participants"][str(participant.id)]["here"] is True
    phone.disconnect()
    flush(app)
    doc = fac.emit("sync", {}, callback=True)["doc"]
    assert doc["presence"]["here"] == 0
    assert doc["presence"]["participants"][str(participant.id)]["here"] is False  # away, not gone


def last_personal(sio, step_id):
    messages = [m["args"][0] for m in sio.get_received() if m["name"] == "personal"]
    return messages[-1]["steps"][str(step_id)] if messages else None


def test_facilitator_change_refreshes_the_authors_own_part(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    alice = connect_participant(app, workshop, create_participant(workshop, name="Alice")[1])
    ack = act(alice, step_id, "add_note", {"text": "to be removed"})
    flush(app)
    note_id = next(iter(last_personal(alice, step_id)["notes"]))
    assert act(fac, step_id, "delete_note", {"note_id": note_id})["ok"]
    flush(app)
    assert last_personal(alice, step_id)["notes"] == {}, "the author's own list must follow the facilitator"
    assert ack["ok"]


def test_bringing_the_room_to_a_step_sends_its_own_part(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("ideas", None), ("ideas", None)))
    login(client)
    second = workshop.steps[1].id
    fac = connect_facilitator(app, client, workshop)
    alice = connect_participant(app, workshop, create_participant(workshop, name="Alice")[1])
    alice.get_received()
    assert control(fac, "goto", {"step_id": second})["ok"]
    assert control(fac, "bring_here")["ok"]
    flush(app)
    personal = last_personal(alice, second)
    assert personal is not None and personal["dots_left"] == 3


def test_an_action_spec_may_let_facilitators_act_in_more_statuses():
    from wtforms import Form

    from app.exercises import ActionSpec

    spec = ActionSpec(form=Form, statuses=frozenset({"open"}), facilitator_statuses=frozenset({"open", "locked"}))
    assert spec.allows("facilitator", "locked") and not spec.allows("participant", "locked")
    assert spec.allows("participant", "open") and not spec.allows("facilitator", "closed")
