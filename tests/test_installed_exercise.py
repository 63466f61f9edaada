"""An exercise installed as a distribution (entry point group ``common_ground.exercises``) works
like one under ``plugins/``: the sample in tests/data/sample_pledges, written from
docs/plugins.md alone, is put on ``sys.path`` with a real ``.dist-info`` and run end to end:
join, act, the broadcast view, the plan."""
import re
import shutil
import sys
from pathlib import Path

import pytest

from app import create_app
from app.exercises import Exercise
from app.exercises.registry import PluginError, check, discover
from app.extensions import db
from app.models import PlanItem, Step
from app.plan.collect import harvest_workshop
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control, flush
from tests.test_contract import assert_views_leak_nothing

SAMPLE = Path(__file__).parent / "data" / "sample_pledges"


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """``pip install`` of the sample, by hand: the package and its ``.dist-info`` in a site dir."""
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site / "sample_pledges")
    dist = site / "sample_pledges-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: sample-pledges\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[common_ground.exercises]\npledges = sample_pledges\n")
    monkeypatch.syspath_prepend(str(site))
    yield site / "sample_pledges"
    for name in [m for m in sys.modules if m == "sample_pledges" or m.startswith("sample_pledges.")]:
        del sys.modules[name]


@pytest.fixture
def app(installed, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
                      "SECRET_KEY": "test-secret", "ASYNC_MODE": "threading", "BROADCASTER_AUTOSTART": False,
                      "PARTICIPANT_BROADCAST_INTERVAL": 0, "WTF_CSRF_ENABLED": False, "REDIS_URL": None})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def test_the_registry_gives_an_installed_exercise_its_folder(installed):
    exercise = discover()["pledges"]
    assert exercise.root == installed
    assert exercise.template_folder == installed / "templates"
    check(exercise, "pledges")
    assert_views_leak_nothing(exercise)


def test_check_requires_a_package_folder():
    class Rootless(Exercise):
        key, title, summary, idea = "rootless", "Rootless", "No folder.", "None."

        def initial_state(self, config):
            return {}

    with pytest.raises(PluginError, match="rootless.*no package folder"):
        check(Rootless(), "rootless")


def test_installed_exercise_end_to_end(app, client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator), steps=(("pledges", None),))
    step_id, code, workshop_id = workshop.steps[0].id, workshop.join_code, workshop.id
    # Join from a phone: the participant page renders the installed exercise's own template.
    phone = app.test_client()
    joined = phone.post(f"/j/{code}", data={"name": "Ana Pledger", "organisation": "City Clinic",
                                            "sector": "Health", "table_group": ""})
    assert joined.status_code == 302
    page = phone.get(joined.location)
    assert page.status_code == 200
    assert b"What will your organisation do next?" in page.data and b"/x/pledges/static/pledges.js" in page.data
    assert phone.get("/x/pledges/static/pledges.js").status_code == 200
    token = re.search(rf"cg_p{workshop_id}=([^;]+);", joined.headers["Set-Cookie"]).group(1)

    login(client)
    console = connect_facilitator(app, client, db.session.get(type(workshop), workshop_id))
    sio = connect_participant(app, db.session.get(type(workshop), workshop_id), token)
    start = console.emit("sync", {}, callback=True)
    assert "Open our clinic" not in str(start["doc"])
    flush(app)
    console.get_received()
    assert act(sio, step_id, "pledge", {"text": "Open our clinic on Saturdays"})["ok"]
    refused = act(sio, step_id, "withdraw", {"pledge_id": "nope"})
    assert refused["ok"] is False and refused["error"] == "That item no longer exists."
    flush(app)
    patches = [m["args"][0] for m in console.get_received() if m["name"] == "patch"]
    assert "Open our clinic on Saturdays" in str(patches) and "Ana Pledger" in str(patches)
    # Its declared phases: the core's phase bar on the page, the core's control, the core's gate.
    assert b'data-phase-bar' in page.data and b'data-phase="review"' in page.data
    assert control(console, "step_phase", {"step_id": step_id, "phase": "review"})["ok"]
    late = act(sio, step_id, "pledge", {"text": "Too late"})
    assert late["ok"] is False and late["code"] == "phase" and "“Review”" in late["error"]
    db.session.remove()
    step = db.session.get(Step, step_id)
    assert "Ana Pledger" not in str(step.state)  # the name comes from the roster, not the state
    workshop = step.workshop
    workshop.status = "ended"
    db.session.commit()
    harvest_workshop(workshop)
    items = db.session.query(PlanItem).filter_by(section="actions").all()
    assert [i.title for i in items] == ["Open our clinic on Saturdays"]
    assert items[0].provenance["sectors"] == ["Health"]
