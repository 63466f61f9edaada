"""Loading workshops and steps only for facilitators of their partnership."""
from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import Step, Workshop


def workshop_or_404(workshop_id: int) -> Workshop:
    """The workshop, or 404 when it doesn't exist or belongs to a partnership the user can't see."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not workshop.partnership.can_access(current_user):
        abort(404)
    return workshop


def step_or_404(workshop_id: int, step_id: int) -> tuple[Workshop, Step]:
    """The workshop and one of its steps; a step id from another workshop is a 404 too."""
    workshop = workshop_or_404(workshop_id)
    step = workshop.step(step_id)
    if step is None:
        abort(404)
    return workshop, step
