"""The data-sharing map through the live engine (Socket.IO test client) — a step added to the
agenda starts from the partnership's organisations, refusals come back with their field, the
hide switch keeps text off the wire — then on the real server with python-socketio clients,
every client converging on what a fresh sync serves."""
import pytest

from app.extensions import db
from app.models import Step
from app.workshops.agenda import add_step
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

ORGS = "North School\nCity Clinic\nHomes Trust"
FLOW = {"recipient": "City Clinic", "purpose": "Spot children missing health checks", "barriers": ["consent"],
        "barrier_note": "", "agreement": "dsa", "status": "needed"}


@pytest.fixture
def room(app, client):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, steps=())
    step = add_step(workshop, "data_sharing")  # as the agenda page adds it: the partnership fills the config
    step.status = "open"
    db.session.commit()
    workshop.current_step_id = workshop.room_step_id = step.id
    db.session.commit()
    login(client)
    return workshop, step.id


def test_a_room_maps_data_sets_flows_and_obstacles(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    ana, ben = people(app, workshop, [("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health")])
    view = view_of(app, fac, step_id)
    assert sorted(o["name"] for o in view["organisations"].values()) == ["City Clinic", "Homes Trust", "North School"]
    assert act(ana, step_id, "add_dataset", {"name": "Attendance records", "holder": ""})["ok"]
    dataset = next(iter(view_of(app, ana, step_id)["datasets"].values()))
    assert dataset["holder"] == "North School"  # the participant's own organisation
    assert act(ana, step_id, "add_flow", {"dataset_id": dataset["id"], **FLOW})["ok"]
    flow_id = next(iter(view_of(app, ben, step_id)["flows"]))
    assert act(ben, step_id, "add_barrier_note", {"flow_id": flow_id, "barrier": "technical",
                                                  "text": "Our systems cannot link"})["ok"]
    ack = act(ben, step_id, "edit_flow", {"flow_id": flow_id, "dataset_id": dataset["id"], **FLOW})
    assert not ack["ok"] and "your own flows" in ack["error"]
    ack = act(ben, step_id, "add_flow", {"dataset_id": dataset["id"], **{**FLOW, "recipient": "north school"}})
    assert not ack["ok"] and ack["fields"]["recipient"]
    ack = act(ben, step_id, "add_flow", {"dataset_id": dataset["id"], **{**FLOW, "recipient": "x" * 81}})
    assert not ack["ok"] and ack["fields"]["recipient"]  # the form's length check, before the reducer
    ack = act(ben, step_id, "add_flow", {"dataset_id": dataset["id"], **{**FLOW, "agreement": "handshake"}})
    assert not ack["ok"] and "agreement" in ack["error"]
    ack = act(ben, step_id, "remove_organisation", {"organisation_id": "o2"})
    assert not ack["ok"] and ack["code"] == "forbidden"
    assert act(fac, step_id, "remove_organisation", {"organisation_id": "o2"})["ok"]
    view = view_of(app, fac, step_id)
    assert view["flows"][flow_id]["recipient"] == "City Clinic"
    assert {o["name"]: o["listed"] for o in view["organisations"].values()}["City Clinic"] is False
    db.session.remove()
    step = db.session.get(Step, step_id)
    [item] = app.extensions["exercises"]["data_sharing"].plan(step.state, step.config)
    assert item["section"] == "data_sharing" and item["data"]["barriers"] == ["consent", "technical"]


def test_hidden_map_keeps_text_off_the_participants_wire(app, client, room):
    workshop, step_id = room
    fac = connect_facilitator(app, client, workshop)
    ana, ben = people(app, workshop, [("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health")])
    assert control(fac, "step_hidden", {"step_id": step_id, "hidden": True})["ok"]
    ben.emit("sync", {}, callback=True)
    assert act(ana, step_id, "add_dataset", {"name": "Secret register", "holder": ""})["ok"]
    flush(app)
    assert "Secret register" not in received_json(ben)
    assert view_of(app, ben, step_id)["hidden_count"] == 1
    assert [d["name"] for d in view_of(app, fac, step_id)["datasets"].values()] == ["Secret register"]


@pytest.fixture
def real_server_room(tmp_path):
    server = LiveServer(tmp_path)
    server.migrate()
    app = server.seed_app()
    with app.app_context():
        config = {"prompt": "Who needs which data?", "organisations": ORGS}
        workshop = create_workshop(create_partnership(create_facilitator()), steps=(("data_sharing", config),))
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in (
            ("Ana", "North School", "Education"), ("Ben", "City Clinic", "Health"))]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": tokens}
        db.session.remove()
    server.start()
    yield server, ids
    server.stop()


@pytest.mark.live
@pytest.mark.timeout(120)
def test_flows_and_obstacles_on_the_real_server(real_server_room):
    server, ids = real_server_room
    step, key = ids["step"], str(ids["step"])
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    fac = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    ana, ben = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])
    everyone = [fac, ana, ben]
    try:
        assert ana.act(step, "add_dataset", {"name": "Attendance records", "holder": ""})["ok"]
        ben.wait(lambda c: c.doc["steps"][key]["view"]["datasets"])
        dataset = next(iter(ben.doc["steps"][key]["view"]["datasets"]))
        assert ben.act(step, "add_dataset", {"name": "Clinic visits", "holder": ""})["ok"]
        assert ana.act(step, "add_flow", {"dataset_id": dataset, **FLOW})["ok"]
        ben.wait(lambda c: c.doc["steps"][key]["view"]["flows"])
        flow = next(iter(ben.doc["steps"][key]["view"]["flows"]))
        last = ben.act(step, "add_barrier_note", {"flow_id": flow, "barrier": "trust", "text": "<script>x</script>"})
        assert not last["ok"] and last["fields"]["text"]
        last = ben.act(step, "add_barrier_note", {"flow_id": flow, "barrier": "trust", "text": "We need to meet first"})
        assert last["ok"]
        for client in everyone:
            client.wait(lambda c: c.doc["seq"] >= last["v"])
            client.wait(lambda c: c.doc["steps"][key]["view"]["flows"][flow]["notes"])
            [note] = client.doc["steps"][key]["view"]["flows"][flow]["notes"].values()
            assert note["text"] == "We need to meet first" and note["barrier"] == "trust"
            assert client.doc == client.sio.call("sync", {})["doc"]
        ana.wait(lambda c: c.personal[key]["flows"] == {flow: True})
        ben.wait(lambda c: list(c.personal[key]["notes"].values()) == [flow])
    finally:
        for client in everyone:
            client.close()
