"""What the room screen and the phones' documents carry for breakout tables (issue 22): the
screen's seating board (each table's name and how many sit there, how many have no table yet),
never anyone's name; nothing until tables are set up, nothing after they stop; and a phone's
step run in tables says so (``in_tables``), so the phone knows its table is working together."""
from __future__ import annotations

import json

import pytest

from app.extensions import db
from app.models import Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import connect_facilitator, connect_participant, control, flush

NAMES = ("Annabelle", "Bartholomew", "Cleopatra")


@pytest.fixture
def room(app, client):
    app.config["CONTROL_BURST"] = 200
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    people = {}
    for name in NAMES:
        person, token = create_participant(workshop, name=name)
        people[name] = (person.id, token)
    workshop_id = workshop.id
    console = connect_facilitator(app, client, workshop)
    screen = connect_facilitator(app, client, workshop, role="screen")
    return workshop_id, console, screen, people


def _workshop(workshop_id) -> Workshop:
    db.session.remove()
    return db.session.get(Workshop, workshop_id)


def _doc(app, sio) -> dict:
    flush(app)  # sync answers from the broadcast chain: bring it up to date first
    return sio.emit("sync", {}, callback=True)["doc"]


def _ok(ack):
    assert ack["ok"] is True, ack
    return ack


def test_the_screen_lists_each_table_with_its_count_and_no_names(app, room):
    workshop_id, console, screen, people = room
    assert "tables" not in _doc(app, screen)  # no tables set up: no board
    _ok(control(console, "tables_setup", {"rule": "hand", "count": 2}))
    tables = [t["id"] for t in _doc(app, console)["tables"]["tables"]]
    for name, table in (("Annabelle", tables[0]), ("Bartholomew", tables[0]), ("Cleopatra", tables[1])):
        _ok(control(console, "table_move", {"participant_id": people[name][0], "table_id": table}))
    _ok(control(console, "table_rename", {"table_id": tables[1], "name": "By the window"}))
    doc = _doc(app, screen)
    assert doc["tables"] == {"tables": [{"id": tables[0], "name": "Table 1", "seated": 2},
                                        {"id": tables[1], "name": "By the window", "seated": 1}], "unseated": 0}
    _ok(control(console, "table_move", {"participant_id": people["Cleopatra"][0], "table_id": None}))
    assert _doc(app, screen)["tables"]["unseated"] == 1
    assert not any(name in json.dumps(_doc(app, screen)) for name in NAMES)
    phone = connect_participant(app, _workshop(workshop_id), people["Annabelle"][1])
    assert "tables" not in _doc(app, phone)  # the phones have their own part, not the board
    _ok(control(console, "tables_stop"))
    assert "tables" not in _doc(app, screen)


def test_a_seated_phone_s_step_run_in_tables_says_so(app, room):
    workshop_id, console, _screen, people = room
    step = str(_workshop(workshop_id).steps[0].id)
    _ok(control(console, "tables_setup", {"rule": "hand", "count": 2}))
    table = _doc(app, console)["tables"]["tables"][0]["id"]
    _ok(control(console, "table_move", {"participant_id": people["Annabelle"][0], "table_id": table}))
    seated = connect_participant(app, _workshop(workshop_id), people["Annabelle"][1])
    unseated = connect_participant(app, _workshop(workshop_id), people["Bartholomew"][1])
    assert "in_tables" not in _doc(app, seated)["steps"][step]  # a plenary step
    _ok(control(console, "step_tables", {"step_id": int(step), "on": True}))
    assert _doc(app, seated)["steps"][step]["in_tables"] is True
    assert "in_tables" not in _doc(app, unseated)["steps"][step]  # no table: the plenary step
