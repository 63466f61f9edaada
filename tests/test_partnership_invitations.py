"""Sharing a partnership by email reveals nothing about accounts (the owner's answer and page
are the same whether or not one exists, and never show a display name), and the invited
person becomes a co-facilitator only by accepting. The owner can delete a partnership, with
a confirmation; its workshops, participants and plan go with it."""
import pytest

from app.extensions import db
from app.models import Action, Invitation, Participant, Partnership, PlanItem, Workshop
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


@pytest.fixture
def owner(app):
    return create_facilitator()


@pytest.fixture
def partnership(owner):
    return create_partnership(owner)


def invite(client, partnership, email):
    return client.post(f"/partnerships/{partnership.id}/share", data={"email": email}, follow_redirects=True)


def without_email(page: bytes, email: str) -> bytes:
    return page.replace(email.encode(), b"EMAIL")


def test_the_owner_sees_the_same_answer_whether_or_not_an_account_exists(client, owner, partnership):
    create_facilitator(email="sam@example.org", name="Samira Display")
    login(client)
    known = invite(client, partnership, "sam@example.org")
    unknown = invite(client, partnership, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert b"Invitation saved for" in known.data
    assert b"Samira Display" not in known.data  # the account and its name exist (created above)
    flash = lambda page, email: without_email(page, email).split(b'class="flashes"')[1].split(b"</div>")[0]  # noqa: E731
    assert flash(known.data, "sam@example.org") == flash(unknown.data, "nobody@example.org")
    assert partnership.co_facilitators == []  # nobody is a co-facilitator before accepting


def test_the_invited_person_accepts_after_logging_in(client, owner, partnership):
    create_facilitator(email="sam@example.org", name="Sam")
    login(client)
    invite(client, partnership, "sam@example.org")
    sam = client.application.test_client()
    login(sam, email="sam@example.org")
    assert sam.get(f"/partnerships/{partnership.id}").status_code == 404  # not yet
    page = sam.get("/partnerships/").data
    assert b"invites you to co-facilitate" in page and b"Healthy Futures" in page
    [invitation] = db.session.scalars(db.select(Invitation)).all()
    response = sam.post(f"/partnerships/invitations/{invitation.id}/accept")
    assert response.status_code == 302
    db.session.expire_all()
    assert [f.email for f in db.session.get(Partnership, partnership.id).co_facilitators] == ["sam@example.org"]
    assert sam.get(f"/partnerships/{partnership.id}").status_code == 200
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_declining_leaves_no_access_and_others_cannot_answer(client, owner, partnership):
    create_facilitator(email="sam@example.org")
    create_facilitator(email="eve@example.org")
    login(client)
    invite(client, partnership, "sam@example.org")
    [invitation] = db.session.scalars(db.select(Invitation)).all()
    eve = client.application.test_client()
    login(eve, email="eve@example.org")
    assert eve.post(f"/partnerships/invitations/{invitation.id}/accept").status_code == 404
    sam = client.application.test_client()
    login(sam, email="sam@example.org")
    assert sam.post(f"/partnerships/invitations/{invitation.id}/decline").status_code == 302
    db.session.expire_all()
    assert db.session.get(Partnership, partnership.id).co_facilitators == []
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_someone_who_registers_later_finds_the_invitation(client, owner, partnership):
    login(client)
    invite(client, partnership, "newcomer@example.org")
    newcomer = client.application.test_client()
    newcomer.post("/register", data={"email": "newcomer@example.org", "name": "", "password": "a long password here",
                                     "confirm": "a long password here"})
    assert b"invites you to co-facilitate" in newcomer.get("/partnerships/").data


def test_the_owner_can_withdraw_an_invitation(client, owner, partnership):
    login(client)
    invite(client, partnership, "typo@example.org")
    assert b"typo@example.org" in client.get(f"/partnerships/{partnership.id}").data
    [invitation] = db.session.scalars(db.select(Invitation)).all()
    client.post(f"/partnerships/{partnership.id}/invitations/{invitation.id}/cancel")
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_the_owner_deletes_a_partnership_after_confirming(client, owner, partnership):
    workshop = create_workshop(partnership)
    create_participant(workshop)
    db.session.add(PlanItem(partnership_id=partnership.id, section="actions", title="Keep me?"))
    db.session.commit()
    login(client)
    confirm = client.get(f"/partnerships/{partnership.id}/delete")
    assert confirm.status_code == 200 and b"be undone" in confirm.data
    assert db.session.get(Partnership, partnership.id) is not None  # asking deletes nothing
    response = client.post(f"/partnerships/{partnership.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    for model in (Partnership, Workshop, Participant, PlanItem, Action):
        assert db.session.scalars(db.select(model)).all() == [], model


def test_only_the_owner_can_delete(client, owner, partnership):
    co = create_facilitator(email="co@example.org")
    partnership.co_facilitators.append(co)
    db.session.commit()
    login(client, email="co@example.org")
    assert client.post(f"/partnerships/{partnership.id}/delete").status_code == 403
    assert db.session.get(Partnership, partnership.id) is not None
