"""Ideas & dot voting in French: pages, browser strings, refusals and plan texts."""

from flask_babel import force_locale

from app.exercises import DomainError
from app.exercises.contract import Action, Actor
from plugins.ideas import exercise
from tests.factories import login
from tests.i18n_helpers import boot_strings, french_participant_page, fresh_locale


def test_participant_page_and_console_render_in_french(app, client):
    workshop, page = french_participant_page(client, "ideas")
    assert "Publier mon idée" in page and "Mes idées" in page and "Votre idée" in page
    assert "Post my idea" not in page and ">My ideas<" not in page
    strings = boot_strings(page)
    assert strings["{n} dot"] == ["{n} gommette", "{n} gommettes"]
    assert strings["Nothing yet — your ideas will appear here."].startswith("Rien pour l'instant")
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Ajouter le groupe" in console and "Nom du groupe" in console and ">Add cluster<" not in console
    assert boot_strings(console)["Merge into…"] == "Fusionner dans…"


def test_refusals_and_plan_follow_the_language(app):
    state = exercise.initial_state({**dict(exercise.config_form().data), "dots": 1, "notes_per_participant": 1})
    pat = Actor("participant", "p:1", "Pat", "North School", "Education")
    state = exercise.apply(state, Action("add_note", {"text": "Shared referral form"}), pat)
    state = exercise.apply(state, Action("vote", {"note_id": "n1"}), pat)
    try:
        exercise.apply(state, Action("vote", {"note_id": "n1"}), pat)
    except DomainError as exc:
        error = exc
    with force_locale("fr"):
        assert error.message == "Vous avez placé votre gommette (1). Retirez-la pour la déplacer."
        assert exercise.plan(state, state["config"])[0]["text"] == "1 gommette"
        assert exercise.title == "Idées et vote par gommettes"
        assert exercise.partnership_defaults({})["prompt"].startswith("Que pourrait faire ce partenariat")
    assert error.message == "You have placed your 1 dot. Take it back to move it."
    assert exercise.plan(state, state["config"])[0]["text"] == "1 dot"
    assert exercise.title == "Ideas & dot voting"
