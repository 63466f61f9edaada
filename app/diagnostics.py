"""Diagnostic routes for tests of the running server. Registered only when the environment
says ``ENABLE_TEST_ROUTES=1`` (see :func:`app.configure_diagnostics`); never in production.

``GET /_diag/sleep?seconds=1`` runs ``SELECT pg_sleep(:s)`` (PostgreSQL) through SQLAlchemy,
so a test can prove that one slow query does not freeze the other clients under eventlet.

``GET /_diag/handshakes`` lists the Engine.IO requests the server saw (transport, whether they
carried a session id, the websocket upgrade and its ``Sec-WebSocket-Extensions`` offer), so a
test can compare the benchmark's client with a real browser's; ``?clear=1`` empties the list.
``GET /_diag/websocket`` gives the websocket frame counters (app/live/websocket.py).
"""
from __future__ import annotations

import os
import time
from urllib.parse import parse_qs

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("diagnostics", __name__, url_prefix="/_diag")
MAX_SECONDS = 5.0


def enabled(app: Flask) -> bool:
    flag = app.config["ENABLE_TEST_ROUTES"]
    return flag is True or str(flag).strip().lower() in {"1", "true", "yes", "on"}


@bp.get("/sleep")
def sleep():
    seconds = min(max(request.args.get("seconds", 1.0, type=float), 0.0), MAX_SECONDS)
    started = time.monotonic()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_sleep(:s)"), {"s": seconds})
    else:  # SQLite has no sleep; keep the route usable but say so
        return jsonify({"ok": False, "error": "pg_sleep needs PostgreSQL"}), 501
    db.session.rollback()
    return jsonify({"ok": True, "slept": round(time.monotonic() - started, 3),
                    "psycopg_wait_func": os.environ.get("PSYCOPG_WAIT_FUNC", "")})


class HandshakeLog:
    """WSGI middleware that notes each Engine.IO request's handshake facts (last 500)."""

    def __init__(self, wsgi_app, limit: int = 500):
        self.wsgi_app, self.limit, self.entries = wsgi_app, limit, []

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/socket.io"):
            query = parse_qs(environ.get("QUERY_STRING", ""))
            self.entries.append({
                "method": environ.get("REQUEST_METHOD"), "transport": query.get("transport", [""])[0],
                "eio": query.get("EIO", [""])[0], "sid": "sid" in query,
                "upgrade": environ.get("HTTP_UPGRADE", "").lower(),
                "extensions": environ.get("HTTP_SEC_WEBSOCKET_EXTENSIONS"),
                "user_agent": environ.get("HTTP_USER_AGENT", "")})
            del self.entries[:-self.limit]
        return self.wsgi_app(environ, start_response)


@bp.get("/handshakes")
def handshakes():
    log = current_app.extensions["handshake_log"]
    entries = list(log.entries)
    if request.args.get("clear"):
        log.entries.clear()
    return jsonify(entries)


@bp.get("/websocket")
def websocket_stats():
    from app.live.websocket import stats

    return jsonify(stats())


def install_diagnostics(app: Flask) -> None:
    if enabled(app):
        app.register_blueprint(bp)
        app.wsgi_app = app.extensions["handshake_log"] = HandshakeLog(app.wsgi_app)
