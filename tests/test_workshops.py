"""Workshops: creation, join codes, the agenda editor, settings, deletion and the QR code."""
import pytest
from flask import g

from app.extensions import db
from app.models import Action, Participant, Step, Workshop
from app.workshops import codes
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


@pytest.fixture
def partnership(app):
    return create_partnership(create_facilitator())


@pytest.fixture
def facilitator_client(client, partnership):
    login(client)
    return client


def make_workshop(client, partnership, title="Kick-off"):
    response = client.post(f"/partnerships/{partnership.id}/workshops/new", data={"title": title})
    assert response.status_code == 302
    return db.session.execute(db.select(Workshop).order_by(Workshop.id.desc())).scalars().first()


def add_action(workshop, step, n=1):
    db.session.add(Action(workshop_id=workshop.id, step_id=step.id, actor_key="p:1", op_id=f"op{n}",
                          type="add_note", payload={}, seq=n))
    db.session.commit()


def test_create_workshop(facilitator_client, partnership):
    workshop = make_workshop(facilitator_client, partnership, title="Spring planning")
    assert workshop.title == "Spring planning"
    assert workshop.partnership_id == partnership.id
    assert workshop.status == "draft"  # nobody can join until the facilitator opens it
    assert workshop.steps == []
    page = facilitator_client.get(f"/workshops/{workshop.id}").data
    assert workshop.join_code.encode() in page
    assert f"/w/{workshop.id}/console".encode() in page and f"/w/{workshop.id}/screen".encode() in page


def test_create_workshop_needs_title(facilitator_client, partnership):
    response = facilitator_client.post(f"/partnerships/{partnership.id}/workshops/new", data={"title": "  "})
    assert b"Give the workshop a title" in response.data
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_join_code_alphabet_and_length():
    assert len(set(codes.ALPHABET)) >= 31
    assert not set("01ILO") & set(codes.ALPHABET)
    for _ in range(200):
        code = codes.random_code(codes.JOIN_CODE_LENGTH)
        assert len(code) == 8 and set(code) <= set(codes.ALPHABET)


def test_join_codes_are_unique(facilitator_client, partnership):
    workshops = [make_workshop(facilitator_client, partnership, title=f"W{i}") for i in range(20)]
    join_codes = [w.join_code for w in workshops]
    assert len(set(join_codes)) == 20
    assert all(len(c) == 8 and set(c) <= set(codes.ALPHABET) for c in join_codes)


def test_join_code_retries_on_collision(app, partnership, monkeypatch):
    taken = create_workshop(partnership).join_code = "AAAAAAAA"
    db.session.commit()
    sequence = iter([taken, "BBBBBBBB"])
    monkeypatch.setattr(codes, "random_code", lambda length: next(sequence))
    assert codes.new_join_code() == "BBBBBBBB"


def test_normalize_code():
    assert codes.normalize_code(" hk7p-2qxm ") == "HK7P2QXM"
    assert codes.normalize_code("HK7P 2QXM") == "HK7P2QXM"
    assert codes.normalize_code("HK7P2QX") is None
    assert codes.normalize_code("HK7P2QX0") is None  # 0 is not in the alphabet
    assert codes.normalize_code(None) is None


def test_add_steps_from_enabled_exercises(facilitator_client, partnership, app):
    workshop = make_workshop(facilitator_client, partnership)
    exercise = app.extensions["exercises"]["ideas"]
    facilitator_client.post(f"/workshops/{workshop.id}/steps", data={"exercise": "ideas"})
    facilitator_client.post(f"/workshops/{workshop.id}/steps", data={"exercise": "ideas"})
    response = facilitator_client.post(f"/workshops/{workshop.id}/steps", data={"exercise": "not_a_plugin"},
                                       follow_redirects=True)
    assert b"Choose one of the exercises" in response.data
    db.session.refresh(workshop)
    assert [s.position for s in workshop.steps] == [0, 1]
    step = workshop.steps[0]
    assert step.exercise_key == "ideas" and step.title == exercise.title
    assert step.config == dict(exercise.config_form().data)
    assert step.state == exercise.initial_state(step.config)


def agenda_titles(workshop):
    db.session.expire_all()
    return [s.title for s in db.session.get(Workshop, workshop.id).steps]


def test_reorder_and_remove_steps(facilitator_client, partnership):
    workshop = create_workshop(partnership, steps=(("ideas", None),) * 3, status="draft")
    for step, title in zip(workshop.steps, "ABC", strict=True):
        step.title = title
    db.session.commit()
    a, b, c = workshop.steps
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{c.id}/move", data={"direction": "up"})
    assert agenda_titles(workshop) == ["A", "C", "B"]
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{a.id}/move", data={"direction": "down"})
    assert agenda_titles(workshop) == ["C", "A", "B"]
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{c.id}/move", data={"direction": "up"})  # at the top
    assert agenda_titles(workshop) == ["C", "A", "B"]
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{c.id}/move", data={"direction": "sideways"})
    assert agenda_titles(workshop) == ["C", "A", "B"]
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{a.id}/delete")
    assert agenda_titles(workshop) == ["C", "B"]
    assert [s.position for s in db.session.get(Workshop, workshop.id).steps] == [0, 1]


def test_remove_step_with_contributions_asks_first(facilitator_client, partnership):
    workshop = create_workshop(partnership, steps=(("ideas", None),) * 2)
    step = workshop.steps[0]
    add_action(workshop, step)
    response = facilitator_client.post(f"/workshops/{workshop.id}/steps/{step.id}/delete")
    assert response.status_code == 200 and b"Remove step and contributions" in response.data
    assert len(agenda_titles(workshop)) == 2
    facilitator_client.post(f"/workshops/{workshop.id}/steps/{step.id}/delete", data={"confirm": "yes"})
    assert len(agenda_titles(workshop)) == 1
    assert db.session.scalar(db.select(db.func.count(Action.id))) == 0
    assert db.session.get(Workshop, workshop.id).current_step_id is None


def test_step_id_of_another_workshop_is_404(facilitator_client, partnership):
    first = create_workshop(partnership, title="First")
    second = create_workshop(partnership, title="Second")
    url = f"/workshops/{first.id}/steps/{second.steps[0].id}"
    assert facilitator_client.get(url).status_code == 404
    assert facilitator_client.post(url + "/delete").status_code == 404


def test_edit_step_details(facilitator_client, partnership):
    workshop = create_workshop(partnership, status="draft")
    step = workshop.steps[0]
    url = f"/workshops/{workshop.id}/steps/{step.id}"
    facilitator_client.post(url, data={"title": "Big ideas", "notes": "Warm up first", "duration_minutes": "15"})
    db.session.refresh(step)
    assert (step.title, step.notes, step.duration_minutes) == ("Big ideas", "Warm up first", 15)
    response = facilitator_client.post(url, data={"title": "Big ideas", "duration_minutes": "-3"})
    assert b"between 1 and 480" in response.data
    db.session.refresh(step)
    assert step.duration_minutes == 15


def test_config_form_is_rendered_generically(facilitator_client, partnership, app):
    workshop = create_workshop(partnership, status="draft")
    step = workshop.steps[0]
    page = facilitator_client.get(f"/workshops/{workshop.id}/steps/{step.id}").data.decode()
    for field in app.extensions["exercises"]["ideas"].config_form():
        assert f'name="{field.name}"' in page
        assert str(field.label.text).replace("'", "&#39;") in page
    assert 'name="csrf_token"' in page


def test_edit_config_validates_and_resets_state(facilitator_client, partnership, app):
    workshop = create_workshop(partnership, status="draft")
    step = workshop.steps[0]
    exercise = app.extensions["exercises"]["ideas"]
    url = f"/workshops/{workshop.id}/steps/{step.id}/config"
    good = dict(exercise.config_form().data)
    good = {k: ("y" if v is True else "" if v is False else v) for k, v in good.items()}

    bad = dict(good, prompt="")
    response = facilitator_client.post(url, data=bad)
    assert response.status_code == 400
    assert b'class="errors"' in response.data  # the error is shown next to the field
    db.session.refresh(step)
    assert step.config["prompt"] == exercise.config_form().prompt.data

    response = facilitator_client.post(url, data=dict(good, prompt="What would help families most?"))
    assert response.status_code == 302
    db.session.refresh(step)
    assert step.config["prompt"] == "What would help families most?"
    assert step.state == exercise.initial_state(step.config)


def test_config_is_locked_once_there_are_contributions(facilitator_client, partnership, app):
    workshop = create_workshop(partnership)
    step = workshop.steps[0]
    before = (dict(step.config), dict(step.state))
    add_action(workshop, step)
    page = facilitator_client.get(f"/workshops/{workshop.id}/steps/{step.id}").data
    assert b"its configuration is locked" in page
    response = facilitator_client.post(f"/workshops/{workshop.id}/steps/{step.id}/config",
                                       data={"prompt": "Changed", "dots": "3", "notes_per_participant": "5",
                                             "max_length": "200"})
    assert response.status_code == 409
    assert b"This step already has contributions; its configuration is locked." in response.data
    db.session.refresh(step)
    assert (step.config, step.state) == before


def test_settings(facilitator_client, partnership):
    workshop = create_workshop(partnership)
    response = facilitator_client.post(f"/workshops/{workshop.id}/settings", data={
        "title": "Renamed", "anonymous": "y", "room_locked": "y", "language": "fr"})
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.title == "Renamed"
    assert workshop.anonymous and workshop.room_locked and not workshop.late_join
    assert workshop.language == "fr"
    response = facilitator_client.post(f"/workshops/{workshop.id}/settings", data={"title": "x", "language": "de"})
    assert response.status_code == 200 and b"Not a valid choice" in response.data
    db.session.refresh(workshop)
    assert workshop.language == "fr"


def test_delete_workshop_cascades(facilitator_client, partnership):
    workshop = create_workshop(partnership)
    keep = create_workshop(partnership, title="Keep me")
    participant, _ = create_participant(workshop)
    add_action(workshop, workshop.steps[0])
    workshop_id = workshop.id
    page = facilitator_client.get(f"/workshops/{workshop_id}/delete")
    assert b"1 participant" in page.data
    assert db.session.get(Workshop, workshop_id) is not None  # GET only asks
    response = facilitator_client.post(f"/workshops/{workshop_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, workshop_id) is None
    assert db.session.scalars(db.select(Participant)).all() == []
    assert db.session.scalars(db.select(Action)).all() == []
    assert db.session.scalars(db.select(Step).filter_by(workshop_id=workshop_id)).all() == []
    assert db.session.get(Workshop, keep.id) is not None


def test_qr_code_is_svg_of_short_link(facilitator_client, partnership, client):
    workshop = create_workshop(partnership)
    response = facilitator_client.get(f"/w/{workshop.id}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.lstrip().startswith(b"<svg")
    anonymous = client.application.test_client()
    # The fixture keeps one app context for the whole test, so Flask-Login's cached user in
    # ``g`` would leak into the next client's requests; forget it to act as a stranger.
    g.pop("_login_user", None)
    assert anonymous.get(f"/w/{workshop.id}/qr.svg").status_code == 302  # facilitators only


def test_every_post_form_carries_a_csrf_token(csrf_app):
    import re

    client = csrf_app.test_client()
    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, steps=(("ideas", None),) * 2, status="lobby")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"email": "facilitator@example.org", "password": "correct horse battery",
                                "csrf_token": token})
    step = workshop.steps[0]
    pages = ["/", f"/partnerships/{partnership.id}", f"/workshops/{workshop.id}",
             f"/workshops/{workshop.id}/steps/{step.id}", f"/workshops/{workshop.id}/settings",
             f"/workshops/{workshop.id}/delete", f"/j/{workshop.join_code}"]
    for url in pages:
        html = client.get(url, follow_redirects=True).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S)
        assert forms, url
        for form in forms:
            assert 'name="csrf_token"' in form, (url, form[:200])
    # The exercise's plain WTForms config form is protected by the hidden field too.
    html = client.get(f"/workshops/{workshop.id}/steps/{step.id}").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    url = f"/workshops/{workshop.id}/steps/{step.id}/config"
    refused = client.post(url, data={"prompt": "Changed?"})  # no token
    assert refused.status_code == 400 and "form has expired" in refused.text
    data = {"prompt": "Changed?", "dots": "3", "notes_per_participant": "5", "max_length": "200", "csrf_token": csrf}
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(step)
    assert step.config["prompt"] == "Changed?"
