"""Harvesting exercise contributions into the plan, and curating them."""
from app.extensions import db
from app.models import PlanItem, PlanRevision, PlanSnapshot
from app.plan import curate
from app.plan.collect import collect_workshop, harvest_workshop, refresh_partnership
from app.plan.items import plan_items, provenance_line
from tests.factories import create_facilitator, create_participant, create_partnership
from tests.plan_helpers import add_note, end_and_harvest, workshop_with_notes


def _items(partnership):
    return plan_items(partnership.id)


def test_harvest_adds_proposed_items_with_provenance(app):
    partnership = create_partnership(create_facilitator())
    workshop = workshop_with_notes(partnership)
    result = end_and_harvest(workshop)
    items = _items(partnership)
    assert result.added == 2 and len(items) == 2
    item = items[0]
    assert item.status == "proposed" and item.origin == "exercise" and item.section == "ideas"
    assert item.provenance["workshop_title"] == "Kick-off"
    assert item.provenance["step_id"] == workshop.steps[0].id and item.provenance["exercise"] == "ideas"
    assert provenance_line(item.provenance).startswith("from Kick-off · Ideas & dot voting · sectors ")


def test_harvest_is_idempotent_and_snapshots_once(app):
    partnership = create_partnership(create_facilitator())
    workshop = workshop_with_notes(partnership)
    end_and_harvest(workshop)
    again = harvest_workshop(workshop)
    assert (again.added, again.updated) == (0, 0)
    assert len(_items(partnership)) == 2
    assert db.session.query(PlanSnapshot).count() == 1
    assert db.session.query(PlanRevision).filter_by(action="harvested").count() == 2


def test_harvest_keeps_facilitator_edits_and_dropped_items(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = workshop_with_notes(partnership)
    collect_workshop(workshop)
    db.session.commit()
    first, second = _items(partnership)
    curate.edit(first, "Our words", "kept", None, facilitator)
    curate.set_status(second, "dropped", facilitator)
    db.session.commit()
    # The room keeps working: a new note and more dots change what plan() returns.
    people = [create_participant(workshop, name=f"P{i}", sector="Health")[0] for i in range(2)]
    add_note(workshop, people[0], "A third idea")
    result = refresh_partnership(partnership)
    assert result.added == 1
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.title, first.text) == ("Our words", "kept")
    assert second.status == "dropped"


def test_curation_is_recorded(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    end_and_harvest(workshop_with_notes(partnership))
    first, second = _items(partnership)
    assert curate.set_status(first, "promoted", facilitator)
    assert curate.move(second, "up", facilitator)
    assert curate.edit(second, "Reworded", "", None, facilitator)
    assert curate.set_status(second, "dropped", facilitator)
    assert curate.set_status(second, "proposed", facilitator)
    db.session.commit()
    actions = [r.action for r in db.session.query(PlanRevision).filter_by(facilitator_id=facilitator.id)
               .order_by(PlanRevision.id)]
    assert actions == ["promoted", "moved", "edited", "dropped", "restored"]
    edited = db.session.query(PlanRevision).filter_by(action="edited").one()
    assert edited.before["title"] != "Reworded" and edited.after["title"] == "Reworded"
    assert [i.id for i in _items(partnership)] == [second.id, first.id]


def test_a_failing_exercise_does_not_stop_the_harvest(app, monkeypatch):
    partnership = create_partnership(create_facilitator())
    workshop = workshop_with_notes(partnership)
    exercise = app.extensions["exercises"]["ideas"]

    def broken(state, config):
        raise RuntimeError("boom")

    monkeypatch.setattr(exercise, "plan", broken)
    assert end_and_harvest(workshop).added == 0
    assert db.session.query(PlanItem).count() == 0
