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


def install_sqlite_pragmas(engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is durable across process crashes
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
