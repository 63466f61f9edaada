"""`sync` and `control` are rate-limited per actor like `act` (a client syncing in a loop costs
everyone's acknowledgements), and repeated syncs of one version are served from one encoding
per audience."""
import pytest

from app.live import wirejson
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush


@pytest.fixture
def room(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    login(client)
    tokens = [create_participant(workshop, name=f"P{i}")[1] for i in range(3)]
    return workshop, workshop.steps[0].id, tokens


def test_syncs_over_the_limit_are_throttled_with_retry(app, room):
    app.config.update(SYNC_RATE=0.001, SYNC_BURST=3)
    workshop, _step, tokens = room
    phone = connect_participant(app, workshop, tokens[0])
    replies = [phone.emit("sync", {}, callback=True) for _ in range(4)]
    assert [r["ok"] for r in replies] == [True, True, True, False]
    assert replies[-1]["code"] == "throttled" and replies[-1]["retry"] is True and replies[-1]["error"]
    # Per actor: another phone still syncs.
    assert connect_participant(app, workshop, tokens[1]).emit("sync", {}, callback=True)["ok"] is True


def test_controls_over_the_limit_are_throttled_with_retry(app, client, room):
    app.config.update(CONTROL_RATE=0.001, CONTROL_BURST=2)
    workshop, step_id, _tokens = room
    console = connect_facilitator(app, client, workshop)
    acks = [control(console, "step_hidden", {"step_id": step_id, "hidden": i % 2 == 0}) for i in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[-1]["code"] == "throttled" and acks[-1]["retry"] is True


def test_a_sync_flood_gets_the_connection_dropped(app, room):
    app.config.update(SYNC_RATE=0.001, SYNC_BURST=1, FLOOD_DISCONNECT_AFTER=3)
    workshop, _step, tokens = room
    phone = connect_participant(app, workshop, tokens[0])
    for _ in range(4):
        phone.emit("sync", {}, callback=True)
    assert phone.is_connected()
    phone.emit("sync", {}, callback=True)
    assert not phone.is_connected()


def test_repeated_syncs_of_one_version_are_encoded_once_per_audience(app, client, room, monkeypatch):
    workshop, step_id, tokens = room
    encodes = []
    real = wirejson.fragment
    monkeypatch.setattr(wirejson, "fragment", lambda doc: encodes.append(doc) or real(doc))
    phones = [connect_participant(app, workshop, token) for token in tokens]
    console = connect_facilitator(app, client, workshop)
    first = [phone.emit("sync", {}, callback=True) for phone in phones for _ in range(3)]
    assert console.emit("sync", {}, callback=True)["ok"] is True
    assert len(encodes) == 2  # one for the phones' document, one for the console's
    assert all(reply["doc"] == first[0]["doc"] and reply["v"] == first[0]["v"] for reply in first)
    # A new version is encoded once more, and served whole and current.
    assert act(phones[0], step_id, "add_note", {"text": "Breakfast club"})["ok"]
    flush(app)
    again = [phone.emit("sync", {}, callback=True) for phone in phones]
    assert len(encodes) == 3
    assert again[0]["v"] > first[0]["v"]
    notes = again[0]["doc"]["steps"][str(step_id)]["view"]["notes"]
    assert [n["text"] for n in notes.values()] == ["Breakfast club"]
    assert all(reply == again[0] | {"personal": reply["personal"], "now": reply["now"]} for reply in again)


def test_the_wire_module_sends_what_orjson_refuses():
    assert wirejson.loads(wirejson.dumps({"big": 2**70, 1: "a", "s": "\ud800"})) == {"big": 2**70, "1": "a",
                                                                                     "s": "\ud800"}
    embedded = wirejson.dumps({"doc": wirejson.fragment({"a": [1, 2]}), "s": "\ud800"})
    assert wirejson.loads(embedded) == {"doc": {"a": [1, 2]}, "s": "\ud800"}
