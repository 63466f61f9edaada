"""Issue 17, the server side of a real kick-off: 60- and 90-minute kick-off templates, the
agenda's total time, adding a step opens its configuration, one-request reordering,
duplicating a workshop, the room-screen control, the plan's QR code, and the facts the console's
clock and timer read (planned minutes, start time)."""
import pytest

from app.agenda_templates.builtin import BUILTIN_TEMPLATES, KICKOFF
from app.extensions import db
from app.models import Workshop
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.live_helpers import connect_facilitator, control, flush


@pytest.fixture
def partnership(app):
    return create_partnership(create_facilitator())


@pytest.fixture
def facilitator_client(client, partnership):
    login(client)
    return client


def titles(workshop_id):
    db.session.expire_all()
    return [s.title for s in db.session.get(Workshop, workshop_id).steps]


@pytest.mark.parametrize(("key", "minutes"), [("kickoff_90", 90), ("kickoff_60", 60)])
def test_the_kickoff_comes_in_90_and_60_minutes(key, minutes):
    template = BUILTIN_TEMPLATES[key]
    assert sum(s["duration_minutes"] for s in template["steps"]) == minutes
    assert sum(s["duration_minutes"] for s in KICKOFF["steps"]) > 90  # why the short versions exist
    kinds = [s["exercise_key"] for s in template["steps"]]
    assert kinds[0] == "alignment_mapper" and kinds[-1] == "ideas"
    long_notes = {s["notes"] for s in KICKOFF["steps"]}
    assert not long_notes & {s["notes"] for s in template["steps"]}  # its own notes, not the long ones


def test_a_90_minute_workshop_from_the_template_shows_its_total(facilitator_client, partnership):
    response = facilitator_client.post(f"/partnerships/{partnership.id}/workshops/new",
                                       data={"title": "Kick-off", "template": "builtin:kickoff_90"})
    assert response.status_code == 302
    page = facilitator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "90 min planned in total" in page and "(1 h 30)" in page


def test_adding_a_step_opens_its_configuration(facilitator_client, partnership):
    workshop = create_workshop(partnership, steps=(), status="draft")
    response = facilitator_client.post(f"/workshops/{workshop.id}/steps", data={"exercise": "ideas"})
    step = db.session.get(Workshop, workshop.id).steps[0]
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}/steps/{step.id}")


def test_reordering_is_one_request_and_a_stale_order_is_refused(facilitator_client, partnership):
    workshop = create_workshop(partnership, steps=(("ideas", None),) * 3, status="draft")
    for step, title in zip(workshop.steps, "ABC", strict=True):
        step.title = title
    db.session.commit()
    a, b, c = (s.id for s in workshop.steps)
    url = f"/workshops/{workshop.id}/steps/order"
    reply = facilitator_client.post(url, data={"order": f"{c},{a},{b}"}, headers={"Accept": "application/json"})
    assert reply.status_code == 200 and reply.json == {"ok": True, "order": [c, a, b]}
    assert titles(workshop.id) == ["C", "A", "B"]
    # A page that missed a step (or repeats one) must not drop or duplicate it.
    for stale in (f"{a},{b}", f"{a},{a},{b}", f"{a},{b},999", "x,y"):
        reply = facilitator_client.post(url, data={"order": stale}, headers={"Accept": "application/json"})
        assert reply.status_code == 409 and reply.json["ok"] is False and "Reload" in reply.json["error"]
    assert titles(workshop.id) == ["C", "A", "B"]
    # Without JS (a plain form post) it answers with the agenda page again.
    assert facilitator_client.post(url, data={"order": f"{a},{b},{c}"}).status_code == 302
    assert titles(workshop.id) == ["A", "B", "C"]


def test_duplicating_copies_the_agenda_not_the_contributions(facilitator_client, partnership):
    workshop = create_workshop(partnership, steps=(("ideas", None), ("policy_window", None)), anonymous=True)
    workshop.steps[0].notes, workshop.steps[0].duration_minutes = "Run it quietly.", 25
    workshop.steps[0].state = {**workshop.steps[0].state, "notes": {"n1": {"text": "someone's idea"}}}
    db.session.commit()
    response = facilitator_client.post(f"/workshops/{workshop.id}/duplicate")
    copy = db.session.execute(db.select(Workshop).order_by(Workshop.id.desc())).scalars().first()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/workshops/{copy.id}")
    assert copy.id != workshop.id and copy.join_code != workshop.join_code
    assert copy.status == "draft" and copy.anonymous and copy.title == "Kick-off (copy)"
    assert [(s.exercise_key, s.notes, s.duration_minutes) for s in copy.steps] == [
        ("ideas", "Run it quietly.", 25), ("policy_window", "", None)]
    assert "someone's idea" not in str(copy.steps[0].state)


def test_screen_control_pages_pauses_and_shows_the_plan_qr(app, client, partnership):
    login(client)
    workshop = create_workshop(partnership)
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "screen", {"command": "next"})["ok"]
    assert control(fac, "screen", {"command": "next"})["ok"]
    assert control(fac, "screen", {"command": "previous"})["ok"]
    assert control(fac, "screen", {"command": "pause"})["ok"]
    assert control(fac, "screen", {"command": "plan_qr_on"})["ok"]
    refused = control(fac, "screen", {"command": "explode"})
    assert refused["ok"] is False
    screen = fac.emit("sync", {}, callback=True)["doc"]["workshop"]["screen"]
    assert screen["page"] == 1 and screen["paused"] is True and screen["plan_qr"] is True
    assert screen["rotate_seconds"] == app.config["SCREEN_ROTATE_SECONDS"] and screen["paged_at"]


def test_going_live_starts_the_clock_and_the_console_knows_planned_minutes(app, client, partnership):
    login(client)
    workshop = create_workshop(partnership, status="lobby")
    workshop.steps[0].duration_minutes = 40
    db.session.commit()
    step_id = workshop.steps[0].id
    fac = connect_facilitator(app, client, workshop)
    assert fac.emit("sync", {}, callback=True)["doc"]["workshop"]["started_at"] is None
    assert control(fac, "workshop_status", {"status": "live"})["ok"]
    flush(app)
    doc = fac.emit("sync", {}, callback=True)["doc"]
    assert doc["workshop"]["started_at"] and doc["workshop"]["agenda"][0]["minutes"] == 40
    assert doc["steps"][str(step_id)]["minutes"] == 40  # the timer's default


def test_spotlight_carries_the_text_the_console_showed(app, client, partnership):
    login(client)
    workshop = create_workshop(partnership)
    step_id = workshop.steps[0].id
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "spotlight", {"step_id": step_id, "item": "n1", "text": "Breakfast club"})["ok"]
    screen = connect_facilitator(app, client, workshop, role="screen")
    spot = screen.emit("sync", {}, callback=True)["doc"]["workshop"]["spotlight"]
    assert spot == {"step_id": step_id, "item": "n1", "text": "Breakfast club"}


def test_the_plan_qr_points_at_my_plan_and_the_screen_may_be_framed_by_the_console(facilitator_client,
                                                                                     partnership):
    workshop = create_workshop(partnership)
    svg = facilitator_client.get(f"/w/{workshop.id}/plan-qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    screen = facilitator_client.get(f"/w/{workshop.id}/screen")
    assert "frame-ancestors 'self'" in screen.headers["Content-Security-Policy"]
    assert screen.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert f"/w/{workshop.id}/my-plan" in screen.get_data(as_text=True)
    console = facilitator_client.get(f"/w/{workshop.id}/console")
    assert "frame-ancestors 'none'" in console.headers["Content-Security-Policy"]  # only the screen
