"""``flask demo --simulate N``: a demo workshop played through every exercise, so exports have content."""
from app.exports import export_plan
from app.extensions import db
from app.models import Participant, Partnership, PlanItem
from app.simulate import fill, ids_in


def test_demo_simulate_plays_every_step_and_fills_the_plan(runner, app):
    result = runner.invoke(args=["demo", "--simulate", "2"])
    assert result.exit_code == 0, result.output
    assert "Simulated 2 participants" in result.output and "/partnerships/1/plan" in result.output
    partnership = db.session.execute(db.select(Partnership)).scalar_one()
    workshop = partnership.workshops[0]
    assert workshop.status == "ended"
    assert db.session.query(Participant).filter_by(workshop_id=workshop.id).count() == 2
    exercises = {item.provenance.get("exercise") for item in db.session.query(PlanItem).filter_by(status="promoted")}
    assert "ideas" in exercises and len(exercises - {None}) >= 4
    markdown = export_plan(partnership, "md")[0].decode()
    assert "empty so far" not in markdown and "## Regular check-ins" in markdown


def test_fill_uses_the_forms_and_ids_from_the_state(app):
    exercise = app.extensions["exercises"]["ideas"]
    import random

    partnership = Partnership(name="x", sectors=["Health"], organisations=["Clinic"])
    rng = random.Random(1)
    note = fill(exercise.actions["add_note"].form, {"notes": {}}, partnership, rng)
    assert note["text"] and len(note["text"]) <= 1000
    assert fill(exercise.actions["vote"].form, {"notes": {}}, partnership, rng) is None  # nothing to vote on yet
    state = {"notes": {"n1": {"id": "n1"}}, "clusters": {"c1": {"id": "c1"}}}
    assert ids_in(state, "note_id") == ["n1"] and ids_in(state, "cluster_id") == ["c1"]
