"""Who is connected right now, per workshop.

This process keeps its own connections (sid -> who); the store counts actors online across
every process. A participant with no open connection is "away", not gone: they keep their
place and their work.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.ops import live_log


@dataclass
class Connection:
    workshop_id: int
    role: str  # "participant", "facilitator" or "screen"
    actor: object  # app.exercises.Actor
    language: str = "en"  # messages on this connection (refusals, errors) are in this language
    audience_room: str | None = None  # a phone's audience room (app/tables/live.py join_audience_room)


class Presence:
    def __init__(self, store):
        self.store = store
        self.connections: dict[str, Connection] = {}
        self.by_workshop: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))

    def add(self, sid: str, connection: Connection) -> None:
        self.connections[sid] = connection
        self.by_workshop[connection.workshop_id][connection.actor.id].add(sid)
        self.store.connect(connection.workshop_id, connection.actor.id)
        live_log.connected(sid, connection)

    def remove(self, sid: str) -> Connection | None:
        connection = self.connections.pop(sid, None)
        if connection:
            sids = self.by_workshop[connection.workshop_id][connection.actor.id]
            sids.discard(sid)
            if not sids:
                del self.by_workshop[connection.workshop_id][connection.actor.id]
            self.store.disconnect(connection.workshop_id, connection.actor.id)
            live_log.disconnected(sid, connection)
        return connection

    def get(self, sid: str) -> Connection | None:
        return self.connections.get(sid)

    def online(self, workshop_id: int) -> set[str]:
        """Actor ids with at least one open connection, in any process."""
        return self.store.online(workshop_id)

    def count_of(self, actor_id: str) -> int:
        """This process's connections of one actor, in every workshop (a facilitator's too)."""
        return sum(len(actors.get(actor_id, ())) for actors in self.by_workshop.values())

    def sids_of(self, workshop_id: int, actor_id: str) -> set[str]:
        """This process's connections of one actor."""
        return set(self.by_workshop.get(workshop_id, {}).get(actor_id, ()))


def get_presence() -> Presence:
    from flask import current_app

    return current_app.extensions["presence"]
