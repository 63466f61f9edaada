"""Diagnostic routes for tests of the running server. Registered only when the environment
says ``ENABLE_TEST_ROUTES=1`` (see :func:`app.configure_diagnostics`); never in production.

``GET /_diag/sleep?seconds=1`` runs ``SELECT pg_sleep(:s)`` (PostgreSQL) through SQLAlchemy,
so a test can prove that one slow query does not freeze the other clients under eventlet.
"""
from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, jsonify, request
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


def install_diagnostics(app: Flask) -> None:
    if enabled(app):
        app.register_blueprint(bp)
