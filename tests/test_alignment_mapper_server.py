"""The Alignment mapper on the real eventlet server with python-socketio clients: three
sectors through all four phases, every client converging on what a fresh sync serves."""
import pytest

from app import create_app
from app.extensions import db
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer, facilitator_cookie
from tests.test_alignment_mapper_views import map_rows

pytestmark = [pytest.mark.live, pytest.mark.timeout(120)]


@pytest.fixture
def room(tmp_path):
    server = LiveServer(tmp_path)
    server.migrate()
    app = create_app({"SQLALCHEMY_DATABASE_URI": server.db_url, "ASYNC_MODE": "threading", "SECRET_KEY": "x"})
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


def test_three_sectors_through_four_phases_on_the_real_server(room):
    server, ids = room
    step, key = ids["step"], str(ids["step"])
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    fac = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    ana, ben, cem = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])
    everyone = [fac, ana, ben, cem]
    for phone, text in ((ana, "Ready to learn"), (ben, "Healthy early years"), (cem, "Stable homes")):
        assert phone.act(step, "add_goal", {"text": text})["ok"]
    ack = fac.act(step, "set_phase", {"phase": "shared"})
    caught_up(everyone, ack)
    card = next(c for c, v in fac.doc["steps"][key]["view"]["cards"].items() if v["text"] == "Ready to learn")
    assert ben.act(step, "respond", {"card_id": card, "response": "shared"})["ok"]
    assert cem.act(step, "respond", {"card_id": card, "response": "shared"})["ok"]
    refused = ana.act(step, "respond", {"card_id": card, "response": "shared"})
    assert not refused["ok"] and refused["error"]
    assert fac.act(step, "set_phase", {"phase": "themes"})["ok"]
    assert fac.act(step, "create_theme", {"name": "School readiness"})["ok"]
    fac.wait(lambda c: c.doc["steps"][key]["view"]["themes"])
    theme = next(iter(fac.doc["steps"][key]["view"]["themes"]))
    assert fac.act(step, "move_goal", {"card_id": card, "theme_id": theme})["ok"]
    assert fac.act(step, "set_phase", {"phase": "essential"})["ok"]
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
