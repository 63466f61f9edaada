"""Logins and registrations are throttled per account and per address (a clear 429 page), an
unknown email costs a password check like a known one, and hashing goes through the blocking
helper (the live test of the event loop is in test_auth_event_loop.py)."""
import pytest

from app.auth import passwords
from tests.factories import create_facilitator

EMAIL = "facilitator@example.org"


def login(client, email=EMAIL, password="wrong password", addr="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": addr})


def register(client, email, addr="10.0.0.1"):
    return client.post("/register", data={"email": email, "name": "", "password": "a long password here",
                                          "confirm": "a long password here"}, environ_base={"REMOTE_ADDR": addr})


@pytest.fixture
def checks(monkeypatch):
    """Every call to werkzeug's check_password_hash, with the hash it was given."""
    seen = []
    real = passwords.check_password_hash

    def spy(stored, password):
        seen.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", spy)
    return seen


def test_an_unknown_email_is_checked_against_a_dummy_hash(client, checks):
    create_facilitator()
    assert b"don&#39;t match" in login(client, email="nobody@example.org").data
    assert len(checks) == 1 and checks[0].startswith("scrypt:")  # a real check, not a shortcut
    assert b"don&#39;t match" in login(client).data
    assert len(checks) == 2


def test_failed_logins_for_one_account_are_throttled_with_a_clear_page(app, client):
    create_facilitator()
    limit = app.config["LOGIN_ACCOUNT_RATE_LIMIT"]
    for i in range(limit):  # each from its own address: the account's own count trips
        assert login(client, addr=f"10.0.1.{i}").status_code == 200
    refused = login(client, password="correct horse battery", addr="10.0.2.1")
    assert refused.status_code == 429
    assert b"Too many attempts" in refused.data and b"minutes, then try again" in refused.data
    assert refused.headers["Retry-After"] == str(int(app.config["AUTH_RATE_WINDOW"]))
    # Another account is not locked by someone guessing this one.
    create_facilitator(email="other@example.org")
    assert login(client, email="other@example.org", password="correct horse battery",
                 addr="10.0.2.1").status_code == 302


def test_failed_logins_from_one_address_are_throttled(app, client):
    limit = app.config["LOGIN_ADDRESS_RATE_LIMIT"]
    for i in range(limit):  # a different email each time: the address's count trips
        assert login(client, email=f"guess{i}@example.org").status_code == 200
    assert login(client, email="fresh@example.org").status_code == 429
    assert login(client, email="fresh@example.org", addr="10.9.9.9").status_code == 200


def test_successful_logins_are_not_counted(app, client):
    create_facilitator()
    for _ in range(app.config["LOGIN_ADDRESS_RATE_LIMIT"] + 1):
        assert login(client, password="correct horse battery").status_code == 302
        client.post("/logout")


def test_registrations_from_one_address_are_throttled(app, client):
    limit = app.config["REGISTER_RATE_LIMIT"]
    for i in range(limit):
        assert register(client, f"new{i}@example.org").status_code == 302
        client.post("/logout")
    refused = register(client, "one-more@example.org")
    assert refused.status_code == 429 and b"Too many attempts" in refused.data
    assert register(client, "one-more@example.org", addr="10.7.7.7").status_code == 302


def test_hashing_goes_through_the_blocking_helper(app, monkeypatch):
    calls = []
    monkeypatch.setattr(passwords, "run_blocking", lambda fn, *args: calls.append(fn) or fn(*args))
    facilitator = create_facilitator()
    assert facilitator.check_password("correct horse battery")
    assert calls == [passwords.generate_password_hash, passwords.check_password_hash]
