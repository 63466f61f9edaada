"""The Alignment mapper through the live engine (Socket.IO test client): four phases with three
sectors, privacy on the wire, and refusals from the core's checks."""
import pytest

from app.extensions import db
from app.models import Step
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush, received_json
from tests.test_alignment_mapper_views import map_rows


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("alignment_mapper", None),))
    login(client)
    return workshop, workshop.steps[0].id


def people(app, workshop, specs):
    return [connect_participant(app, workshop, create_participant(workshop, name=n, organisation=o, sector=s)[1])
            for n, o, s in specs]


def view_of(app, sio, step_id):
    flush(app)
    return sio.emit("sync", {}, callback=True)["doc"]["steps"][str(step_id)]["view"]


def test_four_phases_with_three_sectors(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    ana, ben, cem = people(app, workshop, [("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health"),
                                           ("Cem", "Homes Trust", "Housing")])
    for phone, text in ((ana, "Ready to learn"), (ben, "Healthy early years"), (cem, "Stable homes")):
        assert act(phone, step_id, "add_goal", {"text": text})["ok"]
    assert view_of(app, ben, step_id)["cards"] == {}  # thinking alone first
    assert act(fac, step_id, "set_phase", {"phase": "shared"})["ok"]
    assert act(ben, step_id, "respond", {"card_id": "g1", "response": "shared"})["ok"]
    assert act(cem, step_id, "respond", {"card_id": "g1", "response": "partly"})["ok"]
    assert act(cem, step_id, "respond", {"card_id": "g1", "response": "shared"})["ok"]  # changed mind
    ack = act(ana, step_id, "respond", {"card_id": "g1", "response": "shared"})
    assert not ack["ok"] and "your own goal" in ack["error"]
    assert act(fac, step_id, "set_phase", {"phase": "themes"})["ok"]
    assert act(fac, step_id, "create_theme", {"name": "School readiness"})["ok"]
    assert act(fac, step_id, "move_goal", {"card_id": "g1", "theme_id": "t4"})["ok"]
    ack = act(fac, step_id, "move_goal", {"card_id": "g2", "theme_id": "t999"})
    assert not ack["ok"] and "not part of this step" in ack["error"]
    assert act(fac, step_id, "set_phase", {"phase": "essential"})["ok"]
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
    ack = act(ana, step_id, "set_phase", {"phase": "themes"})
    assert not ack["ok"] and ack["code"] == "forbidden"
    ack = act(ana, step_id, "create_theme", {"name": "Mine"})
    assert not ack["ok"] and "only the facilitator" in ack["error"]
    ack = act(ana, step_id, "add_goal", {"text": "   "})
    assert not ack["ok"] and ack["fields"]["text"]
    assert control(fac, "step_status", {"step_id": step_id, "status": "locked"})["ok"]
    ack = act(ana, step_id, "add_goal", {"text": "Too late"})
    assert not ack["ok"] and "locked" in ack["error"]
    assert act(fac, step_id, "set_phase", {"phase": "shared"})["ok"]  # the facilitator still steers
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
    assert act(fac, step_id, "set_phase", {"phase": "shared"})["ok"]
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
