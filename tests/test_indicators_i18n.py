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


def test_the_plan_spreadsheet_names_every_indicator_column_in_french(app):
    """The exercise's sheet of the plan XLSX heads each column with French words (its ``columns``)
    and words the kind of indicator and yes/no: no key as code spells it reaches the reader."""
    import io

    from openpyxl import load_workbook

    from app.exports import export_plan
    from app.extensions import db
    from app.plan import curate
    from app.plan.items import plan_items
    from tests.factories import create_facilitator, create_partnership, create_workshop
    from tests.plan_helpers import end_and_harvest
    from tests.test_indicators_views import play

    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, title="Mesures", steps=(("indicators", None),))
    state = play(ph.at(session(), "adopt", exercise), ("adopt", {"indicator_id": "k1"}, FAC),
                 ("record_value", {"indicator_id": "k1", "value": "68,5", "date": "2027-03-15"}, FAC))
    workshop.steps[0].state = state
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        content = export_plan(partnership, "xlsx")[0]
    workbook = load_workbook(io.BytesIO(content))
    [sheet] = [s for s in workbook if s.title != "Plan"]
    table = list(sheet.iter_rows(values_only=True))
    header = table[0]
    assert {"type d'indicateur", "valeur de départ", "cible", "ventilé par groupe", "quels groupes, et pourquoi",
            "adopté", "repris d'une étape précédente", "personnes l'ayant noté", "importance (moyenne, de 1 à 5)",
            "faisabilité (moyenne, de 1 à 5)", "dernière valeur", "date de la dernière valeur"} <= set(header)
    raw = {spelling for key in exercise.columns for spelling in (key, key.replace("_", " "))}
    assert not raw & set(header), sorted(raw & set(header))
    cells = {str(v) for row in table[1:] for v in row if v not in (None, "")}
    kinds = {row[header.index("type d'indicateur")] for row in table[1:]}
    assert kinds == {"Une mesure chiffrée", "Une étape qualitative"}, kinds
    assert not {"quantitative", "milestone", "True", "False"} & cells
    assert {row[header.index("adopté")] for row in table[1:]} == {"oui", "non"}
    plan = [row for s in workbook if s.title == "Plan" for row in s.iter_rows(values_only=True)]
    assert not {"quantitative", "breakdown_why", "breakdown why"} & {str(v) for row in plan for v in row}
