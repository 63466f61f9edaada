"""URL rules for workshops and their agenda."""
from flask import Blueprint

from app.workshops import controllers

bp = Blueprint("workshops", __name__)

GET_POST = ["GET", "POST"]
bp.add_url_rule("/partnerships/<int:partnership_id>/workshops/new", "create", controllers.create, methods=GET_POST)
bp.add_url_rule("/workshops/<int:workshop_id>", "detail", controllers.detail)
bp.add_url_rule("/workshops/<int:workshop_id>/settings", "settings", controllers.settings, methods=GET_POST)
bp.add_url_rule("/workshops/<int:workshop_id>/delete", "delete", controllers.delete, methods=GET_POST)
bp.add_url_rule("/workshops/<int:workshop_id>/steps", "add_step", controllers.add_step, methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>", "edit_step", controllers.edit_step,
                methods=GET_POST)
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>/config", "configure_step",
                controllers.configure_step, methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>/move", "move_step", controllers.move_step,
                methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/steps/order", "reorder_steps", controllers.reorder_steps,
                methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/duplicate", "duplicate", controllers.duplicate, methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>/delete", "remove_step", controllers.remove_step,
                methods=GET_POST)
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>/window", "step_window", controllers.step_window,
                methods=["POST"])
bp.add_url_rule("/workshops/<int:workshop_id>/steps/<int:step_id>/qr.svg", "step_qr", controllers.step_qr)
bp.add_url_rule("/w/<int:workshop_id>/qr.svg", "qr", controllers.qr)
bp.add_url_rule("/w/<int:workshop_id>/plan-qr.svg", "plan_qr", controllers.plan_qr)
