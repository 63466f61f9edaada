"""Two server processes sharing Redis (message queue + broadcast store) and PostgreSQL, with
participants spread over both: every client converges to the same document, nothing is lost,
presence counts people on both processes."""
import uuid

import pytest

from app import create_app
from app.extensions import db
from app.models import Action, Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer, facilitator_cookie
from tests.services import postgres_url, redis_url  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(180)]


@pytest.fixture
def cluster(tmp_path, postgres_url, redis_url):  # noqa: F811
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url, "REDIS_PREFIX": f"t{uuid.uuid4().hex[:8]}"}
    servers = [LiveServer(tmp_path / f"p{i}", **env) for i in range(2)]
    servers[0].migrate()
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


def test_participants_on_two_processes_converge_and_nothing_is_lost(cluster, postgres_url):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "ASYNC_MODE": "threading", "SECRET_KEY": "x"})
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        wid, step = workshop.id, workshop.steps[0].id
        tokens = [create_participant(workshop, name=f"P{i}", sector=s)[1]
                  for i, s in enumerate(["Education", "Health", "Housing", "Community"] * 2)]
        db.session.remove()
    a, b = cluster
    cookie = facilitator_cookie(a.url, "facilitator@example.org", "correct horse battery")
    facilitator = LiveClient(b.url, wid, "facilitator", cookie=cookie)
    phones = [LiveClient((a if i % 2 else b).url, wid, token=t) for i, t in enumerate(tokens)]
    acks = []
    for round_ in range(5):
        for i, phone in enumerate(phones):
            ack = phone.act(step, "add_note", {"text": f"note {round_}-{i}"})
            assert ack["ok"], ack
            acks.append(ack["op"])
    # One flusher per workshop per interval, patches through Redis to both processes' clients.
    for client in [facilitator, *phones]:
        client.wait(lambda c: len(c.notes(step)) == 40, timeout=20)
    fresh = facilitator.sio.call("sync", {})["doc"]
    assert all(p.doc["steps"] == phones[0].doc["steps"] for p in phones)
    assert fresh["steps"][str(step)]["view"]["notes"] == facilitator.notes(step)
    facilitator.wait(lambda c: c.doc["presence"]["here"] == 8, timeout=20)
    with app.app_context():
        assert db.session.query(Action).filter(Action.op_id.in_(acks)).count() == 40
        assert len(db.session.get(Step, step).state["notes"]) == 40
        db.session.remove()
    for client in [facilitator, *phones]:
        client.close()
    with app.app_context():
        db.engine.dispose()  # close pooled PostgreSQL connections before the database is dropped
