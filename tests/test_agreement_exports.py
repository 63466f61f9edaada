"""The agreement's decision log leaves in the plan's JSON and comes back with it."""
import json

from app.exports import export_plan
from app.exports.json_io import import_plan
from app.extensions import db
from app.plan.items import plan_items
from tests.factories import create_facilitator, create_partnership, create_workshop
from tests.plan_helpers import end_and_harvest
from tests.test_agreement_reducer import FAC, run
from tests.test_agreement_views import room


def test_the_decision_log_round_trips_through_the_json_export(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, title="Agreement", steps=(("agreement", None),))
    workshop.steps[0].state = run(room(), "close_clause", FAC, clause_id="c1", outcome="agreed_reservations")
    db.session.commit()
    end_and_harvest(workshop)
    before = {i.title: i.data for i in plan_items(partnership.id) if i.section == "agreements"}
    assert any(data.get("outcome") == "agreed_reservations" and data.get("versions") for data in before.values())
    with app.test_request_context():
        content = export_plan(partnership, "json")[0]
        copy = import_plan(content, create_facilitator(email="other@example.org"))
    after = {i.title: i.data for i in plan_items(copy.id) if i.section == "agreements"}
    assert json.loads(json.dumps(after)) == json.loads(json.dumps(before))
