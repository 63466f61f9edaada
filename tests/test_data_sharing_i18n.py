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


def test_the_plan_spreadsheet_reads_french_headers_and_words(app):
    """The exercise's sheet and the plan sheet of a French XLSX: French headers, agreement kinds,
    statuses, obstacles and kinds of row in words, never a key as code spells it."""
    import io

    from openpyxl import load_workbook

    from app.exports import export_plan
    from app.extensions import db
    from app.live.identity import participant_actor
    from app.plan import curate
    from app.plan.items import plan_items
    from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
    from tests.plan_helpers import end_and_harvest

    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, title="Data", steps=(("data_sharing", None),))
    actor = participant_actor(create_participant(workshop, name="Ana", organisation="North School",
                                                 sector="Education")[0])
    state = workshop.steps[0].state
    for action in (("add_dataset", {"name": "Attendance", "holder": "North School"}),
                   ("add_flow", {"dataset_id": "d1", "recipient": "City Clinic", "purpose": "Spot missed checks",
                                 "barriers": ["consent", "legal"], "barrier_note": "", "agreement": "dsa",
                                 "status": "in_progress"}),
                   ("add_flow", {"dataset_id": "d1", "recipient": "Homes Trust", "purpose": "Plan visits",
                                 "barriers": [], "barrier_note": "", "agreement": "consent_form",
                                 "status": "needed"}),
                   ("add_barrier_note", {"flow_id": "f2", "barrier": "trust", "text": "Families may object"})):
        state = exercise.apply(state, Action(*action), actor)
    workshop.steps[0].state = state
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        content = export_plan(partnership, "xlsx")[0]
    workbook = load_workbook(io.BytesIO(content))
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    [title] = [t for t in sheets if t != "Plan"]
    header, *rows = sheets[title]
    assert {"élément", "jeu de données", "détenu par", "utile à", "finalité", "obstacles",
            "remarque sur les obstacles", "accord nécessaire", "état de l'accord", "auteur ou autrice"} <= set(header)
    # Raw keys and values as code spells them ("obstacle" is left out: it is French too).
    raw = {"kind", "data_set", "data set", "holder", "recipient", "purpose", "barriers", "agreement", "status",
           "in_progress", "needed", "dsa", "consent_form", "consent", "legal", "trust", "flow"}
    cells = {str(v) for row in rows for v in row if v not in (None, "")}
    assert not raw & (set(header) | cells), sorted(raw & (set(header) | cells))
    column = {key: header.index(words) for key, words in (("kind", "élément"), ("agreement", "accord nécessaire"),
                                                          ("status", "état de l'accord"), ("barriers", "obstacles"))}
    assert {row[column["kind"]] for row in rows} == {"jeu de données", "échange", "obstacle"}
    assert {row[column["agreement"]] for row in rows} == {None, "Convention de partage de données",
                                                          "Formulaire de consentement"}
    assert "En cours" in {row[column["status"]] for row in rows}
    assert "Juridique, Consentement" in {row[column["barriers"]] for row in rows}
    plan_header, *plan_rows = sheets["Plan"]
    assert {"utile à", "accord nécessaire", "remarques sur les obstacles"} <= set(plan_header)
    plan_cells = {str(v) for row in plan_rows for v in row if v not in (None, "")}
    assert {"Convention de partage de données", "En cours"} <= plan_cells
    assert not {"dsa", "in_progress", "consent_form", "needed"} & plan_cells
