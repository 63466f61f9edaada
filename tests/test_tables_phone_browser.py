"""Breakout tables on the phone and the room screen (issue 22) in real Chromium: a seated phone
sees its table and its host (or that it hosts), where to sit, and is told politely when the
facilitator moves it; under "pick" it chooses a table by keyboard and a table that filled in the
meantime is refused in words; it sees the facilitator's messages to its table and to everyone,
never another table's, as text; the room screen lists the tables with how many sit at each.
At 360x740 in French and 390x844 in English, axe-core clean, buttons at least 48 px."""
from __future__ import annotations

import pytest

from tests.browser import PHONE, launched, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, running
from tests.test_a11y_live import OBSERVE, wait_said
from tests.test_accessibility import AXE, axe_violations, describe
from tests.test_room_screen_browser import cookies

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(600)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
SMALL_FR = {**PHONE, "viewport": {"width": 360, "height": 740}}
MESSAGE = "Bring the <b>cards</b> & pens to the front"
# (name, sector, language) of each workshop's people; the first two open a phone.
SEATED = [("Ana", "Health", "fr"), ("Ben", "Education", "en"), ("Cleo", "Housing", "en"), ("Dev", "Health", "en")]
# The "pick" workshop is a community session (large text and targets on the phones).
PICKING = [("Eli", "Health", "en"), ("Fay", "Education", "fr"), ("Gus", "Housing", "en"), ("Hal", "Health", "en")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("tables-phone"), CONTROL_RATE="1000", CONTROL_BURST="1000")


def _seed(partnership, title, people, **settings) -> dict:
    workshop = create_workshop(partnership, title=title, steps=[("ideas", None)], **settings)
    ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "people": {}}
    for name, sector, language in people:
        person, token = create_participant(workshop, name=name, sector=sector)
        person.language = language
        ids["people"][name] = {"id": person.id, "token": token}
    return ids


@pytest.fixture(scope="module")
def world(server):
    app = server.seed_app()
    with app.app_context():
        from app.extensions import db
        from app.models import Workshop

        partnership = create_partnership(create_facilitator(EMAIL, PASSWORD),
                                         sectors=["Education", "Health", "Housing"])
        ids = {"seated": _seed(partnership, "Tables kick-off", SEATED),
               "pick": _seed(partnership, "Pick", PICKING, participation="community")}
        # The seated room is still in the lobby (no step brought to it yet): people are finding their seats.
        workshop = db.session.get(Workshop, ids["seated"]["workshop"])
        workshop.room_step_id = None
        db.session.commit()
        db.session.remove()
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


@pytest.fixture
def facilitator(server, world):
    clients = []

    def connect(which):
        client = LiveClient(server.url, world[which]["workshop"], role="facilitator", cookie=world["cookie"])
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


def control(client, command, data=None) -> dict:
    ack = client.control(command, data)
    assert ack["ok"], (command, ack)
    return ack


def tables(client) -> dict:
    client.wait(lambda c: c.doc["tables"] is not None)
    return {t["name"]: t["id"] for t in client.doc["tables"]["tables"]}


def open_phone(chromium, server, ids, name, size):
    context = chromium.new_context(**size, bypass_csp=True)  # bypass: axe is injected
    context.add_cookies([{"name": f"cg_p{ids['workshop']}", "value": ids["people"][name]["token"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{ids['workshop']}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    page.evaluate(OBSERVE)
    return page


def open_screen(chromium, server, world, ids):
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    context.add_cookies(cookies(server.url, world["cookie"]))
    page = context.new_page()
    page.goto(f"{server.url}/w/{ids['workshop']}/screen")
    return page


def banner(page):
    return page.locator("[data-table-banner]")


def assert_clean(page, name):
    screenshot(page, name)
    if AXE.exists():
        found = axe_violations(page)
        assert not found, describe(found)
    small = page.evaluate("""() => Array.from(document.querySelectorAll('[data-table-banner] button'))
      .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().height < 48).map((b) => b.textContent)""")
    assert small == []
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_a_seated_phone_sees_its_table_host_messages_and_moves(chromium, server, world, facilitator):
    ids = world["seated"]
    people = {name: p["id"] for name, p in ids["people"].items()}
    console = facilitator("seated")
    control(console, "tables_setup", {"rule": "hand", "count": 3})
    by_name = tables(console)
    one, two, three = by_name["Table 1"], by_name["Table 2"], by_name["Table 3"]
    control(console, "table_rename", {"table_id": one, "name": "Les <i>Érables</i>"})
    for name, table in (("Ana", one), ("Cleo", one), ("Ben", two), ("Dev", three)):
        control(console, "table_move", {"participant_id": people[name], "table_id": table})
    control(console, "table_host", {"table_id": one, "participant_id": people["Cleo"]})
    control(console, "table_host", {"table_id": two, "participant_id": people["Ben"]})
    control(console, "table_message", {"table_id": one, "text": MESSAGE})
    control(console, "table_message", {"table_id": three, "text": "Only for table three"})
    control(console, "table_message", {"text": "Five minutes left everywhere"})

    ana = open_phone(chromium, server, ids, "Ana", SMALL_FR)
    ben = open_phone(chromium, server, ids, "Ben", PHONE)
    screen = open_screen(chromium, server, world, ids)
    try:
        # Ana, in French: her table's name as typed (markup as text), her host, where to sit.
        title = banner(ana).locator("h2")
        title.filter(has_text="Votre table : Les <i>Érables</i>").wait_for()
        assert ana.locator("[data-table-banner] i").count() == 0
        banner(ana).get_by_text("Votre hôte : Cleo").wait_for()
        banner(ana).get_by_text("Allez vous asseoir à Les <i>Érables</i>.").wait_for()
        # Her table's message and everyone's, newest first, as text; never table three's.
        items = banner(ana).locator(".table-message-text")
        items.first.wait_for()
        assert items.all_inner_texts() == ["Five minutes left everywhere", MESSAGE]
        assert banner(ana).locator(".table-message b").count() == 0
        assert "Only for table three" not in banner(ana).inner_text()
        assert banner(ana).locator(".table-message").first.get_by_text("À toutes les tables").count() == 1
        assert_clean(ana, "tables-phone-360-fr-seated")

        # Ben, in English, hosts his table; he sees only the message to everyone.
        banner(ben).locator("h2", has_text="Your table: Table 2").wait_for()
        banner(ben).get_by_text("You are your table’s host.").wait_for()
        banner(ben).get_by_text("Hosts keep the talk going").wait_for()
        assert banner(ben).locator(".table-message-text").all_inner_texts() == ["Five minutes left everywhere"]
        assert_clean(ben, "tables-phone-390-en-seated")
        for page, name in ((ana, "tables-phone-390-fr-seated"), (ben, "tables-phone-360-en-seated")):
            page.set_viewport_size(SMALL_FR["viewport"] if page is ben else PHONE["viewport"])
            screenshot(page, name)
        ana.set_viewport_size(SMALL_FR["viewport"])
        ben.set_viewport_size(PHONE["viewport"])

        # A new message to Ben's table arrives marked new and is said politely.
        control(console, "table_message", {"table_id": two, "text": "Table 2: come to the front"})
        banner(ben).locator(".table-message.is-new", has_text="Table 2: come to the front").wait_for()
        wait_said(ben, "Message from the facilitator: Table 2: come to the front")
        assert "Table 2: come to the front" not in banner(ana).inner_text()

        # The room screen lists the tables with their counts, no one's name.
        board = screen.locator("[data-screen-tables]")
        board.locator(".screen-table", has_text="Les <i>Érables</i>").filter(has_text="2 people seated").wait_for()
        assert board.locator(".screen-table").all_text_contents() == [
            "Les <i>Érables</i>, 2 people seated", "Table 2, 1 person seated", "Table 3, 1 person seated"]
        assert not any(name in screen.inner_text("body") for name in ("Ana", "Ben", "Cleo", "Dev"))
        screenshot(screen, "tables-screen-1920-en")
        if AXE.exists():
            found = axe_violations(screen)
            assert not found, describe(found)

        # The facilitator moves Ana: her phone shows the new table and says so.
        control(console, "table_move", {"participant_id": people["Ana"], "table_id": three})
        title.filter(has_text="Votre table : Table 3").wait_for()
        wait_said(ana, "Vous avez changé de table : vous êtes maintenant à Table 3.")
        assert banner(ana).locator("[data-table-moved]").inner_text() == (
            "Vous avez changé de table : vous êtes maintenant à Table 3.")
        assert "Votre hôte" not in banner(ana).inner_text()  # table three has no host
        assert "Only for table three" in banner(ana).inner_text()  # her new table's message
        assert MESSAGE not in banner(ana).inner_text()
        board.locator(".screen-table", has_text="Table 3").filter(has_text="2 people seated").wait_for()
        assert_clean(ana, "tables-phone-360-fr-moved")

        # The tables stop: the banner goes, and the phone is told.
        control(console, "tables_stop")
        banner(ana).wait_for(state="hidden")
        wait_said(ana, "Le travail en tables est terminé")
        board.wait_for(state="hidden")
    finally:
        for page in (ana, ben, screen):
            page.context.close()


def test_picking_a_table_by_keyboard_and_a_full_table_refused_in_words(chromium, server, world, facilitator):
    ids = world["pick"]
    people = {name: p["id"] for name, p in ids["people"].items()}
    console = facilitator("pick")
    control(console, "tables_setup", {"rule": "pick", "size": 2})  # 4 people: 2 tables of 2
    by_name = tables(console)
    one, two = by_name["Table 1"], by_name["Table 2"]
    control(console, "table_move", {"participant_id": people["Gus"], "table_id": one})
    control(console, "table_move", {"participant_id": people["Hal"], "table_id": one})

    eli = open_phone(chromium, server, ids, "Eli", PHONE)
    fay = open_phone(chromium, server, ids, "Fay", SMALL_FR)
    try:
        # Eli has no table yet: the tables as buttons, the full one disabled, at the community
        # session's larger size (assert_clean: every button of the banner is 48 px or more).
        eli.wait_for_function("document.body.classList.contains('community')")
        banner(eli).locator("h2", has_text="You do not have a table yet").wait_for()
        choices = banner(eli).locator(".table-choice")
        choices.first.wait_for()
        assert choices.all_text_contents() == ["Table 1, 2 of 2 seats taken · Full", "Table 2, 0 of 2 seats taken"]
        assert choices.nth(0).is_disabled() and choices.nth(1).is_enabled()
        assert_clean(eli, "tables-phone-390-en-pick")
        banner(fay).locator(".table-choice").first.wait_for()
        assert_clean(fay, "tables-phone-360-fr-pick")

        # Fay's phone goes offline with Table 2 chosen by keyboard; Eli takes a seat there and
        # the facilitator fills it: when Fay is back, the refusal is shown in words.
        fay.context.set_offline(True)
        fay.wait_for_selector("[data-save-state][data-state=offline]")
        fay_two = banner(fay).locator(".table-choice", has_text="Table 2")
        fay_two.focus()
        fay.keyboard.press("Enter")
        choices.nth(1).focus()
        eli.keyboard.press("Enter")
        banner(eli).locator("h2", has_text="Your table: Table 2").wait_for()
        wait_said(eli, "You have a table: Table 2.")
        assert eli.evaluate("document.activeElement.id") == "table-banner-title"  # focus not lost
        banner(eli).get_by_text("Go and sit at Table 2.").wait_for()
        control(console, "table_move", {"participant_id": people["Gus"], "table_id": two})
        fay.context.set_offline(False)
        error = banner(fay).locator("[data-table-error]")
        error.filter(has_text="Table 2 est complète : choisissez une autre table.").wait_for(timeout=20000)
        fay.wait_for_selector("[data-save-state][data-state=saved]")
        assert banner(fay).locator(".table-choice", has_text="Table 2").is_disabled()
        assert_clean(fay, "tables-phone-360-fr-refused")

        # The room screen, on the step: the tables as a strip while Fay still has no table.
        screen = open_screen(chromium, server, world, ids)
        strip = screen.locator("[data-screen-tables].is-strip")
        strip.locator(".screen-table", has_text="Table 2").filter(has_text="2 people seated").wait_for()
        screen.wait_for_selector(f"section[data-step='{ids['step']}']:not([hidden])")
        screenshot(screen, "tables-screen-1920-en-strip")
        assert screen.evaluate("document.scrollingElement.scrollHeight <= innerHeight")

        # Table 1 has a seat again: Fay picks it; Eli changes his mind through "Change table".
        fay.locator(".table-choice", has_text="Table 1").filter(has_text="1 place prise sur 2").click()
        banner(fay).locator("h2", has_text="Votre table : Table 1").wait_for()
        assert banner(fay).locator("[data-table-error]").inner_text() == ""
        change = banner(eli).locator("[data-table-change]")
        assert change.inner_text() == "Change table" and change.get_attribute("aria-expanded") == "false"
        change.focus()
        eli.keyboard.press("Enter")
        assert change.get_attribute("aria-expanded") == "true" and change.inner_text() == "Keep my table"
        current = banner(eli).locator(".table-choice.is-mine")
        assert current.is_disabled() and "Your table" in current.inner_text()
        screenshot(eli, "tables-phone-390-en-change")
        full = banner(eli).locator(".table-choice", has_text="Table 1")
        assert full.is_disabled() and "Full" in full.inner_text()
        strip.wait_for(state="hidden")  # everyone has a table now
        screen.context.close()
    finally:
        for page in (eli, fay):
            page.context.close()
