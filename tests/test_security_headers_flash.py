"""HSTS when the site says it is served over HTTPS, and facilitator messages kept off the
projected room screen (they wait for the facilitator's next page)."""
from tests.factories import create_facilitator, create_partnership, create_workshop, login


def test_hsts_only_with_secure_cookies(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True  # what SECURE_COOKIES=1 sets
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_flash_messages_wait_for_the_console_not_the_room_screen(client):
    facilitator = create_facilitator()
    workshop = create_workshop(create_partnership(facilitator))
    login(client)
    created = client.post("/partnerships/new", data={"name": "Second partnership", "purpose": "",
                                                     "sectors": "Health", "organisations": ""})
    assert created.status_code == 302  # the flash is now waiting in the session
    screen = client.get(f"/w/{workshop.id}/screen")
    assert screen.status_code == 200 and b"Partnership created" not in screen.data
    assert b'class="flashes"' not in screen.data
    console = client.get(f"/w/{workshop.id}/console")
    assert b"Partnership created" in console.data
