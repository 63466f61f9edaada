"""The naive baseline: a tiny Flask-SocketIO (eventlet) server that stores every action (one
SQLite row, one commit, like the real engine) and immediately emits the full action to
everyone in the room. No coalescing, no versioned patches.

    NAIVE_DB=/tmp/x/naive.db HOST=127.0.0.1 PORT=5001 python -m bench.naive_server

Same wire shape as the real app where it can be: ``sync`` -> ``{ok, v, doc}`` with
``doc["steps"][step]["view"]["notes"] = {id: {text, dots}}``; ``act`` -> ``{ok, op, v}``;
the server pushes ``action`` ``{op, v, type, data, note_id, actor}`` to the whole room.
"""
from __future__ import annotations

import eventlet

# Patched only when run as the server (``python -m bench.naive_server``): a test that imports
# every bench module must not turn the test process green (a whole-suite run once did, and
# pytest-timeout then fell back to its thread method, which ends the whole run on a timeout).
if __name__ == "__main__":
    eventlet.monkey_patch()

import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import time  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, join_room  # noqa: E402

DB_PATH = os.environ.get("NAIVE_DB", "/tmp/naive.db")
STEP = int(os.environ.get("NAIVE_STEP", "1"))

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet", cors_allowed_origins=[])
identities: dict[str, tuple[int, str]] = {}  # sid -> (workshop, actor)


def connect_db() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH, timeout=15, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=15000")
    return conn


def init_db() -> None:
    with connect_db() as conn:
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS action (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id INTEGER NOT NULL, actor_key TEXT NOT NULL,
                op_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, created REAL NOT NULL,
                UNIQUE (workshop_id, actor_key, op_id));
            CREATE TABLE IF NOT EXISTS note (
                id INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id INTEGER NOT NULL, text TEXT NOT NULL,
                dots INTEGER NOT NULL DEFAULT 0);
            """
        )


@app.get("/")
def index():
    return "naive baseline"


@socketio.on("connect")
def on_connect(auth=None):
    auth = auth if isinstance(auth, dict) else {}
    workshop = auth.get("workshop")
    if not isinstance(workshop, int):
        raise ConnectionRefusedError("Say which workshop to join.")
    actor = "f:1" if auth.get("as") == "facilitator" else f"p:{auth.get('token', '')[:16]}"
    identities[request.sid] = (workshop, actor)
    join_room(f"w{workshop}")


@socketio.on("disconnect")
def on_disconnect(*_args):
    identities.pop(request.sid, None)


@socketio.on("sync")
def on_sync(_message=None):
    workshop, _actor = identities[request.sid]
    conn = connect_db()
    try:
        notes = {f"n{row[0]}": {"text": row[1], "dots": row[2]}
                 for row in conn.execute("SELECT id, text, dots FROM note WHERE workshop_id = ?", (workshop,))}
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM action").fetchone()[0]
    finally:
        conn.close()
    return {"ok": True, "v": seq, "doc": {"seq": seq, "steps": {str(STEP): {"view": {"notes": notes}}}}}


@socketio.on("act")
def on_act(message=None):
    workshop, actor = identities[request.sid]
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        return {"ok": False, "error": "bad request", "code": "bad_request"}
    op, kind, data = message["op"], message.get("type"), message.get("data") or {}
    conn = connect_db()
    try:
        note_id = None
        if kind == "add_note":
            note_id = conn.execute("INSERT INTO note (workshop_id, text) VALUES (?, ?)",
                                   (workshop, str(data.get("text", ""))[:280])).lastrowid
        elif kind == "vote":
            note_id = int(str(data.get("note_id", "n0"))[1:] or 0)
            if conn.execute("UPDATE note SET dots = dots + 1 WHERE id = ? AND workshop_id = ?",
                            (note_id, workshop)).rowcount != 1:
                conn.rollback()
                return {"ok": False, "op": op, "error": "That note no longer exists.", "code": "rule"}
        else:
            return {"ok": False, "op": op, "error": "unknown action", "code": "bad_request"}
        seq = conn.execute(
            "INSERT INTO action (workshop_id, actor_key, op_id, type, payload, created) VALUES (?, ?, ?, ?, ?, ?)",
            (workshop, actor, op, kind, json.dumps(data), time.time())).lastrowid
        conn.commit()
    except sqlite3.IntegrityError:
        conn.rollback()
        return {"ok": False, "op": op, "error": "duplicate", "code": "duplicate"}
    finally:
        conn.close()
    payload = {"op": op, "v": seq, "type": kind, "data": data, "note_id": f"n{note_id}", "actor": actor}
    # Emitted from a green thread started now, so the ack goes out first (the ack is sent when
    # this handler returns); otherwise the emit to N clients would sit in front of every ack.
    socketio.start_background_task(socketio.emit, "action", payload, to=f"w{workshop}")
    return {"ok": True, "op": op, "v": seq, "step": STEP}


def main() -> None:
    init_db()
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5001"))
    print(f"naive baseline on http://{host}:{port}", flush=True)
    socketio.run(app, host=host, port=port, log_output=False)


if __name__ == "__main__":
    main()
