"""Real Chromium: a participant on a phone adds a data set (held by their own organisation) and a
flow with its barriers, is told clearly when the flow goes nowhere, sees another partner's
obstacle arrive; the map is an SVG with an accessible name beside a table alternative; the
facilitator takes an organisation off the list and its flows stay; French on a small phone;
axe-core finds nothing on any of these pages."""
from pathlib import Path

import pytest

from app.extensions import db
from tests.browser import LAPTOP, PHONE, browser, join_phone, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SCREEN = {"viewport": {"width": 1920, "height": 1080}}
SMALL_FR = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ORGS = "North School\nCity Clinic\nHomes Trust"


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        config = {"prompt": "Which data do we hold, and who needs it?", "organisations": ORGS}
        workshop = create_workshop(create_partnership(create_facilitator()), title="Data",
                                   steps=(("data_sharing", config),))
        _, ben = create_participant(workshop, name="Ben", organisation="City Clinic", sector="Health")
        camille, token_fr = create_participant(workshop, name="Camille", organisation="Maison des Familles",
                                               sector="Housing")
        camille.language = "fr"
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code, "ben": ben,
               "fr": token_fr}
        db.session.remove()
    yield ids


def axe(page) -> list:
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE}")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)""")


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def small_targets(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
        '.step-data_sharing button, .step-data_sharing select, .step-data_sharing input:not([type=checkbox]), '
        + '.step-data_sharing textarea, .step-data_sharing summary')]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
      .map((el) => el.getAttribute('aria-label') || el.textContent.trim() || el.name)""")


def map_name(page) -> str:
    """The accessible name the SVG map gets from the title it points to."""
    return page.evaluate("""() => {
      const svg = document.querySelector('section.step-data_sharing svg.ds-svg');
      if (!svg || svg.getAttribute('role') !== 'img') return '';
      return document.getElementById(svg.getAttribute('aria-labelledby')).textContent;
    }""")


def table_rows(page) -> list[list[str]]:
    return page.evaluate("""() => [...document.querySelectorAll('section.step-data_sharing .ds-table tbody tr')]
      .map((tr) => [...tr.cells].map((td) => td.textContent.trim()))""")


def test_a_flow_from_a_phone_to_the_map_and_the_table(server, seed, browser):  # noqa: F811
    ids = seed
    phone = join_phone(browser, server.url, ids["code"])  # Ana, North School
    phone.wait_for_selector("section.step-data_sharing .ds-table thead th")
    assert phone.get_by_role("region", name="Data flows, as a table").count() == 1
    assert phone.locator(".ds-table thead th").all_inner_texts() == [
        "Held by", "Data set", "Needed by", "What for", "Barriers", "Agreement", "Status"]

    # 1. A data set with no holder typed is held by the participant's own organisation.
    form = phone.locator("form[data-action=add_dataset]")
    assert form.get_by_label("Held by (organisation)").get_attribute("placeholder") == "North School"
    form.get_by_label("Data set").fill("Attendance records")
    form.get_by_role("button", name="Add the data set").tap()
    phone.locator("[data-region=datasets] .note", has_text="Held by North School").wait_for()

    # 2. A flow to the holder itself is refused next to its field, and nothing typed is lost.
    phone.get_by_text("Add a flow: who needs a data set").tap()
    flow = phone.locator("form[data-action=add_flow]")
    flow.get_by_label("Data set").select_option(label="Attendance records (North School)")
    flow.get_by_label("Needed by (organisation)").fill("north school")
    flow.get_by_label("What for").fill("Spot children missing health checks")
    flow.get_by_label("Consent").check()
    flow.get_by_label("Legal").check()
    flow.get_by_role("button", name="Add the flow").tap()
    flow.locator("[data-error-for=recipient]", has_text="North School holds this data already").wait_for()
    assert flow.get_by_label("What for").input_value() == "Spot children missing health checks"

    # 3. Now to the clinic: the table says it all, in words.
    flow.get_by_label("Needed by (organisation)").fill("City Clinic")
    flow.get_by_label("Agreement needed").select_option(label="Consent form")
    flow.get_by_role("button", name="Add the flow").tap()
    phone.locator(".ds-table tbody tr", has_text="City Clinic").wait_for()
    phone.wait_for_function("() => !document.querySelector('form[data-action=add_flow] input[value=consent]').checked")
    assert table_rows(phone) == [["North School", "Attendance records", "City Clinic",
                                  "Spot children missing health checks", "Legal, Consent", "Consent form", "! Needed"]]

    # 4. Another partner sees an obstacle too; it arrives on the phone's flow card.
    ben = LiveClient(server.url, ids["workshop"], token=ids["ben"])
    try:
        ben.wait(lambda c: c.doc["steps"][str(ids["step"])]["view"]["flows"])
        flow_id = next(iter(ben.doc["steps"][str(ids["step"])]["view"]["flows"]))
        assert ben.act(ids["step"], "add_barrier_note", {"flow_id": flow_id, "barrier": "technical",
                                                         "text": "Our record systems cannot talk"})["ok"]
    finally:
        ben.close()
    phone.locator(".ds-notes li", has_text="Technical: Our record systems cannot talk").wait_for()
    phone.locator(".ds-table tbody tr", has_text="Legal, Consent, Technical").wait_for()
    # The phone's own obstacle goes through the "I see this obstacle too" form.
    card = phone.locator(".ds-flow-card").first
    card.get_by_label("The obstacle you see on Attendance records from North School to City Clinic").fill(
        "Parents were never asked")
    card.get_by_role("button", name="I see this obstacle too: add it to Attendance records").tap()
    phone.locator(".ds-notes li", has_text="Other: Parents were never asked").wait_for()
    phone.get_by_text("Show the map").tap()
    assert map_name(phone).startswith("Map of data flows: 3 organisations, 1 flow.")
    assert fits_the_width(phone) and small_targets(phone) == []
    screenshot(phone, "data_sharing-phone-390-en")

    # 5. The room screen: the SVG map (one arrow, status as pattern and mark too) beside the table.
    screen = browser.new_context(**SCREEN, bypass_csp=True)
    screen.add_cookies([{"name": n, "value": v, "url": server.url} for n, v in (
        part.split("=", 1) for part in facilitator_cookie(
            server.url, "facilitator@example.org", "correct horse battery").split("; ") if "=" in part)])
    room = screen.new_page()
    room.goto(f"{server.url}/w/{ids['workshop']}/screen")
    room.wait_for_selector("section.step-data_sharing svg.ds-svg .ds-flow")
    assert map_name(room).startswith("Map of data flows: 3 organisations, 1 flow.")
    assert room.locator("svg.ds-svg .ds-flow path").get_attribute("stroke-dasharray") == "14 8"
    assert room.locator("svg.ds-svg .ds-flow text").text_content() == "! Attendance records"
    assert room.locator(".ds-table caption").text_content() == "Data flows, as a table"
    assert room.get_by_role("table", name="Data flows, as a table").count() == 1
    assert room.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    screenshot(room, "data_sharing-screen-1920")
    assert axe(room) == []

    # 6. The console takes City Clinic off the list: its flow stays, the name still shows.
    console = screen.new_page()
    console.set_viewport_size(LAPTOP["viewport"])
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.get_by_text("Organisations", exact=True).click()
    console.get_by_role("button", name="Remove City Clinic from the list").click()
    console.locator("[data-region=orgs] li", has_text="City Clinic (not on the list)").wait_for()
    assert console.locator(".ds-table tbody tr", has_text="City Clinic").count() == 1
    screenshot(console, "data_sharing-console-1280")
    assert axe(console) == []
    phone.locator(".ds-table tbody tr", has_text="City Clinic").wait_for()
    phone_axe = browser.new_context(**PHONE, bypass_csp=True)
    phone_axe.add_cookies(phone.context.cookies())
    again = phone_axe.new_page()
    again.goto(f"{server.url}/w/{ids['workshop']}/me")
    again.wait_for_selector("[data-save-state][data-state=saved]")
    again.wait_for_selector(".ds-table tbody tr")
    assert axe(again) == []
    screen.close()
    phone_axe.close()


def test_french_on_a_small_phone(server, seed, browser):  # noqa: F811
    ids = seed
    context = browser.new_context(**SMALL_FR, bypass_csp=True)
    context.add_cookies([{"name": f"cg_p{ids['workshop']}", "value": ids["fr"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{ids['workshop']}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    assert page.evaluate("document.documentElement.lang") == "fr"
    form = page.locator("form[data-action=add_dataset]")
    form.get_by_label("Jeu de données").fill("Liste d'attente")
    form.get_by_role("button", name="Ajouter le jeu de données").tap()
    page.locator("[data-region=datasets] .note", has_text="Détenu par Maison des Familles").wait_for()
    page.get_by_text("Ajouter un échange").tap()
    flow = page.locator("form[data-action=add_flow]")
    flow.get_by_label("Jeu de données").select_option(label="Liste d'attente (Maison des Familles)")
    flow.get_by_label("Utile à (organisation)").fill("Homes Trust")
    flow.get_by_label("Pour quoi faire").fill("Prévoir les logements")
    flow.get_by_label("Confiance").check()
    flow.get_by_role("button", name="Ajouter l'échange").tap()
    page.locator(".ds-table tbody tr", has_text="Homes Trust").wait_for()
    assert page.locator(".ds-table tbody tr td").nth(4).inner_text() == "Confiance"
    assert page.locator(".ds-table tbody tr td").nth(6).inner_text() == "! À établir"
    page.get_by_text("Afficher la carte").tap()
    assert page.locator("svg.ds-svg title").text_content().startswith("Carte des échanges de données\u00a0: ")
    assert fits_the_width(page) and small_targets(page) == []
    screenshot(page, "data_sharing-phone-360-fr")
    assert axe(page) == []
    context.close()
