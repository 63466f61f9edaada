"""Internal champions: who carries the partnership in each organisation, handovers that keep the
history, the plan action to brief a new champion, and the newcomer brief that names them."""
import io
import json
from datetime import date, timedelta

import pytest
from docx import Document
from pypdf import PdfReader

from app.extensions import db
from app.models import ChampionHolding, Partnership, PlanItem, PlanRevision
from app.models.base import utcnow
from app.partnerships.champions import champions_by_organisation, handover_problem, name_key
from app.partnerships.open_work import open_work
from tests.factories import create_champion, create_facilitator, create_partnership, login

TODAY = date(2027, 3, 10)


# -- pure ----------------------------------------------------------------------------------------

def test_a_handover_day_must_not_come_before_the_current_champion_started(app):
    current = ChampionHolding(name="Nadia", started_on=date(2027, 2, 1))
    with app.test_request_context():
        assert "only took the role on February 1, 2027" in handover_problem(current, date(2027, 1, 31), TODAY)
        assert handover_problem(current, date(2027, 2, 1), TODAY) is None
        assert handover_problem(None, date(2020, 1, 1), TODAY) is None  # the first champion, long ago


def test_a_handover_more_than_a_year_ahead_is_refused(app):
    with app.test_request_context():
        assert handover_problem(None, TODAY + timedelta(days=365), TODAY) is None
        assert "more than a year away" in handover_problem(None, TODAY + timedelta(days=366), TODAY)


def test_each_organisation_gets_its_current_champion_whatever_the_spelling():
    past = ChampionHolding(organisation="North School", name="Old", started_on=date(2026, 1, 1),
                           ended_on=date(2026, 6, 1))
    now = ChampionHolding(organisation="  city   CLINIC", name="Chen", started_on=date(2026, 6, 1))
    left = ChampionHolding(organisation="Homes Trust", name="Gone", started_on=date(2026, 1, 1),
                           ended_on=date(2026, 9, 1))
    found = champions_by_organisation(["North School", "City Clinic", "Homes Trust"], [past, now, left])
    assert found == [("North School", None), ("City Clinic", now), ("Homes Trust", None)]
    assert name_key(" City  Clinic ") == name_key("city clinic")


def test_organisations_without_a_champion_are_still_open():
    found = open_work([], TODAY, [], ["North School", "Homes Trust"])
    assert [(t.kind, t.item_id, t.title) for t in found["no_champion"]] == [
        ("no_champion", None, "Homes Trust"), ("no_champion", None, "North School")]
    assert open_work([], TODAY, [])["no_champion"] == []


# -- pages ---------------------------------------------------------------------------------------

@pytest.fixture
def partnership(app):
    return create_partnership(create_facilitator(), organisations=["North School", "City Clinic"])


def page_of(client, partnership, organisation="North School", lang="en"):
    response = client.get(f"/partnerships/{partnership.id}/champion",
                          query_string={"organisation": organisation, "lang": lang})
    return response.status_code, response.get_data(as_text=True)


def hand_over(client, partnership, organisation="North School", **fields):
    data = {"name": "Nadia Okafor", "role": "Deputy head", "contact": "n.okafor@north.example",
            "day": TODAY.isoformat(), "note": "The steering group's minutes and the data agreement draft."} | fields
    return client.post(f"/partnerships/{partnership.id}/champion/hand-over",
                       query_string={"organisation": organisation}, data=data)


def holdings(partnership_id):
    db.session.expire_all()
    return db.session.execute(db.select(ChampionHolding).filter_by(partnership_id=partnership_id)
                              .order_by(ChampionHolding.id)).scalars().all()


def briefing_actions(partnership_id):
    db.session.expire_all()
    return db.session.execute(db.select(PlanItem).filter_by(partnership_id=partnership_id, section="actions")
                              .order_by(PlanItem.id)).scalars().all()


@pytest.fixture
def today(monkeypatch):
    """The controllers' today is TODAY, so the date rules are checked against a known day."""
    from app.partnerships import champion_controllers

    class Clock:
        @staticmethod
        def date():
            return TODAY

    monkeypatch.setattr(champion_controllers, "utcnow", lambda: Clock)
    return TODAY


def test_the_home_lists_each_organisation_and_the_ones_without_a_champion_as_open(client, partnership):
    create_champion(partnership, "City Clinic", name="Chen Wu", started_on=date(2026, 11, 3))
    login(client)
    page = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    champions = page[page.index('id="champions-heading"'):]
    assert "Chen Wu" in champions and "since November 3, 2026" in champions
    assert "No champion yet" in champions and "Name one" in champions
    still_open = page[page.index('id="open-heading"'):page.index('id="champions-heading"')]
    assert "Organisations without a champion" in still_open
    assert f"/partnerships/{partnership.id}/champion?organisation=North+School" in still_open
    assert "City Clinic" not in still_open


def test_naming_the_first_champion_adds_a_proposed_briefing_action(client, partnership, today):
    login(client)
    status, page = page_of(client, partnership)
    assert status == 200 and "Name a champion" in page and "No one has held the role yet." in page
    response = hand_over(client, partnership)
    assert response.status_code == 302 and "organisation=North+School" in response.location
    [holding] = holdings(partnership.id)
    assert (holding.organisation, holding.name, holding.role, holding.contact, holding.started_on,
            holding.ended_on) == ("North School", "Nadia Okafor", "Deputy head", "n.okafor@north.example", today, None)
    [action] = briefing_actions(partnership.id)
    assert action.title == "Brief Nadia Okafor on the partnership" and action.status == "proposed"
    assert action.data == {"owner": "North School", "due": (today + timedelta(days=14)).isoformat()}
    assert db.session.query(PlanRevision).filter_by(item_id=action.id, action="added").count() == 1
    status, page = page_of(client, partnership)
    assert "Nadia Okafor" in page and "Hand over" in page and "Stepped down, no one yet" in page


def test_two_handovers_keep_the_history_latest_first(client, partnership, today):
    login(client)
    assert hand_over(client, partnership, name="Ann First", day="2026-09-01", note="Keys to the hall").status_code \
        == 302
    assert hand_over(client, partnership, name="Bo Second", day="2027-01-15", note="The funder's contact").status_code \
        == 302
    assert hand_over(client, partnership, name="Cy Third", day="2027-03-01", note="").status_code == 302
    first, second, third = holdings(partnership.id)
    assert (first.ended_on, second.started_on, second.ended_on, third.started_on, third.ended_on) == (
        date(2027, 1, 15), date(2027, 1, 15), date(2027, 3, 1), date(2027, 3, 1), None)
    _, page = page_of(client, partnership)
    history = page[page.index('id="history-heading"'):]
    assert history.index("Cy Third") < history.index("Bo Second") < history.index("Ann First")
    assert "from January 15, 2027 to March 1, 2027" in history and "The funder&#39;s contact" in history
    assert [a.title for a in briefing_actions(partnership.id)] == [
        "Brief Ann First on the partnership", "Brief Bo Second on the partnership", "Brief Cy Third on the partnership"]
    # The other organisation is untouched.
    assert "No one has held the role yet." in page_of(client, partnership, "City Clinic")[1]


def test_stepping_down_leaves_the_role_open(client, partnership, today):
    holding = create_champion(partnership, "North School", name="Nadia Okafor", started_on=date(2026, 5, 1))
    login(client)
    response = client.post(f"/partnerships/{partnership.id}/champion/step-down",
                           query_string={"organisation": "north school"}, data={"left_on": "2027-03-01"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChampionHolding, holding.id).ended_on == date(2027, 3, 1)
    _, page = page_of(client, partnership)
    assert "No champion yet." in page and "Stepped down, no one yet" not in page
    assert "from May 1, 2026 to March 1, 2027" in page
    home = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Organisations without a champion" in home
    # Nobody holds it now: stepping down again is refused, in words.
    again = client.post(f"/partnerships/{partnership.id}/champion/step-down",
                        query_string={"organisation": "North School"}, data={"left_on": "2027-03-05"})
    assert again.status_code == 400 and "No one holds the role now" in again.get_data(as_text=True)
    assert db.session.get(ChampionHolding, holding.id).ended_on == date(2027, 3, 1)


def test_stepping_down_before_the_champion_started_is_refused(client, partnership, today):
    holding = create_champion(partnership, "North School", started_on=date(2027, 2, 1))
    login(client)
    response = client.post(f"/partnerships/{partnership.id}/champion/step-down",
                           query_string={"organisation": "North School"}, data={"left_on": "2027-01-01"})
    assert response.status_code == 400 and "only took the role on February 1, 2027" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ChampionHolding, holding.id).ended_on is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "   "}, "Give the new champion's name."),
    ({"day": "2027-01-31"}, "only took the role on February 1, 2027"),
    ({"day": (TODAY + timedelta(days=400)).isoformat()}, "more than a year away"),
    ({"day": ""}, "Give the date they take the role on."),
    ({"day": "next tuesday"}, "Not a valid date value."),
    ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
])
def test_a_refused_handover_says_why_and_changes_nothing(client, partnership, today, fields, message):
    create_champion(partnership, "North School", name="Nadia Okafor", started_on=date(2027, 2, 1))
    login(client)
    response = hand_over(client, partnership, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert [(h.name, h.ended_on) for h in holdings(partnership.id)] == [("Nadia Okafor", None)]
    assert briefing_actions(partnership.id) == []


def test_an_unknown_organisation_is_a_404_with_a_sentence(client, partnership, today):
    login(client)
    status, page = page_of(client, partnership, "Nobody Ltd")
    assert status == 404 and "This partnership has no organisation of that name." in page
    assert hand_over(client, partnership, organisation="Nobody Ltd").status_code == 404
    assert client.post(f"/partnerships/{partnership.id}/champion/step-down",
                       data={"left_on": "2027-03-01"}).status_code == 404
    assert holdings(partnership.id) == [] and briefing_actions(partnership.id) == []


def test_another_facilitator_gets_404_and_changes_nothing(client, partnership, today):
    create_champion(partnership, "North School", name="Nadia Okafor")
    create_facilitator(email="stranger@example.org", name="Sam")
    login(client, email="stranger@example.org")
    assert page_of(client, partnership)[0] == 404
    assert hand_over(client, partnership).status_code == 404
    assert client.post(f"/partnerships/{partnership.id}/champion/step-down",
                       query_string={"organisation": "North School"}, data={"left_on": "2027-03-01"}).status_code == 404
    assert [(h.name, h.ended_on) for h in holdings(partnership.id)] == [("Nadia Okafor", None)]


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, partnership):
    response = client.get(f"/partnerships/{partnership.id}/champion", query_string={"organisation": "North School"})
    assert response.status_code == 302 and "/login" in response.location


def test_markup_long_and_right_to_left_names_are_shown_as_text(client, partnership, today):
    login(client)
    hostile = "<script>alert('x')</script>"
    long_name = "Ω" * 120
    assert hand_over(client, partnership, name=hostile, role="<b>boss</b>", note="<img src=x onerror=alert(1)>") \
        .status_code == 302
    assert hand_over(client, partnership, name=long_name, note="🙂 " * 1000).status_code == 302
    assert hand_over(client, partnership, organisation="City Clinic", name="مريم الحسن").status_code == 302
    _, page = page_of(client, partnership)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>boss</b>" not in page and "<img src=x" not in page and long_name in page
    home = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert long_name in home and '<span dir="auto">مريم الحسن</span>' in home
    brief = client.get(f"/partnerships/{partnership.id}/brief/docx", query_string={"organisation": "North School"})
    assert brief.status_code == 200 and long_name in docx_text(brief.data)
    assert client.get(f"/partnerships/{partnership.id}/brief/pdf",
                      query_string={"organisation": "City Clinic"}).status_code == 200


def test_the_page_in_french(client, partnership, today):
    create_champion(partnership, "North School", name="Nadia Okafor", started_on=date(2026, 11, 3))
    login(client)
    _, page = page_of(client, partnership, lang="fr")
    for words in ("Référent interne", "Passer le relais", "Historique", "depuis le 3 novembre 2026"):
        assert words in page, words
    home = client.get(f"/partnerships/{partnership.id}?lang=fr").get_data(as_text=True)
    assert "Référents" in home and "Organisations sans référent" in home


# -- the newcomer brief --------------------------------------------------------------------------

def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def handed_over(client, partnership, today):
    login(client)
    assert hand_over(client, partnership, name="Ann First", day="2026-09-01", note="Keys to the hall").status_code \
        == 302
    assert hand_over(client, partnership, name="Bo Second", day="2027-01-15", role="Youth lead",
                     contact="bo@north.example", note="The funder's contact and the March deadline").status_code == 302
    return partnership


def test_the_brief_page_names_the_champion_and_the_last_handover_note(client, handed_over):
    page = client.get(f"/partnerships/{handed_over.id}/brief",
                      query_string={"organisation": "North School"}).get_data(as_text=True)
    champion = page[page.index('id="part-champion"'):page.index('id="part-agreed"')]
    assert "Its internal champion" in champion
    assert "Bo Second (Youth lead), bo@north.example, since January 15, 2027" in champion
    assert "What was handed over to Bo Second" in champion and "the March deadline" in champion
    assert "Ann First" not in champion and "Keys to the hall" not in page
    # The briefing actions are the organisation's open actions, in its brief too.
    actions = page[page.index('id="part-actions"'):]
    assert "Brief Bo Second on the partnership" in actions and "(due January 29, 2027)" in actions
    other = client.get(f"/partnerships/{handed_over.id}/brief",
                       query_string={"organisation": "City Clinic"}).get_data(as_text=True)
    assert "None yet: the partnership" in other and "Bo Second" not in other and "March deadline" not in other


def test_the_brief_docx_names_the_champion(client, handed_over):
    response = client.get(f"/partnerships/{handed_over.id}/brief/docx", query_string={"organisation": "North School"})
    text = docx_text(response.data)
    assert "Its internal champion" in text
    assert "Bo Second (Youth lead), bo@north.example, since January 15, 2027" in text
    assert "What was handed over to Bo Second" in text and "the March deadline" in text


def test_the_brief_pdf_names_the_champion_in_french(client, handed_over):
    response = client.get(f"/partnerships/{handed_over.id}/brief/pdf",
                          query_string={"organisation": "North School", "lang": "fr"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    assert "Son référent interne" in text
    assert "Bo Second (Youth lead), bo@north.example, depuis le 15 janvier 2027" in text
    assert "Ce qui a été transmis à Bo Second" in text and "the March deadline" in text


def test_the_brief_docx_in_french_says_when_there_is_no_champion(client, handed_over):
    response = client.get(f"/partnerships/{handed_over.id}/brief/docx",
                          query_string={"organisation": "City Clinic", "lang": "fr"})
    assert "Aucun pour l'instant" in docx_text(response.data)


# -- personal data: deletion and retention --------------------------------------------------------

def test_deleting_the_partnership_deletes_its_champions(client, partnership):
    create_champion(partnership, "North School", name="Nadia Okafor")
    create_champion(partnership, "City Clinic", name="Chen Wu", ended_on=date(2026, 3, 1))
    kept = create_partnership(create_facilitator(email="other@example.org"), name="Kept")
    create_champion(kept, "North School", name="Kept Person")
    login(client)
    assert client.post(f"/partnerships/{partnership.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Partnership, partnership.id) is None
    assert [h.name for h in db.session.query(ChampionHolding).all()] == ["Kept Person"]


def test_purge_removes_past_champions_only(app, partnership):
    today = utcnow().date()
    create_champion(partnership, "North School", name="Long Gone", started_on=today - timedelta(days=400),
                    ended_on=today - timedelta(days=100))
    create_champion(partnership, "North School", name="Recently Left", started_on=today - timedelta(days=100),
                    ended_on=today - timedelta(days=10))
    create_champion(partnership, "North School", name="Holds It", started_on=today - timedelta(days=10),
                    handover_note="Old notes")
    create_champion(partnership, "City Clinic", name="Long Holder", started_on=today - timedelta(days=900))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge", "--older-than", "30", "--dry-run"])
    assert dry.exit_code == 0 and "Would remove 1 past internal champions" in dry.output
    assert len(holdings(partnership.id)) == 4
    result = runner.invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0 and "Removed 1 past internal champions whose role ended more than 30 days ago." \
        in result.output
    assert [h.name for h in holdings(partnership.id)] == ["Recently Left", "Holds It", "Long Holder"]
    assert "Removed 0 past internal champions" in runner.invoke(args=["purge", "--older-than", "30"]).output


# -- the plan file (JSON) ------------------------------------------------------------------------

def test_champions_round_trip_through_the_plan_file(app, partnership):
    from app.exports.formats import export_plan
    from app.exports.json_io import import_plan

    create_champion(partnership, "North School", name="Ann First", started_on=date(2026, 1, 5),
                    ended_on=date(2026, 9, 1), role="Head", contact="ann@north.example", handover_note="Keys")
    create_champion(partnership, "North School", name="Bo Second", started_on=date(2026, 9, 1),
                    handover_note="The funder's contact <b>now</b> 🙂")
    first = json.loads(export_plan(partnership, "json")[0])
    assert [(c["name"], c["started_on"], c["ended_on"]) for c in first["champions"]] == [
        ("Ann First", "2026-01-05", "2026-09-01"), ("Bo Second", "2026-09-01", None)]
    imported = import_plan(json.dumps(first), create_facilitator(email="other@example.org"))
    assert [(h.name, h.role, h.contact, h.started_on, h.ended_on, h.handover_note) for h in holdings(imported.id)] == [
        ("Ann First", "Head", "ann@north.example", date(2026, 1, 5), date(2026, 9, 1), "Keys"),
        ("Bo Second", "", "", date(2026, 9, 1), None, "The funder's contact <b>now</b> 🙂")]
    assert json.loads(export_plan(imported, "json")[0])["champions"] == first["champions"]


@pytest.mark.parametrize(("champion", "where"), [
    ({"organisation": "North School", "name": " ", "started_on": "2026-01-05"}, "champions → 0 → name"),
    ({"organisation": "North School", "name": "Ann", "started_on": "soon"}, "champions → 0 → started_on"),
    ({"organisation": "North School", "name": "Ann"}, "champions → 0"),
])
def test_a_plan_file_with_a_bad_champion_is_refused_and_saves_nothing(app, partnership, champion, where):
    from app.exports.formats import export_plan
    from app.exports.json_io import ImportFailed, import_plan

    data = json.loads(export_plan(partnership, "json")[0]) | {"champions": [champion]}
    before = db.session.query(Partnership).count()
    with pytest.raises(ImportFailed, match=where):
        import_plan(json.dumps(data), partnership.owner)
    assert db.session.query(Partnership).count() == before and db.session.query(ChampionHolding).count() == 0


def test_a_plan_file_without_champions_still_imports(app, partnership):
    from app.exports.formats import export_plan
    from app.exports.json_io import import_plan

    data = json.loads(export_plan(partnership, "json")[0])
    del data["champions"]
    assert holdings(import_plan(json.dumps(data), partnership.owner).id) == []
