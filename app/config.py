"""Configuration from environment variables, with safe defaults.

A value that cannot work stops start-up with :class:`ConfigError`: one line that names the
variable and the fix, printed by ``wsgi.py`` instead of a traceback.
"""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ASYNC_MODES = ("eventlet", "gevent", "threading")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(Exception):
    """A setting that cannot work; the message names the variable and how to fix it."""


def _instance_secret(instance_path: str) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it once."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _green() -> bool:
    """True in a monkey-patched server process (wsgi.py, gunicorn's gevent worker)."""
    import socket

    return socket.socket.__module__ != "socket"


def _number(name: str, default, kind=int):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return kind(raw.strip())
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name}={raw!r} is not {what}; set e.g. {name}={default}, or unset it") from None


def _snapshot_every() -> int:
    every = _number("SNAPSHOT_EVERY", 50)
    if every < 1:
        raise ConfigError(f"SNAPSHOT_EVERY={every} must be 1 or more; set e.g. SNAPSHOT_EVERY=50, or unset it")
    return every


def _database_url(instance_path: str) -> str:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'common_ground.db'}"
    if raw.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; plain postgresql:// would pick psycopg2.
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except ArgumentError:  # the URL itself is not echoed: it may hold a password
        raise ConfigError("DATABASE_URL is not a database URL; use postgresql://user:password@host:5432/name "
                          "or sqlite:////absolute/path/file.db, or unset it for instance/common_ground.db") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(f"DATABASE_URL uses {url.get_backend_name()!r}; only postgresql:// and sqlite:/// "
                          "are supported")
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(url.database).parent
        if not folder.is_dir():
            raise ConfigError(f"DATABASE_URL: the folder {folder} of the SQLite file does not exist; "
                              f"create it (mkdir -p {folder}) or fix DATABASE_URL")
    return raw


def _async_mode() -> str:
    mode = os.environ.get("ASYNC_MODE", "eventlet").strip()
    if mode not in ASYNC_MODES:
        raise ConfigError(f"ASYNC_MODE={mode!r} is not one of {', '.join(ASYNC_MODES)}; unset it for eventlet")
    return mode


def log_level() -> str:
    """LOG_LEVEL, read by itself too: ``wsgi.py`` sets up logging before building the app."""
    level = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} is not one of {', '.join(LOG_LEVELS)}; unset it for INFO")
    return level


def _public_url() -> str | None:
    raw = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigError(f"PUBLIC_URL={raw!r} is not an origin like http://192.168.1.20:5000 or "
                          "https://workshops.example.org (no path); fix it or unset it")
    return raw


def _port() -> int:
    port = _number("PORT", 5000)
    if not 0 < port < 65536:
        raise ConfigError(f"PORT={port} is not a TCP port (1-65535); set e.g. PORT=5000")
    return port


def _time_zone() -> str:
    name = os.environ.get("TIME_ZONE", "").strip() or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"TIME_ZONE={name!r} is not a time zone name like Europe/Paris or UTC") from exc
    return name


def _word_list(name: str) -> str | None:
    """A word list file named by ``name`` (app/live/language_filter.py), checked readable now, so
    a mistyped path stops the server at start, not at the first contribution."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        with open(raw, encoding="utf-8") as handle:
            handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}={raw!r} is not a readable UTF-8 text file of words, one a line ({exc})") from exc
    return raw


def load_config(instance_path: str) -> dict:
    """Build the Flask config dict from the environment; raises :class:`ConfigError`."""
    db_url = _database_url(instance_path)
    enabled = os.environ.get("EXERCISES", "").strip()
    # SQLite waits for another process's write lock inside C code, where a green server
    # (eventlet, gevent: monkey-patched) cannot switch: every connection stood still for the
    # whole wait. There it waits 0 ms and live changes retry on the event loop instead
    # (LIVE_WRITE_WAIT_SECONDS); CLI commands and threaded servers keep waiting up to 15 s.
    busy_default = 0 if _green() else 15000
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": db_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # Keeps several deployments (or test runs) on one Redis apart.
        "REDIS_PREFIX": os.environ.get("REDIS_PREFIX", "cg"),
        "ASYNC_MODE": _async_mode(),
        "SQLITE_BUSY_TIMEOUT_MS": _number("SQLITE_BUSY_TIMEOUT_MS", busy_default),
        # How long a live change keeps retrying a locked database before its sender gets an
        # error ack with "retry": true (the browser then resends it by itself).
        "LIVE_WRITE_WAIT_SECONDS": _number("LIVE_WRITE_WAIT_SECONDS", 1.5, float),
        # The time zone dates and times are shown and typed in (a step's window between sessions),
        # e.g. Europe/Paris; they are stored in UTC.
        "BABEL_DEFAULT_TIMEZONE": _time_zone(),
        # An accepted action stores its log row; the step's whole state is written again (as a
        # snapshot) only every this many actions, and reading it replays the rows since
        # (docs/performance.md, issue 25). 1: every action rewrites the state.
        "SNAPSHOT_EVERY": _snapshot_every(),
        "HOST": os.environ.get("HOST", "127.0.0.1"),
        "PORT": _port(),
        # The origin phones and exports use for links and QR codes (e.g. http://192.168.1.20:5000,
        # https://workshops.example.org); None: the address the browser used (docs/joining.md).
        "PUBLIC_URL": _public_url(),
        # Open: anyone who reaches the server can create a facilitator account. Off: invite-only
        # (an existing facilitator adds accounts under Account, or `flask create-facilitator`).
        "OPEN_REGISTRATION": _bool("OPEN_REGISTRATION", True),
        # One line per HTTP request in the server's log (eventlet's access log).
        "ACCESS_LOG": _bool("ACCESS_LOG", False),
        "LOG_LEVEL": log_level(),
        # Set: /metrics serves Prometheus metrics to requests bearing this token; unset: no /metrics.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        # None means every exercise found; otherwise a comma-separated list of keys.
        "EXERCISES": [k.strip() for k in enabled.split(",") if k.strip()] or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SECURE_COOKIES", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        # How many reverse proxies in front set X-Forwarded-For/-Proto (docs/deploy.md); 0: none.
        "TRUSTED_PROXIES": _number("TRUSTED_PROXIES", 0),
        "JOIN_RATE_LIMIT": _number("JOIN_RATE_LIMIT", 10),
        # Wrong rejoin codes a minute against one workshop, from all addresses together.
        "REJOIN_CODE_RATE_LIMIT": _number("REJOIN_CODE_RATE_LIMIT", 30),
        # Logins and registrations (app/auth/throttle.py): failed logins per account and per
        # address, and registrations per address, within AUTH_RATE_WINDOW seconds.
        "LOGIN_ACCOUNT_RATE_LIMIT": _number("LOGIN_ACCOUNT_RATE_LIMIT", 10),
        "LOGIN_ADDRESS_RATE_LIMIT": _number("LOGIN_ADDRESS_RATE_LIMIT", 30),
        "REGISTER_RATE_LIMIT": _number("REGISTER_RATE_LIMIT", 10),
        "AUTH_RATE_WINDOW": _number("AUTH_RATE_WINDOW", 300, float),
        # Password hashes computed at once (app/auth/passwords.py); the rest wait their turn,
        # so a burst of logins leaves the event loop a core of its own.
        "PASSWORD_HASH_CONCURRENCY": _number("PASSWORD_HASH_CONCURRENCY", 1),
        "RETENTION_DAYS": _number("RETENTION_DAYS", 365),
        # Simultaneous connections one server process accepts (eventlet's own default is 1,024:
        # a room of a thousand phones plus the console, the screen and page loads would queue).
        "MAX_CONNECTIONS": _number("MAX_CONNECTIONS", 5000),
        # Sockets one participant (phone tabs) or one facilitator (consoles, screens) may hold in
        # one process; one more is refused with a sentence (docs/protocol.md).
        "SOCKETS_PER_PARTICIPANT": _number("SOCKETS_PER_PARTICIPANT", 5),
        "SOCKETS_PER_FACILITATOR": _number("SOCKETS_PER_FACILITATOR", 20),
        # Engine.IO sessions not yet authenticated, per address (app/live/handshakes.py), and how
        # long one may stay so before it is closed.
        "HANDSHAKES_PER_ADDRESS": _number("HANDSHAKES_PER_ADDRESS", 200),
        "HANDSHAKE_TIMEOUT": _number("HANDSHAKE_TIMEOUT", 10, float),
        # A request line and headers must arrive within this many seconds (slowloris), under
        # eventlet (wsgi.py); gunicorn's gevent worker bounds them by its --keep-alive (2 s).
        "HTTP_HEADER_TIMEOUT": _number("HTTP_HEADER_TIMEOUT", 10, float),
        "BROADCAST_INTERVAL": _number("BROADCAST_INTERVAL", 0.15, float),
        # How often the broadcaster looks for step windows between sessions that opened or
        # closed, to show or withdraw those steps on the phones (app/live/window_clock.py).
        "WINDOW_CHECK_SECONDS": _number("WINDOW_CHECK_SECONDS", 15.0, float),
        # Phones get the room's patches at most this often; the facilitator and the screen get
        # them every BROADCAST_INTERVAL. A patch to the phones is one message per phone, the
        # dominant cost with a thousand in the room (docs/performance.md).
        "PARTICIPANT_BROADCAST_INTERVAL": _number("PARTICIPANT_BROADCAST_INTERVAL", 0.3, float),
        # ...stretched up to this when the server is saturated (broadcast.Cadence): phones then
        # get fewer, larger patches while acknowledgements keep going out quickly. 1 s: every
        # phone must still show a burst's final tally within about a second (DESIGN.md §6).
        "PARTICIPANT_BROADCAST_MAX_INTERVAL": _number("PARTICIPANT_BROADCAST_MAX_INTERVAL", 1.0, float),
        # A message to a room is queued on this many sockets at a time, the event loop running
        # between turns, so acknowledgements are not held behind a patch to 2,000 phones
        # (app/live/turns.py); 0 queues on every socket in one go (python-socketio's own way).
        "FANOUT_TURN": _number("FANOUT_TURN", 100),
        "SOCKET_MAX_MESSAGE_BYTES": 64 * 1024,
        # permessage-deflate under eventlet: "shared" compresses each large frame once for every
        # socket, "off" declines it, "per-socket" is eventlet's own (app/live/websocket.py).
        "WEBSOCKET_COMPRESSION": os.environ.get("WEBSOCKET_COMPRESSION", "shared"),
        "ACTION_RATE": _number("ACTION_RATE", 8, float),
        "ACTION_BURST": _number("ACTION_BURST", 30),
        # Whole-document syncs per actor: a client asks on (re)connect and on a gap, rarely more.
        "SYNC_RATE": _number("SYNC_RATE", 1, float),
        "SYNC_BURST": _number("SYNC_BURST", 10),
        # Facilitator controls per facilitator (keyboard shortcuts make bursts).
        "CONTROL_RATE": _number("CONTROL_RATE", 5, float),
        "CONTROL_BURST": _number("CONTROL_BURST", 30),
        # Throttled actions in a row after which a connection is dropped as a flood.
        "FLOOD_DISCONNECT_AFTER": _number("FLOOD_DISCONNECT_AFTER", 20),
        # ...and for how long that participant's new connections are then refused.
        "FLOOD_PENALTY_SECONDS": _number("FLOOD_PENALTY_SECONDS", 10, float),
        # Start the broadcaster's flush loop with the first socket connection; tests that flush
        # by hand switch it off.
        "BROADCASTER_AUTOSTART": _bool("BROADCASTER_AUTOSTART", True),
        # How often (seconds) a socket's permissions are re-checked against the database, at its
        # next event (app/live/revocation.py). Revocations in this process act at once.
        "REVOCATION_RECHECK_SECONDS": _number("REVOCATION_RECHECK_SECONDS", 1, float),
        # The room screen turns to its next page of items after this many seconds (unless the
        # facilitator pauses it); 0 turns pages only when the facilitator does.
        "SCREEN_ROTATE_SECONDS": _number("SCREEN_ROTATE_SECONDS", 15, float),
        # The offensive-language filter's extra words and never-flagged words: files, one word a
        # line (app/live/language_filter.py, docs/deploy.md).
        "LANGUAGE_FILTER_WORDS": _word_list("LANGUAGE_FILTER_WORDS"),
        "LANGUAGE_FILTER_ALLOW": _word_list("LANGUAGE_FILTER_ALLOW"),
        # Only for tests of the running server: registers /_diag/* (app/diagnostics.py).
        "ENABLE_TEST_ROUTES": _bool("ENABLE_TEST_ROUTES", False),
    }
