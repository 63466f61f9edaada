"""English and French on the participant and live side: the join page's language choice, the
participant's page, socket acknowledgements and the removal notice in the participant's own
language, the screen in the workshop's, and the browser code's translations in the boot data."""
import json
import re

import pytest

from app.extensions import db, socketio
from app.models import Participant
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.live_helpers import act, connect_facilitator, connect_participant, control


@pytest.fixture
def lobby(app):
    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, status="lobby", language="fr")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def join(client, **fields):
    data = {"name": "Ana", "organisation": "City Clinic", "sector": "Health", "table_group": ""}
    data.update(fields)
    return client.post("/j/HK7P2QXM", data=data)


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


def selected_language(page: str) -> str:
    select = re.search(r'<select[^>]*name="language".*?</select>', page, re.S).group(0)
    return re.search(r'<option selected value="(\w+)"|<option value="(\w+)" selected', select).group(0)


def test_join_page_speaks_the_workshops_language_and_offers_a_choice(client, lobby):
    page = client.get("/j/HK7P2QXM").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Rejoindre l'atelier" in page and "Votre secteur" in page and "Choisir…" in page
    assert 'value="fr"' in selected_language(page)
    assert ">English</a>" in page and ">Français</strong>" in page  # switch the page itself
    assert '<option value="Other">Autre</option>' in page  # the value stays the same in every language


def test_lang_switches_the_join_page_and_the_default_choice(client, lobby):
    page = client.get("/j/HK7P2QXM?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Join the workshop" in page
    assert 'value="en"' in selected_language(page)
    assert ">Français</a>" in page


def test_join_form_errors_come_in_the_chosen_language(client, lobby):
    response = join(client, name="", language="fr")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Dites au groupe comment vous appeler." in page
    response = join(client, name="", language="en")
    assert "Tell the room what to call you." in response.get_data(as_text=True)


def test_the_chosen_language_is_stored_and_used_on_the_participant_page(app, client, lobby):
    assert join(client, language="fr").status_code == 302
    participant = db.session.scalars(db.select(Participant)).one()
    assert participant.language == "fr"
    page = client.get(f"/w/{lobby.id}/me").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Votre code de retour :" in page and "gardez cette page ouverte" in page
    boot = boot_of(page)
    assert boot["lang"] == "fr"
    assert boot["strings"]["All changes saved"] == "Tout est enregistré"
    assert boot["strings"]["Offline — {n} change waiting to send"] == [
        "Hors ligne — {n} modification en attente d'envoi", "Hors ligne — {n} modifications en attente d'envoi"]


def test_an_english_choice_in_a_french_workshop_stays_english(client, lobby):
    join(client, language="en")
    assert db.session.scalars(db.select(Participant)).one().language == "en"
    page = client.get(f"/w/{lobby.id}/me").get_data(as_text=True)
    assert '<html lang="en">' in page and "Your rejoin code:" in page
    assert boot_of(page)["strings"] == {}


def test_a_form_without_the_choice_gets_the_workshops_language(client, lobby):
    join(client)  # an older page, or a client that leaves the field out
    assert db.session.scalars(db.select(Participant)).one().language == "fr"


def test_refusals_are_acknowledged_in_each_participants_language(app, lobby):
    step_id = lobby.steps[0].id
    french, french_token = create_participant(lobby, name="Amélie")
    french.language = "fr"
    english, english_token = create_participant(lobby, name="Ed")
    english.language = "en"
    db.session.commit()
    sio_fr = connect_participant(app, lobby, french_token)
    sio_en = connect_participant(app, lobby, english_token)
    ack_fr = act(sio_fr, step_id, "add_note", {"text": "Un petit-déjeuner partagé"})
    ack_en = act(sio_en, step_id, "add_note", {"text": "Shared breakfast"})
    assert ack_fr["ok"] is False and ack_fr["code"] == "not_live"
    assert ack_fr["error"] == "L'atelier n'est pas en cours pour le moment."
    assert ack_en["error"] == "The workshop is not running right now."
    bad = act(sio_fr, 10**6, "add_note", {"text": "x"})
    assert bad["error"] == "Cette étape ne fait pas partie de cet atelier."


def test_removal_notice_is_in_the_removed_participants_language(app, client, lobby, monkeypatch):
    participant, token = create_participant(lobby, name="Amélie")
    participant.language = "fr"
    db.session.commit()
    participant_id, step_id, lobby_id = participant.id, lobby.steps[0].id, lobby.id
    login(client)  # the facilitator's console speaks English
    console = connect_facilitator(app, client, lobby)
    phone = connect_participant(app, lobby, token)
    refusal = control(console, "timer", {"step_id": step_id, "command": "pause"})
    assert refusal["error"] == "The timer is not running."
    sent = []
    emit = socketio.emit
    monkeypatch.setattr(socketio, "emit", lambda event, *args, **kwargs: (sent.append((event, args, kwargs)),
                                                                          emit(event, *args, **kwargs)))
    assert control(console, "remove_participant", {"participant_id": participant_id})["ok"] is True
    assert not phone.is_connected()
    [(removed, room)] = [(args[0], kwargs["to"]) for event, args, kwargs in sent if event == "removed"]
    assert room == f"w{lobby_id}:p:{participant_id}"
    assert removed == {"code": "removed", "message": "La personne qui anime vous a retiré·e de cet atelier."}


def test_the_screen_speaks_the_workshops_language(client, lobby):
    login(client)
    client.get(f"/w/{lobby.id}/console?lang=en")  # the facilitator reads English: not the room
    page = client.get(f"/w/{lobby.id}/screen").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Rejoindre sur" in page and 'alt="QR code pour rejoindre cet atelier"' in page
    assert boot_of(page)["strings"]["Not started yet"] == "Pas encore commencée"


def test_an_explicit_lang_wins_for_that_screen_only(client, lobby):
    """A second projector for the English half of the room: ``?lang=en`` on its address."""
    login(client)
    page = client.get(f"/w/{lobby.id}/screen?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Join at" in page and boot_of(page)["strings"] == {}
    assert '<html lang="fr">' in client.get(f"/w/{lobby.id}/screen").get_data(as_text=True)
    assert '<html lang="fr">' in client.get(f"/w/{lobby.id}/screen?lang=xx").get_data(as_text=True)


def test_the_pages_js_reads_community_roles_in_the_readers_language(client, lobby):
    """The boot data carries the labels of the reserved sector values (sectorLabel in i18n.js)."""
    login(client)
    labels = boot_of(client.get(f"/w/{lobby.id}/console?lang=fr").get_data(as_text=True))["sector_labels"]
    assert labels == {"Community member": "Habitant·e du quartier", "Young person": "Jeune",
                      "Parent or carer": "Parent ou aidant·e", "Lived experience": "Vécu"}
    english = boot_of(client.get(f"/w/{lobby.id}/screen?lang=en").get_data(as_text=True))["sector_labels"]
    assert english["Young person"] == "Young person"


def test_the_console_follows_the_facilitators_language(client, lobby):
    login(client)
    english = client.get(f"/w/{lobby.id}/console").get_data(as_text=True)
    assert "Room settings" in english and boot_of(english)["strings"] == {}
    french = client.get(f"/w/{lobby.id}/console?lang=fr").get_data(as_text=True)
    assert "Réglages de la salle" in french and "Aller au contenu" in french
    assert boot_of(french)["strings"]["Bring everyone here"] == "Amener tout le monde ici"


def test_not_joined_and_not_found_pages_in_french(client, lobby):
    page = client.get(f"/w/{lobby.id}/me?lang=fr").get_data(as_text=True)
    assert "Vous ne participez pas encore à cet atelier" in page
    page = client.get("/j/ZZZZZZZZ?lang=fr").get_data(as_text=True)
    assert "Aucun atelier ouvert avec ce code" in page


def test_pages_that_run_browser_code_get_its_translations(app):
    """Pages other than the live ones carry the catalog for their modules in <script id="i18n">."""
    with app.test_request_context("/?lang=fr"):
        from flask import render_template_string

        html = render_template_string(
            '{% extends "base.html" %}{% block scripts %}<script type="module" src="/x.js"></script>{% endblock %}')
        plain = render_template_string('{% extends "base.html" %}')
    data = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S).group(1))
    assert data["lang"] == "fr" and data["strings"]["Preparing {label}…"] == "Préparation de {label}…"
    assert 'id="i18n"' not in plain
