"""Per-actor rate buckets: the limit itself, and memory that stays bounded (a bucket idle long
enough to refill is forgotten, which changes nothing for its actor)."""
import pytest

from app.live import ratelimit
from app.live.ratelimit import Limiter


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: now[0])
    return now


def test_a_burst_then_the_rate(clock):
    limiter = Limiter(rate=2, burst=3)
    assert [limiter.allow("p:1") for _ in range(4)] == [True, True, True, False]
    clock[0] += 0.5
    assert limiter.allow("p:1") is True
    assert limiter.allow("p:1") is False
    assert limiter.allow("p:2") is True  # another actor has its own bucket


def test_ten_thousand_actors_leave_no_buckets_behind(clock):
    limiter = Limiter(rate=8, burst=30)
    for i in range(10_000):
        assert limiter.allow(f"p:{i}")
    assert len(limiter.buckets) == 10_000
    clock[0] += 30 / 8 + 0.01  # long enough for every bucket to be full again
    assert limiter.allow("p:new")
    assert len(limiter.buckets) == 1


def test_an_idle_actor_is_forgotten_only_once_its_bucket_is_full_again(clock):
    limiter = Limiter(rate=1, burst=2)
    assert limiter.allow("p:1") and limiter.allow("p:1") and not limiter.allow("p:1")
    clock[0] += 1  # one token back, not two: the bucket must be kept
    assert limiter.allow("p:2")
    assert "p:1" in limiter.buckets
    assert limiter.allow("p:1") and not limiter.allow("p:1")


def test_the_table_is_capped_even_under_a_burst_of_new_keys(clock):
    limiter = Limiter(rate=1, burst=5, max_keys=100)
    for i in range(1_000):
        limiter.allow(f"p:{i}")
    assert len(limiter.buckets) <= 100
