"""URL rules for agenda templates."""
from flask import Blueprint

from app.agenda_templates import controllers

bp = Blueprint("agenda_templates", __name__)

bp.add_url_rule("/agenda-templates", "index", controllers.index)
bp.add_url_rule("/agenda-templates/<int:template_id>/delete", "delete", controllers.delete, methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/save-as-template", "save", controllers.save, methods=["GET", "POST"])
