"""One log line per connection, disconnection, refused change and socket error, each with its
workshop id, and the metrics of acknowledgements."""
from __future__ import annotations

import functools
import logging
import time

from flask import request

from app.ops import metrics

log = logging.getLogger("app.live")


def connected(sid: str, connection) -> None:
    metrics.CONNECTED.inc()
    log.info("workshop %s: %s %s connected (%s)", connection.workshop_id, connection.role, connection.actor.id, sid)


def disconnected(sid: str, connection) -> None:
    metrics.CONNECTED.dec()
    log.info("workshop %s: %s %s disconnected (%s)", connection.workshop_id, connection.role,
             connection.actor.id, sid)


def refused_connection(auth, reason: str) -> None:
    workshop = auth.get("workshop") if isinstance(auth, dict) else None
    log.info("workshop %s: connection refused: %s", workshop, reason)


def observed(kind: str):
    """Wrap the ``act`` / ``control`` handler: time its acknowledgement, count it, and log a refusal."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(message=None):
            started = time.perf_counter()
            ack = handler(message)
            metrics.ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)
            accepted = isinstance(ack, dict) and bool(ack.get("ok"))
            metrics.ACTIONS.labels(kind, "accepted" if accepted else "refused").inc()
            if not accepted:
                _log_refusal(kind, message, ack)
            return ack

        return wrapper

    return decorate


def _log_refusal(kind: str, message, ack) -> None:
    from app.live.presence import get_presence

    connection = get_presence().get(request.sid)
    what = message.get("type") or message.get("command") if isinstance(message, dict) else None
    ack = ack if isinstance(ack, dict) else {}
    log.info("workshop %s: %s %s by %s refused (%s): %s", connection.workshop_id if connection else None, kind,
             what, connection.actor.id if connection else request.sid, ack.get("code"), ack.get("error"))


def socket_error(exc: BaseException):
    """Socket.IO's default error handler: log with the workshop, then let the error go on as
    before (no acknowledgement, so the client keeps the change and sends it again)."""
    from app.live.presence import get_presence

    connection = get_presence().get(request.sid)
    log.error("workshop %s: error in socket event %s from %s", connection.workshop_id if connection else None,
              request.event.get("message") if hasattr(request, "event") else "?",
              connection.actor.id if connection else request.sid, exc_info=exc)
    raise exc
