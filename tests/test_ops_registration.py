"""OPEN_REGISTRATION: on by default; off, /register is closed and accounts are added by an
existing facilitator (Account → Add a facilitator account) or `flask create-facilitator`."""
from app.config import load_config
from app.extensions import db
from app.models import Facilitator
from tests.factories import create_facilitator, login

NEW = {"email": "new@example.org", "name": "Nia", "password": "a long enough secret",
       "confirm": "a long enough secret"}


def count(email):
    return db.session.scalar(db.select(db.func.count(Facilitator.id)).filter_by(email=email))


def test_registration_is_open_by_default(tmp_path, monkeypatch, client):
    monkeypatch.delenv("OPEN_REGISTRATION", raising=False)
    assert load_config(str(tmp_path))["OPEN_REGISTRATION"] is True
    assert "/register" in client.get("/login").text
    assert client.post("/register", data=NEW).status_code == 302 and count("new@example.org") == 1


def test_closed_registration_refuses_and_hides_the_links(app, client):
    app.config["OPEN_REGISTRATION"] = False
    page = client.get("/register")
    assert page.status_code == 403 and "Registration is closed" in page.text
    assert client.post("/register", data=NEW).status_code == 403
    assert count("new@example.org") == 0
    for path in ("/", "/login"):
        assert 'href="/register"' not in client.get(path).text, path


def test_closed_registration_page_is_translated(app, client):
    app.config["OPEN_REGISTRATION"] = False
    page = client.get("/register", headers={"Accept-Language": "fr"})
    assert "Les inscriptions sont fermées" in page.text


def test_a_facilitator_adds_a_colleague_who_can_then_log_in(app, client):
    app.config["OPEN_REGISTRATION"] = False
    create_facilitator()
    login(client)
    assert "/account/facilitators/new" in client.get("/account").text
    response = client.post("/account/facilitators/new", data=NEW, follow_redirects=True)
    assert response.status_code == 200 and "Account created for new@example.org" in response.text
    assert count("new@example.org") == 1
    client.post("/logout")
    assert login(client, "new@example.org", NEW["password"]).request.path == "/partnerships/"


def test_adding_needs_a_login_and_validates(app, client):
    assert client.get("/account/facilitators/new").status_code == 302  # to the login page
    create_facilitator(email="taken@example.org")
    login(client, "taken@example.org")
    again = client.post("/account/facilitators/new", data={**NEW, "email": "taken@example.org"})
    assert again.status_code == 200 and "already an account" in again.text
    short = client.post("/account/facilitators/new", data={**NEW, "password": "short", "confirm": "short"})
    assert "at least 10" in short.text and count("new@example.org") == 0


def test_create_facilitator_works_while_registration_is_closed(app, runner):
    app.config["OPEN_REGISTRATION"] = False
    result = runner.invoke(args=["create-facilitator", "cli@example.org", "--password", "a strong secret"])
    assert result.exit_code == 0, result.output
    assert count("cli@example.org") == 1
