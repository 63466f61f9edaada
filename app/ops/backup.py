"""``flask --app wsgi backup PATH``: a consistent copy of a live SQLite database.

Copying the file with ``cp`` while the server runs misses what is still in the write-ahead log
(``-wal``), so committed changes were lost. SQLite's online backup API copies the database as
one consistent snapshot, WAL included, while the server keeps writing.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupRefused(Exception):
    """Why no backup was written; the message says what to do instead."""


def backup_sqlite(database_uri: str, target: Path) -> int:
    """Copy the SQLite database at ``database_uri`` to ``target`` (which must not exist yet).
    Returns the size of the copy in bytes."""
    url = make_url(database_uri)
    if url.get_backend_name() == "postgresql":
        raise BackupRefused(
            f"the database is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom "
            f"--file={target} '{url.set(drivername='postgresql').render_as_string(hide_password=True)}' "
            "(restore: pg_restore --clean --dbname=… FILE; docs/deploy.md)")
    if url.database in (None, "", ":memory:"):
        raise BackupRefused("the database is in memory: there is nothing on disk to back up")
    if target.exists():
        raise BackupRefused(f"{target} already exists; choose a new file name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise BackupRefused(f"the folder {target.parent} does not exist")
    source = sqlite3.connect(url.database, timeout=15)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)  # one step: a snapshot of one moment, even while the server writes
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()
    return target.stat().st_size
