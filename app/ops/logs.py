"""Log lines a person can read: a timestamp, the level and where from, on standard error.

Configured by ``wsgi.py`` (the entry point), never on import, so tests keep pytest's capture.
"""
from __future__ import annotations

import logging
import sys
import time

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Ours, and Socket.IO's own (which otherwise prints bare lines through a handler of its own).
LOGGERS = {"app": None, "plugins": None, "engineio.server": logging.WARNING, "socketio.server": logging.WARNING}


def configure_logging(level: str = "INFO") -> None:
    """Send the app's loggers to standard error with timestamps. Call before ``create_app``:
    engine.io and Socket.IO add their bare handler only to a logger whose level is unset."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for name, own_level in LOGGERS.items():
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(own_level or level)
        logger.propagate = False  # a root handler (gunicorn, systemd wrappers) would repeat each line
        if own_level:  # Socket.IO's message queue logs every failed publish while Redis is away
            logger.filters = [RepeatFilter()]


class RepeatFilter(logging.Filter):
    """Drop a line identical to one let through less than ``seconds`` ago."""

    def __init__(self, seconds: float = 10.0):
        super().__init__()
        self.seconds, self.last = seconds, {}

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = (record.levelno, record.getMessage()), time.monotonic()
        if now - self.last.get(key, float("-inf")) < self.seconds:
            return False
        if len(self.last) > 1000:  # bounded: lines with ids in them are all different
            self.last.clear()
        self.last[key] = now
        return True


class Throttled:
    """Log one failing dependency at most once every ``seconds``: a Redis that went away must
    not write a traceback every broadcast interval (150 ms). Says how many were held back."""

    def __init__(self, logger: logging.Logger, seconds: float = 10.0):
        self.logger, self.seconds = logger, seconds
        self.last: dict[str, float] = {}
        self.held: dict[str, int] = {}

    def warning(self, key: str, message: str, exc: BaseException | None = None) -> None:
        now = time.monotonic()
        if now - self.last.get(key, float("-inf")) < self.seconds:
            self.held[key] = self.held.get(key, 0) + 1
            return
        self.last[key] = now
        held = self.held.pop(key, 0)
        detail = f" ({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''})" \
            if exc is not None else ""
        more = f" [{held} more like this since the last report]" if held else ""
        self.logger.warning("%s%s%s", message, detail, more)
