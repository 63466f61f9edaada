"""What one broadcast costs per socket, by websocket compression mode (issue 25).

``python -m bench.fanout [--sockets 1000] [--notes 300] [--patches 20] [--repeat 5] [--sizes 300,600]``

Builds real phone patches (the ``ideas`` exercise's participant view over ``--notes`` notes,
then one vote per patch, diffed with app.live.mergepatch and framed as Socket.IO sends them),
then sends each patch to ``--sockets`` eventlet websockets whose socket only counts bytes, in
each WEBSOCKET_COMPRESSION mode (app/live/websocket.py) and with compression declined. It
measures CPU time (``time.process_time``, the minimum of ``--repeat`` runs, so other load on
the machine inflates it less than wall time), bytes on the wire and memory per socket. Only
the websocket layer is measured: the rest of a flush is the same in every mode.

It first prints the bytes of text one phone (and the console) receives per action — a vote and
a new note or answer — in every exercise whose views grow with the room, at each of
``--sizes`` items: :func:`action_patch_bytes`, which tests/test_patch_sizes.py bounds.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import time
import tracemalloc


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


WORDS = ("shared", "data", "school", "clinic", "meals", "youth", "budget", "council")
SECTORS = ("Health", "Education", "Housing", "Youth")


def _people(count: int, offset: int = 0) -> list[dict]:
    return [{"id": f"p:{i}", "name": f"P{i}", "organisation": f"Org {i % 40}", "sector": SECTORS[i % len(SECTORS)]}
            for i in range(offset, offset + count)]


def _text(rng) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(6))


def _scenario(key: str, size: int, rng):
    """(exercise, state, people, {action name: (Action, actor) maker}) with ``size`` items
    on the board, at the point of the exercise where the room votes or rates them."""
    from app.exercises import Action
    from app.exercises.registry import default_config

    people = _people(size)
    fresh = iter(_people(10_000, offset=size))
    if key == "ideas":
        from plugins.ideas import IdeasExercise

        exercise = IdeasExercise()
        state = exercise.initial_state({**default_config(exercise), "dots": 3})
        for person in people:
            state = exercise.apply(state, Action("add_note", {"text": _text(rng)}), _actor(person))
        actions = {
            "vote": lambda st: (Action("vote", {"note_id": rng.choice(list(st["notes"]))}), _actor(rng.choice(people))),
            "note": lambda st: (Action("add_note", {"text": _text(rng)}), _actor(next(fresh))),
        }
    elif key == "policy_window":
        from plugins.policy_window import PolicyWindowExercise

        exercise = PolicyWindowExercise()
        state = exercise.initial_state({**default_config(exercise), "votes": 3})

        def note():
            return {"column": rng.choice(("politics", "people", "power")), "text": _text(rng),
                    "effect": rng.choice(("opens", "closes")), "influence": "partly", "date": ""}

        for person in people:
            state = exercise.apply(state, Action("add_note", note()), _actor(person))
        # The room is in the weigh phase: the core keeps the phase (Step.phase) and checks it
        # before the reducer, so the reducer alone takes the votes.
        actions = {
            "vote": lambda st: (Action("vote", {"note_id": rng.choice(list(st["notes"]))}), _actor(next(fresh))),
            "note": lambda st: (Action("add_note", note()), _actor(next(fresh))),
        }
    elif key == "reframing":
        from plugins.reframing import ReframingExercise

        exercise = ReframingExercise()
        config = default_config(exercise)
        state = exercise.initial_state({**config, "ratings_hidden": False})
        sector = state["config"]["sectors"][0]
        for person in people:
            state = exercise.apply(state, Action("add_reframe", {"sector": sector, "text": _text(rng)}),
                                   _actor(person))
        actions = {
            "vote": lambda st: (Action("rate", {"reframe_id": rng.choice(list(st["reframes"])),
                                                "score": rng.randint(1, 5)}), _actor(next(fresh))),
            "note": lambda st: (Action("add_reframe", {"sector": sector, "text": _text(rng)}), _actor(next(fresh))),
        }
    elif key == "alignment_mapper":
        from plugins.alignment_mapper import AlignmentMapperExercise

        exercise = AlignmentMapperExercise()
        state = exercise.initial_state(default_config(exercise))
        for person in people:
            state = exercise.apply(state, Action("add_goal", {"text": _text(rng)}), _actor(person))
        actions = {
            "vote": lambda st: (Action("respond", {"card_id": rng.choice(list(st["cards"])),
                                                   "response": rng.choice(("shared", "partly"))}),
                                _actor(next(fresh))),
        }
    elif key == "indicators":
        from plugins.indicators import IndicatorsExercise

        exercise = IndicatorsExercise()
        state = exercise.initial_state(default_config(exercise))

        def proposal():
            return {"name": _text(rng), "kind": "quantitative", "baseline": str(rng.randint(0, 90)),
                    "target": str(rng.randint(50, 100)), "unit": "%", "source": "Partner records"}

        for person in people:
            state = exercise.apply(state, Action("propose", proposal()), _actor(person))
        # The room is in the rate phase (the core checks the phase before the reducer).
        actions = {
            "vote": lambda st: (Action("rate", {"indicator_id": rng.choice(list(st["indicators"])),
                                                "importance": rng.randint(1, 5), "feasibility": rng.randint(1, 5)}),
                                _actor(next(fresh))),
            "note": lambda st: (Action("propose", proposal()), _actor(next(fresh))),
        }
    elif key == "agreement":
        from plugins.agreement import AgreementExercise

        exercise = AgreementExercise()
        state = exercise.initial_state(default_config(exercise))
        clause = sorted(state["clauses"])[0]
        state = exercise.apply(state, Action("open_clause", {"clause_id": clause}), _facilitator())

        def answer(reason=""):
            kind = "reservations" if reason else rng.choice(("support", "discuss"))
            return {"clause_id": clause, "version": 1, "answer": kind, "reason": reason}

        # The board that grows with the room: everyone's answer to the open clause, with reasons.
        for person in people:
            state = exercise.apply(state, Action("answer", answer(_text(rng))), _actor(person))
        actions = {
            "vote": lambda st: (Action("answer", answer()), _actor(next(fresh))),
            "note": lambda st: (Action("answer", answer(_text(rng))), _actor(next(fresh))),
        }
    elif key == "data_sharing":
        from plugins.data_sharing import DataSharingExercise
        from plugins.data_sharing.forms import MAX_DATASETS, MAX_FLOWS

        exercise = DataSharingExercise()
        state = exercise.initial_state(default_config(exercise))
        # The map holds at most MAX_FLOWS flows: fill it to ten short of that, so that ten new
        # flows still fit; the "vote" here is an obstacle someone else notes on a flow.
        for i, person in enumerate(people[:MAX_DATASETS]):
            state = exercise.apply(state, Action("add_dataset", {"name": f"Data {i}", "holder": ""}), _actor(person))
        datasets = list(state["datasets"])

        def flow(n):
            return {"dataset_id": datasets[n % len(datasets)], "recipient": f"Partner {n}", "purpose": _text(rng),
                    "barriers": ["consent"], "barrier_note": "", "agreement": "dsa", "status": "needed"}

        count = itertools.count()
        for person in people[:min(size, MAX_FLOWS - 10)]:
            state = exercise.apply(state, Action("add_flow", flow(next(count))), _actor(person))
        actions = {
            "vote": lambda st: (Action("add_barrier_note", {"flow_id": rng.choice(list(st["flows"])),
                                                            "barrier": "trust", "text": _text(rng)}),
                                _actor(next(fresh))),
            "note": lambda st: (Action("add_flow", flow(next(count))), _actor(next(fresh))),
        }
    elif key == "commitments":
        from app.exercises import Actor
        from plugins.commitments import CommitmentsExercise

        exercise = CommitmentsExercise()
        state = exercise.initial_state({**default_config(exercise), "needs": "staff time | 4000"})

        def commitment():
            kind = rng.choice(("staff_time", "funds", "people", "spaces"))
            amount = {"staff_time": "12", "funds": "1 000", "people": "2"}.get(kind, "Tuesdays")
            return {"kind": kind, "description": _text(rng), "amount": amount, "until": "", "essential": True}

        for person in people:
            state = exercise.apply(state, Action("commit", commitment()), _actor(person))
        facilitator = Actor(role="facilitator", id="f:1", name="Fran")
        # The ledger's "vote" is the facilitator confirming one commitment in the review.
        actions = {
            "vote": lambda st: (Action("confirm", {"commitment_id": rng.choice(list(st["commitments"]))}),
                                facilitator),
            "note": lambda st: (Action("commit", commitment()), _actor(next(fresh))),
        }
    elif key == "trust_pulse":
        from plugins.trust_pulse import TrustPulseExercise

        exercise = TrustPulseExercise()
        state = exercise.initial_state(default_config(exercise))
        questions = list(state["questions"])
        for person in people:
            for question in questions:
                state = exercise.apply(state, Action("answer", {"question_id": question, "value": rng.randint(1, 5),
                                                                "comment": ""}), _actor(person))
        # The room is answering (the answer phase): one more person's answer, with a comment or not.
        actions = {
            "vote": lambda st: (Action("answer", {"question_id": rng.choice(questions), "value": rng.randint(1, 5),
                                                  "comment": ""}), _actor(next(fresh))),
            "note": lambda st: (Action("answer", {"question_id": rng.choice(questions), "value": rng.randint(1, 5),
                                                  "comment": _text(rng)}), _actor(next(fresh))),
        }
    else:
        raise ValueError(key)
    return exercise, state, actions


#: The exercises whose boards grow with the room, for :func:`action_patch_bytes`.
EXERCISES = ("ideas", "policy_window", "reframing", "alignment_mapper", "indicators", "agreement", "data_sharing",
             "commitments", "trust_pulse")


def action_patch_bytes(key: str, size: int, action: str, role: str = "participant", repeat: int = 10,
                       seed: int = 7) -> int:
    """Mean bytes of text of the patch frame one ``role`` socket receives for one ``action``
    ("vote": a vote or rating or answer; "note": a new item) on a board of ``size`` items, as
    the broadcaster sends it (the step's view diffed, the document's ``seq``, the envelope)."""
    from app.exercises.contract import Audience
    from app.live import mergepatch

    rng = random.Random(seed)
    exercise, state, actions = _scenario(key, size, rng)
    audience = Audience(role=role, sector_sizes={s: size for s in SECTORS}, sectors=SECTORS)
    view = exercise.view(state, audience)
    total = 0
    for k in range(repeat):
        act, actor = actions[action](state)
        state = exercise.apply(state, act, actor)
        new = exercise.view(state, audience)
        patch = {"seq": 1000 + k, "steps": {"31": {"view": mergepatch.diff(view, new)}}}
        total += len(("42" + json.dumps(["patch", {"from": 1000 + k, "to": 1001 + k, "patch": patch,
                                                     "now": 1764641000000}], separators=(",", ":"))).encode())
        view = new
    return round(total / repeat)


def _facilitator():
    from app.exercises import Actor

    return Actor(role="facilitator", id="f:1", name="Fran")


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


def print_action_bytes(sizes: list[int]) -> None:
    print("bytes of text per socket per action (mean of 10), phone / console:")
    print(f"{'exercise':<18}{'action':<8}" + "".join(f"{f'{n} items':>16}" for n in sizes))
    for key in EXERCISES:
        for action in ("vote", "note"):
            if key == "alignment_mapper" and action == "note":
                continue  # goals are written before the board is answered: no growing board yet
            cells = [f"{action_patch_bytes(key, n, action)} / {action_patch_bytes(key, n, action, 'facilitator')}"
                     for n in sizes]
            print(f"{key:<18}{action:<8}" + "".join(f"{c:>16}" for c in cells))
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--patches", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="300,600", help="board sizes for the bytes-per-action table")
    args = parser.parse_args(argv)
    from app import create_app

    with create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                     "ASYNC_MODE": "threading"}).app_context():
        print_action_bytes([int(n) for n in args.sizes.split(",") if n])
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
