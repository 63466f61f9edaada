"""A small in-memory sliding-window counter of failed join attempts per client address.

Kept in process memory on purpose: addresses are personal data and never go to the database.
With several processes each keeps its own window, which still bounds guessing per process.
"""
from __future__ import annotations

import threading
import time
from collections import deque


class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds per key."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 10_000, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def is_limited(self, key: str) -> bool:
        """True when ``key`` has used up its attempts in the current window."""
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def count(self, key: str) -> int:
        """Events for ``key`` in the current window."""
        with self._lock:
            return len(self._recent(key)) if key in self._events else 0

    def hit(self, key: str) -> None:
        """Record one event for ``key``."""
        with self._lock:
            if key not in self._events and len(self._events) >= self.max_keys:
                self._forget_idle()
            self._recent(key).append(self.clock())

    def _recent(self, key: str) -> deque:
        events = self._events.setdefault(key, deque())
        cutoff = self.clock() - self.window
        while events and events[0] <= cutoff:
            events.popleft()
        return events

    def _forget_idle(self) -> None:
        """Drop keys with nothing in the window, so memory stays bounded under a flood."""
        cutoff = self.clock() - self.window
        for key in [k for k, events in self._events.items() if not events or events[-1] <= cutoff]:
            del self._events[key]
        if len(self._events) >= self.max_keys:  # still full: forget the oldest one
            oldest = min(self._events, key=lambda k: self._events[k][-1])
            del self._events[oldest]
