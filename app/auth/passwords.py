"""Hashing and checking facilitator passwords: off the event loop, a bounded few at a time,
and in the same time whether or not the account exists."""
from __future__ import annotations

import secrets
import threading

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

from app.blocking import run_blocking

_dummy_hash: str | None = None
_slots: dict[int, threading.BoundedSemaphore] = {}


def hash_password(password: str) -> str:
    """The stored form of ``password`` (werkzeug's scrypt), computed on a worker thread."""
    with _slot():
        return run_blocking(generate_password_hash, password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``. With no hash (no such account) it checks
    against a dummy hash anyway and answers False, so an unknown email costs as long as a
    known one and the answer's timing can't tell strangers who has an account."""
    with _slot():
        if stored_hash is None:
            run_blocking(_check_against_dummy, password)
            return False
        return run_blocking(check_password_hash, stored_hash, password)


def _check_against_dummy(password: str) -> bool:
    global _dummy_hash
    if _dummy_hash is None:  # made once, the same way as real hashes, so it costs the same
        _dummy_hash = generate_password_hash(secrets.token_urlsafe(16))
    return check_password_hash(_dummy_hash, password)


def _slot() -> threading.BoundedSemaphore:
    """At most PASSWORD_HASH_CONCURRENCY hashes at once, so a burst of logins leaves a core
    for the event loop. Under eventlet/gevent the semaphore is green (wsgi.py patched
    ``threading`` before this module was imported): waiting for a slot blocks nobody else."""
    size = current_app.config["PASSWORD_HASH_CONCURRENCY"] if has_app_context() else 1
    if size not in _slots:
        _slots[size] = threading.BoundedSemaphore(size)
    return _slots[size]
