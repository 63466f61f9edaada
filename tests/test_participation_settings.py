"""The participation mode as the facilitator sets it (workshop and step), and where it is kept:
duplicate, JSON export and import, the participant page."""
import json

import pytest

from app.exports import export_plan
from app.exports.json_io import import_plan
from app.extensions import db
from app.models import Partnership
from app.workshops.agenda import duplicate_workshop
from app.workshops.codes import new_join_code
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


@pytest.fixture
def partnership(app):
    return create_partnership(create_facilitator())


@pytest.fixture
def facilitator_client(client, partnership):
    login(client)
    return client


def test_the_settings_page_explains_and_saves_the_mode(facilitator_client, partnership):
    workshop = create_workshop(partnership)
    page = facilitator_client.get(f"/workshops/{workshop.id}/settings").get_data(as_text=True)
    assert "Community or youth session" in page and "Nothing else about them is kept." in page
    response = facilitator_client.post(f"/workshops/{workshop.id}/settings", data={
        "title": "Youth forum", "language": "fr", "participation": "community"})
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.participation == "community" and workshop.lived_experience is False  # box left unticked
    response = facilitator_client.post(f"/workshops/{workshop.id}/settings", data={
        "title": "Youth forum", "language": "fr", "participation": "children", "lived_experience": "y"})
    assert response.status_code == 200 and b"Not a valid choice" in response.data
    db.session.refresh(workshop)
    assert workshop.participation == "community" and workshop.lived_experience is False


def test_new_workshops_are_standard_and_group_lived_experience(partnership):
    workshop = create_workshop(partnership)
    assert (workshop.participation, workshop.lived_experience, workshop.steps[0].participation) == \
        ("standard", True, None)


def test_a_step_can_run_in_community_mode_and_back(facilitator_client, partnership):
    workshop = create_workshop(partnership)
    step = workshop.steps[0]
    url = f"/workshops/{workshop.id}/steps/{step.id}"
    assert "As the workshop is set" in facilitator_client.get(url).get_data(as_text=True)
    assert facilitator_client.post(url, data={"title": "Ideas", "participation": "community"}).status_code == 302
    db.session.refresh(step)
    assert step.participation == "community"
    assert facilitator_client.post(url, data={"title": "Ideas", "participation": ""}).status_code == 302
    db.session.refresh(step)
    assert step.participation is None
    refused = facilitator_client.post(url, data={"title": "Ideas", "participation": "x"})
    assert b"Not a valid choice" in refused.data
    db.session.refresh(step)
    assert step.participation is None


def test_duplicate_and_json_round_trip_keep_the_mode(partnership):
    workshop = create_workshop(partnership, participation="community", lived_experience=False)
    workshop.steps[0].participation = "standard"
    db.session.commit()
    copy = duplicate_workshop(workshop, "Again", new_join_code())
    db.session.commit()
    assert (copy.participation, copy.lived_experience, copy.steps[0].participation) == ("community", False, "standard")
    data = json.loads(export_plan(partnership, "json")[0])
    entry = next(w for w in data["workshops"] if w["id"] == workshop.id)
    assert entry["participation"] == "community" and entry["lived_experience"] is False
    assert entry["steps"][0]["participation"] == "standard"
    imported = import_plan(json.dumps(data), db.session.query(Partnership).first().owner)
    again = next(w for w in imported.workshops if w.title == workshop.title)
    assert (again.participation, again.lived_experience, again.steps[0].participation) == \
        ("community", False, "standard")


def test_the_participant_page_knows_its_community_steps_and_names_the_role(client, partnership):
    workshop = create_workshop(partnership, participation="community")
    _person, token = create_participant(workshop, name="Zoé", organisation="", sector="Young person")
    client.set_cookie(f"cg_p{workshop.id}", token)
    page = client.get(f"/w/{workshop.id}/me").get_data(as_text=True)
    assert '"community_steps": [%d]' % workshop.steps[0].id in page
    assert "css/community.css" in page and "<bdi>Young person</bdi>" in page
    workshop.steps[0].participation = "standard"
    db.session.commit()
    page = client.get(f"/w/{workshop.id}/me").get_data(as_text=True)
    assert '"community_steps": []' in page
