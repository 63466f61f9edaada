"""The flood rule, in process: a participant who keeps sending after "throttled" is dropped and
kept out for a while; one who waits as told (the browser does) is never dropped."""
import pytest

from app.extensions import db
from app.models import Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_helpers import act, connect_participant


@pytest.fixture
def room(app):
    app.config.update(ACTION_BURST=5, ACTION_RATE=0.001, FLOOD_DISCONNECT_AFTER=4, FLOOD_PENALTY_SECONDS=60)
    workshop = create_workshop(create_partnership(create_facilitator()))
    return workshop.id, workshop.steps[0].id


def test_ignoring_throttled_gets_the_connection_dropped_and_refused_for_a_while(app, room):
    workshop_id, step_id = room
    _, token = create_participant(db.session.get(Workshop, workshop_id))
    _, other_token = create_participant(db.session.get(Workshop, workshop_id), name="Other")
    sio = connect_participant(app, db.session.get(Workshop, workshop_id), token)
    codes = [act(sio, step_id, "add_note", {"text": f"n{i}"}).get("code") for i in range(5)]
    assert codes == [None] * 5
    for _ in range(4):
        ack = act(sio, step_id, "add_note", {"text": "more"})
        assert ack["code"] == "throttled" and ack["retry"] is True
        assert sio.is_connected()
    act(sio, step_id, "add_note", {"text": "one too many"})
    assert not sio.is_connected()
    again = connect_participant(app, db.session.get(Workshop, workshop_id), token)
    assert not again.is_connected()
    # Someone else is not affected.
    assert connect_participant(app, db.session.get(Workshop, workshop_id), other_token).is_connected()


def test_a_client_that_waits_after_throttled_is_never_dropped(app, room):
    workshop_id, step_id = room
    app.config.update(ACTION_BURST=1, FLOOD_DISCONNECT_AFTER=2)
    _, token = create_participant(db.session.get(Workshop, workshop_id))
    sio = connect_participant(app, db.session.get(Workshop, workshop_id), token)
    for round_ in range(4):
        assert act(sio, step_id, "add_note", {"text": f"n{round_}"})["ok"]
        for _ in range(2):
            assert act(sio, step_id, "add_note", {"text": "x"})["code"] == "throttled"
        [bucket] = app.extensions["action_limiter"].buckets.values()
        bucket.tokens = 1  # time passes: the client waited as told, and its next send is accepted
        assert sio.is_connected()
