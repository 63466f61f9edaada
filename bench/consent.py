"""Issue 20: a whole room answering one agreement clause at once.

``python -m bench.consent [--participants 300] [--seconds 10]``

Starts the real server (``python wsgi.py``: eventlet, SQLite, one process, the phones' clients
offering permessage-deflate as Chromium does: ``bench.sioclient``), seeds a live workshop whose
one step is the agreement exercise with its first clause already put to the room and one named
representative per organisation, connects N participants and the facilitator, then has every
participant answer that clause once, at a uniformly random moment over ``--seconds`` (a quarter
with reservations and a reason, as a real room would). It reports:

* acknowledgement latency (p50 / p95 / max) of the answers, and any refused or unanswered;
* answers lost: acknowledged but with no row in the action log (read from SQLite afterwards);
* when the facilitator's document and every phone's counted all N answers, after the last ack;
* the server's CPU time from the first answer to the last acknowledgement, and the machine's
  load average (the machine is shared: read every figure beside it).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

from bench.loadgen import merge_apply
from bench.run import ROOT, app_env, facilitator_cookie, free_port, ms, pct, seed, server_command, stop, wait_http
from bench.sioclient import Decoder, SioClient

ORGANISATIONS = ("North School", "City Clinic", "Housing Trust")
ANSWERS = ("support", "support", "support", "reservations", "discuss", "object")


def first_clause_open(exercise, state: dict, participant_ids: list[int]) -> dict:
    """The seeded step's state: clause c1 open, the first participant of each organisation its
    representative (through the exercise's own pure actions, as the facilitator would)."""
    from app.exercises.contract import Action, Actor

    facilitator = Actor("facilitator", "f:1")
    clause = sorted(state["clauses"], key=lambda c: state["clauses"][c]["order"])[0]
    state = exercise.apply(state, Action("open_clause", {"clause_id": clause}), facilitator)
    for index, organisation in enumerate(ORGANISATIONS[:len(participant_ids)]):
        state = exercise.apply(state, Action("set_representative", {
            "actor_id": f"p:{participant_ids[index]}", "organisation": organisation}), facilitator)
    return state


class Phone:
    """One connection following its live document (sync, then merge patches on the chain)."""

    def __init__(self, session, decoder, auth, headers=None, deflate=True):
        self.auth, self.headers = auth, headers or {}
        self.sio = SioClient(session, decoder, {"patch": self.on_patch}, deflate=deflate)
        self.doc, self.version, self.resyncs = None, 0, 0
        self.counted_at: float | None = None  # when its document first counted every answer
        self.want = 0
        self.step = self.clause = ""

    async def join(self, url):
        await self.sio.connect(url, self.auth, self.headers)
        await self.sync()

    async def sync(self):
        reply = await self.sio.call("sync", {})
        if not reply or not reply.get("ok"):
            raise RuntimeError(f"sync refused: {reply}")
        if reply["v"] >= self.version:
            self.doc, self.version = reply["doc"], reply["v"]
            self.check()

    def on_patch(self, message):
        if self.doc is None or message["to"] <= self.version:
            return
        if message["from"] != self.version:
            self.resyncs += 1
            asyncio.get_running_loop().create_task(self.sync())
            return
        self.doc, self.version = merge_apply(self.doc, message["patch"]), message["to"]
        self.check()

    def total(self) -> int:
        try:
            return self.doc["steps"][self.step]["view"]["clauses"][self.clause]["results"]["total"]
        except (KeyError, TypeError):
            return -1

    def check(self):
        if self.want and self.counted_at is None and self.total() >= self.want:
            self.counted_at = time.time()


async def drive(url, workshop_id, step_id, clause, tokens, cookie, seconds, deflate, seed_value, server):
    rng = random.Random(seed_value)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        decoder = Decoder()
        facilitator = Phone(session, decoder, {"workshop": workshop_id, "as": "facilitator"},
                            {"Cookie": cookie}, deflate)
        phones = [Phone(session, decoder, {"workshop": workshop_id, "as": "participant", "token": t}, None, deflate)
                  for t in tokens]
        for phone in [facilitator, *phones]:
            phone.step, phone.clause, phone.want = str(step_id), clause, len(phones)
        gate = asyncio.Semaphore(50)

        async def join(phone):
            async with gate:
                await phone.join(url)

        started = time.time()
        await asyncio.gather(*(join(p) for p in [facilitator, *phones]))
        joined = time.time() - started
        acks: list[dict] = []

        async def answer(phone, index, when):
            await asyncio.sleep(max(0.0, when - time.time()))
            kind = ANSWERS[index % len(ANSWERS)]
            data = {"clause_id": clause, "version": 1, "answer": kind,
                    "reason": "We need the budget line first." if kind in ("reservations", "object") else ""}
            record = {"op": f"consent-{index:06d}", "sent": time.time()}
            acks.append(record)
            try:
                ack = await phone.sio.call("act", {"op": record["op"], "step": step_id, "type": "answer",
                                                   "data": data}, timeout=60)
                record.update(acked=time.time(), ok=bool(ack and ack.get("ok")),
                              code=None if ack and ack.get("ok") else (ack or {}).get("code", "?"))
            except Exception as exc:  # noqa: BLE001 - a timeout or a dropped connection
                record.update(ok=False, code=f"no-ack:{type(exc).__name__}")

        t0 = time.time() + 0.5
        cpu_before = sum(server.cpu_times()[:2])
        await asyncio.gather(*(answer(p, i, t0 + rng.uniform(0, seconds)) for i, p in enumerate(phones)))
        cpu_seconds = sum(server.cpu_times()[:2]) - cpu_before
        last_ack = max((a["acked"] for a in acks if a.get("ok")), default=time.time())
        deadline = time.time() + 30
        everyone = [facilitator, *phones]
        while time.time() < deadline and any(p.counted_at is None for p in everyone):
            await asyncio.sleep(0.05)
        for phone in everyone:
            await phone.sio.close()
    return {"joined_seconds": joined, "acks": acks, "cpu_seconds": cpu_seconds, "last_ack": last_ack, "burst_start": t0,
            "facilitator_counted": facilitator.counted_at, "phones_counted": [p.counted_at for p in phones],
            "resyncs": sum(p.resyncs for p in everyone)}


def report(run: dict, logged_ops: set, args, load_before, load_after) -> dict:
    acks = run["acks"]
    ok = [a for a in acks if a.get("ok")]
    latencies = [a["acked"] - a["sent"] for a in ok]
    refused: dict = {}
    for a in acks:
        if not a.get("ok"):
            refused[a.get("code")] = refused.get(a.get("code"), 0) + 1
    after = [c - run["last_ack"] for c in run["phones_counted"] if c is not None]
    facilitator = run["facilitator_counted"]
    return {
        "participants": args.participants, "seconds": args.seconds, "deflate": not args.no_deflate,
        "joined_seconds": round(run["joined_seconds"], 2),
        "answers_sent": len(acks), "answers_acked": len(ok), "refused": refused,
        "lost": sorted({a["op"] for a in ok} - logged_ops),
        "ack_ms": {"p50": ms(pct(latencies, 50)), "p95": ms(pct(latencies, 95)),
                   "max": ms(max(latencies, default=None))},
        "facilitator_counted_all_after_last_ack_ms":
            ms(max(0.0, facilitator - run["last_ack"])) if facilitator else None,
        "phones_counted_all": f"{len(after)}/{args.participants}",
        "phones_after_last_ack_ms": {"p95": ms(max(0.0, pct(after, 95))) if after else None,
                                     "max": ms(max(0.0, max(after))) if after else None},
        "resyncs": run["resyncs"],
        "server_cpu_seconds_in_burst": round(run["cpu_seconds"], 2),
        "server_cpu_ms_per_answer": round(run["cpu_seconds"] / len(ok) * 1000, 2) if ok else None,
        "load_average_before_after": [load_before, load_after],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10, help="the answers are spread over this long")
    parser.add_argument("--no-deflate", action="store_true", help="clients decline compression (not as browsers)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--out", default="", help="also write the report as JSON here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cg-consent-") as folder:
        tmp, port = Path(folder), free_port()
        env = app_env(tmp, port)
        migrated = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                                  env={**env, "ASYNC_MODE": "threading"}, capture_output=True, text=True, timeout=120)
        if migrated.returncode:
            raise SystemExit("flask db upgrade failed:\n" + migrated.stderr[-3000:])
        seeded = seed(env, args.participants, "agreement", configure=lambda exercise, config: config,
                      prepare=first_clause_open, organisations=ORGANISATIONS)
        clause = seeded["state"]["open"]
        url = f"http://127.0.0.1:{port}"
        with open(tmp / "server.log", "wb") as log:
            server = subprocess.Popen(server_command("eventlet", port), cwd=ROOT, env=env, stdout=log,
                                      stderr=subprocess.STDOUT)
            try:
                wait_http(url + "/", server)
                cookie = facilitator_cookie(url)
                load_before = [round(x, 2) for x in psutil.getloadavg()]
                run = asyncio.run(drive(url, seeded["workshop_id"], seeded["step_id"], clause, seeded["tokens"],
                                        cookie, args.seconds, not args.no_deflate, args.seed,
                                        psutil.Process(server.pid)))
                load_after = [round(x, 2) for x in psutil.getloadavg()]
            finally:
                stop(server)
        with sqlite3.connect(tmp / "bench.db") as db:
            logged = {row[0] for row in db.execute(
                "SELECT op_id FROM action WHERE step_id = ? AND type = 'answer'", (seeded["step_id"],))}
    result = report(run, logged, args, load_before, load_after)
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    return 0 if not result["lost"] and result["answers_acked"] == args.participants else 1


if __name__ == "__main__":
    sys.exit(main())
