"""Where the broadcaster keeps its shared state: dirty marks, the last document per audience,
a per-workshop flush lock, and who is online.

``LocalStore`` serves one process. ``RedisStore`` lets several server processes (behind a
sticky load balancer, with Redis as the Socket.IO message queue) share it, so that exactly one
process flushes a workshop per interval and every process serves the same patch chain.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from contextlib import contextmanager

import orjson

from app.ops.logs import Throttled

log = logging.getLogger(__name__)
# Redis away fails every mark, flush and page: one line per kind every few seconds, no traceback.
unavailable = Throttled(log)
LOCK_MS = 5000
#: How long Redis keeps a workshop's last documents without a flush (a week: a paused workshop).
DOC_SECONDS = 7 * 24 * 3600
HEARTBEAT_SECONDS = 15
#: Redis connections per process. Every green thread that touches the store holds one while it
#: waits on Redis; past this many they queue for one (up to REDIS_POOL_WAIT seconds) instead
#: of failing — redis-py's default pool raised MaxConnectionsError at 100 under a join burst.
REDIS_POOL_SIZE = 50
REDIS_POOL_WAIT = 5


class LocalStore:
    def __init__(self):
        self.dirty: dict[int, set] = {}
        self.docs: dict[tuple, tuple[int, dict]] = {}
        self.online_actors: dict[int, dict[str, int]] = {}
        self.sent_at: dict[tuple, float] = {}
        self.rosters: dict[int, int] = {}

    def mark(self, workshop_id: int, actor_id: str | None) -> None:
        actors = self.dirty.setdefault(workshop_id, set())
        if actor_id:
            actors.add(actor_id)

    def dirty_workshops(self) -> list[int]:
        return list(self.dirty)

    def take(self, workshop_id: int) -> set:
        return self.dirty.pop(workshop_id, set())

    @contextmanager
    def flush_lock(self, workshop_id: int):
        yield True  # one process: the flush loop is the only flusher

    def due(self, workshop_id: int, audience: str, interval: float) -> bool:
        """True, at most once per ``interval`` seconds per workshop and audience: it is time
        to send that audience a patch."""
        key, now = (workshop_id, audience), time.monotonic()
        if now - self.sent_at.get(key, float("-inf")) < interval:
            return False
        self.sent_at[key] = now
        return True

    def bump_roster(self, workshop_id: int) -> None:
        """A participant of ``workshop_id`` joined, changed or was removed."""
        self.rosters[workshop_id] = self.rosters.get(workshop_id, 0) + 1

    def roster_revision(self, workshop_id: int):
        """Changes with every :meth:`bump_roster`; None when it cannot be known."""
        return self.rosters.get(workshop_id, 0)

    def get_doc(self, workshop_id: int, audience: str):
        return self.docs.get((workshop_id, audience))

    def set_doc(self, workshop_id: int, audience: str, version: int, doc: dict) -> None:
        self.docs[(workshop_id, audience)] = (version, doc)

    def forget(self, workshop_id: int) -> None:
        for key in [k for k in self.docs if k[0] == workshop_id]:
            del self.docs[key]

    def connect(self, workshop_id: int, actor_id: str) -> None:
        counts = self.online_actors.setdefault(workshop_id, {})
        counts[actor_id] = counts.get(actor_id, 0) + 1

    def disconnect(self, workshop_id: int, actor_id: str) -> None:
        counts = self.online_actors.get(workshop_id, {})
        if counts.get(actor_id, 0) <= 1:
            counts.pop(actor_id, None)
        else:
            counts[actor_id] -= 1

    def online(self, workshop_id: int) -> set:
        return set(self.online_actors.get(workshop_id, {}))

    def heartbeat(self) -> None:
        """Nothing to keep alive in one process."""

    def tick(self) -> None:
        """Called at every flush: share what changed since (nothing to share in one process)."""


class RedisStore(LocalStore):
    """The same interface on Redis. Presence is kept per process (hash ``cg:online:<proc>``)
    with a heartbeat, so a process that dies stops counting its connections as online."""

    def __init__(self, url: str, prefix: str = "cg"):
        super().__init__()
        import redis

        pool = redis.BlockingConnectionPool.from_url(url, max_connections=REDIS_POOL_SIZE, timeout=REDIS_POOL_WAIT,
                                                     socket_timeout=2, socket_connect_timeout=2)
        self.redis = redis.Redis(connection_pool=pool)
        self.prefix = prefix
        self.proc = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.pending: dict[int, set] = {}  # marks that could not reach Redis yet
        self.presence_changed = False
        # What other processes share, read at most once per flush (tick() clears it): a flush
        # builds three audiences' documents, and each asked Redis again (bench.roundtrips).
        self.seen: dict[tuple, object] = {}

    def _k(self, *parts) -> str:
        return ":".join([self.prefix, *map(str, parts)])

    def mark(self, workshop_id: int, actor_id: str | None) -> None:
        try:
            self._push_pending()
            self._mark(workshop_id, actor_id)
        except Exception as exc:  # Redis away: keep the mark and retry at the next flush
            super().mark(workshop_id, actor_id)
            self.pending.setdefault(workshop_id, set()).update(self.dirty.pop(workshop_id, set()))
            unavailable.warning("mark", "redis unavailable; broadcast marks kept locally until it is back", exc)

    def _mark(self, workshop_id, actor_id) -> None:
        pipe = self.redis.pipeline()
        pipe.sadd(self._k("dirty"), workshop_id)
        if actor_id:
            pipe.sadd(self._k("dirty", workshop_id), actor_id)
        pipe.execute()

    def _push_pending(self) -> None:
        # Take each entry out before the round trip: another green thread may push the same
        # pending marks while this one waits on Redis (it raised KeyError on a shared ``del``).
        for _ in range(len(self.pending)):
            if not self.pending:
                return
            workshop_id, actors = self.pending.popitem()
            try:
                self._mark(workshop_id, None)
                for actor in actors:
                    self._mark(workshop_id, actor)
            except Exception:
                self.pending.setdefault(workshop_id, set()).update(actors)  # not lost: next time
                raise

    def dirty_workshops(self) -> list[int]:
        self._push_pending()
        return [int(w) for w in self.redis.smembers(self._k("dirty"))]

    def take(self, workshop_id: int) -> set:
        pipe = self.redis.pipeline()
        pipe.srem(self._k("dirty"), workshop_id)
        pipe.smembers(self._k("dirty", workshop_id))
        pipe.delete(self._k("dirty", workshop_id))
        _, actors, _ = pipe.execute()
        return {a.decode() for a in actors}

    @contextmanager
    def flush_lock(self, workshop_id: int):
        key, token = self._k("flush", workshop_id), uuid.uuid4().hex
        acquired = bool(self.redis.set(key, token, nx=True, px=LOCK_MS))
        try:
            yield acquired
        finally:
            if acquired and self.redis.get(key) == token.encode():
                self.redis.delete(key)

    def due(self, workshop_id: int, audience: str, interval: float) -> bool:
        # One gate for every process: whichever process flushes next sees the same answer.
        try:
            return bool(self.redis.set(self._k("due", workshop_id, audience), 1, nx=True,
                                       px=max(1, int(interval * 1000))))
        except Exception as exc:
            unavailable.warning("due", "redis unavailable; sending patches without the shared cadence", exc)
            return True

    def bump_roster(self, workshop_id: int) -> None:
        super().bump_roster(workshop_id)  # this process notices even while Redis is away
        try:
            self.redis.incr(self._k("roster", workshop_id))
        except Exception as exc:
            unavailable.warning("roster", "redis unavailable; roster changes kept locally", exc)

    def roster_revision(self, workshop_id: int):
        key = ("roster", workshop_id)
        if key not in self.seen:
            try:
                self.seen[key] = int(self.redis.get(self._k("roster", workshop_id)) or 0)
            except Exception:
                return None  # unknown: the caller reads the participants again
        return (self.seen[key], super().roster_revision(workshop_id))

    def get_doc(self, workshop_id: int, audience: str):
        """The last document of this audience and its version. Only a small version key is read
        when this process already holds that version (it wrote or read it last): the document
        itself (tens of KB for a large room) is fetched and decoded only when another process
        wrote a newer one (``python -m bench.roundtrips``)."""
        try:
            version = self.redis.get(self._k("docv", workshop_id, audience))
            held = super().get_doc(workshop_id, audience)
            if version is not None and held is not None and held[0] == int(version):
                return held
            raw = self.redis.get(self._k("doc", workshop_id, audience))
        except Exception as exc:
            # Pages and sync still answer, from a new chain that clients resync to later.
            unavailable.warning("doc", "redis unavailable; documents built afresh, clients resync later", exc)
            return None
        if raw is None:
            return None
        data = orjson.loads(raw)
        super().set_doc(workshop_id, audience, data["v"], data["doc"])
        return data["v"], data["doc"]

    def set_doc(self, workshop_id: int, audience: str, version: int, doc: dict) -> None:
        # orjson: the documents are read and written at every flush, and can be large.
        super().set_doc(workshop_id, audience, version, doc)
        try:
            pipe = self.redis.pipeline()
            pipe.set(self._k("doc", workshop_id, audience), orjson.dumps({"v": version, "doc": doc}), ex=DOC_SECONDS)
            pipe.set(self._k("docv", workshop_id, audience), version, ex=DOC_SECONDS)
            pipe.execute()
        except Exception as exc:
            unavailable.warning("doc", "redis unavailable; documents built afresh, clients resync later", exc)

    def forget(self, workshop_id: int) -> None:
        super().forget(workshop_id)
        for audience in ("facilitator", "screen", "participant"):
            self.redis.delete(self._k("doc", workshop_id, audience), self._k("docv", workshop_id, audience))

    def connect(self, workshop_id: int, actor_id: str) -> None:
        super().connect(workshop_id, actor_id)
        self.presence_changed = True

    def disconnect(self, workshop_id: int, actor_id: str) -> None:
        super().disconnect(workshop_id, actor_id)
        self.presence_changed = True

    def tick(self) -> None:
        self.seen = {}
        # Once per flush, not once per connect: a join burst of 2,000 phones published the
        # whole online list 2,000 times (one pipeline each, holding a pooled connection).
        if self.presence_changed:
            self.presence_changed = False
            self._publish_presence()

    def _publish_presence(self) -> None:
        """Write this process's online actors (workshop -> actor ids) and refresh its heartbeat."""
        try:
            mapping = {str(w): json.dumps(sorted(actors)) for w, actors in self.online_actors.items() if actors}
            pipe = self.redis.pipeline()
            pipe.delete(self._k("online", self.proc))
            if mapping:
                pipe.hset(self._k("online", self.proc), mapping=mapping)
            pipe.expire(self._k("online", self.proc), HEARTBEAT_SECONDS * 3)
            pipe.zadd(self._k("procs"), {self.proc: time.time()})
            pipe.execute()
        except Exception as exc:
            unavailable.warning("presence", "redis unavailable; presence not published", exc)

    def heartbeat(self) -> None:
        self._publish_presence()

    def online(self, workshop_id: int) -> set:
        try:
            return self._online_everywhere(workshop_id) | super().online(workshop_id)
        except Exception as exc:
            unavailable.warning("presence", "redis unavailable; only this process's presence is known", exc)
            return super().online(workshop_id)

    def _online_everywhere(self, workshop_id: int) -> set:
        """Every live process's online actors of ``workshop_id``: two round trips, once per flush."""
        key = ("online", workshop_id)
        if key not in self.seen:
            pipe = self.redis.pipeline()
            pipe.zremrangebyscore(self._k("procs"), 0, time.time() - HEARTBEAT_SECONDS * 3)
            pipe.zrange(self._k("procs"), 0, -1)
            procs = pipe.execute()[1]
            pipe = self.redis.pipeline()
            for proc in procs:
                pipe.hget(self._k("online", proc.decode()), str(workshop_id))
            actors: set = set()
            for raw in pipe.execute() if procs else ():
                if raw:
                    actors.update(json.loads(raw))
            self.seen[key] = actors
        return set(self.seen[key])


def make_store(redis_url: str | None, prefix: str = "cg") -> LocalStore:
    return RedisStore(redis_url, prefix) if redis_url else LocalStore()
