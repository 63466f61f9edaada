"""URL rules for facilitator accounts and the home page."""
from flask import Blueprint

from app.auth import controllers, throttle

bp = Blueprint("auth", __name__)

bp.add_url_rule("/", "home", controllers.home)
bp.add_url_rule("/register", "register", controllers.register, methods=["GET", "POST"])
bp.add_url_rule("/login", "login", controllers.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", controllers.logout, methods=["POST"])
bp.add_url_rule("/account", "account", controllers.account, methods=["GET", "POST"])
bp.add_url_rule("/account/facilitators/new", "add_facilitator", controllers.add_facilitator, methods=["GET", "POST"])


@bp.record_once
def _install_limiter(state):
    throttle.install(state.app)
