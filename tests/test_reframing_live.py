"""Reframing prompts on the real eventlet server (subprocess) with python-socketio clients: the four
phases with insiders and outsiders of the target sectors, readable refusals that change nothing,
and hidden / anonymous modes on the wire (insider ratings only for insider groups of 3 or more)."""
import json

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie
from tests.test_reframing_views import ranked

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]

ISSUE = "Families in our area struggling to keep a stable home"


@pytest.fixture
def make_room(server):
    """``make_room(people, **config)``: a live workshop whose open room step is Reframing prompts
    (targets Education and Health), with one participant token per (name, organisation, sector)."""
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        partnership = create_partnership(facilitator)

        def make(people, **config):
            exercise = app.extensions["exercises"]["reframing"]
            config = {**default_config(exercise), "issue": ISSUE, "sectors": "Education\nHealth", **config}
            workshop = create_workshop(partnership, steps=(("reframing", config),))
            tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in people]
            return {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}

        yield app, make
        db.session.remove()


def connect(server, ids, screen=False):
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    facilitator = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    phones = [LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"]]
    if screen:
        return facilitator, phones, LiveClient(server.url, ids["workshop"], "screen", cookie=cookie)
    return facilitator, phones


def view(client, step) -> dict:
    return client.doc["steps"][str(step)]["view"]


def mine(client, step) -> dict:
    return client.personal.get(str(step), {})


def db_state(app, step) -> dict:
    db.session.remove()
    return db.session.get(Step, step).state


def ok(ack) -> dict:
    assert ack["ok"], ack
    return ack


def refused(ack, code, words) -> dict:
    """A refusal with a sentence for a person that says what went wrong."""
    assert ack["ok"] is False, ack
    assert ack["code"] == code, ack
    assert words.lower() in ack["error"].lower(), ack
    assert ack["error"][0].isupper() and ack["error"].rstrip().endswith((".", "!")), ack["error"]
    return ack


def caught_up(clients, version) -> None:
    """Every client's document reaches workshop ``version`` (``doc.seq``, the ``v`` of an
    acknowledgement) and then equals what a fresh ``sync`` serves.

    A participant's own part (the unversioned ``personal`` channel) is checked where it is
    asserted (see ``test_own_part_follows_a_facilitator_rewording``)."""
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= version)
    for client in clients:
        fresh = client.sio.call("sync", {}, timeout=10)
        client.wait(lambda c, v=fresh["v"]: c.version >= v)
        with client.lock:
            assert client.doc == fresh["doc"]


def own_part_current(client) -> None:
    fresh = client.sio.call("sync", {}, timeout=10)
    client.wait(lambda c: c.personal == fresh.get("personal", {}), timeout=3)


def wire(client) -> str:
    with client.lock:
        return json.dumps(client.raw)


def test_four_phases_with_insiders_and_outsiders(server, make_room):
    app, make = make_room
    ids = make([("Ana Alder", "North School", "Education"), ("Dan Dale", "South Academy", "Education"),
                ("Ben Birch", "City Clinic", "Health"), ("Cy Cedar", "Homes Trust", "Housing")])
    step = ids["step"]
    fac, (ana, dan, ben, cy), screen = connect(server, ids, screen=True)
    everyone = [fac, ana, dan, ben, cy, screen]

    # 1. Their priorities: an insider and an outsider for Education, an insider for Health.
    ok(ana.act(step, "add_priority", {"sector": "Education", "text": "Keeping attendance up"}))
    ok(cy.act(step, "add_priority", {"sector": "education", "text": "Fewer pupils moving school mid-year"}))
    last = ok(ben.act(step, "add_priority", {"sector": "Health", "text": "Shorter waiting lists"}))
    caught_up(everyone, last["v"])
    priorities = {p["text"]: p for p in view(dan, step)["priorities"].values()}
    assert {t: (p["sector"], p["insider"]) for t, p in priorities.items()} == {
        "Keeping attendance up": ("Education", True),
        "Fewer pupils moving school mid-year": ("Education", False),  # configured spelling kept
        "Shorter waiting lists": ("Health", True),
    }
    assert priorities["Keeping attendance up"]["author"]["name"] == "Ana Alder"  # not anonymous
    for phone in (ana, ben, cy):
        own_part_current(phone)
    assert [p["text"] for p in mine(ana, step)["priorities"].values()] == ["Keeping attendance up"]
    assert mine(cy, step)["left"]["Education"] == {"priorities": 4, "reframes": 3}
    attendance = priorities["Keeping attendance up"]["id"]

    # Bad input: a sector that is not a target; a participant moving the room on.
    before = db_state(app, step)
    refused(ana.act(step, "add_priority", {"sector": "Transport", "text": "Buses"}), "rule", "not one this step")
    refused(cy.act(step, "add_reframe", {"sector": "Transport", "text": "Buses"}), "rule", "not one this step")
    refused(ana.control("step_phase", {"step_id": step, "phase": "rate"}), "forbidden", "Only the facilitator")
    refused(ana.act(step, "choose_framing", {"reframe_id": "r1"}), "forbidden", "only the facilitator")
    assert db_state(app, step) == before

    # 2. Reframe: an outsider and an insider write for Education, an insider for Health.
    ok(fac.control("step_phase", {"step_id": step, "phase": "reframe"}))
    ok(cy.act(step, "add_reframe", {"sector": "Education", "prompt": "1",
                                           "text": "Pupils who keep their home keep their place in class"}))
    ok(ana.act(step, "add_reframe", {"sector": "Education", "text": "Stable homes mean steadier attendance figures"}))
    last = ok(ben.act(step, "add_reframe", {"sector": "Health", "text": "Secure housing cuts repeat GP visits"}))
    caught_up(everyone, last["v"])
    by_text = {r["text"]: r for r in view(fac, step)["reframes"].values()}
    cy_reframe = by_text["Pupils who keep their home keep their place in class"]
    ana_reframe = by_text["Stable homes mean steadier attendance figures"]
    ben_reframe = by_text["Secure housing cuts repeat GP visits"]
    assert (cy_reframe["insider"], ana_reframe["insider"], ben_reframe["insider"]) == (False, True, True)
    assert cy_reframe["prompt"] == view(fac, step)["prompts"][0]
    refused(cy.act(step, "add_reframe", {"sector": "Education", "prompt": "9", "text": "x"}), "rule",
            "listed prompts")
    last = ok(cy.act(step, "connect_priority", {"reframe_id": cy_reframe["id"], "priority_id": attendance,
                                                 "connected": True}))
    caught_up(everyone, last["v"])
    assert view(screen, step)["reframes"][cy_reframe["id"]]["links"] == [attendance]

    # 3. Would it land? Two insiders and an outsider rate Cy's framing; ratings kept back.
    ok(fac.control("step_phase", {"step_id": step, "phase": "rate"}))
    ok(ana.act(step, "rate", {"reframe_id": cy_reframe["id"], "score": 5}))
    ok(dan.act(step, "rate", {"reframe_id": cy_reframe["id"], "score": 4}))
    ok(ben.act(step, "rate", {"reframe_id": cy_reframe["id"], "score": 2}))
    ok(cy.act(step, "rate", {"reframe_id": ana_reframe["id"], "score": 3}))
    last = ok(ana.act(step, "rate", {"reframe_id": ben_reframe["id"], "score": 4}))
    before = db_state(app, step)
    refused(cy.act(step, "rate", {"reframe_id": cy_reframe["id"], "score": 5}), "rule", "your own reframe")
    for score in (6, 0, -1):
        ack = refused(ben.act(step, "rate", {"reframe_id": ana_reframe["id"], "score": score}), "invalid", "1 to 5")
        assert ack["fields"]["score"]
    refused(ben.act(step, "rate", {"reframe_id": ana_reframe["id"], "score": "lots"}), "invalid", "")
    refused(fac.act(step, "rate", {"reframe_id": ana_reframe["id"], "score": 3}), "rule", "for participants")
    assert db_state(app, step) == before
    caught_up(everyone, last["v"])
    for client in (ana, ben, cy, screen):  # only counts while the ratings are kept back
        assert view(client, step)["reframes"][cy_reframe["id"]]["rating"] == {"count": 3}
        assert ranked(view(client, step), "Education") == [cy_reframe["id"], ana_reframe["id"]]  # writing order
    assert "average" not in wire(ben) and "insider_average" not in wire(screen)
    own_part_current(dan)
    assert mine(dan, step)["ratings"] == {cy_reframe["id"]: 4}
    assert view(fac, step)["reframes"][cy_reframe["id"]]["rating"] == {
        "count": 3, "average": 3.67, "insider_count": 2, "insider_average": 4.5}

    # 4. Choose: the ratings reach the room — the insider rating beside everyone's, on every
    # phone and the screen.
    last = ok(fac.control("step_phase", {"step_id": step, "phase": "choose"}))
    caught_up(everyone, last["v"])
    for client in (ana, ben, cy, screen):
        assert view(client, step)["reframes"][cy_reframe["id"]]["rating"] == {
            "count": 3, "average": 3.67, "insider_count": 2, "insider_average": 4.5}
        # Ana's own (rated 3 by outsider Cy) has no insider rating to show.
        assert view(client, step)["reframes"][ana_reframe["id"]]["rating"] == {"count": 1, "average": 3.0}
        assert ranked(view(client, step), "Education") == [cy_reframe["id"], ana_reframe["id"]]

    # Spotlight on the screen, reword with the room, pick one per sector.
    ok(fac.control("spotlight", {"step_id": step, "item": cy_reframe["id"]}))
    ok(fac.act(step, "reword_reframe", {"reframe_id": cy_reframe["id"],
                                        "text": "Pupils who keep their home keep their place — and their grades"}))
    ok(fac.act(step, "choose_framing", {"reframe_id": cy_reframe["id"]}))
    last = ok(fac.act(step, "choose_framing", {"reframe_id": ben_reframe["id"]}))
    refused(fac.act(step, "clear_choice", {"sector": "Transport"}), "rule", "not one this step")
    refused(cy.act(step, "edit_reframe", {"reframe_id": cy_reframe["id"], "text": "Mine again"}), "rule",
            "rated this wording")
    caught_up(everyone, last["v"])
    spot = screen.doc["workshop"]["spotlight"]  # (its "text" is the card's words, sent by the console)
    assert (spot["step_id"], spot["item"]) == (step, cy_reframe["id"])
    assert view(screen, step)["chosen"] == {"Education": cy_reframe["id"], "Health": ben_reframe["id"]}
    assert view(cy, step)["reframes"][cy_reframe["id"]]["text"].endswith("and their grades")  # in the shared view
    assert view(ana, step)["reframes"][cy_reframe["id"]]["reworded"] is True
    assert "original" not in view(ana, step)["reframes"][cy_reframe["id"]]
    assert view(fac, step)["reframes"][cy_reframe["id"]]["original"] == cy_reframe["text"]

    # Locked: participants' actions are refused with a reason and change nothing.
    last = ok(fac.control("step_status", {"step_id": step, "status": "locked"}))
    caught_up(everyone, last["v"])
    before = db_state(app, step)
    refused(dan.act(step, "add_priority", {"sector": "Education", "text": "Too late"}), "step_status", "locked")
    refused(dan.act(step, "add_reframe", {"sector": "Health", "text": "Too late"}), "step_status", "locked")
    refused(ben.act(step, "rate", {"reframe_id": ana_reframe["id"], "score": 4}), "step_status", "locked")
    refused(ana.act(step, "unrate", {"reframe_id": cy_reframe["id"]}), "step_status", "locked")
    assert db_state(app, step) == before
    last = ok(fac.act(step, "clear_choice", {"sector": "Health"}))  # the facilitator still steers
    caught_up(everyone, last["v"])
    assert view(cy, step)["chosen"] == {"Education": cy_reframe["id"]}

    # Into the plan: the chosen framing with its insider and overall ratings and provenance.
    state = db_state(app, step)
    items = {i["data"]["sector"]: i for i in app.extensions["exercises"]["reframing"].plan(state, state["config"])}
    education = items["Education"]
    assert education["data"]["chosen"] is True
    assert education["data"]["framing"].endswith("and their grades")
    assert education["data"]["original"] == cy_reframe["text"]
    assert education["data"]["priorities"] == ["Keeping attendance up"]
    assert education["data"]["ratings"]["insider_average"] == 4.5
    assert education["data"]["runners_up"][0]["text"] == ana_reframe["text"]
    assert set(education["sectors"]) == {"Housing", "Education"}  # author, and the insiders who agreed
    assert items["Health"]["data"]["chosen"] is False  # cleared: the leading one, marked as not chosen


def test_hidden_step_keeps_text_off_other_participants_wires(server, make_room):
    app, make = make_room
    ids = make([("Ana Alder", "North School", "Education"), ("Ben Birch", "City Clinic", "Health"),
                ("Cy Cedar", "Homes Trust", "Housing")])
    step = ids["step"]
    fac, (ana, ben, cy), screen = connect(server, ids, screen=True)
    ok(fac.control("step_hidden", {"step_id": step, "hidden": True}))
    ok(ana.act(step, "add_priority", {"sector": "Education", "text": "SECRET-PRIORITY-41"}))
    last = ok(cy.act(step, "add_reframe", {"sector": "Health", "text": "SECRET-REFRAME-42"}))
    caught_up([fac, ana, ben, cy, screen], last["v"])
    assert view(ben, step)["counts"] == {"Education": {"priorities": 1, "reframes": 0},
                                         "Health": {"priorities": 0, "reframes": 1}}
    assert view(ben, step)["hidden"] is True and view(ben, step)["reframes"] == {}
    for other in (ben, screen):
        assert "SECRET-PRIORITY-41" not in wire(other) and "SECRET-REFRAME-42" not in wire(other)
    assert "SECRET-PRIORITY-41" in wire(ana) and "SECRET-REFRAME-42" not in wire(ana)  # her own only
    assert "SECRET-REFRAME-42" in wire(cy)
    assert "SECRET-PRIORITY-41" in wire(fac) and "SECRET-REFRAME-42" in wire(fac)
    last = ok(fac.control("step_hidden", {"step_id": step, "hidden": False}))
    caught_up([fac, ana, ben, cy, screen], last["v"])
    assert "SECRET-REFRAME-42" in wire(ben) and "SECRET-PRIORITY-41" in wire(screen)


def test_anonymous_mode_shows_insider_ratings_only_for_groups_of_three(server, make_room):
    app, make = make_room
    people = [("Edna Quillon", "Quill Primary", "Education"), ("Eli Marchbank", "Marchbank High", "Education"),
              ("Esme Thornaby", "Thornaby College", "Education"),
              ("Hugo Pellworth", "Pellworth Clinic", "Health"), ("Hana Zorbridge", "Zorbridge Surgery", "Health"),
              ("Cyrus Vandermeer", "Vandermeer Homes", "Housing")]
    ids = make(people, ratings_hidden=False)
    step = ids["step"]
    fac, phones, screen = connect(server, ids, screen=True)
    edna, eli, esme, hugo, hana, cyrus = phones
    everyone = [fac, *phones, screen]
    ok(fac.control("setting", {"setting": "anonymous", "value": True}))

    # Priorities from an Education insider (group of 3) and a Health insider (group of 2).
    ok(edna.act(step, "add_priority", {"sector": "Education", "text": "Attendance targets"}))
    ok(hugo.act(step, "add_priority", {"sector": "Health", "text": "Winter pressures"}))
    # Cyrus, an outsider to both, writes a reframe for each target sector; Edna one for Health.
    ok(cyrus.act(step, "add_reframe", {"sector": "Education", "text": "Settled homes, settled classrooms"}))
    ok(cyrus.act(step, "add_reframe", {"sector": "Health", "text": "Warm dry homes keep children out of A&E"}))
    last = ok(edna.act(step, "add_reframe", {"sector": "Health", "text": "Fewer missed appointments after moves"}))
    caught_up(everyone, last["v"])
    reframes = {r["text"]: r["id"] for r in view(fac, step)["reframes"].values()}
    edu_id = reframes["Settled homes, settled classrooms"]
    health_id = reframes["Warm dry homes keep children out of A&E"]

    # All three Education insiders and both Health people (outsiders here) rate the Education one;
    # both Health insiders and one teacher rate the Health one.
    for phone, score in ((edna, 5), (eli, 4), (esme, 4), (hugo, 2), (hana, 1)):
        ok(phone.act(step, "rate", {"reframe_id": edu_id, "score": score}))
    for phone, score in ((hugo, 5), (hana, 4), (eli, 1)):
        ok(phone.act(step, "rate", {"reframe_id": health_id, "score": score}))
    last = ok(hana.act(step, "rate", {"reframe_id": reframes["Fewer missed appointments after moves"], "score": 3}))
    caught_up(everyone, last["v"])

    for client in (eli, hana, cyrus, screen):
        shown = view(client, step)
        # Education: 3 insiders — their rating beside everyone's.
        assert shown["reframes"][edu_id]["rating"] == {"count": 5, "average": 3.2, "insider_count": 3,
                                                       "insider_average": 4.33}
        # Health: only 2 insiders — everyone's rating, and no insider figure that would single them out.
        assert shown["reframes"][health_id]["rating"] == {"count": 3, "average": 3.33}
        priorities = {p["text"]: p for p in shown["priorities"].values()}
        assert priorities["Attendance targets"]["insider"] is True
        assert priorities["Winter pressures"]["insider"] is False  # a group of 2 is not marked
        assert priorities["Winter pressures"]["author"] == {}
        assert priorities["Attendance targets"]["author"] == {"sector": "Education"}
        assert "author" not in shown["reframes"][edu_id] or shown["reframes"][edu_id]["author"] == {}
    facilitator_view = view(fac, step)
    assert facilitator_view["reframes"][health_id]["rating"] == {"count": 3, "average": 3.33, "insider_count": 2,
                                                                 "insider_average": 4.5}
    assert facilitator_view["reframes"][health_id]["author"]["name"] == "Cyrus Vandermeer"

    # No names or organisations of other people reached any phone or the screen.
    for client, (name, organisation, _sector) in zip(phones, people, strict=True):
        text = wire(client)
        for other_name, other_org, _ in people:
            if other_name != name:
                assert other_name not in text and other_org not in text, (name, other_name)
        assert organisation not in wire(screen) and name not in wire(screen)
    assert "Cyrus Vandermeer" in wire(fac)

    # Out of anonymous mode, the Health insiders' rating is shown beside everyone's too.
    last = ok(fac.control("setting", {"setting": "anonymous", "value": False}))
    caught_up(everyone, last["v"])
    for client in (eli, screen):
        assert view(client, step)["reframes"][health_id]["rating"] == {
            "count": 3, "average": 3.33, "insider_count": 2, "insider_average": 4.5}
        priorities = {p["text"]: p for p in view(client, step)["priorities"].values()}
        assert priorities["Winter pressures"]["insider"] is True


def test_own_part_follows_a_facilitator_rewording(server, make_room):
    app, make = make_room
    ids = make([("Cy Cedar", "Homes Trust", "Housing")])
    step = ids["step"]
    fac, (cy,) = connect(server, ids)
    ok(cy.act(step, "add_reframe", {"sector": "Health", "text": "Warm homes, fewer admissions"}))
    cy.wait(lambda c: len(mine(c, step).get("reframes", {})) == 1)
    reframe_id = next(iter(mine(cy, step)["reframes"]))
    ok(fac.act(step, "reword_reframe", {"reframe_id": reframe_id, "text": "Warm homes mean fewer winter admissions"}))
    cy.wait(lambda c: mine(c, step)["reframes"][reframe_id]["text"] == "Warm homes mean fewer winter admissions",
            timeout=3)
