"""Common Ground: the application factory, read as a list of ``configure_*`` steps."""
from __future__ import annotations

import os

from flask import Flask

from app.config import load_config
from app.extensions import csrf, db, login_manager, migrate, socketio


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app. ``overrides`` (tests) win over the environment."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    app.config.update(overrides or {})
    configure_database(app)
    configure_auth(app)
    configure_exercises(app)
    configure_i18n(app)
    configure_blueprints(app)
    configure_socketio(app)
    configure_security(app)
    configure_compression(app)
    configure_errors(app)
    configure_cli(app)
    configure_diagnostics(app)
    configure_proxy(app)  # last: it wraps the Socket.IO middleware too
    return app


def configure_database(app: Flask) -> None:
    from app import models  # noqa: F401  (tables must be known before migrate/create_all)
    from app.db_setup import engine_options

    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    from app.db_setup import install_sqlite_pragmas

    with app.app_context():
        install_sqlite_pragmas(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def configure_auth(app: Flask) -> None:
    from app.models import Facilitator

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."

    @login_manager.user_loader
    def load_facilitator(session_id: str):
        # "<id>:<generation>" (Facilitator.get_id): a session from before the last logout or
        # password change names an old generation and no longer logs anyone in.
        facilitator_id, _, generation = session_id.partition(":")
        if not (facilitator_id.isdigit() and generation.isdigit()):
            return None
        facilitator = db.session.get(Facilitator, int(facilitator_id))
        if facilitator is None or facilitator.session_generation != int(generation):
            return None
        return facilitator

    csrf.init_app(app)


def configure_exercises(app: Flask) -> None:
    from app.exercises.registry import discover, select
    from app.exercises.web import install_exercises

    app.extensions["exercises"] = select(discover(app.config["EXERCISES"]), app.config["EXERCISES"])
    install_exercises(app)


def configure_i18n(app: Flask) -> None:
    from app.i18n import configure_i18n as install

    install(app)


def configure_blueprints(app: Flask) -> None:
    from app.blueprints import register_blueprints

    register_blueprints(app)


def configure_socketio(app: Flask) -> None:
    from app.live import events, handshakes, wirejson  # noqa: F401  (events registers the socket handlers)
    from app.live.broadcast import install_broadcaster
    from app.live.turns import client_manager
    from app.origins import socket_origin_check

    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"] if app.config["ASYNC_MODE"] != "threading" else "threading",
        client_manager=client_manager(app.config["REDIS_URL"], f"{app.config['REDIS_PREFIX']}-socketio",
                                      app.config["FANOUT_TURN"]),
        max_http_buffer_size=app.config["SOCKET_MAX_MESSAGE_BYTES"],
        # Same-origin only (Origin against the Host header), plus PUBLIC_URL's origin; never "*".
        cors_allowed_origins=socket_origin_check(app),
        ping_interval=20,
        ping_timeout=20,
        manage_session=False,
        json=wirejson,  # sync replies embed a document encoded once per version (wirejson.py)
    )
    if app.config["ASYNC_MODE"] == "eventlet":
        from app.live.websocket import install

        install(socketio.server.eio, app.config["WEBSOCKET_COMPRESSION"])
    handshakes.install(app, socketio)
    install_broadcaster(app)


def configure_security(app: Flask) -> None:
    from app.security import install_security_headers

    install_security_headers(app)


def configure_proxy(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies (nginx: 1), take the client's address and scheme
    from their X-Forwarded-For / X-Forwarded-Proto headers. Without it the join limiter would
    see every visitor as the proxy's one address; with it set and no proxy in front, anyone
    could pick their address, so it is off (0) by default."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def configure_errors(app: Flask) -> None:
    from app.errors import configure_errors as install_error_pages

    install_error_pages(app)


def configure_compression(app: Flask) -> None:
    """Pages, scripts and styles go out compressed (phones on venue Wi-Fi; §6's 100 KB budget)."""
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
        "image/svg+xml", "text/markdown", "text/calendar"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "deflate"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    Compress(app)

    @app.after_request  # runs before Compress's hook (Flask runs them in reverse order)
    def _buffer_small_files(response):
        # Static files are sent as streams; read the small ones into memory so they are compressed
        # like pages (br/gzip, not only streaming codecs) and their file handle is closed.
        if response.direct_passthrough and response.mimetype in app.config["COMPRESS_MIMETYPES"] \
                and (response.content_length or 0) < 512 * 1024:
            stream = response.response
            data = b"".join(stream)
            if hasattr(stream, "close"):
                stream.close()
            response.direct_passthrough = False
            response.set_data(data)
        return response


def configure_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)


def configure_diagnostics(app: Flask) -> None:
    """Test-only routes (``/_diag/...``), registered only when ``ENABLE_TEST_ROUTES=1``."""
    from app.diagnostics import install_diagnostics

    install_diagnostics(app)


def exercises(app: Flask | None = None) -> dict:
    """The enabled exercises of ``app`` (or the current app), by key."""
    from flask import current_app

    return (app or current_app).extensions["exercises"]
