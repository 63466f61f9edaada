"""URL rules of the plan pages, exports and live plan views."""
from flask import Blueprint

from app.plan import controllers, live

bp = Blueprint("plan", __name__, template_folder="templates")


@bp.app_context_processor
def _export_formats():
    """The workshop page's download links, one per registered format (app/exports/formats.py)."""
    from app.exports import WORKSHOP_FORMATS

    return {"workshop_formats": WORKSHOP_FORMATS}


@bp.app_context_processor
def _plan_words():
    """``worded(item)``: a plan item's title and text in the reader's language (app/plan/items.py)."""
    from app.plan.items import shown_data, worded

    return {"worded": worded, "shown_data": shown_data}


PLAN = "/partnerships/<int:partnership_id>/plan"
ITEM = PLAN + "/items/<int:item_id>"
bp.add_url_rule(PLAN, "page", controllers.page)
bp.add_url_rule(PLAN + "/refresh", "refresh", controllers.refresh, methods=["POST"])
bp.add_url_rule(PLAN + "/add/<section>", "add", controllers.add, methods=["POST"])
bp.add_url_rule(ITEM + "/edit", "edit", controllers.edit, methods=["GET", "POST"])
bp.add_url_rule(ITEM + "/move", "move", controllers.move, methods=["POST"])
bp.add_url_rule(ITEM + "/<any(promote, drop, restore):change>", "status", controllers.change_status,
                methods=["POST"])
bp.add_url_rule(PLAN + "/bulk", "bulk", controllers.bulk, methods=["POST"])
bp.add_url_rule(PLAN + "/history", "history", controllers.history_page)
bp.add_url_rule(PLAN + "/snapshots", "snapshots", controllers.snapshots_page)
bp.add_url_rule(PLAN + "/snapshots/<int:snapshot_id>", "snapshot", controllers.snapshot_page)
bp.add_url_rule(PLAN + "/compare", "compare", controllers.compare_page)
bp.add_url_rule(PLAN + "/compare.<fmt>", "compare_export", controllers.compare_export)
bp.add_url_rule(PLAN + "/print", "print_view", controllers.print_view)
bp.add_url_rule(PLAN + "/export.<fmt>", "export", controllers.export)
bp.add_url_rule(PLAN + "/agreement.<fmt>", "agreement_export", controllers.agreement_export)
bp.add_url_rule("/workshops/<int:workshop_id>/export/<fmt>", "workshop_export", controllers.workshop_export)
bp.add_url_rule("/w/<int:workshop_id>/plan-view", "live_view", live.room_view)
bp.add_url_rule("/w/<int:workshop_id>/my-plan", "my_plan", live.participant_view)
