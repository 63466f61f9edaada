"""Playwright in Debian's Chromium. Skips with a reason on a laptop without it; fails in CI.
Also the steps many browser tests share: log in, build a workshop, join from a phone."""
import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def require_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run should have installed Debian's chromium")
        pytest.skip(reason=f"Chromium not installed at {CHROMIUM} (apt-get install -y chromium)")


def launched():
    """Debian's Chromium for a fixture of any scope: ``yield from launched()``."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser():
    yield from launched()


def screenshot(page, name: str) -> None:
    """Save a screenshot to $SCREENSHOT_DIR (for people to look at); a no-op otherwise."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page, url: str, email: str = "facilitator@example.org", password: str = "correct horse battery") -> None:
    page.goto(url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*/login)"))


def build_workshop(page, url: str, exercise: str, partnership: str = "Ready to Learn",
                   organisations: str = "North School\nCity Clinic", title: str = "Kick-off") -> str:
    """Register, create a partnership and a workshop with one ``exercise`` step, start it from
    the console (where ``page`` stays); returns the join code."""
    page.goto(url + "/register")
    page.get_by_label("Email").fill("lead@example.org")
    page.get_by_label("Your name").fill("Lee")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.goto(url + "/partnerships/new")
    page.get_by_label("Name").fill(partnership)
    page.get_by_label("Shared purpose").fill("Children arrive at school healthy and ready.")
    page.get_by_label("Sectors").fill("Education\nHealth\nHousing")
    page.get_by_label("Organisations").fill(organisations)
    page.get_by_role("button", name="Create partnership").click()
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create workshop").click()
    page.get_by_label("Exercise").select_option(exercise)
    agenda = page.url
    page.get_by_role("button", name="Add step").click()
    page.wait_for_url(re.compile(r"/steps/\d+$"))  # adding a step opens its configuration
    page.goto(agenda)
    page.get_by_role("link", name="Open the console").click()
    page.get_by_role("button", name="Start the workshop").click()
    page.wait_for_selector("text=Status: Live")
    return page.locator(".ws-title .code").inner_text().strip()


def join_phone(browser, url: str, code: str, name: str = "Ana", organisation: str = "North School",
               sector: str = "Education"):
    """A new phone-sized browser joins with ``code``; returns its page once it is live."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{url}/j/{code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your organisation").fill(organisation)
    page.get_by_label("Your sector").select_option(sector)
    page.get_by_role("button", name=re.compile("Join")).click()
    page.wait_for_selector("text=All changes saved")
    return page


def move_phase(console, label: str) -> None:
    """Move the room to the phase named ``label`` with the core's phase bar on the console, and
    wait until the bar shows it as the current phase."""
    bar = console.locator("section.step:not([hidden]) [data-phase-bar]")
    bar.get_by_role("button", name=label).click()
    bar.locator("button[aria-pressed=true]", has_text=label).wait_for()


def login_cookies(url: str, header: str) -> list[dict]:
    """A facilitator's login (the ``Cookie`` header tests/live_server.facilitator_cookie returns)
    as the cookies a browser context takes."""
    return [{"name": k, "value": v, "url": url} for k, v in (p.split("=", 1) for p in header.split("; ") if "=" in p)]
