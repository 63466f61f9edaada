"""Real Chromium: a facilitator builds and starts a workshop on a laptop; a phone joins with the
code, contributes, drops offline, contributes again, and everything is stored exactly once."""
import re

import pytest

from app.extensions import db
from app.models import Step
from tests.browser import LAPTOP, PHONE, browser, build_workshop, join_phone, screenshot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]


def notes_in_db(server) -> list[str]:
    app = server.seed_app()
    with app.app_context():
        texts = [n["text"] for s in db.session.query(Step).all() for n in s.state.get("notes", {}).values()]
        db.session.remove()
    return texts


def test_facilitator_builds_workshop_and_phone_joins_contributes_offline(server, browser, tmp_path):  # noqa: F811
    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    code = build_workshop(console, server.url, "ideas", partnership="Ready to Learn <b>Partnership</b>")
    assert re.fullmatch(r"[A-Z0-9]{8}", code)
    home = laptop.new_page()
    home.goto(server.url + "/")  # the partnership's name, typed with markup, shows as text
    assert home.get_by_text("Ready to Learn <b>Partnership</b>").count() >= 1
    assert home.locator("b", has_text="Partnership").count() == 0
    home.close()
    screenshot(console, "console-laptop")

    phone = join_phone(browser, server.url, code, "Pat")
    phone_context = phone.context
    phone.get_by_label("Your idea").fill("Breakfast club before lessons")
    phone.get_by_role("button", name="Post my idea").click()
    console.wait_for_selector(".note-text:has-text(\"Breakfast club before lessons\")")
    screenshot(phone, "participant-phone")

    # Offline: the note waits in the outbox (kept across reloads), then is sent exactly once.
    phone_context.set_offline(True)
    phone.wait_for_selector("text=Offline")
    phone.get_by_label("Your idea").fill("Walking bus from the estate")
    phone.get_by_role("button", name="Post my idea").click()
    phone.wait_for_selector("text=1 change waiting to send")
    screenshot(phone, "participant-phone-offline")
    phone_context.set_offline(False)
    console.wait_for_selector(".note-text:has-text(\"Walking bus from the estate\")", timeout=20000)
    phone.wait_for_selector("text=All changes saved")
    assert notes_in_db(server).count("Walking bus from the estate") == 1
    assert notes_in_db(server).count("Breakfast club before lessons") == 1
    screen = laptop.new_page()
    screen.goto(console.url.replace("/console", "/screen"))
    screen.wait_for_selector(".note-text:has-text(\"Breakfast club before lessons\")")
    screenshot(screen, "screen-laptop")
