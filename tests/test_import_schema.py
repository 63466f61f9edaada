"""Issue 24: the JSON import refuses what it cannot serve, in one sentence, saving nothing.

Twenty crafted files (the red team's cases and their neighbours): each is either refused
with one readable sentence and nothing saved, or imported so that every page and every
export of the copy answers 200.
"""
from __future__ import annotations

import json

import pytest

from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, export_plan
from app.exports.json_io import ImportFailed, import_plan
from app.extensions import db
from app.models import Partnership, PlanItem, PlanRevision, PlanSnapshot, Step, Workshop
from tests.factories import create_facilitator, create_partnership, login
from tests.plan_helpers import curated_plan, policy_window_with_action

CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


@pytest.fixture
def exported(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    curated_plan(partnership, facilitator)
    policy_window_with_action(partnership)
    data = json.loads(export_plan(partnership, "json")[0])
    assert data["snapshots"] and data["history"] and len(data["workshops"]) == 2  # every part is there
    return data


def item(data, section):
    return next(i for i in data["items"] if i["section"] == section)


REFUSED = {
    "provenance is a string": lambda d: item(d, "ideas").update(provenance="from the kick-off"),
    "provenance sectors is a string": lambda d: item(d, "ideas")["provenance"].update(sectors="Health"),
    "provenance workshop title is a number": lambda d: item(d, "ideas")["provenance"].update(workshop_title=7),
    "provenance step id is text": lambda d: item(d, "ideas")["provenance"].update(step_id="one"),
    "action owner is an object": lambda d: item(d, "actions")["data"].update(owner={"name": "x"}),
    "action due date is a link": lambda d: item(d, "actions")["data"].update(due="[x](http://evil.example)"),
    "check-in dates carry an image": lambda d: item(d, "checkins")["data"].update(
        dates=["2027-01-15", "![p](http://evil.example/p.png)"]),
    "check-in dates is one string": lambda d: item(d, "checkins")["data"].update(dates="2027-01-15"),
    "snapshot items is a string": lambda d: d["snapshots"][0].update(items="everything"),
    "snapshot item has no title": lambda d: d["snapshots"][0]["items"][0].pop("title"),
    "history before is a list": lambda d: d["history"][0].update(before=[1, 2]),
    "item title is a number": lambda d: item(d, "ideas").update(title=42),
    "item section is unknown": lambda d: item(d, "ideas").update(section="secret_section"),
    "item data is a list": lambda d: item(d, "risks" if any(i["section"] == "risks" for i in d["items"])
                                          else "ideas").update(data=[1]),
    "item position is text": lambda d: item(d, "ideas").update(position="first"),
    "workshop steps is an object": lambda d: d["workshops"][0].update(steps={"exercise": "ideas"}),
    "workshop anonymous is text": lambda d: d["workshops"][0].update(anonymous="yes"),
    "workshop language filter is unknown": lambda d: d["workshops"][0].update(language_filter="shout"),
    "partnership sectors hold objects": lambda d: d["partnership"].update(sectors=[{"name": "Health"}]),
    "step config refuses a value": lambda d: d["workshops"][0]["steps"][0]["config"].update(dots="many"),
}
ACCEPTED = {
    "control characters in texts": lambda d: (item(d, "ideas").update(title=f"Note{CONTROLS}end"),
                                              d["partnership"].update(purpose=f"Purpose{CONTROLS}")),
    "numbers given as strings in a step config": lambda d: d["workshops"][0]["steps"][0]["config"].update(
        dots="4"),
    "an old file's action with lead and date": lambda d: item(d, "actions").update(
        data={"lead": "Old Lead", "date": "2027-06-30", "status": "open"}),
    "an old file without the language filter": lambda d: d["workshops"][0].pop("language_filter"),
}


def _counts():
    return [db.session.query(model).count() for model in (Partnership, Workshop, Step, PlanItem, PlanRevision,
                                                          PlanSnapshot)]


def _one_sentence(message: str) -> None:
    assert "\n" not in message and message.endswith(".") and len(message) < 320, message
    assert "Traceback" not in message and "RecursionError" not in message


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_crafted_files_are_refused_in_one_sentence_with_nothing_saved(exported, case):
    REFUSED[case](exported)
    before = _counts()
    owner = create_facilitator(email="importer@example.org")
    with pytest.raises(ImportFailed) as refused:
        import_plan(json.dumps(exported), owner)
    _one_sentence(str(refused.value))
    assert _counts()[1:] == before[1:] and _counts()[0] == before[0]


def test_a_20000_deep_array_is_refused_in_one_sentence(app):
    raw = '{"kind": "common-ground/plan", "format_version": 1, "partnership": {"name": "x"}, "items": ' \
          + "[" * 20000 + "]" * 20000 + "}"
    with pytest.raises(ImportFailed, match="levels deep") as refused:
        import_plan(raw, create_facilitator())
    _one_sentence(str(refused.value))
    assert db.session.query(Partnership).count() == 0


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_files_that_import_leave_no_page_answering_500(client, exported, case):
    ACCEPTED[case](exported)
    owner = db.session.query(Partnership).first().owner
    imported = import_plan(json.dumps(exported), owner)
    login(client)
    base = f"/partnerships/{imported.id}/plan"
    urls = [base, base + "/print", base + "/history", base + "/snapshots"]
    urls += [f"{base}/export.{fmt}" for fmt in PLAN_FORMATS if fmt != "pdf"]
    for workshop in imported.workshops:
        urls += [f"/workshops/{workshop.id}/export/{fmt}" for fmt in WORKSHOP_FORMATS]
    for url in urls:
        assert client.get(url).status_code == 200, url
    items = db.session.query(PlanItem).filter_by(partnership_id=imported.id).all()
    assert not any(c in (i.title + (imported.purpose or "")) for i in items for c in CONTROLS)


def test_step_config_is_stored_as_its_form_cleans_it(exported):
    exported["workshops"][0]["steps"][0]["config"].update(dots="4", unknown_key="dropped")
    imported = import_plan(json.dumps(exported), db.session.query(Partnership).first().owner)
    config = imported.workshops[0].steps[0].config
    assert config["dots"] == 4 and "unknown_key" not in config


def test_an_old_files_lead_and_date_become_owner_and_due(exported):
    ACCEPTED["an old file's action with lead and date"](exported)
    title = item(exported, "actions")["title"]
    imported = import_plan(json.dumps(exported), db.session.query(Partnership).first().owner)
    action = db.session.query(PlanItem).filter_by(partnership_id=imported.id, title=title).one()
    assert (action.data["owner"], action.data["due"]) == ("Old Lead", "2027-06-30")


def test_an_old_files_phased_steps_start_on_the_cores_phases_and_hide_switch(exported):
    """Steps of an export made before phases and reveal moved into the core import as new steps
    do: their first phase, and hidden when their config keeps answers private at first."""
    from flask import current_app

    from app.exercises.registry import default_config

    exercises = current_app.extensions["exercises"]
    steps = exported["workshops"][0]["steps"]
    steps.append({**steps[0], "id": 9001, "exercise": "alignment_mapper", "title": "Goals", "config": {
        **default_config(exercises["alignment_mapper"]), "hide_goals": True, "phase": "themes", "revealed": True}})
    steps.append({**steps[0], "id": 9002, "exercise": "role_board", "title": "Roles",
                  "config": {**default_config(exercises["role_board"]), "hide_nominations": False}})
    imported = import_plan(json.dumps(exported), db.session.query(Partnership).first().owner)
    by_title = {s.title: s for s in imported.workshops[0].steps}
    goals, roles = by_title["Goals"], by_title["Roles"]
    assert goals.hidden is True and goals.phase is None and "phase" not in goals.config
    assert "phase" not in goals.state and "revealed" not in goals.state
    assert roles.hidden is False and "revealed" not in roles.state


def test_the_cli_prints_the_one_sentence(runner, exported, tmp_path):
    REFUSED["action owner is an object"](exported)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(exported))
    result = runner.invoke(args=["import-plan", str(path), "--owner", "facilitator@example.org"])
    assert result.exit_code != 0 and "items → " in result.output and "owner" in result.output
