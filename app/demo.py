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


def create_demo(reset_password: bool = False) -> dict:
    """Create (or reuse) the demo facilitator and add a fresh demo partnership and workshop.

    Returns ``{"email", "password" (None when the account existed and was not reset), "workshop"}``.
    """
    facilitator, password = _demo_facilitator(reset_password)
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


def default_base_url(config) -> str:
    """Where the printed links point: PUBLIC_URL, else this machine's network address when the
    server listens on every interface (phones can use it), else HOST itself, on PORT."""
    from app.ops.netinfo import ALL_INTERFACES, lan_address

    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    host = config["HOST"]
    if host in ALL_INTERFACES:
        host = lan_address() or "127.0.0.1"
    return f"http://{host}:{config['PORT']}"


def _demo_facilitator(reset_password: bool) -> tuple[Facilitator, str | None]:
    facilitator = db.session.execute(db.select(Facilitator).filter_by(email=DEMO_EMAIL)).scalar_one_or_none()
    if facilitator is not None and not reset_password:
        return facilitator, None
    password = secrets.token_urlsafe(12)
    if facilitator is None:
        facilitator = Facilitator(email=DEMO_EMAIL, name="Demo facilitator")
        db.session.add(facilitator)
    facilitator.set_password(password)
    db.session.commit()
    return facilitator, password

