"""Real Chromium: a French phone (390x844) contributes through a step's link between sessions
while the workshop is a draft; the console shows the contribution arriving; a second phone
does not see it while the step is hidden; the link of a closed window says so."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models.base import utcnow
from tests.browser import LAPTOP, PHONE, browser, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_partnership, create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]

IDEA = "Un atelier parents-infirmières avant la rentrée"


@pytest.fixture
def seed(server):
    """A draft French workshop: a step open between sessions now (hidden), one whose window closed."""
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()), title="Préparer la rentrée",
                                   status="draft", language="fr", steps=(("ideas", None), ("ideas", None)))
        now = utcnow()
        open_step, closed_step = workshop.steps
        open_step.opens_at, open_step.closes_at = now - timedelta(hours=1), now + timedelta(days=3)
        open_step.hidden = True
        closed_step.opens_at, closed_step.closes_at = now - timedelta(days=9), now - timedelta(days=2)
        workshop.current_step_id = open_step.id  # the console shows the open step
        db.session.commit()
        yield {"workshop": workshop.id, "code": workshop.join_code, "open": open_step.id, "closed": closed_step.id}
        db.session.remove()


def join_through_link(browser, url, link, name, locale, labels):  # noqa: F811
    phone = browser.new_context(**PHONE, locale=locale).new_page()
    phone.goto(url + link)
    phone.get_by_label(labels["name"]).fill(name)
    phone.get_by_label(labels["organisation"]).fill("City Clinic")
    phone.get_by_label(labels["sector"]).select_option("Health")
    phone.locator("form button[type=submit]").last.click()
    return phone


FR = {"name": "Votre nom", "organisation": "Votre organisation", "sector": "Votre secteur"}
EN = {"name": "Your name", "organisation": "Your organisation", "sector": "Your sector"}


def test_a_french_phone_contributes_through_the_link_while_the_workshop_is_a_draft(server, seed, browser):  # noqa: F811
    link = f"/j/{seed['code']}/s/{seed['open']}"
    laptop = browser.new_context(**LAPTOP).new_page()
    log_in(laptop, server.url)
    for lang in ("en", "fr"):
        laptop.goto(f"{server.url}/workshops/{seed['workshop']}/steps/{seed['open']}?lang={lang}")
        expect(laptop.locator("#between-link")).to_have_value(server.url + link)
        screenshot(laptop, f"step-window-laptop-{lang}")
    laptop.goto(f"{server.url}/w/{seed['workshop']}/console")

    phone = browser.new_context(**PHONE, locale="fr-FR").new_page()
    phone.goto(server.url + link)
    assert phone.evaluate("document.documentElement.lang") == "fr"
    expect(phone.locator("main")).to_contain_text("entre les séances")
    screenshot(phone, "link-join-phone-fr")
    phone.get_by_label(FR["name"]).fill("Amélie")
    phone.get_by_label(FR["organisation"]).fill("North School")
    phone.get_by_label(FR["sector"]).select_option("Education")
    phone.locator("form button[type=submit]").last.click()
    expect(phone.locator("[data-save-state]")).to_have_text("Tout est enregistré", timeout=30000)
    step = phone.locator(f'section[data-step="{seed["open"]}"]')
    expect(step).to_be_visible()
    expect(phone.locator("[data-lobby]")).to_be_hidden()
    step.get_by_label("Votre idée").fill(IDEA)
    step.get_by_role("button", name="Publier mon idée").click()
    expect(step.locator('[data-region="mine"]')).to_contain_text(IDEA, timeout=30000)
    screenshot(phone, "link-step-phone-fr")

    # The facilitator watches it arrive on the console, hidden step or not.
    expect(laptop.locator("section.step:not([hidden])")).to_contain_text(IDEA, timeout=30000)
    screenshot(laptop, "console-laptop-en")

    # Back later as themselves: the cookie keeps their place and their idea.
    phone.goto(server.url + link)
    expect(step.locator('[data-region="mine"]')).to_contain_text(IDEA, timeout=30000)

    # Someone else through the same link: the step is hidden, so they do not read Amélie's idea.
    other = join_through_link(browser, server.url, link, "Ben", "en-GB", EN)
    expect(other.locator("[data-save-state]")).to_have_text("All changes saved", timeout=30000)
    expect(other.locator(f'section[data-step="{seed["open"]}"]')).to_be_visible()
    assert IDEA not in other.content()
    screenshot(other, "link-step-phone-en")


@pytest.mark.parametrize(("locale", "lang", "says"), [("fr-FR", "fr", "a cessé de recevoir"),
                                                       ("en-GB", "en", "closed for contributions")])
def test_the_link_of_a_closed_window_says_so(server, seed, browser, locale, lang, says):  # noqa: F811
    link = f"{server.url}/j/{seed['code']}/s/{seed['closed']}"
    for size, context in (("phone", PHONE), ("laptop", LAPTOP)):
        page = browser.new_context(**context, locale=locale).new_page()
        response = page.goto(link)
        assert response.status == 200
        expect(page.locator("main")).to_contain_text(says)
        screenshot(page, f"link-closed-{size}-{lang}")
