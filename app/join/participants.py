"""Finding, creating and resuming participants, and the cookie that identifies them."""
from __future__ import annotations

import secrets

from flask import current_app, request

from app.extensions import db
from app.models import Participant, Workshop
from app.models.participant import hash_token
from app.workshops.codes import new_rejoin_code, normalize_code

COOKIE_MAX_AGE = 30 * 24 * 3600
#: Statuses in which someone who joined before may come back with their rejoin code.
REJOINABLE = ("lobby", "live")


def cookie_name(workshop_id: int) -> str:
    return f"cg_p{workshop_id}"


def find_workshop(code: str | None) -> Workshop | None:
    """The workshop with this join code (any spelling), whatever its status."""
    canonical = normalize_code(code)
    if canonical is None:
        return None
    return db.session.execute(db.select(Workshop).filter_by(join_code=canonical)).scalar_one_or_none()


def from_cookie(workshop: Workshop) -> Participant | None:
    """The participant this browser joined ``workshop`` as, if its cookie is still valid."""
    participant = Participant.by_token(request.cookies.get(cookie_name(workshop.id)))
    return participant if participant is not None and participant.workshop_id == workshop.id else None


def create(workshop: Workshop, data: dict, device_hash: str | None = None) -> tuple[Participant, str]:
    """A new participant from the join form; returns it with its secret token. ``device_hash``
    identifies the browser for the per-device join limit (app/join/devices.py)."""
    token = new_token()
    participant = Participant(
        workshop=workshop,
        token_hash=hash_token(token),
        rejoin_code=new_rejoin_code(workshop.id),
        name=data["name"],
        organisation=data.get("organisation") or "",
        sector=data["sector"],
        table_group=data.get("table_group") or "",
        language=data.get("language") or workshop.language,
        device_hash=device_hash,
    )
    db.session.add(participant)
    return participant, token


def by_rejoin_code(workshop: Workshop, rejoin_code: str | None) -> Participant | None:
    """The (not removed) participant with this personal code in ``workshop``."""
    canonical = normalize_code(rejoin_code, length=6)
    if canonical is None or workshop.status not in REJOINABLE:
        return None
    return db.session.execute(
        db.select(Participant).filter_by(workshop_id=workshop.id, rejoin_code=canonical, removed=False)
    ).scalar_one_or_none()


def reissue_token(participant: Participant) -> str:
    """Give the participant a new token; the old device's cookie stops working."""
    token = new_token()
    participant.token_hash = hash_token(token)
    return token


def new_token() -> str:
    """192 random bits, URL-safe. Only its hash is stored."""
    return secrets.token_urlsafe(24)


def set_cookie(response, workshop: Workshop, token: str) -> None:
    response.set_cookie(
        cookie_name(workshop.id),
        token,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
