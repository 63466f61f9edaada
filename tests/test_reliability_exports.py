"""Exports taken at any point of a workshop contain everything stored up to that point."""
import json

from app.exports.formats import export_workshop
from app.extensions import db
from app.models import Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control


def exported_text(workshop, fmt="json") -> str:
    # A fresh read, as a download request would do after the socket handlers' sessions ended.
    content, _, _ = export_workshop(db.session.get(Workshop, workshop.id), fmt)
    return content.decode() if isinstance(content, bytes) else str(content)


def test_exports_at_every_step_contain_everything_stored_so_far(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("ideas", None), ("alignment_mapper", None)))
    login(client)
    first, second = (s.id for s in workshop.steps)
    fac = connect_facilitator(app, client, workshop)
    phones = [connect_participant(app, workshop, create_participant(workshop, name=f"P{i}")[1]) for i in range(3)]
    stored = []
    for i, phone in enumerate(phones):
        text = f"idea number {i}"
        assert act(phone, first, "add_note", {"text": text})["ok"]
        stored.append(text)
        for fmt in ("json", "csv"):
            export = exported_text(workshop, fmt)
            assert all(t in export for t in stored), f"{fmt} export misses an idea stored before it"
    assert control(fac, "goto", {"step_id": second})["ok"] and control(fac, "bring_here")["ok"]
    for i, phone in enumerate(phones):
        text = f"goal number {i}"
        assert act(phone, second, "add_goal", {"text": text})["ok"]
        stored.append(text)
        export = json.loads(exported_text(workshop))
        flat = json.dumps(export)
        assert all(t in flat for t in stored)
