"""Real Chromium: a facilitator names an organisation's champion from the partnership home, is
told why a handover dated before the champion started is refused, hands over, and finds the new
champion and the note of what was handed over in the history and in the newcomer brief; the
pages at phone and laptop sizes, in English and French."""
import re

import pytest

from app.extensions import db
from tests.browser import LAPTOP, PHONE, browser, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_champion, create_facilitator, create_partnership

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]


@pytest.fixture
def partnership_id(server):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator(),
                                         organisations=["North School", "City Clinic", "Homes Trust"])
        # One word longer than a phone's line: it must wrap, not push the pages sideways.
        create_champion(partnership, "Homes Trust", name="Ω" * 120, role="<b>" + "R" * 100 + "</b>")
        partnership_id = partnership.id
        db.session.remove()
    return partnership_id


def hand_over(page, name: str, day: str, note: str = "") -> None:
    page.get_by_label("Their name").fill(name)
    page.get_by_label("Date of the handover").fill(day)
    page.get_by_label("What was handed over").fill(note)
    page.get_by_role("button", name=re.compile("^(Name them|Hand over)$")).click()
    page.wait_for_load_state("load")


def test_name_a_champion_hand_over_and_read_it_in_the_brief(server, browser, partnership_id):  # noqa: F811
    page = browser.new_context(**LAPTOP).new_page()
    log_in(page, server.url)
    page.goto(f"{server.url}/partnerships/{partnership_id}")
    assert page.locator(".open-work").get_by_role("link", name="North School").is_visible()
    page.get_by_role("link", name="Name one (North School)").click()
    assert page.get_by_role("heading", name="Name a champion").is_visible()

    hand_over(page, "Nadia Okafor", "2026-11-02", "The steering group's minutes")
    assert page.locator(".champion-current").inner_text().startswith("Nadia Okafor")

    hand_over(page, "Sam Patel", "2026-10-01", "Too early")
    date_field = page.get_by_label("Date of the handover")
    assert date_field.get_attribute("aria-invalid") == "true"
    assert "only took the role on November 2, 2026" in page.locator("#day-errors").inner_text()
    assert page.get_by_label("Their name").input_value() == "Sam Patel"  # what was typed stays
    screenshot(page, "champion-refused-laptop-en")

    hand_over(page, "Sam Patel", "2026-11-20", "Minutes, the data agreement draft and the funder's contact")
    assert page.locator(".champion-current").inner_text().startswith("Sam Patel")
    history = page.locator(".champion-history > li")
    assert history.count() == 2
    assert history.nth(0).inner_text().startswith("Sam Patel")
    assert "from November 2, 2026 to November 20, 2026" in history.nth(1).inner_text()
    screenshot(page, "champion-laptop-en")

    page.get_by_role("link", name="Healthy Futures").click()
    champions = page.locator(".champions")
    assert "Sam Patel" in champions.inner_text()
    assert not page.locator(".open-work").get_by_role("link", name="North School").count()
    screenshot(page, "home-laptop-en")

    page.goto(f"{server.url}/partnerships/{partnership_id}/brief?organisation=North+School")
    champion_part = page.locator("section[aria-labelledby=part-champion]")
    assert "Sam Patel, since November 20, 2026" in champion_part.inner_text()
    assert "the funder's contact" in champion_part.inner_text()
    screenshot(page, "brief-laptop-en")
    page.context.close()

    for size, options in (("phone", PHONE), ("laptop", LAPTOP)):
        for lang in ("en", "fr"):
            view = browser.new_context(**options).new_page()
            log_in(view, server.url)
            for name, path in (("champion", "/champion?organisation=North+School&"), ("home", "?"),
                               ("brief", "/brief?organisation=North+School&"),
                               ("champion-none", "/champion?organisation=City+Clinic&"),
                               ("champion-long", "/champion?organisation=Homes+Trust&")):
                view.goto(f"{server.url}/partnerships/{partnership_id}{path}lang={lang}")
                assert view.evaluate("document.documentElement.lang") == lang
                # Nothing scrolls sideways.
                assert view.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                screenshot(view, f"{name}-{size}-{lang}")
            view.context.close()
