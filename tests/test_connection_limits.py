"""One client cannot take every connection of the real server: a participant token (or a
facilitator) holds at most SOCKETS_PER_PARTICIPANT (…_FACILITATOR) sockets and the next one is
refused with a sentence; a connection whose headers never finish is closed after
HTTP_HEADER_TIMEOUT (eventlet; gunicorn's gevent worker by its keep-alive); Engine.IO sessions
that never authenticate are capped per address and expire after HANDSHAKE_TIMEOUT."""
import socket
import time

import pytest
import requests
import socketio

from app.extensions import db
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveServer, facilitator_cookie

pytestmark = [pytest.mark.live, pytest.mark.timeout(240)]
LIMITS = {"SOCKETS_PER_PARTICIPANT": "3", "SOCKETS_PER_FACILITATOR": "2", "HANDSHAKES_PER_ADDRESS": "5",
          "HANDSHAKE_TIMEOUT": "3", "HTTP_HEADER_TIMEOUT": "2"}
HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture(scope="module", params=["eventlet", "gevent"])
def server(request, tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp(f"limits-{request.param}"), kind=request.param, **LIMITS)
    live.migrate()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        tokens = [create_participant(workshop, name=f"P{i}")[1] for i in range(4)]
        ids = {"workshop": workshop.id, "tokens": tokens}
        db.session.remove()
    return ids


def connect(server, ids, token=None, cookie=None, errors=None):
    client = socketio.Client(reconnection=False)
    if errors is not None:
        client.on("connect_error", errors.append)
    auth = {"workshop": ids["workshop"], "as": "facilitator" if cookie else "participant"}
    if token:
        auth["token"] = token
    client.connect(server.url, auth=auth, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"],
                   wait_timeout=10)
    return client


def refusal(server, ids, **kwargs) -> str:
    """The sentence the server refused a connection with (what the browser shows)."""
    errors = []
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(server, ids, errors=errors, **kwargs)
    return str(errors[0].get("message") if errors and isinstance(errors[0], dict) else errors)


def eventually(attempt, timeout=30.0):
    """Retry ``attempt`` (returns a value, or raises) until it succeeds or the timeout passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return attempt()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_one_participant_token_cannot_take_every_socket(server, seed):
    token = seed["tokens"][0]
    held = [connect(server, seed, token) for _ in range(3)]
    try:
        assert "too many devices or tabs" in refusal(server, seed, token=token)
        other = connect(server, seed, seed["tokens"][1])  # someone else still gets in
        other.disconnect()
        held.pop().disconnect()  # one closed: a new one is let in again
        held.append(eventually(lambda: connect(server, seed, token)))
    finally:
        for client in held:
            client.disconnect()


def test_one_facilitator_cannot_take_every_socket(server, seed):
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    held = [connect(server, seed, cookie=cookie) for _ in range(2)]
    try:
        assert "Too many consoles and screens" in refusal(server, seed, cookie=cookie)
    finally:
        for client in held:
            client.disconnect()


def closed_within(sock: socket.socket, seconds: float, drip: bytes = b"") -> float:
    """Seconds until the server closes ``sock``; ``drip`` is sent byte by byte meanwhile."""
    started = time.monotonic()
    sock.settimeout(0.3)
    while time.monotonic() - started < seconds:
        try:
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            pass
        except OSError:  # reset: closed as well
            return time.monotonic() - started
        if drip:
            try:
                sock.send(drip[:1])
            except OSError:
                return time.monotonic() - started
            drip = drip[1:] or b"X"
    raise AssertionError(f"still open after {seconds} s")


def test_a_partial_header_connection_is_closed_and_websockets_are_not(server, seed):
    client = connect(server, seed, seed["tokens"][2])
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as stalled, \
                socket.create_connection(("127.0.0.1", server.port), timeout=5) as dripping:
            stalled.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            # Closed within seconds (the deadline is 2 s; generous bound for a loaded machine).
            assert closed_within(stalled, 60) >= 0
            # One header byte at a time does not keep it open either: the deadline is total.
            dripping.sendall(b"GET / HTTP/1.1\r\n")
            assert closed_within(dripping, 60, drip=b"X-Slow: " + b"a" * 500) >= 0
        # Meanwhile the websocket, idle far longer than the header deadline, still works.
        assert client.connected
        assert client.call("sync", {}, timeout=10)["ok"] is True
        assert requests.get(server.url + "/", timeout=10).status_code == 200
    finally:
        client.disconnect()


def test_handshakes_that_never_authenticate_are_capped_per_address_and_expire(server, seed):
    def handshake():
        return requests.get(server.url + HANDSHAKE, timeout=10)

    # Let whatever earlier tests left pending expire first.
    eventually(lambda: [r.raise_for_status() for r in [handshake() for _ in range(5)]] and None)
    refused = handshake()
    assert refused.status_code == 401
    assert "Too many connections are starting from your address" in refused.text
    # They expire (HANDSHAKE_TIMEOUT): a real client gets in again...
    client = eventually(lambda: connect(server, seed, seed["tokens"][3]))
    client.disconnect()
    # ...and authenticated connections never count: more of them than the cap, one by one.
    clients = [eventually(lambda t=token: connect(server, seed, t)) for token in seed["tokens"][:3] * 2]
    try:
        assert len(clients) == 6 and all(c.connected for c in clients)
    finally:
        for c in clients:
            c.disconnect()
