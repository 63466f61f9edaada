"""A step run in tables (issue 22): instances, routing, inheritance, per-table audiences."""
import pytest

from app.extensions import db
from app.models import Action, BreakoutTable, Participant, Step
from app.tables.instances import ensure_instances, instance_for
from app.tables.live import reseat
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush, new_op, received_json


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator))
    for position, name in enumerate(("Oak", "Elm", "Ash")):
        db.session.add(BreakoutTable(workshop_id=workshop.id, position=position, name=name))
    db.session.commit()
    login(client)
    return workshop, workshop.steps[0].id, [t.id for t in workshop.tables]


def seated(app, workshop, table_id, name):
    participant, token = create_participant(workshop, name=name)
    participant.table_id = table_id
    db.session.commit()
    return participant, connect_participant(app, workshop, token)


def notes_seen(app, sio, step_id):
    flush(app)
    view = sio.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]["view"]
    return sorted(n["text"] for n in view["notes"].values())


def test_instances_are_made_once_per_table_and_for_tables_added_later(app, room):
    workshop, step_id, tables = room
    step = db.session.get(Step, step_id)
    made = ensure_instances(step)
    db.session.commit()
    assert [s.table_id for s in made] == tables
    assert all(s.parent_id == step_id and s.exercise_key == step.exercise_key and s.status == step.status
               for s in made)
    assert [s.id for s in ensure_instances(step)] == [s.id for s in made]  # idempotent
    db.session.add(BreakoutTable(workshop_id=workshop.id, position=9, name="Yew"))
    db.session.commit()
    assert len(ensure_instances(step)) == 4
    assert instance_for(step, tables[1]).table_id == tables[1]
    assert len(workshop.steps) == 1  # the plenary agenda leaves the instances out


def test_run_in_tables_is_refused_without_tables_and_for_participants(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    step_id = workshop.steps[0].id
    login(client)
    console = connect_facilitator(app, client, workshop)
    ack = control(console, "step_tables", {"step_id": step_id, "on": True})
    assert ack["ok"] is False and ack["code"] == "no_tables" and "no tables" in ack["error"]
    _, token = create_participant(workshop)
    phone = connect_participant(app, workshop, token)
    ack = control(phone, "step_tables", {"step_id": step_id, "on": True})
    assert ack["code"] == "forbidden"


def test_each_table_works_in_its_own_instance_and_sees_only_its_own(app, client, room):
    workshop, step_id, (oak, elm, ash) = room
    console = connect_facilitator(app, client, workshop)
    assert control(console, "step_tables", {"step_id": step_id, "on": True})["ok"]
    _, ana = seated(app, workshop, oak, "Ana")
    _, ben = seated(app, workshop, elm, "Ben")
    _, cy = seated(app, workshop, ash, "Cy")
    flush(app)
    ben.get_received(), cy.get_received()
    ack = act(ana, step_id, "add_note", {"text": "Oak-only secret"})
    assert ack["ok"] and ack["step"] == step_id and ack["table"] == oak
    flush(app)
    # A change at one table costs the other tables' phones nothing: not one patch.
    assert [m for m in ben.get_received() + cy.get_received() if m["name"] == "patch"] == []
    assert [m for m in ana.get_received() if m["name"] == "patch"], "table Oak's phone is patched"
    assert act(ben, step_id, "add_note", {"text": "Elm idea"})["ok"]
    assert notes_seen(app, ana, step_id) == ["Oak-only secret"]
    assert notes_seen(app, ben, step_id) == ["Elm idea"]
    assert notes_seen(app, cy, step_id) == []
    assert "Oak-only secret" not in received_json(ben) + received_json(cy)
    # The log row is on the instance; the plenary state is untouched.
    row = db.session.query(Action).filter_by(op_id=ack["op"]).one()
    assert row.step_id == ack["instance"] != step_id
    assert db.session.get(Step, step_id).state["notes"] == {}
    # A resent op is the same acknowledgement, and stores nothing twice.
    again = act(ana, step_id, "add_note", {"text": "Oak-only secret"}, op=ack["op"])
    assert again["duplicate"] and again["step"] == step_id and again["instance"] == ack["instance"]
    # A participant cannot reach another table's instance by its id.
    refused = act(ben, ack["instance"], "add_note", {"text": "sneaky"})
    assert refused["code"] == "not_found"
    # The console counts contributors per table.
    doc = console.emit("sync", {}, callback=True)["doc"]
    progress = {row["table"]: row["contributed"] for row in doc["steps"][str(step_id)]["tables"]}
    assert progress == {oak: 1, elm: 1, ash: 0}
    assert doc["presence"]["contributed"][str(step_id)] == 2


def test_a_participant_without_a_table_is_told(app, client, room):
    workshop, step_id, _ = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    _, token = create_participant(workshop, name="Dee")
    ack = act(connect_participant(app, workshop, token), step_id, "add_note", {"text": "hello"})
    assert ack["ok"] is False and ack["code"] == "no_table" and "table" in ack["error"]


def test_facilitator_names_the_table(app, client, room):
    workshop, step_id, (oak, elm, _) = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    _, ana = seated(app, workshop, oak, "Ana")
    ack = console.emit("act", {"op": new_op(), "step": step_id, "table": oak, "type": "add_note",
                               "data": {"text": "From the facilitator"}}, callback=True)
    assert ack["ok"] and ack["table"] == oak
    assert notes_seen(app, ana, step_id) == ["From the facilitator"]
    bad = console.emit("act", {"op": new_op(), "step": step_id, "table": 99999, "type": "add_note",
                               "data": {"text": "x"}}, callback=True)
    assert bad["code"] == "not_found"


def test_status_privacy_and_timer_are_inherited(app, client, room):
    workshop, step_id, (oak, _, _) = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    control(console, "step_hidden", {"step_id": step_id, "hidden": True})
    control(console, "timer", {"step_id": step_id, "command": "start", "seconds": 300})
    control(console, "step_status", {"step_id": step_id, "status": "locked"})
    db.session.remove()
    for instance in db.session.get(Step, step_id).table_steps:
        assert instance.hidden is True and instance.status == "locked" and instance.timer_ends_at is not None
    _, ana = seated(app, workshop, oak, "Ana")
    assert act(ana, step_id, "add_note", {"text": "late"})["code"] == "step_status"


def test_turning_tables_off_keeps_their_work(app, client, room):
    workshop, step_id, (oak, _, _) = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    _, ana = seated(app, workshop, oak, "Ana")
    act(ana, step_id, "add_note", {"text": "Kept"})
    assert control(console, "step_tables", {"step_id": step_id, "on": False})["ok"]
    db.session.remove()
    instance = instance_for(db.session.get(Step, step_id), oak)
    assert [n["text"] for n in instance.state["notes"].values()] == ["Kept"]
    assert act(ana, step_id, "add_note", {"text": "Plenary"})["ok"]
    assert notes_seen(app, ana, step_id) == ["Plenary"]


def test_a_moved_participant_gets_the_new_tables_view(app, client, room):
    workshop, step_id, (oak, elm, _) = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    ana_p, ana = seated(app, workshop, oak, "Ana")
    _, ben = seated(app, workshop, elm, "Ben")
    act(ana, step_id, "add_note", {"text": "Oak note"})
    act(ben, step_id, "add_note", {"text": "Elm note"})
    db.session.get(Participant, ana_p.id).table_id = elm
    db.session.commit()
    ana.get_received()
    reseat(workshop.id, [ana_p.id])
    nudges = [m for m in ana.get_received() if m["name"] == "patch" and m["args"][0]["from"] == 0]
    assert nudges, "the moved phone is told to resync"
    assert notes_seen(app, ana, step_id) == ["Elm note"]
    ana.get_received()
    assert act(ben, step_id, "add_note", {"text": "Elm second"})["ok"]
    flush(app)
    assert "Elm second" in received_json(ana)  # now on the new table's chain


def test_duplicate_and_purge_handle_instances(app, client, room):
    """Audit of the raw step queries: a duplicate copies the plenary agenda only; the purge's
    snapshot of every step reaches the table instances too (their log rows go next)."""
    from app.retention import _snapshot_steps
    from app.workshops.agenda import duplicate_workshop
    from app.workshops.codes import new_join_code

    workshop, step_id, (oak, _, _) = room
    console = connect_facilitator(app, client, workshop)
    control(console, "step_tables", {"step_id": step_id, "on": True})
    _, ana = seated(app, workshop, oak, "Ana")
    instance_id = act(ana, step_id, "add_note", {"text": "Kept in the snapshot"})["instance"]
    db.session.remove()
    copy = duplicate_workshop(db.session.get(type(workshop), workshop.id), "Again", new_join_code())
    db.session.commit()
    assert db.session.query(Step).filter_by(workshop_id=copy.id).count() == 1
    _snapshot_steps(workshop.id)
    db.session.commit()
    instance = db.session.get(Step, instance_id)
    assert instance.state_version == instance.version
    assert [n["text"] for n in instance.snapshot["notes"].values()] == ["Kept in the snapshot"]
