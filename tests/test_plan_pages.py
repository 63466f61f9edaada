"""The plan pages: access, curation through the web, add-item forms, history, snapshots, live views."""
import re

from app.extensions import db
from app.models import PlanItem, PlanRevision
from app.plan.items import plan_items
from tests.factories import create_facilitator, create_participant, create_partnership, login
from tests.plan_helpers import end_and_harvest, workshop_with_notes


def _setup(client):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = workshop_with_notes(partnership)
    end_and_harvest(workshop)
    login(client)
    return facilitator, partnership, workshop


def test_plan_page_lists_sections_in_order_with_provenance(client):
    _, partnership, _ = _setup(client)
    page = client.get(f"/partnerships/{partnership.id}/plan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Shared referral form" in html and "from Kick-off · Ideas &amp; dot voting · sectors" in html
    headings = re.findall(r'<h2 id="heading-(\w+)"', html)
    assert headings.index("purpose") < headings.index("roles") < headings.index("ideas")
    assert "Refresh from workshops" in html and "<script>" not in html and "style=" not in html


def test_another_facilitator_gets_404_everywhere(client):
    _, partnership, workshop = _setup(client)
    item = plan_items(partnership.id)[0]
    client.post("/logout")
    create_facilitator(email="other@example.org")
    login(client, email="other@example.org")
    base = f"/partnerships/{partnership.id}/plan"
    for url in (base, base + "/history", base + "/snapshots", base + "/export.md", base + "/print",
                f"{base}/items/{item.id}/edit", f"/workshops/{workshop.id}/export/csv", f"/w/{workshop.id}/plan-view"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/items/{item.id}/promote").status_code == 404
    assert client.post(f"{base}/add/actions", data={"actions-title": "x"}).status_code == 404
    assert db.session.get(PlanItem, item.id).status == "proposed"


def test_logged_out_is_sent_to_login(client, app):
    partnership = create_partnership(create_facilitator())
    response = client.get(f"/partnerships/{partnership.id}/plan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_curation_buttons_change_and_record(client):
    facilitator, partnership, _ = _setup(client)
    first, second = plan_items(partnership.id)
    base = f"/partnerships/{partnership.id}/plan/items"
    assert client.post(f"{base}/{first.id}/promote").status_code == 302
    assert client.post(f"{base}/{second.id}/move", data={"direction": "up"}).status_code == 302
    assert client.post(f"{base}/{second.id}/drop").status_code == 302
    assert client.post(f"{base}/{second.id}/restore").status_code == 302
    response = client.post(f"{base}/{first.id}/edit", data={"edit-title": "Reworded idea", "edit-text": "why"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanItem, first.id).status == "promoted"
    assert db.session.get(PlanItem, first.id).title == "Reworded idea"
    actions = [r.action for r in db.session.query(PlanRevision).filter_by(facilitator_id=facilitator.id)
               .order_by(PlanRevision.id)]
    assert actions == ["promoted", "moved", "dropped", "restored", "edited"]
    history = client.get(f"/partnerships/{partnership.id}/plan/history").get_data(as_text=True)
    assert "Fran" in history and "Reworded idea" in history and "promoted into the plan" in history


def test_add_facilitator_items_with_validated_data(client):
    _, partnership, _ = _setup(client)
    url = f"/partnerships/{partnership.id}/plan/add"
    bad = client.post(f"{url}/actions", data={"actions-title": "", "actions-due": "not a date"})
    assert bad.status_code == 400 and "Write something first." in bad.get_data(as_text=True)
    ok = client.post(f"{url}/actions", data={"actions-title": "Book the room", "actions-owner": "City Clinic",
                                             "actions-due": "2027-03-01", "actions-status": "in_progress"})
    assert ok.status_code == 302
    bad_dates = client.post(f"{url}/checkins", data={"checkins-title": "Steering group", "checkins-dates": "soon"})
    assert bad_dates.status_code == 400 and "YYYY-MM-DD" in bad_dates.get_data(as_text=True)
    client.post(f"{url}/checkins", data={"checkins-title": "Steering group", "checkins-cadence": "monthly",
                                         "checkins-dates": "2027-02-01\n2027-01-01"})
    action = db.session.query(PlanItem).filter_by(section="actions").one()
    assert action.origin == "facilitator" and action.status == "promoted"
    assert action.data == {"owner": "City Clinic", "due": "2027-03-01", "status": "in_progress"}
    checkin = db.session.query(PlanItem).filter_by(section="checkins").one()
    assert checkin.data["dates"] == ["2027-01-01", "2027-02-01"]
    assert client.post(f"{url}/ideas", data={"ideas-title": "x"}).status_code == 404


def test_csrf_is_required_on_curation(client, app):
    _, partnership, _ = _setup(client)
    app.config["WTF_CSRF_ENABLED"] = True  # after logging in
    item = plan_items(partnership.id)[0]
    response = client.post(f"/partnerships/{partnership.id}/plan/items/{item.id}/promote")
    assert response.status_code == 400
    assert db.session.get(PlanItem, item.id).status == "proposed"
    page = client.get(f"/partnerships/{partnership.id}/plan").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_refresh_button_and_snapshots(client):
    _, partnership, workshop = _setup(client)
    response = client.post(f"/partnerships/{partnership.id}/plan/refresh", follow_redirects=True)
    assert "0 new, 0 updated" in response.get_data(as_text=True)
    listing = client.get(f"/partnerships/{partnership.id}/plan/snapshots").get_data(as_text=True)
    match = re.search(rf"/partnerships/{partnership.id}/plan/snapshots/(\d+)", listing)
    assert match and "Kick-off" in listing
    snapshot = client.get(match.group(0)).get_data(as_text=True)
    assert "Shared referral form" in snapshot and "Family hub at the school" in snapshot


def test_room_screen_plan_view_while_live_and_after(client):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = workshop_with_notes(partnership)
    login(client)
    live = client.get(f"/w/{workshop.id}/plan-view")
    assert live.status_code == 200
    html = live.get_data(as_text=True)
    assert "Shared referral form" in html and 'http-equiv="refresh"' in html
    end_and_harvest(workshop)
    item = plan_items(partnership.id)[0]
    client.post(f"/partnerships/{partnership.id}/plan/items/{item.id}/drop")
    ended = client.get(f"/w/{workshop.id}/plan-view").get_data(as_text=True)
    assert item.title not in ended and 'http-equiv="refresh"' not in ended


def test_participant_sees_the_plan_only_once_ended(client, app):
    partnership = create_partnership(create_facilitator())
    workshop = workshop_with_notes(partnership)
    participant, token = create_participant(workshop, name="Robin")
    assert client.get(f"/w/{workshop.id}/my-plan").status_code == 403  # no cookie
    client.set_cookie(f"cg_p{workshop.id}", token)
    waiting = client.get(f"/w/{workshop.id}/my-plan")
    assert waiting.status_code == 403 and "when the facilitator ends the workshop" in waiting.get_data(as_text=True)
    end_and_harvest(workshop)
    done = client.get(f"/w/{workshop.id}/my-plan")
    assert done.status_code == 200 and "Family hub at the school" in done.get_data(as_text=True)
    assert "Zebedee" not in done.get_data(as_text=True)
