"""Real Chromium: a facilitator builds and starts a workshop on a laptop; a phone joins with the
code, contributes, drops offline, contributes again, and everything is stored exactly once."""
import re

import pytest

from app import create_app
from app.extensions import db
from app.models import Step
from tests.browser import LAPTOP, PHONE, browser, screenshot  # noqa: F401  (fixture)
from tests.live_server import running

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]


@pytest.fixture
def server(tmp_path):
    yield from running(tmp_path)


def notes_in_db(server) -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": server.db_url, "ASYNC_MODE": "threading", "SECRET_KEY": "x"})
    with app.app_context():
        texts = [n["text"] for s in db.session.query(Step).all() for n in s.state.get("notes", {}).values()]
        db.session.remove()
    return texts


def build_workshop(page, url) -> str:
    page.goto(url + "/register")
    page.get_by_label("Email").fill("lead@example.org")
    page.get_by_label("Your name").fill("Lee")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.goto(url + "/partnerships/new")
    page.get_by_label("Name").fill("Ready to Learn <b>Partnership</b>")
    page.get_by_label("Shared purpose").fill("Children arrive at school healthy and ready.")
    page.get_by_label("Sectors").fill("Education\nHealth\nHousing")
    page.get_by_label("Organisations").fill("North School\nCity Clinic")
    page.get_by_role("button", name="Create partnership").click()
    assert page.locator("b").count() == 0 or "Partnership</b>" not in page.content().split("<h1")[1][:200]
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("Kick-off")
    page.get_by_role("button", name="Create workshop").click()
    page.get_by_label("Exercise").select_option("ideas")
    page.get_by_role("button", name="Add step").click()
    page.get_by_role("link", name="Open the console").click()
    page.get_by_role("button", name="Start the workshop").click()
    page.wait_for_selector("text=Status: Live")
    return page.locator(".ws-title .code").inner_text().strip()


def test_facilitator_builds_workshop_and_phone_joins_contributes_offline(server, browser, tmp_path):  # noqa: F811
    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    code = build_workshop(console, server.url)
    assert re.fullmatch(r"[A-Z0-9]{8}", code)
    screenshot(console, "console-laptop")

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/j/{code}")
    phone.get_by_label("Your name").fill("Pat")
    phone.get_by_label("Your organisation").fill("North School")
    phone.get_by_label("Your sector").select_option("Education")
    phone.get_by_role("button", name=re.compile("Join")).click()
    phone.wait_for_selector("text=All changes saved")
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
