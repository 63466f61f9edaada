"""URL rules for planning a partnership's check-ins."""
from flask import Blueprint

from app.checkins import controllers

bp = Blueprint("checkins", __name__, url_prefix="/partnerships")

bp.add_url_rule("/<int:partnership_id>/checkins", "plan", controllers.plan, methods=["GET", "POST"])
