"""URL rules of the live pages."""
from flask import Blueprint

from app.live import pages

bp = Blueprint("live", __name__, template_folder="templates")

bp.add_url_rule("/w/<int:workshop_id>/console", view_func=pages.console, endpoint="console")
bp.add_url_rule("/w/<int:workshop_id>/screen", view_func=pages.screen, endpoint="screen")
bp.add_url_rule("/w/<int:workshop_id>/me", view_func=pages.participant, endpoint="participant")
