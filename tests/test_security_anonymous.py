"""Anonymous mode keeps authorship off the wire, for every enabled exercise: a participant
plays every participant action with the forms' sample data (as in tests/test_contract.py), and
nothing another participant or the room screen receives — patches, syncs, personal messages —
carries her name, organisation or actor id. The facilitator still sees who wrote what."""
import json
import re

import pytest

from app.extensions import db
from app.models import Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, flush, received_json
from tests.test_contract import EXERCISES, payload

NAME, ORG = "Zelda Quixotic", "Secret Orchard Trust"
FACILITATOR_FIRST = {"agreement": ("open_clause",)}


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_anonymous_mode_sends_no_author_identity_to_others(app, client, key):
    if key not in app.extensions["exercises"]:
        pytest.skip(reason=f"{key} is not enabled")
    exercise = app.extensions["exercises"][key]
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=((key, None),), anonymous=True)
    workshop_id, step_id = workshop.id, workshop.steps[0].id
    author, author_token = create_participant(workshop, name=NAME, organisation=ORG, sector="Health")
    author_key = f"p:{author.id}"
    _, observer_token = create_participant(db.session.get(Workshop, workshop_id), name="Olly Observer",
                                           organisation="Plain Org", sector="Health")
    login(client)
    fac = connect_facilitator(app, client, db.session.get(Workshop, workshop_id))
    screen = connect_facilitator(app, client, db.session.get(Workshop, workshop_id), role="screen")
    observer = connect_participant(app, db.session.get(Workshop, workshop_id), observer_token)
    alice = connect_participant(app, db.session.get(Workshop, workshop_id), author_token)
    for sio in (observer, screen, fac):
        assert sio.emit("sync", {}, callback=True)["ok"]

    # What the facilitator must do before a participant can act at all (an answer needs a clause
    # put to the room), with ids from the facilitator's view.
    for action_type in FACILITATOR_FIRST.get(key, ()):
        data = _with_real_ids(payload(exercise.actions[action_type].form, "SET-UP"), fac, step_id)
        assert act(fac, step_id, action_type, data).get("ok"), f"{key}: {action_type} was refused"
    accepted, refusals = 0, []
    for action_type, spec in exercise.actions.items():
        if "participant" not in spec.roles:
            continue
        sample = payload(spec.form, "ANON-TEXT")
        in_sector = {name: ("Health" if "sector" in name else value) for name, value in sample.items()}
        for data in (sample, in_sector, _with_real_ids(in_sector, fac, step_id)):
            ack = act(alice, step_id, action_type, data)
            accepted += bool(ack.get("ok"))
            refusals.append((action_type, ack.get("error")))
        flush(app)
    for sio in (observer, screen, fac):
        sio.emit("sync", {}, callback=True)
    flush(app)
    assert accepted >= 1, f"no participant action of {key} was accepted from sample data: {refusals}"

    for who, sio in (("another participant", observer), ("the screen", screen)):
        wire = received_json(sio)
        # Her name anywhere, or her organisation as part of an authorship record.
        for needle in (NAME, f'"organisation": "{ORG}"'):
            hit = wire.find(needle)
            assert hit < 0, f"{key}: {who} received the author's identity: ...{wire[max(0, hit - 300):hit + 80]}"
        assert not re.search(rf'"{re.escape(author_key)}"', wire), f"{key}: {who} received the author's id"
    if exercise.always_anonymous:  # a pulse survey: the facilitator is told no more than the room
        assert NAME not in received_json(fac) and f'"organisation": "{ORG}"' not in received_json(fac)
        assert not re.search(rf'"{re.escape(author_key)}"', received_json(fac))
    else:
        assert NAME in received_json(fac) or ORG in received_json(fac)  # the facilitator still knows


def _with_real_ids(data: dict, fac, step_id: int) -> dict:
    """Fill *_id fields with ids that exist in the facilitator's view of the step, if any."""
    doc = fac.emit("sync", {}, callback=True)["doc"]
    view = json.dumps(doc["steps"].get(str(step_id), {}).get("view", {}))
    ids = re.findall(r'"id": "([A-Za-z0-9_:-]{1,24})"', view)
    return {name: (ids[0] if name.endswith("_id") and ids else value) for name, value in data.items()}
