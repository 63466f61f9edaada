"""The Commitments ledger in French: labels, refusals, needs lines, plan sentences and numbers."""
import pytest
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from app.exercises import Action, Actor, DomainError
from app.forms_common import bind
from plugins.commitments import exercise, forms

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="École du Nord", sector="Éducation")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def state_with(**data):
    state = exercise.initial_state({**forms.CommitmentsConfigForm().data, "needs": "temps de travail | 40"})
    return exercise.apply(state, Action("commit", {"kind": "staff_time", "description": "Animatrice jeunesse",
                                                   "amount": "12,5", "until": "2027-06-30", "essential": True,
                                                   **data}), ANA)


def test_titles_labels_and_kinds_in_french(app):
    with app.test_request_context(), force_locale("fr"):
        assert str(exercise.title) == "Registre des engagements et des ressources"
        form = bind(forms.CommitForm)
        assert form.kind.label.text == "Type d'apport"
        assert [str(c.label) for c in form.kind.iter_choices()][:3] == ["Aide en nature", "Temps de travail", "Fonds"]
        assert [str(p.label) for p in exercise.phases] == ["Inscrire les engagements", "Relire et confirmer"]
        assert exercise.partnership_defaults({})["prompt"] == "Qu'apportera votre organisation au travail commun ?"


@pytest.mark.parametrize(("amount", "kind", "message"), [
    ("douze", "staff_time", "Écrivez seulement un nombre"),
    ("-3", "funds", "ne peut pas être négative"),
    ("2,5", "people", "nombres entiers"),
    ("30000", "staff_time", "C'est plus de 20 000 pour un seul engagement"),
])
def test_refusals_read_in_french(app, amount, kind, message):
    state = state_with()
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("commit", {"kind": kind, "description": "x", "amount": amount, "until": "",
                                                "essential": True}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert message in caught.value.message.replace("\u202f", " ").replace("\u00a0", " ")
        assert caught.value.field == "amount"


def test_needs_lines_refused_in_french(app):
    with app.test_request_context("/?lang=fr"):
        app.preprocess_request()
        form = bind(forms.CommitmentsConfigForm, formdata=MultiDict({**forms.CommitmentsConfigForm().data,
                                                                      "needs": "salles | 3"}))
        assert not form.validate()
        assert form.errors["needs"] == ["Ligne 1 : « salles » n'est pas un type que l'on peut compter "
                                        "(temps de travail, fonds ou personnes)."]


def test_a_french_reader_reads_the_plan_in_french(app):
    state = state_with()
    (cid,) = state["commitments"]
    state = exercise.apply(state, Action("confirm", {"commitment_id": cid}), FAC)
    with app.test_request_context(), force_locale("en"):
        items = exercise.plan(state, state["config"])
    action = next(i for i in items if i["section"] == "actions")
    with app.test_request_context(), force_locale("fr"):
        words = exercise.plan_wording(action["data"]["wording"])
        gap = exercise.plan_wording(next(i for i in items if i["section"] == "flags")["data"]["wording"])
    assert words["text"] == ("École du Nord apporte : Temps de travail · 12,5 heures par mois · indispensable · "
                             "jusqu'au 30 juin 2027.")
    assert gap["title"].replace("\u202f", " ") == "Manque encore : 27,5 heures par mois (temps de travail)"
    assert action["title"] == "Animatrice jeunesse"  # people's own words stay as written


def test_the_js_strings_have_french(app):
    from app.i18n import js_catalog

    strings = js_catalog(app, "fr")
    assert strings["{hours} hours a month"] == "{hours} heures par mois"
    assert strings["commitments\x04Confirmed"] == "Confirmé"
    assert strings["{total} of {need}"] == "{total} sur {need}"


def test_the_plan_spreadsheet_reads_french_headers_and_kinds(app):
    """A French XLSX of the plan: the commitments sheet and the plan sheet head their columns in
    French words and word each kind and unit, never the ledger's keys (staff_time, hours/month)."""
    import io

    from openpyxl import load_workbook

    from app.exports import export_plan
    from app.extensions import db
    from app.plan import curate
    from app.plan.items import plan_items
    from tests.factories import create_facilitator, create_partnership, create_workshop
    from tests.plan_helpers import end_and_harvest

    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, title="Ressources", steps=(("commitments", None),))
    state = state_with()
    state = exercise.apply(state, Action("commit", {"kind": "funds", "description": "Subvention", "amount": "5000",
                                                    "until": "", "essential": False}), ANA)
    state = exercise.apply(state, Action("commit", {"kind": "people", "description": "Bénévoles", "amount": "4",
                                                    "until": "", "essential": True}), ANA)
    for cid in list(state["commitments"])[:2]:
        state = exercise.apply(state, Action("confirm", {"commitment_id": cid}), FAC)
    workshop.steps[0].state = state
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()

    with app.test_request_context(), force_locale("fr"):
        content = export_plan(partnership, "xlsx")[0]
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in load_workbook(io.BytesIO(content))}
    [ledger] = [table for title, table in sheets.items() if title != "Plan"]
    header = ledger[0]
    assert {"type de ressource", "quantité", "unité", "jusqu'au", "indispensable au travail",
            "confirmé par l'animation", "organisation qui s'engage"} <= set(header), header
    raw = {"kind", "amount", "unit", "until", "essential", "confirmed", "committing_organisation", "gap",
           "committing organisation"}
    assert not raw & set(header), header
    cells = {str(v) for row in ledger[1:] for v in row if v not in (None, "")}
    assert {"Temps de travail", "Fonds", "Personnes", "heures par mois", "personnes", "oui", "non"} <= cells, cells
    assert not {"staff_time", "funds", "people", "hours/month", "True", "False"} & cells, cells
    plan = sheets["Plan"][0]
    assert {"type de ressource", "quantité", "indispensable au travail", "reste à trouver"} <= set(plan), plan
    assert not raw & set(plan), plan
    plan_cells = {str(v) for row in sheets["Plan"][1:] for v in row if v not in (None, "")}
    assert "Temps de travail" in plan_cells and not {"staff_time", "funds"} & plan_cells, plan_cells
