"""Run CPU-heavy work (password hashing) on a real OS thread, off the event loop.

Under eventlet or gevent every request and socket event shares one thread: a 200 ms scrypt
there stalls every phone in the room for 200 ms (issue 24 measured a participant's ack p95
going from 22 ms to 1,031 ms under six logins a second). ``hashlib.scrypt`` releases the GIL,
so on a worker thread it costs the loop nothing but a share of the CPU.

The pool is the async framework's own (``eventlet.tpool`` / gevent's hub threadpool), chosen by
``ASYNC_MODE``. Nothing is monkey-patched here: ``wsgi.py`` does that. A process that was not
patched (the ``flask`` CLI, tests with ``ASYNC_MODE=threading``) simply runs the call in place.
"""
from __future__ import annotations

from flask import current_app, has_app_context


def run_blocking(fn, *args):
    """``fn(*args)`` on a worker thread when the server runs on a green event loop."""
    mode = current_app.config.get("ASYNC_MODE") if has_app_context() else None
    if mode == "eventlet" and _eventlet_patched():
        from eventlet import tpool

        return tpool.execute(fn, *args)
    if mode == "gevent" and _gevent_patched():
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args)
    return fn(*args)


def _eventlet_patched() -> bool:
    try:
        from eventlet import patcher
    except ImportError:
        return False
    return patcher.is_monkey_patched("thread")


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("threading")
