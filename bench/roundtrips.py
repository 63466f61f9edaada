"""Where an action's time goes on each storage path: round trips, not seconds.

``python -m bench.roundtrips [--participants 300] [--notes 300] [--actions 40]``

Runs the real engine and broadcaster in this process (threading mode, no sockets) on SQLite alone
and on PostgreSQL + Redis (the scale-out path, docs/deploy.md), with the same seeded room: an
open Ideas step with ``--notes`` notes and ``--participants`` people online. For ``--actions``
votes it counts, per accepted action (``submit_action``) and per broadcast flush that follows
it: SQL statements, Redis round trips (a pipeline is one) and the bytes sent to Redis, and the
wall time of each (on a shared machine the times are noisy; the counts are not). Counts do not
depend on the machine, so they show what a change to the scale-out path saves.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.run import ROOT, seed

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


class Counter:
    """SQL statements and Redis round trips since the last ``take()``."""

    def __init__(self):
        self.sql = self.redis = self.redis_bytes = 0

    def take(self) -> tuple[int, int, int]:
        counts = (self.sql, self.redis, self.redis_bytes)
        self.sql = self.redis = self.redis_bytes = 0
        return counts


def instrument(engine, counter: Counter) -> None:
    from redis.connection import Connection
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda *a, **k: setattr(counter, "sql", counter.sql + 1))
    send = Connection.send_packed_command

    def counted(self, command, check_health=True):
        counter.redis += 1
        chunks = command if isinstance(command, list) else [command]
        counter.redis_bytes += sum(len(c) for c in chunks)
        return send(self, command, check_health)

    Connection.send_packed_command = counted


def fresh_postgres() -> str:
    import psycopg

    name = f"cg_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def measure(label: str, env: dict, args) -> dict:
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env={**os.environ, **env, "ASYNC_MODE": "threading"}, capture_output=True)
    seeded = seed({**os.environ, **env}, args.participants)
    os.environ.update(env, ASYNC_MODE="threading")
    from app import create_app
    from app.exercises import Actor
    from app.extensions import db
    from app.live.broadcast import get_broadcaster
    from app.live.engine import submit_action

    app = create_app()
    counter = Counter()
    rows = {"action": [], "flush": []}
    with app.app_context():
        instrument(db.engine, counter)
        workshop_id, step_id = seeded["workshop_id"], seeded["step_id"]
        from app.models import Participant

        people = [Actor("participant", f"p:{p.id}", p.name, p.organisation, p.sector)
                  for p in Participant.query.filter_by(workshop_id=workshop_id).order_by(Participant.id)]
        broadcaster = get_broadcaster()
        for person in people:
            broadcaster.store.connect(workshop_id, person.id)
        for i in range(args.notes):
            submit_action(workshop_id, people[i % len(people)], {
                "op": f"note-{i:06d}", "step": step_id, "type": "add_note", "data": {"text": f"Idea {i}"}})
        broadcaster.flush(app)
        notes = sorted(broadcaster.snapshot(db.session.get(type_workshop(), workshop_id), "facilitator")[1]
                       ["steps"][str(step_id)]["view"]["notes"])
        db.session.remove()
        counter.take()
        for i in range(args.actions):
            person = people[(i * 7) % len(people)]
            started = time.perf_counter()
            ack = submit_action(workshop_id, person, {"op": f"vote-{i:06d}", "step": step_id, "type": "vote",
                                                      "data": {"note_id": notes[i % len(notes)]}})
            db.session.remove()
            rows["action"].append((time.perf_counter() - started, *counter.take()))
            assert ack["ok"], ack
            started = time.perf_counter()
            broadcaster.flush(app)
            rows["flush"].append((time.perf_counter() - started, *counter.take()))
    return {"label": label, **{kind: summary(values) for kind, values in rows.items()}}


def type_workshop():
    from app.models import Workshop

    return Workshop


def summary(values: list[tuple]) -> dict:
    return {"ms_median": round(statistics.median(v[0] for v in values) * 1000, 2),
            "sql": statistics.median(v[1] for v in values),
            "redis_round_trips": statistics.median(v[2] for v in values),
            "redis_kb_sent": round(statistics.median(v[3] for v in values) / 1024, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--actions", type=int, default=40)
    parser.add_argument("--path", choices=("sqlite", "postgres"), help="run one path (the other in its own process)")
    args = parser.parse_args(argv)
    if args.path is None:  # each path in a fresh process: one app, one set of settings
        print(f"load average {os.getloadavg()}; {args.participants} online, {args.notes} notes, "
              f"medians over {args.actions} votes")
        for path in ("sqlite", "postgres"):
            subprocess.run([sys.executable, "-m", "bench.roundtrips", "--path", path, *map(str, (
                "--participants", args.participants, "--notes", args.notes, "--actions", args.actions))],
                cwd=ROOT, check=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="cg-roundtrips-") as folder:
        env = {"INSTANCE_PATH": str(Path(folder) / "instance"), "SECRET_KEY": "bench-secret"}
        if args.path == "sqlite":
            env.update(DATABASE_URL=f"sqlite:///{folder}/bench.db", REDIS_URL="")
            result = measure("SQLite, one process", env, args)
        else:
            url = fresh_postgres()
            try:
                env.update(DATABASE_URL=url, REDIS_URL=REDIS, REDIS_PREFIX=f"rt{uuid.uuid4().hex[:6]}",
                           PSYCOPG_WAIT_FUNC="wait_select")
                result = measure("PostgreSQL + Redis", env, args)
            finally:
                drop_postgres(url)
    for kind in ("action", "flush"):
        r = result[kind]
        print(f"{result['label']:22} per {kind:6}: {r['ms_median']:7.2f} ms, {r['sql']:4} SQL statements, "
              f"{r['redis_round_trips']:4} Redis round trips, {r['redis_kb_sent']:7.1f} KB to Redis")
    return 0


if __name__ == "__main__":
    sys.exit(main())
