"""WTForms' own messages ("This field is required.") in the reader's language on every kind of
form: the exercises' config forms, socket actions, core forms; and the join page's language
taken from the phone's Accept-Language before anyone chooses."""
import re

import pytest
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.forms_common import bind
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_participant

EXERCISES = ["ideas", "alignment_mapper", "policy_window", "reframing", "role_board",
             "indicators", "agreement", "data_sharing", "commitments", "trust_pulse"]


def first_integer_field(form):
    from wtforms import IntegerField

    return next(field for field in form if isinstance(field, IntegerField))


@pytest.mark.parametrize("key", EXERCISES)
def test_every_config_form_speaks_french_with_wtforms_own_messages(app, key):
    exercise = app.extensions["exercises"][key]
    name = first_integer_field(exercise.config_form()).name
    with app.test_request_context("/?lang=fr"):
        app.preprocess_request()
        form = bind(exercise.config_form, formdata=MultiDict({name: "beaucoup"}))
        assert not form.validate()
        assert "N'est pas un entier valide." in form.errors[name]
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        form = bind(exercise.config_form, formdata=MultiDict({name: "lots"}))
        form.validate()
        assert "Not a valid integer value." in form.errors[name]


def test_config_page_shows_wtforms_messages_in_french(app, client):
    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, status="draft")
    step = workshop.steps[0]
    login(client)
    client.get("/?lang=fr")
    response = client.post(f"/workshops/{workshop.id}/steps/{step.id}/config",
                           data={"prompt": "Quoi ?", "dots": "99", "notes_per_participant": "10", "max_length": "280"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Le nombre doit être compris entre 0 et 20." in page
    assert "Number must be between" not in page


def test_a_socket_action_refused_in_french_uses_wtforms_french(app):
    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, steps=(("ideas", None),))
    participant, token = create_participant(workshop, name="Amélie")
    participant.language = "fr"
    db.session.commit()
    step = workshop.steps[0]
    sio = connect_participant(app, workshop, token)
    ack = act(sio, step.id, "add_note", {"text": "x" * 5000})
    assert ack["ok"] is False
    assert "Le champ ne peut pas contenir plus de" in ack["error"], ack


def test_core_form_messages_in_french(app, client):
    client.get("/?lang=fr")
    response = client.post("/login", data={"email": "a" * 300 + "@example.org", "password": "x"})
    page = response.get_data(as_text=True)
    assert "Le champ ne peut pas contenir plus de 254 caractères." in page


def selected_language(page: str) -> str:
    select = re.search(r'<select[^>]*name="language".*?</select>', page, re.S).group(0)
    option = re.search(r"<option[^>]*\bselected\b[^>]*>", select).group(0)
    return re.search(r'value="(\w+)"', option).group(1)


@pytest.fixture
def english_lobby(app):
    workshop = create_workshop(create_partnership(create_facilitator()), status="lobby", language="en")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def test_a_french_phone_sees_the_french_join_page(client, english_lobby):
    page = client.get("/j/HK7P2QXM", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in page and "Rejoindre l'atelier" in page
    assert selected_language(page) == "fr"  # and the form's choice starts on French


def test_a_phone_in_another_language_gets_the_workshops(client, english_lobby):
    page = client.get("/j/HK7P2QXM", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Join the workshop" in page


def test_lang_still_beats_accept_language(client, english_lobby):
    page = client.get("/j/HK7P2QXM?lang=en", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page
