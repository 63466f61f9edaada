"""Facilitator accounts: register, log in, log out, change password, CSRF, cookie flags."""
import re

from app.extensions import db
from app.models import Facilitator
from tests.factories import create_facilitator, login

PASSWORD = "a long enough password"


def register(client, email="new@example.org", password=PASSWORD, confirm=None, name="Nia"):
    return client.post(
        "/register",
        data={"email": email, "name": name, "password": password, "confirm": confirm or password},
    )


def find(email):
    return db.session.execute(db.select(Facilitator).filter_by(email=email)).scalar_one_or_none()


def test_register_creates_account_and_logs_in(client):
    response = register(client, email="  New@Example.org ")
    assert response.status_code == 302
    assert response.location.endswith("/partnerships/")
    facilitator = find("new@example.org")
    assert facilitator is not None and facilitator.name == "Nia"
    assert client.get("/partnerships/").status_code == 200


def test_password_is_hashed_not_stored_plain(client):
    register(client)
    facilitator = find("new@example.org")
    assert PASSWORD not in facilitator.password_hash
    assert facilitator.check_password(PASSWORD)
    assert not facilitator.check_password(PASSWORD + "x")


def test_register_rejects_short_password_and_mismatch(client):
    response = register(client, password="short")
    assert response.status_code == 200 and b"at least 10 characters" in response.data
    response = register(client, confirm="something different")
    assert b"don&#39;t match" in response.data
    assert find("new@example.org") is None


def test_register_duplicate_email_is_refused(client):
    create_facilitator(email="taken@example.org")
    response = register(client, email="TAKEN@example.org")
    assert b"already an account" in response.data
    assert db.session.scalar(db.select(db.func.count(Facilitator.id))) == 1


def test_login_with_wrong_password_fails(client):
    create_facilitator()
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "wrong password"})
    assert response.status_code == 200
    assert b"don&#39;t match an account" in response.data
    assert client.get("/partnerships/").status_code == 302  # still anonymous


def test_login_and_logout(client):
    create_facilitator()
    response = login(client)
    assert b"Your partnerships" in response.data
    assert client.get("/").status_code == 302  # home sends facilitators to their partnerships
    assert client.get("/logout").status_code == 405  # a link can't log you out
    response = client.post("/logout", follow_redirects=True)
    assert b"Join a workshop" in response.data
    response = client.get("/partnerships/")
    assert response.status_code == 302 and "/login" in response.location


def test_login_does_not_redirect_off_site(client):
    create_facilitator()
    response = client.post(
        "/login?next=//evil.example.com/x",
        data={"email": "facilitator@example.org", "password": "correct horse battery"},
    )
    assert response.location == "/partnerships/"
    client.post("/logout")
    response = client.post(
        "/login?next=/account", data={"email": "facilitator@example.org", "password": "correct horse battery"}
    )
    assert response.location == "/account"


def test_change_password(client):
    create_facilitator()
    login(client)
    response = client.post("/account", data={"current": "not it at all", "password": "brand new secret",
                                             "confirm": "brand new secret"})
    assert b"isn&#39;t your current password" in response.data
    response = client.post("/account", data={"current": "correct horse battery", "password": "brand new secret",
                                             "confirm": "brand new secret"}, follow_redirects=True)
    assert b"password has been changed" in response.data
    facilitator = find("facilitator@example.org")
    assert facilitator.check_password("brand new secret")
    assert not facilitator.check_password("correct horse battery")


def test_landing_page_offers_join_and_login(client):
    page = client.get("/").data
    assert b"Join a workshop" in page
    assert b'action="/join"' in page
    assert b'href="/login"' in page and b'href="/register"' in page


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    create_facilitator()
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "correct horse battery"})
    assert response.status_code == 400
    assert b"form has expired" in response.data
    response = client.post("/register", data={"email": "x@example.org", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 400
    assert find("x@example.org") is None


def test_post_with_csrf_token_works(csrf_app):
    client = csrf_app.test_client()
    create_facilitator()
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").data).group(1)
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "correct horse battery",
                                           "csrf_token": token.decode()})
    assert response.status_code == 302


def test_logout_needs_csrf_token(csrf_app):
    client = csrf_app.test_client()
    create_facilitator()
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").data).group(1)
    client.post("/login", data={"email": "facilitator@example.org", "password": "correct horse battery",
                                "csrf_token": token.decode()})
    assert client.post("/logout").status_code == 400
    assert client.get("/partnerships/").status_code == 200  # still logged in


def test_session_cookie_is_httponly_and_samesite_lax(client):
    create_facilitator()
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "correct horse battery"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_unexpected_error_shows_friendly_500(app):
    app.testing = False  # in tests Flask re-raises errors; production shows the page
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    app.logger.disabled = True
    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert b"something went wrong on our side" in response.data
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
