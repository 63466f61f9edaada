"""Privacy of stored data: deleting a workshop removes its participants and contributions;
``flask --app wsgi purge --older-than DAYS`` removes old participant data; no participant IP
address is stored anywhere in the database."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action, Participant, Step, Workshop
from app.models.base import utcnow
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_participant


def contribute(app, workshop_id, names=("Ana", "Ben")):
    """Participants join ``workshop`` and each adds a note through the live engine.
    (The socket handlers end the session: re-fetch ORM objects afterwards.)"""
    step_id = db.session.get(Workshop, workshop_id).steps[0].id
    for name in names:
        _, token = create_participant(db.session.get(Workshop, workshop_id), name=name)
        sio = connect_participant(app, db.session.get(Workshop, workshop_id), token)
        assert act(sio, step_id, "add_note", {"text": f"{name}'s idea"})["ok"]
        sio.disconnect()
    return db.session.get(Workshop, workshop_id)


def counts(workshop_id):
    db.session.expire_all()
    return {
        "participants": db.session.query(Participant).filter_by(workshop_id=workshop_id).count(),
        "actions": db.session.query(Action).filter_by(workshop_id=workshop_id).count(),
        "steps": db.session.query(Step).filter_by(workshop_id=workshop_id).count(),
        "workshop": db.session.query(Workshop).filter_by(id=workshop_id).count(),
    }


def test_deleting_a_workshop_removes_its_participants_and_contributions(app, client):
    partnership = create_partnership(create_facilitator())
    doomed_id = create_workshop(partnership, title="Doomed").id
    kept_id = create_workshop(partnership, title="Kept").id
    contribute(app, doomed_id)
    contribute(app, kept_id, names=("Cy",))
    assert counts(doomed_id) == {"participants": 2, "actions": 2, "steps": 1, "workshop": 1}
    kept_before = counts(kept_id)
    login(client)
    assert client.post(f"/workshops/{doomed_id}/delete").status_code == 302
    assert counts(doomed_id) == {"participants": 0, "actions": 0, "steps": 0, "workshop": 0}
    assert counts(kept_id) == kept_before
    # Nothing of the participants' text survives anywhere in the database.
    assert "Ana's idea" not in dump_database() and "Ben" not in dump_database()


@pytest.fixture
def aged(app):
    """Workshops ended 100 / 10 days ago, one never ended but created 100 days ago, one current."""
    partnership = create_partnership(create_facilitator())
    now = utcnow()
    made = {}
    partnership_id = partnership.id
    for label, created, ended in (("ended-long-ago", 120, 100), ("ended-recently", 120, 10),
                                  ("never-ended-old", 100, None), ("current", 0, None)):
        workshop_id = create_workshop(db.session.get(type(partnership), partnership_id), title=label).id
        workshop = contribute(app, workshop_id, names=(f"{label}-a", f"{label}-b"))
        workshop.created_at = now - timedelta(days=created)
        workshop.ended_at = now - timedelta(days=ended) if ended is not None else None
        made[label] = workshop.id
    db.session.commit()
    return made


def test_purge_removes_participant_data_of_old_workshops_only(app, aged):
    facilitator_actions_before = db.session.query(Action).filter(Action.actor_key.like("f:%")).count()
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert "Removed 4 participants and 4 of their actions from 2 workshops older than 30 days." in result.output
    assert "ended-long-ago" in result.output and "never-ended-old" in result.output
    for label in ("ended-long-ago", "never-ended-old"):
        assert counts(aged[label]) | {"steps": 1, "workshop": 1} == counts(aged[label])
        assert counts(aged[label])["participants"] == 0 and counts(aged[label])["actions"] == 0
    for label in ("ended-recently", "current"):
        assert counts(aged[label])["participants"] == 2 and counts(aged[label])["actions"] == 2
    assert db.session.query(Action).filter(Action.actor_key.like("f:%")).count() == facilitator_actions_before
    again = app.test_cli_runner().invoke(args=["purge", "--older-than", "30"])
    assert "Removed 0 participants" in again.output


def test_purge_defaults_to_the_retention_setting_and_has_a_dry_run(app, aged):
    app.config["RETENTION_DAYS"] = 5
    dry = app.test_cli_runner().invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0 and "Would remove 6 participants" in dry.output
    assert db.session.query(Participant).count() == 8
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "Removed 6 participants and 6 of their actions from 3 workshops older than 5 days." in result.output
    assert counts(aged["current"])["participants"] == 2
    assert db.session.query(Participant).count() == 2


def test_purge_refuses_a_negative_age(app):
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "-1"])
    assert result.exit_code != 0


def dump_database() -> str:
    """Every value of every column of every table, as text."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            parts.extend(repr(value) for value in row)
    return "\n".join(parts)


def test_no_participant_ip_address_is_stored(app):
    address = "203.0.113.77"
    workshop = create_workshop(create_partnership(create_facilitator()), status="lobby")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    client = app.test_client()
    # A failed attempt (counted per address, in memory) and a successful join from that address.
    assert client.get("/j/ZZZZZZZZ", environ_base={"REMOTE_ADDR": address}).status_code == 404
    response = client.post(f"/j/{workshop.join_code}", data={"name": "Ida", "sector": "Health"},
                           environ_base={"REMOTE_ADDR": address, "HTTP_X_FORWARDED_FOR": address})
    assert response.status_code == 302
    client.get(response.location, environ_base={"REMOTE_ADDR": address})
    participant = db.session.query(Participant).filter_by(name="Ida").one()
    assert participant.workshop_id == workshop.id
    dump = dump_database()
    assert "Ida" in dump  # the dump does see the participant's row...
    assert address not in dump  # ...but nowhere their address
    assert "203.0.113" not in dump


def test_after_purge_no_participant_name_or_organisation_is_left_anywhere(app):
    """Reducers keep only actor ids and sectors; names live in the roster, which purge deletes.
    Every exercise is played by a participant with a distinctive name, its plan harvested."""
    from app.exercises.registry import default_config
    from app.plan.collect import harvest_workshop
    from tests.test_contract import AUTHOR, played

    partnership = create_partnership(create_facilitator())
    keys = sorted(app.extensions["exercises"])
    workshop = create_workshop(partnership, title="Played", steps=[(key, None) for key in keys])
    create_participant(workshop, name=AUTHOR.name, organisation=AUTHOR.organisation, sector=AUTHOR.sector)
    for step in workshop.steps:
        exercise = app.extensions["exercises"][step.exercise_key]
        step.config = default_config(exercise)
        step.state = played(exercise)
    workshop.status, workshop.ended_at = "ended", utcnow() - timedelta(days=100)
    db.session.commit()
    harvest_workshop(workshop)
    before = dump_database()
    assert AUTHOR.name in before and "SECRET-TEXT-91" in before  # the precondition: it was there
    assert app.test_cli_runner().invoke(args=["purge", "--older-than", "30"]).exit_code == 0
    after = dump_database()
    assert "SECRET-TEXT-91" in after  # what the room produced stays...
    assert AUTHOR.name not in after  # ...but not who wrote it
    # A commitment belongs to its organisation (the ledger's content: its totals, the plan's owner),
    # so the ledger keeps that name by design, and no name of who typed it.
    ledger = next((step for step in workshop.steps if step.exercise_key == "commitments"), None)
    if ledger is not None:
        db.session.refresh(ledger)
        commitments = list(ledger.state["commitments"].values())
        # A participant's commitment is their organisation's; one the facilitator carried in from
        # a breakout table (carry_in) is the organisation's named at that table.
        by_people = [row for row in commitments if not str(row["author"].get("id", "")).startswith("f:")]
        assert by_people and {row["organisation"] for row in by_people} == {AUTHOR.organisation}
        assert all(set(row["author"]) <= {"id", "sector"} for row in commitments)
        assert repr(ledger.state) in after
        after = after.replace(repr(ledger.state), "")
    # The organisation too — except as a role board candidate, where it is the board's content.
    for record in (f'"organisation": "{AUTHOR.organisation}"', f"'organisation': '{AUTHOR.organisation}'"):
        assert record not in after
