"""Issue 25: the action log is the source of truth and ``Step.state`` a periodic snapshot.

What an action between two snapshots must survive (a crash: the process and its cache gone), when
snapshots are written (every SNAPSHOT_EVERY actions, lock, close, end, purge, reset), a process
whose cached state is behind, exactly-once, and the payload codec that makes a replay exact.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select
from wtforms import DateField, Form, StringField

from app.extensions import db
from app.live import payloads
from app.live.engine import submit_action
from app.live.identity import participant_actor
from app.live.states import LogGap, read_state
from app.models import Action, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import connect_facilitator, control, new_op


@pytest.fixture
def room(app):
    """A live workshop with an open Ideas step, snapshots every 4 actions, and two participants."""
    app.config["SNAPSHOT_EVERY"] = 4
    workshop = create_workshop(create_partnership(create_facilitator()))
    people = [participant_actor(create_participant(workshop, name)[0]) for name in ("Ana", "Ben")]
    return workshop.id, workshop.steps[0].id, people


def add_note(workshop_id, step_id, actor, text, op=None):
    ack = submit_action(workshop_id, actor, {"op": op or new_op(), "step": step_id, "type": "add_note",
                                             "data": {"text": text}})
    db.session.remove()
    return ack


def crash(app):
    """What a killed and restarted process has: the database, and no decoded state."""
    db.session.remove()
    app.extensions.pop("state_cache", None)


def stored(step_id):
    """The step row as stored: version, snapshot version, and the snapshot's note texts."""
    row = db.session.execute(select(Step.version, Step.state_version, Step.snapshot).where(Step.id == step_id)).one()
    return row.version, row.state_version, sorted(n["text"] for n in row.snapshot["notes"].values())


def texts(step_id):
    return sorted(n["text"] for n in read_state(step_id)["notes"].values())


def test_an_action_between_snapshots_is_not_lost_by_a_crash(app, room):
    workshop_id, step_id, (ana, _ben) = room
    assert add_note(workshop_id, step_id, ana, "Breakfast club")["ok"]
    # Only the log row and the version were written: the snapshot does not hold the note...
    assert stored(step_id) == (1, 0, [])
    crash(app)
    # ...yet a fresh process reads it, from the log.
    assert texts(step_id) == ["Breakfast club"]
    assert db.session.get(Step, step_id).state["notes"]


def test_a_snapshot_is_written_every_snapshot_every_actions(app, room):
    workshop_id, step_id, (ana, ben) = room
    for i in range(5):
        assert add_note(workshop_id, step_id, (ana, ben)[i % 2], f"Idea {i}")["ok"]
    version, state_version, in_snapshot = stored(step_id)
    assert (version, state_version) == (5, 4)
    assert in_snapshot == [f"Idea {i}" for i in range(4)]
    crash(app)
    assert texts(step_id) == [f"Idea {i}" for i in range(5)]


def test_a_resent_operation_is_answered_as_a_duplicate_and_applied_once(app, room):
    workshop_id, step_id, (ana, _ben) = room
    op = new_op()
    first = add_note(workshop_id, step_id, ana, "Once only", op=op)
    crash(app)
    again = add_note(workshop_id, step_id, ana, "Once only", op=op)
    assert first["ok"] and again["duplicate"] is True and again["step_version"] == first["step_version"]
    assert texts(step_id) == ["Once only"]
    assert db.session.scalar(select(db.func.count()).select_from(Action)) == 1


def test_a_process_whose_cached_state_is_behind_replays_what_it_has_not_seen(app, room):
    workshop_id, step_id, (ana, ben) = room
    add_note(workshop_id, step_id, ana, "Seen")
    assert texts(step_id) == ["Seen"]  # cached here at version 1
    # Another process (its own cache) stores two more; this one's cache stays at version 1.
    mine = app.extensions.pop("state_cache")
    add_note(workshop_id, step_id, ben, "Not seen 1")
    add_note(workshop_id, step_id, ben, "Not seen 2")
    app.extensions["state_cache"] = mine
    assert mine.cached(step_id)[0] == 1
    assert texts(step_id) == ["Not seen 1", "Not seen 2", "Seen"]
    assert mine.cached(step_id)[0] == 3


@pytest.mark.parametrize("control_data", [
    ("step_status", {"status": "locked"}), ("step_status", {"status": "closed"}),
    ("workshop_status", {"status": "ended"})])
def test_locking_closing_or_ending_stores_the_state_whole(app, client, room, control_data):
    workshop_id, step_id, (ana, _ben) = room
    add_note(workshop_id, step_id, ana, "Kept")
    assert stored(step_id)[1] == 0
    from app.models import Workshop

    login(client)
    facilitator = connect_facilitator(app, client, db.session.get(Workshop, workshop_id))
    command, data = control_data
    assert control(facilitator, command, {**data, "step_id": step_id})["ok"]
    crash(app)
    assert stored(step_id) == (1, 1, ["Kept"])


def test_purging_participants_keeps_what_the_room_produced(app, room):
    from app.retention import purge

    workshop_id, step_id, (ana, ben) = room
    add_note(workshop_id, step_id, ana, "From Ana")
    add_note(workshop_id, step_id, ben, "From Ben")
    result = purge(0, now=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1))
    assert result.actions == 2
    crash(app)
    assert db.session.scalar(select(db.func.count()).select_from(Action)) == 0
    assert texts(step_id) == ["From Ana", "From Ben"]


def test_writing_a_state_is_a_change_of_its_own(app, room):
    """A state set through the ORM (a seed, a reset) is the snapshot at a new version, so no
    process takes its cached state of the old version for it."""
    workshop_id, step_id, (ana, _ben) = room
    add_note(workshop_id, step_id, ana, "Before the reset")
    assert texts(step_id) == ["Before the reset"]  # cached at version 1
    step = db.session.get(Step, step_id)
    step.state = app.extensions["exercises"]["ideas"].initial_state(step.config)
    db.session.commit()
    db.session.remove()
    assert stored(step_id) == (2, 2, [])
    assert texts(step_id) == []


def test_missing_log_rows_are_an_error_not_a_state_that_lost_work(app, room):
    workshop_id, step_id, (ana, _ben) = room
    add_note(workshop_id, step_id, ana, "First")
    add_note(workshop_id, step_id, ana, "Second")
    db.session.execute(delete(Action).where(Action.step_version == 1))
    db.session.commit()
    crash(app)
    with pytest.raises(LogGap):
        read_state(step_id)


class _DatedForm(Form):
    text = StringField()
    until = DateField()


def test_the_payload_codec_gives_the_reducer_what_the_log_row_holds():
    data = {"text": "<b>לילה</b> 🌙", "until": dt.date(2027, 1, 15), "count": 3, "tags": ("a", "b"),
            "none": None, "odd": dt.timedelta(days=1)}
    stored_payload = payloads.encode(data)
    assert stored_payload == {"text": "<b>לילה</b> 🌙", "until": "2027-01-15", "count": 3, "tags": ["a", "b"],
                              "none": None, "odd": "1 day, 0:00:00"}
    decoded = payloads.decode(stored_payload, _DatedForm)
    assert decoded["until"] == dt.date(2027, 1, 15) and decoded["text"] == data["text"]
    # Decoding what is stored gives the same again: the engine hands the reducer exactly this.
    assert payloads.decode(payloads.encode(decoded), _DatedForm) == decoded
    assert payloads.decode({"until": None}, _DatedForm) == {"until": None}
