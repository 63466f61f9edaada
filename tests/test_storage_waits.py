"""A locked database or a full disk never freezes the server (issue 24): with BEGIN EXCLUSIVE held
by a real second process, a bystander's sync is answered while a write waits, and the writer
gets an error ack with "retry" (then succeeds once the lock is gone); with a full disk, acts
get a clear error ack, pages answer 503 with a sentence (not 500) and the server stays up."""
import subprocess
import sys
import threading

import pytest
from sqlalchemy import event

from app.extensions import db
from app.live.states import read_state
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_helpers import act, connect_participant
from tests.live_server import LiveClient, running

HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


class LockHolder:
    """Another process (like ``flask purge`` would) holding SQLite's write lock until released."""

    def __init__(self, path: str):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, path], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self):
        self.proc.communicate("\n", timeout=30)  # also closes the pipes


@pytest.fixture
def server(tmp_path):
    # A wide retry window: the test needs the write to be still waiting when the bystander's
    # sync comes back, on however loaded a machine; the default is 1.5 s.
    yield from running(tmp_path, LIVE_WRITE_WAIT_SECONDS="8")


@pytest.fixture
def seed(server):

    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id,
               "tokens": [create_participant(workshop, name=n)[1] for n in ("Ana", "Ben")]}
        db.session.remove()
        db.engine.dispose()
    return ids


@pytest.mark.live
@pytest.mark.timeout(180)
def test_a_write_lock_held_by_another_process_freezes_no_one(server, seed):
    writer, bystander = (LiveClient(server.url, seed["workshop"], token=t) for t in seed["tokens"])
    holder = LockHolder(server.db_url.removeprefix("sqlite:///"))
    try:
        acks = []
        sending = threading.Thread(target=lambda: acks.append(
            writer.act(seed["step"], "add_note", {"text": "Breakfast club"}, op="locked-op-0001")), daemon=True)
        sending.start()
        reply = bystander.sio.call("sync", {}, timeout=30)
        assert reply["ok"]
        assert not acks, "the bystander's sync waited for the locked write"  # answered while it waits
        sending.join(40)
        assert acks and acks[0]["ok"] is False and acks[0]["retry"] is True and acks[0]["code"] == "busy", acks
        assert "saving" in acks[0]["error"]
    finally:
        holder.release()
    again = writer.act(seed["step"], "add_note", {"text": "Breakfast club"}, op="locked-op-0001")  # as live.js does
    assert again["ok"] and not again.get("duplicate"), again
    bystander.wait(lambda c: any(n["text"] == "Breakfast club" for n in c.notes(seed["step"]).values()), 30)
    writer.close()
    bystander.close()


def fill_the_disk(engine):
    """SQLite's own "database or disk is full": no page may be added to the file any more."""

    @event.listens_for(engine, "connect")
    def _full(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count={pages}")
        cursor.close()

    engine.dispose()
    return _full


def test_a_full_disk_gets_an_error_ack_and_a_page_not_a_500(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()), late_join=True)
    _, token = create_participant(workshop)
    step_id, code = workshop.steps[0].id, workshop.join_code
    sio = connect_participant(app, workshop, token)
    assert act(sio, step_id, "add_note", {"text": "Before the disk filled"})["ok"]
    note_id = next(iter(read_state(step_id)["notes"]))
    listener = fill_the_disk(db.engine)
    try:
        # An action writes its log row, not the whole state (issue 25): edits of one note go on
        # past the participant's note limit until the log needs a page the file cannot add.
        for k in range(200):  # the first rows may still fit in free pages of the file
            ack = act(sio, step_id, "edit_note", {"note_id": note_id, "text": f"{k} " + "y" * 270})
            if not ack["ok"]:
                break
        assert ack["ok"] is False and ack["code"] == "storage" and ack["retry"] is True, ack
        assert "storage is full" in ack["error"]
        assert sio.emit("sync", {}, callback=True)["ok"]  # still serving
        for k in range(40):  # a small row may still fit in a page; each joiner is a new browser
            client.delete_cookie(f"cg_p{workshop.id}")
            page = client.post(f"/j/{code}", data={"name": f"Cleo {k}", "organisation": "Homes Trust",
                                                   "sector": "Housing", "language": "en"})
            if page.status_code != 302:
                break
        assert page.status_code == 503, page.status_code
        assert b"storage is full" in page.data
    finally:
        event.remove(db.engine, "connect", listener)
        db.engine.dispose()
    assert act(sio, step_id, "add_note", {"text": "After space was freed"})["ok"]
    sio.disconnect()
