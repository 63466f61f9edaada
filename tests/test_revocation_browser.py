"""Real Chromium: a participant rejoins on a new device; the old phone says so in plain words
and keeps saying it (not "Offline — your changes are kept…"), and its page is signed out."""
import re

import pytest
import requests
from playwright.sync_api import expect

from app.extensions import db
from app.workshops.codes import new_rejoin_code
from tests.browser import PHONE, browser  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]
REJOINED = "You rejoined this workshop on another device"


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        participant, token = create_participant(workshop)
        participant.rejoin_code = new_rejoin_code(workshop.id)
        db.session.commit()
        yield {"workshop": workshop.id, "code": workshop.join_code, "rejoin": participant.rejoin_code, "token": token}
        db.session.remove()


def rejoin_elsewhere(url, seed):
    device = requests.Session()
    page = device.get(url + "/rejoin", timeout=30).text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = device.post(url + "/rejoin", data={"code": seed["code"], "rejoin_code": seed["rejoin"],
                                                  "csrf_token": csrf}, allow_redirects=False, timeout=30)
    assert response.status_code == 302


def test_the_old_phone_is_told_it_was_signed_out_by_a_rejoin(server, seed, browser):  # noqa: F811
    context = browser.new_context(**PHONE)
    context.add_cookies([{"name": f"cg_p{seed['workshop']}", "value": seed["token"], "url": server.url}])
    phone = context.new_page()
    phone.goto(f"{server.url}/w/{seed['workshop']}/me")
    phone.wait_for_selector("text=All changes saved")
    rejoin_elsewhere(server.url, seed)
    expect(phone.locator("[data-save-state]")).to_contain_text(REJOINED, timeout=15000)
    expect(phone.get_by_text("Offline")).to_have_count(0)  # the hang-up after it did not replace it
    phone.reload()
    expect(phone.get_by_text("You're not in this workshop yet")).to_be_visible()
    context.close()
