"""The Role assignment board's templates render inside the core pages for every audience."""
import json

from app.join.participants import cookie_name
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


def test_console_screen_and_participant_pages_render(app, client):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    workshop = create_workshop(partnership, steps=(("role_board", None),))
    login(client)
    console = client.get(f"/w/{workshop.id}/console").data.decode()
    assert 'data-action="edit_role"' in console and 'data-action="add_organisation"' in console
    assert "Lead / backbone coordination" in console  # role options rendered server-side
    screen = client.get(f"/w/{workshop.id}/screen").data.decode()
    assert 'data-region="flags"' in screen
    _, token = create_participant(workshop)
    client.set_cookie(cookie_name(workshop.id), token)
    page = client.get(f"/w/{workshop.id}/me").data.decode()
    assert 'data-action="nominate"' in page and "Data team" in page
    assert "style=" not in page and "<script>" not in page.split("</head>")[-1]


def fresh_locale():
    """The test's app context (and its ``g``) outlives each request: forget the locale chosen so far."""
    from flask import g
    from flask_babel import refresh

    g.pop("locale", None)
    refresh()


def test_participant_page_and_console_render_in_french(app, client):
    """A participant who reads French gets the board's own texts, and its JS strings, in French."""
    from app.extensions import db

    owner = create_facilitator()
    workshop = create_workshop(create_partnership(owner), steps=(("role_board", None),))
    participant, token = create_participant(workshop)
    participant.language = "fr"
    db.session.commit()
    client.set_cookie(cookie_name(workshop.id), token)
    fresh_locale()
    page = client.get(f"/w/{workshop.id}/me").data.decode()
    assert "Proposer une organisation" in page and "Vos propositions" in page
    assert ">Nominate an organisation</h3>" not in page and ">Your nominations<" not in page
    boot = json.loads(page.split('<script type="application/json" id="boot">')[1].split("</script>")[0])
    assert boot["lang"] == "fr"  # the board's browser strings travel in the boot data
    strings = boot["strings"]
    assert strings["No organisation has taken on {name} yet."] == "Aucune organisation n'a encore pris le rôle {name}."
    assert strings["{n} nomination"] == ["{n} proposition", "{n} propositions"]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Points d'attention" in console and "Enregistrer le rôle" in console and ">Save role<" not in console
