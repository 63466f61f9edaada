"""Engine.IO sessions that have not connected to Socket.IO yet, counted per address.

An Engine.IO handshake (``GET /socket.io/?EIO=4&transport=polling``) creates a session before
anyone has said who they are, and it lives until the ping timeout (40 s) if nothing follows:
6,000 handshakes in 20 s from one client held +52 MB. A browser sends its Socket.IO connect
(with its token) within milliseconds of the handshake, so at most a handful are ever pending
per address, even for a whole venue behind one address. So: at most
``HANDSHAKES_PER_ADDRESS`` pending at once per address (more are refused with 401 and a
sentence), and a session still unauthenticated after ``HANDSHAKE_TIMEOUT`` seconds is closed.
A refused Socket.IO connect (a wrong token) leaves its session pending, so it expires too.
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


class PendingHandshakes:
    def __init__(self, per_address: int, timeout: float):
        self.per_address, self.timeout = per_address, timeout
        self.sessions: dict[str, tuple[str, float]] = {}  # eio sid -> (address, since); oldest first
        self.by_address: dict[str, int] = {}

    def open(self, sid: str, address: str) -> bool:
        """Count a new session; False when its address already has too many pending."""
        if self.by_address.get(address, 0) >= self.per_address:
            return False
        self.sessions[sid] = (address, time.monotonic())
        self.by_address[address] = self.by_address.get(address, 0) + 1
        return True

    def done(self, sid: str) -> None:
        """The session authenticated, or closed: it no longer counts."""
        entry = self.sessions.pop(sid, None)
        if entry is None:
            return
        address = entry[0]
        left = self.by_address.get(address, 1) - 1
        if left > 0:
            self.by_address[address] = left
        else:
            self.by_address.pop(address, None)

    def expired(self) -> list[str]:
        """Sessions pending longer than the timeout (forgotten here; the caller closes them)."""
        cutoff, old = time.monotonic() - self.timeout, []
        for sid, (_address, since) in list(self.sessions.items()):
            if since > cutoff:
                break  # insertion order is age order
            old.append(sid)
            self.done(sid)
        return old


def install(app, socketio) -> None:
    """Wrap the Engine.IO server's connect and disconnect handlers with the count."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    pending = PendingHandshakes(app.config["HANDSHAKES_PER_ADDRESS"], app.config["HANDSHAKE_TIMEOUT"])
    app.extensions["pending_handshakes"] = pending
    eio = socketio.server.eio
    on_connect, on_disconnect = eio.handlers["connect"], eio.handlers["disconnect"]

    def connect(sid, environ):
        for old in pending.expired():
            _close(eio, old)
        if not pending.open(sid, environ.get("REMOTE_ADDR") or "unknown"):
            with app.app_context(), force_locale(_language(environ)):
                return _("Too many connections are starting from your address: wait a few seconds and reload.")
        return on_connect(sid, environ)

    def disconnect(sid, *args):
        pending.done(sid)
        return on_disconnect(sid, *args)

    eio.on("connect", connect)
    eio.on("disconnect", disconnect)


def authenticated(app, socketio, sid: str) -> None:
    """A Socket.IO connection (``sid``) was accepted: its Engine.IO session no longer counts."""
    pending = app.extensions.get("pending_handshakes")
    if pending is not None:
        pending.done(socketio.server.manager.eio_sid_from_sid(sid, "/"))


def _language(environ) -> str:
    """No request context yet: the browser's Accept-Language decides."""
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    from app.i18n import LANGUAGES

    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    return accepted.best_match(list(LANGUAGES)) or "en"


def _close(eio, sid: str) -> None:
    try:
        eio.disconnect(sid)
    except Exception:  # already gone: nothing to close
        log.debug("pending session %s was already closed", sid)
