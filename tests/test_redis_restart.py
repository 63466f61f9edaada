"""Redis restarted mid-session (REDIS_URL set): acknowledged writes are all stored, and every
client resyncs by itself to the same document once Redis is back."""
import shutil
import subprocess
import time

import pytest
import redis

from app.extensions import db
from app.models import Action
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer, free_port
from tests.services import require

pytestmark = [pytest.mark.live, pytest.mark.redis, pytest.mark.timeout(180)]


class PrivateRedis:
    """A redis-server of this test's own, so stopping it disturbs nothing else."""

    def __init__(self, tmp_path):
        self.port, self.dir = free_port(), tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def private_redis(tmp_path):
    require("Redis", 6379)  # the machine has Redis; its binary starts our own instance
    if shutil.which("redis-server") is None:
        pytest.skip(reason="redis-server binary not found")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.proc.poll() is None:
        server.kill()


def test_redis_restart_loses_no_write_and_clients_resync(tmp_path, private_redis):
    live = LiveServer(tmp_path / "srv", REDIS_URL=private_redis.url)
    live.migrate()
    app = live.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        wid, step = workshop.id, workshop.steps[0].id
        tokens = [create_participant(workshop, name=f"P{i}")[1] for i in range(3)]
        db.session.remove()
    live.start()
    try:
        phones = [LiveClient(live.url, wid, token=t) for t in tokens]
        acked = [phones[0].act(step, "add_note", {"text": "before"})["op"]]
        for phone in phones:
            phone.wait(lambda c: len(c.notes(step)) == 1)
        private_redis.kill()
        for i, phone in enumerate(phones):  # writes while Redis is down are still stored and acked
            ack = phone.act(step, "add_note", {"text": f"during outage {i}"})
            assert ack["ok"], ack
            acked.append(ack["op"])
        private_redis.start()
        acked.append(phones[1].act(step, "add_note", {"text": "after"})["op"])
        for phone in phones:
            phone.wait(lambda c: len(c.notes(step)) == 5, timeout=30)
        assert all(p.doc["steps"] == phones[0].doc["steps"] for p in phones)
        with app.app_context():
            assert db.session.query(Action).filter(Action.op_id.in_(acked)).count() == 5
            db.session.remove()
    finally:
        live.stop()
