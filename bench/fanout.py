"""What one broadcast costs per socket, by websocket compression mode (issue 25).

``python -m bench.fanout [--sockets 1000] [--notes 300] [--patches 20] [--repeat 5]``

Builds real phone patches (the ``ideas`` exercise's participant view over ``--notes`` notes,
then one vote per patch, diffed with app.live.mergepatch and framed as Socket.IO sends them),
then sends each patch to ``--sockets`` eventlet websockets whose socket only counts bytes, in
each WEBSOCKET_COMPRESSION mode (app/live/websocket.py) and with compression declined. It
measures CPU time (``time.process_time``, the minimum of ``--repeat`` runs, so other load on
the machine inflates it less than wall time), bytes on the wire and memory per socket. Only
the websocket layer is measured: the rest of a flush is the same in every mode.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time
import tracemalloc

os.environ.setdefault("ASYNC_MODE", "threading")


class CountingSocket:
    """Stands in for a TCP socket: sendall only counts."""

    def __init__(self):
        self.sent = 0

    def sendall(self, data):
        self.sent += len(data)

    def settimeout(self, _):
        pass


def phone_patches(notes: int, patches: int, seed: int = 7) -> list[str]:
    """Socket.IO text frames of successive phone patches: ``notes`` notes, then one vote each."""
    from app.exercises import Action
    from app.exercises.contract import Audience
    from app.exercises.registry import default_config
    from app.live import mergepatch
    from plugins.ideas import IdeasExercise

    rng = random.Random(seed)
    exercise = IdeasExercise()
    config = {**default_config(exercise), "dots": 3}
    state = exercise.initial_state(config)
    people = [{"id": f"p:{i}", "name": f"P{i}", "organisation": "Org", "sector": "Health"} for i in range(notes)]
    for person in people:
        text = " ".join(rng.choice(("shared", "data", "school", "clinic", "meals", "youth")) for _ in range(6))
        state = exercise.apply(state, Action("add_note", {"text": text}), _actor(person))
    audience = Audience(role="participant")
    view = exercise.view(state, audience)
    frames = []
    for k in range(patches):
        note_id = rng.choice(list(state["notes"]))
        state = exercise.apply(state, Action("vote", {"note_id": note_id}), _actor(people[k % len(people)]))
        new = exercise.view(state, audience)
        patch = {"steps": {"31": {"view": mergepatch.diff(view, new)}}}
        frames.append("42" + json.dumps(["patch", {"from": k, "to": k + 1, "patch": patch, "now": 0}],
                                        separators=(",", ":")))
        view = new
    return frames


def _actor(person):
    from app.exercises import Actor

    return Actor(role="participant", id=person["id"], name=person["name"], organisation=person["organisation"],
                 sector=person["sector"])


def sockets(mode: str, count: int, offer: str | None) -> list:
    """``count`` websockets as the server would build them after this handshake."""
    import eventlet.websocket

    from app.live.websocket import _wsgi_class

    wsgi = _wsgi_class(mode)(lambda ws: None, type("S", (), {"max_http_buffer_size": 1 << 20})())
    out = []
    for _ in range(count):
        extensions = {}
        agreed = wsgi._negotiate_permessage_deflate(wsgi._parse_extension_header(offer))
        if agreed is not None:
            extensions["permessage-deflate"] = agreed
        ws = eventlet.websocket.RFC6455WebSocket(CountingSocket(), {}, 13, extensions=extensions)
        ws.__class__ = wsgi.class_for(extensions)
        out.append(ws)
    return out


def measure(mode: str, offer: str | None, frames: list[str], count: int, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        socks = sockets(mode, count, offer)
        start = time.process_time()
        for text in frames:
            for ws in socks:
                ws.send(text)
        cpu = time.process_time() - start
        sent = sum(ws.socket.sent for ws in socks)
        best = min(best or (cpu, sent), (cpu, sent))
    tracemalloc.start()  # a separate pass: tracing slows allocations, so it is not timed
    socks = sockets(mode, count, offer)
    for ws in socks:
        ws.send(frames[0])
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    sends = len(frames) * count
    raw = sum(len(t.encode()) for t in frames) * count
    return {"us_per_socket_send": round(best[0] / sends * 1e6, 2),
            "ms_per_broadcast": round(best[0] / len(frames) * 1000, 2),
            "bytes_per_send": round(best[1] / sends), "raw_bytes_per_send": round(raw / sends),
            "kb_memory_per_socket": round(memory / count / 1024, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--patches", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from app import create_app

    with create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        frames = phone_patches(args.notes, args.patches)
    browser = "permessage-deflate; client_max_window_bits"
    runs = {"per-socket (eventlet's own)": ("per-socket", browser), "shared (compress once)": ("shared", browser),
            "off (declined)": ("off", browser)}
    print(f"load average: {os.getloadavg()}; {args.sockets} sockets, {len(frames)} phone patches of "
          f"{args.notes} notes, mean {sum(map(len, frames)) // len(frames)} B of text")
    print(f"{'mode':<30}{'us/socket/send':>16}{'ms/broadcast':>14}{'B on wire':>11}{'B raw':>8}{'KB mem/socket':>15}")
    for label, (mode, offer) in runs.items():
        r = measure(mode, offer, frames, args.sockets, args.repeat)
        print(f"{label:<30}{r['us_per_socket_send']:>16}{r['ms_per_broadcast']:>14}{r['bytes_per_send']:>11}"
              f"{r['raw_bytes_per_send']:>8}{r['kb_memory_per_socket']:>15}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
