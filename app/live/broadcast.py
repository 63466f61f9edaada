"""Coalesced, versioned broadcast.

Changes only mark a workshop dirty. Every ``BROADCAST_INTERVAL`` (~150 ms) one background task
rebuilds each dirty workshop's documents — one per audience — and emits the JSON merge patch
from the last document to the new one, numbered ``from -> to``. A burst of 1,000 votes thus
costs a handful of messages per client, not a thousand. Clients that see a gap ask for the
whole document again (``sync``), which is served from the same cache, so patches and
snapshots form one chain.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask
from sqlalchemy.orm import selectinload

from app.extensions import db, socketio
from app.live import mergepatch, wirejson
from app.live.rooms import build_doc, personal_doc, room_name, sector_sizes
from app.models import Workshop
from app.tables.instances import instances_by_table
from app.tables.live import ANYTHING, TABLE_OWED, Scope, phone_audiences, seats, table_audience

AUDIENCES = ("facilitator", "screen", "participant")
#: Mark meaning "every online participant's own part may have changed".
EVERYONE = "p:*"
#: Mark meaning "the phones have not had the last change yet" (they are patched less often).
PHONES_OWED = "a:participant"
log = logging.getLogger(__name__)


class Cadence:
    """How often the phones are patched: PARTICIPANT_BROADCAST_INTERVAL while the server keeps
    up, longer when it does not. Past saturation every phone patch is a thousand writes that
    queue in front of the acknowledgements; patching the phones less often (each patch then
    carries more changes, on the same chain) keeps acks fast and nobody disconnected, instead of
    a cliff. The measure is how late the flush loop wakes (loop lag: green threads ahead of it)
    plus how long the flush itself took, as a share of the flush interval."""

    #: Busy share of an interval above which the phones' interval grows (x1.5 per flush): the
    #: loop lost more than a whole interval, so it is saturated, not merely busy; below LOW it
    #: shrinks back (/1.25 per flush) towards the configured one.
    HIGH, LOW = 1.0, 0.3

    def __init__(self, base: float, ceiling: float):
        self.base, self.ceiling = base, max(base, ceiling)
        self.current = base

    def observe(self, lag: float, flush_seconds: float, interval: float) -> float:
        """Take one flush's measures; returns the phones' interval from now on."""
        busy = (max(lag, 0.0) + flush_seconds) / max(interval, 1e-3)
        if busy > self.HIGH:
            self.current = min(self.ceiling, max(self.current, interval) * 1.5)
        elif busy < self.LOW:
            self.current = max(self.base, self.current / 1.25)
        return self.current


class Broadcaster:
    def __init__(self, store=None):
        from app.live.store import LocalStore

        self.store = store or LocalStore()
        self.cadence: Cadence | None = None  # made from the app's config on first use
        self.window_clock = None  # likewise (app/live/window_clock.py)
        self.started = False
        self._lock = threading.Lock()
        self._last_heartbeat = 0.0
        self._encoded: dict[tuple, tuple] = {}  # (workshop id, audience) -> (version, fragment)

    # -- called by writers --------------------------------------------------------------

    def changed(self, workshop_id: int, actor_id: str | None = None) -> None:
        """Note that ``workshop_id`` changed (and that ``actor_id``'s own view may have).
        ``actor_id`` may be a table's mark (``t:<table>``, ``t:<table>|p:12``: app/tables/live.py):
        only that table's phones, the console and the screen need the change. Without an actor,
        a change anyone may see. Never raises: the change is already stored, and its
        acknowledgement must go out."""
        try:
            self.store.mark(workshop_id, actor_id if actor_id and actor_id.startswith(("p:", "t:")) else ANYTHING)
        except Exception:
            log.exception("could not mark workshop %s for broadcast", workshop_id)

    # -- called by readers --------------------------------------------------------------

    def snapshot(self, workshop: Workshop, audience: str) -> tuple[int, dict]:
        """The current ``(version, document)`` for ``audience``, from the patch chain's cache."""
        cached = self.store.get_doc(workshop.id, audience)
        if cached is None:
            cached = (new_chain_version(), build_doc(workshop, audience))
            self.store.set_doc(workshop.id, audience, *cached)
        return cached

    def encoded_snapshot(self, workshop: Workshop, audience: str):
        """Like :meth:`snapshot`, the document already encoded: encoded once per version and
        audience in this process, however many clients ask for it (a room resyncing after a
        Wi-Fi drop, or a client asking in a loop)."""
        version, doc = self.snapshot(workshop, audience)
        key = (workshop.id, audience)
        cached = self._encoded.get(key)
        if cached is None or cached[0] != version:
            cached = self._encoded[key] = (version, wirejson.fragment(doc))
        return cached

    # -- the loop -----------------------------------------------------------------------

    def start(self, app: Flask) -> None:
        with self._lock:
            if self.started:
                return
            self.started = True
        socketio.start_background_task(self._run, app)

    def _run(self, app: Flask) -> None:
        from app.ops import metrics
        from app.ops.logs import Throttled

        interval, failures = app.config["BROADCAST_INTERVAL"], Throttled(log)
        cadence = self._cadence(app)
        while True:
            asleep = time.monotonic()
            socketio.sleep(interval)
            started = time.monotonic()
            try:
                sent = self.flush(app)
            except Exception as exc:  # keep broadcasting whatever one workshop (or Redis) did
                # At most one line every few seconds: a Redis that went away fails every flush.
                failures.warning("flush", "broadcast flush failed; retrying", exc)
                continue
            took = time.monotonic() - started
            cadence.observe(started - asleep - interval, took, interval)
            if sent:  # idle flushes (nothing changed) would drown the histogram in zeros
                metrics.MESSAGES.inc(sent)
                metrics.FLUSH_SECONDS.observe(took)

    def _cadence(self, app: Flask) -> Cadence:
        if self.cadence is None:
            self.cadence = Cadence(app.config["PARTICIPANT_BROADCAST_INTERVAL"],
                                   app.config["PARTICIPANT_BROADCAST_MAX_INTERVAL"])
        return self.cadence

    def flush(self, app: Flask) -> int:
        """Send one patch per audience of every dirty workshop, and each changed personal part.
        Returns the number of messages emitted."""
        self._heartbeat()
        self._window_boundaries(app)
        self.store.tick()
        sent = 0
        for workshop_id in self.store.dirty_workshops():
            with self.store.flush_lock(workshop_id) as mine:
                if mine:  # else another process is flushing it right now: it will do
                    sent += self._flush_workshop(app, workshop_id)
        return sent

    def _window_boundaries(self, app: Flask) -> None:
        """Mark every workshop whose step window opened or closed (app/live/window_clock.py):
        its phones gain or lose that step, and everyone's own part of it."""
        if self.window_clock is None:
            from app.live.window_clock import WindowClock

            self.window_clock = WindowClock(app.config["WINDOW_CHECK_SECONDS"])
        if not self.window_clock.due():
            return
        with app.app_context():
            try:
                passed = self.window_clock.passed()
            finally:
                db.session.remove()
        for workshop_id in passed:
            self.changed(workshop_id, EVERYONE)

    def _heartbeat(self) -> None:
        if time.monotonic() - self._last_heartbeat > 5:
            self._last_heartbeat = time.monotonic()
            self.store.heartbeat()

    def _flush_workshop(self, app: Flask, workshop_id: int) -> int:
        scope = Scope.of(self.store.take(workshop_id), PHONES_OWED, EVERYONE)
        parts, sent, sizes, memo = None, 0, None, {}
        with app.app_context():
            try:
                parts = self._audiences(app, workshop_id, scope)  # may mark it again, for the phones
            finally:
                db.session.remove()
        if scope.actors or scope.table_everyone:
            parts.append("personal")
        for part in parts:
            with app.app_context():
                try:
                    if sizes is None:  # read once per flush, kept across its parts
                        sizes = sector_sizes(workshop_id)
                    messages = self._prepare(workshop_id, part, scope, sizes, memo)
                finally:
                    db.session.remove()  # end the read transaction before emitting
            if messages is None:  # the workshop is gone
                break
            for event, payload, room in messages:
                socketio.emit(event, payload, to=room)
            sent += len(messages)
            # One part at a time: acknowledgements waiting behind this flush go out in between,
            # instead of after every document of every audience has been built and sent.
            socketio.sleep(0)
        return sent

    def _audiences(self, app: Flask, workshop_id: int, scope: Scope) -> list:
        """The audiences to patch in this flush: the console and the screen for any change; the
        phones' audiences the change reaches — every one for a change anyone may see, else the
        tables that changed (app/tables/live.py). The phones' patch goes out at most every
        PARTICIPANT_BROADCAST_INTERVAL; when it is not yet due, the workshop stays marked with
        what they are owed, so the change reaches them at a later flush."""
        wanted = [] if scope.only_owed else ["facilitator", "screen"]
        if scope.phones_everywhere:
            phones = phone_audiences(workshop_id)
        else:
            phones = [table_audience(t) for t in sorted(scope.tables | scope.owed_tables)]
        if not phones:
            return wanted
        interval = self._cadence(app).current
        if interval <= 0 or self.store.due(workshop_id, "participant", interval):
            return wanted + phones
        if scope.phones_everywhere:
            self.store.mark(workshop_id, PHONES_OWED)
        else:
            for table_id in scope.tables | scope.owed_tables:
                self.store.mark(workshop_id, f"{TABLE_OWED}{table_id}")
        return wanted

    def _prepare(self, workshop_id: int, part: str, scope: Scope, sizes: dict, memo: dict) -> list | None:
        """The messages of one part of a flush: an audience's patch, or the personal parts."""
        # Steps load without their snapshot (deferred): build_doc reads states through the cache.
        workshop = db.session.get(Workshop, workshop_id, options=[selectinload(Workshop.steps)])
        if workshop is None:
            self.store.forget(workshop_id)
            for key in [k for k in self._encoded if k[0] == workshop_id]:
                self._encoded.pop(key, None)
            return None
        if part == "personal":
            return self._personal(workshop, scope, sizes)
        patch = self._patch(workshop, part, sizes, memo)
        return [patch] if patch else []

    def _patch(self, workshop: Workshop, audience: str, sizes: dict, memo: dict | None = None):
        now = int(time.time() * 1000)
        new_doc = build_doc(workshop, audience, sizes, memo)
        cached = self.store.get_doc(workshop.id, audience)
        if cached is None:
            # The chain was lost (Redis restarted): start a newer one and nudge every
            # client of this audience to resync (a patch whose ``from`` they don't have).
            version = new_chain_version()
            self.store.set_doc(workshop.id, audience, version, new_doc)
            return "patch", {"from": version, "to": version, "patch": {}, "now": now}, room_name(workshop.id, audience)
        version, old_doc = cached
        patch = mergepatch.diff(old_doc, new_doc)
        if not patch:
            return None
        self.store.set_doc(workshop.id, audience, version + 1, new_doc)
        payload = {"from": version, "to": version + 1, "patch": patch, "now": now}
        return "patch", payload, room_name(workshop.id, audience)

    def _personal(self, workshop: Workshop, scope: Scope, sizes: dict) -> list:
        actors = set(scope.actors)
        online = None
        if EVERYONE in actors or scope.table_everyone:
            online = {a for a in self.store.online(workshop.id) if a.startswith("p:")}
        if EVERYONE in actors:
            actors = (actors - {EVERYONE}) | online
        in_tables = [s.id for s in workshop.steps if s.in_tables]
        # Every participant's seat is one query over the whole roster (6 ms a flush at 2,000
        # people, bench/flushcost.py): read only when a step runs in tables or a table is owed.
        seated = seats(workshop.id) if in_tables or scope.table_everyone else {}
        for table_id in scope.table_everyone:
            actors |= {a for a in online if seated.get(a) == table_id}
        instances = instances_by_table(in_tables) if in_tables else {}
        return [("personal", {"steps": personal_doc(workshop, actor_id, sizes, seat=seated.get(actor_id),
                                                    instances=instances)},
                 room_name(workshop.id, actor_id))
                for actor_id in actors]


def new_chain_version() -> int:
    """A patch chain starts at the current time in ms, so a chain started after a restart is
    always newer than anything a connected client holds."""
    return int(time.time() * 1000)


def install_broadcaster(app: Flask) -> None:
    """One broadcaster and one presence table per app (tests build many apps)."""
    from app.live.presence import Presence
    from app.live.store import make_store

    store = make_store(app.config["REDIS_URL"], app.config["REDIS_PREFIX"])
    app.extensions["broadcaster"] = Broadcaster(store)
    app.extensions["presence"] = Presence(store)
    global _tracking
    if not _tracking:
        track_orm_changes()
        _tracking = True


_tracking = False


def get_broadcaster() -> Broadcaster:
    from flask import current_app

    return current_app.extensions["broadcaster"]


def changed(workshop_id: int, actor_id: str | None = None) -> None:
    """Mark ``workshop_id`` for the next flush (see :meth:`Broadcaster.changed`)."""
    get_broadcaster().changed(workshop_id, actor_id)


def track_orm_changes() -> None:
    """Mark a workshop changed whenever a commit touched it, its steps or its participants
    through the ORM (agenda edits, settings, joins), so live pages follow HTTP edits too.
    The engine's own writes use Core statements and call :func:`changed` themselves."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.models import Participant, Step

    @event.listens_for(Session, "after_flush")
    def _collect(session, _context):
        touched = session.info.setdefault("touched_workshops", set())
        rosters = session.info.setdefault("touched_rosters", set())
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Workshop):
                touched.add(obj.id)
            elif isinstance(obj, (Step, Participant)):
                touched.add(obj.workshop_id)
                if isinstance(obj, Participant):
                    rosters.add(obj.workshop_id)

    @event.listens_for(Session, "after_commit")
    def _notify(session):
        from flask import current_app, has_app_context

        touched = session.info.pop("touched_workshops", set())
        rosters = session.info.pop("touched_rosters", set())
        if has_app_context() and "broadcaster" in current_app.extensions:
            store = get_broadcaster().store
            for workshop_id in rosters:
                if workshop_id:
                    store.bump_roster(workshop_id)
            for workshop_id in touched:
                if workshop_id:
                    changed(workshop_id)

    @event.listens_for(Session, "after_rollback")
    def _forget(session):
        session.info.pop("touched_workshops", None)
        session.info.pop("touched_rosters", None)
