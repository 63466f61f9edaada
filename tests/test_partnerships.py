"""Partnerships: create, edit, list, share, and strict access control."""
import pytest

from app.extensions import db
from app.models import Partnership
from tests.factories import create_facilitator, create_partnership, create_workshop, login


@pytest.fixture
def owner(app):
    return create_facilitator()


@pytest.fixture
def stranger(app):
    return create_facilitator(email="stranger@example.org", name="Sam")


def login_as(client, email):
    return login(client, email=email)


def test_create_partnership_cleans_lists(client, owner):
    login(client)
    response = client.post("/partnerships/new", data={
        "name": "  Ready to Learn ", "purpose": "Kids ready for school",
        "sectors": "Health\n  health \n\nEducation\r\n  Local   government ",
        "organisations": "City Clinic\nNorth School\nCity Clinic",
    })
    assert response.status_code == 302
    partnership = db.session.execute(db.select(Partnership)).scalar_one()
    assert partnership.name == "Ready to Learn"
    assert partnership.sectors == ["Health", "Education", "Local government"]
    assert partnership.organisations == ["City Clinic", "North School"]
    assert partnership.owner_id == owner.id


@pytest.mark.parametrize("data, message", [
    ({"name": ""}, b"Give the partnership a name"),
    ({"name": "x" * 161}, b"160"),
    ({"name": "ok", "sectors": "s" * 61}, b"at most 60 characters"),
    ({"name": "ok", "organisations": "o" * 121}, b"at most 120 characters"),
    ({"name": "ok", "sectors": "\n".join(f"Sector {i}" for i in range(31))}, b"30 lines or fewer"),
])
def test_create_partnership_validation(client, owner, data, message):
    login(client)
    response = client.post("/partnerships/new", data=data)
    assert response.status_code == 200
    assert message in response.data
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 0


def test_edit_partnership(client, owner):
    partnership = create_partnership(owner)
    login(client)
    page = client.get(f"/partnerships/{partnership.id}/edit").data
    assert b"Education\nHealth" in page  # lists shown one per line
    client.post(f"/partnerships/{partnership.id}/edit", data={"name": "Renamed", "purpose": "",
                                                              "sectors": "Housing", "organisations": ""})
    db.session.refresh(partnership)
    assert partnership.name == "Renamed" and partnership.sectors == ["Housing"] and partnership.organisations == []


def test_list_shows_only_own_and_shared(client, owner, stranger):
    mine = create_partnership(owner, name="Mine")
    theirs = create_partnership(stranger, name="Theirs")
    shared = create_partnership(stranger, name="Shared with me")
    shared.co_facilitators.append(owner)
    db.session.commit()
    login(client)
    page = client.get("/partnerships/").data
    assert b"Mine" in page and b"Shared with me" in page
    assert b"Theirs" not in page
    assert client.get(f"/partnerships/{shared.id}").status_code == 200
    assert client.get(f"/partnerships/{theirs.id}").status_code == 404
    assert client.get(f"/partnerships/{mine.id}").status_code == 200


def test_detail_lists_workshops(client, owner):
    partnership = create_partnership(owner)
    create_workshop(partnership, title="Spring kick-off")
    login(client)
    page = client.get(f"/partnerships/{partnership.id}").data
    assert b"Spring kick-off" in page


def test_other_facilitator_gets_404_everywhere(client, owner, stranger):
    partnership = create_partnership(owner)
    workshop = create_workshop(partnership)
    step = workshop.steps[0]
    login_as(client, "stranger@example.org")
    p, w, s = partnership.id, workshop.id, step.id
    gets = [f"/partnerships/{p}", f"/partnerships/{p}/edit", f"/partnerships/{p}/workshops/new",
            f"/workshops/{w}", f"/workshops/{w}/settings", f"/workshops/{w}/delete", f"/workshops/{w}/steps/{s}",
            f"/w/{w}/qr.svg"]
    posts = [f"/partnerships/{p}/edit", f"/partnerships/{p}/share", f"/partnerships/{p}/share/{owner.id}/remove",
             f"/partnerships/{p}/workshops/new", f"/workshops/{w}/settings", f"/workshops/{w}/delete",
             f"/workshops/{w}/steps", f"/workshops/{w}/steps/{s}", f"/workshops/{w}/steps/{s}/config",
             f"/workshops/{w}/steps/{s}/move", f"/workshops/{w}/steps/{s}/delete"]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"We couldn&#39;t find that page" in response.data, url
    for url in posts:
        assert client.post(url, data={"name": "Hijacked", "title": "Hijacked", "email": "stranger@example.org",
                                      "exercise": "ideas", "direction": "up"}).status_code == 404, url
    db.session.expire_all()
    assert db.session.get(Partnership, p).name == "Healthy Futures"
    assert db.session.get(Partnership, p).co_facilitators == []
    assert len(workshop.steps) == 1


def test_logged_out_visitor_is_sent_to_login(client, owner):
    partnership = create_partnership(owner)
    response = client.get(f"/partnerships/{partnership.id}")
    assert response.status_code == 302 and "/login" in response.location


# Sharing by invitation: tests/test_partnership_invitations.py


def test_owner_removes_co_facilitator_and_access_ends(client, owner, stranger):
    partnership = create_partnership(owner)
    partnership.co_facilitators.append(stranger)
    db.session.commit()
    login(client)
    client.post(f"/partnerships/{partnership.id}/share/{stranger.id}/remove")
    db.session.expire_all()
    assert db.session.get(Partnership, partnership.id).co_facilitators == []
    other = client.application.test_client()
    login_as(other, "stranger@example.org")
    assert other.get(f"/partnerships/{partnership.id}").status_code == 404


def test_co_facilitator_cannot_change_sharing(client, owner, stranger):
    partnership = create_partnership(owner)
    partnership.co_facilitators.append(stranger)
    db.session.commit()
    login_as(client, "stranger@example.org")
    response = client.post(f"/partnerships/{partnership.id}/share/{stranger.id}/remove")
    assert response.status_code == 403
    assert b"You can&#39;t do that here" in response.data


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"We couldn&#39;t find that page" in response.data
    assert b"Traceback" not in response.data


def test_pages_obey_the_content_security_policy(client, owner):
    """No inline styles or script bodies: the CSP header would block them in the browser."""
    import re

    partnership = create_partnership(owner)
    workshop = create_workshop(partnership, status="lobby")
    urls = ["/", "/login", "/register", "/rejoin", f"/j/{workshop.join_code}", "/j/ZZZZZZZZ"]
    login(client)
    urls += ["/account", "/partnerships/", "/partnerships/new", f"/partnerships/{partnership.id}",
             f"/partnerships/{partnership.id}/edit", f"/partnerships/{partnership.id}/workshops/new",
             f"/workshops/{workshop.id}", f"/workshops/{workshop.id}/settings", f"/workshops/{workshop.id}/delete",
             f"/workshops/{workshop.id}/steps/{workshop.steps[0].id}", "/missing"]
    for url in urls:
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert "Content-Security-Policy" in response.headers, url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>\s*\S", html), url
