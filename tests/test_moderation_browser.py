"""Moderation in real Chromium: a French phone's note waits for the facilitator (shown to its
author only, as waiting), the console's queue shows it with its author, Approve shares it, and
the phone then shows it as a normal note."""
from __future__ import annotations

import pytest

from tests.browser import LAPTOP, PHONE, launched, require_chromium, screenshot
from tests.live_server import LiveClient, running, seed_moderation_room

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
NOTE = "Un minibus pour les familles du quartier nord"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("moderation"))


@pytest.fixture(scope="module")
def world(server):
    return seed_moderation_room(server, EMAIL, PASSWORD, participant_language="fr", title="Atelier", moderated=True,
                                language="fr")


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def test_a_held_note_waits_on_the_phone_then_reaches_the_room_once_approved(chromium, server, world):
    other = LiveClient(server.url, world["workshop"], token=world["other"])
    phone_context = chromium.new_context(**PHONE)
    phone_context.add_cookies([{"name": f"cg_p{world['workshop']}", "value": world["token"], "url": server.url}])
    console_context = chromium.new_context(**LAPTOP)
    console_context.add_cookies([{"name": k, "value": v, "url": server.url}
                                 for k, v in (p.split("=", 1) for p in world["cookie"].split("; ") if "=" in p)])
    try:
        phone = phone_context.new_page()
        phone.goto(f"{server.url}/w/{world['workshop']}/me")
        phone.wait_for_selector("[data-save-state][data-state=saved]")
        phone.get_by_label("Votre idée").fill(NOTE)
        phone.get_by_role("button", name="Publier mon idée").click()
        waiting = phone.locator("[data-held-mine]")
        waiting.get_by_text(NOTE).wait_for()
        assert waiting.get_by_text("En attente de la personne qui anime").first.is_visible()
        screenshot(phone, "moderation-phone-waiting-fr")

        console = console_context.new_page()
        console.goto(f"{server.url}/w/{world['workshop']}/console?lang=en")
        queue = console.locator("[data-moderation]")
        item = queue.locator("[data-held]", has_text=NOTE)
        item.wait_for()
        assert "Amira" in item.inner_text()
        assert "1 contribution waiting for you" in queue.inner_text()
        # Nobody else has had a trace of it while it waited.
        assert NOTE not in str(other.raw)
        screenshot(console, "moderation-console-held")
        item.get_by_role("button", name="Approve", exact=True).click()
        queue.get_by_text("Nothing waiting.").wait_for()
        queue.locator("summary", has_text="Moderation log").click()
        queue.get_by_text("shared a contribution by Amira").wait_for()
        screenshot(console, "moderation-console-approved")

        # Shared: the author's phone shows it as a note of the room, no longer as waiting.
        phone.locator("section.step-ideas:not([hidden])").get_by_text(NOTE).first.wait_for()
        waiting.wait_for(state="hidden")
        other.wait(lambda c: any(n["text"] == NOTE for n in c.notes(world["step"]).values()))
        screenshot(phone, "moderation-phone-approved-fr")
    finally:
        other.close()
        phone_context.close()
        console_context.close()
