"""Fixtures: an app with a throw-away SQLite database per test, and factories."""
from __future__ import annotations

import os
import random
import threading
import weakref

import pytest
import socketio.client
import websocket

from app import create_app
from app.extensions import db
from tests.live_server import running

IN_CI = os.environ.get("CI", "").lower() == "true"


def _close_socket_when_collected(ws) -> None:
    """websocket-client leaves its socket open when the server closed the connection first:
    ``close()`` returns early once the close handshake has begun, and python-engineio's client
    drops the object without closing it. The socket's ResourceWarning then fires whenever the
    garbage collector gets to it — in whichever test runs at that moment, an error under
    ``filterwarnings = error`` (it failed the flood test on a loaded machine). Close it when
    its owner is collected, so the socket never outlives it."""
    ws.shutdown()


websocket.WebSocket.__del__ = _close_socket_when_collected

# python-socketio's client jitters its reconnection delay with the global ``random``. A client
# reconnecting in a background thread (its server stopped, or killed by a reliability test)
# then changes the global random state while Hypothesis draws in another test, which Hypothesis
# reports as "Do not use the `random` module inside strategies" (an error here) or as
# FlakyStrategyDefinition, depending on timing. Its own generator keeps the jitter to itself.
socketio.client.random = random.Random()

# A socket client whose test forgot it keeps reconnecting to its stopped server for the rest of
# the run, in a daemon thread: 53 of them were left after four live modules, and a whole-suite
# run ended in a segmentation fault after "1418 passed" (a daemon thread waking to reconnect
# while the interpreter was being torn down). Every client a module made is shut down when the
# module ends, and the suite fails if a module leaves a reconnecting thread behind.
_socket_clients: weakref.WeakSet = weakref.WeakSet()
_client_init = socketio.Client.__init__


def _tracked_client_init(self, *args, **kwargs):
    _client_init(self, *args, **kwargs)
    _socket_clients.add(self)


socketio.Client.__init__ = _tracked_client_init


def _reconnecting_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "_handle_reconnect" in t.name and t.is_alive()]


def _end_reconnection(thread: threading.Thread) -> None:
    """A client can run two reconnection loops at once (a dropped websocket and a failed ping
    both start one; ``shutdown()`` only knows the last), so end each loop through its thread."""
    client = getattr(getattr(thread, "_target", None), "__self__", None)
    if client is not None:
        client.reconnection = False
        client._reconnect_abort.set()
    thread.join(5)


@pytest.fixture(autouse=True, scope="module")
def _socket_clients_end_with_their_module():
    """Autouse, so it is set up first and torn down last among the module's fixtures."""
    yield
    for client in list(_socket_clients):
        client.reconnection = False  # a disconnect from here on starts no new reconnection loop
        client.shutdown()  # also ends a running reconnection loop, which disconnect() does not
    _socket_clients.clear()
    for thread in _reconnecting_threads():
        _end_reconnection(thread)
    left = _reconnecting_threads()
    assert not left, f"socket clients still reconnecting after their module: {left}"


@pytest.fixture
def server(tmp_path):
    """The real server (``python wsgi.py``, eventlet) on its own port and database, migrated and
    started; stopped when the test ends. A module that needs another kind defines its own."""
    yield from running(tmp_path)


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "BROADCASTER_AUTOSTART": False,
            # Tests flush by hand and expect every audience patched at each flush; the phones'
            # slower cadence has its own tests (test_broadcast_cadence.py).
            "PARTICIPANT_BROADCAST_INTERVAL": 0,
            # Tests compare what a client holds with a fresh sync as often as they need to; the
            # sync limit itself has its own tests (test_sync_limits.py), which set it back.
            "SYNC_RATE": 1000,
            "SYNC_BURST": 1000,
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": None,
        }
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
