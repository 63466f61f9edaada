"""The offensive-language filter on the console, in real Chromium: in an unmoderated workshop set
to "hold" the note waits in the queue marked with the words found, and Approve shares it; in one
set to "flag" the note reaches the room and the panel lists it with its author's Mute button."""
from __future__ import annotations

import pytest

from app.extensions import db
from tests.browser import LAPTOP, launched, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, running, seed_app

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
RUDE = "The depot is shit after dark"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("language-filter"))


@pytest.fixture(scope="module")
def world(server):
    app = seed_app(server.db_url)
    ids = {}
    with app.app_context():
        partnership = create_partnership(create_facilitator(EMAIL, PASSWORD))
        for mode in ("hold", "flag"):
            workshop = create_workshop(partnership, title=f"Youth forum ({mode})", language_filter=mode)
            _, token = create_participant(workshop, name="Amira")
            _, other_token = create_participant(workshop, name="Ben")
            db.session.commit()
            ids[mode] = {"workshop": workshop.id, "step": workshop.steps[0].id, "token": token, "other": other_token}
        db.session.remove()
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def _console(chromium, server, world, mode):
    context = chromium.new_context(**LAPTOP)
    context.add_cookies([{"name": k, "value": v, "url": server.url}
                         for k, v in (p.split("=", 1) for p in world["cookie"].split("; ") if "=" in p)])
    page = context.new_page()
    page.goto(f"{server.url}/w/{world[mode]['workshop']}/console?lang=en")
    return context, page


def test_a_held_note_is_marked_with_its_words_and_shared_once_approved(chromium, server, world):
    ids = world["hold"]
    author = LiveClient(server.url, ids["workshop"], token=ids["token"])
    other = LiveClient(server.url, ids["workshop"], token=ids["other"])
    context, console = _console(chromium, server, world, "hold")
    try:
        assert author.act(ids["step"], "add_note", {"text": RUDE})["held"] is True
        item = console.locator("[data-moderation] [data-held]", has_text=RUDE)
        item.wait_for()
        assert "Held by the language filter: shit" in item.inner_text()
        assert RUDE not in str(other.raw)
        screenshot(console, "language-filter-console-held")
        item.get_by_role("button", name="Approve", exact=True).click()
        console.locator("[data-moderation]").get_by_text("Nothing waiting.").wait_for()
        other.wait(lambda c: any(n["text"] == RUDE for n in c.notes(ids["step"]).values()))
    finally:
        author.close()
        other.close()
        context.close()


def test_a_flagged_note_reaches_the_room_and_is_listed_with_a_mute_button(chromium, server, world):
    ids = world["flag"]
    author = LiveClient(server.url, ids["workshop"], token=ids["token"])
    other = LiveClient(server.url, ids["workshop"], token=ids["other"])
    context, console = _console(chromium, server, world, "flag")
    try:
        flags = console.locator("[data-flagged]")
        flags.get_by_text("Nothing flagged.").wait_for()
        assert author.act(ids["step"], "add_note", {"text": RUDE})["ok"] is True
        other.wait(lambda c: any(n["text"] == RUDE for n in c.notes(ids["step"]).values()))
        item = flags.locator("[data-flagged-item]", has_text=RUDE)
        item.wait_for()
        assert "Amira" in item.inner_text() and "Words found: shit" in item.inner_text()
        screenshot(console, "language-filter-console-flagged")
        item.get_by_role("button", name="Mute Amira").click()
        flags.get_by_role("button", name="Unmute Amira").wait_for()
        assert author.act(ids["step"], "add_note", {"text": "Again"})["code"] == "muted"
    finally:
        author.close()
        other.close()
        context.close()
