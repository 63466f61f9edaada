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

from app.extensions import db, socketio
from app.live import mergepatch
from app.live.rooms import build_doc, personal_doc, room_name, sector_sizes
from app.models import Workshop

AUDIENCES = ("facilitator", "screen", "participant")
log = logging.getLogger(__name__)


class Broadcaster:
    def __init__(self):
        self.dirty: dict[int, set] = {}
        self.docs: dict[tuple, tuple[int, dict]] = {}  # (workshop, audience) -> (version, doc)
        self.started = False
        self._lock = threading.Lock()

    # -- called by writers --------------------------------------------------------------

    def changed(self, workshop_id: int, actor_id: str | None = None) -> None:
        """Note that ``workshop_id`` changed (and that ``actor_id``'s own view may have)."""
        actors = self.dirty.setdefault(workshop_id, set())
        if actor_id and actor_id.startswith("p:"):
            actors.add(actor_id)

    # -- called by readers --------------------------------------------------------------

    def snapshot(self, workshop: Workshop, audience: str) -> tuple[int, dict]:
        """The current ``(version, document)`` for ``audience``, from the patch chain's cache."""
        key = (workshop.id, audience)
        if key not in self.docs:
            self.docs[key] = (1, build_doc(workshop, audience))
        return self.docs[key]

    def forget(self, workshop_id: int) -> None:
        for audience in AUDIENCES:
            self.docs.pop((workshop_id, audience), None)

    # -- the loop -----------------------------------------------------------------------

    def start(self, app: Flask) -> None:
        with self._lock:
            if self.started:
                return
            self.started = True
        socketio.start_background_task(self._run, app)

    def _run(self, app: Flask) -> None:
        interval = app.config["BROADCAST_INTERVAL"]
        while True:
            socketio.sleep(interval)
            try:
                self.flush(app)
            except Exception:  # keep broadcasting whatever one workshop did
                log.exception("broadcast flush failed")

    def flush(self, app: Flask) -> int:
        """Send one patch per audience of every dirty workshop. Returns messages emitted."""
        batch, self.dirty = self.dirty, {}
        messages = []
        with app.app_context():
            try:
                for workshop_id, actors in batch.items():
                    messages.extend(self._prepare(workshop_id, actors))
            finally:
                db.session.remove()  # end the read transaction before emitting
        for event, payload, room in messages:
            socketio.emit(event, payload, to=room)
        return len(messages)

    def _prepare(self, workshop_id: int, actors: set) -> list:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            self.forget(workshop_id)
            return []
        sizes = sector_sizes(workshop_id)
        messages = []
        for audience in AUDIENCES:
            key = (workshop_id, audience)
            new_doc = build_doc(workshop, audience, sizes)
            if key not in self.docs:
                self.docs[key] = (1, new_doc)
                continue
            version, old_doc = self.docs[key]
            patch = mergepatch.diff(old_doc, new_doc)
            if patch:
                self.docs[key] = (version + 1, new_doc)
                payload = {"from": version, "to": version + 1, "patch": patch, "now": int(time.time() * 1000)}
                messages.append(("patch", payload, room_name(workshop_id, audience)))
        for actor_id in actors:
            personal = personal_doc(workshop, actor_id, sizes)
            messages.append(("personal", {"steps": personal}, room_name(workshop_id, actor_id)))
        return messages


def install_broadcaster(app: Flask) -> None:
    """One broadcaster and one presence table per app (tests build many apps)."""
    from app.live.presence import Presence

    app.extensions["broadcaster"] = Broadcaster()
    app.extensions["presence"] = Presence()
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
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Workshop):
                touched.add(obj.id)
            elif isinstance(obj, (Step, Participant)):
                touched.add(obj.workshop_id)

    @event.listens_for(Session, "after_commit")
    def _notify(session):
        from flask import current_app, has_app_context

        touched = session.info.pop("touched_workshops", set())
        if has_app_context() and "broadcaster" in current_app.extensions:
            for workshop_id in touched:
                if workshop_id:
                    changed(workshop_id)

    @event.listens_for(Session, "after_rollback")
    def _forget(session):
        session.info.pop("touched_workshops", None)
