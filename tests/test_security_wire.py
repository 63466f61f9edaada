"""The socket boundary of the real server (eventlet subprocess): foreign-Origin handshakes are
refused while same-origin ones work; a message over the 64 KB cap drops the connection and
stores nothing; a flood of ``act`` events from one participant is throttled while another
participant's acknowledgements stay about as fast as before the flood."""
import statistics
import time

import pytest
import requests
import socketio
import websocket

from app.extensions import db
from app.models import Action
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveServer

pytestmark = [pytest.mark.live, pytest.mark.timeout(180)]
EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("wire"))
    live.migrate()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        tokens = [create_participant(workshop, name=f"P{i}")[1] for i in range(5)]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    return app, ids


def connect(server, ids, token, origin=None, transport="websocket"):
    """A python-socketio client. Over websocket, websocket-client sends the server's own
    origin by itself; an explicit ``origin`` is only sent exactly once over polling."""
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"workshop": ids["workshop"], "as": "participant", "token": token},
                   headers={"Origin": origin} if origin else {}, transports=[transport], wait_timeout=10)
    return client


def actions(app, actor_prefix="p:"):
    with app.app_context():
        count = db.session.query(Action).filter(Action.actor_key.like(f"{actor_prefix}%")).count()
        db.session.remove()
    return count


# -- Origin -------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_same_origin_handshake_works(server, seed, transport):
    _, ids = seed
    client = connect(server, ids, ids["tokens"][0], origin=server.url if transport == "polling" else None,
                     transport=transport)
    try:
        assert client.connected
        assert client.call("sync", {}, timeout=10)["ok"] is True
    finally:
        client.disconnect()


def test_foreign_origin_socketio_handshake_is_refused(server, seed):
    _, ids = seed
    client = socketio.Client(reconnection=False)
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(server.url, auth={"workshop": ids["workshop"], "as": "participant",
                                             "token": ids["tokens"][0]},
                           headers={"Origin": EVIL}, transports=["polling"], wait_timeout=10)
        assert not client.connected
    finally:
        if client.eio.http is not None:
            client.eio.http.close()


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1.evil.example"])
def test_foreign_origin_raw_websocket_and_polling_are_refused(server, origin):
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(ws_url, origin=origin, timeout=5)
    assert refused.value.status_code == 400
    with requests.Session() as session:
        polling = session.get(server.url + "/socket.io/?EIO=4&transport=polling", headers={"Origin": origin},
                              timeout=5)
    assert polling.status_code == 400
    # The same raw handshake from the server's own origin is accepted.
    ok = websocket.create_connection(ws_url, origin=server.url, timeout=5)
    try:
        assert ok.recv().startswith("0{")  # Engine.IO "open" packet
    finally:
        ok.close()


# -- size cap -----------------------------------------------------------------------------


def raw_socket(server, ids, token):
    """A Socket.IO connection spoken by hand over a plain websocket (so nothing is hidden)."""
    import json

    ws = websocket.create_connection(server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket",
                                     timeout=10)
    assert ws.recv().startswith("0{")
    ws.send("40" + json.dumps({"workshop": ids["workshop"], "as": "participant", "token": token}))
    assert ws.recv().startswith("40{")
    return ws


def test_a_message_over_the_size_cap_drops_the_connection_and_stores_nothing(server, seed):
    import json

    app, ids = seed
    before = actions(app)
    ws = raw_socket(server, ids, ids["tokens"][1])
    try:
        big = {"op": "too-big-0001", "step": ids["step"], "type": "add_note", "data": {"text": "x" * (70 * 1024)}}
        ws.send("421" + json.dumps(["act", big]))
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError)):
            while True:  # whatever comes (a ping, a patch) is not an ack; the end must come
                assert not ws.recv().startswith("431"), "a 70 KB message was answered"
    finally:
        ws.close()
    assert actions(app) == before
    # Just under the cap the connection survives and the form's own limit answers.
    ws = raw_socket(server, ids, ids["tokens"][1])
    try:
        ok = {"op": "big-but-ok-0001", "step": ids["step"], "type": "add_note", "data": {"text": "y" * (60 * 1024)}}
        ws.send("422" + json.dumps(["act", ok]))
        reply = ws.recv()
        while not reply.startswith("432"):
            reply = ws.recv()
        ack = json.loads(reply[3:])[0]
        assert ack["ok"] is False and ack["code"] == "invalid"
    finally:
        ws.close()
    assert actions(app) == before


# -- flood --------------------------------------------------------------------------------


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def round_trips(client, ids, count, tag, pace=0.1):
    """``count`` acknowledged actions, one every ``pace`` seconds (within the rate limit)."""
    times = []
    for n in range(count):
        time.sleep(pace)
        started = time.perf_counter()
        ack = client.call("act", {"op": f"{tag}-{n:04d}", "step": ids["step"], "type": "vote",
                                  "data": {"note_id": "n-none"}}, timeout=10)
        times.append(time.perf_counter() - started)
        assert ack["code"] == "rule"  # went through the engine (no such note), not throttled
    return times


FLOODER = """
import json, sys, threading, time
import socketio
url, workshop, step, token, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
acks, drops, connections, refused, n = [], [], 0, 0, 0
print("flooding", flush=True)
# A persistent attacker: dropped, it connects again and goes on. It floods for `seconds`, and in
# any case until it has been dropped and then refused a dozen times (on a loaded machine the
# drop can come later than `seconds`); the deadline only bounds a server that never drops it.
start = time.monotonic()
deadline = start + 60
while time.monotonic() < deadline and (time.monotonic() < start + seconds or not drops or refused <= 12):
    client = socketio.Client(reconnection=False)
    done = threading.Event()
    client.on("disconnect", lambda *a: (drops.append(1), done.set()))
    try:
        client.connect(url, auth={"workshop": workshop, "as": "participant", "token": token},
                       transports=["websocket"])
    except Exception:
        refused += 1
        time.sleep(0.02)
        continue
    connections += 1
    for _ in range(500):
        client.emit("act", {"op": f"flood-{n:06d}", "step": step, "type": "add_note",
                            "data": {"text": f"flood {n}"}}, callback=acks.append)
        n += 1
    done.wait(max(0.1, deadline - time.monotonic()))  # the server drops a flood: wait for it
    if client.connected:
        client.disconnect()
print(json.dumps({"acks": acks, "sent": n, "connections": connections, "drops": len(drops), "refused": refused}),
      flush=True)
"""


def test_a_flood_from_one_participant_is_throttled_and_others_stay_fast(server, seed):
    """The flooder runs in its own process (as a phone would), so it competes for the server,
    not for this test's interpreter."""
    import json
    import subprocess
    import sys

    app, ids = seed
    other = connect(server, ids, ids["tokens"][3])
    try:
        round_trips(other, ids, 3, "warm")
        baseline = round_trips(other, ids, 20, "base")
        flooder = subprocess.Popen([sys.executable, "-c", FLOODER, server.url, str(ids["workshop"]),
                                    str(ids["step"]), ids["tokens"][2], "3"],
                                   stdout=subprocess.PIPE, text=True)
        assert flooder.stdout.readline().strip() == "flooding"
        during = round_trips(other, ids, 25, "during", pace=0.06)
        out, _ = flooder.communicate(timeout=90)
    finally:
        other.disconnect()
    result = json.loads(out.strip().splitlines()[-1])
    acks = result["acks"]
    # The server answered "throttled" until the client had ignored that long enough, then
    # dropped the connection (the rest of the flood was never processed) and refused the
    # same participant's new connections for FLOOD_PENALTY_SECONDS.
    assert result["connections"] == 1 and result["drops"] == 1 and result["refused"] > 10
    assert len(acks) < result["sent"] / 2
    throttled = [a for a in acks if a.get("code") == "throttled"]
    assert all(a["retry"] is True and a["ok"] is False for a in throttled)
    accepted = [a for a in acks if a.get("ok")]
    assert len(accepted) <= 10  # the burst, capped again by the exercise's notes per participant
    assert len(throttled) >= len(acks) - app.config["ACTION_BURST"] - 30, "the flood was served, not throttled"
    base, busy = p95(baseline), p95(during)
    print(f"ack p95 baseline {base * 1000:.1f} ms, during flood {busy * 1000:.1f} ms "
          f"(max {max(during) * 1000:.0f} ms); "
          f"{result['sent']} flood events, {result['refused']} reconnects refused, {len(acks)} answered, "
          f"{len(throttled)} throttled")
    # The typical ack is compared (the median: one scheduling stall of a loaded 2-core machine
    # moved the p95 of 25 samples from 8 ms to 127 ms with the flood throttled as it should be);
    # the tail only has to stay far below what a served flood costs (whole seconds of queue).
    typical, before = statistics.median(during), statistics.median(baseline)
    assert typical < 5 * before + 0.05, f"median ack during flood {typical:.3f}s vs baseline {before:.3f}s"
    assert busy < 0.5, f"p95 during flood {busy:.3f}s vs baseline {base:.3f}s"
