"""Load generator: many light Socket.IO clients on one asyncio loop (one process).

Each client is a ``bench.sioclient.SioClient``: one websocket speaking just the part of
Socket.IO the benchmark needs, so that 1,000 of them fit in a fraction of one core.

Run by ``bench.run`` as ``python -m bench.loadgen CONFIG.json``. Protocol with the parent on
stdin/stdout, one line each:

    child:  READY <json: join stats>      (every client connected and synced, or gave up)
    parent: GO <t0>                       (wall-clock start of the steady phase)
    child:  DONE                          (results written to config["out"])

Two modes: ``cg`` speaks the Common Ground protocol (``sync`` + versioned merge ``patch``es),
``naive`` speaks the baseline of ``bench.naive_server`` (every action pushed to everyone).
Every loop here is bounded in count and in time.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time

import aiohttp

from bench.sioclient import Decoder, SioClient

CALL_TIMEOUT = 30.0


def merge_apply(target, patch):
    """RFC 7386 merge patch, applied in place where ``target`` is a dict (each client owns its
    document, decoded from its own messages, so nothing is shared). Same result as
    app.live.mergepatch.apply, which copies every dict on the path; copying a 600-note dict on
    every patch for 1,000 clients made the load generator, not the server, the bottleneck."""
    if not isinstance(patch, dict):
        return patch
    result = target if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_apply(result.get(key), value)
    return result


def _touches_notes(patch) -> bool:
    steps = patch.get("steps") if isinstance(patch, dict) else None
    if steps is None:
        return False
    if not isinstance(steps, dict):
        return True
    for step in steps.values():
        if not isinstance(step, dict):
            return True
        view = step.get("view")
        if view is None:
            continue
        if not isinstance(view, dict) or "notes" in view:
            return True
    return False


class Client:
    def __init__(self, gen: Generator, index: int, role: str, auth: dict, headers: dict | None = None):
        self.gen, self.index, self.role, self.auth, self.headers = gen, index, role, auth, headers or {}
        handlers = {"patch": self._on_patch, "personal": self._on_personal} if gen.mode == "cg" \
            else {"action": self._on_action}
        self.sio: SioClient | None = None
        self.handlers = handlers
        self.doc: dict | None = None
        self.version = 0
        self.messages = 0
        self.resyncs = 0
        self.notes_changed_at = 0.0
        self.connected = False
        self.disconnected = False
        self.disconnect_info: tuple[float, str] | None = None
        self.seq_history: list[tuple[float, int]] = []  # facilitator: (time, doc seq) when seq grows
        # Facilitator, step run in tables: (time, table id, instance version) when a table's
        # progress row (``steps[id].tables``) shows a newer version of its instance.
        self.table_history: list[tuple[float, int, int]] = []
        self.table_versions: dict[int, int] = {}
        self.seen_ops: dict[str, float] = {}  # facilitator, naive mode: op -> first time seen

    # -- connection -----------------------------------------------------------------------

    async def join(self) -> float:
        start = time.time()
        self.sio = SioClient(self.gen.session, self.gen.decoder, self.handlers, self._on_disconnect,
                             deflate=self.gen.config.get("deflate", True))
        await self.sio.connect(self.gen.url, self.auth, self.headers, CALL_TIMEOUT)
        self.connected = True
        await self.sync()
        return time.time() - start

    def _on_disconnect(self, reason: str):
        if self.connected and not self.gen.closing:
            self.disconnected = True
            self.disconnect_info = (time.time(), reason)

    async def sync(self) -> None:
        reply = await self.sio.call("sync", {}, timeout=CALL_TIMEOUT)
        if not reply or not reply.get("ok"):
            raise RuntimeError(f"sync refused: {reply}")
        if reply["v"] < self.version:
            return
        self.doc, self.version = reply["doc"], reply["v"]
        self.notes_changed_at = time.time()
        self._note_seq()

    async def _resync(self) -> None:
        self.resyncs += 1
        try:
            await self.sync()
        except Exception:  # noqa: BLE001 - counted as not converged at the end
            self.gen.errors.append(f"resync failed for client {self.index}")

    # -- incoming -------------------------------------------------------------------------

    def _on_patch(self, message):
        self.messages += 1
        self.gen.last_message_at = time.time()
        if self.doc is None or message["to"] <= self.version:
            return
        if message["from"] != self.version:
            self.gen.spawn(self._resync())
            return
        patch = message["patch"]
        self.doc = merge_apply(self.doc, patch)
        self.version = message["to"]
        if _touches_notes(patch):
            self.notes_changed_at = time.time()
        self._note_seq()

    def _on_personal(self, _message):
        self.messages += 1
        self.gen.last_message_at = time.time()

    def _on_action(self, message):
        """Naive baseline: the full action, applied to a local copy of the notes."""
        self.messages += 1
        now = self.gen.last_message_at = time.time()
        if self.doc is None:
            return
        notes = self.doc["steps"][str(self.gen.step_id)]["view"]["notes"]
        if message["type"] == "add_note":
            notes.setdefault(message["note_id"], {"text": message["data"]["text"], "dots": 0})
        elif message["type"] == "vote" and message["note_id"] in notes:
            notes[message["note_id"]]["dots"] += 1
        self.doc["seq"] = max(self.doc.get("seq", 0), message["v"])
        self.notes_changed_at = now
        if self.role == "facilitator":
            self.seen_ops.setdefault(message["op"], now)

    def _note_seq(self):
        if self.role != "facilitator" or self.doc is None:
            return
        seq = self.doc.get("seq", 0)
        if not self.seq_history or seq > self.seq_history[-1][1]:
            self.seq_history.append((time.time(), seq))
        self._note_tables()

    def _note_tables(self):
        """A step run in tables: the console shows each table's progress, not its notes; note
        when each table's row first shows a newer version of its instance."""
        for row in self.progress():
            table, version = row.get("table"), row.get("version", 0)
            if isinstance(table, int) and version > self.table_versions.get(table, -1):
                self.table_versions[table] = version
                self.table_history.append((time.time(), table, version))

    def progress(self) -> list:
        try:
            return self.doc["steps"][str(self.gen.step_id)].get("tables") or []
        except (KeyError, TypeError, AttributeError):
            return []

    # -- outgoing -------------------------------------------------------------------------

    def notes(self) -> dict:
        try:
            return self.doc["steps"][str(self.gen.step_id)]["view"]["notes"]
        except (KeyError, TypeError):
            return {}

    def tally(self) -> dict:
        return {note_id: note.get("dots", 0) for note_id, note in sorted(self.notes().items())}

    async def act(self, action_type: str, data: dict, phase: str) -> None:
        op = f"b{self.gen.proc}-{self.index}-{next(self.gen.ops):07d}"
        record = {"op": op, "type": action_type, "phase": phase, "client": self.index, "t_send": time.time()}
        self.gen.acks.append(record)
        try:
            ack = await self.sio.call("act", {"op": op, "step": self.gen.step_id, "type": action_type,
                                             "data": data}, timeout=CALL_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - a timeout or a dropped connection (ConnectionError)
            record.update(ok=False, code=f"no-ack:{type(exc).__name__}")
            return
        record["t_ack"] = time.time()
        record["ok"] = bool(ack and ack.get("ok"))
        if record["ok"]:
            record["v"] = ack.get("v")
            if "table" in ack:  # a step run in tables: the table's instance took it
                record.update(table=ack["table"], instance=ack.get("instance"), step_version=ack.get("step_version"))
        else:
            record["code"] = (ack or {}).get("code", "?")


class Generator:
    def __init__(self, config: dict):
        self.config = config
        self.mode = config["mode"]
        self.url = config["url"]
        self.proc = config["proc"]
        self.step_id = config["step_id"]
        self.rng = random.Random(config["seed"] + self.proc)
        self.acks: list[dict] = []
        self.errors: list[str] = []
        self.tasks: set = set()
        self.closing = False
        self.last_message_at = time.time()
        self.ops = iter(range(10_000_000))
        self.decoder = Decoder()
        self.session: aiohttp.ClientSession | None = None  # made on the running loop, in ``open``
        workshop = config["workshop_id"]
        self.clients = [
            Client(self, p["index"], "participant", {"workshop": workshop, "as": "participant", "token": p["token"]})
            for p in config["participants"]
        ]
        self.facilitator = None
        if config.get("facilitator_cookie") is not None:
            self.facilitator = Client(self, -1, "facilitator", {"workshop": workshop, "as": "facilitator"},
                                      {"Cookie": config["facilitator_cookie"]})

    async def open(self) -> None:
        # limit=0: a websocket holds its connection for the whole run, and the default pool
        # (100) would stall the 101st client.
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    def spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def join_all(self) -> dict:
        sem = asyncio.Semaphore(self.config.get("connect_concurrency", 50))
        times: list[float] = []
        failures: list[str] = []

        async def one(client: Client):
            async with sem:
                try:
                    times.append(await asyncio.wait_for(client.join(), CALL_TIMEOUT * 2))
                except Exception as exc:  # noqa: BLE001
                    failures.append(f"{type(exc).__name__}: {exc}"[:200])

        start = time.time()
        if self.facilitator:
            await one(self.facilitator)
        await asyncio.wait_for(asyncio.gather(*(one(c) for c in self.clients)), self.config["join_timeout"])
        return {"join_seconds": time.time() - start, "join_times": times, "join_failures": failures,
                "connected": sum(1 for c in self.clients if c.doc is not None),
                "facilitator_connected": bool(self.facilitator and self.facilitator.doc is not None)}

    async def steady(self, t0: float) -> None:
        """``rate`` add_note actions per second (this process's share) from random participants."""
        rate, seconds = self.config["rate"], self.config["steady_seconds"]
        live = [c for c in self.clients if c.doc is not None]
        count = int(rate * seconds)
        for k in range(count):
            await _sleep_until(t0 + k / rate)
            if not live:
                break
            client = self.rng.choice(live)
            text = f"Idea {self.proc}.{k}: " + " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 9)))
            self.spawn(client.act("add_note", {"text": text}, "steady"))

    async def burst(self, t_start: float) -> None:
        """Every participant places one dot, at a uniformly random moment in the window."""
        seconds = self.config["burst_seconds"]
        live = [c for c in self.clients if c.doc is not None]
        schedule = sorted((t_start + self.rng.uniform(0, seconds), i) for i in range(len(live)))
        for when, i in schedule:
            await _sleep_until(when)
            self.spawn(self._vote(live[i], self.rng.random()))

    async def _vote(self, client: Client, pick: float) -> None:
        """One dot on a note of the client's own document. A saturated server patches phones
        less often (the adaptive cadence), so a phone may not have seen a note yet: wait for
        one (bounded) rather than skip the vote."""
        for _ in range(300):
            notes = list(client.notes())
            if notes:
                await client.act("vote", {"note_id": notes[int(pick * len(notes))]}, "burst")
                return
            await asyncio.sleep(0.1)
        self.errors.append(f"client {client.index} saw no notes to vote on")

    async def settle(self) -> float:
        """Wait for outstanding acks, then until no client has received anything for ``quiet``."""
        quiet, limit = self.config["quiet_seconds"], self.config["settle_timeout"]
        start = time.time()
        while self.tasks and time.time() - start < limit:
            await asyncio.sleep(0.1)
        while time.time() - start < limit:
            if time.time() - self.last_message_at >= quiet:
                break
            await asyncio.sleep(0.1)
        return time.time() - start

    def results(self, join: dict, settle_seconds: float) -> dict:
        groups: dict[str, dict] = {}
        clients = []
        for c in self.clients:
            tally = c.tally()
            key = json.dumps(tally, sort_keys=True)
            groups.setdefault(key, {"tally": tally, "clients": []})["clients"].append(c.index)
            clients.append({"index": c.index, "messages": c.messages, "frames": c.sio.frames if c.sio else 0,
                            "resyncs": c.resyncs, "synced": c.doc is not None,
                            "disconnected": c.disconnected, "disconnect_info": c.disconnect_info,
                            "notes_changed_at": c.notes_changed_at})
        fac = self.facilitator
        return {
            "proc": self.proc, "mode": self.mode, **join, "settle_seconds": settle_seconds,
            "acks": self.acks, "errors": self.errors[:50], "error_count": len(self.errors),
            "frames_decoded": self.decoder.decoded, "frames_reused": self.decoder.reused,
            "clients": clients, "tally_groups": list(groups.values()),
            "facilitator": None if fac is None else {
                "messages": fac.messages, "resyncs": fac.resyncs, "seq_history": fac.seq_history,
                "seen_ops": fac.seen_ops, "tally": fac.tally(), "notes_changed_at": fac.notes_changed_at,
                "table_history": fac.table_history, "tables": fac.progress(),
                "disconnected": fac.disconnected,
            },
        }

    async def close(self) -> None:
        self.closing = True
        everyone = self.clients + ([self.facilitator] if self.facilitator else [])

        async def one(c):
            try:
                if c.sio is not None:
                    await asyncio.wait_for(c.sio.close(), 5)
            except Exception:  # noqa: BLE001
                pass

        for i in range(0, len(everyone), 100):
            await asyncio.gather(*(one(c) for c in everyone[i:i + 100]))
        await self.session.close()


async def _sleep_until(when: float) -> None:
    delay = when - time.time()
    if delay > 0:
        await asyncio.sleep(delay)


WORDS = ("shared", "data", "school", "clinic", "housing", "youth", "transport", "meals", "referrals", "mentoring",
         "volunteers", "family", "hub", "pilot", "evening", "outreach", "language", "digital", "safe", "routes")


async def _readline() -> str:
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


async def main(config_path: str) -> None:
    with open(config_path) as fh:
        config = json.load(fh)
    gen = Generator(config)
    await gen.open()
    join = await gen.join_all()
    print("READY " + json.dumps({k: join[k] for k in ("connected", "join_seconds", "facilitator_connected")}),
          flush=True)
    line = await asyncio.wait_for(_readline(), config["join_timeout"] + 120)
    if not line.startswith("GO "):
        raise SystemExit(f"unexpected command {line!r}")
    t0 = float(line.split()[1])
    await gen.steady(t0)
    await gen.burst(t0 + config["steady_seconds"])
    settle_seconds = await gen.settle()
    results = gen.results(join, settle_seconds)
    with open(config["out"], "w") as fh:
        json.dump(results, fh)
    await gen.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
    os._exit(0)  # do not wait on executor threads (the stdin reader)
