"""Join-code guessing: past the per-address limit every attempt is refused (429), whatever the
entry point and even with the right code; codes are 8 characters from a >=31-symbol alphabet
made with ``secrets``; participant tokens carry >=128 bits, are stored hashed and are never the
join code."""
import base64
import math
import re

import pytest

from app.extensions import db
from app.models import Participant, Workshop
from app.models.participant import hash_token
from app.workshops import codes
from tests.factories import create_facilitator, create_partnership, create_workshop, login

GUESSER = {"REMOTE_ADDR": "198.51.100.9"}
NEIGHBOUR = {"REMOTE_ADDR": "198.51.100.10"}


@pytest.fixture
def workshop(app):
    workshop = create_workshop(create_partnership(create_facilitator()), status="lobby")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def guesses(limit):
    """``limit`` well-formed but wrong codes."""
    return [codes.random_code(8) for _ in range(limit)]


@pytest.mark.parametrize("entry", ["short_link", "code_box", "rejoin"])
def test_after_the_limit_every_attempt_is_refused_even_the_right_code(app, workshop, entry):
    client = app.test_client()
    limit = app.config["JOIN_RATE_LIMIT"]
    for guess in guesses(limit):
        if entry == "short_link":
            response = client.get(f"/j/{guess}", environ_base=GUESSER)
        elif entry == "code_box":
            response = client.post("/join", data={"code": guess}, environ_base=GUESSER)
            assert response.status_code == 302
            response = client.get(response.location, environ_base=GUESSER)
        else:
            response = client.post("/rejoin", data={"code": guess, "rejoin_code": "ABCDEF"}, environ_base=GUESSER)
        assert response.status_code == 404, "a wrong code must get the neutral answer, not a hint"
    for attempt in (client.get("/j/HK7P2QXM", environ_base=GUESSER),
                    client.post("/join", data={"code": "HK7P2QXM"}, environ_base=GUESSER),
                    client.post("/j/HK7P2QXM", data={"name": "Eve", "sector": "Health"}, environ_base=GUESSER),
                    client.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": "ABCDEF"},
                                environ_base=GUESSER)):
        assert attempt.status_code == 429
    assert db.session.query(Participant).count() == 0
    # Another address is not punished for the guesser.
    assert app.test_client().get("/j/HK7P2QXM", environ_base=NEIGHBOUR).status_code == 200


def test_a_full_guessing_campaign_is_cut_off_at_the_limit(app, workshop):
    client = app.test_client()
    limit = app.config["JOIN_RATE_LIMIT"]
    statuses = [client.get(f"/j/{guess}", environ_base=GUESSER).status_code for guess in guesses(200)]
    assert statuses.count(404) == limit and statuses.count(429) == 200 - limit
    # With 31**8 codes and `limit` guesses a minute per address, a guess hits a given
    # workshop with probability ~ limit / 31**8 per minute: negligible.
    assert len(codes.ALPHABET) ** codes.JOIN_CODE_LENGTH > 8 * 10**11


def test_join_codes_are_eight_characters_from_a_31_symbol_alphabet(app):
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) >= 31
    assert not set("01OIL") & set(codes.ALPHABET)
    assert codes.JOIN_CODE_LENGTH == 8
    made = {codes.new_join_code() for _ in range(300)}
    assert len(made) == 300
    assert all(len(code) == 8 and set(code) <= set(codes.ALPHABET) for code in made)
    # Every symbol is used (a cryptographic uniform choice, not a fixed subset).
    assert set("".join(made)) == set(codes.ALPHABET)


def test_a_workshop_created_over_http_gets_such_a_code(app, client):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    login(client)
    client.post(f"/partnerships/{partnership.id}/workshops/new", data={"title": "New one"})
    workshop = db.session.query(Workshop).filter_by(title="New one").one()
    assert re.fullmatch(f"[{codes.ALPHABET}]{{8}}", workshop.join_code)


def test_participant_tokens_are_long_random_hashed_and_never_the_join_code(app, workshop):
    tokens = []
    for i in range(5):
        response = app.test_client().post("/j/HK7P2QXM", data={"name": f"P{i}", "sector": "Health"})
        assert response.status_code == 302
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"cg_p{workshop.id}="))
        tokens.append(cookie.split(";")[0].split("=", 1)[1])
    assert len(set(tokens)) == 5
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
        assert token != workshop.join_code and workshop.join_code not in token
        assert math.log2(64) * len(token) >= 128
    stored = {p.token_hash for p in db.session.query(Participant)}
    assert stored == {hash_token(t) for t in tokens}
    assert not stored & set(tokens), "a token is stored in clear"
    for participant in db.session.query(Participant):
        assert participant.rejoin_code != workshop.join_code and participant.rejoin_code not in tokens
