"""Crash soak: ``python -m bench.soak [--cycles 200] [--writers 4] [--max-seconds 1200]``.

Runs the real server (``python wsgi.py``: eventlet, SQLite) and several writer threads that
behave like the participant page: each sends ``add_note`` actions with its own operation ids,
one at a time, and keeps every operation that was not acknowledged in a queue. At a random
moment of every cycle the server is killed with SIGKILL (no shutdown code runs), restarted,
and each writer reconnects and first resends everything still unacknowledged, in order, with
the same operation ids. The note text is the operation id, so the step's stored state can be
checked too.

At the end every acknowledged operation id is compared with the database:

* lost        acknowledged, but no ``Action`` row (or no note in the step's state);
* duplicated  more than one ``Action`` row, or the note appears more than once in the state.

Both must be 0; the exit status is 1 otherwise. Each cycle uses a fresh workshop so that the
per-participant note limit and the state size stay bounded however long the soak runs; ops
still pending from an earlier cycle are resent to their own workshop.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.live_server import LiveServer  # noqa: E402

OPS_PER_CYCLE = 45  # below the ideas step's 50 notes per participant


@dataclass(frozen=True)
class Seat:
    """One participant place: the workshop, its step and the participant's token."""

    workshop_id: int
    step_id: int
    participant_id: int
    token: str


@dataclass
class Stats:
    sent: int = 0
    acked: int = 0
    resent: int = 0
    duplicate_acks: int = 0
    throttled: int = 0
    refused: list = field(default_factory=list)
    in_flight_at_kill: int = 0


class Writer:
    """A participant-like client: in-order sends, resend-until-acknowledged, fresh socket per cycle."""

    def __init__(self, name: str, rng: random.Random, call_timeout: float = 3.0):
        self.name, self.rng, self.call_timeout = name, rng, call_timeout
        self.pending: list[tuple[Seat, str]] = []  # (seat, op) not yet acknowledged, in order
        self.acked: dict[str, Seat] = {}
        self.stats = Stats()
        self.counter = 0
        self.in_flight = False
        self.killed = threading.Event()

    def new_op(self) -> str:
        self.counter += 1
        return f"soak-{self.name}-{self.counter:07d}"

    # -- one cycle --------------------------------------------------------------------------

    def run_cycle(self, url: str, seat: Seat) -> None:
        try:
            # 1. Everything not acknowledged before the crash, per seat, in order, same op ids.
            for old_seat in list(dict.fromkeys(s for s, _ in self.pending)):
                ops = [op for s, op in self.pending if s == old_seat]
                if not self._send_ops(url, old_seat, ops, resend=True):
                    return
            # 2. New work on this cycle's seat until the server dies or the quota is used.
            self._send_ops(url, seat, None, resend=False, pace=True)
        except Exception:  # noqa: BLE001 - the server was killed under us; the next cycle resends
            return

    def _send_ops(self, url: str, seat: Seat, ops: list[str] | None, resend: bool, pace: bool = False) -> bool:
        """Send ``ops`` (or, when None, new ops up to the cycle's quota); False once the server is gone."""
        sio = socketio.Client(reconnection=False)
        try:
            sio.connect(url, auth={"workshop": seat.workshop_id, "as": "participant", "token": seat.token},
                        transports=["websocket"], wait_timeout=5)
        except Exception:  # noqa: BLE001
            _close(sio)
            return False
        try:
            for index in range(len(ops) if ops is not None else OPS_PER_CYCLE):
                if ops is not None:
                    op = ops[index]
                else:  # new work: it is pending from the moment it is first sent
                    op = self.new_op()
                    self.pending.append((seat, op))
                while True:
                    if self.killed.is_set():
                        return False
                    ack = self._call(sio, {"op": op, "step": seat.step_id, "type": "add_note",
                                           "data": {"text": op}})
                    if ack is None:
                        return False
                    if ack.get("code") == "throttled":
                        self.stats.throttled += 1
                        time.sleep(0.2)
                        continue
                    break
                if resend:
                    self.stats.resent += 1
                else:
                    self.stats.sent += 1
                self.pending = [(s, o) for s, o in self.pending if o != op]
                if ack.get("ok"):
                    self.acked[op] = seat
                    self.stats.acked += 1
                    self.stats.duplicate_acks += bool(ack.get("duplicate"))
                else:
                    self.stats.refused.append((op, ack))
                if pace:
                    time.sleep(self.rng.uniform(0, 0.02))
            return True
        finally:
            _close(sio)

    def _call(self, sio, message) -> dict | None:
        done, box = threading.Event(), {}

        def on_ack(*args):
            box["ack"] = args[0] if args else None
            done.set()

        self.in_flight = True
        try:
            sio.emit("act", message, callback=on_ack)
            deadline = time.monotonic() + self.call_timeout
            while not done.wait(0.02):
                if self.killed.is_set() or time.monotonic() > deadline or not sio.connected:
                    return None
            return box.get("ack")
        except Exception:  # noqa: BLE001
            return None
        finally:
            self.in_flight = False


def _close(sio) -> None:
    """Disconnect and release the sockets, also when the server died under the client."""
    try:
        sio.disconnect()
    except Exception:  # noqa: BLE001
        pass
    for resource in (getattr(sio.eio, "ws", None), getattr(sio.eio, "http", None)):
        try:
            if resource is not None:
                resource.close()
        except Exception:  # noqa: BLE001
            pass


# -- seeding and checking -----------------------------------------------------------------


def _app(db_url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": db_url, "ASYNC_MODE": "threading", "SECRET_KEY": "soak"})


def seed(app, workshops: int, writers: int) -> list[list[Seat]]:
    """``workshops`` live workshops with one open Ideas step and one participant per writer."""
    import secrets

    from app.exercises.registry import default_config
    from app.extensions import db
    from app.models import Facilitator, Participant, Partnership, Step, Workshop
    from app.models.participant import hash_token

    exercise = app.extensions["exercises"]["ideas"]
    config = {**default_config(exercise), "notes_per_participant": 50}
    seats = []
    with app.app_context():
        owner = Facilitator(email="soak@example.org", name="Soak")
        owner.set_password("correct horse battery")
        partnership = Partnership(name="Soak", purpose="Soak", sectors=["Health"], organisations=[], owner=owner)
        db.session.add_all([owner, partnership])
        for _ in range(workshops):
            workshop = Workshop(partnership=partnership, title="Soak", join_code=secrets.token_hex(4).upper(),
                                status="live")
            step = Step(workshop=workshop, position=0, exercise_key="ideas", title="Ideas", config=config,
                        state=exercise.initial_state(config), status="open")
            db.session.add_all([workshop, step])
            tokens = [secrets.token_urlsafe(24) for _ in range(writers)]
            people = [Participant(workshop=workshop, token_hash=hash_token(t), rejoin_code=f"R{i:05d}",
                                  name=f"Writer {i}", sector="Health") for i, t in enumerate(tokens)]
            db.session.add_all(people)
            db.session.flush()
            workshop.room_step_id = workshop.current_step_id = step.id
            seats.append([Seat(workshop.id, step.id, p.id, t) for p, t in zip(people, tokens, strict=True)])
        db.session.commit()
    return seats


def check(app, writers: list[Writer]) -> dict:
    """Compare every acknowledged op id with the Action log and with the step states."""
    from app.extensions import db
    from app.live.states import read_state
    from app.models import Action, Step

    with app.app_context():
        rows = collections.Counter(
            (actor_key, op) for actor_key, op in db.session.execute(db.select(Action.actor_key, Action.op_id))
        )
        texts = collections.Counter()
        # Read as any process reads a state: the snapshot and the log rows after it replayed.
        for step_id in db.session.scalars(db.select(Step.id)):
            texts.update(note["text"] for note in read_state(step_id)["notes"].values())
        db.session.remove()
    lost = duplicated = lost_in_state = duplicated_in_state = 0
    for writer in writers:
        for op, seat in writer.acked.items():
            count = rows[(f"p:{seat.participant_id}", op)]
            lost += count == 0
            duplicated += count > 1
            lost_in_state += texts[op] == 0
            duplicated_in_state += texts[op] > 1
    return {"lost": lost, "duplicated": duplicated, "lost_in_state": lost_in_state,
            "duplicated_in_state": duplicated_in_state, "action_rows": sum(rows.values()),
            "notes_in_state": sum(texts.values())}


# -- the soak -----------------------------------------------------------------------------


def soak(cycles: int = 200, writers: int = 4, max_seconds: float = 1200.0, seed_value: int | None = None,
         min_kill: float = 0.05, max_kill: float = 1.2, workdir: Path | None = None, quiet: bool = False) -> dict:
    rng = random.Random(seed_value)
    started = time.monotonic()
    tmp = tempfile.TemporaryDirectory(prefix="cg-soak-") if workdir is None else None
    path = Path(tmp.name) if tmp else workdir
    server = LiveServer(path, ACTION_RATE="1000", ACTION_BURST="1000", BROADCAST_INTERVAL="0.1")
    server.migrate()
    app = _app(server.db_url)
    seats = seed(app, cycles + 1, writers)
    crew = [Writer(f"w{i}", random.Random(rng.random())) for i in range(writers)]
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    done_cycles = kills = in_flight = 0
    try:
        for cycle in range(cycles):
            if time.monotonic() - started > max_seconds:
                say(f"time limit reached after {done_cycles} cycles")
                break
            server.start()
            threads = []
            for writer, seat in zip(crew, seats[cycle], strict=True):
                writer.killed.clear()
                thread = threading.Thread(target=writer.run_cycle, args=(server.url, seat), daemon=True)
                thread.start()
                threads.append(thread)
            time.sleep(rng.uniform(min_kill, max_kill))
            in_flight += sum(w.in_flight for w in crew)
            server.kill()
            kills += 1
            for writer in crew:
                writer.killed.set()
            for thread in threads:
                thread.join(10)
            done_cycles += 1
            if done_cycles % 10 == 0:
                acked = sum(w.stats.acked for w in crew)
                pending = sum(len(w.pending) for w in crew)
                say(f"cycle {done_cycles}: {acked} acknowledged, {pending} pending, "
                    f"{time.monotonic() - started:.0f}s")
        # Last start: everyone resends what is still pending, then a clean stop.
        server.start()
        for writer in crew:
            writer.killed.clear()
            for old_seat in list(dict.fromkeys(s for s, _ in writer.pending)):
                writer._send_ops(server.url, old_seat, [op for s, op in writer.pending if s == old_seat],
                                 resend=True)
    finally:
        server.stop()
    result = check(app, crew)
    result.update({
        "cycles": done_cycles,
        "kills": kills,
        "writers": writers,
        "acknowledged": sum(w.stats.acked for w in crew),
        "resent": sum(w.stats.resent for w in crew),
        "answered_duplicate": sum(w.stats.duplicate_acks for w in crew),
        "in_flight_at_kill": in_flight,
        "still_pending": sum(len(w.pending) for w in crew),
        "refused": sum(len(w.stats.refused) for w in crew),
        "throttled": sum(w.stats.throttled for w in crew),
        "seconds": round(time.monotonic() - started, 1),
    })
    if tmp:
        tmp.cleanup()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=200, help="kill/restart cycles (default 200)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writer clients (default 4)")
    parser.add_argument("--max-seconds", type=float, default=1200,
                        help="stop starting new cycles after this long (default 1200)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")
    args = parser.parse_args(argv)
    result = soak(args.cycles, args.writers, args.max_seconds, args.seed)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    ok = not (result["lost"] or result["duplicated"] or result["lost_in_state"] or result["duplicated_in_state"]
              or result["still_pending"])
    print("OK: nothing acknowledged was lost or duplicated" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
