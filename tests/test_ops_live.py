"""The real server as an operator runs it: readable timestamped logs and the access-log
option, one server per SQLite file, a backup taken during writes, and a Redis that goes away."""
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests

from app.extensions import db
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import ROOT, LiveClient, LiveServer, free_port
from tests.test_redis_restart import private_redis  # noqa: F401  (fixture)

pytestmark = [pytest.mark.live, pytest.mark.timeout(240)]
STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} "


def _seed(live, participants=1):
    from flask import current_app

    from app.exercises.registry import default_config

    app = live.seed_app()
    with app.app_context():
        config = {**default_config(current_app.extensions["exercises"]["ideas"]), "notes_per_participant": 50}
        workshop = create_workshop(create_partnership(create_facilitator()), steps=(("ideas", config),))
        wid, step = workshop.id, workshop.steps[0].id
        tokens = [create_participant(workshop, name=f"P{i}")[1] for i in range(participants)]
        db.session.remove()
    return wid, step, tokens


def _log(live) -> str:
    live.log.flush()
    return (live.log_path).read_text(errors="replace")


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def server(tmp_path):
    made = []

    def start(**env):
        live = LiveServer(tmp_path / f"srv{len(made)}", **env)
        live.log_path = tmp_path / f"srv{len(made)}" / "server.log"
        made.append(live)
        live.migrate()
        return live

    yield start
    for live in made:
        live.stop()


def test_logs_are_timestamped_with_the_workshop_access_log_and_metrics(server):
    live = server(ACCESS_LOG="1", METRICS_TOKEN="scrape")
    wid, step, tokens = _seed(live)
    live.start()
    phone = LiveClient(live.url, wid, token=tokens[0])
    assert not phone.act(step, "add_note", {"text": ""})["ok"]
    assert phone.act(step, "add_note", {"text": "seen"})["ok"]
    phone.wait(lambda c: len(c.notes(step)) == 1)  # a flush sent it
    scraped = requests.get(live.url + "/metrics", headers={"Authorization": "Bearer scrape"}, timeout=10).text
    assert re.search(r'^commonground_actions_total\{kind="action",result="accepted"\} 1\.0$', scraped, re.M)
    assert re.search(r'^commonground_actions_total\{kind="action",result="refused"\} 1\.0$', scraped, re.M)
    assert re.search(r'^commonground_ack_seconds_count\{kind="action"\} 2\.0$', scraped, re.M)
    assert re.search(r"^commonground_connected_clients 1\.0$", scraped, re.M)
    assert float(re.search(r"^commonground_messages_sent_total (\S+)$", scraped, re.M).group(1)) > 0
    assert float(re.search(r"^commonground_flush_seconds_count (\S+)$", scraped, re.M).group(1)) > 0
    phone.close()
    assert requests.get(live.url + "/healthz", timeout=10).status_code == 200
    assert _wait_for(lambda: "GET /healthz" in _log(live))
    assert _wait_for(lambda: " disconnected (" in _log(live))
    text = _log(live)
    assert re.search(STAMP + rf"INFO app\.live: workshop {wid}: participant p:\d+ connected", text), text
    assert re.search(STAMP + rf"INFO app\.live: workshop {wid}: action add_note by p:\d+ refused", text), text
    assert re.search(STAMP + rf"INFO app\.live: workshop {wid}: participant p:\d+ disconnected", text), text
    assert "Phones" in text or "phones" in text  # the start-up lines say how phones join


def test_without_the_option_there_is_no_access_log(server):
    live = server()
    live.start()
    assert requests.get(live.url + "/healthz", timeout=10).status_code == 200
    assert "GET /healthz" not in _log(live)


def test_a_second_server_on_the_same_sqlite_file_is_refused(server):
    live = server()
    live.start()
    env = {**live.env, "PORT": str(free_port())}
    done = subprocess.run([sys.executable, "wsgi.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "already serving" in done.stderr and "REDIS_URL" in done.stderr and "Traceback" not in done.stderr
    assert requests.get(live.url + "/healthz", timeout=10).status_code == 200  # the first one is untouched


def test_a_backup_taken_during_writes_holds_every_acknowledged_action(server, tmp_path):
    live = server()
    wid, step, tokens = _seed(live, participants=6)
    live.start()
    phones = [LiveClient(live.url, wid, token=t) for t in tokens]
    acked, stop, errors = [], threading.Event(), []

    def write():
        i = 0
        while not stop.is_set() and i < 6 * 50:  # each phone may add 50 notes
            i += 1
            ack = phones[i % 6].act(step, "add_note", {"text": f"note {i}"})
            if ack.get("ok"):
                acked.append(ack["op"])
            elif ack.get("code") != "throttled":
                errors.append(ack)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert _wait_for(lambda: len(acked) >= 10)
    before = list(acked)  # acknowledged before the backup started: all must be in it
    target = tmp_path / "backup.db"
    env = {**live.env, "ASYNC_MODE": "threading"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "backup", str(target)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    during = len(acked) - len(before)
    stop.set()
    writer.join(30)
    assert done.returncode == 0, done.stderr
    assert not errors, errors
    assert during > 0  # the server was taking (and acknowledging) writes while the backup ran
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in copy.execute("SELECT op_id FROM action")}
    finally:
        copy.close()
    assert set(before) <= stored
    assert not (tmp_path / "backup.db-wal").exists()
    again = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "backup", str(target)], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "already exists" in again.stderr


@pytest.mark.redis
def test_redis_going_away_is_logged_without_tracebacks_and_pages_still_answer(server, private_redis):  # noqa: F811
    live = server(REDIS_URL=private_redis.url, REDIS_PREFIX=f"ops{os.getpid()}")
    wid, step, tokens = _seed(live, participants=2)
    live.start()
    phones = [LiveClient(live.url, wid, token=t) for t in tokens]
    assert phones[0].act(step, "add_note", {"text": "before"})["ok"]
    private_redis.kill()
    for i in range(10):  # keep the server busy for a while with Redis away
        assert phones[i % 2].act(step, "add_note", {"text": f"during {i}"})["ok"]
    page = requests.get(f"{live.url}/w/{wid}/me", cookies={f"cg_p{wid}": tokens[0]}, timeout=10)
    assert page.status_code == 200
    assert _wait_for(lambda: "redis unavailable" in _log(live))  # said once, not every 100 ms flush
    text = _log(live)
    (live.log_path.parent / "redis-outage.log").write_text(text)  # for a person to read after a failure
    assert "Traceback" not in text, text[-3000:]
    redis_lines = [line for line in text.splitlines() if "redis" in line.lower()]
    assert 0 < len(redis_lines) <= 60, "\n".join(redis_lines)
    for phone in phones:
        phone.close()
