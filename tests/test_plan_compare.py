"""What changed in the plan between a snapshot and a later snapshot or now."""
from datetime import datetime

import pytest

from app.extensions import db
from app.models import PlanItem, PlanSnapshot
from app.plan.compare import compare
from tests.factories import create_facilitator, create_partnership, create_workshop, login
from tests.plan_helpers import partnership_with_two_workshops


def item(item_id, section, title, text="", item_status="promoted", **data):
    return {"id": item_id, "section": section, "title": title, "text": text, "status": item_status, "data": data,
            "origin": "facilitator", "provenance": {}, "edited": False, "position": item_id}


BEFORE = [item(1, "actions", "Book the hall", owner="", due="2027-01-10", status="open"),
          item(2, "actions", "Send the draft", owner="City Clinic", status="open"),
          item(3, "roles", "Backbone", lead=""), item(4, "risks", "Funding gap"),
          item(5, "ideas", "Shared meals", item_status="proposed")]
AFTER = [item(1, "actions", "Book the hall", owner="North School", due="2027-01-24", status="open"),
         item(2, "actions", "Send the draft", owner="City Clinic", status="done"),
         item(3, "roles", "Backbone organisation", lead="City Clinic"),
         item(5, "ideas", "Shared meals"), item(6, "indicators", "Referrals", collected_by="City Clinic")]


def test_changes_per_section_in_plan_order(app):
    sections = compare(BEFORE, AFTER)
    assert [s.key for s in sections] == ["roles", "indicators", "actions", "risks", "ideas"]
    by_key = {s.key: s for s in sections}
    assert [c.title for c in by_key["indicators"].added] == ["Referrals"]
    assert [c.title for c in by_key["risks"].removed] == ["Funding gap"]
    assert [c.title for c in by_key["actions"].done] == ["Send the draft"]
    book = by_key["actions"].changed[0]
    assert book.title == "Book the hall"
    assert book.fields == [("owner", "", "North School"), ("due", "January 10, 2027", "January 24, 2027")]
    assert by_key["roles"].changed[0].fields == [("title", "Backbone", "Backbone organisation"),
                                                ("lead", "", "City Clinic")]
    assert by_key["ideas"].changed[0].fields == [("item_status", "proposed", "promoted")]


def test_nothing_changed_and_dropped_items_count_as_gone(app):
    assert compare(BEFORE, BEFORE) == []
    dropped = [dict(i, status="dropped") if i["id"] == 4 else i for i in BEFORE]
    assert [c.title for c in compare(BEFORE, dropped)[0].removed] == ["Funding gap"]


@pytest.fixture
def partnership(app):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    workshop = create_workshop(partnership, title="Kick-off <i>one</i>", status="ended")
    rows = [PlanItem(partnership_id=partnership.id, section=i["section"], title=i["title"], status=i["status"],
                     data=i["data"], position=i["position"], origin="facilitator") for i in BEFORE]
    db.session.add_all(rows)
    db.session.flush()
    db.session.add(PlanSnapshot(partnership_id=partnership.id, workshop_id=workshop.id, workshop_title=workshop.title,
                                items=[r.as_dict() for r in rows], created_at=datetime(2026, 11, 3, 12)))
    rows[0].data = {"owner": "North School", "due": "2027-01-24", "status": "open"}
    rows[3].status = "dropped"
    db.session.commit()
    return partnership


def test_the_page_compares_the_last_snapshot_with_now(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    assert "From the end of Kick-off &lt;i&gt;one&lt;/i&gt; to now." in page
    assert "Owner: <del dir=\"auto\">(none)</del> → <ins dir=\"auto\">North School</ins>" in page
    assert "No longer in the plan" in page and "Funding gap" in page
    home = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert f"/partnerships/{partnership.id}/plan/compare" in home


def test_the_page_in_french(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare?lang=fr").get_data(as_text=True)
    assert "Ce qui a changé dans le plan" in page and "Responsable :" in page and "24 janvier 2027" in page
    assert "Ne figure plus dans le plan" in page


def test_an_unknown_or_foreign_snapshot_is_a_clear_404(client, partnership, app):
    other = create_partnership(create_facilitator(email="o@example.org"), name="Other")
    foreign = PlanSnapshot(partnership_id=other.id, workshop_title="Theirs", items=[])
    db.session.add(foreign)
    db.session.commit()
    login(client)
    for query in (f"from={foreign.id}", "from=999", "from=abc", "to=999"):
        response = client.get(f"/partnerships/{partnership.id}/plan/compare?{query}")
        assert response.status_code == 404 and "is not one of this partnership" in response.get_data(as_text=True)


def test_a_partnership_without_snapshots_is_told_what_the_page_is_for(client, app):
    partnership = create_partnership(create_facilitator())
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    assert "once one has ended, this page shows what changed since" in page


def test_organisations_are_matched_as_people_type_them():
    from app.plan.compare import room_changes

    room = room_changes("One", ["North School", "City Clinic", " "], "Two", ["north  school", "Homes Trust"])
    assert room.joined == ["Homes Trust"] and room.absent == ["City Clinic"] and not room.empty
    assert room_changes("One", ["A"], "Two", ["a"]).empty


def test_the_page_says_which_organisations_came_and_which_did_not_come_back(client, partnership, app):
    from datetime import timedelta

    from app.models import Participant, PlanSnapshot, Workshop
    from app.models.base import utcnow
    from tests.factories import create_participant

    first = db.session.query(Workshop).filter_by(partnership_id=partnership.id).one()
    first.started_at = utcnow() - timedelta(days=30)
    for name, org in (("Ana", "North School"), ("Ben", "City Clinic")):
        create_participant(first, name=name, organisation=org)
    later = create_workshop(partnership, title="Check-in <b>two</b>", status="live")
    later.started_at = utcnow() - timedelta(days=1)
    for name, org in (("Cy", "north school"), ("Dee", "Homes <i>Trust</i>")):
        create_participant(later, name=name, organisation=org)
    db.session.commit()
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    room = page[page.index('id="room-heading"'):]
    assert "Check-in &lt;b&gt;two&lt;/b&gt;" in room
    assert room.index("New in the room") < room.index("Homes &lt;i&gt;Trust&lt;/i&gt;") < room.index(
        "Not there this time") < room.index("City Clinic")
    assert "North School" not in room.split("</section>")[0].split("Not there this time")[1]
    french = client.get(f"/partnerships/{partnership.id}/plan/compare?lang=fr").get_data(as_text=True)
    assert "Qui était dans la salle" in french and "Absentes cette fois" in french

    # Between the snapshot and a later snapshot of the second workshop, the same answer.
    db.session.add(PlanSnapshot(partnership_id=partnership.id, workshop_id=later.id, workshop_title=later.title,
                                items=[]))
    db.session.commit()
    newest = db.session.query(PlanSnapshot).filter_by(workshop_id=later.id).one()
    oldest = db.session.query(PlanSnapshot).filter_by(workshop_id=first.id).one()
    page = client.get(f"/partnerships/{partnership.id}/plan/compare?from={oldest.id}&to={newest.id}")
    assert "Homes &lt;i&gt;Trust&lt;/i&gt;" in page.get_data(as_text=True)

    # Once purge has deleted the earlier room's people, there is nothing to compare: no section.
    db.session.query(Participant).filter_by(workshop_id=first.id).delete()
    db.session.commit()
    assert 'id="room-heading"' not in client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)


# -- actions that became late --------------------------------------------------------------------


def test_an_action_whose_due_day_passed_in_between_and_is_not_done_is_now_late(app):
    from datetime import date

    before = [item(1, "actions", "Book the hall", due="2027-01-10", status="open"),
              item(2, "actions", "Send the draft", due="2027-01-12", status="open"),
              item(3, "actions", "Already late", due="2026-12-01", status="open"),
              item(4, "actions", "Not due yet", due="2027-03-01", status="open"),
              item(5, "actions", "Due the last day", due="2027-02-01", status="open")]
    after = [item(1, "actions", "Book the hall", due="2027-01-10", status="in_progress"),
             item(2, "actions", "Send the draft", due="2027-01-12", status="done"),
             *before[2:]]
    with app.test_request_context():
        (actions,) = compare(before, after, since=date(2027, 1, 5), until=date(2027, 2, 1))
    assert [c.title for c in actions.late] == ["Book the hall"]
    assert actions.late[0].note == "due on January 10, 2027"
    assert [c.title for c in actions.done] == ["Send the draft"]
    assert actions.changed == [], "a late action is listed once, as late"
    assert compare(before, before) == [], "without the two moments' days nothing is late"


# -- figures that moved, and the comparison downloaded --------------------------------------------

def due_day(partnership, lang: str) -> str:
    """The late action's due day as the page writes it in ``lang``."""
    from datetime import date

    from babel.dates import format_date

    action = db.session.query(PlanItem).filter_by(partnership_id=partnership.id, title="Book the hall").one()
    return format_date(date.fromisoformat(action.data["due"]), "long", locale=lang)


@pytest.fixture
def two_workshops(app):
    """A kick-off and a check-in of one partnership, a snapshot at the end of the kick-off."""
    return partnership_with_two_workshops(create_facilitator())


def test_the_page_shows_the_figures_that_moved_between_the_two_workshops(client, two_workshops):
    login(client)
    page = client.get(f"/partnerships/{two_workshops.id}/plan/compare").get_data(as_text=True)
    figures = page[page.index('id="figures-heading"'):page.index("</section>", page.index('id="figures-heading"'))]
    assert "Check-in &lt;b&gt;two&lt;/b&gt;" in figures and "Trust and relationship pulse" in figures
    # Trust: (2+2+3)/3 = 2.33 at the kick-off, (4+4+5)/3 = 4.33 at the check-in.
    trust = figures[figures.index("We trust each other"):]
    assert trust.index("2.33") < trust.index("4.33") < trust.index("+2")
    importance = figures[figures.index("Families reached: importance"):]
    assert importance.index("2.33") < importance.index("4.67") < importance.index("+2.34"), \
        "the change of the figures as shown"
    late = page[page.index("Now late"):]
    assert "Book the hall" in late and f"due on {due_day(two_workshops, 'en')}" in late
    for fmt in ("md", "docx", "pdf"):
        assert f"/partnerships/{two_workshops.id}/plan/compare.{fmt}?" in page


def test_the_figures_in_french(client, two_workshops):
    login(client)
    page = client.get(f"/partnerships/{two_workshops.id}/plan/compare?lang=fr").get_data(as_text=True)
    assert "Les chiffres qui ont bougé" in page and "2,33" in page and "4,33" in page and "+2" in page
    assert "En retard désormais" in page and due_day(two_workshops, "fr") in page


def test_no_figures_section_when_neither_workshop_has_measures(client, partnership):
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare").get_data(as_text=True)
    assert 'id="figures-heading"' not in page and "Figures that moved" not in page


def test_another_facilitators_comparison_and_its_downloads_are_404(client, two_workshops):
    create_facilitator(email="other@example.org")
    login(client, email="other@example.org")
    for path in ("compare", "compare.md", "compare.docx", "compare.pdf"):
        assert client.get(f"/partnerships/{two_workshops.id}/plan/{path}").status_code == 404


def test_the_markdown_download_has_the_figures_and_the_changes(client, two_workshops):
    login(client)
    response = client.get(f"/partnerships/{two_workshops.id}/plan/compare.md?to=now")
    assert response.status_code == 200 and "what-changed.md" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "## Figures that moved" in text and "| 2.33 | 4.33 | +2 |" in text
    assert "Check-in \\<b\\>two\\</b\\>" in text, "people's text stays literal Markdown"
    assert "### Now late" in text and "Book the hall" in text


def test_the_word_download_reads_back_with_the_figures_and_the_changes(client, two_workshops):
    import io

    from docx import Document

    login(client)
    response = client.get(f"/partnerships/{two_workshops.id}/plan/compare.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Figures that moved" in text and "Now late" in text and "Book the hall" in text
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Families reached: importance", "Whole room", "2.33", "4.67", "+2.34"] in cells


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Figures that moved", "4.33", "+2", "Now late", "Book the hall")),
    ("fr", ("Les chiffres qui ont bougé", "4,33", "+2", "En retard désormais", "Book the hall")),
])
def test_the_pdf_download_reads_back_in_the_readers_language(client, two_workshops, lang, words):
    import io

    from pypdf import PdfReader

    login(client)
    response = client.get(f"/partnerships/{two_workshops.id}/plan/compare.pdf?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    for word in words:
        assert word in text, word


def test_bad_moments_in_a_download_are_a_clear_404_and_nothing_to_compare_a_400(client, two_workshops, app):
    login(client)
    for query in ("from=999", "from=abc", "to=999"):
        response = client.get(f"/partnerships/{two_workshops.id}/plan/compare.pdf?{query}")
        assert response.status_code == 404 and "is not one of this partnership" in response.get_data(as_text=True)
    assert client.get(f"/partnerships/{two_workshops.id}/plan/compare.odt").status_code == 404
    from app.models import Facilitator

    bare = create_partnership(db.session.get(Facilitator, two_workshops.owner_id), name="Bare")
    response = client.get(f"/partnerships/{bare.id}/plan/compare.md")
    assert response.status_code == 400 and "this page shows what changed since" in response.get_data(as_text=True)


def test_hostile_words_never_break_the_page_or_a_download(client, app):
    """Markup, right-to-left text, emoji and a very long name, as an indicator and a sector."""
    hostile = "<script>alert(1)</script> شراكة 🤝 " + "x" * 120  # the longest name an indicator takes
    partnership = partnership_with_two_workshops(create_facilitator(), indicator=hostile, sector="الصحة <i>")
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/plan/compare")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text and "الصحة &lt;i&gt;" in text
    for fmt in ("md", "docx", "pdf"):
        assert client.get(f"/partnerships/{partnership.id}/plan/compare.{fmt}").status_code == 200, fmt
