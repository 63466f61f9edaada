"""The venue and the ballot box: a guesser behind the venue's one address does not lock the
room out — anyone whose browser already joined gets back in — and wrong rejoin codes are
counted per workshop as well as per address, so many addresses can't guess one room's codes."""
import pytest

from app.extensions import db
from app.workshops import codes
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

VENUE = {"REMOTE_ADDR": "198.51.100.9"}


@pytest.fixture
def workshop(app):
    workshop = create_workshop(create_partnership(create_facilitator()), status="live")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def guess_until_limited(app, client):
    for _ in range(app.config["JOIN_RATE_LIMIT"]):
        assert client.get(f"/j/{codes.random_code(8)}", environ_base=VENUE).status_code == 404
    assert client.get("/j/HK7P2QXM", environ_base=VENUE).status_code == 429  # the address is limited


def test_a_participant_with_a_valid_cookie_gets_back_in_while_the_address_is_limited(app, client, workshop):
    _, token = create_participant(workshop)
    guess_until_limited(app, client)
    phone = app.test_client()
    phone.set_cookie(f"cg_p{workshop.id}", token)
    back = phone.get("/j/HK7P2QXM", environ_base=VENUE)
    assert back.status_code == 302 and back.location.endswith(f"/w/{workshop.id}/me")
    typed = phone.post("/join", data={"code": "hk7p 2qxm"}, environ_base=VENUE)
    assert typed.status_code == 302 and typed.location.endswith("/j/HK7P2QXM")


def test_a_cookie_for_one_workshop_does_not_lift_the_limit_for_guessing_others(app, client, workshop):
    _, token = create_participant(workshop)
    guess_until_limited(app, client)
    client.set_cookie(f"cg_p{workshop.id}", token)  # the guesser joined this room earlier
    assert client.get(f"/j/{codes.random_code(8)}", environ_base=VENUE).status_code == 429
    assert client.post("/join", data={"code": codes.random_code(8)}, environ_base=VENUE).status_code == 429


def test_wrong_rejoin_codes_from_many_addresses_are_limited_per_workshop(app, workshop):
    participant, _ = create_participant(workshop)
    participant.rejoin_code = codes.new_rejoin_code(workshop.id)
    db.session.commit()
    client = app.test_client()
    wrong = "AAAAAA" if participant.rejoin_code != "AAAAAA" else "BBBBBB"
    for i in range(app.config["REJOIN_CODE_RATE_LIMIT"]):  # one guess per address: never the address limit
        response = client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": wrong},
                               environ_base={"REMOTE_ADDR": f"10.1.{i // 200}.{i % 200}"})
        assert response.status_code == 404
    right = client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": participant.rejoin_code},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert right.status_code == 429  # the workshop's rejoin codes are being guessed: a pause for all
    # Joining the room (not rejoining) is untouched, and other workshops' rejoins too.
    assert client.get("/j/HK7P2QXM", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 200


def test_the_console_document_shows_when_people_joined_and_when_rejoin_codes_are_guessed(app, workshop):
    from app.live.rooms import build_doc

    create_participant(workshop, name="Ana")
    create_participant(workshop, name="ana ")
    presence = build_doc(workshop, "facilitator")["presence"]
    assert all(person["joined"].endswith("Z") for person in presence["participants"].values())
    assert presence["guessing"] is False
    client = app.test_client()
    for i in range(app.config["REJOIN_CODE_RATE_LIMIT"] // 3):
        client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": "AAAAAA"},
                    environ_base={"REMOTE_ADDR": f"10.2.0.{i}"})
    assert build_doc(workshop, "facilitator")["presence"]["guessing"] is True
    assert "guessing" not in build_doc(workshop, "screen")["presence"]  # never on the projector
