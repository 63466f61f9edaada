"""The Alignment mapper in French: pages, browser strings, refusals and plan texts."""

import pytest
from flask_babel import force_locale

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from app.extensions import db
from plugins.alignment_mapper import exercise
from tests import phase_helpers
from tests.factories import login
from tests.i18n_helpers import boot_strings, french_participant_page, fresh_locale

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="Valley Health", sector="Health")
FAC = Actor(role="facilitator", id="f:1", name="Fran")




def test_participant_page_screen_and_console_render_in_french(app, client):
    workshop, page = french_participant_page(client, "alignment_mapper")
    assert "Notre finalité commune" in page and "Ajouter cet objectif" in page and "Mes objectifs" in page
    assert "Un objectif ou une priorité de votre organisation" in page
    assert "Add this goal" not in page and ">My goals<" not in page
    strings = boot_strings(page)
    assert strings["Shared?"] == "Partagés ?"
    assert strings["{n} goal"] == ["{n} objectif", "{n} objectifs"]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Carte des convergences" in console and 'aria-label="Phases de cette étape"' in console
    assert ">Alignment map<" not in console
    # The map's region is named apart from the step (whose default title is the exercise's,
    # "Carte des convergences" in French): two landmarks of one name fail axe's landmark-unique.
    assert 'aria-label="Tableau des convergences par thème"' in console
    # The core's phase bar names the exercise's phases in the reader's language.
    assert ">1. Objectifs</button>" in console and ">2. Partagés ?</button>" in console
    workshop.language = "fr"  # the room screen speaks the workshop's language
    db.session.commit()
    fresh_locale()
    screen = client.get(f"/w/{workshop.id}/screen").data.decode()
    assert "Notre finalité commune" in screen


def test_refusals_in_the_readers_language(app):
    state = exercise.initial_state({**default_config(exercise), "cards_per_participant": 1})
    state = exercise.apply(state, Action("add_goal", {"text": "Ready to learn"}), ANA)
    refusals = []
    for actor, action in ((ANA, Action("add_goal", {"text": "Another"})),
                          (BEN, Action("respond", {"card_id": "g1", "response": "shared"})),
                          (FAC, Action("add_goal", {"text": "Mine"}))):
        with pytest.raises(DomainError) as caught:
            phase_helpers.apply(exercise, state, action, actor)  # the core's phase check, then the reducer
        refusals.append(caught.value)
    with force_locale("fr"):
        assert [r.message for r in refusals] == [
            "Vous avez écrit votre objectif (1). Modifiez-le ou supprimez-le pour en ajouter un autre.",
            "Vous ne pouvez pas indiquer si vous partagez un objectif pendant la phase « Objectifs » : "
            "l'animation fait passer la salle à la suite le moment venu.",
            "Les objectifs viennent des partenaires présents, pas de l'animation.",
        ]
    state = phase_helpers.at(state, "shared", exercise)
    with pytest.raises(DomainError) as caught:
        phase_helpers.apply(exercise, state, Action("edit_goal", {"card_id": "g1", "text": "Later"}), ANA)
    with force_locale("fr"):
        assert caught.value.message == ("Vous ne pouvez pas modifier un objectif pendant la phase « Partagés ? » : "
                                        "l'animation fait passer la salle à la suite le moment venu.")
    assert caught.value.message == ("You cannot edit a goal in the “Shared?” phase: "
                                    "the facilitator moves the room on when it is time.")


def test_plan_texts_and_defaults_in_the_workshops_language(app):
    state = exercise.initial_state(default_config(exercise))
    state = exercise.apply(state, Action("add_goal", {"text": "Ready to learn"}), ANA)
    state = exercise.apply(state, Action("add_goal", {"text": "Healthy early years"}), BEN)
    state = exercise.apply(state, Action("respond", {"card_id": "g1", "response": "shared"}), BEN)
    with force_locale("fr"):
        items = {i["ref"]: i for i in exercise.plan(state, state["config"])}
        assert items["purpose"]["title"] == "Finalité commune"
        assert items["goal:g1"]["text"] == "Partagé par 2 secteurs sur 2 : Education, Health."
        assert items["goal:g2"]["text"] == "Porté par Health."
        assert exercise.title == "Carte des convergences"
        assert default_config(exercise)["purpose"].startswith("Les enfants et les familles")
    items = {i["ref"]: i for i in exercise.plan(state, state["config"])}
    assert items["goal:g1"]["text"] == "Shared by 2 of 2 sectors: Education, Health."
    assert exercise.title == "Alignment mapper"
