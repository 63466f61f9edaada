"""The outcome indicators step in French: refusals, the plan's words (numbers and days as French
writes them), the default outcome, the phases and the pages; the browser strings reach a French
phone. The Chromium run in French is in tests/test_indicators_browser.py."""
import pytest
from flask_babel import force_locale

from app.exercises import Action, DomainError
from app.exercises.registry import default_config
from plugins.indicators import exercise
from tests import phase_helpers as ph
from tests.factories import login
from tests.i18n_helpers import boot_strings, french_participant_page
from tests.test_indicators_views import ANA, FAC, MEASURE, session


def refusal(state, kind, data, actor=ANA):
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action(kind, data), actor)
    return caught.value


def test_refusals_read_in_the_readers_language(app):
    state = exercise.initial_state(default_config(exercise))
    error = refusal(state, "propose", {**MEASURE, "baseline": "abc"})
    with app.test_request_context(), force_locale("fr"):
        assert error.message == "Une mesure demande ici un nombre, par exemple 12 ou 12,5 (l'unité a son propre champ)."
    with app.test_request_context(), force_locale("en"):
        assert error.message.startswith("A measure needs a number here")
    error = refusal(state, "rate", {"indicator_id": "k9", "importance": 3})
    with app.test_request_context(), force_locale("fr"):
        assert error.message == "Cet indicateur n'existe plus."
    error = refusal(state, "propose", {**MEASURE, "name": "x" * 500})
    with app.test_request_context(), force_locale("fr"):
        assert error.message == "Restez sous les 160 caractères."


def test_the_phase_refusal_names_the_action_and_phase_in_french(app):
    state = ph.at(session(rated=False), "adopt", exercise)
    with pytest.raises(DomainError) as caught:
        ph.apply(exercise, state, Action("rate", {"indicator_id": "k1", "importance": 3}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert "noter un indicateur" in caught.value.message and "Adopter" in caught.value.message


def test_the_plan_reads_in_french_with_french_numbers_and_days(app):
    state = ph.at(session(), "adopt", exercise)
    for kind, data in (("adopt", {"indicator_id": "k1"}),
                       ("edit", {**MEASURE, "indicator_id": "k1", "owner": "École du Nord"}),
                       ("record_value", {"indicator_id": "k1", "value": "68.5", "date": "2027-03-15"})):
        state = exercise.apply(state, Action(kind, data), FAC)
    with app.test_request_context(), force_locale("en"):
        (item,) = exercise.plan(state, state["config"])
    with app.test_request_context(), force_locale("fr"):
        words = exercise.plan_wording(item["data"]["wording"])
        assert words["title"] == MEASURE["name"]  # the people's own words stay as written
        text = words["text"]
        assert text.startswith("Une mesure chiffrée · de 62,5 % aujourd'hui à 75 %")
        assert "suivi par École du Nord" in text and "revu le 30 juin 2027" in text
        assert "ventilé par groupe\u00a0: By neighbourhood" in text
        assert "dernière valeur\u00a0: 68,5 % le 15 mars 2027" in text
        assert exercise.plan_data_words(item["data"])["indicator_kind"] == "Une mesure chiffrée"
    assert "Une mesure" not in item["text"]  # the stored words are the English writer's


def test_default_outcome_and_title_in_french(app):
    with app.test_request_context(), force_locale("fr"):
        assert str(exercise.title) == "Indicateurs de résultats et plan de mesure"
        assert [str(p.label) for p in exercise.phases] == ["Proposer", "Noter", "Adopter"]
        assert default_config(exercise)["outcome"] == "Les résultats que notre partenariat veut voir évoluer"
    from app.exercises.defaults import localize

    with app.test_request_context(), force_locale("en"):
        english = default_config(exercise)
    shown = localize(exercise, english, "fr")
    assert shown["outcome"] == "Les résultats que notre partenariat veut voir évoluer"


def test_the_pages_and_browser_strings_are_french(app, client):
    workshop, page = french_participant_page(client, "indicators")
    assert "Proposer cet indicateur" in page and "Type d'indicateur" in page and "Mes propositions" in page
    assert "Propose this indicator" not in page and "My proposals" not in page
    strings = boot_strings(page)
    assert strings["Take my rating back"] == "Retirer ma note"
    assert strings["{dimension} {score} of 5"] == "{dimension} {score} sur 5"
    login(client)
    console = client.get(f"/w/{workshop.id}/console?lang=fr").get_data(as_text=True)
    assert "Ajouter vous-même un indicateur" in console and "Importance et faisabilité" in console
