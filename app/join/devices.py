"""The browser a participant joined from, for the workshop's per-device join limit.

Joining needs no account, so "a device" can only be a browser that keeps a cookie: the join
page gives every browser a random ``cg_device`` cookie (a year, HttpOnly) and each new
participant stores its SHA-256. When the facilitator sets ``Workshop.joins_per_device``, a
browser that has already joined that many times (removed participants included) is refused
before the form. Someone who clears cookies or opens a private window is a new device; the
console's joins-per-minute and duplicate-name notices are there for that (docs/joining.md).
"""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app, request

from app.extensions import db
from app.models import Participant, Workshop

COOKIE = "cg_device"
COOKIE_MAX_AGE = 365 * 24 * 3600
NEW_DEVICE = "common_ground.new_device"


def current() -> str:
    """This browser's device id: its cookie, or a new one set on the response (``remember``)."""
    token = request.cookies.get(COOKIE, "")
    if not token or len(token) > 64:
        # Kept on the request (not ``g``, which outlives a request inside an app context).
        token = request.environ.setdefault(NEW_DEVICE, secrets.token_urlsafe(16))
    return token


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def joins(workshop: Workshop, token: str) -> int:
    """How many participants of ``workshop`` joined from this device, removed ones included."""
    return db.session.scalar(db.select(db.func.count(Participant.id))
                             .filter_by(workshop_id=workshop.id, device_hash=digest(token)))


def over_limit(workshop: Workshop, token: str) -> bool:
    """True when this device has used up the workshop's joins per device."""
    limit = workshop.joins_per_device
    return bool(limit) and joins(workshop, token) >= limit


def remember(response):
    """Set the cookie on ``response`` if this request issued a new device id."""
    token = request.environ.get(NEW_DEVICE)
    if token:
        response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def refused(workshop: Workshop) -> None:
    """Count one refusal: the console shows how many in the last minute."""
    current_app.extensions["device_refusals"].hit(f"w:{workshop.id}")


def refusals(workshop: Workshop) -> int:
    """Joins this process refused to ``workshop`` by the per-device limit in the last minute."""
    window = current_app.extensions.get("device_refusals")
    return window.count(f"w:{workshop.id}") if window is not None else 0
