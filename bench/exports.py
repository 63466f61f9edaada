"""Export times for a 1,000-participant workshop (issue 9): ``python -m bench.exports [--participants N]``.

Builds the "Cross-sector partnership kick-off" workshop in a throw-away SQLite database, lets N
simulated participants (and the facilitator) play every step — the exercises' own forms filled
by ``app.simulate.fill`` and applied with the exercises' pure reducers, one stored state per
step — ends it, harvests and curates the plan, then times each export format (median of
``--repeat`` runs) and prints the figures next to the targets.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

TARGETS = {"md": 0.5, "docx": 3.0, "pdf": 10.0}


def build(participants: int, rounds: int, seed: int):
    from flask import current_app

    from app.agenda_templates.builtin import BUILTIN_TEMPLATES, KICKOFF
    from app.agenda_templates.library import apply_template
    from app.exercises import Action, Actor, DomainError
    from app.exercises.validation import validate
    from app.extensions import db
    from app.live.identity import participant_actor
    from app.models import Workshop
    from app.simulate import SKIPPED_ACTIONS, _harvest_and_curate, _join, fill
    from app.workshops.codes import new_join_code
    from tests.factories import create_facilitator, create_partnership

    rng = random.Random(seed)  # noqa: S311 - made-up content
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator, sectors=["Education", "Health", "Housing", "Social services",
                                                           "Local government", "Community"])
    workshop = Workshop(partnership=partnership, title="Kick-off (benchmark)", join_code=new_join_code(),
                        status="live")
    db.session.add(workshop)
    apply_template(workshop, BUILTIN_TEMPLATES[KICKOFF["key"]])
    db.session.commit()
    lead = Actor(role="facilitator", id=f"f:{facilitator.id}", name=facilitator.name)
    people = [participant_actor(p) for p in _join(workshop, participants, rng)]
    exercises = current_app.extensions["exercises"]
    accepted = 0
    for step in workshop.steps:
        exercise, state = exercises[step.exercise_key], step.state
        for round_index in range(rounds):
            for actor in [lead, *people]:
                for action_type, spec in exercise.actions.items():
                    if actor.role not in spec.roles or action_type.startswith(SKIPPED_ACTIONS):
                        continue
                    payload = fill(spec.form, state, partnership, rng, round_index)
                    data, errors = (None, True) if payload is None else validate(spec.form, payload)
                    if errors:
                        continue
                    try:
                        state = exercise.apply(state, Action(action_type, data), actor)
                        accepted += 1
                    except DomainError:
                        pass
        step.state, step.status = state, "closed"
        db.session.commit()
    workshop.status = "ended"
    db.session.commit()
    items = _harvest_and_curate(workshop)
    return workshop, accepted, items


def time_exports(partnership, repeat: int) -> dict:
    from app.exports.formats import export_plan

    results = {}
    for fmt in ("md", "docx", "pdf", "xlsx", "json"):
        runs, size = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            content, _, _ = export_plan(partnership, fmt)
            runs.append(time.perf_counter() - start)
            size = len(content)
        results[fmt] = {"median_s": round(statistics.median(runs), 3), "max_s": round(max(runs), 3), "bytes": size}
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="bench/results/exports.json")
    args = parser.parse_args(argv)

    from app import create_app
    from app.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'exports.db'}",
                          "ASYNC_MODE": "threading", "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context(), app.test_request_context():
            db.create_all()
            started = time.perf_counter()
            workshop, accepted, items = build(args.participants, args.rounds, args.seed)
            built = time.perf_counter() - started
            results = time_exports(workshop.partnership, args.repeat)
            contributions = sum(len(app.extensions["exercises"][s.exercise_key].contributions(s.state))
                                for s in workshop.steps)
    print(f"workshop: {args.participants} participants, {accepted} accepted actions, {contributions} "
          f"contribution rows, {items} promoted plan items (built in {built:.1f} s)")
    print(f"{'format':<6} {'median s':>9} {'max s':>7} {'target s':>9} {'bytes':>10}")
    for fmt, figures in results.items():
        target = TARGETS.get(fmt)
        verdict = "" if target is None else ("  ok" if figures["median_s"] <= target else "  OVER")
        print(f"{fmt:<6} {figures['median_s']:>9.3f} {figures['max_s']:>7.3f} "
              f"{(str(target) if target else '-'):>9} {figures['bytes']:>10}{verdict}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"participants": args.participants, "accepted": accepted,
                                          "contribution_rows": contributions, "plan_items": items,
                                          "exports": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
