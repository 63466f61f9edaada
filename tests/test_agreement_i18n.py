"""The partnership agreement in French: refusals, config defaults, drafted clauses and the plan
follow the reader's language; the people's own text (clause text, headings, reasons) stays as
written; the wire carries answer keys, not English words."""
import json

import pytest
from flask_babel import force_locale

from app.exercises import Action, DomainError
from app.exercises.registry import default_config
from plugins.agreement import exercise
from tests.test_agreement_reducer import ANA, FAC, amend, answer, opened, run
from tests.test_agreement_views import audience, room


def test_refusals_read_in_the_readers_language(app):
    state = amend(answer(opened(), ANA))
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("answer", {"clause_id": "c1", "version": 1, "answer": "support",
                                                "reason": "", "sent_at": None}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert caught.value.message == "Cette clause a été amendée\u00a0; lisez le nouveau texte."
    with app.test_request_context(), force_locale("en"):
        assert caught.value.message == "This clause was amended; read the new text."
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("answer", {"clause_id": "c1", "version": 2, "answer": "object",
                                                "reason": "", "sent_at": None}), ANA)
    with app.test_request_context(), force_locale("fr"):
        assert caught.value.message == "Dites pourquoi\u00a0: cette réponse demande une raison."


def test_the_title_defaults_and_drafted_clauses_are_french_for_a_french_facilitator(app):
    with app.test_request_context(), force_locale("fr"):
        assert str(exercise.title) == "Accord de partenariat"
        config = default_config(exercise)
        assert exercise.partnership_defaults({})["clauses"].startswith("## Finalité\n")
        drafted = exercise.partnership_defaults({"purpose": "Chaque enfant prêt pour l'école",
                                                 "organisations": ["École du Nord"]})
    assert "## Partage des données" in drafted["clauses"] and "## Révision et sortie" in drafted["clauses"]
    assert "Chaque enfant prêt pour l'école" in drafted["clauses"] and "École du Nord" in drafted["clauses"]
    state = exercise.initial_state({**config, **drafted})
    assert state["clauses"]["c1"]["versions"]["1"]["heading"] == "Finalité"


def test_a_french_reader_reads_an_english_workshops_plan_in_french_with_the_peoples_text_as_written(app):
    state = run(room(), "close_clause", FAC, clause_id="c1", outcome="future")
    with app.test_request_context(), force_locale("en"):
        items = exercise.plan(state, state["config"])
    with app.test_request_context(), force_locale("fr"):
        words = [exercise.plan_wording(item["data"]["wording"]) for item in items]
    assert words[0]["title"] == "Clause 1 · Purpose — Renvoyée à une négociation ultérieure"
    assert words[1]["title"] == "Clause 2 · Data sharing — pas encore tranchée"
    assert words[2] == {"title": "Journal des décisions", "text": "2 clauses · Renvoyée à une négociation "
                        "ultérieure\u00a0: 1 · pas encore tranchée\u00a0: 1"}
    # The clause text is the people's own and stays as written.
    assert items[0]["text"] == "We work together for every child."
    assert "text" not in words[0]


def test_the_wire_carries_answer_keys_not_english(app):
    with app.test_request_context(), force_locale("fr"):
        view = exercise.view(room(), audience())
    wire = json.dumps(view)
    assert "Support with reservations" not in wire and "Fully support" not in wire
    assert view["clauses"]["c1"]["results"]["tally"]["reservations"] == 1


def test_the_french_plan_spreadsheet_names_every_agreement_column_in_french(app):
    """The XLSX plan in French: the agreement sheet's headers are French words (no key such as
    ``speaks_for`` or ``outcome_at``), its answers read as French words, and the plan sheet
    names the clause columns in French."""
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
    workshop = create_workshop(partnership, title="Agreement", steps=(("agreement", None),))
    workshop.steps[0].state = run(room(), "close_clause", FAC, clause_id="c1", outcome="agreed_reservations")
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        content = export_plan(partnership, "xlsx")[0]
    sheets = {s.title: list(s.iter_rows(values_only=True)) for s in load_workbook(io.BytesIO(content))}
    [agreement] = [table for title, table in sheets.items() if title != "Plan"]
    header = set(agreement[0])
    assert {"numéro de la clause", "titre de la clause", "réponse", "raison", "parle au nom de",
            "réponse donnée le", "auteur ou autrice"} <= header, header
    raw = {"clause", "heading", "answer", "reason", "speaks_for", "speaks for", "sent_at", "sent at",
           "outcome", "outcome_at", "outcome at", "number", "clauses", "author", "sector"}
    everything = header | set(sheets["Plan"][0])
    assert not raw & everything, sorted(raw & everything)
    answers = {row[agreement[0].index("réponse")] for row in agreement[1:]}
    assert answers == {"Je soutiens avec des réserves", "Je ne peux pas soutenir",
                       "Je soutiens pleinement", "Il faut en discuter encore"}, answers
    assert {"décision", "décidée le"} <= set(sheets["Plan"][0]), sheets["Plan"][0]
