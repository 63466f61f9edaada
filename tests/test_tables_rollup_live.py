"""The roll-up of a step run in breakout tables on the wire (issue 22): the console's side by
side, adopting and promoting table results, the room screen's roll-up, and the phones' privacy."""
import json

import pytest
from flask_babel import force_locale

from app.exports import export_plan
from app.extensions import db
from app.models import Action, BreakoutTable, PlanItem, Step, Workshop
from app.plan import curate
from app.plan.collect import refresh_partnership
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush, new_op


@pytest.fixture
def room(app, client):
    """An ideas step run in two tables (Oak: three people of Health and one of Housing; Elm:
    one person), each table's notes written on its phones."""
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), anonymous=True)
    for position, name in enumerate(("Oak", "Elm")):
        db.session.add(BreakoutTable(workshop_id=workshop.id, position=position, name=name))
    db.session.commit()
    login(client)
    step_id = workshop.steps[0].id
    oak, elm = [t.id for t in workshop.tables]
    console = connect_facilitator(app, client, workshop)
    assert control(console, "step_tables", {"step_id": step_id, "on": True})["ok"]
    phones = {}
    for name, table, sector in (("Ana", oak, "Health"), ("Bo", oak, "Health"), ("Cy", oak, "Health"),
                                ("Di", oak, "Housing"), ("Ed", elm, "Education")):
        participant, token = create_participant(workshop, name=name, sector=sector)
        participant.table_id = table
        db.session.commit()
        phones[name] = connect_participant(app, workshop, token)
    assert act(phones["Ana"], step_id, "add_note", {"text": "Breakfast club"})["ok"]
    assert act(phones["Bo"], step_id, "add_note", {"text": "Walking bus"})["ok"]
    assert act(phones["Ed"], step_id, "add_note", {"text": "Elm-only idea"})["ok"]
    return {"workshop": workshop, "step": step_id, "oak": oak, "elm": elm, "console": console, "phones": phones}


def console_rollup(app, console, step_id):
    flush(app)
    return console.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]["rollup"]


def keys_of(rollup, table_name):
    table = next(t for t in rollup["tables"] if t["name"] == table_name)
    return {i["title"]: i["key"] for i in table["items"]}


def test_the_console_shows_each_tables_output_with_its_provenance(app, room):
    rollup = console_rollup(app, room["console"], room["step"])
    assert rollup["adoptable"] is True and rollup["planned"] == [] and rollup["screen"] == {"mode": "off",
                                                                                            "table": None}
    oak, elm = rollup["tables"]
    assert (oak["name"], oak["seated"], oak["contributed"]) == ("Oak", 4, 2)
    # Anonymous workshop: Health (three at Oak) is named, Housing (one) is not.
    assert oak["sectors"] == ["Health"] and elm["sectors"] == []
    assert sorted(i["title"] for i in oak["items"]) == ["Breakfast club", "Walking bus"]
    instance = db.session.scalar(db.select(Step.id).where(Step.parent_id == room["step"], Step.table_id == room["oak"]))
    assert all(i["key"].startswith(f"{instance}:note:") for i in oak["items"])
    assert all(i["adopted"] is False and i["planned"] is False and i["adoptable"] for i in oak["items"])


def test_adopting_merges_table_results_into_the_plenary_step_once(app, room):
    console, step_id = room["console"], room["step"]
    keys = keys_of(console_rollup(app, console, step_id), "Oak")
    op = new_op()
    ack = control(console, "rollup_adopt", {"step": step_id, "items": [keys["Breakfast club"], keys["Walking bus"]],
                                            "text": "Breakfast and walking to school"}, op=op)
    assert ack["ok"] is True and ack["step"] == step_id, ack
    plenary = db.session.get(Step, step_id)
    assert [n["text"] for n in plenary.state["notes"].values()] == ["Breakfast and walking to school"]
    logged = db.session.scalars(db.select(Action).where(Action.step_id == step_id)).all()
    assert [a.type for a in logged] == ["control.step_tables", "add_note", "control.rollup_adopt"]
    assert logged[1].actor_key.startswith("f:") and plenary.version == 1
    # A retry of the same control adds nothing.
    assert control(console, "rollup_adopt", {"step": step_id, "items": [keys["Walking bus"]]}, op=op)["duplicate"]
    db.session.expire_all()
    assert len(db.session.get(Step, step_id).state["notes"]) == 1
    again = control(console, "rollup_adopt", {"step": step_id, "items": [keys["Walking bus"]]})
    assert again["ok"] is False and again["code"] == "already"
    rollup = console_rollup(app, console, step_id)
    assert all(i["adopted"] for i in rollup["tables"][0]["items"])


@pytest.mark.parametrize("data, code", [
    ({"items": []}, "invalid"),
    ({"items": ["999999:note:n1"]}, "not_found"),
    ({"items": ["nonsense"]}, "not_found"),
    ({"items": ["KEY", "KEY"]}, "invalid"),
    ({"items": ["KEY"], "text": "x" * 5000}, "invalid"),
])
def test_bad_roll_up_choices_are_refused_with_a_code(app, room, data, code):
    console, step_id = room["console"], room["step"]
    key = keys_of(console_rollup(app, console, step_id), "Oak")["Breakfast club"]
    data = {**data, "items": [key if k == "KEY" else k for k in data["items"]]}
    for command in ("rollup_adopt", "rollup_plan"):
        ack = control(console, command, {"step": step_id, **data})
        assert ack["ok"] is False and ack["code"] == code and ack["error"], (command, ack)
    db.session.expire_all()
    assert db.session.get(Step, step_id).state["notes"] == {} and db.session.get(Step, step_id).rollup is None


def test_another_steps_keys_are_not_this_steps(app, client, room):
    console, step_id = room["console"], room["step"]
    key = keys_of(console_rollup(app, console, step_id), "Oak")["Breakfast club"]
    other = create_workshop(db.session.get(Workshop, room["workshop"].id).partnership, title="Other")
    other_step = other.steps[0].id
    for command in ("rollup_plan", "rollup_adopt", "rollup_screen"):
        ack = control(console, command, {"step": other_step, "items": [key], "mode": "all"})
        assert ack["ok"] is False and ack["code"] == "not_found", (command, ack)


def test_promoting_to_the_plan_names_the_tables_and_unplanning_drops_it(app, room):
    console, step_id = room["console"], room["step"]
    oak = keys_of(console_rollup(app, console, step_id), "Oak")
    elm = keys_of(console_rollup(app, console, step_id), "Elm")
    ack = control(console, "rollup_plan", {"step": step_id, "items": [oak["Walking bus"], elm["Elm-only idea"]],
                                           "title": "Getting to school"})
    assert ack["ok"], ack
    item = db.session.scalar(db.select(PlanItem).where(PlanItem.source_key == f"{step_id}:rollup:r1"))
    item_id = item.id
    assert item.title == "Getting to school" and item.section == "ideas" and item.status == "proposed"
    assert item.text == "0 dots"  # the items' texts joined, the same one once
    assert item.provenance["tables"] == ["Oak", "Elm"] and "Health" in item.provenance["sectors"]
    rollup = console_rollup(app, console, step_id)
    assert rollup["planned"] == [{"id": "r1", "title": "Getting to school", "text": "0 dots",
                                  "keys": [oak["Walking bus"], elm["Elm-only idea"]], "tables": ["Oak", "Elm"]}]
    assert control(console, "rollup_plan", {"step": step_id, "items": [oak["Walking bus"]]})["code"] == "already"
    # The plan's own machinery takes it from there: a refresh finds it again, curation and
    # exports show it with the tables it came from.
    partnership = db.session.get(Workshop, room["workshop"].id).partnership
    assert refresh_partnership(partnership).added == 0
    curate.set_status(db.session.get(PlanItem, item_id), "promoted", None)
    db.session.commit()
    markdown = export_plan(partnership, "md")[0].decode()
    assert "Getting to school" in markdown and "tables Oak, Elm" in markdown, markdown
    with force_locale("fr"):
        assert "tables Oak, Elm" in export_plan(partnership, "md")[0].decode()
    assert control(console, "rollup_unplan", {"step": step_id, "id": "r1"})["ok"]
    db.session.expire_all()
    assert db.session.get(PlanItem, item_id).status == "dropped"  # the plan's history keeps it
    assert console_rollup(app, console, step_id)["planned"] == []
    assert control(console, "rollup_unplan", {"step": step_id, "id": "r1"})["code"] == "not_found"


def test_the_screen_shows_the_roll_up_only_when_told_and_phones_never(app, client, room):
    console, step_id, phones = room["console"], room["step"], room["phones"]
    screen = connect_facilitator(app, client, room["workshop"], role="screen")
    flush(app)
    assert "rollup" not in screen.emit("sync", {}, callback=True)["doc"]
    assert control(console, "rollup_screen", {"step": step_id, "mode": "all"})["ok"]
    flush(app)
    shown = screen.emit("sync", {}, callback=True)["doc"]["rollup"]
    assert shown["step"] == step_id and shown["mode"] == "all"
    assert [t["name"] for t in shown["tables"]] == ["Oak", "Elm"]
    assert "adopted" not in json.dumps(shown)
    assert control(console, "rollup_screen", {"step": step_id, "mode": "turn", "table": room["elm"]})["ok"]
    flush(app)
    shown = screen.emit("sync", {}, callback=True)["doc"]["rollup"]
    assert [t["name"] for t in shown["tables"]] == ["Elm"]
    assert shown["tables"][0]["items"][0]["title"] == "Elm-only idea"
    bad = control(console, "rollup_screen", {"step": step_id, "mode": "turn", "table": 999999})
    assert bad["ok"] is False and bad["code"] == "not_found"
    assert control(console, "rollup_screen", {"step": step_id, "mode": "sideways"})["code"] == "invalid"
    # Table Oak's phones never see Elm's work, nor the roll-up, whatever the screen shows.
    flush(app)
    wire = json.dumps(phones["Ana"].get_received()) + json.dumps(phones["Ana"].emit("sync", {}, callback=True))
    assert "Elm-only idea" not in wire and "rollup" not in wire
    assert control(console, "rollup_screen", {"step": step_id, "mode": "off"})["ok"]
    flush(app)
    assert "rollup" not in screen.emit("sync", {}, callback=True)["doc"]


def test_an_alignment_step_in_five_tables_rolls_up_into_the_plenary_and_the_plan(app, client):
    """Issue 22's "done when": five tables map their goals; back in plenary the facilitator
    brings one table's goal in as a theme of the room and promotes the common one to the plan."""
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), title="Kick-off", steps=(("alignment_mapper", None),))
    names = [f"Table {n}" for n in range(1, 6)]
    for position, name in enumerate(names):
        db.session.add(BreakoutTable(workshop_id=workshop.id, position=position, name=name))
    db.session.commit()
    login(client)
    step_id, workshop_id = workshop.steps[0].id, workshop.id
    tables = [t.id for t in workshop.tables]
    console = connect_facilitator(app, client, workshop)
    assert control(console, "step_tables", {"step_id": step_id, "on": True})["ok"]
    for n, table in enumerate(tables):
        participant, token = create_participant(workshop, name=f"P{n}", sector=("Education", "Health")[n % 2])
        participant.table_id = table
        db.session.commit()
        phone = connect_participant(app, workshop, token)
        assert act(phone, step_id, "add_goal", {"text": f"Safe routes to school ({n + 1})"})["ok"]
    assert control(console, "step_tables", {"step_id": step_id, "on": False})["ok"]  # back in plenary
    rollup = console_rollup(app, console, step_id)
    assert [t["name"] for t in rollup["tables"]] == names and all(t["contributed"] == 1 for t in rollup["tables"])
    goals = [next(i["key"] for i in t["items"] if i["key"].split(":", 1)[1].startswith("goal:"))
             for t in rollup["tables"]]
    assert control(console, "rollup_adopt", {"step": step_id, "items": goals, "text": "Safe routes to school"})["ok"]
    plenary = db.session.get(Step, step_id)
    assert [t["name"] for t in plenary.state["themes"].values()] == ["Safe routes to school"]
    ack = control(console, "rollup_plan", {"step": step_id, "items": goals, "title": "Safe routes to school",
                                           "text": "Every table named it."})
    assert ack["ok"], ack
    assert control(console, "workshop_status", {"status": "ended"})["ok"]  # the end-of-workshop harvest
    item = db.session.scalar(db.select(PlanItem).where(PlanItem.source_key == f"{step_id}:rollup:r1"))
    assert (item.title, item.text, item.provenance["tables"]) == ("Safe routes to school", "Every table named it.",
                                                                 names)
    assert item.provenance["workshop_id"] == workshop_id and item.provenance["exercise"] == "alignment_mapper"
