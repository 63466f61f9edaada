"""The core's phases and hide switch through the live engine (Socket.IO test client): one
control moves the room, one set of checks refuses bad moves, the phase gates participants'
actions before any reducer runs, and a phase that reveals lifts the hide switch."""
import pytest

from app.extensions import db
from app.models import Action, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator),
                               steps=(("alignment_mapper", None), ("ideas", None), ("policy_window", None)))
    login(client)
    return workshop, [s.id for s in workshop.steps]


def step_doc(app, sio, step_id):
    flush(app)
    return sio.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]


def stored(step_id) -> Step:
    db.session.remove()
    return db.session.get(Step, step_id)


def test_the_facilitator_moves_the_phase_and_every_audience_sees_it(app, client, room):
    workshop, (am, _ideas, _pw) = room
    fac = connect_facilitator(app, client, workshop)
    _, token = create_participant(workshop)
    phone = connect_participant(app, workshop, token)
    assert step_doc(app, phone, am)["phase"] == "goals"  # no phase stored yet: the first one
    ack = control(fac, "step_phase", {"step_id": am, "phase": "shared"})
    assert ack["ok"], ack
    for sio in (fac, phone):
        doc = step_doc(app, sio, am)
        assert doc["phase"] == "shared" and doc["view"]["phase"] == "shared"
    step = stored(am)
    assert step.phase == "shared" and "phase" not in step.state, "the core keeps the phase, on the step"
    logged = db.session.query(Action).filter_by(op_id=ack["op"]).one()
    assert logged.type == "control.step_phase" and logged.payload["phase"] == "shared"


@pytest.mark.parametrize("data, code, words", [
    ({"phase": "lunch"}, "invalid", "no phase called “lunch”"),
    ({"phase": "goals"}, "rule", "in that phase already"),
    ({"phase": ""}, "invalid", "Choose a phase"),
])
def test_bad_moves_are_refused_clearly_and_change_nothing(app, client, room, data, code, words):
    workshop, (am, _ideas, _pw) = room
    fac = connect_facilitator(app, client, workshop)
    ack = control(fac, "step_phase", {"step_id": am, **data})
    assert not ack["ok"] and ack["code"] == code and words in ack["error"], ack
    assert stored(am).phase is None


def test_only_the_facilitator_moves_phases(app, room):
    workshop, (am, _ideas, _pw) = room
    _, token = create_participant(workshop)
    phone = connect_participant(app, workshop, token)
    ack = control(phone, "step_phase", {"step_id": am, "phase": "shared"})
    assert not ack["ok"] and ack["code"] == "forbidden"
    ack = act(phone, am, "set_phase", {"phase": "shared"})  # the old per-exercise action is gone
    assert not ack["ok"] and ack["code"] == "bad_request"
    assert stored(am).phase is None


def test_no_phase_moves_on_a_step_without_phases_or_one_not_running(app, client, room):
    workshop, (am, ideas, pw) = room
    fac = connect_facilitator(app, client, workshop)
    ack = control(fac, "step_phase", {"step_id": ideas, "phase": "goals"})
    assert not ack["ok"] and ack["code"] == "bad_request" and "no phases" in ack["error"]
    assert control(fac, "step_status", {"step_id": pw, "status": "closed"})["ok"]
    ack = control(fac, "step_phase", {"step_id": pw, "phase": "weigh"})
    assert not ack["ok"] and ack["code"] == "step_status" and "Open the step" in ack["error"]
    ack = control(fac, "step_phase", {"step_id": 999999, "phase": "weigh"})
    assert not ack["ok"] and ack["code"] == "not_found"
    assert stored(pw).phase is None


def test_the_phase_refuses_a_participant_action_before_the_reducer_runs(app, client, room):
    workshop, (am, _ideas, _pw) = room
    fac = connect_facilitator(app, client, workshop)
    _, token = create_participant(workshop, name="Ana", sector="Education")
    phone = connect_participant(app, workshop, token)
    assert act(phone, am, "add_goal", {"text": "Ready to learn"})["ok"]
    before = stored(am).state
    # Rating a theme belongs to the last phase: the core says so, whatever the payload.
    ack = act(phone, am, "rate_theme", {"theme_id": "t99", "rating": "essential"})
    assert not ack["ok"] and ack["code"] == "phase"
    assert ack["error"] == ("You cannot rate a theme in the “Goals” phase: "
                            "the facilitator moves the room on when it is time.")
    assert control(fac, "step_phase", {"step_id": am, "phase": "shared"})["ok"]
    ack = act(phone, am, "add_goal", {"text": "Late goal"})
    assert not ack["ok"] and ack["code"] == "phase" and "“Shared?”" in ack["error"]
    assert stored(am).state == before
    # The facilitator is never held back by a phase (tidying a goal after the goals phase).
    assert act(fac, am, "edit_goal", {"card_id": "g1", "text": "Ready to learn, typo fixed"})["ok"]


def test_think_alone_starts_hidden_and_leaving_the_goals_phase_reveals_for_good(app, client, room):
    workshop, (am, _ideas, _pw) = room
    fac = connect_facilitator(app, client, workshop)
    ana_token, ben_token = (create_participant(workshop, name=n)[1] for n in ("Ana", "Ben"))
    ana, ben = (connect_participant(app, workshop, t) for t in (ana_token, ben_token))
    assert stored(am).hidden is True, "hide_goals starts the step behind the core's one hide switch"
    assert act(ana, am, "add_goal", {"text": "SECRET-GOAL-17"})["ok"]
    assert step_doc(app, ben, am)["view"]["cards"] == {}
    assert control(fac, "step_phase", {"step_id": am, "phase": "shared"})["ok"]
    assert stored(am).hidden is False
    assert [c["text"] for c in step_doc(app, ben, am)["view"]["cards"].values()] == ["SECRET-GOAL-17"]
    assert control(fac, "step_phase", {"step_id": am, "phase": "goals"})["ok"]
    assert stored(am).hidden is False, "going back does not hide the goals again"
    # The console's one control hides them again when the facilitator wants to.
    assert control(fac, "step_hidden", {"step_id": am, "hidden": True})["ok"]
    assert step_doc(app, ben, am)["view"]["cards"] == {}


def test_a_final_phase_cannot_be_left_for_an_earlier_one(app, client):
    """A pulse's results are final once they could show (three answered): going back to answering
    and showing them again would let anyone who saw both work out one person's new answer. With
    fewer answers nothing was shown, and the answers may reopen."""
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("trust_pulse", None),))
    pulse = workshop.steps[0].id
    login(client)
    fac = connect_facilitator(app, client, workshop)
    phones = [connect_participant(app, workshop, create_participant(workshop)[1]) for _ in range(3)]
    for n, phone in enumerate(phones[:2]):
        assert act(phone, pulse, "answer", {"question_id": "trust", "value": n + 2})["ok"]
    assert control(fac, "step_phase", {"step_id": pulse, "phase": "results"})["ok"]
    assert step_doc(app, fac, pulse)["final"] is False
    assert control(fac, "step_phase", {"step_id": pulse, "phase": "answer"})["ok"]  # nothing was shown
    assert act(phones[2], pulse, "answer", {"question_id": "trust", "value": 5})["ok"]
    assert control(fac, "step_phase", {"step_id": pulse, "phase": "results"})["ok"]
    assert step_doc(app, fac, pulse)["final"] is True
    ack = control(fac, "step_phase", {"step_id": pulse, "phase": "answer"})
    assert not ack["ok"] and ack["code"] == "rule" and "cannot go back" in ack["error"], ack
    assert stored(pulse).phase == "results"
    assert db.session.query(Action).filter_by(op_id=ack["op"]).count() == 0


def test_an_earlier_phase_may_be_returned_to_when_the_current_one_is_not_final(app, client, room):
    workshop, (am, _ideas, _pw) = room
    fac = connect_facilitator(app, client, workshop)
    assert control(fac, "step_phase", {"step_id": am, "phase": "shared"})["ok"]
    assert control(fac, "step_phase", {"step_id": am, "phase": "goals"})["ok"]
    assert stored(am).phase == "goals"
