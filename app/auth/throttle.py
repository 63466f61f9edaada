"""Throttling of logins and registrations, per account and per client address.

Every password check costs ~0.2 s of CPU on purpose (scrypt), so a stranger who can ask for
them without limit can keep a core busy and guess passwords. Failed logins count against the
email and the address; registrations (each one hashes) against the address and the email.
Past a limit the answer is a 429 page until the window moves on. Successful logins don't
count: an office of facilitators behind one address must be able to log in at 9 am.

The windows are the join limiter's (app/join/ratelimit.py): in process memory, never in the
database, because addresses are personal data.
"""
from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import gettext as _

from app.errors import render_error
from app.join.ratelimit import SlidingWindow

KINDS = ("login_account", "login_address", "register")


def install(app: Flask) -> None:
    """One window per kind of key, sized from app/config.py."""
    window = app.config["AUTH_RATE_WINDOW"]
    app.extensions["auth_limiter"] = {
        "login_account": SlidingWindow(app.config["LOGIN_ACCOUNT_RATE_LIMIT"], window=window),
        "login_address": SlidingWindow(app.config["LOGIN_ADDRESS_RATE_LIMIT"], window=window),
        "register": SlidingWindow(app.config["REGISTER_RATE_LIMIT"], window=window),
    }


def _windows() -> dict[str, SlidingWindow]:
    return current_app.extensions["auth_limiter"]


def _address() -> str:
    return request.remote_addr or "unknown"


def login_limited(email: str | None) -> bool:
    windows = _windows()
    return windows["login_address"].is_limited(_address()) or (
        bool(email) and windows["login_account"].is_limited(email))


def login_failed(email: str) -> None:
    _windows()["login_address"].hit(_address())
    _windows()["login_account"].hit(email)


def register_limited(email: str | None) -> bool:
    window = _windows()["register"]
    return window.is_limited(_address()) or (bool(email) and window.is_limited("email:" + email))


def register_attempted(email: str) -> None:
    _windows()["register"].hit(_address())
    _windows()["register"].hit("email:" + email)


def refused():
    """The 429 page: what happened and what to do, in plain words."""
    minutes = max(1, round(current_app.config["AUTH_RATE_WINDOW"] / 60))
    response, status, headers = render_error(
        429, _("Too many attempts, wait a few minutes"),
        _("There have been too many attempts to log in or register from your connection or for this "
          "account. Wait %(minutes)s minutes, then try again.", minutes=minutes))
    headers["Retry-After"] = str(int(current_app.config["AUTH_RATE_WINDOW"]))
    return response, status, headers
