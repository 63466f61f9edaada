"""The newcomer brief: one organisation's part of the plan, on a page, in DOCX and in PDF."""
import io

import pytest
from docx import Document
from pypdf import PdfReader

from app.extensions import db
from app.models import PlanItem
from app.partnerships.brief import organisation_brief
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


def item(section, title, text="", item_status="promoted", item_id=1, **data):
    return {"id": item_id, "section": section, "title": title, "text": text, "status": item_status, "data": data}


PLAN = [
    item("agreements", "Shares its meeting rooms", partner="City Clinic"),
    item("agreements", "Funds the evaluation", partner="Housing Trust"),
    item("agreements", "Clause 2: data sharing", organisations={"City Clinic": {"answer": "reservations"},
                                                                 "North School": {"answer": "object"}}),
    item("agreements", "Clause 3: exit", organisations={"City Clinic": {"answer": "object"}}),
    item("data_sharing", "Attendance data", parties="North School, City Clinic"),
    item("roles", "Backbone", lead="city clinic "), item("roles", "Steering group", lead="North School",
                                                          supporting=["City Clinic", "Housing Trust"]),
    item("roles", "Data steward", lead="Housing Trust", supporting="North School,  City  Clinic"),
    item("actions", "Book the hall", owner="City Clinic", due="2027-02-01"),
    item("actions", "Send the draft", owner="City Clinic", due="2027-01-10"),
    item("actions", "Old words", lead="City Clinic", date="2027-03-01"),
    item("actions", "Finished", owner="City Clinic", status="done"),
    item("actions", "Dropped", item_status="dropped", owner="City Clinic"),
    item("indicators", "Referrals", collected_by="City Clinic"),
    item("framing", "Health: prevention", sector="Health"), item("framing", "Education: readiness", sector="Education"),
    item("flags", "Who pays for transport?"),
]


def test_the_brief_gathers_one_organisation_s_part_of_the_plan():
    brief = organisation_brief("City Clinic", "Health", PLAN)
    titles = {part: [e["title"] for e in entries] for part, entries in brief["parts"].items()}
    assert titles == {
        "agreed": ["Shares its meeting rooms", "Clause 2: data sharing"],
        "roles": ["Backbone", "Steering group", "Data steward"],
        "actions": ["Send the draft", "Book the hall", "Old words"],
        "indicators": ["Referrals"],
        "framing": ["Health: prevention"],
        "questions": ["Who pays for transport?"],
    }
    assert [e["detail"] for e in brief["parts"]["roles"]] == ["lead", "supporting", "supporting"]
    assert not brief["empty"]


def test_an_organisation_with_nothing_yet_gets_an_empty_brief_and_no_sector_framing():
    brief = organisation_brief("Library", "", [p for p in PLAN if p["section"] != "flags"])
    assert brief["empty"] and all(entries == [] for entries in brief["parts"].values())


@pytest.fixture
def partnership(app):
    owner = create_facilitator()
    partnership = create_partnership(owner, organisations=["City Clinic", "North School"])
    workshop = create_workshop(partnership)
    create_participant(workshop, name="Ana", organisation="City Clinic", sector="Health")
    create_participant(workshop, name="Ben", organisation="Youth Club", sector="Community")
    for n, entry in enumerate(PLAN):
        db.session.add(PlanItem(partnership_id=partnership.id, section=entry["section"], title=entry["title"],
                                text=entry["text"], data=entry["data"], status=entry["status"], position=n,
                                origin="facilitator"))
    db.session.add(PlanItem(partnership_id=partnership.id, section="actions", title="Hostile <b>\x07bold</b>",
                            data={"owner": "City Clinic"}, position=99, origin="facilitator"))
    db.session.commit()
    return partnership


def test_the_chooser_lists_the_partnership_s_organisations_and_the_ones_people_gave(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/brief").get_data(as_text=True)
    assert page.index("City Clinic") < page.index("North School") < page.index("Youth Club")
    assert f"/partnerships/{partnership.id}/brief?organisation=City+Clinic" in page


def test_the_brief_page_shows_the_organisation_s_sector_and_parts(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/brief?organisation=city%20clinic").get_data(as_text=True)
    assert "<bdi>City Clinic</bdi>" in page and "Sector: Health" in page
    assert "Shares its meeting rooms" in page and "Funds the evaluation" not in page
    assert "(leads it)" in page and "(supports it)" in page and "due January 10, 2027" in page
    assert "Health: prevention" in page and "Education: readiness" not in page
    assert "Hostile &lt;b&gt;" in page


def test_an_unknown_organisation_is_a_clear_404(client, partnership):
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/brief?organisation=Nobody")
    assert response.status_code == 404 and "has no organisation of that name" in response.get_data(as_text=True)
    assert client.get(f"/partnerships/{partnership.id}/brief/docx?organisation=Nobody").status_code == 404
    assert client.get(f"/partnerships/{partnership.id}/brief/exe?organisation=City+Clinic").status_code == 404


def test_the_brief_as_docx_reads_back(client, partnership):
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/brief/docx?organisation=City+Clinic")
    assert response.status_code == 200
    assert 'filename="city-clinic-brief.docx"' in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "City Clinic in Healthy Futures: newcomer brief" in text
    assert "Its open actions" in text and "Send the draft (due January 10, 2027)" in text
    assert "Hostile <b>bold</b>" in text  # the control character is gone, the text is kept


def test_the_brief_as_pdf_reads_back_in_french(client, partnership):
    login(client)
    response = client.get(f"/partnerships/{partnership.id}/brief/pdf?organisation=City+Clinic&lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Fiche d'accueil" in text and "Ses actions en cours" in text and "10 janvier 2027" in text


def test_another_facilitator_cannot_read_the_brief(client, partnership):
    create_facilitator(email="stranger@example.org", name="Sam")
    login(client, email="stranger@example.org")
    assert client.get(f"/partnerships/{partnership.id}/brief?organisation=City+Clinic").status_code == 404
    assert client.get(f"/partnerships/{partnership.id}/brief/pdf?organisation=City+Clinic").status_code == 404
