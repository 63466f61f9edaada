"""URL rules for joining a workshop."""
from flask import Blueprint

from app.join import controllers
from app.join.ratelimit import SlidingWindow

bp = Blueprint("join", __name__)

bp.add_url_rule("/join", "lookup", controllers.lookup, methods=["POST"])
bp.add_url_rule("/j/<code>", "code", controllers.join, methods=["GET", "POST"])
bp.add_url_rule("/rejoin", "rejoin", controllers.rejoin, methods=["GET", "POST"])


@bp.record_once
def _install_limiter(state):
    """Failed attempts per address (``JOIN_RATE_LIMIT``) and wrong rejoin codes per workshop
    (``REJOIN_CODE_RATE_LIMIT``), a minute each."""
    state.app.extensions["join_limiter"] = SlidingWindow(state.app.config["JOIN_RATE_LIMIT"], window=60)
    state.app.extensions["join_code_limiter"] = SlidingWindow(state.app.config["REJOIN_CODE_RATE_LIMIT"], window=60)
