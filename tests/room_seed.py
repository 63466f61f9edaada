"""A full room for the screen and console tests: ten people from five sectors and every
exercise filled the way a real 90-minute kick-off fills it (12 goals, 40 ideas, ...).

Written straight into a running server's database through the engine, from another process,
like tests/test_accessibility.py does; the caller asserts what it relies on."""
from __future__ import annotations

import secrets
from datetime import timedelta

from app.extensions import db
from app.models.base import utcnow
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import seed_app

EXERCISES = ("ideas", "alignment_mapper", "policy_window", "reframing", "role_board",
             "indicators", "agreement", "data_sharing", "commitments", "trust_pulse")
SECTORS = ["Education", "Health", "Housing", "Social services", "Local government"]
ORGS = ["Riverside Primary School", "City Health Clinic", "Homes for All Trust", "Family Support Service",
        "Town Council"]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
GOALS = ["Every child ready to learn at five", "Healthy early years for every family",
         "No family in temporary housing for more than six weeks", "Parents know where to get help",
         "One shared assessment instead of five", "Safe walking routes to school",
         "Breakfast for every child who needs it", "Data shared with consent across services",
         "Youth voices on the partnership board", "Fewer missed health appointments",
         "A named key worker for families in crisis", "Local jobs for school leavers"]


def _act(workshop_id, actor, step_id, kind, data) -> bool:
    from app.live import engine

    ack = engine.submit_action(workshop_id, actor, {"op": secrets.token_hex(8), "step": step_id, "type": kind,
                                                    "data": data})
    return bool(ack.get("ok"))


def _control(workshop_id, actor, command, data) -> bool:
    """A facilitator control (moving a phase, say), through the same path as the console's."""
    from app.live import engine
    from app.live.controls import CONTROLS

    mutate = CONTROLS[command][1]
    ack = engine.record_change(workshop_id, actor, secrets.token_hex(8), f"control.{command}", data,
                               lambda workshop: mutate(workshop, data))
    return bool(ack.get("ok"))


def seed_room(db_url: str, languages=("en", "fr"), facilitator=None) -> dict:
    """One live workshop per language with a step of each exercise, full; returns ids."""
    app = seed_app(db_url)
    ids = {}
    with app.app_context():
        facilitator = create_facilitator(EMAIL, PASSWORD)
        partnership = create_partnership(facilitator, sectors=SECTORS, organisations=ORGS)
        for lang in languages:
            workshop = create_workshop(partnership, title=f"Kick-off ({lang})",
                                       steps=[(k, None) for k in EXERCISES], language=lang)
            workshop.started_at = utcnow() - timedelta(minutes=25)
            # The first five exercises' own planned times; 20 minutes for each exercise after them.
            for step, minutes in zip(workshop.steps, (15, 20, 20, 20, 15) + (20,) * (len(EXERCISES) - 5), strict=True):
                step.duration_minutes = minutes
            joined = [create_participant(workshop, name=f"Person {i + 1}", organisation=ORGS[i % 5],
                                         sector=SECTORS[i % 5]) for i in range(10)]
            people = [person for person, _ in joined]
            for person in people:
                person.language = lang
            db.session.commit()
            ids[lang] = {"workshop": workshop.id, "code": workshop.join_code, "token": joined[0][1],
                         "steps": {s.exercise_key: s.id for s in workshop.steps},
                         "done": _fill(workshop, people, facilitator)}
        db.session.remove()
    return ids


def _room(workshop, step_id) -> None:
    """Participants act only on the room's step: move the room there first."""
    workshop.room_step_id = workshop.current_step_id = step_id
    db.session.commit()


def _fill(workshop, people, facilitator) -> dict:
    from app.exercises import Actor
    from app.live.identity import participant_actor

    fac = Actor(role="facilitator", id=f"f:{facilitator.id}", name="Fran")
    actors = [participant_actor(p) for p in people]
    steps = {s.exercise_key: s.id for s in workshop.steps}
    w = workshop.id
    done = {"notes": 0, "goals": 0, "pw_notes": 0, "reframes": 0, "answers": 0}
    _room(workshop, steps["ideas"])
    for i in range(40):
        text = f"Idea {i + 1}: {GOALS[i % 12].lower()} through a local pilot"
        done["notes"] += _act(w, actors[i % 10], steps["ideas"], "add_note", {"text": text})
    for name in ("Food", "Health", "Housing", "Getting there"):
        _act(w, fac, steps["ideas"], "create_cluster", {"name": name})
    for i in range(1, 25):
        # Notes took ids 1-40 from the step's one counter, so the clusters are c41-c44.
        _act(w, fac, steps["ideas"], "move_note", {"note_id": f"n{i}", "cluster_id": f"c{41 + i % 4}"})
    for i, actor in enumerate(actors):
        for j in range(3):
            _act(w, actor, steps["ideas"], "vote", {"note_id": f"n{1 + (i + j * 7) % 40}"})
    am = steps["alignment_mapper"]
    _room(workshop, am)
    for i, text in enumerate(GOALS):
        done["goals"] += _act(w, actors[i % 10], am, "add_goal", {"text": text})
    _control(w, fac, "step_phase", {"step_id": am, "phase": "shared"})
    for i, actor in enumerate(actors):
        for g in range(1, 13):
            _act(w, actor, am, "respond", {"card_id": f"g{g}", "response": ("shared", "partly", "no")[(i + g) % 3]})
    pw = steps["policy_window"]
    _room(workshop, pw)
    for i in range(24):
        column = ("politics", "people", "power")[i % 3]
        done["pw_notes"] += _act(w, actors[i % 10], pw, "add_note", {
            "column": column, "text": f"{column.title()} note {i + 1}: what changes this term",
            "effect": ("opens", "closes")[i % 2], "influence": ("yes", "partly", "no")[i % 3]})
    for actor in actors:
        _act(w, actor, pw, "rate", {"target": "overall", "level": "open"})
    rf = steps["reframing"]
    _room(workshop, rf)
    for i in range(20):
        done["reframes"] += _act(w, actors[i % 10], rf, "add_reframe", {
            "sector": workshop.partnership.sectors[i % 5],
            "text": f"Reframe {i + 1}: children who arrive ready cost every service less later"})
    rb = steps["role_board"]
    _room(workshop, rb)
    for i, actor in enumerate(actors):
        _act(w, actor, rb, "volunteer", {"target_id": f"r{1 + i % 4}", "reason": "We can host the meetings"})
    ind = steps["indicators"]
    _room(workshop, ind)
    done["indicators"] = 0
    for i in range(8):
        done["indicators"] += _act(w, actors[i % 10], ind, "propose", {
            "name": f"Indicator {i + 1}: {GOALS[i].lower()}", "kind": ("quantitative", "milestone")[i % 2],
            "baseline": ("40", "Not started")[i % 2], "target": ("60", "In place")[i % 2],
            "unit": ("%", "")[i % 2], "source": "Partner records"})
    _control(w, fac, "step_phase", {"step_id": ind, "phase": "rate"})
    for i, actor in enumerate(actors):
        for k in range(1, 9):
            _act(w, actor, ind, "rate", {"indicator_id": f"k{k}", "importance": str(1 + (i + k) % 5),
                                         "feasibility": str(1 + (i * k) % 5)})
    ag = steps["agreement"]
    _room(workshop, ag)
    # Two organisations have a representative; the clause is answered by the whole room.
    for i in (0, 1):
        _act(w, fac, ag, "set_representative", {"actor_id": actors[i].id, "organisation": ORGS[i]})
    _act(w, fac, ag, "open_clause", {"clause_id": "c1"})
    for i, actor in enumerate(actors):
        answer = ("support", "support", "reservations", "discuss", "object")[i % 5]
        reason = "" if answer in ("support", "discuss") else "The review date needs to match our budget year"
        done["answers"] += _act(w, actor, ag, "answer", {"clause_id": "c1", "version": 1, "answer": answer,
                                                         "reason": reason})
    ds = steps["data_sharing"]
    _room(workshop, ds)
    for i, actor in enumerate(actors[:5]):  # one data set per organisation, each needed by the next two
        _act(w, actor, ds, "add_dataset", {"name": ("Attendance", "Health checks", "Waiting list", "Case notes",
                                                    "Local statistics")[i], "holder": ""})
    db.session.expire_all()
    datasets = list(db.session.get(type(workshop.steps[0]), ds).state["datasets"])
    for i, dataset in enumerate(datasets):
        for hop in (1, 2):
            _act(w, actors[i], ds, "add_flow", {
                "dataset_id": dataset, "recipient": ORGS[(i + hop) % 5], "purpose": f"See {GOALS[i].lower()}",
                "barriers": [("consent", "legal", "technical", "trust", "other")[(i + hop) % 5]], "barrier_note": "",
                "agreement": ("dsa", "consent_form", "anonymised")[(i + hop) % 3],
                "status": ("needed", "in_progress", "in_place")[(i + hop) % 3]})
    cm = steps["commitments"]
    _room(workshop, cm)
    for i, actor in enumerate(actors):
        kind = ("staff_time", "funds", "people", "spaces", "data")[i % 5]
        amount = {"staff_time": "16", "funds": "2 500", "people": "2"}.get(kind, "On request")
        _act(w, actor, cm, "commit", {"kind": kind, "description": f"What partner {i % 5 + 1} brings, part {i + 1}",
                                      "amount": amount, "until": "", "essential": i % 2 == 0})
    tp = steps["trust_pulse"]
    _room(workshop, tp)
    for i, actor in enumerate(actors):
        for q, key in enumerate(("trust", "disagree", "heard", "between")):
            _act(w, actor, tp, "answer", {"question_id": key, "value": 1 + (i + q) % 5,
                                          "comment": "We need more time between meetings" if i % 4 == q else ""})
    _control(w, fac, "step_phase", {"step_id": tp, "phase": "results"})
    _room(workshop, steps["ideas"])
    return done
