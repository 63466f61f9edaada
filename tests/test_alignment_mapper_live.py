"""The Alignment mapper through the live engine (Socket.IO test client): four phases with three
sectors, privacy on the wire, and refusals from the core's checks; then the same on the real
eventlet server with python-socketio clients, every client converging on what a fresh sync
serves."""
import pytest

from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import (
    act,
    connect_facilitator,
    control,
    flush,
    people,
    received_json,
    view_of,
)
from tests.live_server import LiveClient, LiveServer, facilitator_cookie
from tests.test_alignment_mapper_views import map_rows


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("alignment_mapper", None),))
    login(client)
    return workshop, workshop.steps[0].id


def test_four_phases_with_three_sectors(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    ana, ben, cem = people(app, workshop, [("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health"),
                                           ("Cem", "Homes Trust", "Housing")])
    for phone, text in ((ana, "Ready to learn"), (ben, "Healthy early years"), (cem, "Stable homes")):
        assert act(phone, step_id, "add_goal", {"text": text})["ok"]
    assert view_of(app, ben, step_id)["cards"] == {}  # thinking alone first
    assert control(fac, "step_phase", {"step_id": step_id, "phase": "shared"})["ok"]
    assert act(ben, step_id, "respond", {"card_id": "g1", "response": "shared"})["ok"]
    assert act(cem, step_id, "respond", {"card_id": "g1", "response": "partly"})["ok"]
    assert act(cem, step_id, "respond", {"card_id": "g1", "response": "shared"})["ok"]  # changed mind
    ack = act(ana, step_id, "respond", {"card_id": "g1", "response": "shared"})
    assert not ack["ok"] and "your own goal" in ack["error"]
    assert control(fac, "step_phase", {"step_id": step_id, "phase": "themes"})["ok"]
    assert act(fac, step_id, "create_theme", {"name": "School readiness"})["ok"]
    assert act(fac, step_id, "move_goal", {"card_id": "g1", "theme_id": "t4"})["ok"]
    ack = act(fac, step_id, "move_goal", {"card_id": "g2", "theme_id": "t999"})
    assert not ack["ok"] and "not part of this step" in ack["error"]
    assert control(fac, "step_phase", {"step_id": step_id, "phase": "essential"})["ok"]
    for phone, rating in ((ana, "essential"), (ben, "essential"), (cem, "nice")):
        assert act(phone, step_id, "rate_theme", {"theme_id": "t4", "rating": rating})["ok"]
    row = map_rows(view_of(app, fac, step_id))[0]
    assert (row["id"], row["band"], row["reach"], row["essential"], row["nice"]) == ("t4", "common", 3, 2, 1)
    db.session.remove()
    step = db.session.get(Step, step_id)
    items = app.extensions["exercises"]["alignment_mapper"].plan(step.state, step.config)
    assert {i["section"] for i in items} == {"purpose", "common_ground", "differences"}


def test_participant_cannot_move_phases_and_locked_step_refuses(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    (ana,) = people(app, workshop, [("Ana", "North School", "Education")])
    ack = control(ana, "step_phase", {"step_id": step_id, "phase": "themes"})
    assert not ack["ok"] and ack["code"] == "forbidden"
    ack = act(ana, step_id, "create_theme", {"name": "Mine"})  # grouping waits for the themes phase
    assert not ack["ok"] and ack["code"] == "phase" and "“Goals”" in ack["error"]
    ack = act(ana, step_id, "add_goal", {"text": "   "})
    assert not ack["ok"] and ack["fields"]["text"]
    assert control(fac, "step_status", {"step_id": step_id, "status": "locked"})["ok"]
    ack = act(ana, step_id, "add_goal", {"text": "Too late"})
    assert not ack["ok"] and "locked" in ack["error"]
    assert control(fac, "step_phase", {"step_id": step_id, "phase": "shared"})["ok"]  # the facilitator still steers
    db.session.remove()
    assert db.session.get(Step, step_id).state["cards"] == {}


def test_anonymous_mode_and_small_sectors_on_the_wire(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    screen = connect_facilitator(app, client, workshop, role="screen")
    control(fac, "setting", {"setting": "anonymous", "value": True})
    education = people(app, workshop, [(f"Edu Person{i}", "North School", "Education") for i in range(3)])
    (hana,) = people(app, workshop, [("Hana Zebrafish", "Lonely Clinic", "Health")])
    watcher = education[1]
    for client_ in (watcher, screen, fac):
        client_.emit("sync", {}, callback=True)
    assert act(hana, step_id, "add_goal", {"text": "Healthy early years"})["ok"]
    assert act(education[0], step_id, "add_goal", {"text": "Ready to learn"})["ok"]
    assert control(fac, "step_phase", {"step_id": step_id, "phase": "shared"})["ok"]
    assert act(hana, step_id, "respond", {"card_id": "g2", "response": "shared"})["ok"]
    flush(app)
    for client_ in (watcher, screen):
        wire = received_json(client_)
        assert "Healthy early years" in wire
        for secret in ("Hana Zebrafish", "Lonely Clinic", "Edu Person0", "Health"):
            assert secret not in wire.replace("Healthy", ""), secret
    view = view_of(app, screen, step_id)
    assert view["map"]["sectors"] == ["Education", "other"]
    assert "Hana Zebrafish" in received_json(fac)


# -- on the real server ---------------------------------------------------------------------


@pytest.fixture
def real_server_room(tmp_path):
    server = LiveServer(tmp_path)
    server.migrate()
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()), steps=(("alignment_mapper", None),))
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in (
            ("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health"), ("Cem", "Homes Trust", "Housing"))]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    server.start()
    yield server, ids
    server.stop()


def caught_up(clients, ack):
    for client in clients:
        client.wait(lambda c: c.doc["seq"] >= ack["v"])


@pytest.mark.live
@pytest.mark.timeout(120)
def test_three_sectors_through_four_phases_on_the_real_server(real_server_room):
    server, ids = real_server_room
    step, key = ids["step"], str(ids["step"])
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    fac = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    ana, ben, cem = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])
    everyone = [fac, ana, ben, cem]
    for phone, text in ((ana, "Ready to learn"), (ben, "Healthy early years"), (cem, "Stable homes")):
        assert phone.act(step, "add_goal", {"text": text})["ok"]
    ack = fac.control("step_phase", {"step_id": step, "phase": "shared"})
    caught_up(everyone, ack)
    card = next(c for c, v in fac.doc["steps"][key]["view"]["cards"].items() if v["text"] == "Ready to learn")
    assert ben.act(step, "respond", {"card_id": card, "response": "shared"})["ok"]
    assert cem.act(step, "respond", {"card_id": card, "response": "shared"})["ok"]
    refused = ana.act(step, "respond", {"card_id": card, "response": "shared"})
    assert not refused["ok"] and refused["error"]
    assert fac.control("step_phase", {"step_id": step, "phase": "themes"})["ok"]
    assert fac.act(step, "create_theme", {"name": "School readiness"})["ok"]
    fac.wait(lambda c: c.doc["steps"][key]["view"]["themes"])
    theme = next(iter(fac.doc["steps"][key]["view"]["themes"]))
    assert fac.act(step, "move_goal", {"card_id": card, "theme_id": theme})["ok"]
    assert fac.control("step_phase", {"step_id": step, "phase": "essential"})["ok"]
    last = None
    for phone, rating in ((ana, "essential"), (ben, "essential"), (cem, "nice")):
        last = phone.act(step, "rate_theme", {"theme_id": theme, "rating": rating})
        assert last["ok"]
    caught_up(everyone, last)
    for client in everyone:
        client.wait(lambda c: map_rows(c.doc["steps"][key]["view"])[0]["id"] == theme)
        row = map_rows(client.doc["steps"][key]["view"])[0]
        assert (row["band"], row["reach"], row["essential"], row["nice"]) == ("common", 3, 2, 1)
        assert client.doc == client.sio.call("sync", {})["doc"]
    for client in everyone:
        client.close()
