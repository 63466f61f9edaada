"""Request handlers for operators."""
from __future__ import annotations

import hmac
import logging

from flask import abort, current_app, jsonify, request
from sqlalchemy import text

from app.extensions import db
from app.ops.logs import Throttled
from app.version import VERSION

log = logging.getLogger(__name__)
_failures = Throttled(log)


def healthz():
    """200 when the database (and Redis, when configured) answer, else 503; JSON either way.
    The body says which dependency fails but not why (it is public): the log says why."""
    checks = {"database": _check("database", _database)}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check("redis", _redis)
    healthy = all(state == "ok" for state in checks.values())
    response = jsonify({"status": "ok" if healthy else "failing", "version": VERSION, "checks": checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _check(name: str, probe) -> str:
    try:
        probe()
    except Exception as exc:  # any failure of a dependency is "failing", never a 500
        _failures.warning(name, f"health check: {name} is failing", exc)
        return "failing"
    return "ok"


def _database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.remove()


def _redis() -> None:
    import redis

    client = current_app.extensions.get("health_redis")
    if client is None:
        client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2)
        current_app.extensions["health_redis"] = client
    client.ping()


def metrics():
    """Prometheus text format, only with ``METRICS_TOKEN`` set and sent as a bearer token."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    sent = request.headers.get("Authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        abort(401)
    return generate_latest(), 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}
