"""Run CPU-heavy work (password hashing, a PDF, a Word file) off the event loop.

Under eventlet or gevent every request shares one OS thread: rendering a long PDF there would
freeze every socket of every room for seconds, and a 200 ms scrypt per login stalls every phone
(issue 24 measured a participant's ack p95 going from 22 ms to 1,031 ms under six logins a
second; ``hashlib.scrypt`` releases the GIL, so on a worker thread it costs the loop only a
share of the CPU). :func:`run_blocking` hands the work to a real
OS thread (``eventlet.tpool`` or gevent's thread pool) and yields to the loop until it is done;
while it runs, the hub gets the interpreter back at every GIL switch interval. Without
monkey-patching (the ``threading`` test server, ``flask`` commands) it simply calls the function.

The worker runs in a copy of the caller's context, so Flask's app/request context and the
locale chosen for the request (Flask-Babel) are the same there.
"""
from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_blocking(function: Callable[..., T], *args) -> T:
    """``function(*args)`` in an OS thread when the process is green; its result or its exception."""
    call = contextvars.copy_context().run
    if _patched_by("eventlet"):
        from eventlet import tpool

        return tpool.execute(call, function, *args)
    if _patched_by("gevent"):
        import gevent

        return gevent.get_hub().threadpool.apply(call, (function, *args))
    return call(function, *args)


def _patched_by(library: str) -> bool:
    """Whether ``library`` has monkey-patched ``threading`` (only wsgi.py or gunicorn does that)."""
    if library not in sys.modules:
        return False
    if library == "eventlet":
        from eventlet import patcher

        return patcher.is_monkey_patched("thread")
    from gevent import monkey

    return monkey.is_module_patched("threading")
