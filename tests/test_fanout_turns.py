"""A message to a large room is queued in turns, the event loop running between them
(app/live/turns.py), so acknowledgements are not held behind a patch to every phone."""
import socketio

from app.extensions import socketio as app_socketio
from app.live.turns import Manager, TakingTurns, client_manager


class Server:
    """What a client manager needs of its python-socketio server, recording what it is asked."""

    def __init__(self):
        self.events = []
        self.eio = self
        self.ids = iter(range(1000))

    def generate_id(self):
        return f"s{next(self.ids)}"

    def sleep(self, seconds=0):
        self.events.append(("sleep", seconds))

    def _send_eio_packet(self, eio_sid, packet):
        self.events.append(("send", eio_sid))

    packet_class = socketio.packet.Packet


def room_of(manager, count):
    server = Server()
    manager.set_server(server)
    manager.initialize()
    for i in range(count):
        sid = manager.connect(f"e{i}", "/")
        manager.enter_room(sid, "/", "room")
    return server


def test_an_emit_to_a_room_hands_the_loop_back_every_turn():
    manager = Manager()
    manager.turn = 2
    server = room_of(manager, 5)
    manager.emit("patch", {"x": 1}, namespace="/", room="room")
    kinds = [kind for kind, _ in server.events]
    assert kinds == ["send", "send", "sleep", "send", "send", "sleep", "send"]
    assert {sid for kind, sid in server.events if kind == "send"} == {f"e{i}" for i in range(5)}


def test_turn_zero_sends_in_one_go():
    manager = Manager()
    manager.turn = 0
    server = room_of(manager, 5)
    manager.emit("patch", {"x": 1}, namespace="/", room="room")
    assert [kind for kind, _ in server.events] == ["send"] * 5


def test_a_socket_leaving_during_a_turn_does_not_break_the_emit():
    manager = Manager()
    manager.turn = 1
    server = room_of(manager, 3)
    original = server.sleep

    def leave_while_yielding(seconds=0):
        original(seconds)
        sid = manager.sid_from_eio_sid("e2", "/")
        if sid and manager.is_connected(sid, "/"):
            manager.disconnect(sid, "/")

    server.sleep = leave_while_yielding
    manager.emit("patch", {"x": 1}, namespace="/", room="room")
    # python-socketio iterates a copy of the room: the third socket was already on the list.
    assert [sid for kind, sid in server.events if kind == "send"] == ["e0", "e1", "e2"]


def test_the_app_sends_through_the_turn_taking_manager(app):
    manager = app_socketio.server.manager
    assert isinstance(manager, TakingTurns)
    assert manager.turn == app.config["FANOUT_TURN"] > 0


def test_with_redis_the_manager_publishes_and_takes_turns():
    manager = client_manager("redis://127.0.0.1:6379/0", "cg-test-socketio", 50)
    assert isinstance(manager, socketio.RedisManager) and isinstance(manager, TakingTurns)
    assert manager.turn == 50 and manager.channel == "cg-test-socketio"
