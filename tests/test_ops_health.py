"""/healthz for load balancers and systemd; /metrics (Prometheus) only with METRICS_TOKEN."""
from pathlib import Path

from app.ops import metrics
from app.version import VERSION
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_helpers import act, connect_participant
from tests.live_server import free_port


def test_healthz_reports_the_database_and_the_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "version": VERSION, "checks": {"database": "ok"}}
    assert VERSION == "0.1.0" or VERSION.count(".") >= 1
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_configured_redis_is_away(app, client, caplog):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "failing"
    assert response.json["checks"] == {"database": "ok", "redis": "failing"}
    assert "redis is failing" in caplog.text  # the log says why; the public answer does not


def test_healthz_is_503_when_the_database_is_unusable(app, client):
    from sqlalchemy.engine import make_url

    from app.extensions import db

    assert client.get("/healthz").status_code == 200  # precondition: the same database was fine
    db.session.remove()
    db.engine.dispose()
    path = Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    response = client.get("/healthz")
    db.session.remove()
    db.engine.dispose()
    path.unlink()  # the fixture's teardown needs a database again
    assert response.status_code == 503 and response.json["checks"]["database"] == "failing"


def test_metrics_are_off_by_default_and_need_the_token(app, client):
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = "scrape-secret"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert response.status_code == 200
    for name, kind in (("actions_total", "counter"), ("ack_seconds", "histogram"), ("connected_clients", "gauge"),
                       ("flush_seconds", "histogram"), ("messages_sent_total", "counter")):
        assert f"# TYPE commonground_{name} {kind}" in response.text, name


def _value(metric, **labels):
    return metric.labels(**labels)._value.get() if labels else metric._value.get()


def test_metrics_count_actions_acks_and_connections(app):
    workshop = create_workshop(create_partnership(create_facilitator()))
    step_id = workshop.steps[0].id
    _participant, token = create_participant(workshop)
    accepted, refused = _value(metrics.ACTIONS, kind="action", result="accepted"), \
        _value(metrics.ACTIONS, kind="action", result="refused")
    acks = metrics.ACK_SECONDS.labels("action")._sum.get(), sum(
        b.get() for b in metrics.ACK_SECONDS.labels("action")._buckets)
    connected = _value(metrics.CONNECTED)
    sio = connect_participant(app, workshop, token)
    assert sio.is_connected()
    assert _value(metrics.CONNECTED) == connected + 1
    assert act(sio, step_id, "add_note", {"text": "counted"})["ok"]
    assert not act(sio, step_id, "no_such_action", {})["ok"]
    assert _value(metrics.ACTIONS, kind="action", result="accepted") == accepted + 1
    assert _value(metrics.ACTIONS, kind="action", result="refused") == refused + 1
    assert sum(b.get() for b in metrics.ACK_SECONDS.labels("action")._buckets) == acks[1] + 2
    sio.disconnect()
    assert _value(metrics.CONNECTED) == connected
