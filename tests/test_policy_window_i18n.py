"""The Policy window canvas in French: server-side texts (refusals, plan, config defaults, pages)
follow the reader's language; the wire carries keys, not English; in Chromium, a French-speaking
phone and a French console render the canvas in French while the data stays the same."""
import json
import re

import pytest
from flask_babel import force_locale, refresh

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.registry import default_config
from app.extensions import db
from app.live.identity import participant_cookie
from app.workshops.codes import new_join_code
from plugins.policy_window import exercise
from tests.browser import LAPTOP, PHONE, browser, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.i18n_helpers import french_participant_page
from tests.test_policy_window_views import session

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")


def test_refusals_read_in_the_readers_language(app):
    state = exercise.initial_state({**default_config(exercise), "horizon_start": "2026-11-23", "use_power": False})
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("add_note", {"column": "power", "text": "x", "effect": "opens",
                                                  "influence": "yes", "date": None}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert caught.value.message == "«\u00a0Pouvoir\u00a0» ne fait pas partie de ce canevas."
    with app.test_request_context(), force_locale("en"):
        assert caught.value.message == "Power is not part of this canvas."
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("add_note", {"column": "people", "text": "x", "effect": "opens",
                                                  "influence": "yes", "date": "2031-01-01"}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert caught.value.message.startswith("Choisissez une date entre le 2025-11-23 et le 2028-11-23")


def test_defaults_title_and_plan_in_french(app):
    with app.test_request_context(), force_locale("fr"):
        config = default_config(exercise)
        assert exercise.title == "Canevas de la fenêtre d'opportunité"
        assert config["politics_prompt"].startswith("Orientations politiques")
        assert isinstance(config["focus"], str) and json.dumps(config)  # stored as plain text
        state = session()
        items = exercise.plan(state, state["config"])
    assert items[0]["title"] == "À quel point la fenêtre est ouverte"
    assert "La fenêtre dans son ensemble\u00a0: s'ouvre" in items[0]["text"]
    assert any(i["title"].startswith("Levier\u00a0:") for i in items)
    assert {i["data"].get("kind") for i in items if i["ref"].startswith("note:")} == {"enabler", "barrier"}
    [action] = [i for i in items if i["section"] == "actions"]
    assert "pilotée par Ana" in action["text"]
    with app.test_request_context(), force_locale("en"):
        assert exercise.plan(state, state["config"])[0]["title"] == "How open the window is"


def test_shared_view_sends_keys_not_english():
    state = session()
    for role in ("participant", "screen", "facilitator"):
        view = exercise.view(state, Audience(role=role))
        assert all(set(c) == {"key", "prompt", "position"} for c in view["columns"].values())
        text = json.dumps(view)
        for english in ("Politics", "Map the climate", "The whole window", "Opens the window"):
            assert english not in text


def test_participant_page_and_its_strings_in_french(app, client):
    workshop, page = french_participant_page(client, "policy_window")
    assert "Ajouter cette note" in page and "Ce qui se passe" in page and "Politique" in page
    assert "Add this note" not in page and "What is going on" not in page
    assert "Cartographier le contexte" in page  # in the browser strings of the boot data
    login(client)
    refresh()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").get_data(as_text=True)
    assert "Transformer une note en action" in console and "Ajouter cette action" in console


# -- in Chromium -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.live
@pytest.mark.timeout(180)
def test_phone_and_console_in_french(server, browser):  # noqa: F811

    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()), steps=(("policy_window", None),))
        workshop.join_code = new_join_code()
        participant, token = create_participant(workshop, name="Ana")
        participant.language = "fr"
        db.session.commit()
        workshop_id = workshop.id
        db.session.remove()

    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{workshop_id}/console?lang=fr")

    phone_context = browser.new_context(**PHONE)
    phone_context.add_cookies([{"name": participant_cookie(workshop_id), "value": token, "url": server.url}])
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/w/{workshop_id}/me")
    phone.wait_for_selector("[data-phase-bar] li[aria-current=step]:has-text('Cartographier le contexte')")
    phone.wait_for_selector(".pw-tab[aria-pressed=true]:has-text('Politique (0)')")
    assert "Choisissez un P, puis ajoutez une note." in phone.locator("[data-region=phase-note]").inner_text()
    phone.get_by_label("Ce qui se passe").fill("Élections municipales au printemps")
    phone.get_by_label("Cela ouvre-t-il ou ferme-t-il la fenêtre\u00a0?").select_option("opens")
    phone.get_by_role("button", name="Ajouter cette note").click()
    card = phone.locator("[data-region=mine] .note", has_text="Élections municipales")
    card.locator(".note-meta:has-text('▲ Ouvre la fenêtre')").wait_for()
    card.get_by_role("button", name="Supprimer\u00a0: Élections municipales au printemps").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    screenshot(phone, "pw-fr-phone-1-map")

    console.wait_for_selector(".pw-col[aria-label=Politique] .note-text:has-text('Élections municipales')")
    # Who's here: the state is in French words, the styling hook stays the same class.
    ana = console.locator("[data-people] li.here", has_text="Ana")
    ana.wait_for()
    assert "présent·e" in ana.locator(".person-meta").inner_text()
    assert "(away)" not in ana.inner_text()
    console.wait_for_selector("[data-region=summary]:has-text('1 note · 0 personne vote · 0 personne a évalué')")
    console.get_by_role("button", name=re.compile("Lire la fenêtre")).click()
    phone.wait_for_selector("[data-panel=read]:not([hidden])")
    row = phone.get_by_role("group", name="À quel point est-elle ouverte\u00a0: Politique")
    row.get_by_role("button", name="Ouverte", exact=True).click()
    phone.wait_for_selector("text=1 personne a évalué. Les résultats s'affichent quand la salle décide comment "
                            "agir.")
    # The ratings reach the room with the last phase, moved on the core's phase bar (in French).
    console.get_by_role("button", name=re.compile("Décider quand et comment agir")).click()
    spread = "fermée\u00a0: 0 · s'ouvre\u00a0: 0 · ouverte\u00a0: 1 (1 évaluation)"
    phone.locator(".pw-gauge .pw-spread", has_text=spread).wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    screenshot(phone, "pw-fr-phone-3-read")
    screenshot(console, "pw-fr-console-3-read")
