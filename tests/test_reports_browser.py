"""Reports in real Chromium (issue 23): a 360×740 phone in French reports another participant's
note through the confirm sheet; the 1280×800 console's moderation panel shows the report with
its author and reason and hides the note; the note leaves every phone; both pages stay
axe-clean, the sheet's targets large."""
from __future__ import annotations

import pytest

from tests.browser import LAPTOP, PHONE, launched, require_chromium, screenshot
from tests.live_server import LiveClient, running, seed_moderation_room
from tests.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
NOTE = "Le fils de la voisine du 12 rue des Lilas est nul"
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def world(server):
    return seed_moderation_room(server, EMAIL, PASSWORD, participant_language="fr", title="Forum jeunesse",
                                language="fr")


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def small_targets(page, selector) -> list[str]:
    """The controls under ``selector`` less than 44 px tall."""
    return page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector))
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} ${(el.textContent || el.name || '').trim().slice(0, 30)}`)""", selector)


def test_a_french_phone_reports_a_note_and_the_console_hides_it(chromium, server, world):
    author = LiveClient(server.url, world["workshop"], token=world["token"])
    phone_context = chromium.new_context(**SMALL_PHONE, bypass_csp=True)  # bypass: axe is injected
    phone_context.add_cookies([{"name": f"cg_p{world['workshop']}", "value": world["other"], "url": server.url}])
    console_context = chromium.new_context(**LAPTOP, bypass_csp=True)
    console_context.add_cookies([{"name": k, "value": v, "url": server.url}
                                 for k, v in (p.split("=", 1) for p in world["cookie"].split("; ") if "=" in p)])
    try:
        assert author.act(world["step"], "add_note", {"text": NOTE})["ok"] is True
        phone = phone_context.new_page()
        phone.goto(f"{server.url}/w/{world['workshop']}/me")
        phone.wait_for_selector("[data-save-state][data-state=saved]")
        card = phone.locator("section.step-ideas:not([hidden]) [data-report-item]", has_text=NOTE)
        card.get_by_role("button", name=f"Signaler : {NOTE}").click()
        sheet = phone.get_by_role("dialog", name="Signaler cette contribution ?")
        sheet.wait_for()
        assert "Personne ne saura qui l'a envoyé" in sheet.inner_text()
        assert small_targets(phone, "dialog button, dialog .report-reason") == []
        assert axe_violations(phone) == []
        screenshot(phone, "reports-phone-sheet-fr")
        sheet.get_by_label("Cela dévoile des informations personnelles").check()
        sheet.get_by_label("Quelque chose à ajouter ? (facultatif)").fill("Il donne son adresse")
        sheet.get_by_role("button", name="Envoyer le signalement").click()
        sheet.wait_for(state="detached")
        card.get_by_text("Signalé. Merci : la personne qui anime va y jeter un œil.").wait_for()
        assert axe_violations(phone) == []
        screenshot(phone, "reports-phone-reported-fr")

        console = console_context.new_page()
        console.goto(f"{server.url}/w/{world['workshop']}/console?lang=en")
        panel = console.locator("[data-moderation]")
        reported = panel.locator("[data-reported]", has_text=NOTE)
        reported.wait_for()
        text = reported.inner_text()
        assert "Amira" in text and "Reported by 1 person" in text and "Why: Personal information (1)" in text
        assert "Il donne son adresse" in text
        assert axe_violations(console) == []
        screenshot(console, "reports-console-reported")
        reported.get_by_role("button", name="Hide it from the room").click()
        reported.wait_for(state="detached")
        panel.locator("summary", has_text="Moderation log").click()
        panel.get_by_text("hid a reported contribution by Amira").wait_for()
        screenshot(console, "reports-console-hidden")

        # Gone from every phone: the reporter's page and the author's.
        card.wait_for(state="detached")
        author.wait(lambda c: c.doc["steps"][str(world["step"])]["view"]["notes"] == {})
        assert NOTE not in phone.locator("section.step-ideas:not([hidden])").inner_text()
    finally:
        author.close()
        phone_context.close()
        console_context.close()
