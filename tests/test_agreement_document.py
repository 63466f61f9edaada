"""The agreement document: parties, numbered clauses, what is left for later, signature blocks
and the decision log, as DOCX and PDF, read back."""
import io

import pytest
from docx import Document
from pypdf import PdfReader

from app.extensions import db
from app.models import PlanItem
from app.plan import curate
from app.plan.items import plan_items
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.plan_helpers import end_and_harvest
from tests.test_agreement_reducer import FAC, run
from tests.test_agreement_views import room


@pytest.fixture(params=["all agreed", "with a clause for later"])
def partnership(app, request):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator, organisations=["North School", "City Clinic"])
    workshop = create_workshop(partnership, title="Agreement", steps=(("agreement", None),))
    state = run(room(), "close_clause", FAC, clause_id="c1", outcome="agreed_reservations")
    if request.param == "with a clause for later":
        state = run(run(state, "open_clause", FAC, clause_id="c2"), "close_clause", FAC, clause_id="c2",
                    outcome="future")
    workshop.steps[0].state = state
    db.session.add(PlanItem(partnership_id=partnership.id, section="agreements", title="Lends a meeting room <b>",
                            text="Every second Tuesday \x07", data={"partner": "Housing Trust"}, status="promoted",
                            position=99, origin="facilitator"))
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()
    return partnership


def _clause_heading(partnership):
    item = next(i for i in plan_items(partnership.id) if i.section == "agreements" and "heading" in i.data)
    return item.data["heading"], item.data["text"]


def test_the_docx_has_parties_clauses_signatures_and_the_log(client, partnership):
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/plan/agreement.docx")
    assert response.status_code == 200
    assert 'filename="healthy-futures-agreement.docx"' in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    heading, clause_text = _clause_heading(partnership)
    assert "Healthy Futures: partnership agreement" in text
    parties = text[text.index("The parties"):text.index("What the parties agree")]
    assert "North School" in parties and "City Clinic" in parties and "Housing Trust" in parties
    # Clauses are numbered in the plan's order (the facilitator's own item sits first here).
    assert "Clause 1. Lends a meeting room <b>" in text and "Partner: Housing Trust" in text
    assert f"Clause 2. {heading}" in text and clause_text in text
    assert "Every second Tuesday " in text  # the control character is gone, the words are kept
    signatures = text[text.index("Signatures"):text.index("Annex: decision log")]
    assert signatures.count("Signature: ") == 4  # the partnership's two, the partner, a represented school
    annex = text[text.index("Annex: decision log"):]
    later = "Clauses left for future negotiation"
    if any(i.data.get("outcome") == "future" for i in plan_items(partnership.id)):
        assert later in text and "Clause 3." not in text  # a clause for later is not numbered with the agreed
        assert "We share only what the work needs." in text[text.index(later):text.index("Signatures")]
    else:
        assert later not in text and "Clause 3. Data sharing\nDraft: not agreed yet" in text
    assert f"Clause 2. {heading}\nDraft" not in text  # agreed with reservations: settled
    assert "Outcome: Agreed with noted reservations" in annex and "Version 1" in annex


def test_the_pdf_reads_in_french(client, partnership):
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/plan/agreement.pdf?lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    for words in ("accord de partenariat", "Les parties", "Signatures", "Annexe", "Adoptée, réserves consignées"):
        assert words in text, words


def test_a_plan_without_clauses_says_what_to_do_and_unknown_formats_are_404(client, app):
    partnership = create_partnership(create_facilitator())
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/plan/agreement.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "No clause is in the plan yet" in text
    assert client.get(f"/partnerships/{partnership.id}/plan/agreement.exe").status_code == 404


def test_the_plan_page_offers_the_agreement_document(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan").get_data(as_text=True)
    assert f"/partnerships/{partnership.id}/plan/agreement.docx" in page and "Agreement document (PDF)" in page


def test_another_facilitator_cannot_download_it(client, partnership):
    create_facilitator(email="stranger@example.org", name="Sam")
    login(client, email="stranger@example.org")
    assert client.get(f"/partnerships/{partnership.id}/plan/agreement.pdf").status_code == 404


def test_no_signature_block_is_split_over_two_pages(client, partnership):
    """Each party's name, role, signature and date lines stay on one page (in French the fourth
    block used to start at the foot of page 1 and end on page 2)."""
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/plan/agreement.pdf?lang=fr")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    assert sum(text.count("Signature : __") for text in pages) == 4
    for text in pages:
        assert text.count("Nom : __") == text.count("Signature : __") == text.count("Date : __"), text
