"""When an action happened is the server's word: the core stamps ``Action.at`` as it accepts
an action, the log keeps that moment, and the agreement's decision log records it, whatever
clock (or ``sent_at``) the phone has."""
import time

from app.exercises.contract import seconds_at
from app.extensions import db
from app.models import Action, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant

A_PHONE_IN_1970 = 86_400  # 2 January 1970: a phone whose clock was never set


def test_the_decision_log_keeps_the_servers_time_not_the_phones(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()), steps=(("agreement", None),))
    step_id = workshop.steps[0].id
    clause_id = min(workshop.steps[0].state["clauses"], key=lambda c: workshop.steps[0].state["clauses"][c]["order"])
    _, token = create_participant(workshop)
    login(client)
    console = connect_facilitator(app, client, workshop)
    phone = connect_participant(app, workshop, token)

    before = int(time.time())
    assert act(console, step_id, "open_clause", {"clause_id": clause_id, "sent_at": A_PHONE_IN_1970})["ok"]
    ack = act(phone, step_id, "answer", {"clause_id": clause_id, "version": 1, "answer": "support",
                                         "sent_at": A_PHONE_IN_1970})
    after = int(time.time())
    assert ack["ok"], ack

    db.session.remove()
    clause = db.session.get(Step, step_id).state["clauses"][clause_id]
    (given,) = clause["answers"]["1"].values()
    opened = [event for event in clause["log"] if event["event"] == "opened"]
    assert before <= given["sent_at"] <= after
    assert opened and before <= opened[-1]["sent_at"] <= after
    row = db.session.query(Action).filter_by(op_id=ack["op"]).one()
    assert seconds_at(row.created_at) == given["sent_at"], "the log and the state must tell the same time"
