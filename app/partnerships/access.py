"""Loading a partnership only for facilitators who may see it."""
from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import Partnership


def partnership_or_404(partnership_id: int) -> Partnership:
    """The partnership, or a 404 when it doesn't exist *or* isn't the current facilitator's.

    Answering 404 rather than 403 doesn't even confirm that someone else's partnership exists.
    """
    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None or not partnership.can_access(current_user):
        abort(404)
    return partnership
