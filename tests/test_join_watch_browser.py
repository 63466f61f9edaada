"""Real Chromium: the console shows joins in the last minute, names used more than once, and a
notice while someone guesses this workshop's rejoin codes."""
import re

import pytest
import requests
from playwright.sync_api import expect

from app.extensions import db
from tests.browser import LAPTOP, browser, log_in  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        create_participant(workshop, name="Ana")
        create_participant(workshop, name="ana")
        create_participant(workshop, name="Ben")
        yield {"workshop": workshop.id, "code": workshop.join_code, "limit": app.config["REJOIN_CODE_RATE_LIMIT"]}
        db.session.remove()


def guess_rejoin_codes(url, code, times):
    guesser = requests.Session()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     guesser.get(url + "/rejoin", timeout=30).text).group(1)
    for _ in range(times):
        response = guesser.post(url + "/rejoin", data={"code": code, "rejoin_code": "AAAAAA", "csrf_token": csrf},
                                timeout=30)
        assert response.status_code == 404


def test_the_console_shows_who_is_joining_and_guessing(server, seed, browser):  # noqa: F811
    page = browser.new_context(**LAPTOP).new_page()
    log_in(page, server.url)
    page.goto(f"{server.url}/w/{seed['workshop']}/console")
    expect(page.locator("[data-join-rate]")).to_have_text("3 joined in the last minute", timeout=15000)
    expect(page.locator("[data-duplicates]")).to_have_text("Same name more than once: Ana (×2)")
    notice = page.locator("[data-guessing]")
    expect(notice).to_be_hidden()
    guess_rejoin_codes(server.url, seed["code"], seed["limit"] // 3)
    expect(notice).to_be_visible(timeout=15000)
    expect(notice).to_contain_text("Someone is trying rejoin codes")
