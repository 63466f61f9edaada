"""What one broadcast flush costs the server's CPU, part by part, in a large room (issue 25).

``python -m bench.flushcost [--participants 2000] [--votes 20] [--rounds 15] [--notes 300]``

Seeds a live workshop (one Ideas step with ``--notes`` notes, ``--participants`` people, SQLite),
then ``--rounds`` times: ``--votes`` votes from different participants through the engine's
real ``submit_action`` (what a vote burst of 200 a second brings to one 100 ms flush), then one
flush of the real broadcaster with sending replaced by a no-op — so what is measured is
building the documents and personal parts, never the sockets (bench.fanout measures those).
Prints CPU time (``time.process_time``: other load on the machine inflates it less than wall
time) per vote and per flush, medians over the rounds, and the flush's heaviest parts.
Compare two commits by running it in each, one after the other, with the load average shown.
"""
from __future__ import annotations

import argparse
import collections
import functools
import os
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench.actioncost import _app, _seed

#: (module, function) timed inside a flush; each is looked up by the module that calls it.
PARTS = (
    ("app.live.broadcast", "build_doc"), ("app.live.broadcast", "personal_doc"),
    ("app.live.broadcast", "seats"), ("app.live.broadcast", "sector_sizes"),
    ("app.live.mergepatch", "diff"), ("app.live.rooms", "names_for"),
    ("app.live.rooms", "presence_doc"), ("app.live.moderation", "console_doc"),
)


def _timed(parts, spent: collections.Counter):
    """Patch each part so its CPU time adds to ``spent`` (outermost call only: diff recurses)."""
    import importlib

    patches, depth = [], collections.Counter()
    for module_name, name in parts:
        module = importlib.import_module(module_name)
        original = getattr(module, name, None)
        if original is None:
            continue

        def timed(*args, _f=original, _label=name, **kwargs):
            depth[_label] += 1
            start = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                depth[_label] -= 1
                if not depth[_label]:
                    spent[_label] += time.process_time() - start
        patches.append(mock.patch.object(module, name, functools.wraps(original)(timed)))
    return patches


def measure(participants: int, votes: int, rounds: int, notes: int) -> dict:
    from app.extensions import db, socketio
    from app.live.engine import submit_action

    app = _app(Path(tempfile.mkdtemp()) / "flushcost.db", 50)
    workshop_id, step_id, actors, note_ids = _seed(app, notes, participants)
    broadcaster = app.extensions["broadcaster"]
    sent = 0

    def vote_round(start: int) -> None:
        with app.test_request_context():
            for n in range(start, start + votes):
                ack = submit_action(workshop_id, actors[(n * 7) % len(actors)],
                                    {"op": f"op-flush-{n:08d}", "step": step_id, "type": "vote",
                                     "data": {"note_id": note_ids[n % len(note_ids)]}})
                assert ack["ok"], ack
                db.session.remove()

    spent = collections.Counter()
    vote_cpu, flush_cpu = [], []
    with mock.patch.object(socketio, "emit", lambda *a, **k: None), \
            mock.patch.object(socketio, "sleep", lambda *_: None), \
            mock.patch.object(broadcaster.store, "due", lambda *a, **k: True):
        for warm in range(2):  # the chains' first documents
            vote_round(warm * votes)
            broadcaster._flush_workshop(app, workshop_id)
        patches = _timed(PARTS, spent)
        for p in patches:
            p.start()
        try:
            for r in range(rounds):
                start = time.process_time()
                vote_round((r + 2) * votes)
                vote_cpu.append((time.process_time() - start) * 1000 / votes)
                start = time.process_time()
                sent += broadcaster._flush_workshop(app, workshop_id)
                flush_cpu.append((time.process_time() - start) * 1000)
        finally:
            for p in patches:
                p.stop()
    return {"vote_ms": statistics.median(vote_cpu), "flush_ms": statistics.median(flush_cpu),
            "messages_per_flush": sent / rounds,
            "parts_ms": {k: v * 1000 / rounds for k, v in spent.most_common()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--notes", type=int, default=300)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}")
    found = measure(args.participants, args.votes, args.rounds, args.notes)
    print(f"N={args.participants}, {args.votes} votes per flush, {args.notes} notes, {args.rounds} rounds")
    print(f"  CPU per vote (engine) median  {found['vote_ms']:7.2f} ms")
    per_vote = found["flush_ms"] / args.votes
    print(f"  CPU per flush median          {found['flush_ms']:7.1f} ms  ({per_vote:.2f} ms a vote,"
          f" {found['messages_per_flush']:.0f} messages)")
    for name, ms in found["parts_ms"].items():
        print(f"    {name:22s} {ms:7.1f} ms a flush (mean)")
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
