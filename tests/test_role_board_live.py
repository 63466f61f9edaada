"""The Role assignment board on the real eventlet server, with python-socketio clients: a facilitator
and participants from four sectors take the board from setup to closed; every client converges on
what a fresh ``sync`` serves; refusals come back as sentences and change nothing; hidden
nominations and anonymous authors stay off other participants' wires."""
import json

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, view

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]

ORGANISATIONS = "North School | Education\nCity Clinic | Health\nHomes Trust | Housing\nParents Forum | Community"
PEOPLE = (("Ana Quill", "North School", "Education"), ("Ben Rowe", "City Clinic", "Health"),
          ("Cy Stone", "Homes Trust", "Housing"), ("Dee Tamm", "Quiet Collective", "Community"))


def seeded(server, **config):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        exercise = app.extensions["exercises"]["role_board"]
        step_config = {**default_config(exercise), "organisations": ORGANISATIONS, **config}
        workshop = create_workshop(partnership, steps=(("role_board", step_config),))
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in PEOPLE]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    return app, ids


@pytest.fixture
def seed(server):
    return seeded(server, overload_limit=1)


@pytest.fixture
def private_seed(server):
    return seeded(server, hide_nominations=True)


def connect(server, ids, screen=False):
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    facilitator = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    phones = [LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"]]
    if screen:
        return facilitator, phones, LiveClient(server.url, ids["workshop"], "screen", cookie=cookie)
    return facilitator, phones


def stored(app, step_id) -> dict:
    with app.app_context():
        db.session.remove()
        step = db.session.get(Step, step_id)
        state, config = step.state, step.config
        db.session.remove()
    return {"state": state, "config": config}


def converge(clients, ack) -> None:
    """Every client sees the acknowledged change (``doc.seq >= ack.v``, see docs/protocol.md) and,
    from patches alone, holds exactly the document a fresh ``sync`` serves."""
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= ack["v"])
        fresh = client.sio.call("sync", {}, timeout=10)["doc"]
        assert fresh["seq"] >= ack["v"]
        client.wait(lambda c, fresh=fresh: c.doc == fresh)


def by_name(items: dict, name: str) -> str:
    return next(i["id"] for i in items.values() if i["name"] == name)


def flag_kinds(client, step_id) -> dict:
    return {f["id"]: f["kind"] for f in view(client, step_id)["flags"].values()}


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code: str, *words: str) -> dict:
    assert ack["ok"] is False and ack["code"] == code, ack
    message = ack["error"] + json.dumps(ack.get("fields") or {})
    for word in words:
        assert word in message, (word, ack)
    assert ack["error"][0].isupper() and ack["error"].rstrip().endswith((".", "?", "!")), ack["error"]
    return ack


def test_the_board_from_setup_to_closed_with_four_sectors(server, seed):
    app, ids = seed
    step = ids["step"]
    fac, (ana, ben, cy, dee) = connect(server, ids)
    everyone = [fac, ana, ben, cy, dee]
    board = view(fac, step)
    roles, bodies, orgs = board["roles"], board["bodies"], board["organisations"]
    lead_role, data_role, comms_role = (by_name(roles, n) for n in (
        "Lead / backbone coordination", "Data and measurement lead", "Communications lead"))
    table = by_name(bodies, "Leadership table or board")
    school, homes, forum = (by_name(orgs, n) for n in ("North School", "Homes Trust", "Parents Forum"))
    assert f"unfilled:{lead_role}" in flag_kinds(ana, step)

    # 1. Setup: the facilitator prepares the board before opening it; participants must wait.
    ok(fac.control("step_status", {"step_id": step, "status": "pending"}))
    refused(ana.act(step, "volunteer", {"target_id": lead_role}), "step_status", "not started")
    ok(fac.act(step, "add_role", {"name": "Youth voice lead", "description": "Makes sure young people are heard."}))
    ack = ok(fac.act(step, "edit_role", {"target_id": data_role, "name": "Data and measurement lead",
                                         "description": "Shared indicators.",
                                         "responsibilities": "Runs the quarterly data review."}))
    converge(everyone, ack)
    youth = by_name(view(dee, step)["roles"], "Youth voice lead")
    assert view(cy, step)["roles"][data_role]["responsibilities"] == "Runs the quarterly data review."
    ok(fac.control("step_status", {"step_id": step, "status": "open"}))

    # 2. Open: volunteer, nominate with a reason, second.
    ok(ana.act(step, "volunteer", {"target_id": lead_role, "reason": "We host the partnership meetings"}))
    ok(ben.act(step, "nominate", {"target_id": data_role, "organisation": "Homes Trust",
                                  "reason": "They hold the housing data"}))
    ack = ok(dee.act(step, "nominate", {"target_id": youth, "organisation": "Parents Forum",
                                        "reason": "Parents already run the youth panel"}))
    fac.wait(lambda c: view(c, step)["nomination_count"] == 3)
    noms = {(n["target"], n["organisation"]): n["id"] for n in view(fac, step)["nominations"].values()}
    ack = ok(cy.act(step, "second", {"nomination_id": noms[(lead_role, school)]}))
    converge(everyone, ack)
    assert view(dee, step)["nominations"][noms[(lead_role, school)]]["seconds"] == 1
    assert [n["reason"] for n in ben.personal[str(step)]["mine"].values()] == ["They hold the housing data"]

    # 3. Refusals are sentences, and change nothing.
    before = stored(app, step)["state"]
    refused(dee.act(step, "nominate", {"target_id": comms_role, "organisation": "Nowhere Trust", "reason": "Why not"}),
            "rule", "not one of the partnership's organisations", "Ask the facilitator")
    refused(dee.act(step, "nominate", {"target_id": lead_role, "organisation": "north school", "reason": "Again"}),
            "rule", "already put forward", "second that nomination")
    refused(ana.act(step, "volunteer", {"target_id": lead_role}), "rule", "already put forward")
    refused(ana.act(step, "second", {"nomination_id": noms[(lead_role, school)]}), "rule", "yourself")
    refused(ana.act(step, "assign", {"target_id": comms_role, "organisation": "North School"}), "forbidden",
            "Only the facilitator can")  # the core's refusal no longer names the action (it is translated)
    refused(ben.act(step, "add_organisation", {"name": "Nowhere Trust"}), "forbidden", "Only the facilitator")
    refused(ben.act(step, "remove_role", {"target_id": lead_role}), "forbidden", "Only the facilitator")
    refused(ben.act(step, "nominate", {"target_id": comms_role, "organisation": "City Clinic", "reason": "  "}),
            "invalid", "reason")
    refused(fac.act(step, "assign", {"target_id": comms_role, "organisation": "Nowhere Trust"}), "rule",
            "not in the partnership yet", "Add it as an organisation first")
    refused(fac.act(step, "assign", {"target_id": "r999", "organisation": "North School"}), "rule",
            "no longer on the board")
    assert stored(app, step)["state"] == before
    # The facilitator (only) adds the missing organisation, and then can confirm it.
    ok(fac.act(step, "add_organisation", {"name": "Nowhere Trust", "sector": "Faith"}))
    ok(fac.act(step, "assign", {"target_id": comms_role, "organisation": "Nowhere Trust"}))
    # A role removed while a nomination for it was pending: confirming it is refused.
    ok(fac.act(step, "remove_role", {"target_id": youth}))
    refused(fac.act(step, "confirm_nomination", {"nomination_id": noms[(youth, forum)]}), "rule",
            "no longer on the board")
    refused(fac.act(step, "assign", {"target_id": youth, "organisation": "Parents Forum"}), "rule",
            "That role is no longer on the board.")

    # 4. The facilitator confirms; the flags follow live on every client.
    ack = ok(fac.act(step, "confirm_nomination", {"nomination_id": noms[(lead_role, school)]}))
    converge(everyone, ack)
    for client in everyone:
        kinds = flag_kinds(client, step)
        assert f"unfilled:{lead_role}" not in kinds and f"unfilled:{data_role}" in kinds
        assert "no_role:housing" in kinds and "no_role:education" not in kinds
        assert view(client, step)["roles"][lead_role]["lead"] == school
    ack = ok(fac.act(step, "assign", {"target_id": data_role, "organisation": school, "position": "lead"}))
    converge(everyone, ack)
    assert all(flag_kinds(c, step).get(f"overload:{school}") == "overload" for c in everyone)
    ok(fac.act(step, "set_limit", {"limit": 2}))
    ack = ok(fac.act(step, "confirm_nomination", {"nomination_id": noms[(data_role, homes)], "position": "lead"}))
    converge(everyone, ack)
    for client in everyone:
        kinds = flag_kinds(client, step)
        assert f"overload:{school}" not in kinds and "no_role:housing" not in kinds
        role = view(client, step)["roles"][data_role]
        assert (role["lead"], role["supporting"]) == (homes, [school])
    ack = ok(fac.act(step, "assign", {"target_id": table, "organisation": "North School"}))
    converge(everyone, ack)
    assert {flag_kinds(c, step).get(f"one_sector:{table}") for c in everyone} == {"one_sector"}
    assert {flag_kinds(c, step).get(f"no_community:{table}") for c in everyone} == {"no_community"}
    ack = ok(fac.act(step, "assign", {"target_id": table, "organisation": "Parents Forum"}))
    converge(everyone, ack)
    for client in everyone:
        kinds = flag_kinds(client, step)
        assert f"one_sector:{table}" not in kinds and f"no_community:{table}" not in kinds

    # 5. Locked: participants are refused; the facilitator still settles the board.
    ok(fac.control("step_status", {"step_id": step, "status": "locked"}))
    refused(cy.act(step, "volunteer", {"target_id": comms_role}), "step_status", "locked")
    refused(dee.act(step, "second", {"nomination_id": noms[(data_role, homes)]}), "step_status", "locked")
    ack = ok(fac.act(step, "edit_role", {"target_id": lead_role, "name": "Lead / backbone coordination",
                                         "description": "Brings the partners together.",
                                         "responsibilities": "Chairs the leadership table."}))
    converge(everyone, ack)
    assert view(ana, step)["roles"][lead_role]["responsibilities"] == "Chairs the leadership table."

    # 6. Closed: nothing changes any more.
    ack = ok(fac.control("step_status", {"step_id": step, "status": "closed"}))
    refused(fac.act(step, "assign", {"target_id": comms_role, "organisation": "City Clinic"}), "step_status", "closed")
    refused(ben.act(step, "withdraw", {"nomination_id": noms[(data_role, homes)]}), "step_status", "closed")
    converge(everyone, ack)

    # The shared plan, from the stored state: roles with lead, supporting and responsibilities,
    # the structure with members, and the flags still open.
    saved = stored(app, step)
    items = app.extensions["exercises"]["role_board"].plan(saved["state"], saved["config"])
    roles_out = {i["data"]["role"]: i["data"] for i in items if i["section"] == "roles"}
    assert roles_out["Lead / backbone coordination"]["lead"] == "North School"
    assert roles_out["Lead / backbone coordination"]["responsibilities"] == "Chairs the leadership table."
    assert roles_out["Data and measurement lead"]["supporting"] == ["North School"]
    assert roles_out["Communications lead"]["lead"] == "Nowhere Trust"
    assert "Youth voice lead" not in roles_out
    structure = {i["data"]["body"]: i["data"]["members"] for i in items if i["section"] == "structure"}
    assert structure["Leadership table or board"] == ["North School", "Parents Forum"]
    open_flags = [i["title"] for i in items if i["section"] == "flags"]
    assert "No organisation has taken on Fundraiser yet." in open_flags
    for client in everyone:
        client.close()


def test_hidden_nominations_and_anonymous_authors_stay_off_the_wire(server, private_seed):
    app, ids = private_seed
    step = ids["step"]
    fac, (ana, ben, cy, dee), screen = connect(server, ids, screen=True)
    lead_role = by_name(view(fac, step)["roles"], "Lead / backbone coordination")
    comms_role = by_name(view(fac, step)["roles"], "Communications lead")
    ok(fac.control("setting", {"setting": "anonymous", "value": True}))

    # Kept private by the config until the facilitator shows them.
    ack = ok(ana.act(step, "nominate", {"target_id": lead_role, "organisation": "City Clinic",
                                        "reason": "SECRET-REASON-41 they know every family"}))
    ok(dee.act(step, "nominate", {"target_id": comms_role, "organisation": "City Clinic", "reason": "Good newsletter"}))
    for client in (ben, cy, screen):
        client.wait(lambda c: view(c, step)["nomination_count"] == 2)
        assert view(client, step)["nominations_private"] is True and view(client, step)["nominations"] == {}
        assert "SECRET-REASON-41" not in json.dumps(client.raw)
    fac.wait(lambda c: len(view(c, step)["nominations"]) == 2)
    assert "SECRET-REASON-41" in json.dumps(fac.raw)
    ana.wait(lambda c: len(c.personal.get(str(step), {}).get("mine", {})) == 1)
    assert "SECRET-REASON-41" in json.dumps(ana.raw)  # her own, on her personal channel
    refused(ana.control("step_hidden", {"step_id": step, "hidden": False}), "forbidden", "Only the facilitator")

    # The console's one reveal control (the core's hide switch) shows them.
    ack = ok(fac.control("step_hidden", {"step_id": step, "hidden": False}))
    converge([fac, ana, ben, cy, dee, screen], ack)
    for client in (ben, cy, screen):
        assert len(view(client, step)["nominations"]) == 2
        wire = json.dumps(client.raw)
        assert "SECRET-REASON-41" in wire
        # Anonymous: no author names, and Dee's own organisation (not in the partnership) is not
        # shown next to a nomination that would point at her.
        for secret in ("Ana Quill", "Dee Tamm", "Quiet Collective"):
            assert secret not in wire, secret
        assert all("kind" not in n and "name" not in n["author"] for n in view(client, step)["nominations"].values())
    assert "Ana Quill" in json.dumps(fac.raw)

    # The room's own "hide answers" switch hides nominations from everyone but the facilitator.
    ok(fac.control("step_hidden", {"step_id": step, "hidden": True}))
    ack = ok(cy.act(step, "nominate", {"target_id": comms_role, "organisation": "North School",
                                       "reason": "HIDDEN-REASON-99 runs the school paper"}))
    fac.wait(lambda c: any("HIDDEN-REASON-99" in n["reason"] for n in view(c, step)["nominations"].values()))
    for client in (ana, ben, dee, screen):
        client.wait(lambda c: view(c, step)["nomination_count"] == 3)
        assert view(client, step)["nominations"] == {}
        assert "HIDDEN-REASON-99" not in json.dumps(client.raw)
    converge([fac, ana, ben, cy, dee, screen], ack)
    for client in (fac, ana, ben, cy, dee, screen):
        client.close()
