"""Joining a community or youth session: a nickname and a role, nothing more (app/join/community.py)."""
import pytest

from app.exercises.participation import mode_for
from app.extensions import db
from app.models import Participant
from tests.factories import create_facilitator, create_partnership, create_workshop


@pytest.fixture
def workshop(app):
    partnership = create_partnership(create_facilitator())
    return create_workshop(partnership, status="lobby", participation="community")


def join(client, workshop, **fields):
    data = {"name": "Zoé", "role": "Young person", "sector": "", "organisation": "", "language": "en"}
    data.update(fields)
    return client.post(f"/j/{workshop.join_code}", data=data)


def participants():
    db.session.expire_all()
    return db.session.scalars(db.select(Participant)).all()


def test_the_form_asks_a_nickname_and_a_role_as_cards(client, workshop):
    page = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "Your first name or a nickname" in page
    assert 'class="role-card"' in page and 'value="Young person"' in page and 'value="organisation"' in page
    assert 'name="table_group"' not in page


def test_a_standard_workshop_keeps_the_usual_form(client, app):
    standard = create_workshop(create_partnership(create_facilitator("b@example.org")), status="lobby")
    page = client.get(f"/j/{standard.join_code}").get_data(as_text=True)
    assert "role-card" not in page and 'name="table_group"' in page


def test_a_young_person_joins_and_only_that_is_stored(client, workshop):
    response = join(client, workshop, language="fr")
    assert response.status_code == 302
    (person,) = participants()
    assert (person.name, person.sector, person.organisation, person.table_group) == ("Zoé", "Young person", "", "")
    assert person.language == "fr"


def test_someone_who_works_here_picks_a_sector(client, workshop):
    assert join(client, workshop, role="organisation", sector="").status_code == 400
    assert participants() == []
    assert join(client, workshop, role="organisation", sector="Health", organisation="City Clinic").status_code == 302
    (person,) = participants()
    assert (person.sector, person.organisation) == ("Health", "City Clinic")


@pytest.mark.parametrize("fields, message", [
    ({"name": "  "}, "Tell the room what to call you"),
    ({"name": "x" * 31}, "Keep it to 30 characters or fewer."),
    ({"role": "Mayor"}, "Not a valid choice"),
    ({"role": ""}, "Choose what brings you here."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, workshop, fields, message):
    response = join(client, workshop, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert participants() == []


def test_the_join_page_speaks_french(client, workshop):
    page = client.get(f"/j/{workshop.join_code}?lang=fr").get_data(as_text=True)
    assert "Votre prénom ou un surnom" in page and "Jeune" in page


def test_mode_for_prefers_the_steps_own_mode(workshop):
    step = workshop.steps[0]
    assert mode_for(workshop, step) == "community"
    step.participation = "standard"
    assert mode_for(workshop, step) == "standard"
    workshop.participation = "standard"
    step.participation = None
    assert mode_for(workshop, step) == "standard" and mode_for(workshop) == "standard"
