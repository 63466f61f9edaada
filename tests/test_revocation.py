"""Permissions follow revocation: copied session cookies die at logout and password change;
a logged-out console, a removed co-facilitator and an old device after a rejoin lose sync,
control and act at once — told why, disconnected — and also when the revocation happened in
another process (the per-event re-check)."""
import pytest
from flask import g

from app.extensions import db
from app.models import Facilitator, Participant
from app.models.partnership import partnership_facilitators
from app.workshops.codes import new_rejoin_code
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control

PASSWORD = "correct horse battery"


@pytest.fixture
def owner(app):
    return create_facilitator()


@pytest.fixture
def workshop(owner):
    return create_workshop(create_partnership(owner))


def copied(client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = client.application.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def status_of(browser, url="/partnerships/") -> int:
    # The tests share one app context, where Flask-Login caches the last request's user in
    # ``g``; in the server each request has its own, so the session cookie is read afresh.
    g.pop("_login_user", None)
    return browser.get(url).status_code


def removed_messages(sio) -> list[str]:
    # ``queue``, not get_received(): the test client refuses the latter once disconnected.
    return [m["args"][0]["message"] for m in sio.queue if m["name"] == "removed"]


def test_a_copied_session_cookie_stops_working_after_logout(client, owner):
    login(client)
    thief = copied(client)
    assert status_of(thief) == 200  # precondition: the copy worked
    client.post("/logout")
    assert status_of(thief) == 302


def test_a_copied_session_cookie_stops_working_after_a_password_change(client, owner):
    login(client)
    thief = copied(client)
    assert status_of(thief) == 200
    response = client.post("/account", data={"current": PASSWORD, "password": "a brand new secret",
                                             "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert status_of(thief) == 302
    assert status_of(client) == 200  # the browser that changed it stays in


def test_logging_out_closes_the_open_console_at_once(app, client, workshop):
    login(client)
    console = connect_facilitator(app, client, workshop)
    assert console.emit("sync", {}, callback=True)["ok"]
    client.post("/logout")
    assert any("logged out" in m for m in removed_messages(console))
    assert not console.is_connected()


def test_a_removed_co_facilitator_loses_the_console_at_once(app, client, owner, workshop):
    co = create_facilitator(email="co@example.org")
    workshop.partnership.co_facilitators.append(co)
    db.session.commit()
    co_browser = app.test_client()
    login(co_browser, email="co@example.org")
    console = connect_facilitator(app, co_browser, workshop)
    screen = connect_facilitator(app, co_browser, workshop, role="screen")
    assert console.emit("sync", {}, callback=True)["ok"]
    login(client)
    assert client.post(f"/partnerships/{workshop.partnership_id}/share/{co.id}/remove").status_code == 302
    for sio in (console, screen):
        assert any("removed you as a co-facilitator" in m for m in removed_messages(sio))
        assert not sio.is_connected()


def test_rejoining_on_another_device_signs_the_old_one_out(app, workshop):
    participant, token = create_participant(workshop)
    participant.rejoin_code = new_rejoin_code(workshop.id)
    db.session.commit()
    old_phone = connect_participant(app, workshop, token)
    old_browser = app.test_client()
    old_browser.set_cookie(f"cg_p{workshop.id}", token)
    assert status_of(old_browser, f"/w/{workshop.id}/me") == 200
    new_phone = app.test_client()
    response = new_phone.post("/rejoin", data={"code": workshop.join_code, "rejoin_code": participant.rejoin_code})
    assert response.status_code == 302
    assert any("rejoined this workshop on another device" in m for m in removed_messages(old_phone))
    assert not old_phone.is_connected()
    assert status_of(old_browser, f"/w/{workshop.id}/me") == 403  # signed out over HTTP too


# -- the same revocations done elsewhere (another process): refused at the next event --------


@pytest.fixture
def recheck_every_event(app):
    app.config["REVOCATION_RECHECK_SECONDS"] = 0


def refused(sio, reply, words):
    assert reply["ok"] is False
    assert any(words in m for m in removed_messages(sio))
    assert not sio.is_connected()


def test_a_console_whose_sessions_ended_elsewhere_is_refused_at_its_next_control(
        app, client, workshop, owner, recheck_every_event):
    login(client)
    console = connect_facilitator(app, client, workshop)
    assert console.emit("sync", {}, callback=True)["ok"]
    db.session.get(Facilitator, owner.id).end_sessions()
    db.session.commit()
    refused(console, control(console, "setting", {"setting": "anonymous", "value": True}), "logged out")
    db.session.expire_all()
    assert workshop.anonymous is False


def test_an_unshared_console_is_refused_at_its_next_sync(app, workshop, recheck_every_event):
    co = create_facilitator(email="co@example.org")
    workshop.partnership.co_facilitators.append(co)
    db.session.commit()
    browser = app.test_client()
    login(browser, email="co@example.org")
    console = connect_facilitator(app, browser, workshop)
    assert console.emit("sync", {}, callback=True)["ok"]
    db.session.execute(partnership_facilitators.delete())  # the owner removed them, in another process
    db.session.commit()
    refused(console, console.emit("sync", {}, callback=True), "removed you as a co-facilitator")


def test_an_old_device_is_refused_at_its_next_act(app, workshop, recheck_every_event):
    participant, token = create_participant(workshop)
    step = workshop.steps[0].id
    phone = connect_participant(app, workshop, token)
    assert act(phone, step, "add_note", {"text": "from the old phone"})["ok"]
    db.session.get(Participant, participant.id).token_hash = "0" * 64  # a rejoin elsewhere
    db.session.commit()
    refused(phone, act(phone, step, "add_note", {"text": "after the rejoin"}), "another device")


def test_the_recheck_costs_one_query_per_interval_not_per_event(app, workshop):
    """A flood of events must not cost a database query each (REVOCATION_RECHECK_SECONDS)."""
    app.config["REVOCATION_RECHECK_SECONDS"] = 3600
    participant, token = create_participant(workshop)
    step = workshop.steps[0].id
    phone = connect_participant(app, workshop, token)
    assert act(phone, step, "add_note", {"text": "checked once"})["ok"]
    db.session.get(Participant, participant.id).token_hash = "0" * 64
    db.session.commit()
    assert act(phone, step, "edit_note", {"note_id": "n1", "text": "within the interval"})["ok"]
    app.config["REVOCATION_RECHECK_SECONDS"] = 0
    refused(phone, act(phone, step, "add_note", {"text": "after it"}), "another device")
