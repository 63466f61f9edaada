"""Reports (issue 23), through the Socket.IO test client: a participant reports another
participant's note; a second report is idempotent; every bad input gets a coded, translated
refusal; the facilitator's panel lists it (author hidden in an anonymous workshop) and decides
(dismiss, hide through the exercise's Delete, mute the author), each decision in the moderation
log; the reporter's phone is told only that the report was received, then looked at."""
import pytest

from app.exercises.reporting import contributed, item_id, removed_by
from app.extensions import db
from app.models import Action, ItemReport, Participant, Step
from plugins.ideas import exercise as ideas
from tests.factories import create_participant
from tests.live_helpers import act, connect_participant, control, flush, moderation_room, new_op, received_json

NOTE = "The bus depot manager is useless, his name is Bob Smith"


def report(sio, step_id, item, reason="", text="", op=None):
    return sio.emit("report", {"op": op or new_op(), "data": {"step": step_id, "item": item, "reason": reason,
                                                               "text": text}}, callback=True)


def _sync(app, sio):
    flush(app)
    return sio.emit("sync", {}, callback=True)


def _panel(app, clients):
    return _sync(app, clients["facilitator"])["doc"]["moderation"]


@pytest.fixture
def room(app, client):
    """The shared moderation room (not moderated) with one note by the author on the wall."""
    workshop, step_id, author_id, clients = moderation_room(app, client)
    ack = act(clients["author"], step_id, "add_note", {"text": NOTE})
    assert ack["ok"] is True, ack
    note_id = next(iter(db.session.get(Step, step_id).state["notes"]))
    return workshop, step_id, author_id, clients, f"note:{note_id}"


# -- the exercise's hooks ----------------------------------------------------------------------

def test_ideas_says_which_notes_are_reportable_and_how_to_remove_them(app):
    state = ideas.initial_state({"prompt": "?", "categories": "", "max_length": 280, "notes_per_participant": 5,
                                 "dots": 3, "allow_stacking": False, "starting_notes": "A starting note"})
    starting = next(iter(state["notes"]))
    state["notes"]["n9"] = {"id": "n9", "text": "Mine", "author": {"id": "p:4", "sector": ""}}
    assert ideas.reportable(state, "note:n9") == {"author": "p:4", "text": "Mine"}
    assert ideas.reportable(state, f"note:{starting}") is None  # nobody in the room wrote it
    assert ideas.reportable(state, "note:n404") is None and ideas.reportable(state, "cluster:n9") is None
    assert ideas.removal(state, "note:n9") == ("delete_note", {"note_id": "n9"})
    assert ideas.removal(state, "note:n404") is None


def test_the_policy_window_and_the_ledger_report_their_items_and_other_exercises_none():
    from plugins.agreement import exercise as agreement
    from plugins.commitments import exercise as commitments
    from plugins.policy_window import exercise as policy_window

    notes = {"notes": {"n2": {"id": "n2", "text": "Council elections in May", "author": {"id": "p:7"}}}}
    assert policy_window.reportable(notes, "note:n2") == {"author": "p:7", "text": "Council elections in May"}
    assert policy_window.removal(notes, "note:n2") == ("delete_note", {"note_id": "n2"})
    ledger = {"commitments": {"k1": {"id": "k1", "description": "Two youth workers", "author": {"id": "p:8"}}}}
    assert commitments.reportable(ledger, "commitment:k1") == {"author": "p:8", "text": "Two youth workers"}
    assert commitments.removal(ledger, "commitment:k1") == ("withdraw", {"commitment_id": "k1"})
    assert agreement.reportable({}, "note:n1") is None and agreement.removal({}, "note:n1") is None


def test_the_helpers_read_keys_strictly():
    assert item_id("note:n3", "note") == "n3"
    assert item_id("note:", "note") is None and item_id("notes:n3", "note") is None and item_id(3, "note") is None
    state = {"commitments": {"k1": {"author": {"id": "f:1"}, "description": "x"}}}
    assert contributed(state, "commitments", "commitment", "commitment:k1", text="description") is None
    assert removed_by("withdraw", "commitment_id", state, "commitments", "commitment", "commitment:k1") == (
        "withdraw", {"commitment_id": "k1"})


# -- reporting ---------------------------------------------------------------------------------

def test_a_report_is_stored_once_and_its_reporter_is_told_it_was_received(app, room):
    workshop, step_id, author_id, clients, item = room
    ack = report(clients["other"], step_id, item, "personal", "  It names   him  ")
    assert ack["ok"] is True and ack["item"] == item and ack["step"] == step_id, ack
    assert ack["message"] == "Thank you. The facilitator will look at it."
    again = report(clients["other"], step_id, item, "bullying")
    assert again["ok"] is True and again["duplicate"] is True
    row = db.session.query(ItemReport).one()
    assert (row.reason, row.note, row.text, row.author_key, row.status) == (
        "personal", "It names him", NOTE, f"p:{author_id}", "open")
    assert _sync(app, clients["other"])["personal"]["reports"] == [{"step": step_id, "item": item,
                                                                    "status": "received"}]
    # Nobody else learns of it: not the author, not the screen.
    assert "reports" not in _sync(app, clients["author"])["personal"]
    assert "It names him" not in received_json(clients["author"]) + received_json(clients["screen"])


@pytest.mark.parametrize(("data", "code"), [
    ({"item": "note:n404"}, "not_found"),
    ({"step": 999999}, "not_found"),
    ({"reason": "boring"}, "invalid"),
    ({"text": "x" * 201}, "invalid"),
    ({"item": ""}, "invalid"),
])
def test_bad_reports_are_refused_with_a_code(app, room, data, code):
    _workshop, step_id, _author, clients, item = room
    message = {"step": step_id, "item": item, **data}
    ack = clients["other"].emit("report", {"op": new_op(), "data": message}, callback=True)
    assert ack["ok"] is False and ack["code"] == code and ack["error"], ack
    assert db.session.query(ItemReport).count() == 0


def test_no_report_of_ones_own_item_from_a_facilitator_a_screen_or_without_an_op(app, room):
    _workshop, step_id, _author, clients, item = room
    own = report(clients["author"], step_id, item)
    assert (own["ok"], own["code"]) == (False, "own")
    for role in ("facilitator", "screen"):
        ack = report(clients[role], step_id, item)
        assert (ack["ok"], ack["code"]) == (False, "forbidden"), role
    bad = clients["other"].emit("report", {"op": "x", "data": {"step": step_id, "item": item}}, callback=True)
    assert (bad["ok"], bad["code"]) == (False, "bad_request")
    assert db.session.query(ItemReport).count() == 0


def test_a_muted_participant_cannot_report(app, room):
    _workshop, step_id, _author, clients, item = room
    db.session.query(Participant).filter_by(name="Ben").one().muted = True
    db.session.commit()
    ack = report(clients["other"], step_id, item)
    assert (ack["ok"], ack["code"]) == (False, "muted")


def test_a_hidden_step_reports_nothing(app, room):
    _workshop, step_id, _author, clients, item = room
    db.session.get(Step, step_id).hidden = True
    db.session.commit()
    assert report(clients["other"], step_id, item)["code"] == "not_found"


def test_refusals_are_in_the_reporters_language(app, room):
    workshop, step_id, _author, _clients, _item = room
    chloe, token = create_participant(workshop, name="Chloé")
    chloe.language = "fr"
    db.session.commit()
    ack = report(connect_participant(app, workshop, token), step_id, "note:n404")
    assert ack["code"] == "not_found"
    assert ack["error"] == "Cette contribution n'est plus là, ou elle ne peut pas être signalée."


def test_reports_are_rate_limited(app, room):
    _workshop, step_id, _author, clients, item = room
    app.extensions.pop("action_limiter", None)
    app.config.update(ACTION_RATE=0.001, ACTION_BURST=1)
    assert report(clients["other"], step_id, item)["ok"] is True
    ack = report(clients["other"], step_id, item)
    assert (ack["ok"], ack["code"]) == (False, "throttled")


# -- the facilitator's panel and decisions -----------------------------------------------------

def test_the_panel_lists_the_report_with_its_reasons_and_author(app, room):
    _workshop, step_id, _author, clients, item = room
    report(clients["other"], step_id, item, "personal", "It names him")
    [entry] = _panel(app, clients)["reports"]
    assert (entry["item"], entry["text"], entry["author"], entry["count"], entry["reasons"], entry["notes"],
            entry["can_hide"], entry["gone"]) == (item, NOTE, "Amira", 1, {"personal": 1}, ["It names him"], True,
                                                  False)


def test_an_anonymous_workshop_names_no_author_in_the_panel_nor_the_log(app, client):
    workshop, step_id, _author, clients = moderation_room(app, client, anonymous=True)
    act(clients["author"], step_id, "add_note", {"text": NOTE})
    item = "note:" + next(iter(db.session.get(Step, step_id).state["notes"]))
    assert report(clients["other"], step_id, item, "offensive")["ok"] is True
    [entry] = _panel(app, clients)["reports"]
    assert "author" not in entry and "participant" not in entry
    ack = control(clients["facilitator"], "report_mute", {"step_id": step_id, "item": item})
    assert ack["ok"] is True, ack
    assert db.session.query(Participant).filter_by(name="Amira").one().muted is True
    [logged] = [e for e in _panel(app, clients)["log"] if e["kind"] == "report_muted"]
    assert logged["about"] == ""


def test_hide_deletes_the_note_through_the_exercise_and_is_logged(app, room):
    _workshop, step_id, _author, clients, item = room
    report(clients["other"], step_id, item, "personal")
    op = new_op()
    ack = control(clients["facilitator"], "report_hide", {"step_id": step_id, "item": item}, op=op)
    assert ack["ok"] is True, ack
    db.session.remove()
    assert db.session.get(Step, step_id).state["notes"] == {}
    assert db.session.query(Action).filter_by(type="delete_note").one().actor_key.startswith("f:")
    assert db.session.query(ItemReport).one().status == "hidden"
    again = control(clients["facilitator"], "report_hide", {"step_id": step_id, "item": item}, op=op)
    assert again["ok"] is True and again["duplicate"] is True
    panel = _panel(app, clients)
    assert panel["reports"] == []
    assert [(e["kind"], e["about"]) for e in panel["log"]] == [("report_hidden", "Amira")]
    # Every phone's view lost it; the reporter only learns the report was looked at.
    assert _sync(app, clients["other"])["doc"]["steps"][str(step_id)]["view"]["notes"] == {}
    assert _sync(app, clients["other"])["personal"]["reports"][0]["status"] == "reviewed"


def test_dismiss_leaves_the_note_and_a_decided_report_cannot_be_decided_again(app, room):
    _workshop, step_id, _author, clients, item = room
    report(clients["other"], step_id, item)
    target = {"step_id": step_id, "item": item}
    assert control(clients["facilitator"], "report_dismiss", target)["ok"] is True
    assert len(db.session.get(Step, step_id).state["notes"]) == 1
    for command in ("report_dismiss", "report_hide", "report_mute"):
        ack = control(clients["facilitator"], command, target)
        assert (ack["ok"], ack["code"]) == (False, "decided"), command
    assert [e["kind"] for e in _panel(app, clients)["log"]] == ["report_dismissed"]


def test_mute_mutes_the_author_who_then_cannot_post(app, room):
    _workshop, step_id, author_id, clients, item = room
    report(clients["other"], step_id, item)
    assert control(clients["facilitator"], "report_mute", {"step_id": step_id, "item": item})["ok"] is True
    assert db.session.get(Participant, author_id).muted is True
    assert act(clients["author"], step_id, "add_note", {"text": "again"})["code"] == "muted"
    assert [(e["kind"], e["by"] != "", e["about"]) for e in _panel(app, clients)["log"]] == [
        ("report_muted", True, "Amira")]


def test_decisions_are_for_the_facilitator_only(app, room):
    _workshop, step_id, _author, clients, item = room
    report(clients["other"], step_id, item)
    for role in ("other", "author", "screen"):
        ack = control(clients[role], "report_hide", {"step_id": step_id, "item": item})
        assert (ack["ok"], ack["code"]) == (False, "forbidden"), role
    assert db.session.query(ItemReport).one().status == "open"
    bad = control(clients["facilitator"], "report_hide", {"item": item})
    assert (bad["ok"], bad["code"]) == (False, "invalid")


def test_a_note_its_author_deleted_is_still_decided(app, room):
    _workshop, step_id, _author, clients, item = room
    report(clients["other"], step_id, item)
    act(clients["author"], step_id, "delete_note", {"note_id": item.split(":", 1)[1]})
    [entry] = _panel(app, clients)["reports"]
    assert entry["gone"] is True and entry["text"] == NOTE  # as it was when reported
    assert control(clients["facilitator"], "report_hide", {"step_id": step_id, "item": item})["ok"] is True
    assert db.session.query(ItemReport).one().status == "hidden"


def test_at_breakout_tables_a_report_reaches_the_reporters_own_table_only(app, client):
    from app.models import BreakoutTable, Workshop

    workshop, step_id, _author, clients = moderation_room(app, client)
    workshop_id = workshop.id
    tables = [BreakoutTable(workshop_id=workshop_id, position=position, name=name)
              for position, name in enumerate(("Oak", "Elm"))]
    db.session.add_all(tables)
    db.session.commit()
    oak, elm = (table.id for table in tables)
    db.session.query(Participant).filter_by(workshop_id=workshop_id).update({"table_id": oak})
    chloe, token = create_participant(db.session.get(Workshop, workshop_id), name="Chloé")
    chloe.table_id = elm
    db.session.commit()
    assert control(clients["facilitator"], "step_tables", {"step_id": step_id, "on": True})["ok"] is True
    added = act(clients["author"], step_id, "add_note", {"text": NOTE})
    instance = added["instance"]
    item = "note:" + next(iter(db.session.get(Step, instance).state["notes"]))
    ack = report(clients["other"], step_id, item)
    assert ack["ok"] is True and ack["step"] == step_id, ack
    assert db.session.query(ItemReport).one().step_id == instance
    # Elm's phone cannot reach Oak's note.
    elm_phone = connect_participant(app, db.session.get(Workshop, workshop_id), token)
    assert report(elm_phone, step_id, item)["code"] == "not_found"
    [entry] = _panel(app, clients)["reports"]
    assert (entry["step_id"], entry["step"]) == (instance, step_id)
    assert control(clients["facilitator"], "report_hide", {"step_id": instance, "item": item})["ok"] is True
    db.session.remove()
    assert db.session.get(Step, instance).state["notes"] == {}
    assert _sync(app, clients["other"])["personal"]["reports"] == [{"step": step_id, "item": item,
                                                                    "status": "reviewed"}]
