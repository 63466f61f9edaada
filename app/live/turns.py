"""A message to a large room takes turns with the rest of the server.

python-socketio sends one message to a room by queueing the same packet on every socket of the
room, in one loop (``Manager.emit`` over ``get_participants``); each queueing wakes that socket's
writer green thread. With 2,000 phones in the room the loop and the 2,000 wake-ups run back to
back, and an acknowledgement that arrives meanwhile is read and answered only after all of them
(issue 25: steady ack p95 540 ms at N=2,000 with the server at 41 % of a core — latency, not a
lack of CPU). The managers here hand the event loop back every ``FANOUT_TURN`` sockets, so the
sockets already queued get written and waiting handlers run between turns. Safe because
python-socketio iterates a copy of the room, and the broadcaster never emits inside a
database transaction (app/live/broadcast.py ends its read session before it emits).
"""
from __future__ import annotations

import socketio


class TakingTurns:
    """Mixin for a python-socketio client manager: yields every ``turn`` participants."""

    turn = 0  # sockets per turn; 0 never yields

    def get_participants(self, namespace, room):
        for count, participant in enumerate(super().get_participants(namespace, room), 1):
            yield participant
            if self.turn and count % self.turn == 0:
                self.server.sleep(0)


class Manager(TakingTurns, socketio.Manager):
    """One process: rooms kept in memory."""


class RedisManager(TakingTurns, socketio.RedisManager):
    """Several processes: emits go through Redis, and each process sends to its own sockets in turns."""


def client_manager(redis_url: str | None, channel: str, turn: int):
    """The client manager for ``SocketIO.init_app(client_manager=...)``."""
    manager = RedisManager(redis_url, channel=channel, write_only=False) if redis_url else Manager()
    manager.turn = turn
    return manager
