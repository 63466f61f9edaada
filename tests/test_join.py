"""Joining as a participant: the form, the cookie, resuming, rejoining, neutral errors, limits."""
import math
import re

import pytest

from app.extensions import db
from app.models import Participant
from app.models.participant import hash_token
from app.workshops.codes import ALPHABET
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login

NEUTRAL = b"We couldn't find an open workshop with that code. Check the code with your facilitator."


@pytest.fixture
def workshop(app):
    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, status="lobby")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def join(client, code="HK7P2QXM", **fields):
    data = {"name": "Ana", "organisation": "City Clinic", "sector": "Health", "table_group": ""}
    data.update(fields)
    return client.post(f"/j/{code}", data=data)


def participants():
    db.session.expire_all()
    return db.session.scalars(db.select(Participant)).all()


def cookie_of(response, workshop):
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"cg_p{workshop.id}="))


def test_join_form_offers_partnership_lists(client, workshop):
    page = client.get("/j/HK7P2QXM").data
    assert b"Kick-off" in page
    assert b'<option value="Education">' in page and b'<option value="Other">' in page
    assert b'<option value="City Clinic">' in page  # datalist: pick one or type another
    assert b"Joined before on another device?" in page


def test_join_creates_participant_and_sets_cookie(client, workshop):
    response = join(client, table_group="Table 3", organisation="Another org")
    assert response.status_code == 302
    assert response.location == f"/w/{workshop.id}/me"
    [participant] = participants()
    assert (participant.name, participant.organisation, participant.sector, participant.table_group) == (
        "Ana", "Another org", "Health", "Table 3")
    assert len(participant.rejoin_code) == 6 and set(participant.rejoin_code) <= set(ALPHABET)
    cookie = cookie_of(response, workshop)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Max-Age=2592000" in cookie
    assert "Secure" not in cookie


def test_cookie_is_secure_when_configured(client, workshop, app):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "; Secure" in cookie_of(join(client), workshop)


def test_token_is_long_random_hashed_and_not_the_join_code(client, workshop):
    response = join(client)
    token = re.match(rf"cg_p{workshop.id}=([^;]+);", cookie_of(response, workshop)).group(1)
    assert len(token) * 6 >= 128  # URL-safe base64: 6 bits a character
    assert math.log2(64) * len(token) >= 128
    assert token != workshop.join_code and workshop.join_code not in token
    [participant] = participants()
    assert participant.token_hash == hash_token(token)
    assert token not in participant.token_hash
    second = client.application.test_client()
    token2 = re.match(rf"cg_p{workshop.id}=([^;]+);", cookie_of(join(second, name="Ben"), workshop)).group(1)
    assert token2 != token


def test_same_device_resumes_without_new_participant(client, workshop):
    join(client)
    response = client.get("/j/HK7P2QXM")
    assert response.status_code == 302 and response.location == f"/w/{workshop.id}/me"
    # Even once the room is locked, someone already in gets back in.
    workshop.room_locked = True
    db.session.commit()
    assert client.get("/j/hk7p-2qxm", follow_redirects=True).request.path == f"/w/{workshop.id}/me"
    assert len(participants()) == 1


def test_removed_participant_cannot_resume(client, workshop):
    join(client)
    [participant] = participants()
    participant.removed = True
    db.session.commit()
    response = client.get("/j/HK7P2QXM")
    assert response.status_code == 403
    assert b"removed" in response.data
    other = client.application.test_client()
    response = other.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": participant.rejoin_code})
    assert response.status_code == 404


def test_rejoin_code_resumes_on_another_device(client, workshop):
    join(client)
    [participant] = participants()
    old_hash = participant.token_hash
    phone = client.application.test_client()
    response = phone.post("/rejoin", data={"code": "hk7p 2qxm", "rejoin_code": participant.rejoin_code.lower()})
    assert response.status_code == 302 and response.location == f"/w/{workshop.id}/me"
    new_token = re.match(rf"cg_p{workshop.id}=([^;]+);", cookie_of(response, workshop)).group(1)
    [same] = participants()
    assert same.id == participant.id
    assert same.token_hash == hash_token(new_token) != old_hash  # the old device's token no longer works
    assert Participant.by_token(new_token).id == participant.id


def test_wrong_rejoin_code_is_neutral(client, workshop):
    participant, _ = create_participant(workshop)
    wrong = "AAAAAA" if participant.rejoin_code != "AAAAAA" else "BBBBBB"
    response = client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": wrong})
    assert response.status_code == 404 and NEUTRAL in response.data


@pytest.mark.parametrize("change", [{"status": "draft"}, {"status": "ended"}])
def test_closed_workshop_answers_like_a_wrong_code(client, workshop, change):
    for name, value in change.items():
        setattr(workshop, name, value)
    db.session.commit()
    closed_get = client.get("/j/HK7P2QXM")
    closed_post = join(client)
    wrong = client.get("/j/ZZZZZZZZ")
    assert closed_get.status_code == closed_post.status_code == wrong.status_code == 404
    assert NEUTRAL in closed_get.data and NEUTRAL in wrong.data and NEUTRAL in closed_post.data
    assert closed_get.data.replace(b"HK7P2QXM", b"") == wrong.data.replace(b"ZZZZZZZZ", b"")
    assert participants() == []


@pytest.mark.parametrize("change", [{"room_locked": True}, {"status": "live", "room_locked": True},
                                    {"status": "live", "late_join": False}])
def test_a_latecomer_to_a_running_room_that_takes_no_one_is_told_it_is_closed(client, workshop, change):
    for name, value in change.items():
        setattr(workshop, name, value)
    db.session.commit()
    for response in (client.get("/j/HK7P2QXM"), join(client)):
        assert response.status_code == 403
        assert b"This room is closed to newcomers" in response.data and NEUTRAL not in response.data
    assert participants() == []
    # Someone already in still gets straight back in (their cookie), and a wrong code is
    # still the neutral answer.
    assert client.get("/j/ZZZZZZZZ").status_code == 404


def test_being_told_the_room_is_closed_counts_against_the_address_like_a_wrong_code(app, client, workshop):
    workshop.room_locked = True
    db.session.commit()
    for _ in range(app.config["JOIN_RATE_LIMIT"]):
        assert client.get("/j/HK7P2QXM").status_code == 403
    assert client.get("/j/HK7P2QXM").status_code == 429


def test_live_workshop_with_late_join_is_open(client, workshop):
    workshop.status = "live"
    db.session.commit()
    assert join(client).status_code == 302


def test_landing_code_box_redirects_to_short_link(client, workshop):
    response = client.post("/join", data={"code": " hk7p-2qxm "})
    assert response.status_code == 302 and response.location == "/j/HK7P2QXM"
    response = client.post("/join", data={"code": "nope"})
    assert response.status_code == 404 and NEUTRAL in response.data


def test_rate_limit_after_ten_failures(client, workshop):
    for _ in range(10):
        assert client.get("/j/ZZZZZZZZ").status_code == 404
    response = client.get("/j/ZZZZZZZZ")
    assert response.status_code == 429
    assert b"Too many attempts, wait a minute" in response.data
    assert response.headers["Retry-After"] == "60"
    # Over the limit, even the right code gets no answer, so guessing learns nothing.
    assert client.get("/j/HK7P2QXM").status_code == 429
    assert client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": "AAAAAA"}).status_code == 429


def test_rate_limit_counts_rejoin_failures(client, workshop):
    for _ in range(10):
        client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": "AAAAAA"})
    assert client.get("/j/HK7P2QXM").status_code == 429


def test_rate_limit_is_per_address(client, workshop):
    for _ in range(10):
        client.get("/j/ZZZZZZZZ", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert client.get("/j/ZZZZZZZZ", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 429
    assert client.get("/j/HK7P2QXM", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200


def test_a_whole_room_behind_one_address_can_join(app, workshop):
    # Venue Wi-Fi puts everyone behind one address: successful joins must not count.
    for i in range(25):
        assert join(app.test_client(), name=f"Person {i}").status_code == 302
    assert len(participants()) == 25


def test_sliding_window_forgets_old_attempts():
    from app.join.ratelimit import SlidingWindow

    now = [0.0]
    window = SlidingWindow(limit=2, window=60, clock=lambda: now[0])
    window.hit("a")
    window.hit("a")
    assert window.is_limited("a") and not window.is_limited("b")
    now[0] = 61
    assert not window.is_limited("a")


def test_sliding_window_memory_is_bounded():
    from app.join.ratelimit import SlidingWindow

    window = SlidingWindow(limit=5, window=60, max_keys=100)
    for i in range(1000):
        window.hit(f"10.0.{i // 256}.{i % 256}")
    assert len(window._events) <= 100


@pytest.mark.parametrize("name, message", [
    ("", b"Tell the room what to call you"),
    ("   ", b"Tell the room what to call you"),
    ("x" * 61, b"60 characters or fewer"),
    ("bad\x00name", b"ordinary letters"),
])
def test_bad_names_are_refused(client, workshop, name, message):
    response = join(client, name=name)
    assert response.status_code == 400 and message in response.data
    assert participants() == []


def test_other_fields_are_validated(client, workshop):
    assert join(client, sector="Astrology").status_code == 400
    assert join(client, sector="").status_code == 400
    assert join(client, organisation="o" * 121).status_code == 400
    assert participants() == []
    assert join(client, sector="Other", organisation="").status_code == 302


@pytest.mark.parametrize("name", ["Zoë Łukasiewicz", "李小龙", "Nguyễn Thị", "x" * 60, "👩🏽‍⚕️ Dr Amara"])
def test_unicode_and_maximum_names_are_kept(app, workshop, name):
    assert join(app.test_client(), name=name).status_code == 302
    assert participants()[0].name == name


def test_html_in_names_is_escaped_everywhere(client, workshop, app):
    evil = '<script>alert("x")</script>'
    assert join(client, name=evil, organisation=evil, table_group="<b>T</b>").status_code == 302
    [participant] = participants()
    assert participant.name == evil  # stored as typed, escaped when shown
    pages = [client.get(f"/w/{workshop.id}/me")]
    facilitator = app.test_client()
    login(facilitator)
    pages += [facilitator.get(f"/w/{workshop.id}/console"), facilitator.get(f"/w/{workshop.id}/screen"),
              facilitator.get(f"/workshops/{workshop.id}"), facilitator.get(f"/workshops/{workshop.id}/delete")]
    for response in pages:
        assert response.status_code == 200, response.request.path
        assert b"<script>alert" not in response.data, response.request.path
        assert b"<b>T</b>" not in response.data, response.request.path


def test_html_in_partnership_lists_is_escaped_on_join_form(client, workshop):
    workshop.partnership.sectors = ['"><img src=x onerror=alert(1)>']
    workshop.partnership.organisations = ["<i>Org</i>"]
    db.session.commit()
    page = client.get("/j/HK7P2QXM").data
    assert b"<img src=x" not in page and b"<i>Org</i>" not in page
    assert b"&lt;i&gt;Org&lt;/i&gt;" in page


def test_behind_a_trusted_proxy_the_limit_is_per_client_address(app, workshop):
    """nginx in front: every request comes from the proxy's address; with TRUSTED_PROXIES=1 the
    limit follows the client's address from X-Forwarded-For instead."""
    from app import configure_proxy

    app.config["TRUSTED_PROXIES"] = 1
    configure_proxy(app)
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(10):
        client.get("/j/ZZZZZZZZ", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.7"})
    assert client.get("/j/ZZZZZZZZ", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 429
    other = client.get("/j/HK7P2QXM", environ_base=proxy, headers={"X-Forwarded-For": "198.51.100.9"})
    assert other.status_code == 200, "another visitor behind the same proxy is not locked out"


def test_without_trusted_proxies_a_forwarded_address_is_ignored(client, workshop):
    """Nobody can dodge the limit by sending their own X-Forwarded-For."""
    for i in range(10):
        client.get("/j/ZZZZZZZZ", headers={"X-Forwarded-For": f"198.51.100.{i}"})
    assert client.get("/j/ZZZZZZZZ", headers={"X-Forwarded-For": "198.51.100.200"}).status_code == 429
