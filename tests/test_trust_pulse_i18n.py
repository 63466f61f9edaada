"""Trust and relationship pulse in French: the participant's page and its browser strings, the
console, refusals and form errors, the plan's words, in the reader's language."""
from flask_babel import force_locale

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.trust_pulse import exercise, forms
from tests.factories import login
from tests.i18n_helpers import boot_data, french_participant_page, fresh_locale

ANA = Actor("participant", "p:1", "Ana", "North School", "Education")


def test_participant_page_and_console_in_french(app, client):
    workshop, page = french_participant_page(client, "trust_pulse")
    assert "Nous nous faisons confiance autant que notre travail commun l’exige." in page
    assert "Tout à fait" in page and "Pas du tout" in page and "Enregistrer ma réponse" in page
    assert "Commentaire (facultatif, affiché sans votre nom)" in page
    assert "We trust each other" not in page and "Save my answer" not in page
    strings = boot_data(page)["strings"]
    assert strings["%(num)s person has answered."] == ["%(num)s personne a répondu.", "%(num)s personnes ont répondu."]
    assert strings["Mean %(mean)s out of 5, %(n)s answers"] == "Moyenne %(mean)s sur 5, %(n)s réponses"
    assert strings["trust_pulse\x04Other sectors"] == "Autres secteurs"
    assert "Moins de trois personnes ont répondu" in strings[
        "Fewer than three people answered, so no results are shown: with so few, one person’s answer could be "
        "worked out."]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Ce baromètre est toujours anonyme, pour vous aussi" in console and "Résultats" in console
    fresh_locale()
    english = client.get(f"/w/{workshop.id}/console?lang=en").data.decode()
    assert "This pulse is always anonymous, for you too" in english


def _refusal(state, action, actor) -> str:
    try:
        exercise.apply(state, action, actor)
    except DomainError as error:
        return error.message
    raise AssertionError("not refused")


def test_refusals_and_form_errors_in_french(app):
    state = exercise.initial_state(default_config(exercise))
    with force_locale("fr"):
        assert _refusal(state, Action("answer", {"question_id": "nope", "value": 3, "comment": ""}), ANA) == \
            "Cette question ne fait pas partie de ce baromètre."
        assert _refusal(state, Action("answer", {"question_id": "trust", "value": 3, "comment": "x" * 300}), ANA) == \
            "Votre commentaire doit faire moins de 280 caractères."
        _, errors = validate(forms.AnswerForm, {"question_id": "trust", "value": "7"})
        assert errors["value"] == ["Choisissez un point de 1 à 5."]
        _, errors = validate(forms.AnswerForm, {"question_id": "trust", "value": "3", "comment": "y" * 501})
        assert errors["comment"] == ["Votre commentaire doit faire moins de 500 caractères."]
        _, errors = validate(forms.PulseConfigForm, {**default_config(exercise),
                                                     "extra_questions": "\n".join(f"Q{i}" for i in range(9))})
        assert errors["extra_questions"] == ["Ajoutez au plus 6 questions de votre cru."]
        assert str(exercise.phases[1].label) == "Résultats"
    with force_locale("en"):
        assert _refusal(state, Action("answer", {"question_id": "nope", "value": 3, "comment": ""}), ANA) == \
            "That question is not part of this pulse."


def test_plan_words_follow_the_reader(app):
    state = exercise.initial_state(default_config(exercise))
    for n, value in enumerate((4, 4, 5)):
        state = exercise.apply(state, Action("answer", {"question_id": "between", "value": value, "comment": ""}),
                               Actor("participant", f"p:{n}", sector="Health"))
    with app.test_request_context(), force_locale("en"):
        [item] = exercise.plan(state, {})
    assert item["section"] == "checkins" and item["data"]["question"] == "between"
    with app.test_request_context(), force_locale("fr"):
        words = exercise.plan_wording(item["data"]["wording"])
    assert words["title"] == "Baromètre de confiance\u00a0: Entre les réunions, nous avons des nouvelles les uns " \
                             "des autres quand il le faut."
    assert "4,33 sur 5 (3 réponses)" in words["text"]
