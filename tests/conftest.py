"""Fixtures: an app with a throw-away SQLite database per test, and factories."""
from __future__ import annotations

import os
import random

import pytest
import socketio.client
import websocket

from app import create_app
from app.extensions import db

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
