"""The partnership home: workshops by where they are, the plan's state, and what is still open."""
from datetime import date, datetime, timedelta

import pytest

from app.extensions import db
from app.models import PlanItem
from app.partnerships.open_work import KINDS, open_work
from tests.factories import create_champion, create_facilitator, create_partnership, create_workshop, login

TODAY = date(2027, 3, 10)


def item(section, title, item_status="promoted", item_id=1, **data):
    return {"id": item_id, "section": section, "title": title, "status": item_status, "data": data}


def kinds_of(items, workshop_days=()):
    found = open_work(items, TODAY, list(workshop_days))
    return {kind: [t.title for t in things] for kind, things in found.items() if things}


def test_actions_late_soon_and_without_owner():
    found = kinds_of([
        item("actions", "Late", owner="Clinic", due="2027-03-01"),
        item("actions", "Soon", owner="School", due="2027-03-20"),
        item("actions", "Later", owner="School", due="2027-06-01"),
        item("actions", "Nobody", due="2027-06-01"),
        item("actions", "Done late", owner="Clinic", due="2027-01-01", status="done"),
    ])
    assert found == {"overdue": ["Late"], "due_soon": ["Soon"], "no_owner": ["Nobody"]}


def test_an_action_stored_with_the_old_words_is_read_too():
    found = kinds_of([item("actions", "Old words", lead="Housing Trust", date="2027-03-02")])
    assert found == {"overdue": ["Old words"]}


def test_dropped_items_are_not_open_work():
    assert kinds_of([item("actions", "Dropped", item_status="dropped", due="2027-01-01")]) == {}


def test_roles_indicators_and_agreement_clauses():
    found = kinds_of([
        item("roles", "Backbone", lead=""), item("roles", "Data steward", lead="City Clinic"),
        item("indicators", "Attendance"), item("indicators", "Reading age", collected_by="North School"),
        item("indicators", "Referrals", owner="City Clinic"),
        item("agreements", "Draft clause", item_status="proposed"), item("agreements", "Signed"),
        item("agreements", "Later", outcome="future"), item("agreements", "Agreed", item_status="proposed",
                                                             outcome="agreed"),
        item("agreements", "With reservations", outcome="agreed_reservations"),
        item("agreements", "Still open", outcome=None),
        item("agreements", "Decision log", item_status="proposed", clauses=3, outcomes={"agreed": 1}),
    ])
    assert found == {"role_unassigned": ["Backbone"], "indicator_no_owner": ["Attendance"],
                     "agreement_open": ["Draft clause", "Later", "Still open"]}


def test_a_check_in_counts_as_held_when_a_workshop_started_near_or_after_it():
    checkins = item("checkins", "Steering group", dates=["2027-01-15", "2027-02-15", "2027-04-15", "nonsense"])
    assert kinds_of([checkins]) == {"checkin_overdue": ["Steering group", "Steering group"]}
    held_early = [date(2027, 2, 10)]  # five days before the second date: both count as held
    assert kinds_of([checkins], held_early) == {}
    found = open_work([checkins], TODAY, [date(2027, 1, 14)])["checkin_overdue"]
    assert [t.when for t in found] == [date(2027, 2, 15)]


def test_open_things_are_listed_soonest_first_and_every_kind_is_present():
    found = open_work([item("actions", "B", owner="x", due="2027-03-05", item_id=2),
                       item("actions", "A", owner="x", due="2027-03-02", item_id=3)], TODAY, [])
    assert [t.title for t in found["overdue"]] == ["A", "B"]
    assert list(found) == list(KINDS)


def test_items_with_data_of_the_wrong_shape_do_not_break_the_home():
    weird = [item("actions", "Odd", due=20270101, owner=None), {"id": 9, "section": "checkins", "title": "x",
                                                                "status": "proposed", "data": "not a dict"},
             item("roles", "Role", lead=None)]
    found = kinds_of(weird)
    assert found["no_owner"] == ["Odd"] and found["role_unassigned"] == ["Role"]


@pytest.fixture
def home(app):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    held = create_workshop(partnership, title="Kick-off <b>one</b>", status="ended")
    held.started_at, held.ended_at = datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 12)
    create_workshop(partnership, title="Check-in running", status="live")
    create_workshop(partnership, title="Spring check-in", status="draft")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for n, (section, title, status, data) in enumerate([
        ("actions", "Book the hall <script>x</script>", "promoted", {"owner": "", "due": yesterday}),
        ("roles", "Backbone organisation", "promoted", {"lead": ""}),
        ("ideas", "Shared meals", "proposed", {}),
        ("risks", "Funding gap", "dropped", {}),
    ]):
        db.session.add(PlanItem(partnership_id=partnership.id, section=section, title=title, status=status,
                                data=data, position=n, origin="facilitator"))
    db.session.commit()
    return partnership


def test_the_home_groups_workshops_and_lists_what_is_open(client, home):
    login(client)
    page = client.get(f"/partnerships/{home.id}").get_data(as_text=True)
    running, planned, held = page.index("Running now"), page.index("Planned"), page.index("Held")
    assert running < page.index("Check-in running") < planned < page.index("Spring check-in") < held
    assert page.index("Kick-off &lt;b&gt;one&lt;/b&gt;") > held and "held on November 3, 2026" in page
    assert "Actions past their due date" in page and "Actions nobody owns yet" in page
    assert "Roles without a lead" in page and "Still open" in page
    assert page.count("Book the hall &lt;script&gt;x&lt;/script&gt;") == 2  # late, and without owner
    item_id = db.session.execute(db.select(PlanItem.id).filter_by(section="actions")).scalar()
    assert f"/partnerships/{home.id}/plan#item-{item_id}" in page
    assert "Funding gap" not in page  # dropped: neither open nor counted
    table = page[page.index("The plan so far"):]
    assert "Ideas and priorities</th><td>0</td><td>1</td>" in table
    assert "Risks and roadblocks" not in table


def test_the_home_in_french(client, home):
    login(client)
    page = client.get(f"/partnerships/{home.id}?lang=fr").get_data(as_text=True)
    for words in ("En cours", "Prévus", "Tenus", "Encore ouvert", "Actions dont l'échéance est passée",
                  "Rôles sans pilote", "Le plan jusqu'ici", "3 novembre 2026"):
        assert words in page, words


def test_a_home_with_nothing_open_says_so(client, app):
    owner = create_facilitator()
    partnership = create_partnership(owner, organisations=["North School", "City Clinic"])
    create_champion(partnership, "North School")
    create_champion(partnership, "City Clinic", name="Chen Wu")
    login(client)
    page = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Nothing is waiting" in page and "No workshops yet." in page


def test_a_long_list_shows_the_first_few_and_counts_the_rest(client, app):
    from app.partnerships.home import SHOWN_PER_KIND

    owner = create_facilitator()
    partnership = create_partnership(owner)
    for n in range(SHOWN_PER_KIND + 3):
        db.session.add(PlanItem(partnership_id=partnership.id, section="roles", title=f"Role {n:02d}",
                                status="promoted", data={"lead": ""}, position=n, origin="facilitator"))
    db.session.commit()
    login(client)
    page = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert f"Role {SHOWN_PER_KIND - 1:02d}" in page and f"Role {SHOWN_PER_KIND:02d}" not in page
    assert "Roles without a lead <span class=\"muted small\">(11)</span>" in page
    assert "and 3 more in the plan" in page
