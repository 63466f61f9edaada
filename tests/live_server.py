"""Run the real server (eventlet, ``python wsgi.py``) as a subprocess, and a light
python-socketio client that keeps its document up to date the way the browser does."""
from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import socketio

from app.live import mergepatch

ROOT = Path(__file__).resolve().parents[1]
_ops = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_app(db_url: str):
    """A Flask app (threading mode, no server) on ``db_url``, for seeding a live server's database."""
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": db_url, "ASYNC_MODE": "threading", "SECRET_KEY": "x"})


class LiveServer:
    """``kind="eventlet"``: ``python wsgi.py`` (the default); ``kind="gevent"``: the documented
    alternative, ``gunicorn -k gevent -w 1 --worker-connections 5000 wsgi:app`` with
    ``ASYNC_MODE=gevent``."""

    def __init__(self, tmp_path: Path, kind: str = "eventlet", **env):
        self.kind = kind
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_url = f"sqlite:///{tmp_path / 'live.db'}"
        self.env = {
            **os.environ,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": "live-test-secret",
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "BROADCAST_INTERVAL": "0.1",
            # Tests poll `sync` to check convergence, more often on a loaded machine; the sync
            # limit has its own tests (test_sync_limits.py, test_socket_acks.py).
            "SYNC_RATE": "1000",
            "SYNC_BURST": "1000",
            **({"ASYNC_MODE": "gevent"} if kind == "gevent" else {}),
            **env,
        }
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.log = open(tmp_path / "server.log", "ab")  # noqa: SIM115
        self.proc = None

    def seed_app(self):
        """A Flask app on this server's database, for a test to seed rows the server then serves."""
        return seed_app(self.db_url)

    def migrate(self) -> None:
        env = {**self.env, "ASYNC_MODE": "threading"}
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, capture_output=True)

    def start(self) -> None:
        command = [sys.executable, "wsgi.py"]
        if self.kind == "gevent":
            command = [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "--worker-connections",
                       self.env.get("MAX_CONNECTIONS", "5000"), "-b", f"127.0.0.1:{self.port}", "wsgi:app"]
        # Its own process group, so a kill takes gunicorn's worker down with its master.
        self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        # Generous: on a loaded 2-core machine a cold start (imports, plugins, catalogs) has taken
        # over 30 s. A server that does not come up is stopped and its log closed before raising,
        # so no open file is left for the garbage collector to warn about in a later test.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start; see {self.log.name}")

    def kill(self) -> None:
        """SIGKILL to every process of the server: no shutdown code runs, like a power cut."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if not self.log.closed:
            self.log.close()


def running(tmp_path: Path, kind: str = "eventlet", **env):
    """For a fixture: ``yield from running(tmp_path)`` — a migrated, started server, stopped after."""
    live = LiveServer(tmp_path, kind=kind, **env)
    try:  # a migration that fails or times out closes the log too (else a later test warns of it)
        live.migrate()
        live.start()
        yield live
    finally:
        live.stop()


def read_db(app, query):
    """``query(session)`` on a fresh session of a live server's database (``app`` from
    :func:`seed_app`): what the server committed, read the way another process would."""
    from app.extensions import db

    with app.app_context():
        try:
            return query(db.session)
        finally:
            db.session.remove()


def facilitator_cookie(url: str, email: str, password: str) -> str:
    session = requests.Session()
    page = session.get(url + "/login", timeout=5).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    response = session.post(url + "/login", data={"email": email, "password": password,
                                                  "csrf_token": token.group(1) if token else ""}, timeout=5)
    response.raise_for_status()
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


class LiveClient:
    """Keeps ``doc`` current from patches, resyncing on gaps and reconnects, like live.js."""

    def __init__(self, url: str, workshop_id: int, role: str = "participant", token: str | None = None,
                 cookie: str | None = None):
        self.doc, self.version, self.personal = None, 0, {}
        self.patches = 0
        self.raw: list = []  # everything received, for "not on the wire" checks
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.sio.on("connect", lambda: threading.Thread(target=self.sync, daemon=True).start())
        self.sio.on("patch", self._on_patch)
        self.sio.on("personal", self._on_personal)
        auth = {"workshop": workshop_id, "as": role}
        if token:
            auth["token"] = token
        self.sio.connect(url, auth=auth, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"],
                         wait_timeout=10)
        self.wait(lambda c: c.doc is not None)

    def sync(self) -> None:
        for _attempt in range(30):
            try:
                reply = self.sio.call("sync", {}, timeout=10)
            except Exception:  # disconnected meanwhile; the next connect syncs again
                return
            if reply.get("ok") or not reply.get("retry"):
                break
            time.sleep(0.5)  # throttled (SYNC_RATE): wait, then ask again, as live.js does
        if not reply.get("ok"):
            return
        with self.lock:
            self.raw.append(reply)
            self.doc, self.version = reply["doc"], reply["v"]
            self.personal = reply.get("personal", {})

    def _on_patch(self, message) -> None:
        with self.lock:
            self.raw.append(message)
            if self.doc is None or message["to"] <= self.version:
                return
            if message["from"] != self.version:
                threading.Thread(target=self.sync, daemon=True).start()
                return
            self.doc = mergepatch.apply(self.doc, message["patch"])
            self.version = message["to"]
            self.patches += 1

    def _on_personal(self, message) -> None:
        with self.lock:
            self.raw.append(message)
            self.personal.update(message["steps"])

    def act(self, step_id: int, action_type: str, data: dict, op: str | None = None) -> dict:
        op = op or f"live-{os.getpid()}-{next(_ops):06d}"
        return self.sio.call("act", {"op": op, "step": step_id, "type": action_type, "data": data}, timeout=10)

    def control(self, command: str, data: dict | None = None) -> dict:
        op = f"ctl-{os.getpid()}-{next(_ops):06d}"
        return self.sio.call("control", {"op": op, "command": command, "data": data or {}}, timeout=10)

    def wait(self, predicate, timeout: float = 10.0) -> None:
        """Until ``predicate(self)`` holds. A lookup of something the document does not hold
        yet (KeyError, IndexError, TypeError) counts as "not yet": patches arrive in their own time."""
        deadline, last_error = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            with self.lock:
                try:
                    if predicate(self):
                        return
                except (KeyError, IndexError, TypeError) as exc:
                    last_error = exc
            time.sleep(0.05)
        raise AssertionError(f"condition not met within {timeout}s (last lookup error: {last_error!r})")

    def notes(self, step_id: int) -> dict:
        return self.doc["steps"][str(step_id)]["view"]["notes"]

    def close(self) -> None:
        self.sio.disconnect()


def room_clients(server, ids: dict, email: str = "facilitator@example.org", password: str = "correct horse battery"):
    """``(console, screen, phones)`` on a live server: the facilitator's console and the room
    screen (logged in as ``email``), and one phone per token of ``ids["tokens"]``, all in
    workshop ``ids["workshop"]``."""
    cookie = facilitator_cookie(server.url, email, password)
    console = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    screen = LiveClient(server.url, ids["workshop"], "screen", cookie=cookie)
    return console, screen, [LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"]]


def view(client: LiveClient, step_id: int) -> dict:
    """What ``client`` sees of a step (its document's view, as the page draws it)."""
    return client.doc["steps"][str(step_id)]["view"]



def seed_moderation_room(server, email: str, password: str, participant_language: str | None = None,
                         **workshop_options) -> dict:
    """The moderation browser tests' room on a live server: a workshop (``workshop_options`` go
    to ``create_workshop``: title, moderated, language...) on an ideas step, with Amira (the
    author: Centre social, Community) and Ben, both reading ``participant_language`` when given.
    ``{"workshop", "step", "token" (Amira's), "other" (Ben's), "cookie" (the facilitator's)}``."""
    from app.extensions import db
    from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

    app = seed_app(server.db_url)
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator(email, password)), **workshop_options)
        author, token = create_participant(workshop, name="Amira", organisation="Centre social", sector="Community")
        other, other_token = create_participant(workshop, name="Ben")
        if participant_language:
            author.language = other.language = participant_language
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "token": token, "other": other_token}
        db.session.remove()
    ids["cookie"] = facilitator_cookie(server.url, email, password)
    return ids
