"""A workshop whose first step ran in breakout tables, with real contributions at each table
(issue 22), for the export, duplicate, import, agenda and retention tests."""
from __future__ import annotations

import secrets

from app.exercises import Actor
from app.extensions import db
from app.live import engine
from app.live.identity import participant_actor
from app.models import BreakoutTable, Participant
from app.tables.instances import ensure_instances, inherit
from tests.factories import create_participant, create_workshop

#: Table names a facilitator might type: markup and a link, quotes, a formula, right-to-left
#: text with an override, and the longest name the console takes (60 characters).
TABLE_NAMES = ("Oak [x](http://evil.example/a) <b>bold</b>", "The \"quiet\" 'corner' & co",
               "=HYPERLINK(\"http://evil.example\")", "\u202eطاولة الشباب", "L" * 58 + "ng")
#: (name, organisation, sector, table index, note): one or two people at each table but the last.
PEOPLE = (("Zebedee Quartermaine", "North School", "Education", 0, "Walking bus to school"),
          ("Yolanda Pemberton-Vasquez", "City Clinic", "Health", 0, "Clinic evening hours"),
          ("Xavier Thistlewood", "Homes Trust", "Housing", 1, "Shared referral form"),
          ("Wilhelmina Oduya", "Parents Forum", "Community", 2, "Homework club"),
          ("Valentin Abernathy", "Youth Hub", "Community", 3, "Safe route map"))
AUTHOR_NAMES = [person[0] for person in PEOPLE]


def note(workshop, actor, text) -> dict:
    ack = engine.submit_action(workshop.id, actor, {"op": secrets.token_hex(8), "step": workshop.steps[0].id,
                                                    "type": "add_note", "data": {"text": text}})
    assert ack["ok"], ack
    return ack


def tabled_workshop(partnership, facilitator, title="Tables day", anonymous=False, names=TABLE_NAMES):
    """A live ideas workshop with a table plan and ``names`` tables; its step runs in tables;
    everyone in :data:`PEOPLE` sits at their table (the first hosts table 0) and writes a note
    there; the facilitator writes one note in the plenary step."""
    workshop = create_workshop(partnership, title=title, anonymous=anonymous)
    for position, name in enumerate(names):
        workshop.tables.append(BreakoutTable(position=position, name=name))
    workshop.table_plan = {"rule": "hand", "count": len(names), "size": None}
    step = workshop.steps[0]
    step.in_tables = True
    db.session.flush()
    ensure_instances(step)
    inherit(step)
    db.session.commit()
    tables = [t.id for t in workshop.tables]
    for index, (name, organisation, sector, table, text) in enumerate(PEOPLE):
        person = create_participant(workshop, name=name, organisation=organisation, sector=sector)[0]
        person.table_id, person.table_host = tables[table % len(tables)], index == 0
        db.session.commit()
        assert note(workshop, participant_actor(person), text)["table"] == tables[table % len(tables)]
    note(workshop, Actor(role="facilitator", id=f"f:{facilitator.id}", name=facilitator.display_name),
         "Plenary welcome note")
    db.session.expire_all()
    return workshop


def hosts(workshop_id: int) -> int:
    return db.session.query(Participant).filter_by(workshop_id=workshop_id, table_host=True).count()
