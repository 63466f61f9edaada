"""Under eventlet with PostgreSQL, one slow query does not freeze the other clients: a request
running ``pg_sleep`` (the env-gated ``/_diag/sleep`` route) while another client's socket round
trip (``sync``) stays fast. Contrast: with psycopg's blocking wait function the same round trip
waits for the query, which shows the test can tell the difference."""
import os
import secrets
import socket
import threading
import time

import pytest
import requests

from app.extensions import db
from tests.conftest import IN_CI
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer

pytestmark = [pytest.mark.postgres, pytest.mark.live, pytest.mark.timeout(120)]
PG = "postgresql://postgres@127.0.0.1:5432"
SLEEP = 1.5


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def database():
    if not pg_reachable():
        if IN_CI:
            pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 in CI")
        pytest.skip(reason="PostgreSQL is not reachable on 127.0.0.1:5432 (start it, or set CI=true to make this fail)")
    import psycopg

    name = f"cg_{secrets.token_hex(6)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG}/{name}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(tmp_path, database, **env):
    server = LiveServer(tmp_path, DATABASE_URL=database, ENABLE_TEST_ROUTES="1", **env)
    server.db_url = database.replace("postgresql://", "postgresql+psycopg://")
    server.migrate()
    server.start()
    return server


def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        _, token = create_participant(workshop)
        ids = workshop.id, token
        db.session.remove()
        db.engine.dispose()
    return ids


def sync_times_during_a_slow_query(server):
    workshop_id, token = seed(server)
    client = LiveClient(server.url, workshop_id, token=token)
    try:
        baseline = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.sio.call("sync", {}, timeout=10)["ok"]
            baseline.append(time.perf_counter() - started)
        box = {}

        def slow():
            started = time.perf_counter()
            box["reply"] = requests.get(f"{server.url}/_diag/sleep?seconds={SLEEP}", timeout=30).json()
            box["took"] = time.perf_counter() - started

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)  # the query is running now
        during = []
        while thread.is_alive() and len(during) < 5:
            started = time.perf_counter()
            assert client.sio.call("sync", {}, timeout=10)["ok"]
            during.append(time.perf_counter() - started)
        thread.join(30)
    finally:
        client.close()
    return baseline, during, box


def test_a_slow_query_does_not_freeze_other_clients(tmp_path, database):
    server = start(tmp_path, database)
    try:
        baseline, during, box = sync_times_during_a_slow_query(server)
    finally:
        server.stop()
    assert box["reply"]["ok"] is True and box["took"] >= SLEEP
    assert box["reply"]["psycopg_wait_func"] == "wait_select", "wsgi.py must set PSYCOPG_WAIT_FUNC"
    assert len(during) >= 3, "the round trips did not overlap the slow query"
    print(f"sync round trip: baseline max {max(baseline) * 1000:.0f} ms, during pg_sleep({SLEEP}) "
          f"max {max(during) * 1000:.0f} ms")
    assert max(during) < 0.5, f"a client waited {max(during):.2f}s behind another request's query"


def test_with_a_blocking_wait_function_the_same_round_trip_would_freeze(tmp_path, database):
    server = start(tmp_path, database, PSYCOPG_WAIT_FUNC="wait_c")
    try:
        _, during, box = sync_times_during_a_slow_query(server)
    finally:
        server.stop()
    assert box["reply"]["psycopg_wait_func"] == "wait_c"
    assert during and max(during) > 0.8, "without wait_select the hub should have been blocked"


def test_the_diagnostic_route_is_off_unless_enabled(app, client):
    assert not any(rule.rule.startswith("/_diag") for rule in app.url_map.iter_rules())
    assert client.get("/_diag/sleep?seconds=0").status_code == 404
    assert os.environ.get("ENABLE_TEST_ROUTES") in (None, "", "0")
