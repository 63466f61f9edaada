"""Issue 22: the breakout tables outside the room — a duplicate and an imported plan keep the
tables, the table plan and which steps run in tables (never who sat where, nor what the tables
wrote); agenda edits reach each table's instance under the plenary step's rules; deleting and
purging a workshop take the tables' work and hosts with the rest."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.exports import export_plan, export_workshop
from app.exports.json_io import ImportFailed, import_plan
from app.extensions import db
from app.models import Action, BreakoutTable, Participant, Step, Workshop
from app.models.base import utcnow
from app.retention import purge
from app.tables.instances import ensure_instances
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.tables_world import AUTHOR_NAMES, PEOPLE, TABLE_NAMES, hosts, tabled_workshop
from tests.test_security_retention import dump_database

NOTES = [person[4] for person in PEOPLE]


@pytest.fixture
def world(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    return partnership, tabled_workshop(partnership, facilitator)


def instances_of(step_id: int) -> list[Step]:
    db.session.expire_all()
    return db.session.query(Step).filter_by(parent_id=step_id).order_by(Step.table_id).all()


# -- duplicate ---------------------------------------------------------------------------------

def test_a_duplicate_keeps_the_tables_and_the_plan_but_nobody_and_no_work(client, world):
    workshop = world[1]
    login(client)
    response = client.post(f"/workshops/{workshop.id}/duplicate")
    copy = db.session.get(Workshop, int(response.location.rsplit("/", 1)[1]))
    assert copy.id != workshop.id and copy.status == "draft"
    assert [(t.position, t.name) for t in copy.tables] == list(enumerate(TABLE_NAMES))
    assert {t.id for t in copy.tables}.isdisjoint(t.id for t in workshop.tables)
    assert copy.table_plan == workshop.table_plan
    assert copy.steps[0].in_tables is True
    assert db.session.query(Participant).filter_by(workshop_id=copy.id).count() == 0
    assert db.session.query(Step).filter(Step.workshop_id == copy.id, Step.parent_id.is_not(None)).count() == 0
    assert copy.steps[0].state["notes"] == {}
    assert db.session.query(Action).filter_by(workshop_id=copy.id).count() == 0
    # The copy's tables are its own: renaming one leaves the original's alone.
    copy.tables[0].name = "Renamed"
    db.session.commit()
    assert db.session.get(Workshop, workshop.id).tables[0].name == TABLE_NAMES[0]


def test_a_duplicate_of_a_workshop_without_tables_has_none(client, app):
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    copy_id = int(client.post(f"/workshops/{workshop.id}/duplicate").location.rsplit("/", 1)[1])
    copy = db.session.get(Workshop, copy_id)
    assert copy.tables == [] and copy.table_plan is None and copy.steps[0].in_tables is False


# -- import ------------------------------------------------------------------------------------

def exported(world) -> dict:
    return json.loads(export_plan(world[0], "json")[0])


def imported(data: dict):
    return import_plan(json.dumps(data).encode(), create_facilitator(email=f"{len(data)}-{id(data)}@example.org"))


def test_an_import_recreates_the_tables_in_order_without_people(world):
    data = exported(world)
    tables = data["workshops"][0]["tables"]
    tables.reverse()  # the file's order does not matter; the positions do
    tables[0]["name"] = "  " + "W" * 70 + "  "  # the longest name a table takes is 60 characters
    tables[1]["position"] = None  # no position: after those that have one
    workshop = imported(data).workshops[0]
    assert [t.position for t in workshop.tables] == list(range(len(TABLE_NAMES)))
    assert [t.name for t in workshop.tables] == [*TABLE_NAMES[:3], "W" * 60, TABLE_NAMES[3]]
    assert workshop.table_plan == {"rule": "hand", "count": len(TABLE_NAMES), "size": None}
    assert workshop.steps[0].in_tables is True
    assert db.session.query(Step).filter(Step.workshop_id == workshop.id, Step.parent_id.is_not(None)).count() == 0


def test_an_import_runs_no_step_in_tables_without_tables(world):
    data = exported(world)
    data["workshops"][0]["tables"] = []
    workshop = imported(data).workshops[0]
    assert workshop.tables == [] and workshop.steps[0].in_tables is False


def test_an_older_file_without_tables_still_imports(world):
    data = exported(world)
    for key in ("tables", "table_plan"):
        del data["workshops"][0][key]
    del data["workshops"][0]["steps"][0]["in_tables"]
    workshop = imported(data).workshops[0]
    assert workshop.tables == [] and workshop.table_plan is None and workshop.steps[0].in_tables is False


@pytest.mark.parametrize("change, where", [
    (lambda w: w["table_plan"].update(rule="random"), "table_plan → rule"),
    (lambda w: w["table_plan"].update(count=0), "table_plan → count"),
    (lambda w: w["table_plan"].update(size=500), "table_plan → size"),
    (lambda w: w["tables"][0].update(name="   "), "tables → 0 → name"),
    (lambda w: w["tables"][0].pop("name"), "tables → 0"),
    (lambda w: w.update(tables=[{"name": f"T{n}"} for n in range(101)]), "tables"),
    (lambda w: w["steps"][0].update(in_tables="yes"), "steps → 0 → in_tables"),
])
def test_a_bad_table_in_a_file_is_refused_and_nothing_is_saved(world, change, where):
    data = exported(world)
    change(data["workshops"][0])
    before = db.session.query(Workshop).count()
    with pytest.raises(ImportFailed, match=f"at workshops → 0 → {where}"):
        imported(data)
    assert db.session.query(Workshop).count() == before


# -- agenda edits --------------------------------------------------------------------------------

def config_form(app, **changes) -> dict:
    data = dict(app.extensions["exercises"]["ideas"].config_form().data)
    data = {k: ("y" if v is True else "" if v is False else v) for k, v in data.items()}
    return {**data, **changes}


@pytest.fixture
def planned(app, client):
    """A draft workshop with three tables; its step runs in tables; nobody contributed yet."""
    workshop = create_workshop(create_partnership(create_facilitator()), status="draft")
    for position, name in enumerate(("Oak", "Elm", "Ash")):
        workshop.tables.append(BreakoutTable(position=position, name=name))
    step = workshop.steps[0]
    step.in_tables = True
    db.session.flush()
    ensure_instances(step)
    db.session.commit()
    login(client)
    return workshop.id, step.id


def test_a_config_change_reaches_every_tables_instance(app, client, planned):
    workshop_id, step_id = planned
    exercise = app.extensions["exercises"]["ideas"]
    versions = [s.version for s in instances_of(step_id)]
    response = client.post(f"/workshops/{workshop_id}/steps/{step_id}/config",
                           data=config_form(app, prompt="What would your table change first?", dots="5"))
    assert response.status_code == 302
    step = db.session.get(Step, step_id)
    assert step.config["prompt"] == "What would your table change first?" and step.config["dots"] == 5
    for instance, version in zip(instances_of(step_id), versions, strict=True):
        assert instance.config == step.config
        assert instance.state == exercise.initial_state(step.config)
        assert instance.version > version  # no process keeps the old state cached as current
        assert (instance.hidden, instance.phase) == (step.hidden, step.phase)


def test_a_config_change_is_refused_once_a_table_has_contributed(app, client, planned):
    workshop_id, step_id = planned
    instance = instances_of(step_id)[1]
    db.session.add(Action(workshop_id=workshop_id, step_id=instance.id, actor_key="p:1", op_id="op1",
                          type="add_note", payload={}, seq=1))
    db.session.commit()
    before = [(s.id, dict(s.config)) for s in [db.session.get(Step, step_id), *instances_of(step_id)]]
    page = client.get(f"/workshops/{workshop_id}/steps/{step_id}").get_data(as_text=True)
    assert "its configuration is locked" in page
    response = client.post(f"/workshops/{workshop_id}/steps/{step_id}/config",
                           data=config_form(app, prompt="Changed"))
    assert response.status_code == 409
    assert "This step already has contributions; its configuration is locked." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(s.id, dict(s.config)) for s in [db.session.get(Step, step_id), *instances_of(step_id)]] == before


def test_a_title_and_duration_edit_reach_the_instances(app, client, planned):
    workshop_id, step_id = planned
    response = client.post(f"/workshops/{workshop_id}/steps/{step_id}",
                           data={"title": "Ideas at your table", "notes": "Why", "duration_minutes": "25"})
    assert response.status_code == 302
    assert {(s.title, s.duration_minutes) for s in instances_of(step_id)} == {("Ideas at your table", 25)}


# -- deleting and purging ------------------------------------------------------------------------

def test_removing_a_step_asks_first_and_takes_its_tables_work(client, world):
    workshop_id, step_id = world[1].id, world[1].steps[0].id
    login(client)
    page = client.post(f"/workshops/{workshop_id}/steps/{step_id}/delete")
    assert page.status_code == 200 and "contributed 6 times" in page.get_data(as_text=True)  # tables: 5 of 6
    assert db.session.get(Step, step_id) is not None
    assert client.post(f"/workshops/{workshop_id}/steps/{step_id}/delete",
                       data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    assert db.session.query(Step).filter_by(workshop_id=workshop_id).count() == 0
    assert db.session.query(Action).filter(Action.workshop_id == workshop_id, Action.type == "add_note").count() == 0


def test_deleting_a_workshop_takes_its_tables_instances_and_their_work(client, world):
    workshop_id = world[1].id
    assert db.session.query(Step).filter(Step.workshop_id == workshop_id, Step.parent_id.is_not(None)).count() == 5
    login(client)
    assert client.post(f"/workshops/{workshop_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.query(Step).filter_by(workshop_id=workshop_id).count() == 0
    assert db.session.query(BreakoutTable).filter_by(workshop_id=workshop_id).count() == 0
    assert db.session.query(Action).filter_by(workshop_id=workshop_id).count() == 0
    assert db.session.query(Participant).filter_by(workshop_id=workshop_id).count() == 0
    dump = dump_database()
    assert not [text for text in NOTES + AUTHOR_NAMES + list(TABLE_NAMES) if text in dump]


def test_purging_a_workshop_covers_its_tables_and_keeps_what_they_made(app, world):
    workshop = world[1]
    workshop.ended_at = utcnow() - timedelta(days=100)
    db.session.commit()
    workshop_id = workshop.id
    assert hosts(workshop_id) == 1
    result = purge(30)
    assert result.participants == len(PEOPLE) and result.actions == len(PEOPLE)
    db.session.expire_all()
    assert db.session.query(Participant).filter_by(workshop_id=workshop_id).count() == 0 and hosts(workshop_id) == 0
    # Every participant's log row went, the tables' own with them; the facilitator's note stays.
    assert [a.actor_key[:2] for a in db.session.query(Action).filter_by(workshop_id=workshop_id)
            if a.type == "add_note"] == ["f:"]
    # Each table's instance keeps what it made, stored whole first, and the tables their names.
    texts = [n["text"] for s in instances_of(workshop.steps[0].id) for n in s.state["notes"].values()]
    assert sorted(texts) == sorted(NOTES)
    assert [t.name for t in db.session.get(Workshop, workshop_id).tables] == list(TABLE_NAMES)
    dump = dump_database()
    assert not [name for name in AUTHOR_NAMES if name in dump]
    assert "Parents Forum" not in dump and "Youth Hub" not in dump  # (the partnership names the other three)
    # The exports still carry the tables' work, under each table's name, with nobody's name.
    csv_text = export_workshop(db.session.get(Workshop, workshop_id), "csv")[0].decode("utf-8-sig")
    assert all(text in csv_text for text in NOTES) and TABLE_NAMES[1].replace('"', '""') in csv_text
    assert not [name for name in AUTHOR_NAMES if name in csv_text]


def test_a_dry_run_purge_counts_the_tables_participants_and_removes_nothing(app, world):
    world[1].ended_at = utcnow() - timedelta(days=100)
    db.session.commit()
    result = purge(30, dry_run=True)
    assert (result.participants, result.actions) == (len(PEOPLE), len(PEOPLE))
    assert db.session.query(Participant).filter_by(workshop_id=world[1].id).count() == len(PEOPLE)
    assert hosts(world[1].id) == 1
