"""Per-actor token buckets for socket events: a flood from one phone is throttled, not served.

Memory stays bounded: a bucket idle long enough to have refilled is the same as a new one, so
it is dropped (buckets are kept in order of last use, and the oldest are looked at on every
call, which costs O(1) on average). ``max_keys`` caps the table even under a burst of new keys.
"""
from __future__ import annotations

import time
from collections import OrderedDict


class TokenBucket:
    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Limiter:
    def __init__(self, rate: float, burst: int, max_keys: int = 100_000):
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self.buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        # After this long unused, a bucket has refilled to ``burst``: forgetting it changes nothing.
        self.refill_seconds = burst / rate if rate > 0 else float("inf")

    def allow(self, key: str) -> bool:
        self._evict()
        bucket = self.buckets.pop(key, None)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst)
        self.buckets[key] = bucket  # now the most recently used
        return bucket.take()

    def _evict(self) -> None:
        cutoff = time.monotonic() - self.refill_seconds
        while self.buckets:
            key, oldest = next(iter(self.buckets.items()))
            if oldest.stamp > cutoff and len(self.buckets) < self.max_keys:
                return
            del self.buckets[key]
