"""The address the room uses: absolute links (join link, QR code, printed links) and the
origins Socket.IO accepts.

Without ``PUBLIC_URL`` a link is built from the address the browser used, so a console opened
at ``http://127.0.0.1:5000`` would put a loopback address in the QR code, which no phone can
open. ``PUBLIC_URL`` fixes the origin once for every link, whatever address the laptop used.
"""
from __future__ import annotations

from flask import Flask, current_app, url_for

from app.ops.netinfo import is_loopback_url


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint``: on ``PUBLIC_URL`` when set, else on the request's host."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def join_url(workshop) -> str:
    """The short link participants open (and the QR code holds)."""
    return external_url("join.code", code=workshop.join_code)


def join_link_is_loopback(workshop) -> bool:
    """True when the join link points at the facilitator's own machine: phones can't use it."""
    return is_loopback_url(join_url(workshop))


def same_origins(environ: dict) -> list[str]:
    """The origins the request itself came through (as engine.io's default check computes them)."""
    origins = []
    host = environ.get("HTTP_HOST")
    if host:
        origins.append(f"{environ.get('wsgi.url_scheme', 'http')}://{host}")
        if "HTTP_X_FORWARDED_PROTO" in environ or "HTTP_X_FORWARDED_HOST" in environ:
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", environ.get("wsgi.url_scheme", "http"))
            forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", host)
            origins.append(f"{scheme.split(',')[0].strip()}://{forwarded_host.split(',')[0].strip()}")
    return origins


def socket_origin_check(app: Flask):
    """For ``cors_allowed_origins``: same-origin, plus ``PUBLIC_URL``'s origin; nothing else.
    (A page opened on PUBLIC_URL behind a proxy that rewrites Host still connects.)"""

    def allowed(origin: str | None, environ: dict | None = None) -> bool:
        if origin is None:
            return True  # not a browser page: engine.io only checks Origin when one is sent
        public = app.config.get("PUBLIC_URL")
        return origin == public or origin in same_origins(environ or {})

    return allowed

