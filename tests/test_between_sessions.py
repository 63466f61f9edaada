"""Steps open between sessions: the facilitator's window form, the step's link and its pages,
the engine on a real socket (accepting and refusing with the window's words), a returning
participant, privacy on the wire, the phones' documents, duplicate and the plan's harvest."""
import json
from datetime import datetime, timedelta

import pytest
from flask import g

from app.extensions import db
from app.live.window_clock import WindowClock
from app.models import Participant, PlanItem, Step, Workshop
from app.models.base import utcnow
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_participant, flush, received_json

HOUR = timedelta(hours=1)


class World:
    """Ids, read afresh each time: the socket handlers end the test's session."""

    def __init__(self, workshop_id, step_id):
        self.workshop_id, self.step_id = workshop_id, step_id

    @property
    def workshop(self) -> Workshop:
        return db.session.get(Workshop, self.workshop_id)

    @property
    def step(self) -> Step:
        return db.session.get(Step, self.step_id)

    def __iter__(self):
        return iter((self.workshop, self.step))


@pytest.fixture
def world(app, client):
    """A draft workshop of two Ideas steps, the second open between sessions now."""
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), status="draft",
                               steps=(("ideas", None), ("ideas", None)))
    login(client)
    step = workshop.steps[1]
    set_window(step, utcnow() - HOUR, utcnow() + HOUR)
    return World(workshop.id, step.id)


def set_window(step, opens_at, closes_at):
    step.opens_at, step.closes_at = opens_at, closes_at
    db.session.commit()


def link(workshop, step):
    return f"/j/{workshop.join_code}/s/{step.id}"


def step_page(workshop, step):
    return f"/workshops/{workshop.id}/steps/{step.id}"


# -- the facilitator's form --------------------------------------------------------------------

@pytest.fixture
def paris(tmp_path, monkeypatch):
    """An app whose TIME_ZONE is Europe/Paris, with a facilitator logged in and a draft step."""
    from app import create_app

    monkeypatch.setenv("TIME_ZONE", "Europe/Paris")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'paris.db'}",
                      "SECRET_KEY": "test-secret", "ASYNC_MODE": "threading", "BROADCASTER_AUTOSTART": False,
                      "WTF_CSRF_ENABLED": False, "REDIS_URL": None})
    with app.app_context():
        db.create_all()
        workshop = create_workshop(create_partnership(create_facilitator()), status="draft")
        client = app.test_client()
        login(client)
        yield client, workshop, workshop.steps[0]
        db.session.remove()
        db.drop_all()


def test_the_window_is_typed_in_the_apps_time_zone_and_stored_in_utc(paris):
    client, workshop, step = paris
    response = client.post(f"{step_page(workshop, step)}/window",
                           data={"opens_at": "2026-12-10T09:00", "closes_at": "2026-12-17T18:30"})
    assert response.status_code == 302 and response.location.endswith("#between")
    db.session.refresh(step)
    # Paris is UTC+1 in December.
    assert (step.opens_at, step.closes_at) == (datetime(2026, 12, 10, 8, 0), datetime(2026, 12, 17, 17, 30))
    page = client.get(step_page(workshop, step)).get_data(as_text=True)
    assert 'value="2026-12-10T09:00"' in page and "Europe/Paris" in page


@pytest.mark.parametrize(("data", "error"), [
    ({"opens_at": "2026-12-10T09:00", "closes_at": "2026-12-10T08:00"}, "The window must close after it opens."),
    ({"opens_at": "2026-12-10T09:00", "closes_at": "2026-12-10T09:00"}, "The window must close after it opens."),
    ({"opens_at": "2026-12-10T09:00", "closes_at": "2027-02-09T09:01"}, "A window can stay open for 60 days at most."),
    ({"opens_at": "", "closes_at": "2026-12-10T09:00"}, "Say when contributions open."),
    ({"opens_at": "2026-12-10T09:00", "closes_at": ""}, "Say when contributions close."),
    ({"opens_at": "next tuesday", "closes_at": "2026-12-10T09:00"}, "Not a valid datetime value."),
])
def test_a_bad_window_is_a_form_error_and_keeps_the_saved_one(client, world, data, error):
    workshop, step = world
    before = (step.opens_at, step.closes_at)
    response = client.post(f"{step_page(workshop, step)}/window", data=data)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    step = world.step
    assert (step.opens_at, step.closes_at) == before


def test_clearing_the_window_closes_the_link(client, world):
    workshop, step = world
    response = client.post(f"{step_page(workshop, step)}/window", data={"clear": "1"})
    assert response.status_code == 302
    step = world.step
    assert step.opens_at is None and step.closes_at is None
    assert client.get(link(workshop, step)).status_code == 404


def test_the_step_page_shows_the_link_and_its_qr_code(client, world):
    workshop, step = world
    page = client.get(step_page(workshop, step)).get_data(as_text=True)
    assert f"/j/{workshop.join_code}/s/{world.step_id}" in page and 'data-window-state="open"' in page
    qr = client.get(f"{step_page(workshop, step)}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    # A step without a window shows the form only.
    other = client.get(step_page(workshop, workshop.steps[0])).get_data(as_text=True)
    assert "data-window-state" not in other and "Open from" in other


def test_the_workshop_page_says_which_step_is_open_between_sessions(client, world):
    workshop, step = world
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert page.count('data-window-state="open"') == 1
    assert f'/workshops/{workshop.id}/steps/{step.id}#between' in page


def test_duplicating_a_workshop_keeps_its_windows(client, world):
    workshop, step = world
    response = client.post(f"/workshops/{world.workshop_id}/duplicate")
    copy_id = int(response.location.rsplit("/", 1)[1])
    copy = db.session.get(Workshop, copy_id)
    assert (copy.steps[1].opens_at, copy.steps[1].closes_at) == (step.opens_at, step.closes_at)
    assert copy.steps[0].opens_at is None


# -- the link's pages --------------------------------------------------------------------------

def test_the_link_joins_a_draft_workshop_onto_its_step(app, world):
    workshop, step = world
    visitor = app.test_client()
    form = visitor.get(link(workshop, step))
    assert form.status_code == 200 and "between sessions" in form.get_data(as_text=True)
    joined = visitor.post(link(workshop, step), data={"name": "Lou", "organisation": "City Clinic",
                                                      "sector": "Health", "language": "en"})
    assert joined.status_code == 302 and joined.location.endswith(f"/w/{world.workshop_id}/me?step={world.step_id}")
    assert db.session.query(Participant).filter_by(workshop_id=world.workshop_id, name="Lou").count() == 1
    page = visitor.get(joined.location).get_data(as_text=True)
    assert f'"focus": {world.step_id}' in page and "data-between" in page


def test_the_link_keeps_the_per_device_limit(app, world):
    workshop, step = world
    workshop.joins_per_device = 1
    db.session.commit()
    phone = app.test_client()
    data = {"name": "Lou", "organisation": "City Clinic", "sector": "Health", "language": "en"}
    assert phone.post(link(workshop, step), data=data).status_code == 302
    phone.delete_cookie(f"cg_p{workshop.id}")  # the same phone, trying to join as someone else
    again = phone.post(link(*world), data={**data, "name": "Not Lou"})
    assert again.status_code == 403
    assert db.session.query(Participant).filter_by(workshop_id=world.workshop_id).count() == 1


def test_the_link_refuses_a_bad_join_form_on_the_page(app, world):
    workshop, step = world
    response = app.test_client().post(link(workshop, step), data={"name": "", "sector": "Health"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_the_link_says_when_the_window_opens(app, world):
    workshop, step = world
    set_window(world.step, datetime(2099, 3, 2, 9, 0), datetime(2099, 3, 9, 9, 0))
    response = app.test_client().get(link(workshop, step))
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-window-state="before"' in text and "March 2, 2099" in text


def test_a_hostile_step_title_is_shown_as_text_on_the_link_pages(app, world):
    step = world.step
    step.title = "<script>alert(1)</script> خطة 🌱"
    db.session.commit()
    page = app.test_client().get(link(*world)).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; خطة 🌱" in page and "<script>alert(1)" not in page


def test_the_link_says_the_window_closed_in_french(app, world):
    workshop, step = world
    set_window(world.step, datetime(2020, 3, 2, 9, 0), datetime(2020, 3, 9, 9, 0))
    response = app.test_client().get(link(workshop, step) + "?lang=fr")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-window-state="after"' in text and "9 mars 2020" in text


def test_the_link_of_a_step_without_a_window_or_of_a_deleted_workshop_is_the_neutral_404(app, client, world):
    workshop, step = world
    visitor = app.test_client()
    assert visitor.get(link(workshop, workshop.steps[0])).status_code == 404
    assert visitor.get(f"/j/{workshop.join_code}/s/999999").status_code == 404
    gone = link(workshop, step)
    client.post(f"/workshops/{world.workshop_id}/delete", data={"confirm": "yes", "title": workshop.title})
    db.session.remove()
    if db.session.get(Workshop, world.workshop_id) is None:  # precondition: it really was deleted
        assert visitor.get(gone).status_code == 404
    else:
        db.session.delete(db.session.get(Workshop, world.workshop_id))
        db.session.commit()
        assert visitor.get(gone).status_code == 404


def test_someone_from_the_live_session_keeps_their_place_and_contributions(app, world):
    workshop, step = world
    person, token = create_participant(workshop, name="Ana")
    sio = connect_participant(app, workshop, token)
    assert act(sio, world.step_id, "add_note", {"text": "Walking bus on Fridays"})["ok"]
    visitor = app.test_client()
    visitor.set_cookie(f"cg_p{world.workshop_id}", token)
    response = visitor.get(link(*world))
    assert response.status_code == 302 and response.location.endswith(f"/w/{world.workshop_id}/me?step={world.step_id}")
    page = visitor.get(response.location).get_data(as_text=True)
    assert "Walking bus on Fridays" in page and "Ana" in page  # their own note, in their own part
    assert db.session.query(Participant).filter_by(workshop_id=world.workshop_id).count() == 1


# -- the engine on a socket ------------------------------------------------------------------

def joined(app, workshop, name="Pat"):
    return connect_participant(app, workshop, create_participant(workshop, name=name)[1])


def test_a_participant_contributes_while_the_workshop_is_a_draft(app, world):
    workshop, step = world
    ack = act(joined(app, world.workshop), world.step_id, "add_note", {"text": "Pre-work idea"})
    assert ack["ok"] is True
    step = world.step
    assert [n["text"] for n in step.state["notes"].values()] == ["Pre-work idea"]
    assert step.status == "pending"  # the window opens it for contributions; the room's status is kept


def test_outside_the_window_the_refusal_says_when(app, world):
    workshop, step = world
    sio = joined(app, world.workshop)
    set_window(world.step, datetime(2099, 3, 2, 9, 0), datetime(2099, 3, 9, 9, 0))
    ack = act(sio, world.step_id, "add_note", {"text": "Too early"})
    assert ack["ok"] is False and ack["code"] == "not_yet_open" and "March 2, 2099" in ack["error"]
    set_window(world.step, datetime(2020, 3, 2, 9, 0), datetime(2020, 3, 9, 9, 0))
    ack = act(sio, world.step_id, "add_note", {"text": "Too late"})
    assert ack["ok"] is False and ack["code"] == "window_closed" and "March 9, 2020" in ack["error"]
    step = world.step
    assert step.state["notes"] == {}


def test_a_step_without_a_window_still_needs_the_live_room(app, world):
    workshop, _step = world
    ack = act(joined(app, world.workshop), world.workshop.steps[0].id, "add_note", {"text": "No"})
    assert ack["ok"] is False and ack["code"] == "not_live"


def test_while_live_elsewhere_the_open_step_takes_contributions_and_others_do_not(app, world):
    workshop, step = world
    workshop.status, workshop.room_step_id = "live", world.workshop.steps[0].id
    third = Step(workshop=workshop, position=2, exercise_key="ideas", title="Later", config=dict(step.config),
                 state=dict(step.state), status="open")
    db.session.add(third)
    db.session.commit()
    third_id = third.id
    sio = joined(app, world.workshop)
    assert act(sio, world.step_id, "add_note", {"text": "Async while live"})["ok"] is True
    refused = act(sio, third_id, "add_note", {"text": "Not here"})
    assert refused["ok"] is False and refused["error"] == "The room has moved on to another step."


def test_a_locked_step_stays_locked_in_its_window(app, world):
    workshop, step = world
    step.status = "locked"
    db.session.commit()
    ack = act(joined(app, world.workshop), world.step_id, "add_note", {"text": "Paused"})
    assert ack["ok"] is False and ack["code"] == "step_status" and "locked" in ack["error"]


def test_after_the_workshop_ended_a_closed_step_takes_follow_up(app, world):
    workshop, step = world
    workshop.status, step.status = "ended", "closed"
    db.session.commit()
    assert act(joined(app, world.workshop), world.step_id, "add_note", {"text": "Follow-up"})["ok"] is True


# -- what the phones receive -----------------------------------------------------------------

def test_the_document_carries_the_open_step_as_open_and_drops_it_when_closed(app, world):
    workshop, step = world
    sio = joined(app, world.workshop)
    flush(app)
    doc = sio.emit("sync", {}, callback=True)["doc"]
    assert doc["steps"][str(world.step_id)]["status"] == "open"
    assert doc["steps"][str(world.step_id)]["window"]["closes_at"].endswith("Z")
    set_window(world.step, datetime(2020, 3, 2, 9, 0), datetime(2020, 3, 9, 9, 0))
    flush(app)
    assert str(world.step_id) not in sio.emit("sync", {}, callback=True)["doc"]["steps"]


def test_the_window_clock_finds_workshops_whose_window_opened(app, world):
    workshop, step = world
    clock = WindowClock(every=0)
    clock.since = utcnow() - timedelta(minutes=5)
    set_window(world.step, utcnow() - timedelta(minutes=1), utcnow() + HOUR)
    assert clock.passed() == {world.workshop_id}
    assert clock.passed() == set()  # each moment is seen once


def test_hidden_holds_for_contributions_between_sessions(app, world):
    workshop, step = world
    step.hidden = True
    db.session.commit()
    author, other = joined(app, world.workshop, "Ana"), joined(app, world.workshop, "Ben")
    assert act(author, world.step_id, "add_note", {"text": "Secret pre-work 7Q"})["ok"]
    flush(app)
    # Precondition: the note is stored and the author sees it as their own.
    step = world.step
    assert [n["text"] for n in step.state["notes"].values()] == ["Secret pre-work 7Q"]
    assert "Secret pre-work 7Q" in received_json(author)
    synced = other.emit("sync", {}, callback=True)
    assert str(world.step_id) in synced["doc"]["steps"]  # precondition: they do receive the step
    wire = received_json(other) + json.dumps(synced)
    assert "Secret pre-work 7Q" not in wire


def test_anonymous_holds_for_contributions_between_sessions(app, world):
    workshop, step = world
    workshop.anonymous = True
    db.session.commit()
    author, other = joined(app, world.workshop, "Zelda Unique"), joined(app, world.workshop, "Ben")
    assert act(author, world.step_id, "add_note", {"text": "Nameless idea"})["ok"]
    flush(app)
    wire = received_json(other) + json.dumps(other.emit("sync", {}, callback=True))
    assert "Nameless idea" in wire  # the text reaches them ...
    assert "Zelda Unique" not in wire  # ... its author does not


# -- the plan --------------------------------------------------------------------------------

def test_follow_up_reaches_the_plan_through_refresh_from_workshops(app, client, world):
    workshop, step = world
    workshop.status, step.status = "ended", "closed"
    db.session.commit()
    assert act(joined(app, world.workshop), world.step_id, "add_note", {"text": "Follow-up for the plan"})["ok"]
    g.pop("_login_user", None)  # the socket handler ended the session the cached login user lived in
    response = client.post(f"/partnerships/{world.workshop.partnership_id}/plan/refresh")
    assert response.status_code == 302
    titles = [item.title for item in db.session.query(PlanItem).filter_by(partnership_id=workshop.partnership_id)]
    assert "Follow-up for the plan" in titles


def test_the_phones_gain_the_step_when_its_window_opens_with_no_write(app, world):
    from sqlalchemy import update

    workshop, step = world
    set_window(step, utcnow() + timedelta(days=1), utcnow() + timedelta(days=2))
    sio = joined(app, workshop)
    broadcaster = app.extensions["broadcaster"]
    broadcaster.window_clock = WindowClock(every=3600)  # not due: the loop does not look yet
    flush(app)
    assert str(world.step_id) not in sio.emit("sync", {}, callback=True)["doc"]["steps"]
    sio.get_received()
    # The clock passes the opening moment; a Core update, so no write marks the workshop.
    db.session.execute(update(Step).where(Step.id == world.step_id).values(opens_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert flush(app) == 0  # nothing marked it, so nothing is sent ...
    broadcaster.window_clock.every, broadcaster.window_clock.since = 0, utcnow() - timedelta(minutes=5)
    flush(app)  # ... until the window clock sees the moment pass
    patches = [m["args"][0] for m in sio.get_received() if m["name"] == "patch"]
    assert any(str(world.step_id) in (p["patch"].get("steps") or {}) for p in patches)
