"""Configuration from environment variables, with safe defaults."""
import os
import secrets
from pathlib import Path


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


def load_config(instance_path: str) -> dict:
    """Build the Flask config dict from the environment."""
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'common_ground.db'}"
    if db_url.startswith("postgresql://") or db_url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would pick psycopg2.
        db_url = "postgresql+psycopg://" + db_url.split("://", 1)[1]
    enabled = os.environ.get("EXERCISES", "").strip()
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": db_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # Keeps several deployments (or test runs) on one Redis apart.
        "REDIS_PREFIX": os.environ.get("REDIS_PREFIX", "cg"),
        "ASYNC_MODE": os.environ.get("ASYNC_MODE", "eventlet"),
        "HOST": os.environ.get("HOST", "127.0.0.1"),
        "PORT": int(os.environ.get("PORT", "5000")),
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
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "JOIN_RATE_LIMIT": int(os.environ.get("JOIN_RATE_LIMIT", "10")),
        "RETENTION_DAYS": int(os.environ.get("RETENTION_DAYS", "365")),
        # Simultaneous connections one server process accepts (eventlet's own default is 1,024:
        # a room of a thousand phones plus the console, the screen and page loads would queue).
        "MAX_CONNECTIONS": int(os.environ.get("MAX_CONNECTIONS", "5000")),
        "BROADCAST_INTERVAL": float(os.environ.get("BROADCAST_INTERVAL", "0.15")),
        # Phones get the room's patches at most this often; the facilitator and the screen get
        # them every BROADCAST_INTERVAL. A patch to the phones is one message per phone, the
        # dominant cost with a thousand in the room (docs/performance.md).
        "PARTICIPANT_BROADCAST_INTERVAL": float(os.environ.get("PARTICIPANT_BROADCAST_INTERVAL", "0.3")),
        "SOCKET_MAX_MESSAGE_BYTES": 64 * 1024,
        "ACTION_RATE": float(os.environ.get("ACTION_RATE", "8")),
        "ACTION_BURST": int(os.environ.get("ACTION_BURST", "30")),
        # Throttled actions in a row after which a connection is dropped as a flood.
        "FLOOD_DISCONNECT_AFTER": int(os.environ.get("FLOOD_DISCONNECT_AFTER", "20")),
        # ...and for how long that participant's new connections are then refused.
        "FLOOD_PENALTY_SECONDS": float(os.environ.get("FLOOD_PENALTY_SECONDS", "10")),
        # The room screen turns to its next page of items after this many seconds (unless the
        # facilitator pauses it); 0 turns pages only when the facilitator does.
        "SCREEN_ROTATE_SECONDS": float(os.environ.get("SCREEN_ROTATE_SECONDS", "15")),
        # Only for tests of the running server: registers /_diag/* (app/diagnostics.py).
        "ENABLE_TEST_ROUTES": _bool("ENABLE_TEST_ROUTES", False),
    }
