"""URL rules for partnerships."""
from flask import Blueprint

from app.partnerships import champion_controllers, controllers

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")

bp.add_url_rule("/", "index", controllers.index)
bp.add_url_rule("/new", "create", controllers.create, methods=["GET", "POST"])
bp.add_url_rule("/<int:partnership_id>", "detail", controllers.detail)
bp.add_url_rule("/<int:partnership_id>/edit", "edit", controllers.edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:partnership_id>/share", "share", controllers.share, methods=["POST"])
bp.add_url_rule(
    "/<int:partnership_id>/share/<int:facilitator_id>/remove", "unshare", controllers.unshare, methods=["POST"]
)
bp.add_url_rule("/<int:partnership_id>/invitations/<int:invitation_id>/cancel", "cancel_invitation",
                controllers.cancel_invitation, methods=["POST"])
bp.add_url_rule("/invitations/<int:invitation_id>/<answer>", "answer_invitation", controllers.answer_invitation,
                methods=["POST"])
bp.add_url_rule("/<int:partnership_id>/delete", "delete", controllers.delete, methods=["GET", "POST"])
bp.add_url_rule("/<int:partnership_id>/trends", "trends", controllers.trends)
bp.add_url_rule("/<int:partnership_id>/trends/screen", "trends_screen", controllers.trends_screen)
bp.add_url_rule("/<int:partnership_id>/brief", "newcomer_brief", controllers.newcomer_brief)
bp.add_url_rule("/<int:partnership_id>/brief/<fmt>", "newcomer_brief_file", controllers.newcomer_brief_file)
bp.add_url_rule("/<int:partnership_id>/champion", "champion", champion_controllers.champion)
bp.add_url_rule("/<int:partnership_id>/champion/hand-over", "champion_hand_over", champion_controllers.hand_over,
                methods=["POST"])
bp.add_url_rule("/<int:partnership_id>/champion/step-down", "champion_step_down", champion_controllers.step_down,
                methods=["POST"])
