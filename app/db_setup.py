"""Engine options per database, and SQLite pragmas for a server with concurrent readers."""
import orjson
from sqlalchemy import event


def json_dumps(value) -> str:
    """JSON columns are written on every action (a step's whole state): orjson encodes them
    several times faster than the standard library, which was a quarter of the server's CPU
    at 1,000 participants. Non-string keys become strings, as with ``json.dumps``."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def engine_options(url: str) -> dict:
    json_codec = {"json_serializer": json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        if ":memory:" in url or url in ("sqlite://", "sqlite:///"):
            return json_codec
        # A pool of long-lived connections: closing the last connection to a WAL database
        # checkpoints and fsyncs it, which stalled the whole (green) server on every action.
        return {**json_codec, "pool_size": 5, "max_overflow": 10,
                "connect_args": {"timeout": 15, "check_same_thread": False}}
    return {**json_codec, "pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


def storage_problem(exc: BaseException) -> str | None:
    """``"locked"`` (another process holds the write lock: worth retrying soon), ``"full"``
    (the disk or the database's size limit is reached), or None for any other error."""
    from sqlalchemy.exc import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "database is locked" in text or "database is busy" in text or "lock timeout" in text:
        return "locked"
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return "full"
    return None


def install_sqlite_pragmas(engine, busy_timeout_ms: int = 15000) -> None:
    """WAL and friends on every new connection. ``busy_timeout_ms``: how long a statement
    waits for another process's lock inside SQLite — a wait that, in the green servers, stops
    every other connection too (SQLITE_BUSY_TIMEOUT_MS in app/config.py)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is durable across process crashes
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
