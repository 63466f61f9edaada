"""Agenda templates: the built-in ones that teach the method, saving an agenda, sharing, reuse."""
import os
import re
from pathlib import Path

import pytest
from flask import g

from app.agenda_templates import library
from app.agenda_templates.builtin import BUILTIN_TEMPLATES, KICKOFF
from app.exercises.registry import default_config
from app.exercises.validation import validate
from app.extensions import db
from app.models import AgendaTemplate, Workshop
from app.workshops.agenda import starting_config
from tests import seed_shingles
from tests.factories import create_facilitator, create_partnership, login

BUILTIN_STEPS = [(key, index) for key, t in BUILTIN_TEMPLATES.items() for index in range(len(t["steps"]))]
SEEDS = Path(os.environ.get("COMMON_GROUND_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))


@pytest.fixture(autouse=True)
def fresh_user_per_request(app):
    """Tests here switch between facilitators' clients; the test's app context keeps ``g`` alive
    across requests, so drop the cached user and let each request load its own."""
    @app.before_request
    def forget_user():
        g.pop("_login_user", None)


@pytest.fixture
def owner(app):
    return create_facilitator()


@pytest.fixture
def partnership(owner):
    return create_partnership(owner)


@pytest.fixture
def owner_client(client, partnership):
    login(client)
    return client


def create(client, partnership, template="blank", title="Kick-off"):
    return client.post(f"/partnerships/{partnership.id}/workshops/new", data={"title": title, "template": template})


def newest_workshop():
    return db.session.execute(db.select(Workshop).order_by(Workshop.id.desc())).scalars().first()


def as_client(app, email):
    client = app.test_client()
    login(client, email=email)
    return client


# -- the built-in templates as data -----------------------------------------------------------


@pytest.mark.parametrize(("key", "index"), BUILTIN_STEPS)
def test_builtin_overrides_validate_with_the_exercise_form(app, key, index):
    step = BUILTIN_TEMPLATES[key]["steps"][index]
    exercise = app.extensions["exercises"][step["exercise_key"]]
    assert set(step["config"]) <= set(default_config(exercise)), "only keys the config form has"
    data, errors = validate(exercise.config_form, {**default_config(exercise), **step["config"]})
    assert errors is None, errors
    assert {k: data[k] for k in step["config"]} == step["config"]


@pytest.mark.parametrize(("key", "index"), BUILTIN_STEPS)
def test_builtin_steps_have_notes_a_title_and_a_duration(key, index):
    step = BUILTIN_TEMPLATES[key]["steps"][index]
    assert 60 <= len(step["notes"].split()) <= 150
    assert step["title"] and len(step["title"]) <= 160
    assert isinstance(step["duration_minutes"], int) and 1 <= step["duration_minutes"] <= 480


def test_the_kickoff_follows_the_method():
    assert [s["exercise_key"] for s in KICKOFF["steps"]] == [
        "alignment_mapper", "policy_window", "reframing", "role_board", "ideas"]
    assert "missing" in KICKOFF["steps"][-1]["config"]["prompt"]  # the plan review


def builtin_texts():
    for template in BUILTIN_TEMPLATES.values():
        yield template["name"]
        yield template["summary"]
        for step in template["steps"]:
            yield step["title"]
            yield step["notes"]
            yield from (v for v in step["config"].values() if isinstance(v, str))


def test_no_builtin_text_copies_a_12_word_run_of_the_seeds():
    seeds = seed_shingles.stored()
    assert len(seeds) > 1000  # the fingerprints are really there
    for text in builtin_texts():
        copied = seed_shingles.fingerprints(text) & seeds
        assert not copied, f"copied from the seeds: {text[:80]}…"


def test_the_copy_check_catches_a_copied_sentence():
    sentence = ("Relationships are built over regular interaction or contact. The time spent on a phone call, "
                "coffee meetings, asking or responding to a question")
    assert seed_shingles.fingerprints("Why: " + sentence) & seed_shingles.stored()
    assert not seed_shingles.fingerprints(" ".join(sentence.split()[:11])) & seed_shingles.stored()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder is not next to this checkout")
def test_stored_fingerprints_match_the_seeds():
    assert seed_shingles.seeds_fingerprints(SEEDS) == seed_shingles.stored()


# -- creating a workshop from a template ------------------------------------------------------


@pytest.mark.parametrize("key", list(BUILTIN_TEMPLATES))
def test_create_workshop_from_each_builtin_template(app, owner_client, partnership, key):
    template = BUILTIN_TEMPLATES[key]
    response = create(owner_client, partnership, f"builtin:{key}")
    assert response.status_code == 302
    workshop = newest_workshop()
    assert [s.exercise_key for s in workshop.steps] == [s["exercise_key"] for s in template["steps"]]
    assert [s.position for s in workshop.steps] == list(range(len(template["steps"])))
    for step, source in zip(workshop.steps, template["steps"], strict=True):
        exercise = app.extensions["exercises"][step.exercise_key]
        assert (step.title, step.notes, step.duration_minutes) == (
            source["title"], source["notes"], source["duration_minutes"])
        assert step.config == {**starting_config(exercise, partnership), **source["config"]}
        assert step.state == exercise.initial_state(step.config)
    page = owner_client.get(f"/workshops/{workshop.id}", follow_redirects=True).get_data(as_text=True)
    assert "from “" + template["name"] + "”" in page.replace("&#34;", '"')
    # The facilitator notes are on the agenda editor in full.
    assert template["steps"][0]["notes"].split("\n")[-1].replace("'", "&#39;") in page


def test_partnership_values_come_through_and_overrides_win(owner_client, partnership):
    create(owner_client, partnership, "builtin:kickoff")
    steps = {s.exercise_key: s for s in newest_workshop().steps}
    assert steps["alignment_mapper"].config["purpose"] == partnership.purpose
    assert steps["role_board"].config["organisations"].splitlines() == partnership.organisations
    assert steps["alignment_mapper"].config["cards_per_participant"] == 4
    assert steps["ideas"].config["prompt"] == KICKOFF["steps"][-1]["config"]["prompt"]


def test_new_workshop_page_offers_blank_and_the_templates(owner_client, partnership):
    page = owner_client.get(f"/partnerships/{partnership.id}/workshops/new").get_data(as_text=True)
    assert 'value="blank" checked' in page
    for key, template in BUILTIN_TEMPLATES.items():
        assert f'value="builtin:{key}"' in page and template["name"] in page
        for step in template["steps"]:
            assert step["title"].replace("'", "&#39;") in page
    chosen = owner_client.get(f"/partnerships/{partnership.id}/workshops/new?template=builtin:check_in")
    assert 'value="builtin:check_in"\n           checked' in chosen.get_data(as_text=True)


def test_blank_is_still_the_default(owner_client, partnership):
    owner_client.post(f"/partnerships/{partnership.id}/workshops/new", data={"title": "Plain"})
    assert newest_workshop().steps == []


def test_a_step_whose_exercise_is_off_is_left_out_and_said(app, owner_client, partnership):
    app.extensions["exercises"] = {k: v for k, v in app.extensions["exercises"].items() if k != "reframing"}
    page = owner_client.get(f"/partnerships/{partnership.id}/workshops/new").get_data(as_text=True)
    assert "not enabled on this server, will be left out" in page
    response = create(owner_client, partnership, "builtin:kickoff")
    workshop = newest_workshop()
    assert "reframing" not in [s.exercise_key for s in workshop.steps] and len(workshop.steps) == 4
    page = owner_client.get(response.location).get_data(as_text=True)
    assert "Left out because their exercise isn" in page and "Our issue in each partner" in page


@pytest.mark.parametrize("choice", ["builtin:nope", "saved:999", "saved:abc", "other:1"])
def test_unknown_template_is_a_404(owner_client, partnership, choice):
    assert create(owner_client, partnership, choice).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


def test_title_is_still_required(owner_client, partnership):
    response = create(owner_client, partnership, "builtin:kickoff", title=" ")
    assert b"Give the workshop a title" in response.data
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 0


# -- saving an agenda and reusing it -----------------------------------------------------------


def save(client, workshop, name="Our kick-off", description="", shared=False):
    data = {"name": name, "description": description}
    if shared:
        data["shared"] = "y"
    return client.post(f"/workshops/{workshop.id}/save-as-template", data=data)


def customised_workshop(client, partnership):
    create(client, partnership, "builtin:kickoff")
    workshop = newest_workshop()
    review = workshop.steps[-1]
    client.post(f"/workshops/{workshop.id}/steps/{review.id}",
                data={"title": "Gaps", "notes": "Our own note.", "duration_minutes": "12"})
    config = {**review.config, "prompt": "What is still missing?", "dots": "5"}
    config = {k: v for k, v in config.items() if v is not False}  # unticked boxes are absent from a post
    assert client.post(f"/workshops/{workshop.id}/steps/{review.id}/config", data=config).status_code == 302
    return workshop


def test_save_agenda_as_template_and_reuse_it(owner_client, partnership, owner):
    source = customised_workshop(owner_client, partnership)
    response = save(owner_client, source, name="Our kick-off", description="Half a day.")
    assert response.status_code == 302
    template = db.session.execute(db.select(AgendaTemplate)).scalar_one()
    assert (template.name, template.description, template.owner_id, template.shared) == (
        "Our kick-off", "Half a day.", owner.id, False)
    last = template.steps[-1]
    assert last["title"] == "Gaps" and last["notes"] == "Our own note." and last["duration_minutes"] == 12
    assert last["config"] == {"prompt": "What is still missing?", "dots": 5, "categories": KICKOFF["steps"][-1]
                              ["config"]["categories"], "notes_per_participant": 5}
    # Values the partnership filled in, and dated ones, aren't carried: the next partnership fills its own.
    assert "purpose" not in template.steps[0]["config"]
    assert "horizon_start" not in template.steps[1]["config"]

    assert create(owner_client, partnership, f"saved:{template.id}", title="Again").status_code == 302
    copy = newest_workshop()
    assert copy.id != source.id
    assert [(s.exercise_key, s.title, s.notes, s.duration_minutes, s.config) for s in copy.steps] == [
        (s.exercise_key, s.title, s.notes, s.duration_minutes, s.config) for s in source.steps]

    other = create_partnership(owner, name="Second", purpose="Young people stay in school and in a home.")
    create(owner_client, other, f"saved:{template.id}")
    assert newest_workshop().steps[0].config["purpose"] == "Young people stay in school and in a home."


def test_saved_config_that_no_longer_validates_falls_back_to_defaults(app, owner_client, partnership, owner):
    template = AgendaTemplate(owner_id=owner.id, name="Old", steps=[
        {"exercise_key": "ideas", "title": "Vote", "notes": "n", "duration_minutes": 5,
         "config": {"dots": 999, "gone_field": 1}},
        {"exercise_key": "retired_exercise", "title": "Gone", "notes": "", "duration_minutes": None, "config": {}},
    ])
    db.session.add(template)
    db.session.commit()
    response = create(owner_client, partnership, f"saved:{template.id}")
    step = newest_workshop().steps[0]
    assert len(newest_workshop().steps) == 1
    assert step.config == starting_config(app.extensions["exercises"]["ideas"], partnership)
    assert (step.title, step.notes, step.duration_minutes) == ("Vote", "n", 5)
    page = owner_client.get(response.location).get_data(as_text=True)
    assert "start from its defaults: Vote" in page and "Left out" in page and "Gone" in page


def test_save_needs_steps_and_a_good_name(owner_client, partnership):
    create(owner_client, partnership)
    empty = newest_workshop()
    response = save(owner_client, empty)
    assert response.status_code == 302 and response.location.endswith(f"/workshops/{empty.id}#agenda")
    source = customised_workshop(owner_client, partnership)
    form = owner_client.get(f"/workshops/{source.id}/save-as-template").get_data(as_text=True)
    assert f'value="{source.title}"' in form  # the name starts as the workshop's title
    assert b"Give the template a name" in save(owner_client, source, name="   ").data
    assert b"120 characters" in save(owner_client, source, name="x" * 121).data
    assert b"500 characters" in save(owner_client, source, description="y" * 501).data
    assert db.session.scalar(db.select(db.func.count(AgendaTemplate.id))) == 0


def test_names_are_escaped_everywhere(owner_client, partnership):
    source = customised_workshop(owner_client, partnership)
    save(owner_client, source, name="<script>alert(1)</script>", description="<b>bold</b>")
    for url in ("/agenda-templates", f"/partnerships/{partnership.id}/workshops/new"):
        page = owner_client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>bold</b>" not in page


def test_pages_need_a_login(client, partnership):
    for url in ("/agenda-templates", "/workshops/1/save-as-template"):
        assert "/login" in client.get(url).location


# -- sharing and deleting ----------------------------------------------------------------------


@pytest.fixture
def people(app, owner, partnership):
    """The owner's partnership is co-facilitated by Cole; Sam facilitates a partnership of their own."""
    cole = create_facilitator(email="cole@example.org", name="Cole")
    sam = create_facilitator(email="sam@example.org", name="Sam")
    partnership.co_facilitators.append(cole)
    db.session.commit()
    return {"cole": cole, "sam": sam, "sams_partnership": create_partnership(sam, name="Sam's")}


def saved_template(client, partnership, name, shared):
    source = customised_workshop(client, partnership)
    save(client, source, name=name, shared=shared)
    return db.session.execute(db.select(AgendaTemplate).filter_by(name=name)).scalar_one()


def test_a_shared_template_reaches_co_facilitators_only(app, owner_client, partnership, people):
    shared = saved_template(owner_client, partnership, "Shared one", shared=True)
    private = saved_template(owner_client, partnership, "Private one", shared=False)
    cole, sam = as_client(app, "cole@example.org"), as_client(app, "sam@example.org")

    page = cole.get(f"/partnerships/{partnership.id}/workshops/new").get_data(as_text=True)
    assert "Shared one" in page and "shared by Fran" in page and "Private one" not in page
    assert "Shared one" in cole.get("/agenda-templates").get_data(as_text=True)
    assert create(cole, partnership, f"saved:{shared.id}", title="Cole's").status_code == 302
    assert newest_workshop().title == "Cole's" and len(newest_workshop().steps) == 5
    assert create(cole, partnership, f"saved:{private.id}").status_code == 404

    sams = people["sams_partnership"]
    page = sam.get(f"/partnerships/{sams.id}/workshops/new").get_data(as_text=True)
    assert "Shared one" not in page and "Private one" not in page
    assert "Shared one" not in sam.get("/agenda-templates").get_data(as_text=True)
    assert create(sam, sams, f"saved:{shared.id}").status_code == 404
    assert create(sam, sams, f"saved:{private.id}").status_code == 404

    assert AgendaTemplate.visible_to(people["cole"]) is not None
    assert shared.can_use(people["cole"]) and not shared.can_use(people["sam"])
    partnership.co_facilitators.remove(people["cole"])  # sharing follows the partnerships
    db.session.commit()
    assert not shared.can_use(people["cole"])


def test_owner_deletes_others_cannot(app, owner_client, partnership, people):
    template = saved_template(owner_client, partnership, "To delete", shared=True)
    create(owner_client, partnership, f"saved:{template.id}", title="Made from it")
    made = newest_workshop()
    cole = as_client(app, "cole@example.org")
    assert cole.post(f"/agenda-templates/{template.id}/delete").status_code == 404
    assert db.session.get(AgendaTemplate, template.id) is not None
    response = owner_client.post(f"/agenda-templates/{template.id}/delete", follow_redirects=True)
    assert "Deleted the template" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaTemplate, template.id) is None
    assert len(db.session.get(Workshop, made.id).steps) == 5  # workshops keep their steps
    assert owner_client.post(f"/agenda-templates/{template.id}/delete").status_code == 404
    assert create(owner_client, partnership, f"saved:{template.id}").status_code == 404


def test_library_resolve_blank(owner):
    assert library.resolve("blank", owner) is None and library.resolve("", owner) is None


def test_index_lists_own_templates_with_delete(owner_client, partnership):
    template = saved_template(owner_client, partnership, "Mine", shared=False)
    page = owner_client.get("/agenda-templates").get_data(as_text=True)
    assert "Mine" in page and f"/agenda-templates/{template.id}/delete" in page and "only you" in page
    assert re.search(r"Cross-sector partnership kick-off", page)


# -- a template's texts in each reader's language ------------------------------------------------


def _french(text: str) -> str:
    from flask_babel import force_locale, gettext

    with force_locale("fr"):
        return gettext(text)


def _page_text(page: str) -> str:
    import html

    return " ".join(html.unescape(page).split())


def test_an_english_built_template_reads_french_for_a_french_facilitator(app, owner_client, partnership):
    create(owner_client, partnership, "builtin:kickoff", title="Kick-off")
    workshop = newest_workshop()
    assert workshop.steps[0].title == KICKOFF["steps"][0]["title"]  # precondition: stored in English
    page = _page_text(owner_client.get(f"/workshops/{workshop.id}?lang=fr").get_data(as_text=True))
    for source in KICKOFF["steps"]:
        french = _french(source["title"])
        assert french != source["title"] and french in page
        assert source["title"] not in page
        last_note = source["notes"].split("\n")[-1]
        assert " ".join(_french(source["notes"]).split("\n")[-1].split()) in page and last_note not in page


def test_a_french_participant_reads_the_templates_step_titles_in_french(app, client, owner_client, partnership):
    from app.live.identity import participant_cookie
    from tests.factories import create_participant

    create(owner_client, partnership, "builtin:kickoff", title="Kick-off")
    workshop = newest_workshop()
    workshop.status = "live"
    workshop.current_step_id = workshop.room_step_id = workshop.steps[0].id
    participant, token = create_participant(workshop, name="Amélie")
    participant.language = "fr"
    db.session.commit()
    reader = app.test_client()
    reader.set_cookie(participant_cookie(workshop.id), token)
    page = _page_text(reader.get(f"/w/{workshop.id}/me").get_data(as_text=True))
    title = KICKOFF["steps"][0]["title"]
    assert _french(title) in page
    assert f">{title}<" not in page


def test_a_step_title_the_facilitator_wrote_stays_as_written(app, owner_client, partnership):
    create(owner_client, partnership, "builtin:kickoff", title="Kick-off")
    workshop = newest_workshop()
    workshop.steps[0].title = "Where our goals meet, Leeds edition"
    db.session.commit()
    page = _page_text(owner_client.get(f"/workshops/{workshop.id}?lang=fr").get_data(as_text=True))
    assert "Where our goals meet, Leeds edition" in page
