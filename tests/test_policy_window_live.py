"""The Policy window canvas on the real eventlet server, with python-socketio clients: a facilitator,
the room screen and three participants from three sectors run the four phases (map, weigh, read,
act); refusals come back as sentences and change nothing; hidden and anonymous modes and hidden
ratings keep secrets off the wire."""
import json
import time
from datetime import date

import pytest
from babel.dates import format_date

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import room_clients, view
from tests.test_policy_window_views import dated, ranked

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]

PEOPLE = (("Ana Quillfeather", "North School", "Education"), ("Ben Marrowgate", "City Clinic", "Health"),
          ("Cy Thistledown", "Homes Trust", "Housing"))


def soon(months: int) -> str:
    """A day ``months`` ahead of today, well inside the default 24-month horizon."""
    today = date.today()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 15).isoformat()


def seed_workshop(server, **overrides):
    """A live workshop whose open room step is a Policy window canvas; three participants."""
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        config = {**default_config(app.extensions["exercises"]["policy_window"]), **overrides}
        workshop = create_workshop(create_partnership(facilitator), steps=(("policy_window", config),))
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in PEOPLE]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    return app, ids


def stored_state(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def stored_phase(app, step_id) -> str | None:
    """The phase the core keeps on the step (not in the exercise's state)."""
    with app.app_context():
        phase = db.session.get(Step, step_id).phase
        db.session.remove()
    return phase


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, *words) -> dict:
    """A refusal with ``code`` whose sentence (or field message) says each of ``words``."""
    assert ack["ok"] is False, ack
    assert ack["code"] == code, ack
    said = " ".join([ack["error"], *(m for msgs in (ack.get("fields") or {}).values() for m in msgs)])
    for word in words:
        assert word in said, (word, ack)
    assert ack["error"][0].isupper() and ack["error"].rstrip().endswith((".", ":", "!")), ack["error"]
    return ack


def converge(clients, ack) -> None:
    """Every client reaches the acknowledged change (``doc.seq >= ack.v``) and then holds exactly the
    document and personal part a fresh ``sync`` serves."""
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= ack["v"])
        deadline = time.monotonic() + 10
        while True:
            fresh = client.sio.call("sync", {}, timeout=10)
            with client.lock:
                same = client.doc == fresh["doc"] and client.personal == fresh.get("personal", {})
            if same or time.monotonic() > deadline:
                break
            time.sleep(0.1)  # a patch or personal message still in flight
        assert fresh["doc"]["seq"] >= ack["v"]
        with client.lock:
            assert client.doc == fresh["doc"]
            assert client.personal == fresh.get("personal", {})


def step_wire(client, step_id) -> str:
    """Everything of this step's exercise view a client received (documents and patches), as JSON."""
    key = str(step_id)
    with client.lock:
        parts = [(m.get("doc") or m.get("patch") or {}).get("steps", {}).get(key, {}) for m in client.raw]
    return json.dumps([p.get("view") for p in parts if isinstance(p, dict)])


def note_by_text(client, step_id, text) -> dict:
    return next(n for n in view(client, step_id)["notes"].values() if n["text"] == text)


def test_four_phases_with_three_sectors(server):
    app, ids = seed_workshop(server)
    step = ids["step"]
    facilitator, screen, phones = room_clients(server, ids)
    ana, ben, cy = phones
    everyone = [facilitator, screen, *phones]
    election, budget = soon(6), soon(3)

    # 1. Map: each sector adds to a different P; the screen and every phone see the notes arrive.
    ok(ana.act(step, "add_note", {"column": "politics", "text": "Local election brings a new council",
                                  "effect": "opens", "influence": "partly", "date": election}))
    ok(ben.act(step, "add_note", {"column": "people", "text": "Clinic director retiring",
                                  "effect": "closes", "influence": "yes", "date": budget}))
    ok(cy.act(step, "add_note", {"column": "power", "text": "Housing cuts in the news",
                                 "effect": "closes", "influence": "no"}))
    last = ok(ana.act(step, "add_note", {"column": "power", "text": "Parents campaign for breakfast clubs",
                                         "effect": "opens", "influence": "yes"}))
    for client in everyone:
        client.wait(lambda c: len(view(c, step)["notes"]) == 4)
    assert view(screen, step)["counts"]["power"] == {"notes": 2, "opens": 1, "closes": 1}
    assert [view(screen, step)["notes"][n]["text"] for n in dated(view(screen, step))] == [
        "Clinic director retiring", "Local election brings a new council"]
    converge(everyone, last)
    assert set(ana.personal[str(step)]["notes"]) == {note_by_text(ana, step, t)["id"] for t in (
        "Local election brings a new council", "Parents campaign for breakfast clubs")}

    # A participant may not move the room on, and may not vote while the room is still mapping.
    refused(ben.control("step_phase", {"step_id": step, "phase": "weigh"}), "forbidden", "Only the facilitator")
    election_id = note_by_text(ben, step, "Local election brings a new council")["id"]
    # The core refuses what the phase does not allow, before the exercise sees it.
    refused(ben.act(step, "vote", {"note_id": election_id}), "phase", "You cannot vote for a note in the")

    # 2. Weigh: votes from all three sectors; tallies and the ranking follow on every client.
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "weigh"}))
    campaign_id = note_by_text(ben, step, "Parents campaign for breakfast clubs")["id"]
    director_id = note_by_text(ana, step, "Clinic director retiring")["id"]
    ok(ben.act(step, "vote", {"note_id": election_id}))
    ok(cy.act(step, "vote", {"note_id": election_id}))
    ok(ana.act(step, "vote", {"note_id": director_id}))
    ok(cy.act(step, "vote", {"note_id": campaign_id}))
    ok(cy.act(step, "unvote", {"note_id": campaign_id}))  # changed her mind
    last = ok(ana.act(step, "vote", {"note_id": election_id}))
    for client in everyone:
        client.wait(lambda c: view(c, step)["phase"] == "weigh"
                    and view(c, step)["notes"][election_id]["votes"] == 3
                    and view(c, step)["notes"][campaign_id]["votes"] == 0)
    assert ranked(view(screen, step))[:2] == [election_id, director_id]
    assert view(screen, step)["voters"] == 3
    converge(everyone, last)
    assert ana.personal[str(step)]["votes_left"] == 3
    refused(ana.act(step, "vote", {"note_id": election_id}), "rule", "One vote per note")
    refused(facilitator.act(step, "vote", {"note_id": election_id}), "rule", "Votes are for participants")

    # 3. Read: ratings stay with the facilitator until the room moves on to acting, then show per P
    # and overall with the spread.
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "read"}))
    for phone, levels in ((ana, ("open", "opening", "open")), (ben, ("opening", "closed", "closed")),
                          (cy, ("opening", "closed", "open"))):
        for target, level in zip(("politics", "people", "overall"), levels, strict=True):
            last = ok(phone.act(step, "rate", {"target": target, "level": level}))
    ok(ben.act(step, "rate", {"target": "power", "level": "open"}))
    last = ok(ben.act(step, "clear_rating", {"target": "power"}))  # took it back
    facilitator.wait(lambda c: view(c, step)["ratings"]["raters"] == 3
                     and view(c, step)["ratings"]["gauges"]["overall"]["total"] == 3)
    converge(everyone, last)
    for client in (screen, *phones):
        assert "gauges" not in view(client, step)["ratings"]
        assert view(client, step)["ratings"]["raters"] == 3
    assert cy.personal[str(step)]["ratings"] == {"politics": "opening", "people": "closed", "overall": "open"}
    refused(ana.control("step_phase", {"step_id": step, "phase": "act"}), "forbidden", "Only the facilitator")
    # 4. Act: the ratings reach the room.
    last = ok(facilitator.control("step_phase", {"step_id": step, "phase": "act"}))
    converge(everyone, last)
    for client in everyone:
        gauges = view(client, step)["ratings"]["gauges"]
        assert gauges["overall"]["counts"] == {"closed": 1, "opening": 0, "open": 2}
        assert gauges["overall"]["split"] is True  # one sees it shut, two open: talk it through
        assert gauges["people"]["counts"] == {"closed": 2, "opening": 1, "open": 0}
        assert gauges["politics"]["reading"] == "opening"
        assert gauges["power"]["total"] == 0
    assert view(screen, step)["ratings"]["by_sector"]["overall"]["Health"]["reading"] == "closed"

    # The facilitator turns notes into an enabler, a barrier to shift and a dated moment.
    ok(facilitator.act(step, "add_action", {"note_id": campaign_id, "kind": "use",
                                            "text": "Invite the parents to the steering group"}))
    ok(facilitator.act(step, "add_action", {"note_id": director_id, "kind": "shift",
                                            "text": "Meet the new director early", "lead": "Ben"}))
    last = ok(facilitator.act(step, "add_action", {"note_id": election_id, "kind": "moment",
                                                   "text": "Brief every candidate"}))
    cuts_id = note_by_text(ana, step, "Housing cuts in the news")["id"]
    refused(facilitator.act(step, "add_action", {"note_id": cuts_id, "kind": "shift", "text": "Lobby"}),
            "rule", "out of our hands")
    refused(ana.act(step, "add_action", {"note_id": campaign_id, "kind": "use", "text": "Mine"}), "forbidden",
            "Only the facilitator")
    ok(cy.act(step, "rate", {"target": "overall", "level": "opening"}))  # ratings stay open while acting
    refused(cy.act(step, "add_note", {"column": "politics", "text": "Late idea", "effect": "opens",
                                      "influence": "yes"}), "phase", "You cannot add a note in the")
    for client in everyone:
        client.wait(lambda c: len(view(c, step)["actions"]) == 3
                    and view(c, step)["ratings"]["gauges"]["overall"]["counts"]["opening"] == 1)
    moment = next(a for a in view(screen, step)["actions"].values() if a["kind"] == "moment")
    assert moment["date"] == election  # the note's date carried over
    converge(everyone, last)

    # Locked: participants are refused with a readable sentence; nothing changes.
    ok(facilitator.control("step_status", {"step_id": step, "status": "locked"}))
    before = stored_state(app, step)
    refused(ana.act(step, "rate", {"target": "people", "level": "open"}), "step_status", "locked")
    refused(ben.act(step, "unvote", {"note_id": election_id}), "step_status", "locked")
    assert stored_state(app, step) == before
    last = ok(facilitator.control("step_hidden", {"step_id": step, "hidden": True}))  # the core's one switch
    converge(everyone, last)
    assert "gauges" not in view(ana, step)["ratings"]

    # The database holds what the clients saw, and the plan carries it with provenance.
    state = stored_state(app, step)
    assert stored_phase(app, step) == "act" and "phase" not in state
    assert len(state["notes"]) == 4 and len(state["actions"]) == 3
    assert state["votes"][next(iter(state["votes"]))]  # stored per voter
    assert {r["author"]["sector"] for r in state["ratings"].values()} == {"Education", "Health", "Housing"}
    with app.app_context():
        step_row = db.session.get(Step, step)
        items = app.extensions["exercises"]["policy_window"].plan(step_row.state, step_row.config)
        db.session.remove()
    titles = [i["title"] for i in items]
    assert "How open the window is" in titles
    assert "Enabler: Local election brings a new council" in titles
    assert "Barrier: Clinic director retiring" in titles
    # Proposed once (issue 17): the dated enabler carries its date, not a second "<date>: …" item.
    assert f"{election}: Local election brings a new council" not in titles
    enabler = next(i for i in items if i["title"] == "Enabler: Local election brings a new council")
    worded = format_date(date.fromisoformat(election), format="long", locale="en")  # plans word their dates
    assert enabler["data"]["date"] == election and f"dated {worded}" in enabler["text"]
    assert {"Brief every candidate", "Meet the new director early", "Invite the parents to the steering group"} <= set(
        titles)
    assert {"Education", "Health", "Housing"} <= {s for i in items for s in i["sectors"]}


def test_bad_input_is_refused_with_clear_errors_and_changes_nothing(server):
    app, ids = seed_workshop(server, use_power=False, votes=2)
    step = ids["step"]
    facilitator, screen, (ana, ben, cy) = room_clients(server, ids)
    assert list(view(ana, step)["columns"]) == ["politics", "people"]
    ok(ana.act(step, "add_note", {"column": "politics", "text": "Budget round", "effect": "opens",
                                  "influence": "yes", "date": soon(2)}))
    ok(ben.act(step, "add_note", {"column": "people", "text": "New head teacher", "effect": "opens",
                                  "influence": "partly"}))
    last = ok(cy.act(step, "add_note", {"column": "politics", "text": "Spending freeze", "effect": "closes",
                                        "influence": "partly"}))
    converge([facilitator, screen, ana, ben, cy], last)
    good = {"column": "people", "text": "Should not be stored", "effect": "opens", "influence": "yes"}
    before = stored_state(app, step)
    version = ana.sio.call("sync", {})["doc"]["steps"][str(step)]["version"]

    # Notes to a column that is not configured, or that does not exist.
    refused(ana.act(step, "add_note", {**good, "column": "power"}), "rule", "Power is not part of this canvas")
    refused(ana.act(step, "add_note", {**good, "column": "economy"}), "invalid", "Pick Politics, People or Power")
    # Dates that do not parse, or lie far outside the horizon (either way).
    for bad_day in ("next spring", "2027-02-30", "14/05/2027"):
        ack = refused(ana.act(step, "add_note", {**good, "date": bad_day}), "invalid", "calendar day")
        assert ack["fields"]["date"]
    for far in ("2099-01-01", "1999-12-31"):
        refused(ana.act(step, "add_note", {**good, "date": far}), "rule", "Pick a date between")
    refused(ana.act(step, "add_note", {**good, "text": "   "}), "invalid", "Write something first")
    refused(ana.act(step, "add_note", {**good, "effect": "sideways"}), "invalid", "opens or closes")
    # Votes and ratings before their phase.
    budget_id = note_by_text(ana, step, "Budget round")["id"]
    refused(ben.act(step, "vote", {"note_id": budget_id}), "phase", "You cannot vote for a note in the")
    refused(ben.act(step, "rate", {"target": "overall", "level": "open"}), "phase", "You cannot rate the window in")
    after_refusals = stored_state(app, step)
    assert after_refusals == before
    assert ana.sio.call("sync", {})["doc"]["steps"][str(step)]["version"] == version

    # Votes beyond the allowance (two each here).
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "weigh"}))
    ben.wait(lambda c: view(c, step)["phase"] == "weigh")
    ids_ = sorted(view(ben, step)["notes"])
    ok(ben.act(step, "vote", {"note_id": ids_[0]}))
    ok(ben.act(step, "vote", {"note_id": ids_[1]}))
    before = stored_state(app, step)
    refused(ben.act(step, "vote", {"note_id": ids_[2]}), "rule", "used all 2 of your votes")
    refused(ben.act(step, "vote", {"note_id": "n999"}), "rule", "no longer exists")
    refused(ben.act(step, "unvote", {"note_id": ids_[2]}), "rule", "no vote on that note")
    assert stored_state(app, step) == before

    # Ratings outside the scale, or of a P this canvas does not use.
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "read"}))
    refused(cy.act(step, "rate", {"target": "overall", "level": "wide open"}), "invalid",
            "Rate it closed, opening or open")
    refused(cy.act(step, "rate", {"target": "overall", "level": "3"}), "invalid", "Rate it closed, opening or open")
    refused(cy.act(step, "rate", {"target": "power", "level": "open"}), "rule", "Power is not part of this canvas")
    refused(cy.act(step, "rate", {"target": "the moon", "level": "open"}), "invalid", "Rate one of the Ps")
    refused(cy.act(step, "clear_rating", {"target": "overall"}), "rule", "not rated that yet")
    refused(facilitator.control("step_phase", {"step_id": step, "phase": "party"}), "invalid", "no phase called")
    refused(facilitator.control("step_phase", {"step_id": step, "phase": "read"}), "rule", "in that phase already")
    assert stored_state(app, step)["ratings"] == {}

    # Acting when locked: refused for everyone the status rules out, the state untouched.
    ok(facilitator.control("step_status", {"step_id": step, "status": "locked"}))
    before = stored_state(app, step)
    refused(cy.act(step, "rate", {"target": "overall", "level": "open"}), "step_status", "locked")
    refused(ana.act(step, "add_note", {**good}), "step_status", "locked")
    assert stored_state(app, step) == before
    ok(facilitator.control("step_status", {"step_id": step, "status": "closed"}))
    refused(cy.act(step, "rate", {"target": "overall", "level": "open"}), "step_status", "closed")
    refused(facilitator.act(step, "add_action", {"note_id": budget_id, "kind": "use", "text": "Too late"}),
            "step_status", "closed")
    assert stored_state(app, step) == before


def test_hidden_anonymous_and_unrevealed_ratings_stay_off_the_wire(server):
    app, ids = seed_workshop(server)
    step = ids["step"]
    facilitator, screen, (ana, ben, cy) = room_clients(server, ids)
    ok(facilitator.control("step_hidden", {"step_id": step, "hidden": True}))
    ok(facilitator.control("setting", {"setting": "anonymous", "value": True}))
    secret = "MINISTER-RESHUFFLE-SECRET-41"
    ok(ana.act(step, "add_note", {"column": "people", "text": secret, "effect": "closes",
                                  "influence": "partly", "date": soon(4)}))
    last = ok(ben.act(step, "add_note", {"column": "power", "text": "Local paper on our side", "effect": "opens",
                                         "influence": "yes"}))
    facilitator.wait(lambda c: len(view(c, step)["notes"]) == 2)
    for client in (ben, cy, screen):
        client.wait(lambda c: view(c, step)["hidden_count"] == 2)
        assert view(client, step)["notes"] == {}
        assert view(client, step)["counts"]["people"]["closes"] == 1  # counts, never text
    converge([facilitator, screen, ana, ben, cy], last)
    for client in (ben, cy, screen):
        assert secret not in json.dumps(client.raw)
    assert secret in json.dumps(ana.raw)  # her own note, on her personal channel
    assert secret in json.dumps(facilitator.raw)

    # Ratings private until the room acts: the spread is not on participants' or the screen's wire.
    ok(facilitator.control("step_phase", {"step_id": step, "phase": "read"}))
    ok(ana.act(step, "rate", {"target": "overall", "level": "closed"}))
    last = ok(ben.act(step, "rate", {"target": "overall", "level": "open"}))
    facilitator.wait(lambda c: view(c, step)["ratings"]["raters"] == 2)
    converge([facilitator, screen, ana, ben, cy], last)
    for client in (cy, screen):
        assert '"gauges"' not in json.dumps(client.raw)
    assert '"gauges"' in json.dumps(facilitator.raw)

    # Revealed, still anonymous: text arrives, but no name, organisation or participant id does.
    ok(facilitator.control("step_hidden", {"step_id": step, "hidden": False}))
    last = ok(facilitator.control("step_phase", {"step_id": step, "phase": "act"}))
    for client in (ben, cy, screen):
        client.wait(lambda c: len(view(c, step)["notes"]) == 2 and "gauges" in view(c, step)["ratings"])
    converge([facilitator, screen, ana, ben, cy], last)
    for client in (ben, cy, screen):
        wire = json.dumps(client.raw)
        assert secret in wire
        for name, organisation, _sector in PEOPLE:
            assert name not in wire and organisation not in wire
        # One person per sector: too few for the exercise to show a sector in anonymous mode.
        # (Presence had sector counts before anonymous mode was switched on; that is the core's.)
        for _name, _organisation, sector in PEOPLE:
            assert f'"{sector}"' not in step_wire(client, step), sector
    assert "Ana Quillfeather" in json.dumps(facilitator.raw)
