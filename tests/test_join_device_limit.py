"""The per-device join limit (issue 24): a workshop can allow only so many people to join from
one browser. "A device" is the ``cg_device`` cookie the join page sets; docs/joining.md says
what that can and cannot stop."""
import pytest

from app.extensions import db
from app.live.rooms import build_doc
from app.models import Participant, Workshop
from app.workshops import agenda
from tests.factories import create_facilitator, create_partnership, create_workshop, login

DEVICE_LIMIT = "This phone has already joined this workshop"


@pytest.fixture
def workshop(app):
    workshop = create_workshop(create_partnership(create_facilitator()), status="live")
    workshop.join_code = "HK7P2QXM"
    db.session.commit()
    return workshop


def join(client, name="Ana"):
    return client.post("/j/HK7P2QXM", data={"name": name, "organisation": "City Clinic", "sector": "Health"})


def join_again_as_someone_else(client, workshop, name):
    """The same browser, its participant cookie gone (the person left it behind): a new person."""
    client.delete_cookie(f"cg_p{workshop.id}")
    return join(client, name)


def people(workshop):
    db.session.expire_all()
    return db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop.id)).all()


def test_the_join_page_gives_the_browser_a_device_cookie_and_the_participant_its_digest(client, workshop):
    page = client.get("/j/HK7P2QXM")
    cookie = next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("cg_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    device = client.get_cookie("cg_device").value
    assert join(client).status_code == 302
    assert client.get_cookie("cg_device").value == device  # the form did not issue another one
    (ana,) = people(workshop)
    assert ana.device_hash and ana.device_hash != device and len(ana.device_hash) == 64


def test_without_a_limit_one_browser_may_join_as_several_people(client, workshop):
    assert join(client, "Ana").status_code == 302
    assert join_again_as_someone_else(client, workshop, "Bo").status_code == 302
    assert [p.name for p in people(workshop)] == ["Ana", "Bo"]


def test_with_one_per_device_the_second_join_is_refused_with_a_clear_page_and_nothing_saved(client, workshop):
    workshop.joins_per_device = 1
    db.session.commit()
    assert join(client, "Ana").status_code == 302
    client.delete_cookie(f"cg_p{workshop.id}")
    form = client.get("/j/HK7P2QXM")  # refused before the form, not after typing
    assert form.status_code == 403 and DEVICE_LIMIT.encode() in form.data
    assert b"1 person join from each phone" in form.data and b"/rejoin" in form.data
    refused = join(client, "Bo")
    assert refused.status_code == 403 and DEVICE_LIMIT.encode() in refused.data
    assert [p.name for p in people(workshop)] == ["Ana"]
    # Another phone (its own cookie) joins as usual.
    assert join(client.application.test_client(), "Cy").status_code == 302
    assert [p.name for p in people(workshop)] == ["Ana", "Cy"]


def test_the_limit_counts_people_per_device_and_removed_people_count_too(client, workshop):
    workshop.joins_per_device = 2
    db.session.commit()
    assert join(client, "Ana").status_code == 302
    ana = people(workshop)[0]
    ana.removed = True  # the facilitator removed a made-up person; the phone does not get them back
    db.session.commit()
    assert join_again_as_someone_else(client, workshop, "Bo").status_code == 302
    assert join_again_as_someone_else(client, workshop, "Cy").status_code == 403
    assert sorted(p.name for p in people(workshop)) == ["Ana", "Bo"]


def test_a_participant_whose_cookie_is_valid_still_gets_back_in(client, workshop):
    workshop.joins_per_device = 1
    db.session.commit()
    join(client, "Ana")
    back = client.get("/j/HK7P2QXM")
    assert back.status_code == 302 and back.location.endswith(f"/w/{workshop.id}/me")


def test_rejoining_moves_the_person_to_the_new_device(app, client, workshop):
    workshop.joins_per_device = 1
    db.session.commit()
    join(client, "Ana")
    ana = people(workshop)[0]
    old_device = ana.device_hash
    other = app.test_client()
    assert other.post("/rejoin", data={"code": "HK7P2QXM", "rejoin_code": ana.rejoin_code}).status_code == 302
    (ana,) = people(workshop)
    assert ana.device_hash not in (None, old_device)
    # The new device now counts Ana: it cannot also join as someone else.
    other.delete_cookie(f"cg_p{workshop.id}")
    assert join(other, "Bo").status_code == 403


def test_the_console_is_told_how_many_joins_the_limit_refused(client, workshop):
    workshop.joins_per_device = 1
    db.session.commit()
    assert build_doc(workshop, "facilitator")["presence"]["device_refused"] == 0
    join(client, "Ana")
    join_again_as_someone_else(client, workshop, "Bo")
    join(client, "Bo")
    assert build_doc(workshop, "facilitator")["presence"]["device_refused"] == 2
    assert "device_refused" not in build_doc(workshop, "screen")["presence"]  # never projected


def test_the_refusal_speaks_the_phones_language(client, workshop):
    workshop.joins_per_device = 1
    db.session.commit()
    join(client, "Ana")
    client.delete_cookie(f"cg_p{workshop.id}")
    page = client.get("/j/HK7P2QXM", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert page.status_code == 403
    assert "Ce téléphone a déjà rejoint cet atelier" in page.get_data(as_text=True)


@pytest.mark.parametrize("value, message", [
    ("0", "Use a number between 1 and 50, or leave it empty for no limit."),
    ("51", "Use a number between 1 and 50, or leave it empty for no limit."),
    ("two", "Not a valid integer value."),
])
def test_the_setting_refuses_bad_values_clearly_and_keeps_the_saved_one(client, workshop, value, message):
    workshop.joins_per_device = 3
    db.session.commit()
    login(client)
    response = client.post(f"/workshops/{workshop.id}/settings",
                           data={"title": "Kick-off", "language": "en", "joins_per_device": value})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.refresh(workshop)
    assert workshop.joins_per_device == 3


def test_the_setting_is_saved_shown_and_cleared(client, workshop):
    login(client)
    assert b'name="joins_per_device"' in client.get(f"/workshops/{workshop.id}/settings").data
    saved = client.post(f"/workshops/{workshop.id}/settings",
                        data={"title": "Kick-off", "language": "en", "late_join": "y", "joins_per_device": "1"})
    assert saved.status_code == 302
    db.session.refresh(workshop)
    assert workshop.joins_per_device == 1
    assert b"1 person per device" in client.get(f"/workshops/{workshop.id}").data
    client.post(f"/workshops/{workshop.id}/settings",
                data={"title": "Kick-off", "language": "en", "late_join": "y", "joins_per_device": ""})
    db.session.refresh(workshop)
    assert workshop.joins_per_device is None
    assert b"per device" not in client.get(f"/workshops/{workshop.id}").data


def test_a_duplicated_workshop_and_a_json_round_trip_keep_the_limit(app, workshop):
    from app.exports.json_io import import_plan, render
    from app.exports.model import plan_document

    workshop.joins_per_device = 2
    db.session.commit()
    copy = agenda.duplicate_workshop(workshop, "Again", "ABCDEFGH")
    db.session.commit()
    assert copy.joins_per_device == 2
    exported = render(plan_document(workshop.partnership))
    imported = import_plan(exported, workshop.partnership.owner)
    assert {w.joins_per_device for w in db.session.scalars(
        db.select(Workshop).filter_by(partnership_id=imported.id))} == {2}
