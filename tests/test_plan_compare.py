"""What changed in the plan between a snapshot and a later snapshot or now."""
from datetime import datetime

import pytest

from app.extensions import db
from app.models import PlanItem, PlanSnapshot
from app.plan.compare import compare
from tests.factories import create_facilitator, create_partnership, create_workshop, login


def item(item_id, section, title, text="", item_status="promoted", **data):
    return {"id": item_id, "section": section, "title": title, "text": text, "status": item_status, "data": data,
            "origin": "facilitator", "provenance": {}, "edited": False, "position": item_id}


BEFORE = [item(1, "actions", "Book the hall", owner="", due="2027-01-10", status="open"),
          item(2, "actions", "Send the draft", owner="City Clinic", status="open"),
          item(3, "roles", "Backbone", lead=""), item(4, "risks", "Funding gap"),
          item(5, "ideas", "Shared meals", item_status="proposed")]
AFTER = [item(1, "actions", "Book the hall", owner="North School", due="2027-01-24", status="open"),
         item(2, "actions", "Send the draft", owner="City Clinic", status="done"),
         item(3, "roles", "Backbone organisation", lead="City Clinic"),
         item(5, "ideas", "Shared meals"), item(6, "indicators", "Referrals", collected_by="City Clinic")]


def test_changes_per_section_in_plan_order(app):
    sections = compare(BEFORE, AFTER)
    assert [s.key for s in sections] == ["roles", "indicators", "actions", "risks", "ideas"]
    by_key = {s.key: s for s in sections}
    assert [c.title for c in by_key["indicators"].added] == ["Referrals"]
    assert [c.title for c in by_key["risks"].removed] == ["Funding gap"]
    assert [c.title for c in by_key["actions"].done] == ["Send the draft"]
    book = by_key["actions"].changed[0]
    assert book.title == "Book the hall"
    assert book.fields == [("owner", "", "North School"), ("due", "January 10, 2027", "January 24, 2027")]
    assert by_key["roles"].changed[0].fields == [("title", "Backbone", "Backbone organisation"),
                                                ("lead", "", "City Clinic")]
    assert by_key["ideas"].changed[0].fields == [("item_status", "proposed", "promoted")]


def test_nothing_changed_and_dropped_items_count_as_gone(app):
    assert compare(BEFORE, BEFORE) == []
    dropped = [dict(i, status="dropped") if i["id"] == 4 else i for i in BEFORE]
    assert [c.title for c in compare(BEFORE, dropped)[0].removed] == ["Funding gap"]


@pytest.fixture
def partnership(app):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    workshop = create_workshop(partnership, title="Kick-off <i>one</i>", status="ended")
    rows = [PlanItem(partnership_id=partnership.id, section=i["section"], title=i["title"], status=i["status"],
                     data=i["data"], position=i["position"], origin="facilitator") for i in BEFORE]
    db.session.add_all(rows)
    db.session.flush()
    db.session.add(PlanSnapshot(partnership_id=partnership.id, workshop_id=workshop.id, workshop_title=workshop.title,
                                items=[r.as_dict() for r in rows], created_at=datetime(2026, 11, 3, 12)))
    rows[0].data = {"owner": "North School", "due": "2027-01-24", "status": "open"}
    rows[3].status = "dropped"
    db.session.commit()
    return partnership


def test_the_page_compares_the_last_snapshot_with_now(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    assert "From the end of Kick-off &lt;i&gt;one&lt;/i&gt; to now." in page
    assert "Owner: <del dir=\"auto\">(none)</del> → <ins dir=\"auto\">North School</ins>" in page
    assert "No longer in the plan" in page and "Funding gap" in page
    home = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert f"/partnerships/{partnership.id}/plan/compare" in home


def test_the_page_in_french(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare?lang=fr").get_data(as_text=True)
    assert "Ce qui a changé dans le plan" in page and "Responsable :" in page and "24 janvier 2027" in page
    assert "Ne figure plus dans le plan" in page


def test_an_unknown_or_foreign_snapshot_is_a_clear_404(client, partnership, app):
    other = create_partnership(create_facilitator(email="o@example.org"), name="Other")
    foreign = PlanSnapshot(partnership_id=other.id, workshop_title="Theirs", items=[])
    db.session.add(foreign)
    db.session.commit()
    login(client)
    for query in (f"from={foreign.id}", "from=999", "from=abc", "to=999"):
        response = client.get(f"/partnerships/{partnership.id}/plan/compare?{query}")
        assert response.status_code == 404 and "is not one of this partnership" in response.get_data(as_text=True)


def test_a_partnership_without_snapshots_is_told_what_the_page_is_for(client, app):
    partnership = create_partnership(create_facilitator())
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    assert "once one has ended, this page shows what changed since" in page


def test_organisations_are_matched_as_people_type_them():
    from app.plan.compare import room_changes

    room = room_changes("One", ["North School", "City Clinic", " "], "Two", ["north  school", "Homes Trust"])
    assert room.joined == ["Homes Trust"] and room.absent == ["City Clinic"] and not room.empty
    assert room_changes("One", ["A"], "Two", ["a"]).empty


def test_the_page_says_which_organisations_came_and_which_did_not_come_back(client, partnership, app):
    from datetime import timedelta

    from app.models import Participant, PlanSnapshot, Workshop
    from app.models.base import utcnow
    from tests.factories import create_participant

    first = db.session.query(Workshop).filter_by(partnership_id=partnership.id).one()
    first.started_at = utcnow() - timedelta(days=30)
    for name, org in (("Ana", "North School"), ("Ben", "City Clinic")):
        create_participant(first, name=name, organisation=org)
    later = create_workshop(partnership, title="Check-in <b>two</b>", status="live")
    later.started_at = utcnow() - timedelta(days=1)
    for name, org in (("Cy", "north school"), ("Dee", "Homes <i>Trust</i>")):
        create_participant(later, name=name, organisation=org)
    db.session.commit()
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    room = page[page.index('id="room-heading"'):]
    assert "Check-in &lt;b&gt;two&lt;/b&gt;" in room
    assert room.index("New in the room") < room.index("Homes &lt;i&gt;Trust&lt;/i&gt;") < room.index(
        "Not there this time") < room.index("City Clinic")
    assert "North School" not in room.split("</section>")[0].split("Not there this time")[1]
    french = client.get(f"/partnerships/{partnership.id}/plan/compare?lang=fr").get_data(as_text=True)
    assert "Qui était dans la salle" in french and "Absentes cette fois" in french

    # Between the snapshot and a later snapshot of the second workshop, the same answer.
    db.session.add(PlanSnapshot(partnership_id=partnership.id, workshop_id=later.id, workshop_title=later.title,
                                items=[]))
    db.session.commit()
    newest = db.session.query(PlanSnapshot).filter_by(workshop_id=later.id).one()
    oldest = db.session.query(PlanSnapshot).filter_by(workshop_id=first.id).one()
    page = client.get(f"/partnerships/{partnership.id}/plan/compare?from={oldest.id}&to={newest.id}")
    assert "Homes &lt;i&gt;Trust&lt;/i&gt;" in page.get_data(as_text=True)

    # Once purge has deleted the earlier room's people, there is nothing to compare: no section.
    db.session.query(Participant).filter_by(workshop_id=first.id).delete()
    db.session.commit()
    assert 'id="room-heading"' not in client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
