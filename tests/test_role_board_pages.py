"""The Role assignment board's templates render inside the core pages for every audience."""
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
