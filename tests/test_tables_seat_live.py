"""Table setup and seating through the socket (Socket.IO test client): every table control with
good and bad input, a participant refused, what the console and each phone see, messages to one
table or all, "pick your table", and late arrivals placed at join by the plan's rule."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import BreakoutTable, Participant, Step, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import connect_facilitator, connect_participant, control, flush, new_op

ROOM = [("Ana", "Health"), ("Ben", "Health"), ("Cleo", "Health"), ("Dev", "Education"), ("Eli", "Education"),
        ("Fay", "Education"), ("Gus", "Housing"), ("Hal", "Housing"), ("Ida", "")]


@pytest.fixture
def room(app, client):
    app.config["CONTROL_BURST"] = 200
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator))
    login(client)
    tokens = {}
    for name, sector in ROOM:
        person, token = create_participant(workshop, name=name, sector=sector)
        tokens[name] = (person.id, token)
    console = connect_facilitator(app, client, workshop)
    return workshop.id, console, tokens


def _workshop(workshop_id) -> Workshop:
    db.session.remove()
    return db.session.get(Workshop, workshop_id)


def _seats(workshop_id) -> dict:
    db.session.remove()
    return {p.name: p.table_id for p in db.session.scalars(select(Participant).where(
        Participant.workshop_id == workshop_id))}


def _tables(workshop_id) -> list:
    return [(t.id, t.name) for t in _workshop(workshop_id).tables]


def _console(console) -> dict:
    from flask import current_app

    flush(current_app)  # sync answers from the broadcast chain: bring it up to date first
    return console.emit("sync", {}, callback=True)["doc"]["tables"]


def _mine(phone) -> dict:
    return phone.emit("sync", {}, callback=True)["personal"]["table"]


def _table_part(received) -> dict | None:
    parts = [m["args"][0]["steps"] for m in received if m["name"] == "personal"]
    return parts[-1]["table"] if parts else None


def _last_personal(phone) -> dict | None:
    """The table part of the last personal message the phone received (it empties the queue)."""
    return _table_part(phone.get_received())


def test_setting_up_three_tables_names_them_and_shows_them_on_the_console(app, room):
    workshop_id, console, _ = room
    ack = control(console, "tables_setup", {"rule": "mixed", "count": 3})
    assert ack["ok"] is True, ack
    assert [name for _, name in _tables(workshop_id)] == ["Table 1", "Table 2", "Table 3"]
    doc = _console(console)
    assert doc["plan"] == {"rule": "mixed", "count": 3, "size": None}
    assert [t["name"] for t in doc["tables"]] == ["Table 1", "Table 2", "Table 3"]
    assert len(doc["unseated"]) == len(ROOM)


def test_default_names_follow_the_workshops_language(app, room):
    workshop_id, console, _ = room
    workshop = _workshop(workshop_id)
    workshop.language = "fr"
    db.session.commit()
    assert control(console, "tables_setup", {"rule": "hand", "count": 2})["ok"]
    assert [name for _, name in _tables(workshop_id)] == ["Table 1", "Table 2"]  # "Table" in French too
    from app.tables import setup

    with app.test_request_context():
        assert setup.default_name(_workshop(workshop_id), 4) == "Table 4"


def test_a_table_size_makes_as_many_tables_as_seat_everyone(app, room):
    workshop_id, console, _ = room
    assert control(console, "tables_setup", {"rule": "mixed", "size": 4})["ok"]
    assert len(_tables(workshop_id)) == 3  # ceil(9 / 4)
    assert _workshop(workshop_id).table_plan == {"rule": "mixed", "count": None, "size": 4}


def test_assign_now_mixes_every_sector_and_each_phone_shows_its_table(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "mixed", "count": 3})
    assert control(console, "tables_assign")["ok"]
    seats = _seats(workshop_id)
    assert None not in seats.values()
    for sector in ("Health", "Education"):
        tables = [seats[name] for name, s in ROOM if s == sector]
        assert len(set(tables)) == 3  # three of each sector: one at every table
    names = dict(_tables(workshop_id))
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    assert _mine(phone)["table"]["name"] == names[seats["Ana"]]
    assert _console(console)["unseated"] == []


def test_assign_now_under_same_seats_each_sector_together(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "same", "count": 3})
    assert control(console, "tables_assign")["ok"]
    seats = _seats(workshop_id)
    for sector in ("Health", "Education", "Housing"):
        assert len({seats[name] for name, s in ROOM if s == sector}) == 1


def test_moving_someone_updates_their_phone_at_the_next_flush(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "mixed", "count": 3})
    control(console, "tables_assign")
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    flush(app)
    phone.get_received()
    here = _seats(workshop_id)["Ana"]
    target = next(tid for tid, _ in _tables(workshop_id) if tid != here)
    ack = control(console, "table_move", {"participant_id": tokens["Ana"][0], "table_id": target})
    assert ack["ok"] is True, ack
    flush(app)
    assert _last_personal(phone)["table"]["id"] == target
    assert _seats(workshop_id)["Ana"] == target
    # ...and unseated (no table_id): the phone says so, the console lists them as not seated.
    assert control(console, "table_move", {"participant_id": tokens["Ana"][0]})["ok"]
    flush(app)
    assert _last_personal(phone)["table"] is None
    assert str(tokens["Ana"][0]) in _console(console)["unseated"]


def test_fewer_tables_keep_the_rest_and_unseat_the_people_of_the_tables_that_go(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "mixed", "count": 3})
    control(console, "tables_assign")
    first, second, third = [tid for tid, _ in _tables(workshop_id)]
    assert control(console, "table_rename", {"table_id": second, "name": "  By the window  "})["ok"]
    at_third = [name for name, tid in _seats(workshop_id).items() if tid == third]
    assert control(console, "tables_setup", {"rule": "mixed", "count": 2})["ok"]
    assert _tables(workshop_id) == [(first, "Table 1"), (second, "By the window")]
    seats = _seats(workshop_id)
    assert all(seats[name] is None for name in at_third) and at_third
    assert sum(1 for t in seats.values() if t is not None) == len(ROOM) - len(at_third)
    assert control(console, "tables_setup", {"rule": "mixed", "count": 4})["ok"]
    assert [name for _, name in _tables(workshop_id)] == ["Table 1", "By the window", "Table 3", "Table 4"]


def test_a_table_with_its_own_work_in_a_step_is_not_removed(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    workshop = _workshop(workshop_id)
    plenary = workshop.steps[0]
    db.session.add(Step(workshop_id=workshop_id, parent_id=plenary.id, table_id=workshop.tables[1].id,
                        exercise_key=plenary.exercise_key, title=plenary.title, config=dict(plenary.config),
                        state=dict(plenary.state)))
    db.session.commit()
    ack = control(console, "tables_setup", {"rule": "hand", "count": 1})
    assert ack["ok"] is False and ack["code"] == "rule" and "Table 2" in ack["error"]
    assert len(_tables(workshop_id)) == 2
    assert control(console, "tables_stop")["code"] == "rule"


def test_the_host_is_someone_seated_there_and_the_phone_names_them_unless_anonymous(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    first, second = [tid for tid, _ in _tables(workshop_id)]
    control(console, "table_move", {"participant_id": tokens["Ana"][0], "table_id": first})
    control(console, "table_move", {"participant_id": tokens["Ben"][0], "table_id": first})
    refused = control(console, "table_host", {"table_id": second, "participant_id": tokens["Ana"][0]})
    assert refused["ok"] is False and refused["code"] == "rule" and "participant_id" in refused["fields"]
    assert control(console, "table_host", {"table_id": first, "participant_id": tokens["Ana"][0]})["ok"]
    ben = connect_participant(app, _workshop(workshop_id), tokens["Ben"][1])
    ana = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    assert _mine(ben)["table"]["host"] == "Ana"
    assert _mine(ana)["table"]["i_host"] is True and _mine(ana)["table"]["host"] is None
    assert _console(console)["tables"][0]["host"] == str(tokens["Ana"][0])
    control(console, "setting", {"setting": "anonymous", "value": True})
    assert _mine(ben)["table"]["host"] is None
    # Moving the host away ends their hosting; clearing it leaves the table without one.
    control(console, "table_move", {"participant_id": tokens["Ana"][0], "table_id": second})
    assert _console(console)["tables"][0]["host"] is None
    assert control(console, "table_host", {"table_id": second})["ok"]


def test_a_message_reaches_its_table_only_or_every_table(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    first, second = [tid for tid, _ in _tables(workshop_id)]
    control(console, "table_move", {"participant_id": tokens["Ana"][0], "table_id": first})
    control(console, "table_move", {"participant_id": tokens["Ben"][0], "table_id": second})
    ana = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    ben = connect_participant(app, _workshop(workshop_id), tokens["Ben"][1])
    cleo = connect_participant(app, _workshop(workshop_id), tokens["Cleo"][1])  # not seated
    text = "<b>Five</b> minutes left at table one"
    assert control(console, "table_message", {"table_id": first, "text": text})["ok"]
    flush(app)
    wires = {name: phone.get_received() for name, phone in (("ana", ana), ("ben", ben), ("cleo", cleo))}
    parts = {name: _table_part(received) for name, received in wires.items()}
    assert [m["text"] for m in parts["ana"]["messages"]] == [text]  # as plain text, as written
    assert parts["ben"]["messages"] == [] and parts["cleo"]["messages"] == []
    assert "Five" not in str(wires["ben"]) + str(wires["cleo"])
    assert control(console, "table_message", {"text": "Back to the plenary, please"})["ok"]
    flush(app)
    for phone in (ana, ben, cleo):
        newest = _last_personal(phone)["messages"][0]
        assert (newest["text"], newest["to"]) == ("Back to the plenary, please", "all")
    control(console, "workshop_status", {"status": "ended"})
    assert _mine(ana)["messages"] == []  # not shown beyond the live session


@pytest.mark.parametrize("command,data,field", [
    ("tables_setup", {"rule": "mixed", "count": 3, "size": 4}, "count"),
    ("tables_setup", {"rule": "mixed"}, "count"),
    ("tables_setup", {"rule": "random", "count": 3}, "rule"),
    ("tables_setup", {"rule": "mixed", "count": 0}, "count"),
    ("tables_setup", {"rule": "mixed", "count": 101}, "count"),
    ("tables_setup", {"rule": "mixed", "size": 1}, "size"),
    ("tables_setup", {"rule": "mixed", "count": "three"}, "count"),
    ("table_rename", {"table_id": "FIRST", "name": "   "}, "name"),
    ("table_rename", {"table_id": "FIRST", "name": "x" * 61}, "name"),
    ("table_message", {"text": ""}, "text"),
    ("table_message", {"text": "y" * 281}, "text"),
    ("table_move", {"table_id": "FIRST"}, "participant_id"),
    ("table_host", {"participant_id": 1}, "table_id"),
])
def test_bad_input_is_refused_with_the_field_and_changes_nothing(app, room, command, data, field):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "mixed", "count": 2})
    first = _tables(workshop_id)[0][0]
    data = {k: (first if v == "FIRST" else v) for k, v in data.items()}
    before = (_tables(workshop_id), _seats(workshop_id), _workshop(workshop_id).table_plan)
    ack = control(console, command, data)
    assert ack["ok"] is False and ack["code"] == "invalid" and field in ack["fields"], ack
    assert (_tables(workshop_id), _seats(workshop_id), _workshop(workshop_id).table_plan) == before


def test_unknown_tables_people_and_missing_plans_are_refused_clearly(app, room):
    workshop_id, console, tokens = room
    assert control(console, "tables_assign")["code"] == "rule"  # no tables yet
    assert control(console, "table_move", {"participant_id": tokens["Ana"][0]})["code"] == "rule"
    assert control(console, "table_message", {"text": "Hello"})["code"] == "rule"
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    refused = control(console, "tables_assign")
    assert refused["code"] == "rule" and "Mix the sectors" in refused["error"]
    assert control(console, "table_rename", {"table_id": 999999, "name": "Nope"})["code"] == "not_found"
    assert control(console, "table_move", {"participant_id": 999999})["code"] == "not_found"
    assert control(console, "table_move", {"participant_id": tokens["Ana"][0], "table_id": 999999})["code"] == \
        "not_found"


def test_a_participant_cannot_use_the_table_controls(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    first = _tables(workshop_id)[0][0]
    for command, data in (("tables_setup", {"rule": "mixed", "count": 5}), ("tables_assign", {}),
                          ("table_move", {"participant_id": tokens["Ana"][0], "table_id": first}),
                          ("table_message", {"text": "I am the facilitator now"}), ("tables_stop", {})):
        ack = control(phone, command, data)
        assert ack["ok"] is False and ack["code"] == "forbidden", (command, ack)
    assert len(_tables(workshop_id)) == 2 and _seats(workshop_id)["Ana"] is None


def test_stopping_tables_unseats_everyone_and_clears_the_phones(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "mixed", "count": 3})
    control(console, "tables_assign")
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    assert control(console, "tables_stop")["ok"]
    assert _tables(workshop_id) == [] and _workshop(workshop_id).table_plan is None
    assert set(_seats(workshop_id).values()) == {None}
    assert _mine(phone) is None and _console(console) is None


# -- pick your table -------------------------------------------------------------------------

def _pick(phone, table_id, op=None):
    return phone.emit("pick_table", {"op": op or new_op(), "data": {"table_id": table_id}}, callback=True)


def test_pick_offers_the_tables_and_a_full_table_is_refused(app, room):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "pick", "size": 4})  # 3 tables of 4
    first, second, _third = [tid for tid, _ in _tables(workshop_id)]
    phones = {name: connect_participant(app, _workshop(workshop_id), tokens[name][1])
              for name in ("Ana", "Ben", "Cleo", "Dev", "Eli")}
    choices = _mine(phones["Ana"])["choices"]
    assert [(c["name"], c["seated"], c["full"]) for c in choices] == [("Table 1", 0, False), ("Table 2", 0, False),
                                                                      ("Table 3", 0, False)]
    for name in ("Ana", "Ben", "Cleo", "Dev"):
        ack = _pick(phones[name], first)
        assert ack["ok"] is True, ack
    assert _mine(phones["Eli"])["choices"][0] == {"id": first, "name": "Table 1", "seated": 4, "full": True}
    refused = _pick(phones["Eli"], first)
    assert refused["ok"] is False and refused["code"] == "full" and "Table 1" in refused["error"]
    assert _seats(workshop_id)["Eli"] is None
    assert _pick(phones["Ana"], second)["ok"]  # changing one's mind frees the seat
    assert _pick(phones["Eli"], first)["ok"]
    assert _mine(phones["Eli"])["table"]["name"] == "Table 1"


def test_picking_is_refused_out_of_pick_for_bad_input_and_for_the_facilitator(app, room, client):
    workshop_id, console, tokens = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    first = _tables(workshop_id)[0][0]
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    assert _pick(phone, first)["code"] == "rule"
    control(console, "tables_setup", {"rule": "pick", "count": 2})
    assert _pick(phone, "first")["code"] == "invalid"
    assert _pick(phone, 999999)["code"] == "not_found"
    assert phone.emit("pick_table", {"data": {"table_id": first}}, callback=True)["code"] == "bad_request"
    assert _pick(console, first)["code"] == "forbidden"
    op = new_op()
    assert _pick(phone, first, op)["ok"] and _pick(phone, first, op)["duplicate"] is True
    assert _seats(workshop_id)["Ana"] == first


# -- late arrivals ---------------------------------------------------------------------------

def _join(app, workshop_id, name, sector):
    workshop = _workshop(workshop_id)
    response = app.test_client().post(f"/j/{workshop.join_code}", data={
        "name": name, "organisation": "City Clinic", "sector": sector, "table_group": ""})
    assert response.status_code in (302, 303), response.status_code
    return _seats(workshop_id)[name]


def test_a_late_arrival_is_placed_at_once_by_the_mixed_rule(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "mixed", "count": 3})
    control(console, "tables_assign")
    before = _seats(workshop_id)
    without_community = {tid for tid, _ in _tables(workshop_id)}
    table = _join(app, workshop_id, "Zoe", "Community")
    assert table in without_community
    # A second Health arrival goes where Health is least present: every table has one, so the
    # smallest table.
    counts = {tid: list(before.values()).count(tid) for tid, _ in _tables(workshop_id)}
    counts[table] += 1
    smallest = min(counts, key=lambda tid: (counts[tid], [t for t, _ in _tables(workshop_id)].index(tid)))
    assert _join(app, workshop_id, "Yan", "Health") == smallest


def test_a_late_arrival_under_same_joins_their_sectors_table(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "same", "count": 3})
    control(console, "tables_assign")
    housing = _seats(workshop_id)["Gus"]
    assert _join(app, workshop_id, "Zoe", "Housing") == housing


def test_a_late_arrival_when_every_table_is_full_gets_a_new_table(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "mixed", "size": 3})  # 9 people, 3 tables of 3
    control(console, "tables_assign")
    table = _join(app, workshop_id, "Zoe", "Community")
    assert [name for _, name in _tables(workshop_id)][-1] == "Table 4" and table == _tables(workshop_id)[-1][0]


def test_late_arrivals_under_pick_and_hand_wait_unseated(app, room):
    workshop_id, console, _ = room
    control(console, "tables_setup", {"rule": "hand", "count": 2})
    assert _join(app, workshop_id, "Zoe", "Community") is None
    zoe = db.session.scalar(select(Participant.id).where(Participant.name == "Zoe"))
    assert str(zoe) in _console(console)["unseated"]
    control(console, "tables_setup", {"rule": "pick", "count": 2})
    assert _join(app, workshop_id, "Yan", "Health") is None
    assert db.session.scalar(select(db.func.count()).select_from(BreakoutTable)) == 2


def test_no_table_plan_means_nobody_is_seated_and_phones_get_no_table_part(app, room):
    workshop_id, console, tokens = room
    assert _join(app, workshop_id, "Zoe", "Community") is None
    phone = connect_participant(app, _workshop(workshop_id), tokens["Ana"][1])
    assert _mine(phone) is None and _console(console) is None
