"""Phones are patched at most every PARTICIPANT_BROADCAST_INTERVAL, the facilitator at every
flush; a change held back from the phones reaches them at a later flush, on the same chain."""
import time

import pytest

from app.live import mergepatch
from app.live.store import LocalStore
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, flush


@pytest.fixture
def room(app, client):
    # Longer than any test: time "passes" only when a test says so (gate_passed), so a slow
    # machine cannot open the phones' gate early.
    app.config["PARTICIPANT_BROADCAST_INTERVAL"] = 60
    workshop = create_workshop(create_partnership(create_facilitator()))
    step_id = workshop.steps[0].id
    _, token = create_participant(workshop)
    login(client)
    fac = connect_facilitator(app, client, workshop)
    phone = connect_participant(app, workshop, token)
    return workshop, step_id, fac, phone


def gate_passed(app, workshop, seconds_ago: float = 1000.0):
    """As if the phones' last patch had gone out ``seconds_ago``."""
    app.extensions["broadcaster"].store.sent_at[(workshop.id, "participant")] = time.monotonic() - seconds_ago


def patches(sio):
    return [m["args"][0] for m in sio.get_received() if m["name"] == "patch"]


def notes(doc, step_id):
    return doc["steps"][str(step_id)]["view"]["notes"]


def test_phones_get_fewer_patches_than_the_facilitator_and_nothing_is_missed(app, room):
    workshop, step_id, fac, phone = room
    start = phone.emit("sync", {}, callback=True)
    flush(app)  # the connects: the phones' gate opens here
    phone.get_received(), fac.get_received()
    doc, version = start["doc"], start["v"]

    texts = ["first", "second", "third"]
    for text in texts:
        assert act(phone, step_id, "add_note", {"text": text})["ok"]
        flush(app)
    assert len(patches(fac)) == 3, "the facilitator is patched at every flush"
    assert patches(phone) == [], "the phones' patch is not due yet"

    gate_passed(app, workshop)
    flush(app)
    got = patches(phone)
    assert len(got) == 1, "what the phones missed arrives as one patch once due"
    assert got[0]["from"] == version
    doc = mergepatch.apply(doc, got[0]["patch"])
    assert sorted(n["text"] for n in notes(doc, step_id).values()) == sorted(texts)
    fresh = phone.emit("sync", {}, callback=True)
    assert fresh["v"] == got[0]["to"] and fresh["doc"] == doc


def test_a_held_back_change_is_not_lost_when_nothing_else_happens(app, room):
    workshop, step_id, fac, phone = room
    flush(app)
    phone.get_received()
    assert act(phone, step_id, "add_note", {"text": "late but there"})["ok"]
    flush(app)
    assert patches(phone) == []
    flush(app)  # nothing new, only flushes
    assert patches(phone) == []
    gate_passed(app, workshop)
    flush(app)
    got = [p for p in phone.get_received() if p["name"] == "patch"]
    assert got and "late but there" in str(got[0]["args"][0]["patch"])


def test_the_gate_opens_once_per_interval():
    store = LocalStore()
    assert store.due(1, "participant", 0.2)
    assert not store.due(1, "participant", 0.2)
    assert store.due(2, "participant", 0.2), "each workshop has its own gate"
    time.sleep(0.25)
    assert store.due(1, "participant", 0.2)


def test_the_phones_interval_stretches_under_load_and_comes_back():
    from app.live.broadcast import Cadence

    cadence = Cadence(base=0.3, ceiling=2.0)
    assert cadence.observe(lag=0.01, flush_seconds=0.01, interval=0.15) == 0.3  # keeping up
    stretched = [cadence.observe(lag=0.2, flush_seconds=0.1, interval=0.15) for _ in range(10)]
    assert stretched[0] > 0.3 and stretched == sorted(stretched) and stretched[-1] == 2.0  # capped
    assert cadence.observe(lag=0.05, flush_seconds=0.02, interval=0.15) == 2.0  # in between: held
    relaxed = [cadence.observe(lag=0.0, flush_seconds=0.01, interval=0.15) for _ in range(20)]
    assert relaxed == sorted(relaxed, reverse=True) and relaxed[-1] == 0.3


def test_a_stretched_cadence_holds_the_phones_patch_but_not_the_facilitators(app, room):
    workshop, step_id, fac, phone = room
    flush(app)
    phone.get_received(), fac.get_received()
    cadence = app.extensions["broadcaster"].cadence
    cadence.base, cadence.current = 0.5, 30.0  # as after a saturated burst
    gate_passed(app, workshop, seconds_ago=1.0)  # due at 0.5 s: only the stretched interval holds it
    assert act(phone, step_id, "add_note", {"text": "held"})["ok"]
    flush(app)
    assert len(patches(fac)) == 1 and patches(phone) == []
    cadence.current = 0.5  # the server caught up
    flush(app)
    assert len(patches(phone)) == 1
