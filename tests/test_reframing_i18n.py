"""Reframing prompts in French: the participant's own language for the page, its browser strings,
refusals and form errors; the console with ?lang=fr; the plan text and default config in the
language of whoever asks for them."""

from flask_babel import force_locale

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.reframing import exercise, forms
from tests.factories import login
from tests.i18n_helpers import boot_data, french_participant_page, fresh_locale


def test_participant_page_and_console_render_in_french(app, client):
    workshop, page = french_participant_page(client, "reframing")
    assert "1. Leurs priorités" in page and "Ajouter cette reformulation" in page and "Aucune en particulier" in page
    assert "Notre enjeu, dans leurs mots" in page  # a form label, from the Python catalog
    assert "Their priorities</h3>" not in page and "Add this reframe" not in page
    boot = boot_data(page)
    assert boot["lang"] == "fr"
    strings = boot["strings"]
    assert strings["For {sector}"] == "Pour {sector}"
    # A string reframing.js no longer uses (the phase bar moved to the core) is not sent.
    assert "Where the room is now: {phase}" not in strings
    assert strings["Everyone {average}/5 ({n} rating)"] == ["Tout le monde\u00a0: {average}/5 ({n} note)",
                                                             "Tout le monde\u00a0: {average}/5 ({n} notes)"]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Enregistrer la nouvelle formulation" in console and "Save the new wording" not in console
    fresh_locale()
    english = client.get(f"/w/{workshop.id}/console?lang=en").data.decode()
    assert "Save the new wording" in english and boot_data(english)["strings"] == {}


def test_refusals_form_errors_and_plan_text_follow_the_locale(app):
    state = exercise.initial_state({**default_config(exercise), "priorities_per_person": 1})
    ana = Actor("participant", "p:1", "Ana", "North School", "Education")
    state = exercise.apply(state, Action("add_priority", {"sector": "Education", "text": "Attendance"}), ana)
    again = Action("add_priority", {"sector": "Education", "text": "More"})
    with force_locale("fr"):
        refusal = _refusal(state, again, ana)
        _, errors = validate(forms.RateForm, {"reframe_id": "r1", "score": "9"})
        assert errors["score"] == ["Les notes vont de 1 à 5."]
        _, errors = validate(forms.ReframingConfigForm, {**default_config(exercise), "sectors": ""})
        assert errors["sectors"] == ["Indiquez au moins 1 secteur, un par ligne."]
    assert refusal == ("Vous avez atteint votre limite de priorités pour le secteur Education (1). "
                       "Modifiez-en ou supprimez-en une d'abord.")
    with force_locale("en"):
        assert "You have written all 1 of your priorities for Education" in _refusal(state, again, ana)


def _refusal(state, action, actor) -> str:
    try:
        exercise.apply(state, action, actor)
    except DomainError as error:
        return error.message
    raise AssertionError("not refused")


def test_default_texts_are_plain_strings_in_the_language_of_whoever_adds_the_step(app):
    with force_locale("fr"):
        config = default_config(exercise)
        title = str(exercise.title)  # lazy in the exercise; the core stores str() of it (agenda.add_step)
    assert all(isinstance(v, (str, int, bool)) for v in config.values())
    assert config["sectors"] == "Éducation\nSanté" and config["issue"].startswith("Des familles")
    assert config["prompts"].splitlines()[0] == "Quelle charge, déjà sur leurs épaules, cela pourrait-il alléger\u00a0?"
    assert title == "Pistes de reformulation"
    assert default_config(exercise)["sectors"] == "Education\nHealth"  # outside a French request: English


def test_plan_text_is_written_in_the_harvest_language(app):
    state = exercise.initial_state(default_config(exercise))
    ana = Actor("participant", "p:1", "Ana", "North School", "Education")
    ben = Actor("participant", "p:2", "Ben", "Clinic", "Health")
    state = exercise.apply(state, Action("add_reframe", {"sector": "Education", "prompt": "", "text": "Steady homes"}),
                           ana)
    rid = next(iter(state["reframes"]))
    state = exercise.apply(state, Action("rate", {"reframe_id": rid, "score": 4}), ben)
    ben2 = Actor("participant", "p:3", "Bea", "Clinic", "Health")
    state = exercise.apply(state, Action("rate", {"reframe_id": rid, "score": 3}), ben2)
    with force_locale("fr"):
        [item] = exercise.plan(state, state["config"])
    assert item["text"] == ("Formulation en tête (pas encore retenue) pour le secteur Education\u00a0; "
                            "ensemble\u00a0: 3,5/5 (notes\u00a0: 2).")
    with force_locale("en"):
        [item] = exercise.plan(state, state["config"])
    assert item["text"] == "Leading (not yet chosen) framing for Education; overall 3.5/5 from 2."
