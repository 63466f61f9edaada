"""The Redis store under load (issue 25): a busy pool makes callers wait instead of failing (it
raised MaxConnectionsError, logged as "redis unavailable" while Redis was healthy), pending
marks survive a second pusher, and presence is published once per flush, not per connect."""
import logging
import threading
import uuid

import pytest

from app.live.store import RedisStore
from tests.services import redis_url  # noqa: F401  (fixture)


@pytest.fixture
def store(redis_url):  # noqa: F811
    store = RedisStore(redis_url, prefix=f"cg-test-{uuid.uuid4().hex[:8]}")
    yield store
    for key in store.redis.scan_iter(store.prefix + ":*"):
        store.redis.delete(key)
    store.redis.connection_pool.disconnect()


def test_a_busy_pool_makes_a_mark_wait_not_fail(store, caplog):
    pool = store.redis.connection_pool
    held = [pool.get_connection() for _ in range(pool.max_connections)]  # every connection in use
    done = threading.Event()
    worker = threading.Thread(target=lambda: (store.mark(7, "p:1"), done.set()), daemon=True)
    with caplog.at_level(logging.WARNING, logger="app.live.store"):
        worker.start()
        assert not done.wait(0.5), "the mark did not wait for a connection"  # waiting, not failed
        pool.release(held.pop())
        assert done.wait(10)
        worker.join(10)
    for connection in held:
        pool.release(connection)
    assert "redis unavailable" not in caplog.text
    assert store.pending == {}
    assert store.dirty_workshops() == [7]
    assert store.take(7) == {"p:1"}


def test_pending_marks_survive_a_second_pusher(store):
    store.pending = {1: {"p:1"}, 2: {"p:2"}}
    real_mark, calls = store._mark, []

    def mark_while_another_pushes(workshop_id, actor_id):
        calls.append((workshop_id, actor_id))
        if len(calls) == 1:  # another green thread runs while this one waits on Redis
            store._push_pending()
        real_mark(workshop_id, actor_id)

    store._mark = mark_while_another_pushes
    store._push_pending()  # raised KeyError on ``del self.pending[workshop_id]``
    store._mark = real_mark
    assert store.pending == {}
    assert sorted(store.dirty_workshops()) == [1, 2]
    assert store.take(1) == {"p:1"} and store.take(2) == {"p:2"}


def test_presence_is_published_once_per_flush(store):
    published = []
    store._publish_presence = lambda: published.append(dict(store.online_actors))
    for i in range(50):
        store.connect(3, f"p:{i}")
    assert published == []
    store.tick()
    store.tick()
    assert len(published) == 1 and len(published[0][3]) == 50


def _doc_fetches(store):
    """Count the full-document GETs this store sends (the version key's GETs are not counted)."""
    fetched = []
    get = store.redis.get

    def counting(key):
        if ":doc:" in key:
            fetched.append(key)
        return get(key)

    store.redis.get = counting
    return fetched


def test_a_document_this_process_holds_is_not_fetched_again(store):
    store.set_doc(3, "participant", 41, {"notes": {"n1": {"dots": 2}}})
    fetched = _doc_fetches(store)
    assert store.get_doc(3, "participant") == (41, {"notes": {"n1": {"dots": 2}}})
    assert store.get_doc(3, "participant") == (41, {"notes": {"n1": {"dots": 2}}})
    assert fetched == []


def test_a_newer_document_from_another_process_is_fetched(store, redis_url):  # noqa: F811
    other = RedisStore(redis_url, prefix=store.prefix)
    store.set_doc(3, "participant", 41, {"v": "mine"})
    other.set_doc(3, "participant", 42, {"v": "theirs"})  # the flush lock moved to the other process
    fetched = _doc_fetches(store)
    assert store.get_doc(3, "participant") == (42, {"v": "theirs"})
    assert len(fetched) == 1
    assert store.get_doc(3, "participant") == (42, {"v": "theirs"})  # held now: not fetched again
    assert len(fetched) == 1
    other.forget(3)
    assert store.get_doc(3, "participant") is None  # forgotten everywhere: a new chain starts
    other.redis.connection_pool.disconnect()
