"""Issue 9's benchmark: ``make bench`` / ``python -m bench.run [--participants N] ...``.

1. Starts the real server (``python wsgi.py``: eventlet, SQLite, one process) on a free port,
   seeds a live workshop with one Ideas step (3 dots) and N participants; with ``--tables T``,
   seated at T breakout tables and the step run in tables (each phone on its table's instance).
2. Load generator process(es) (``bench.loadgen``) connect N participants + one facilitator over
   websocket-only Socket.IO, then: steady add_note at ``--rate``/s for ``--steady-seconds``;
   then a vote burst (every participant votes once, uniformly over ``--burst-seconds``).
3. Measures ack latency, submit-to-visible at the facilitator, burst convergence against the
   DB's final tallies, lost actions (acked op ids vs Action rows), server and load-generator
   CPU/RSS (psutil), the participant page's first-load size.
4. Repeats the same load against ``bench.naive_server`` (emit every action to everyone).
5. Prints a table and writes ``bench/results/latest.json``.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import queue
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
EMAIL, PASSWORD = "bench@example.org", "correct horse battery staple"


# -- helpers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pct(values, p: float):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def ms(value):
    return None if value is None else round(value * 1000, 1)


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class Sampler(threading.Thread):
    """CPU% and RSS of named processes every ``interval`` seconds (psutil)."""

    def __init__(self, pids: dict[str, int], interval: float = 0.5, ws_url: str | None = None):
        super().__init__(daemon=True)
        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.interval = interval
        self.ws_url = ws_url  # the server's websocket frame counters (/_diag/websocket)
        self.ws_samples: list[tuple[float, dict]] = []
        self.samples: list[tuple[float, str, float, int, float]] = []  # (time, name, cpu%, rss, cpu seconds)
        self.halt = threading.Event()
        for p in self.procs.values():
            p.cpu_percent(None)
        psutil.cpu_percent(None)

    def run(self):
        for _ in range(100_000):  # bounded; stopped by halt long before
            if self.halt.wait(self.interval):
                return
            now = time.time()
            self._ws_sample(now)
            # Whole machine, in the same unit as a process (100 = one core busy).
            self.samples.append((now, "machine", psutil.cpu_percent(None) * (os.cpu_count() or 1), 0, 0.0))
            for name, p in self.procs.items():
                try:
                    times = p.cpu_times()
                    self.samples.append((now, name, p.cpu_percent(None), p.memory_info().rss,
                                         times.user + times.system))
                except psutil.Error:
                    pass

    def _ws_sample(self, now: float) -> None:
        if self.ws_url is None:
            return
        try:
            self.ws_samples.append((now, requests.get(self.ws_url, timeout=2).json()))
        except (requests.RequestException, ValueError):
            pass  # a saturated server may not answer in time: the next sample counts

    def frames(self, phases: dict[str, tuple[float, float]]) -> dict:
        """Websocket data frames and bytes the server sent in each phase, and per second."""
        out = {}
        for phase, (a, b) in phases.items():
            before = [s for s in self.ws_samples if s[0] <= a] or self.ws_samples[:1]
            inside = [s for s in self.ws_samples if a < s[0] <= b]
            if not before or not inside:
                continue
            (t1, s1), (t2, s2) = before[-1], inside[-1]
            seconds = max(t2 - t1, 1e-6)
            out[phase] = {"frames": s2["frames"] - s1["frames"], "bytes": s2["bytes"] - s1["bytes"],
                          "compressed": s2["compressed"] - s1["compressed"],
                          "compressions": s2["compressions"] - s1["compressions"],
                          "frames_per_s": round((s2["frames"] - s1["frames"]) / seconds),
                          "bytes_per_s": round((s2["bytes"] - s1["bytes"]) / seconds)}
        return out

    def summary(self, phases: dict[str, tuple[float, float]]) -> dict:
        out = {}
        for name in [*self.procs, "machine"]:
            mine = [s for s in self.samples if s[1] == name]
            per_phase = {}
            for phase, (a, b) in phases.items():
                inside = [s for s in mine if a < s[0] <= b]
                cpu = [s[2] for s in inside]
                before = [s for s in mine if s[0] <= a]
                start = before[-1][4] if before else (inside[0][4] if inside else 0.0)
                per_phase[phase] = {"cpu_mean": round(statistics.fmean(cpu), 1) if cpu else None,
                                    "cpu_max": round(max(cpu), 1) if cpu else None,
                                    "cpu_seconds": round(inside[-1][4] - start, 2) if inside else None}
            out[name] = {"phases": per_phase,
                         "rss_max_mb": round(max((s[3] for s in mine), default=0) / 2**20, 1),
                         "rss_end_mb": round(mine[-1][3] / 2**20, 1) if mine else None}
        return out


class Child:
    """A load-generator subprocess and a reader thread for its stdout lines."""

    def __init__(self, config_path: Path, log_path: Path):
        self.log = open(log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.loadgen", str(config_path)], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def expect(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                raise RuntimeError(f"load generator exited ({self.proc.poll()}); see {self.log.name}")
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        raise RuntimeError(f"load generator did not say {prefix!r} within {timeout}s; see {self.log.name}")

    def send(self, line: str):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self):
        stop(self.proc)
        self.log.close()


# -- the real app: setup ----------------------------------------------------------------------


def app_env(tmp: Path, port: int, compression: str | None = None) -> dict:
    # ENABLE_TEST_ROUTES: the benchmark reads the server's websocket frame counters.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}", "INSTANCE_PATH": str(tmp / "instance"),
           "SECRET_KEY": "bench-secret", "HOST": "127.0.0.1", "PORT": str(port), "ENABLE_TEST_ROUTES": "1"}
    if compression:
        env["WEBSOCKET_COMPRESSION"] = compression
    env.pop("ASYNC_MODE", None)
    return env


def ideas_step(exercise, config: dict) -> dict:
    """The benchmark's default step config: Ideas with three dots each."""
    return {**config, "dots": 3}


@contextmanager
def app_in(env: dict):
    """The app against the benchmark's database, in an app context (seeding, reading states)."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY", "ASYNC_MODE")}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}, ASYNC_MODE="threading")
    try:
        sys.path.insert(0, str(ROOT))
        from app import create_app
        from app.extensions import db

        app = create_app()
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def seat_of(index: int, tables: int) -> int:
    """Participant ``index``'s table (0-based): round-robin, one table further on each round, so
    that with sectors given in turn every table holds every sector (60 tables and 4 sectors
    would otherwise seat one sector per table)."""
    return (index % tables + index // tables) % tables


def seed(env: dict, participants: int, exercise_key: str = "ideas", configure=ideas_step, prepare=None,
         organisations: tuple = ("Org",), tables: int = 0) -> dict:
    """Facilitator, partnership, live workshop with one open step of ``exercise_key`` (the room on
    it), N participants with tokens, their organisations taken in turn from ``organisations``.

    ``configure(exercise, default config)`` gives the step's config; ``prepare(exercise, state,
    participants' ids)``, when given, returns the state the step starts from (a clause already
    put to the room, say), built with the exercise's own pure ``apply``. ``tables`` > 0: that
    many breakout tables, everyone seated (:func:`seat_of`), and the step run in tables (one
    instance per table, as the ``step_tables`` control makes them)."""
    import secrets

    with app_in(env) as app:
        from app.exercises.registry import default_config
        from app.extensions import db
        from app.models import Facilitator, Participant, Partnership, Step, Workshop
        from app.models.participant import hash_token

        facilitator = Facilitator(email=EMAIL, name="Bench")
        facilitator.set_password(PASSWORD)
        db.session.add(facilitator)
        db.session.commit()
        sectors = ["Education", "Health", "Housing", "Community"]
        partnership = Partnership(name="Bench partnership", purpose="Benchmark.", sectors=sectors,
                                  organisations=["North School", "City Clinic"], owner_id=facilitator.id)
        db.session.add(partnership)
        db.session.commit()
        exercise = app.extensions["exercises"][exercise_key]
        config = configure(exercise, default_config(exercise))
        workshop = Workshop(partnership=partnership, title="Bench workshop", join_code="BENCH001", status="live")
        db.session.add(workshop)
        step = Step(workshop=workshop, position=0, exercise_key=exercise_key, title=str(exercise.title),
                    config=config, state=exercise.initial_state(config), status="open")
        db.session.add(step)
        db.session.commit()
        workshop.current_step_id = workshop.room_step_id = step.id
        tokens, people = [], []
        for i in range(participants):
            token = secrets.token_urlsafe(24)
            tokens.append(token)
            person = Participant(workshop=workshop, token_hash=hash_token(token), rejoin_code=f"{i:06X}",
                                 name=f"P{i}", organisation=organisations[i % len(organisations)],
                                 sector=sectors[i % len(sectors)])
            people.append(person)
            db.session.add(person)
        db.session.commit()
        if prepare is not None:
            step.state = prepare(exercise, step.state, [person.id for person in people])
            db.session.commit()
        seats = seat_tables(workshop, step, people, tables) if tables else []
        result = {"workshop_id": workshop.id, "step_id": step.id, "tokens": tokens, "state": step.state,
                  "seats": seats}
    return result


def seat_tables(workshop, step, people: list, count: int) -> list[int]:
    """``count`` breakout tables, ``people`` seated at them (:func:`seat_of`), and ``step`` run in
    tables: its instances made and given what the room is doing, as the ``step_tables`` control
    does (app/tables/run.py). Returns each participant's table id, by index."""
    from app.extensions import db
    from app.models import BreakoutTable
    from app.tables.instances import ensure_instances, inherit

    tables = [BreakoutTable(workshop_id=workshop.id, position=k, name=f"Table {k + 1}") for k in range(count)]
    db.session.add_all(tables)
    db.session.flush()
    for i, person in enumerate(people):
        person.table_id = tables[seat_of(i, count)].id
    step.in_tables = True
    db.session.flush()
    ensure_instances(step)
    inherit(step)
    db.session.commit()
    return [person.table_id for person in people]


def final_states(env: dict, workshop_id: int, step_id: int) -> dict:
    """What the database holds after the run: the step's tallies (votes per note) and, for a
    step run in tables, each table's instance's (its id, version, tallies, contributors), every
    state read the app's way (snapshot + the log rows after it replayed), and the op ids of the
    participants' actions stored (``instance_ops``: on the instances)."""
    with app_in(env):
        from sqlalchemy import func, select

        from app.extensions import db
        from app.live.states import read_state
        from app.models import Action, Step

        ops = {op for op, in db.session.execute(select(Action.op_id).where(
            Action.workshop_id == workshop_id, Action.actor_key.like("p:%")))}
        instances = db.session.execute(select(Step.id, Step.table_id, Step.version)
                                       .where(Step.parent_id == step_id)).all()
        contributed = dict(db.session.execute(
            select(Action.step_id, func.count(func.distinct(Action.actor_key)))
            .where(Action.step_id.in_([i.id for i in instances]), Action.actor_key.like("p:%"))
            .group_by(Action.step_id)).all()) if instances else {}
        instance_ops = {op for op, in db.session.execute(select(Action.op_id).where(
            Action.step_id.in_([i.id for i in instances]), Action.actor_key.like("p:%")))} if instances else set()
        tables = {i.table_id: {"instance": i.id, "version": i.version, "tally": tally_of(read_state(i.id)),
                               "contributed": contributed.get(i.id, 0)} for i in instances}
        return {"ops": ops, "instance_ops": instance_ops, "tally": tally_of(read_state(step_id)), "tables": tables}


def tally_of(state: dict) -> dict:
    """Dots per note of an Ideas state, every note listed (0 when none)."""
    tallies: dict = {}
    for votes in state.get("votes", {}).values():
        for note_id, count in votes.items():
            tallies[note_id] = tallies.get(note_id, 0) + count
    return {note_id: tallies.get(note_id, 0) for note_id in sorted(state.get("notes", {}))}


def facilitator_cookie(url: str) -> str:
    session = requests.Session()
    page = session.get(url + "/login", timeout=10).text
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    response = session.post(url + "/login", data={"email": EMAIL, "password": PASSWORD,
                                                  "csrf_token": match.group(1) if match else ""}, timeout=10)
    response.raise_for_status()
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    if "session=" not in cookie:
        raise RuntimeError("facilitator login failed")
    return cookie


# -- one load run -------------------------------------------------------------------------------


def drive(args, tmp: Path, label: str, mode: str, url: str, server: subprocess.Popen, workshop_id: int,
          step_id: int, tokens: list[str], cookie: str) -> dict:
    procs = max(1, min(2, args.loadgen_procs))
    children: list[Child] = []
    try:
        for k in range(procs):
            share = [{"index": i, "token": t} for i, t in enumerate(tokens) if i % procs == k]
            config = {"mode": mode, "url": url, "proc": k, "seed": args.seed, "workshop_id": workshop_id,
                      "step_id": step_id, "participants": share, "facilitator_cookie": cookie if k == 0 else None,
                      "rate": args.rate / procs, "steady_seconds": args.steady_seconds,
                      "burst_seconds": args.burst_seconds, "quiet_seconds": args.quiet_seconds,
                      "settle_timeout": args.settle_timeout, "join_timeout": args.join_timeout,
                      "connect_concurrency": args.connect_concurrency, "deflate": not args.no_deflate,
                      "out": str(tmp / f"{label}-loadgen{k}.json")}
            path = tmp / f"{label}-loadgen{k}-config.json"
            path.write_text(json.dumps(config))
            children.append(Child(path, tmp / f"{label}-loadgen{k}.log"))
        pids = {"server": serving_pid(server), **{f"loadgen{k}": c.proc.pid for k, c in enumerate(children)}}
        sampler = Sampler(pids, ws_url=url + "/_diag/websocket" if mode == "cg" else None)
        sampler.start()
        t_join = time.time()
        ready = [json.loads(c.expect("READY", args.join_timeout + 60)) for c in children]
        t0 = time.time() + 1.0
        for c in children:
            c.send(f"GO {t0}")
        budget = args.steady_seconds + args.burst_seconds + args.settle_timeout + 90
        for c in children:
            c.expect("DONE", budget)
        t_end = time.time()
        sampler.halt.set()
        sampler.join(5)
        results = [json.loads(Path(tmp / f"{label}-loadgen{k}.json").read_text()) for k in range(procs)]
    finally:
        for c in children:
            c.close()
    t_burst = t0 + args.steady_seconds
    phases = {"join": (t_join, t0), "steady": (t0, t_burst), "burst": (t_burst, t_burst + args.burst_seconds),
              "settle": (t_burst + args.burst_seconds, t_end)}
    return {"ready": ready, "results": results, "phases": phases, "cpu": sampler.summary(phases),
            "frames": sampler.frames(phases)}


def analyse(run: dict, mode: str, db_ops: set, db_tally: dict, participants: int, tables: dict | None = None) -> dict:
    """The run's figures. ``tables`` (a step run in tables): ``seats`` (each participant's table
    id, by index) and ``db`` (per table id: its instance's tallies, version, contributors); then
    a phone converged when its notes are its own table's instance's, and "visible" is the moment
    the console's row for the action's table (``steps[id].tables``) shows the acked version."""
    results = run["results"]
    acks = [a for r in results for a in r["acks"]]
    ok = [a for a in acks if a.get("ok")]
    lat = {phase: [a["t_ack"] - a["t_send"] for a in ok if phase in ("all", a["phase"])]
           for phase in ("all", "steady", "burst")}
    fac = results[0]["facilitator"]
    visible = []
    if tables:
        visible = _table_visible(ok, fac["table_history"])
    elif mode == "cg":
        times = [t for t, _ in fac["seq_history"]]
        seqs = [s for _, s in fac["seq_history"]]
        for a in ok:
            i = bisect.bisect_left(seqs, a["v"])
            if i < len(seqs):
                visible.append(max(times[i], a["t_send"]) - a["t_send"])
    else:
        for a in ok:
            seen = fac["seen_ops"].get(a["op"])
            if seen is not None:
                visible.append(seen - a["t_send"])
    acked = {a["op"] for a in ok}
    lost = sorted(acked - db_ops)
    vote_acks = [a["t_ack"] for a in ok if a["type"] == "vote"]
    last_vote_ack = max(vote_acks) if vote_acks else None
    clients = [c for r in results for c in r["clients"]]
    changed_at = {c["index"]: c["notes_changed_at"] for c in clients}
    def expected(i):
        return tables["db"].get(tables["seats"][i], {}).get("tally") if tables else db_tally

    converged, conv_times = 0, []
    for r in results:
        for group in r["tally_groups"]:
            same = [i for i in group["clients"] if group["tally"] == expected(i)]
            converged += len(same)
            if last_vote_ack is not None:
                conv_times += [max(0.0, changed_at[i] - last_vote_ack) for i in same]
    if tables:  # the console shows each table's progress: every row at its instance's final version
        shown = {row["table"]: (row.get("version"), row.get("contributed")) for row in fac["tables"]}
        fac_converged = shown == {t: (d["version"], d["contributed"]) for t, d in tables["db"].items()}
        db_tally = {f"{t}:{n}": c for t, d in sorted(tables["db"].items()) for n, c in d["tally"].items()}
    else:
        fac_converged = fac["tally"] == db_tally
    if fac_converged and last_vote_ack is not None:
        conv_times.append(max(0.0, fac["notes_changed_at"] - last_vote_ack))
    messages = [c["messages"] for c in clients]
    codes: dict[str, int] = {}
    for a in acks:
        if not a.get("ok"):
            codes[a.get("code", "?")] = codes.get(a.get("code", "?"), 0) + 1
    phases = run["phases"]
    return {
        "participants": participants,
        "connected": sum(r["connected"] for r in results),
        "facilitator_connected": results[0]["facilitator_connected"],
        "join_seconds": round(max(r["join_seconds"] for r in results), 2),
        "join_p95_ms": ms(pct([t for r in results for t in r["join_times"]], 95)),
        "join_failures": [f for r in results for f in r["join_failures"]][:10],
        "actions_sent": len(acks),
        "actions_acked": len(ok),
        "actions_refused": codes,
        "actions_lost": len(lost),
        "lost_ops": lost[:20],
        "db_actions": len(db_ops),
        "ack_ms": {phase: {"p50": ms(pct(v, 50)), "p95": ms(pct(v, 95)), "p99": ms(pct(v, 99)), "n": len(v)}
                   for phase, v in lat.items()},
        "visible_ms": {"p50": ms(pct(visible, 50)), "p95": ms(pct(visible, 95)), "p99": ms(pct(visible, 99)),
                       "n": len(visible)},
        "convergence": {
            "clients_converged": converged, "clients": len(clients), "facilitator_converged": fac_converged,
            "all_converged": converged == len(clients) and fac_converged,
            "after_last_vote_ack_ms": {"p50": ms(pct(conv_times, 50)), "p95": ms(pct(conv_times, 95)),
                                       "max": ms(max(conv_times) if conv_times else None)},
            "notes": len(db_tally), "dots": sum(db_tally.values()),
        },
        "messages_per_client": {"mean": round(statistics.fmean(messages), 1) if messages else 0,
                                "max": max(messages, default=0), "facilitator": fac["messages"]},
        "resyncs": sum(c["resyncs"] for c in clients) + fac["resyncs"],
        "disconnected": sum(1 for c in clients if c["disconnected"]) + int(fac["disconnected"]),
        "disconnects": _disconnects(clients, phases),
        "loadgen_errors": sum(r["error_count"] for r in results),
        "loadgen_error_samples": [e for r in results for e in r["errors"]][:5],
        "settle_seconds": round(max(r["settle_seconds"] for r in results), 2),
        "phase_seconds": {k: round(b - a, 1) for k, (a, b) in phases.items()},
        "cpu": run["cpu"],
        "server_cpu_ms_per_action": _cpu_per_action(run["cpu"], acks),
        "frames": run.get("frames", {}),
        "server_cpu_us_per_frame": _cpu_per_frame(run["cpu"], run.get("frames", {})),
        "tables": _tables_summary(tables, ok) if tables else None,
    }


def _table_visible(ok: list, history: list) -> list[float]:
    """Per acked action at a table: seconds from its send until the console's row for that table
    first showed the instance at (or past) the acked ``step_version``."""
    by_table: dict[int, tuple[list, list]] = {}
    for when, table, version in history:
        times, versions = by_table.setdefault(table, ([], []))
        times.append(when)
        versions.append(version)
    out = []
    for a in ok:
        times, versions = by_table.get(a.get("table"), ([], []))
        i = bisect.bisect_left(versions, a.get("step_version") or 0)
        if i < len(versions):
            out.append(max(times[i], a["t_send"]) - a["t_send"])
    return out


def _tables_summary(tables: dict, ok: list) -> dict:
    """How the room was split and what each table did, from the database."""
    seated: dict[int, int] = {}
    for table in tables["seats"]:
        seated[table] = seated.get(table, 0) + 1
    notes = [len(d["tally"]) for d in tables["db"].values()]
    return {"count": len(tables["db"]), "seated_min": min(seated.values(), default=0),
            "seated_max": max(seated.values(), default=0),
            "notes_per_table_min": min(notes, default=0), "notes_per_table_max": max(notes, default=0),
            "acks_naming_a_table": sum(1 for a in ok if a.get("table") is not None),
            "acks_at_own_table": sum(1 for a in ok if a.get("table") == tables["seats"][a["client"]]),
            "visible_measured_on": "console steps[id].tables[..].version (the console doc carries each "
                                   "table's progress, not its notes)"}


def _cpu_per_frame(cpu: dict, frames: dict) -> dict:
    """Server CPU time per websocket data frame it sent, by phase (everything included)."""
    phases = cpu["server"]["phases"]
    out = {}
    for phase, counted in frames.items():
        seconds = phases.get(phase, {}).get("cpu_seconds")
        if seconds is not None and counted["frames"]:
            out[phase] = round(seconds / counted["frames"] * 1e6, 1)
    return out


def _cpu_per_action(cpu: dict, acks: list) -> dict:
    """Server CPU time (user+system) per action sent: steady phase, and burst+settle per vote.
    Includes everything the server did meanwhile (broadcasting to every client, pings)."""
    phases = cpu["server"]["phases"]
    steady = sum(1 for a in acks if a["phase"] == "steady")
    votes = sum(1 for a in acks if a["phase"] == "burst")
    tail = [phases[p]["cpu_seconds"] for p in ("burst", "settle") if phases[p]["cpu_seconds"] is not None]
    return {"steady": round(phases["steady"]["cpu_seconds"] / steady * 1000, 2)
            if steady and phases["steady"]["cpu_seconds"] is not None else None,
            "burst_and_settle": round(sum(tail) / votes * 1000, 2) if votes and tail else None}


def _disconnects(clients: list, phases: dict) -> dict:
    """Unexpected disconnects by (phase, reason)."""
    out: dict[str, int] = {}
    for c in clients:
        if c.get("disconnect_info"):
            when, reason = c["disconnect_info"]
            phase = next((p for p, (a, b) in phases.items() if a <= when <= b), "other")
            out[f"{phase}:{reason}"] = out.get(f"{phase}:{reason}", 0) + 1
    return out


def server_command(kind: str, port: int) -> list[str]:
    """The default server, or the documented gevent alternative under gunicorn."""
    if kind == "gevent":
        return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "--worker-connections", "5000",
                "-b", f"127.0.0.1:{port}", "wsgi:app"]
    return [sys.executable, "wsgi.py"]


def serving_pid(server: subprocess.Popen) -> int:
    """The process that serves: gunicorn's one worker, else the server itself."""
    children = psutil.Process(server.pid).children()
    return children[0].pid if children else server.pid


def run_cg(args, tmp: Path, compression: str | None = None) -> dict:
    port = free_port()
    tmp = tmp / (compression or "cg")
    tmp.mkdir(parents=True, exist_ok=True)
    env = app_env(tmp, port, compression)
    if args.server == "gevent":
        env["ASYNC_MODE"] = "gevent"
    url = f"http://127.0.0.1:{port}"
    migrated = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                              env={**env, "ASYNC_MODE": "threading"}, capture_output=True, text=True, timeout=120)
    if migrated.returncode:
        raise RuntimeError("flask db upgrade failed:\n" + migrated.stderr[-3000:])
    seeded = seed(env, args.participants, tables=args.tables)
    log = open(tmp / "server.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(server_command(args.server, port), cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        wait_http(url + "/", server)
        cookie = facilitator_cookie(url)
        from bench.pageweight import measure

        wid, sid = seeded["workshop_id"], seeded["step_id"]
        page = measure(url, f"/w/{wid}/me", {f"cg_p{wid}": seeded["tokens"][0]})
        run = drive(args, tmp, "cg", "cg", url, server, wid, sid, seeded["tokens"], cookie)
    finally:
        stop(server)
        log.close()
    final = final_states(env, wid, sid)
    tables = {"seats": seeded["seats"], "db": final["tables"]} if args.tables else None
    out = analyse(run, "cg", final["ops"], final["tally"], args.participants, tables)
    if tables:
        out["tables"]["actions_on_instances"] = len(final["instance_ops"])
    out["page_weight"] = page
    out["ws_compression"] = compression or "default"
    return out


def run_naive(args, tmp: Path) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db_path = tmp / "naive.db"
    env = {**os.environ, "NAIVE_DB": str(db_path), "HOST": "127.0.0.1", "PORT": str(port), "NAIVE_STEP": "1"}
    tokens = [f"naive-token-{i:06d}" for i in range(args.participants)]
    log = open(tmp / "naive-server.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "-m", "bench.naive_server"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        wait_http(url + "/", server)
        run = drive(args, tmp, "naive", "naive", url, server, 1, 1, tokens, "")
    finally:
        stop(server)
        log.close()
    db = sqlite3.connect(db_path)
    try:
        db_ops = {row[0] for row in db.execute("SELECT op_id FROM action")}
        db_tally = {f"n{i}": dots for i, dots in sorted(db.execute("SELECT id, dots FROM note"))}
    finally:
        db.close()
    db_tally = dict(sorted(db_tally.items()))
    return analyse(run, "naive", db_ops, db_tally, args.participants)


# -- report -------------------------------------------------------------------------------------


def machine() -> dict:
    mem = psutil.virtual_memory()
    return {"nproc": os.cpu_count(), "mem_total_gb": round(mem.total / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform(), "cpu_model": _cpu_model()}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _busy_cpu(r: dict, name: str = "server") -> float | None:
    phases = r["cpu"][name]["phases"]
    vals = [phases[p]["cpu_mean"] for p in ("steady", "burst") if phases[p]["cpu_mean"] is not None]
    return round(statistics.fmean(vals), 1) if vals else None


def ratio(a, b):
    return round(a / b, 2) if a is not None and b not in (None, 0) else None


def summarise(cg: dict, naive: dict | None) -> dict:
    keys = {
        "messages_per_client": lambda r: r["messages_per_client"]["mean"],
        "ack_p95_ms": lambda r: r["ack_ms"]["all"]["p95"],
        "visible_p95_ms": lambda r: r["visible_ms"]["p95"],
        "server_cpu_pct": _busy_cpu,
    }
    out = {"common_ground": {k: f(cg) for k, f in keys.items()}}
    if naive:
        out["naive"] = {k: f(naive) for k, f in keys.items()}
        out["naive_over_cg"] = {k: ratio(out["naive"][k], out["common_ground"][k]) for k in keys}
    return out


def print_table(report: dict) -> None:
    cg, naive = report["common_ground"], report.get("naive")
    variants = report.get("variants") or {"": cg}
    cols = [(f"CG {mode}".strip(), r) for mode, r in variants.items()] + ([("naive", naive)] if naive else [])

    def row(label, fn):
        cells = []
        for _, r in cols:
            try:
                cells.append(str(fn(r)))
            except (KeyError, TypeError):
                cells.append("-")
        print(f"  {label:<38}" + "".join(f"{c:>22}" for c in cells))

    a = report["args"]
    print(f"\nCommon Ground benchmark: N={a['participants']}, steady {a['rate']}/s for {a['steady_seconds']}s, "
          f"vote burst over {a['burst_seconds']}s, {a['loadgen_procs']} load-generator process(es), "
          f"server: {a.get('server', 'eventlet')}, clients offer deflate: {not a.get('no_deflate')}")
    print(f"  load average at start / end: {report.get('load_start')} / {report.get('load_end')}")
    t = cg.get("tables")
    if t:
        print(f"  in {t['count']} breakout tables ({t['seated_min']}-{t['seated_max']} seated, "
              f"{t['notes_per_table_min']}-{t['notes_per_table_max']} notes each); phones converge to their "
              f"table's instance; visible = {t['visible_measured_on']}")
    print(f"  {'':<38}" + "".join(f"{name:>22}" for name, _ in cols))
    row("connected / N", lambda r: f"{r['connected']}/{r['participants']}")
    row("join: all connected+synced (s)", lambda r: r["join_seconds"])
    row("actions sent / acked ok", lambda r: f"{r['actions_sent']}/{r['actions_acked']}")
    row("actions refused (by code)", lambda r: r["actions_refused"] or 0)
    row("actions LOST (acked, not in DB)", lambda r: r["actions_lost"])
    for phase in ("all", "steady", "burst"):
        row(f"ack ms p50/p95/p99 ({phase})",
            lambda r, p=phase: "{p50}/{p95}/{p99}".format(**r["ack_ms"][p]))
    row("submit->visible ms p50/p95/p99", lambda r: "{p50}/{p95}/{p99}".format(**r["visible_ms"]))
    row("converged clients (+facilitator)", lambda r: f"{r['convergence']['clients_converged']}/"
        f"{r['convergence']['clients']}+{int(r['convergence']['facilitator_converged'])}")
    row("convergence after last vote ack p95/max ms",
        lambda r: "{p95}/{max}".format(**r["convergence"]["after_last_vote_ack_ms"]))
    row("messages per participant (mean)", lambda r: r["messages_per_client"]["mean"])
    row("resyncs / disconnects", lambda r: f"{r['resyncs']}/{r['disconnected']}")
    row("disconnects by phase:reason", lambda r: r["disconnects"] or 0)
    for phase in ("join", "steady", "burst", "settle"):
        row(f"server CPU% mean/max ({phase})",
            lambda r, p=phase: "{cpu_mean}/{cpu_max}".format(**r["cpu"]["server"]["phases"][p]))
    row("server CPU ms per action (steady / burst)",
        lambda r: "{steady}/{burst_and_settle}".format(**r["server_cpu_ms_per_action"]))
    for phase in ("steady", "burst"):
        row(f"ws frames/s, KB/s sent ({phase})", lambda r, p=phase: "{frames_per_s}, {kb}".format(
            kb=round(r["frames"][p]["bytes_per_s"] / 1024), **r["frames"][p]))
        row(f"server CPU us per frame ({phase})", lambda r, p=phase: r["server_cpu_us_per_frame"][p])
    row("frames compressed / compressions (burst)",
        lambda r: "{compressed}/{compressions}".format(**r["frames"]["burst"]))
    row("server RSS max MB", lambda r: r["cpu"]["server"]["rss_max_mb"])
    for phase in ("join", "steady", "burst"):
        row(f"whole machine CPU% mean ({phase}, 100=1 core)",
            lambda r, p=phase: r["cpu"]["machine"]["phases"][p]["cpu_mean"])
    for phase in ("join", "steady", "burst"):
        row(f"loadgen CPU% mean/max ({phase})", lambda r, p=phase: " ".join(
            "{cpu_mean}/{cpu_max}".format(**v["phases"][p]) for k, v in r["cpu"].items() if k.startswith("loadgen")))
    pw = cg.get("page_weight")
    if pw:
        print(f"\n  participant page first load: {pw['count']} files, raw {pw['raw_bytes']:,} B, "
              f"as served {pw['wire_bytes']:,} B (server compresses: {pw['server_compresses']}), "
              f"gzip -6 per file {pw['gzip_bytes']:,} B")
    s = report["summary"]
    if "naive_over_cg" in s:
        print("\n  naive / Common Ground: " + ", ".join(f"{k} x{v}" for k, v in s["naive_over_cg"].items()))
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--steady-seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=30, help="steady actions per second, overall")
    parser.add_argument("--burst-seconds", type=float, default=10)
    parser.add_argument("--loadgen-procs", type=int, default=1, choices=(1, 2))
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--quiet-seconds", type=float, default=2.0, help="settled when nothing arrives for this long")
    parser.add_argument("--settle-timeout", type=float, default=60.0)
    parser.add_argument("--join-timeout", type=float, default=240.0)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--server", choices=("eventlet", "gevent"), default="eventlet",
                        help="python wsgi.py (eventlet), or gunicorn -k gevent -w 1 (ASYNC_MODE=gevent)")
    parser.add_argument("--tables", type=int, default=0,
                        help="seat the participants at this many breakout tables and run the Ideas step in "
                             "tables (0: the whole room on one step)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive broadcast baseline")
    parser.add_argument("--ws-compression", default="",
                        help="comma-separated WEBSOCKET_COMPRESSION modes (shared, off, per-socket): one Common "
                             "Ground run each, one after another in this invocation (an A/B in the same run)")
    parser.add_argument("--no-deflate", action="store_true",
                        help="clients do not offer permessage-deflate (browsers do; the default offers it)")
    parser.add_argument("--no-cg", action="store_true", help="only the naive baseline")
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (DBs, logs)")
    args = parser.parse_args(argv)
    if args.tables < 0 or args.tables > args.participants:
        parser.error("--tables must be between 0 and --participants")

    tmp = Path(tempfile.mkdtemp(prefix="cg-bench-"))
    started = time.time()
    load_start = os.getloadavg()
    modes = [m.strip() for m in args.ws_compression.split(",") if m.strip()] or [None]
    try:
        variants = {} if args.no_cg else {(m or "default"): run_cg(args, tmp, m) for m in modes}
        cg = next(iter(variants.values()), None)
        naive = None if args.no_naive else run_naive(args, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report = {"args": vars(args), "machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "duration_seconds": round(time.time() - started, 1), "common_ground": cg, "naive": naive,
              "variants": variants if len(variants) > 1 else None,
              "load_start": [round(x, 2) for x in load_start], "load_end": [round(x, 2) for x in os.getloadavg()]}
    report["summary"] = summarise(cg, naive) if cg else {}
    if cg:
        print_table(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
