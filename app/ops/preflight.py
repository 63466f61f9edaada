"""Checks before serving (and before ``flask --app wsgi db upgrade``): what cannot work stops
start-up with one line naming the setting and the fix, not a traceback or a server that
answers 500."""
from __future__ import annotations

from flask import Flask

from app.config import ConfigError

TIMEOUT_SECONDS = 5


def check_database(url: str) -> None:
    """PostgreSQL must answer (SQLite needs no server; its folder was checked with the setting)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": TIMEOUT_SECONDS})
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise ConfigError(f"DATABASE_URL: cannot reach PostgreSQL at {parsed.host or 'localhost'}:"
                          f"{parsed.port or 5432}/{parsed.database} ({reason}); start PostgreSQL, create "
                          "the database, or fix DATABASE_URL") from None
    finally:
        engine.dispose()


def check_redis(url: str | None) -> None:
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    except redis.RedisError as exc:
        where = url.split("@")[-1]  # no password in the message
        raise ConfigError(f"REDIS_URL: cannot reach Redis at {where} ({exc}); start Redis, or unset REDIS_URL "
                          "to run a single process without it") from None
    finally:
        client.close()


def preflight(app: Flask, serving: bool) -> None:
    """Raise :class:`ConfigError` for a database (and, to serve, a Redis) that cannot be used,
    and, to serve, for a second process on the same SQLite file."""
    check_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if serving:
        check_redis(app.config.get("REDIS_URL"))
        from app.ops.serverlock import hold_sqlite_lock

        hold_sqlite_lock(app.config)
