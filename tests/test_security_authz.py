"""The authorisation matrix: every HTTP route (from ``app.url_map``) and every socket event
(``sync``, ``act``, ``control`` with each command) x six visitors:

    anonymous | participant here | participant elsewhere | removed participant
    | facilitator without access | facilitator with access

Each is allowed or refused as the table below says, and a refused request changes nothing in
the database (every table's rows compared before and after)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.extensions import db, socketio
from app.live.controls import CONTROLS
from app.live.moderation import COMMANDS as MODERATION
from app.models import HeldAction, Participant
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import new_op

VISITORS = ["anonymous", "participant_here", "participant_elsewhere", "removed", "facilitator_no_access",
            "facilitator_access"]

# -- who may use which route -------------------------------------------------------------

#: Anyone, by design: landing, login, register, joining, static files, health (and metrics,
#: which need METRICS_TOKEN instead of a login: tests/test_ops_health.py).
PUBLIC = {"auth.home", "auth.login", "auth.register", "auth.logout", "join.lookup", "join.code", "join.between",
          "join.rejoin",
          "static", "assets.vendor", "ops.healthz", "ops.metrics"}
#: A participant's own pages: only a (not removed) participant of this workshop.
PARTICIPANT = {"live.participant", "plan.my_plan"}
#: Any logged-in facilitator, no object in the URL.
ACCOUNT = {"auth.account", "auth.add_facilitator", "partnerships.index", "partnerships.create",
           "agenda_templates.index"}
# Everything else names a partnership/workshop/step/item: only a facilitator with access to it.

NOT_JOINED = "You're not in this workshop yet"
REMOVED = "been removed from this workshop"  # what a removed participant's page says instead
#: Routes whose object the matrix does not create (a plan snapshot): their allowed case may 404.
NO_SUCH_OBJECT = {"plan.snapshot",
                  # an invitation belongs to an email, not a partnership: test_partnership_invitations.py
                  "partnerships.answer_invitation"}
#: Routes about one of the partnership's organisations, named in ``?organisation=``.
ORGANISATION_ROUTES = {"partnerships.newcomer_brief_file", "partnerships.champion", "partnerships.champion_hand_over",
                       "partnerships.champion_step_down"}
#: Allowed POSTs skipped in the walk (they are tested where they live); their refusals are checked.
DESTRUCTIVE = ("delete", "remove", "unshare")


def category(endpoint: str) -> str:
    if endpoint in PUBLIC or endpoint.startswith("x_"):
        return "public"
    if endpoint in PARTICIPANT:
        return "participant"
    if endpoint in ACCOUNT:
        return "account"
    return "facilitator"


@pytest.fixture
def world(app):
    """Two partnerships with a live workshop each; the six visitors."""
    # Every control once, some twice (foreign ids): more than one console's burst in a row.
    app.config["CONTROL_BURST"] = 200
    owner = create_facilitator()
    create_facilitator(email="stranger@example.org")
    other_owner = create_facilitator(email="other-owner@example.org")
    # A second step with phases, for the step_phase control.
    here = create_workshop(create_partnership(owner), title="Here", steps=(("ideas", None), ("policy_window", None)))
    elsewhere = create_workshop(create_partnership(other_owner, name="Elsewhere"), title="Elsewhere")
    _, token_here = create_participant(here, name="Hana")
    _, token_else = create_participant(elsewhere, name="Ezra")
    removed, token_removed = create_participant(here, name="Remy")
    removed.removed = True
    db.session.commit()
    # Two breakout tables here (Hana at the first), one elsewhere, for the table controls.
    tables = {w.id: _tables(w, count) for w, count in ((here, 2), (elsewhere, 1))}
    # Contributions waiting in each workshop's moderation queue, for the moderation controls.
    held = {command: _held(here, "Hana") for command in ("approve", "edit_approve", "reject")}
    foreign_held = _held(elsewhere, "Ezra")
    from app.models import PlanItem

    item_ids = {w.partnership_id: _plan_item(w.partnership_id) for w in (here, elsewhere)} if PlanItem else {}
    ids = {
        "here": {"workshop_id": here.id, "partnership_id": here.partnership_id, "step_id": here.steps[0].id,
                 "phased_step_id": here.steps[1].id, "item_id": item_ids.get(here.partnership_id, 1),
                 "held": held, "tables": tables[here.id]},
        "foreign": {"workshop_id": elsewhere.id, "partnership_id": elsewhere.partnership_id,
                    "step_id": elsewhere.steps[0].id, "item_id": item_ids.get(elsewhere.partnership_id, 1),
                    "held_id": foreign_held, "participant_id": elsewhere.participants[0].id,
                    "table_id": tables[elsewhere.id][0]},
        "tokens": {"participant_here": token_here, "participant_elsewhere": token_else, "removed": token_removed},
        "owner_id": owner.id,
    }
    return ids


def _tables(workshop, count):
    """``count`` tables mixing the sectors, everyone at the first; their ids."""
    from app.tables import setup

    setup.plan_tables(workshop, "mixed", count, None)
    db.session.commit()
    ids = [t.id for t in workshop.tables]
    for person in workshop.participants:
        person.table_id = ids[0]
    db.session.commit()
    return ids


def _held(workshop, name):
    """A note by ``name`` held in ``workshop``'s moderation queue; its id."""
    author = next(p for p in workshop.participants if p.name == name)
    row = HeldAction(workshop_id=workshop.id, step_id=workshop.steps[0].id, actor_key=f"p:{author.id}",
                     op_id=new_op(), type="add_note", data={"text": f"Held from {name}", "category": None})
    db.session.add(row)
    db.session.commit()
    return row.id


def _plan_item(partnership_id):
    from app.models import PlanItem

    columns = {c.name for c in PlanItem.__table__.columns}
    values = {"partnership_id": partnership_id, "section": "actions", "title": "An action", "text": ""}
    item = PlanItem(**{k: v for k, v in values.items() if k in columns})
    db.session.add(item)
    try:
        db.session.commit()
        return item.id
    except Exception:  # the plan model is someone else's moving target; keep the matrix running
        db.session.rollback()
        return 1


def visitor_client(app, visitor, world):
    client = app.test_client()
    if visitor in ("facilitator_access", "facilitator_no_access"):
        email = "facilitator@example.org" if visitor == "facilitator_access" else "stranger@example.org"
        assert login(client, email=email).status_code == 200
    elif visitor in world["tokens"]:
        client.set_cookie(f"cg_p{world['here']['workshop_id']}", world["tokens"][visitor])
        client.set_cookie(f"cg_p{world['foreign']['workshop_id']}",
                          world["tokens"]["participant_elsewhere"] if visitor == "participant_elsewhere" else "")
    return client


def fill(rule, ids: dict) -> str:
    values = {"code": "ZZZZZZZZ", "fmt": "md", "section": "actions", "change": "drop", "filename": "x.css",
              "name": "x.js", "snapshot_id": 1, "facilitator_id": 1, **ids}
    # A format each download route serves (the plan's own default is Markdown).
    values["fmt"] = {"plan.workshop_export": "csv", "plan.agreement_export": "docx",
                     "partnerships.newcomer_brief_file": "docx"}.get(rule.endpoint, "md")
    path = rule.rule
    for arg in rule.arguments:
        values.setdefault(arg, 1 if arg.endswith("_id") else "x")
        path = path.replace(f"<{arg}>", str(values[arg]))
        for converter in ("int", "path", "string"):
            path = path.replace(f"<{converter}:{arg}>", str(values[arg]))
        if f":{arg}>" in path:  # any(...) converters
            start = path.index("<any(")
            path = path[:start] + str(values[arg]) + path[path.index(">", start) + 1:]
    if rule.endpoint in ORGANISATION_ROUTES:  # one organisation's page (the factory's)
        path += "?organisation=North+School"
    return path


def state_of_database() -> str:
    parts = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        parts[table.name] = sorted(repr(tuple(row)) for row in rows)
    return json.dumps(parts, sort_keys=True)


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if category(rule.endpoint) == "public":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/login" in response.location


def expected_allowed(cat: str, visitor: str, which: str) -> bool:
    if cat == "participant":  # "foreign" ids are the other participant's own workshop
        return (visitor, which) in (("participant_here", "here"), ("participant_elsewhere", "foreign"))
    if cat == "account":
        return visitor.startswith("facilitator")
    return visitor == "facilitator_access" and which == "here"


@pytest.mark.parametrize("visitor", VISITORS)
def test_http_routes(app, world, visitor):
    """One parametrised case per visitor, walking every route with own and foreign ids."""
    checked, failures = 0, []
    client = visitor_client(app, visitor, world)
    for rule, method in routes(app):
        cat = category(rule.endpoint)
        for which in ("here", "foreign") if rule.arguments else ("here",):
            ids = dict(world["here"])
            if which == "foreign":
                ids = dict(world["foreign"])
                if "workshop_id" in rule.arguments and "step_id" in rule.arguments:
                    ids["workshop_id"] = world["here"]["workshop_id"]  # own workshop, someone else's step
                    if visitor != "facilitator_access":
                        continue
            allowed = expected_allowed(cat, visitor, which)
            if allowed and method == "POST" and any(w in rule.endpoint for w in DESTRUCTIVE):
                continue  # allowed, and it would delete what the rest of the walk needs
            url = fill(rule, ids)
            before = state_of_database()
            response = client.open(url, method=method, data={"title": "Changed", "name": "Changed"})
            db.session.remove()
            if cat == "participant":  # the page may say "not yet" (403) to its own participant
                text = response.get_data(True)
                is_refused = NOT_JOINED in text or REMOVED in text or response.status_code == 404
            else:
                is_refused = refused(response)
            checked += 1
            if allowed and is_refused and not (rule.endpoint in NO_SUCH_OBJECT and response.status_code == 404):
                failures.append(f"{method} {url} ({which}) should be allowed for {visitor}: {response.status_code}")
            if not allowed:
                if not is_refused:
                    failures.append(f"{method} {url} ({which}) should be refused for {visitor}: "
                                    f"{response.status_code}")
                elif state_of_database() != before:
                    failures.append(f"{method} {url} ({which}) was refused for {visitor} but changed the database")
    assert checked > 30
    assert not failures, "\n".join(failures)


# -- socket events -------------------------------------------------------------------------

CONNECT_ALLOWED = {"participant_here", "facilitator_access"}


def socket_for(app, visitor, world):
    workshop_id = world["here"]["workshop_id"]
    if visitor.startswith("facilitator"):
        return socketio.test_client(app, flask_test_client=visitor_client(app, visitor, world),
                                    auth={"workshop": workshop_id, "as": "facilitator"})
    if visitor == "anonymous":
        return socketio.test_client(app, auth={"workshop": workshop_id, "as": "participant"})
    return socketio.test_client(app, auth={"workshop": workshop_id, "as": "participant",
                                           "token": world["tokens"][visitor]})


def control_data(command, world):
    step_id = world["here"]["step_id"]
    participant_id = db.session.scalar(select(Participant.id).where(Participant.name == "Hana"))
    return {
        "workshop_status": {"status": "lobby"},
        "setting": {"setting": "room_locked", "value": True},
        "goto": {"step_id": step_id},
        "bring_here": {},
        "step_status": {"step_id": step_id, "status": "locked"},
        "step_hidden": {"step_id": step_id, "hidden": True},
        "step_phase": {"step_id": world["here"]["phased_step_id"], "phase": "weigh"},
        "timer": {"step_id": step_id, "command": "start", "seconds": 60},
        "spotlight": {"step_id": step_id, "item": "n1"},
        "screen": {"command": "pause"},
        "step_tables": {"step_id": step_id, "on": False},
        "remove_participant": {"participant_id": participant_id},
        "approve": {"held_id": world["here"]["held"]["approve"]},
        "edit_approve": {"held_id": world["here"]["held"]["edit_approve"], "text": "Reworded"},
        "reject": {"held_id": world["here"]["held"]["reject"], "reason": "Not this one"},
        "mute": {"participant_id": participant_id},
        "unmute": {"participant_id": participant_id},
        "tables_setup": {"rule": "mixed", "count": 3},
        "tables_assign": {},
        "tables_stop": {},
        "table_rename": {"table_id": world["here"]["tables"][0], "name": "Window table"},
        "table_host": {"table_id": world["here"]["tables"][0], "participant_id": participant_id},
        "table_move": {"participant_id": participant_id, "table_id": world["here"]["tables"][1]},
        "table_message": {"table_id": world["here"]["tables"][0], "text": "Five minutes left"},
        "rollup_adopt": {"step": step_id, "items": [_table_key(step_id)]},
        "rollup_plan": {"step": step_id, "items": [_table_key(step_id)], "title": "From the tables"},
        "rollup_screen": {"step": step_id, "mode": "all"},
        "rollup_unplan": {"step": step_id, "id": "r1"},
    }[command]


ROLLUP = sorted(c for c in CONTROLS if c.startswith("rollup_"))


def _table_key(step_id):
    from app.models import Step

    instance = db.session.scalar(select(Step.id).where(Step.parent_id == step_id).order_by(Step.id))
    return f"{instance}:note:n1"


def _table_work(world):
    """The step run in tables with a note at the first table, for the roll-up controls (once;
    they run after tables_stop, step_status and workshop_status had their turn)."""
    from app.exercises import Actor
    from app.live import engine
    from app.models import Step
    from app.tables.instances import ensure_instances

    step = db.session.get(Step, world["here"]["step_id"])
    if step.table_steps:
        return
    if not step.workshop.tables:
        world["here"]["tables"] = _tables(step.workshop, 2)
    step.status, step.in_tables = "open", True
    ensure_instances(step)
    db.session.commit()
    note = {"op": new_op(), "step": step.id, "type": "add_note", "table": world["here"]["tables"][0],
            "data": {"text": "From table one"}}
    ack = engine.submit_action(step.workshop_id, Actor("facilitator", f"f:{world['owner_id']}"), note)
    assert ack["ok"], ack
    db.session.remove()


# The roll-up's after the table controls (they need table work, which tables_stop refuses);
# remove_participant last: it removes "participant here".
EVENTS = [("sync", None), ("act", "add_note")] \
    + [("control", c) for c in sorted({*CONTROLS, *MODERATION}) if c != "remove_participant" and c not in ROLLUP] \
    + [("control", c) for c in ROLLUP] + [("control", "remove_participant")]


@pytest.mark.parametrize("visitor", VISITORS)
def test_socket_events(app, world, visitor):
    """Connect, then every event: sync, act, and control with each command."""
    sio = socket_for(app, visitor, world)
    assert sio.is_connected() == (visitor in CONNECT_ALLOWED), "connect decision"
    if not sio.is_connected():
        return  # refused at the handshake: no event ever reaches a handler
    for event, detail in EVENTS:
        check_event(sio, world, visitor, event, detail)


def check_event(sio, world, visitor, event, detail):
    if detail in ROLLUP:
        _table_work(world)
    before = state_of_database()
    if event == "sync":
        reply = sio.emit("sync", {}, callback=True)
        assert reply["ok"] is True and reply["doc"]["workshop"]["id"] == world["here"]["workshop_id"]
        return
    if event == "act":
        reply = sio.emit("act", {"op": new_op(), "step": world["here"]["step_id"], "type": "add_note",
                                 "data": {"text": "hello"}}, callback=True)
        assert reply["ok"] is True, reply  # participants and facilitators may both add notes
        # ...but never to another workshop's step.
        after = state_of_database()
        reply = sio.emit("act", {"op": new_op(), "step": world["foreign"]["step_id"], "type": "add_note",
                                 "data": {"text": "sneaky"}}, callback=True)
        assert reply["ok"] is False and reply["code"] == "not_found"
        assert state_of_database() == after
        return
    data = control_data(detail, world)
    reply = sio.emit("control", {"op": new_op(), "command": detail, "data": data}, callback=True)
    db.session.remove()
    if visitor != "facilitator_access":
        assert reply["ok"] is False and reply["code"] == "forbidden", (detail, reply)
        assert state_of_database() == before, f"refused {detail} changed the database"
        return
    assert reply["ok"] is True, (detail, reply)
    if "step_id" in data:  # a step of another workshop is never reachable through this one's controls
        after = state_of_database()
        foreign = {**data, "step_id": world["foreign"]["step_id"]}
        reply = sio.emit("control", {"op": new_op(), "command": detail, "data": foreign}, callback=True)
        db.session.remove()
        assert reply["ok"] is False and reply["code"] == "not_found", (detail, reply)
        assert state_of_database() == after
    if "step" in data:  # the roll-up's controls name their step "step"
        after = state_of_database()
        reply = sio.emit("control", {"op": new_op(), "command": detail,
                                     "data": {**data, "step": world["foreign"]["step_id"]}}, callback=True)
        db.session.remove()
        assert reply["ok"] is False and reply["code"] == "not_found", (detail, reply)
        assert state_of_database() == after
    for key in ("held_id", "participant_id", "table_id"):  # nor another workshop's queue, people or tables
        if key in data:
            after = state_of_database()
            reply = sio.emit("control", {"op": new_op(), "command": detail,
                                         "data": {**data, key: world["foreign"][key]}}, callback=True)
            db.session.remove()
            assert reply["ok"] is False and reply["code"] == "not_found", (detail, reply)
            assert state_of_database() == after


def test_the_matrix_covers_every_route_and_control(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {category(e) for e in endpoints} == {"public", "participant", "account", "facilitator"}
    assert {command for event, command in EVENTS if event == "control"} == {*CONTROLS, *MODERATION}
