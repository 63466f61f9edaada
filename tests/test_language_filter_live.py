"""The offensive-language filter in the room, through the Socket.IO test client: "hold" keeps an
offensive contribution in the facilitator's queue even when the workshop does not moderate (on
no other phone and not on the screen until approved), "flag" lets it through and lists it on
the console and in the log, "off" changes nothing; and the setting itself (form, duplicate, JSON)."""
import json

import pytest

from app.extensions import db
from app.models import HeldAction, Step, Workshop
from app.workshops import agenda
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.live_helpers import (
    act,
    control,
    flush,
    moderation_room,
    received_json,
)

RUDE = "The bus depot is shit at night"
RUDE_FR = "Ce connard de chauffeur ne s'arrête jamais"
CLEAN = "A later last bus from the depot"


def make_room(app, client, mode, moderated=False):
    """A live workshop on an ideas step with the filter in ``mode``: facilitator, author, neighbour, screen."""
    return moderation_room(app, client, language_filter=mode, moderated=moderated)


def _sync(sio):
    return sio.emit("sync", {}, callback=True)


def _notes(step_id):
    db.session.remove()
    return [note["text"] for note in db.session.get(Step, step_id).state["notes"].values()]


def _panel(app, sio):
    flush(app)
    return _sync(sio)["doc"]["moderation"]


@pytest.mark.parametrize("text, words", [(RUDE, ["shit"]), (RUDE_FR, ["connard"])])
def test_hold_keeps_an_offensive_note_from_every_other_phone_and_the_screen(app, client, text, words):
    workshop, step_id, _author, clients = make_room(app, client, "hold")
    ack = act(clients["author"], step_id, "add_note", {"text": text})
    assert ack["ok"] is True and ack["held"] is True, ack
    assert ack["message"] == "Sent to the facilitator, who will share it with the room."
    assert _notes(step_id) == []
    flush(app)
    for name in ("other", "screen"):
        _sync(clients[name])
        # Every frame this client ever received, the sync's reply included.
        assert words[0] not in received_json(clients[name]), name
    panel = _panel(app, clients["facilitator"])
    assert [(item["text"], item["author"], item["filter_words"]) for item in panel["held"]] == [
        ({"text": text}, "Amira", words)]
    assert panel["filter"] == "hold" and panel["flagged"] == []
    assert db.session.query(HeldAction).one().filter_words == words
    personal = _sync(clients["author"])["personal"]["held"]
    assert [(item["text"], item["status"]) for item in personal] == [(text, "held")]


def test_approving_a_held_note_shares_it_with_the_room(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "hold")
    assert act(clients["author"], step_id, "add_note", {"text": RUDE})["held"]
    held_id = db.session.query(HeldAction).one().id
    assert control(clients["facilitator"], "approve", {"held_id": held_id})["ok"]
    assert _notes(step_id) == [RUDE]
    flush(app)
    assert "shit" in json.dumps(_sync(clients["other"])["doc"])
    panel = _panel(app, clients["facilitator"])
    assert panel["held"] == [] and [entry["kind"] for entry in panel["log"]] == ["approved"]


def test_hold_lets_clean_text_and_actions_without_text_straight_through(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "hold")
    ack = act(clients["author"], step_id, "add_note", {"text": CLEAN})
    assert ack["ok"] is True and "held" not in ack
    assert _notes(step_id) == [CLEAN]
    note_id = next(iter(db.session.get(Step, step_id).state["notes"]))
    vote = act(clients["other"], step_id, "vote", {"note_id": note_id})
    assert vote["ok"] is True and "held" not in vote
    assert db.session.query(HeldAction).count() == 0
    assert "held" not in _sync(clients["author"])["personal"]


def test_the_facilitators_own_words_are_never_filtered(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "hold")
    ack = act(clients["facilitator"], step_id, "add_note", {"text": RUDE})
    assert ack["ok"] is True and "held" not in ack and _notes(step_id) == [RUDE]
    assert db.session.query(HeldAction).count() == 0


def test_flag_lets_it_through_and_lists_it_for_the_facilitator_and_the_log(app, client):
    workshop, step_id, author_id, clients = make_room(app, client, "flag")
    ack = act(clients["author"], step_id, "add_note", {"text": RUDE_FR})
    assert ack["ok"] is True and "held" not in ack
    assert _notes(step_id) == [RUDE_FR]
    panel = _panel(app, clients["facilitator"])
    assert panel["held"] == []
    [flag] = panel["flagged"]
    assert (flag["text"], flag["words"], flag["author"], flag["participant"], flag["step"]) == (
        {"text": RUDE_FR}, ["connard"], "Amira", str(author_id), step_id)
    assert [(entry["kind"], entry["about"], entry["words"]) for entry in panel["log"]] == [
        ("flagged", "Amira", ["connard"])]
    # The author's phone is not told: nothing of theirs waits.
    assert "held" not in _sync(clients["author"])["personal"]
    # The facilitator's mute from that list works as from the people list.
    assert control(clients["facilitator"], "mute", {"participant_id": author_id})["ok"]
    assert act(clients["author"], step_id, "add_note", {"text": "More"})["code"] == "muted"
    # Clean text is not listed.
    assert act(clients["other"], step_id, "add_note", {"text": CLEAN})["ok"]
    assert len(_panel(app, clients["facilitator"])["flagged"]) == 1


def test_a_flagged_notes_resend_is_answered_as_applied_and_listed_once(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "flag")
    first = act(clients["author"], step_id, "add_note", {"text": RUDE}, op="op-flag-resend")
    again = act(clients["author"], step_id, "add_note", {"text": RUDE}, op="op-flag-resend")
    assert first["ok"] and again["duplicate"] is True and "held" not in again
    assert _notes(step_id) == [RUDE]
    assert db.session.query(HeldAction).filter_by(status="flagged").count() == 1


def test_off_lets_it_through_unlisted(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "off")
    ack = act(clients["author"], step_id, "add_note", {"text": RUDE})
    assert ack["ok"] is True and "held" not in ack and _notes(step_id) == [RUDE]
    panel = _panel(app, clients["facilitator"])
    assert panel["held"] == [] and panel["flagged"] == [] and panel["log"] == []
    assert db.session.query(HeldAction).count() == 0


def test_a_moderated_workshop_holds_clean_text_and_records_the_words_it_found(app, client):
    workshop, step_id, _author, clients = make_room(app, client, "hold", moderated=True)
    assert act(clients["author"], step_id, "add_note", {"text": CLEAN})["held"]
    assert act(clients["author"], step_id, "add_note", {"text": RUDE})["held"]
    held = _panel(app, clients["facilitator"])["held"]
    assert [item["filter_words"] for item in held] == [[], ["shit"]]


# -- the setting -------------------------------------------------------------------------------

def _settings(client, workshop, **fields):
    return client.post(f"/workshops/{workshop.id}/settings", data={"title": "Kick-off", "language": "en", **fields})


def test_the_settings_page_saves_the_mode_and_refuses_an_unknown_one(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    page = client.get(f"/workshops/{workshop.id}/settings").get_data(as_text=True)
    assert 'name="language_filter"' in page and "Offensive-language filter" in page
    assert _settings(client, workshop, language_filter="hold").status_code == 302
    db.session.refresh(workshop)
    assert workshop.language_filter == "hold"
    assert "offensive words held for approval" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    refused = _settings(client, workshop, language_filter="shout")
    assert refused.status_code == 200
    assert "Choose Off, Flag or Hold for the offensive-language filter." in refused.get_data(as_text=True)
    db.session.refresh(workshop)
    assert workshop.language_filter == "hold"


def test_the_help_is_in_french_too(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    page = client.get(f"/workshops/{workshop.id}/settings", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Filtre des propos injurieux" in page


def test_a_duplicated_workshop_and_a_json_round_trip_keep_the_mode(app):
    from app.exports.json_io import import_plan, render
    from app.exports.model import plan_document

    workshop = create_workshop(create_partnership(create_facilitator()), language_filter="flag")
    copy = agenda.duplicate_workshop(workshop, "Again", "ABCDEFGH")
    db.session.commit()
    assert copy.language_filter == "flag"
    exported = render(plan_document(workshop.partnership))
    assert json.loads(exported)["workshops"][0]["language_filter"] == "flag"
    imported = import_plan(exported, workshop.partnership.owner)
    assert {w.language_filter for w in db.session.scalars(
        db.select(Workshop).filter_by(partnership_id=imported.id))} == {"flag"}
