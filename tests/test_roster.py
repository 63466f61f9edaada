"""The facilitator's participant list is reused between flushes, but follows every change to
a participant row and to presence, with the local store and with Redis (another process's
change arrives through the store's roster revision)."""
import uuid

import pytest

from app.extensions import db
from app.live.store import LocalStore, RedisStore
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import connect_facilitator, connect_participant, flush
from tests.services import redis_url  # noqa: F401 - fixture


@pytest.fixture(params=["local", "redis"])
def store(request, app):
    if request.param == "local":
        chosen = LocalStore()
    else:
        url = request.getfixturevalue("redis_url")
        chosen = RedisStore(url, prefix=f"cgtest-{uuid.uuid4().hex[:8]}")
    app.extensions["broadcaster"].store = chosen
    app.extensions["presence"].store = chosen
    return chosen


def roster(fac):
    return fac.emit("sync", {}, callback=True)["doc"]["presence"]["participants"]


def test_the_list_follows_joins_edits_removals_and_presence(app, client, store):
    from app.models import Participant

    workshop = create_workshop(create_partnership(create_facilitator()))
    pia, pia_token = create_participant(workshop, name="Pia")
    pia_id, expected = pia.id, {"name": "Pia", "organisation": pia.organisation, "sector": pia.sector,
                                "joined": pia.joined_at.isoformat() + "Z"}
    login(client)
    fac = connect_facilitator(app, client, workshop)
    flush(app)
    assert roster(fac)[str(pia_id)] == {**expected, "here": False}

    phone = connect_participant(app, workshop, pia_token)
    flush(app)
    assert roster(fac)[str(pia_id)]["here"] is True

    db.session.get(Participant, pia_id).name = "Pia Renamed"
    db.session.commit()
    flush(app)
    assert roster(fac)[str(pia_id)]["name"] == "Pia Renamed"

    ola, _ = create_participant(db.session.merge(workshop), name="Ola")
    ola_id = ola.id
    flush(app)
    assert roster(fac)[str(ola_id)]["name"] == "Ola"

    db.session.get(Participant, ola_id).removed = True
    db.session.commit()
    flush(app)
    assert str(ola_id) not in roster(fac)

    phone.disconnect()
    flush(app)
    assert roster(fac)[str(pia_id)]["here"] is False


def test_a_change_seen_only_through_the_revision_is_picked_up(app, client, store):
    """Another process renamed someone: this process saw no ORM event, only the revision."""
    from app.models import Participant

    workshop = create_workshop(create_partnership(create_facilitator()))
    pia, _ = create_participant(workshop, name="Pia")
    workshop_id, pia_id = workshop.id, pia.id
    login(client)
    fac = connect_facilitator(app, client, workshop)
    flush(app)
    assert roster(fac)[str(pia_id)]["name"] == "Pia"

    db.session.execute(db.update(Participant).where(Participant.id == pia_id).values(name="Elsewhere"))
    db.session.commit()  # a Core update: no ORM event, as if another process had done it
    flush(app)
    assert roster(fac)[str(pia_id)]["name"] == "Pia", "unchanged revision: the list is reused"

    if isinstance(store, RedisStore):
        store.redis.incr(store._k("roster", workshop_id))  # what the other process's commit does
    else:
        store.bump_roster(workshop_id)
    from app.live.broadcast import changed
    changed(workshop_id)
    flush(app)
    assert roster(fac)[str(pia_id)]["name"] == "Elsewhere"


def test_the_cache_keeps_a_bounded_number_of_workshops(app):
    from app.live.roster import RosterCache

    cache = RosterCache(size=3)
    for workshop_id in range(1, 6):
        cache.participants(workshop_id, set())
    assert list(cache.entries) == [3, 4, 5]
