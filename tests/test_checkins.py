"""Planning a partnership's check-ins (app/checkins/): the form, the draft workshops it makes,
the plan's check-in dates, and the open items each check-in starts from."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.checkins.carry_over import MAX_CARRIED
from app.extensions import db
from app.models import AgendaTemplate, PlanItem, Workshop
from app.models.base import utcnow
from app.plan import curate
from plugins.ideas import exercise as ideas
from plugins.ideas.views import plan as ideas_plan
from tests.factories import create_facilitator, create_partnership, create_workshop, login


def day(offset: int) -> str:
    return (utcnow().date() + timedelta(days=offset)).isoformat()


@pytest.fixture
def held(app):
    """A partnership whose kick-off was held, with a plan that still has open work."""
    owner = create_facilitator()
    partnership = create_partnership(owner)
    kickoff = create_workshop(partnership, title="Kick-off", status="ended", ended_at=utcnow())
    curate.add(partnership, "actions", "Draft the data-sharing agreement", "",
               {"owner": "Homes Trust", "due": "2027-01-31", "status": "open"}, owner)
    curate.add(partnership, "actions", "Book the family hub room", "", {"status": "in_progress"}, owner)
    curate.add(partnership, "actions", "Send the minutes", "", {"owner": "City Clinic", "status": "done"}, owner)
    curate.add(partnership, "agreements", "We share referral data monthly", "", {"outcome": "future"}, owner)
    curate.add(partnership, "agreements", "We meet every quarter", "", {"outcome": "agreed"}, owner)
    curate.add(partnership, "roles", "Backbone organisation", "", {"lead": ""}, owner)
    curate.add(partnership, "roles", "Data steward", "", {"lead": "City Clinic"}, owner)
    db.session.add(PlanItem(partnership_id=partnership.id, section="flags", title="Who pays for the hub?",
                            status="proposed"))
    db.session.commit()
    return {"owner": owner, "partnership": partnership, "kickoff": kickoff}


def plan_form(**changes) -> dict:
    form = {"every": "1", "unit": "months", "first_date": day(7), "count": "3", "until": "",
            "start_time": "14:00", "minutes": "90", "template": "builtin:check_in"}
    return {**form, **changes}


def planned(partnership) -> list[Workshop]:
    return db.session.scalars(db.select(Workshop).filter_by(partnership_id=partnership.id, status="draft")
                              .order_by(Workshop.planned_for)).all()


def first_notes(workshop) -> list[str]:
    return [note["text"] for note in workshop.steps[0].state["notes"].values()]


# -- the form ---------------------------------------------------------------------------------

def test_the_home_links_to_the_form_which_starts_from_the_check_in_template(client, held):
    login(client)
    home = client.get(f"/partnerships/{held['partnership'].id}").get_data(as_text=True)
    assert f'href="/partnerships/{held["partnership"].id}/checkins"' in home
    page = client.get(f"/partnerships/{held['partnership'].id}/checkins").get_data(as_text=True)
    assert '<option selected value="builtin:check_in">Partnership check-in</option>' in page


def test_planning_makes_one_dated_draft_workshop_per_check_in(client, held):
    login(client)
    partnership = held["partnership"]
    response = client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(first_date="2099-01-31"),
                           follow_redirects=True)
    assert "Planned 3 check-ins." in response.get_data(as_text=True)
    workshops = planned(partnership)
    assert [w.planned_for.isoformat() for w in workshops] == ["2099-01-31T14:00:00", "2099-02-28T14:00:00",
                                                              "2099-03-31T14:00:00"]
    assert [w.title for w in workshops][0] == "Partnership check-in, January 31, 2099"
    assert {w.planned_minutes for w in workshops} == {90}
    assert [s.title for s in workshops[0].steps] == ["What has changed since we last met?", "Re-read the window",
                                                     "Roles and gaps, revisited", "Next actions, and who owns them"]
    assert len({w.join_code for w in workshops}) == 3


def test_the_plan_holds_the_dates_so_the_calendar_and_the_home_follow(client, held):
    login(client)
    partnership = held["partnership"]
    client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(first_date="2099-01-04", every="2",
                                                                            unit="weeks", count="2"))
    item = db.session.scalars(db.select(PlanItem).filter_by(partnership_id=partnership.id,
                                                              section="checkins")).one()
    assert (item.title, item.data) == ("Partnership check-in", {"cadence": "every 2 weeks",
                                                                "dates": ["2099-01-04", "2099-01-18"]})
    calendar = client.get(f"/partnerships/{partnership.id}/plan/export.ics").get_data(as_text=True)
    assert "DTSTART;VALUE=DATE:20990104" in calendar and "DTSTART;VALUE=DATE:20990118" in calendar
    home = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert "planned for Sunday, January 18, 2099 at 2:00\u202fPM, 90 min" in home


def test_the_planned_date_is_on_the_workshop_page(client, held):
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(first_date="2099-01-04"))
    page = client.get(f"/workshops/{planned(held['partnership'])[0].id}").get_data(as_text=True)
    assert "Planned for Sunday, January 4, 2099 at 2:00\u202fPM, 90 min" in page


@pytest.mark.parametrize("changes, error", [
    ({"first_date": day(-1)}, "That date has passed"),
    ({"every": "0"}, "Use a number between 1 and 52."),
    ({"count": "25"}, "Plan between 1 and 24 check-ins at a time."),
    ({"count": "", "until": day(3)}, "The end date is before the first check-in."),
    ({"count": "", "until": ""}, "Say how many check-ins to plan, or until which date."),
    ({"count": "2", "until": day(90)}, "Give how many check-ins or an end date, not both."),
    ({"count": "", "unit": "weeks", "until": day(7 + 7 * 30)}, "That makes 31 check-ins; plan at most 24"),
    ({"template": "saved:999"}, "Choose one of the agenda templates in the list."),
    ({"template": "builtin:nonsense"}, "Choose one of the agenda templates in the list."),
    ({"first_date": "31/01/2099"}, "Not a valid date value."),
    ({"minutes": "5"}, "Use a number of minutes between 15 and 480."),
])
def test_bad_input_is_a_form_error_and_creates_nothing(client, held, changes, error):
    login(client)
    partnership = held["partnership"]
    response = client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(**changes))
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert planned(partnership) == []
    assert not db.session.scalars(db.select(PlanItem).filter_by(section="checkins")).all()


def test_someone_elses_private_template_is_not_offered_nor_accepted(client, held):
    stranger = create_facilitator(email="stranger@example.org")
    private = AgendaTemplate(owner_id=stranger.id, name="Stranger's private agenda", description="",
                             steps=[], shared=False)
    db.session.add(private)
    db.session.commit()
    login(client)
    partnership = held["partnership"]
    assert "Stranger" not in client.get(f"/partnerships/{partnership.id}/checkins").get_data(as_text=True)
    response = client.post(f"/partnerships/{partnership.id}/checkins",
                           data=plan_form(template=f"saved:{private.id}"))
    assert response.status_code == 400 and planned(partnership) == []


def test_planning_again_says_what_is_planned_and_makes_no_duplicates(client, held):
    login(client)
    partnership = held["partnership"]
    client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(first_date="2099-01-04", count="2"))
    page = client.get(f"/partnerships/{partnership.id}/checkins").get_data(as_text=True)
    assert "2 workshops are already planned: January 4, 2099, February 4, 2099." in page
    response = client.post(f"/partnerships/{partnership.id}/checkins",
                           data=plan_form(first_date="2099-01-04", count="3"), follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Planned 1 check-in." in text and "Left out 2 dates that already had a workshop" in text
    assert [w.planned_for.date().isoformat() for w in planned(partnership)] == ["2099-01-04", "2099-02-04",
                                                                                "2099-03-04"]
    item = db.session.scalars(db.select(PlanItem).filter_by(section="checkins")).one()
    assert item.data["dates"] == ["2099-01-04", "2099-02-04", "2099-03-04"]
    again = client.post(f"/partnerships/{partnership.id}/checkins",
                        data=plan_form(first_date="2099-01-04", count="3"), follow_redirects=True)
    assert "Nothing new was planned" in again.get_data(as_text=True) and len(planned(partnership)) == 3


def test_other_facilitators_get_404(client, held):
    create_facilitator(email="stranger@example.org")
    login(client, email="stranger@example.org")
    url = f"/partnerships/{held['partnership'].id}/checkins"
    assert client.get(url).status_code == 404
    assert client.post(url, data=plan_form()).status_code == 404
    assert planned(held["partnership"]) == []


def test_the_title_and_agenda_are_in_the_partnerships_language(client, held):
    held["kickoff"].language = "fr"
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(first_date="2099-01-31",
                                                                                    count="1"))
    workshop = planned(held["partnership"])[0]
    assert (workshop.title, workshop.language) == ("Point d'étape du partenariat, 31 janvier 2099", "fr")
    assert workshop.steps[0].title == "Qu'est-ce qui a changé depuis notre dernière rencontre ?"
    assert first_notes(workshop)[0] == "Action : Draft the data-sharing agreement (Homes Trust, pour le 31 janv. 2027)"


# -- carried-over items -----------------------------------------------------------------------

def test_a_check_in_starts_from_the_open_items_of_the_plan(client, held):
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(count="1"))
    workshop = planned(held["partnership"])[0]
    assert first_notes(workshop) == [
        "Action: Draft the data-sharing agreement (Homes Trust, due Jan 31, 2027)",
        "Action: Book the family hub room (nobody owns it yet)",
        "Clause not agreed yet: We share referral data monthly",
        "Open question: Who pays for the hub?",
        "Role without a lead: Backbone organisation",
    ]
    assert workshop.carried_over == {"from_id": held["kickoff"].id, "from_title": "Kick-off",
                                     "step_id": workshop.steps[0].id, "count": 5, "more": 0}
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Carried over from “Kick-off”: 5 items" in page
    assert f'href="/workshops/{workshop.id}/steps/{workshop.steps[0].id}">Edit the carried-over items' in page
    french = client.get(f"/workshops/{workshop.id}?lang=fr").get_data(as_text=True)
    assert "Repris de « Kick-off » : 5 éléments" in french
    assert "sur le mur de « Qu&#39;est-ce qui a changé depuis notre dernière rencontre ? »" in french


def test_the_facilitator_edits_the_carried_items_before_the_start(client, held):
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(count="1"))
    workshop = planned(held["partnership"])[0]
    step = workshop.steps[0]
    config = {**step.config, "starting_notes": "Action: Book the family hub room (City Clinic)"}
    config = {k: ("y" if v is True else v) for k, v in config.items() if v is not False}
    response = client.post(f"/workshops/{workshop.id}/steps/{step.id}/config", data=config)
    assert response.status_code == 302
    db.session.refresh(step)
    assert first_notes(workshop) == ["Action: Book the family hub room (City Clinic)"]


def test_a_check_in_made_by_hand_from_the_template_carries_over_too(client, held):
    login(client)
    partnership = held["partnership"]
    response = client.post(f"/partnerships/{partnership.id}/workshops/new",
                           data={"title": "March check-in", "template": "builtin:check_in"}, follow_redirects=True)
    assert "Carried over 5 open items from “Kick-off”." in response.get_data(as_text=True)
    assert len(first_notes(planned(partnership)[0])) == 5
    client.post(f"/partnerships/{partnership.id}/workshops/new",
                data={"title": "Ideas", "template": "builtin:quick_ideas"})
    other = db.session.scalars(db.select(Workshop).filter_by(title="Ideas")).one()
    assert other.carried_over is None and first_notes(other) == []


def test_nothing_is_carried_before_any_workshop_was_held(client, app):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    curate.add(partnership, "actions", "An open action", "", {"status": "open"}, owner)
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(count="1"))
    workshop = planned(partnership)[0]
    assert workshop.carried_over is None and first_notes(workshop) == []


def test_at_most_thirty_are_carried_and_the_rest_counted(client, held):
    for n in range(MAX_CARRIED + 5):
        curate.add(held["partnership"], "actions", f"Action {n:02d}", "", {"owner": "X", "due": "2027-02-01"},
                   held["owner"])
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(count="1"))
    workshop = planned(held["partnership"])[0]
    assert len(first_notes(workshop)) == MAX_CARRIED
    assert (workshop.carried_over["count"], workshop.carried_over["more"]) == (MAX_CARRIED, 10)
    assert "and 10 more in the plan" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_hostile_text_is_carried_as_text(client, held):
    curate.add(held["partnership"], "flags", "<script>alert(1)</script> مرحبا 🎉 " + "x" * 600, "", {},
               held["owner"])
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(count="1"))
    workshop = planned(held["partnership"])[0]
    hostile = next(n for n in first_notes(workshop) if "script" in n)
    assert hostile.startswith("Open question: <script>") and len(hostile) == 280
    page = client.get(f"/workshops/{workshop.id}/steps/{workshop.steps[0].id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)" in page and "<script>alert(1)" not in page


# -- the ideas exercise's starting notes ------------------------------------------------------

def test_starting_notes_are_on_the_wall_without_an_author_and_not_harvested_again(app):
    config = {**ideas.config_form().data, "starting_notes": "First\n\n  Second   one \n"}
    state = ideas.initial_state(config)
    notes = sorted(state["notes"].values(), key=lambda n: n["order"])
    assert [(n["text"], n["author"]["id"], n["starting"]) for n in notes] == [("First", "", True),
                                                                              ("Second one", "", True)]
    assert state["next_id"] == 3
    assert ideas_plan(state, config) == []


def test_duplicating_a_planned_check_in_keeps_its_date(client, held):
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(first_date="2099-01-04",
                                                                                    count="1"))
    workshop = planned(held["partnership"])[0]
    client.post(f"/workshops/{workshop.id}/duplicate")
    copy = db.session.scalars(db.select(Workshop).where(Workshop.title.like("%(copy)"))).one()
    assert (copy.planned_for, copy.planned_minutes) == (workshop.planned_for, 90)


def test_a_check_in_already_held_is_not_listed_as_planned_nor_planned_again(client, held):
    login(client)
    partnership = held["partnership"]
    client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(first_date="2099-01-04", count="1"))
    planned(partnership)[0].status = "ended"
    db.session.commit()
    page = client.get(f"/partnerships/{partnership.id}/checkins").get_data(as_text=True)
    assert "already planned" not in page
    again = client.post(f"/partnerships/{partnership.id}/checkins",
                        data=plan_form(first_date="2099-01-04", count="1"), follow_redirects=True)
    assert "Nothing new was planned" in again.get_data(as_text=True) and planned(partnership) == []


def test_the_json_export_and_import_keep_the_planned_date(client, held):
    from app.exports.json_io import import_plan

    login(client)
    partnership = held["partnership"]
    client.post(f"/partnerships/{partnership.id}/checkins", data=plan_form(first_date="2099-01-04", count="1"))
    exported = client.get(f"/partnerships/{partnership.id}/plan/export.json")
    assert exported.status_code == 200
    copy = import_plan(exported.data, held["owner"])
    db.session.commit()
    restored = [w for w in copy.workshops if w.status == "draft"]
    assert [(w.planned_for.isoformat(), w.planned_minutes) for w in restored] == [("2099-01-04T14:00:00", 90)]


def test_the_previous_workshops_title_shows_as_text(client, held):
    held["kickoff"].title = "<b>Kick-off</b> \u202eevil"
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{held['partnership'].id}/checkins", data=plan_form(count="1"))
    page = client.get(f"/workshops/{planned(held['partnership'])[0].id}").get_data(as_text=True)
    assert "Carried over from “&lt;b&gt;Kick-off&lt;/b&gt; \u202eevil”: 5 items" in page
    assert "<b>Kick-off</b>" not in page


def test_an_exercise_naming_a_carry_over_field_it_does_not_have_stops_start_up(app):
    from app.exercises.registry import PluginError, check
    from plugins.ideas import IdeasExercise

    class Broken(IdeasExercise):
        carry_over_field = "no_such_field"

    broken = Broken()
    broken.root = ideas.root
    with pytest.raises(PluginError, match="'broken'.*carry_over_field 'no_such_field'"):
        check(broken, "broken")
    check(ideas, "ideas")
