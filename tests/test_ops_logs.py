"""One log line per join, connection, disconnection, refused change and socket error, each
with its workshop id."""
import logging

import pytest

from app.ops.logs import RepeatFilter, Throttled
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_helpers import act, connect_participant


@pytest.fixture
def workshop(app):
    return create_workshop(create_partnership(create_facilitator()), status="live")


def test_join_connect_refusal_and_disconnect_are_logged_with_the_workshop(app, workshop, caplog):
    caplog.set_level(logging.INFO, logger="app")
    wid, step_id, code = workshop.id, workshop.steps[0].id, workshop.join_code
    client = app.test_client()
    response = client.post(f"/j/{code}", data={"name": "Ana", "organisation": "Clinic", "sector": "Health"})
    assert response.status_code == 302
    assert f"workshop {wid}: participant p:" in caplog.text and "joined" in caplog.text
    assert "Ana" not in caplog.text  # no names in the log
    _participant, token = create_participant(workshop, name="Bo")
    sio = connect_participant(app, workshop, token)
    assert f"workshop {wid}: participant p:" in caplog.text and " connected (" in caplog.text
    assert not act(sio, step_id, "add_note", {"text": ""})["ok"]
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusals and refusals[-1].startswith(f"workshop {wid}: action add_note by p:")
    sio.disconnect()
    assert f"workshop {wid}: participant p:" in caplog.text and " disconnected (" in caplog.text


def test_a_refused_connection_is_logged(app, workshop, caplog):
    caplog.set_level(logging.INFO, logger="app")
    from app.extensions import socketio

    sio = socketio.test_client(app, auth={"workshop": workshop.id, "as": "participant", "token": "wrong"})
    assert not sio.is_connected()
    assert f"workshop {workshop.id}: connection refused" in caplog.text


def test_a_socket_error_is_logged_with_the_workshop_and_not_acknowledged(app, workshop, caplog, monkeypatch):
    from app.live import engine

    wid, step_id = workshop.id, workshop.steps[0].id
    _participant, token = create_participant(workshop)
    sio = connect_participant(app, workshop, token)

    def broken(*_args):
        raise RuntimeError("bug in a handler")

    monkeypatch.setattr(engine, "submit_action", broken)
    with pytest.raises(RuntimeError):
        act(sio, step_id, "add_note", {"text": "x"})
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "app.live"]
    assert errors and errors[0].getMessage().startswith(f"workshop {wid}: error in socket event")
    assert errors[0].exc_info is not None


def test_a_failing_dependency_is_logged_once_per_interval(caplog):
    log = logging.getLogger("app.test_throttle")
    throttled = Throttled(log, seconds=3600)
    for _ in range(50):
        throttled.warning("redis", "redis unavailable", ConnectionError("refused"))
    lines = [r for r in caplog.records if r.name == "app.test_throttle"]
    assert len(lines) == 1 and "redis unavailable (ConnectionError: refused)" in lines[0].getMessage()
    throttled.seconds = 0
    throttled.warning("redis", "redis unavailable")
    assert "[49 more like this since the last report]" in caplog.records[-1].getMessage()


def test_repeated_socketio_lines_are_dropped():
    repeat = RepeatFilter(seconds=3600)

    def record(msg):
        return logging.LogRecord("socketio.server", logging.ERROR, __file__, 1, msg, (), None)

    assert repeat.filter(record("Cannot publish to redis... retrying"))
    assert not repeat.filter(record("Cannot publish to redis... retrying"))
    assert repeat.filter(record("something else"))
