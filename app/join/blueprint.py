"""URL rules for joining a workshop."""
from flask import Blueprint

from app.join import controllers
from app.join.ratelimit import SlidingWindow

bp = Blueprint("join", __name__)

bp.add_url_rule("/join", "lookup", controllers.lookup, methods=["POST"])
bp.add_url_rule("/j/<code>", "code", controllers.join, methods=["GET", "POST"])
bp.add_url_rule("/j/<code>/s/<int:step_id>", "between", controllers.between, methods=["GET", "POST"])
bp.add_url_rule("/rejoin", "rejoin", controllers.rejoin, methods=["GET", "POST"])


@bp.record_once
def _install_limiter(state):
    """Failed attempts per address (``JOIN_RATE_LIMIT``) and wrong rejoin codes per workshop
    (``REJOIN_CODE_RATE_LIMIT``), a minute each; refusals by the per-device join limit."""
    state.app.extensions["join_limiter"] = SlidingWindow(state.app.config["JOIN_RATE_LIMIT"], window=60)
    state.app.extensions["join_code_limiter"] = SlidingWindow(state.app.config["REJOIN_CODE_RATE_LIMIT"], window=60)
    # Only counted, never limiting: joins refused by a workshop's per-device limit, for the console.
    state.app.extensions["device_refusals"] = SlidingWindow(1, window=60)
