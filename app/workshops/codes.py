"""Join codes and rejoin codes: short, unguessable, easy to read aloud and type on a phone."""
from __future__ import annotations

import re
import secrets

from app.extensions import db

#: No 0/O, 1/I/L: letters and digits people confuse when reading a projector from the back.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
REJOIN_CODE_LENGTH = 6
_MAX_TRIES = 20
_SEPARATORS = re.compile(r"[\s\-_.]+")


def random_code(length: int) -> str:
    """``length`` characters drawn from :data:`ALPHABET` with a cryptographic generator."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(raw: str | None, length: int = JOIN_CODE_LENGTH) -> str | None:
    """The canonical form of a typed code (upper case, spaces and dashes dropped), or None.

    None means the text cannot be a code at all, so callers can skip the database.
    """
    code = _SEPARATORS.sub("", (raw or "")[:64]).upper()
    if len(code) != length or any(ch not in ALPHABET for ch in code):
        return None
    return code


def new_join_code() -> str:
    """A join code no workshop uses yet (retries on the rare collision)."""
    from app.models import Workshop

    return _unique(JOIN_CODE_LENGTH, lambda code: db.select(Workshop.id).filter_by(join_code=code))


def new_rejoin_code(workshop_id: int) -> str:
    """A personal rejoin code unique within one workshop."""
    from app.models import Participant

    return _unique(
        REJOIN_CODE_LENGTH,
        lambda code: db.select(Participant.id).filter_by(workshop_id=workshop_id, rejoin_code=code),
    )


def _unique(length: int, query_for) -> str:
    for _ in range(_MAX_TRIES):
        code = random_code(length)
        if db.session.execute(query_for(code)).first() is None:
            return code
    # 31**6 is ~887 million; twenty collisions in a row means something else is wrong.
    raise RuntimeError("could not find a free code")
