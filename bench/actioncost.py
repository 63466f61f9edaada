"""What one accepted action costs, by room size and snapshot interval (issue 25).

For a 300-note and a 600-note Ideas step on SQLite, times ``--actions`` votes (participants
placing and taking back dots) through the engine's real ``submit_action``, once for each
SNAPSHOT_EVERY given (1 is the behaviour before issue 25: every action rewrote the whole
state), in the same run. Prints, per case, ms per action (median, p95), bytes written per
action (the WAL's growth, with automatic checkpoints off, so every page frame written is
counted), and the worst cold read: the state read by a process holding none of it, when the
snapshot is SNAPSHOT_EVERY - 1 actions behind. The machine's load average is printed too;
compare figures within one run.

    nice -n 19 .venv/bin/python -m bench.actioncost [--actions 300] [--every 1,50]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

NOTE = "A shared breakfast club and safe walking routes for every school, {}"


def _app(db_path: Path, every: int):
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "ASYNC_MODE": "threading",
                      "SECRET_KEY": "actioncost", "REDIS_URL": None, "BROADCASTER_AUTOSTART": False,
                      "SNAPSHOT_EVERY": every})
    with app.app_context():
        from app.extensions import db

        # Every page frame a commit writes stays in the WAL, so its growth is what was written.
        event.listen(db.engine, "connect", lambda conn, _record: conn.execute("PRAGMA wal_autocheckpoint=0"))
        db.engine.dispose()  # so every connection from here on has it
    return app


def _seed(app, notes: int, people: int) -> tuple[int, int, list]:
    """A live workshop with an open Ideas step holding ``notes`` notes, and ``people`` participants."""
    import secrets

    from app.exercises import Action, Actor
    from app.exercises.registry import default_config
    from app.extensions import db
    from app.live.identity import participant_actor
    from app.models import Facilitator, Participant, Partnership, Step, Workshop
    from app.models.participant import hash_token

    exercise = app.extensions["exercises"]["ideas"]
    config = {**default_config(exercise), "dots": 20}
    with app.app_context():
        db.create_all()
        owner = Facilitator(email="actioncost@example.org", name="Bench")
        owner.set_password("correct horse battery")
        partnership = Partnership(name="Bench", purpose="Bench", sectors=["Health"], organisations=[], owner=owner)
        workshop = Workshop(partnership=partnership, title="Bench", join_code=secrets.token_hex(4).upper(),
                            status="live")
        state, writer = exercise.initial_state(config), Actor(role="facilitator", id="f:1")
        for i in range(notes):
            state = exercise.apply(state, Action("add_note", {"text": NOTE.format(i), "category": ""}), writer)
        step = Step(workshop=workshop, position=0, exercise_key="ideas", title="Ideas", config=config,
                    state=state, status="open")
        members = [Participant(workshop=workshop, token_hash=hash_token(secrets.token_urlsafe(24)),
                               rejoin_code=f"R{i:05d}", name=f"P{i}", sector="Health") for i in range(people)]
        db.session.add_all([owner, partnership, workshop, step, *members])
        db.session.flush()
        workshop.room_step_id = workshop.current_step_id = step.id
        db.session.commit()
        ids = (workshop.id, step.id, [participant_actor(p) for p in members], sorted(state["notes"]))
        db.session.remove()
    return ids


def _votes(actors: list, note_ids: list, count: int):
    """``count`` votes that are all accepted: each participant places a dot, then takes it back."""
    for i in range(count):
        actor = actors[(i // 2) % len(actors)]
        note = note_ids[(i // 2 * 7) % len(note_ids)]
        yield actor, ("vote" if i % 2 == 0 else "unvote"), note


def _wal_bytes(db_path: Path) -> int:
    wal = Path(f"{db_path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def measure(notes: int, every: int, actions: int) -> dict:
    """Time ``actions`` votes on a ``notes``-note step with SNAPSHOT_EVERY=``every``."""
    from app.extensions import db
    from app.live.engine import submit_action
    from app.live.states import read_state

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "actioncost.db"
        app = _app(db_path, every)
        workshop_id, step_id, actors, note_ids = _seed(app, notes, people=40)
        times = []
        with app.test_request_context():
            db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
            db.session.remove()
            before = _wal_bytes(db_path)
            for n, (actor, kind, note) in enumerate(_votes(actors, note_ids, actions)):
                start = time.perf_counter()
                ack = submit_action(workshop_id, actor, {"op": f"op-cost-{n:08d}", "step": step_id,
                                                         "type": kind, "data": {"note_id": note}})
                times.append((time.perf_counter() - start) * 1000)
                assert ack["ok"], ack
                db.session.remove()
            written = _wal_bytes(db_path) - before
            cold = _worst_cold_read(app, workshop_id, step_id, actors, note_ids, every, read_state, submit_action)
        with app.app_context():
            db.engine.dispose()
    times.sort()
    return {"notes": notes, "every": every, "median_ms": statistics.median(times),
            "p95_ms": times[int(len(times) * 0.95) - 1], "bytes_per_action": written / actions, "cold_read_ms": cold}


def _worst_cold_read(app, workshop_id, step_id, actors, note_ids, every, read_state, submit_action) -> float:
    """Bring the step to SNAPSHOT_EVERY - 1 actions past its snapshot, then time a read by a
    process holding no state (the most rows a read ever replays)."""
    from app.extensions import db
    from app.models import Step

    step = db.session.get(Step, step_id)
    behind = step.version - step.state_version
    extra = (every - 1 - behind) % every
    for n, (actor, kind, note) in enumerate(_votes(actors, note_ids, extra)):
        submit_action(workshop_id, actor, {"op": f"op-cold-{n:08d}", "step": step_id, "type": kind,
                                           "data": {"note_id": note}})
        db.session.remove()
    app.extensions.pop("state_cache", None)
    start = time.perf_counter()
    read_state(step_id)
    return (time.perf_counter() - start) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=300, help="votes timed per case (default 300)")
    parser.add_argument("--notes", default="300,600", help="room sizes, comma-separated (default 300,600)")
    parser.add_argument("--every", default="1,10,50,200",
                        help="SNAPSHOT_EVERY values, comma-separated; 1 is the old behaviour (default 1,10,50,200)")
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  (2-core machine, shared)")
    print(f"{'notes':>6} {'SNAPSHOT_EVERY':>15} {'median ms':>10} {'p95 ms':>8} {'bytes/action':>13} "
          f"{'worst cold read ms':>19}")
    for notes in (int(n) for n in args.notes.split(",")):
        for every in (int(e) for e in args.every.split(",")):
            r = measure(notes, every, args.actions)
            print(f"{r['notes']:>6} {r['every']:>15} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} "
                  f"{r['bytes_per_action']:>13,.0f} {r['cold_read_ms']:>19.1f}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
