"""Demo data for ``flask demo``: an account, a partnership and a workshop ready to join.

The workshop's agenda is the built-in "Cross-sector partnership kick-off" template, facilitator
notes included, so the demo shows the method as well as the software.
"""
from __future__ import annotations

import secrets

from app.agenda_templates.builtin import KICKOFF
from app.agenda_templates.library import apply_template
from app.extensions import db
from app.models import Facilitator, Partnership, Workshop
from app.workshops.codes import new_join_code

DEMO_EMAIL = "demo@example.org"
SECTORS = ["Education", "Health", "Housing", "Social services", "Local government", "Community"]
ORGANISATIONS = [
    "Riverside Primary School", "Northgate College", "City Health Clinic", "Public Health Team",
    "Homes for All Trust", "Family Support Service", "Town Council", "Neighbourhood Residents' Association",
]


def create_demo() -> dict:
    """Create (or reuse) the demo facilitator and add a fresh demo partnership and workshop.

    Returns ``{"email", "password" (None when the account existed), "workshop"}``.
    """
    facilitator, password = _demo_facilitator()
    partnership = Partnership(
        name="Ready to Learn (demo)",
        purpose="Every child in the district starts school healthy, housed and ready to learn.",
        sectors=list(SECTORS),
        organisations=list(ORGANISATIONS),
        owner_id=facilitator.id,
    )
    workshop = Workshop(partnership=partnership, title="Kick-off workshop", join_code=new_join_code(),
                        status="lobby")
    db.session.add_all([partnership, workshop])
    apply_template(workshop, KICKOFF)  # steps whose exercise isn't enabled are left out
    db.session.commit()
    return {"email": facilitator.email, "password": password, "workshop": workshop}


def _demo_facilitator() -> tuple[Facilitator, str | None]:
    existing = db.session.execute(db.select(Facilitator).filter_by(email=DEMO_EMAIL)).scalar_one_or_none()
    if existing is not None:
        return existing, None
    password = secrets.token_urlsafe(12)
    facilitator = Facilitator(email=DEMO_EMAIL, name="Demo facilitator")
    facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    return facilitator, password

