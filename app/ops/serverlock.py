"""One serving process per SQLite file when there is no Redis.

Without ``REDIS_URL`` each process keeps its own broadcast state: a second server on the same
SQLite file would accept changes that the first one's clients never see live. The serving
process therefore holds an exclusive lock on a file next to the database for as long as it
runs (the operating system drops it when the process ends, even on a crash), and a second one
refuses to start.
"""
from __future__ import annotations

import os
from pathlib import Path

from app.config import ConfigError

_held = []  # the open lock file: closing it (or exiting) releases the lock


def lock_path(database: str) -> Path:
    path = Path(database).resolve()
    return path.with_name(path.name + ".server-lock")


def hold_sqlite_lock(config) -> None:
    """Take the lock for ``config``'s SQLite database, or raise :class:`ConfigError`."""
    from sqlalchemy.engine import make_url

    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or config.get("REDIS_URL") or url.database in (None, "", ":memory:"):
        return
    try:
        import fcntl
    except ImportError:  # not on POSIX: nothing to lock with; docs/deploy.md says one process
        return
    path = lock_path(url.database)
    handle = open(path, "a+")  # noqa: SIM115  (held open for the life of the process)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        other = handle.read().strip() or "another process"
        handle.close()
        raise ConfigError(f"another Common Ground server (pid {other}) is already serving {url.database}; "
                          "stop it first, or set REDIS_URL and DATABASE_URL=postgresql://… to run several "
                          "processes (docs/deploy.md)") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _held.append(handle)
