"""Data-sharing map in French: the participant page and its browser strings, refusals and form
errors, the default config, and the plan's checklist worded for a French reader."""
from flask_babel import force_locale

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.data_sharing import exercise, forms
from tests.factories import login
from tests.i18n_helpers import boot_data, french_participant_page, fresh_locale

ANA = Actor("participant", "p:1", "Ana", "North School", "Education")


def test_participant_page_and_console_render_in_french(app, client):
    workshop, page = french_participant_page(client, "data_sharing")
    assert "Ajouter un jeu de données" in page and "Ce qui fait obstacle" in page and "Juridique" in page
    assert "Les échanges de données, en tableau" in page and "Détenu par (organisation)" in page
    assert "Add a data set</summary>" not in page and "What stands in the way</legend>" not in page
    strings = boot_data(page)["strings"]
    assert strings["I see this obstacle too"] == "Je vois aussi cet obstacle"
    assert strings["data_sharing\x04In progress"] == "En cours"
    assert strings["{n} flow"] == ["{n} échange", "{n} échanges"]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Ajouter l'organisation" in console and "Add the organisation" not in console


def _refusal(state, type_, data, actor=ANA) -> str:
    try:
        exercise.apply(state, Action(type_, data), actor)
    except DomainError as error:
        return error.message
    raise AssertionError("not refused")


def test_refusals_and_form_errors_follow_the_locale(app):
    state = exercise.initial_state(default_config(exercise))
    state = exercise.apply(state, Action("add_dataset", {"name": "Attendance", "holder": ""}), ANA)
    flow = {"dataset_id": "d1", "recipient": "north school", "purpose": "Checks", "barriers": [], "barrier_note": "",
            "agreement": "dsa", "status": "needed"}
    with force_locale("fr"):
        assert _refusal(state, "add_flow", flow) == ("North School détient déjà ces données\u00a0: "
                                                     "choisissez une autre organisation qui en a besoin.")
        assert _refusal(state, "add_flow", {**flow, "recipient": "Clinic", "agreement": "x"}) == \
            "Choisissez un accord dans la liste."
        _, errors = validate(forms.AddDatasetForm, {"name": "", "holder": ""})
        assert errors["name"] == ["Donnez un nom au jeu de données."]
    with force_locale("en"):
        assert _refusal(state, "add_flow", {**flow, "recipient": "Clinic", "agreement": "x"}) == \
            "Pick an agreement from the list."


def test_default_texts_are_in_the_language_of_whoever_adds_the_step(app):
    with force_locale("fr"):
        values = exercise.partnership_defaults({"organisations": ["École du Nord"]})
        title = str(exercise.title)
    assert values["prompt"].startswith("Quelles données chaque partenaire")
    assert values["organisations"] == "École du Nord" and title == "Carte du partage de données"


def test_the_checklist_is_worded_for_a_french_reader(app):
    state = exercise.initial_state(default_config(exercise))
    state = exercise.apply(state, Action("add_dataset", {"name": "Attendance", "holder": ""}), ANA)
    state = exercise.apply(state, Action("add_flow", {
        "dataset_id": "d1", "recipient": "City Clinic", "purpose": "Spot missed checks", "barriers": ["consent"],
        "barrier_note": "", "agreement": "consent_form", "status": "in_progress"}), ANA)
    with force_locale("fr"):
        [item] = exercise.plan(state, state["config"])
        words = exercise.plan_wording(item["data"]["wording"])
    assert item["title"] == "Attendance\u00a0: de North School vers City Clinic"
    assert item["text"] == ("Finalité\u00a0: Spot missed checks. Accord nécessaire\u00a0: Formulaire de consentement "
                            "(En cours). Obstacles\u00a0: Consentement.")
    assert words == {"title": item["title"], "text": item["text"]}
    with force_locale("en"):
        [item] = exercise.plan(state, state["config"])
    assert item["text"] == ("Purpose: Spot missed checks. Agreement needed: Consent form (In progress). "
                            "Barriers: Consent.")
