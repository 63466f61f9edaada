"""The console's breakout tables panel in real Chromium (1280x800): the facilitator sets up three
mixed tables for nine people, assigns them, renames a table, chooses its host, moves people by
choosing then seating (keyboard and pointer) and by dragging, messages the tables, runs the step
in tables and back; each change is checked in the database, bad input shows its error beside
the field, the panel passes axe. In French its labels are French and "Stop using tables" asks
first; sixty tables scroll inside the panel at 1280x800 and 1920x1080."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action, BreakoutTable, Participant, Step, Workshop
from tests.browser import LAPTOP, launched, login_cookies, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, read_db, running, seed_app
from tests.test_accessibility import AXE, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(600)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
ROOM = [("Ana", "Health"), ("Ben", "Health"), ("Cleo", "Health"), ("Dev", "Education"), ("Eli", "Education"),
        ("Fay", "Education"), ("Gus", "Housing"), ("Hal", "Housing"), ("Ida", "Housing")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE} (npm install)")
    # The test sends controls faster than a person would (the control throttle has its own tests).
    yield from running(tmp_path_factory.mktemp("tables-console"), CONTROL_RATE="1000", CONTROL_BURST="1000")


@pytest.fixture(scope="module")
def world(server):
    app = seed_app(server.db_url)
    with app.app_context():
        partnership = create_partnership(create_facilitator(EMAIL, PASSWORD))
        ids = {}
        crowd = [(f"P{i:03d}", ("Health", "Education", "Housing")[i % 3]) for i in range(180)]
        for key, people in (("room", ROOM), ("fr", ROOM[:4]), ("big", crowd)):
            workshop = create_workshop(partnership, title=f"Workshop {key}")
            pids = {name: create_participant(workshop, name=name, sector=sector)[0].id for name, sector in people}
            ids[key] = {"workshop": workshop.id, "step": workshop.steps[0].id, "people": pids}
        db.session.remove()
    ids["app"] = app
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def _console(chromium, server, world, key, lang="en", size=LAPTOP):
    context = chromium.new_context(**size, bypass_csp=True)  # bypass: axe is injected
    context.add_cookies(login_cookies(server.url, world["cookie"]))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.url}/w/{world[key]['workshop']}/console?lang={lang}")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    page.errors = errors
    return page


def _db(world, read):
    return read_db(world["app"], read)


def _seats(world, key) -> dict:
    return _db(world, lambda s: {p.name: p.table_id for p in s.scalars(select(Participant).where(
        Participant.workshop_id == world[key]["workshop"]))})


def _tables(world, key) -> list:
    return _db(world, lambda s: [(t.id, t.name) for t in s.scalars(select(BreakoutTable).where(
        BreakoutTable.workshop_id == world[key]["workshop"]).order_by(BreakoutTable.position))])


def _eventually(read, expected, page):
    """Wait (by polling the database, as the server commits before it answers) for ``read()``."""
    for _ in range(100):
        value = read()
        if value == expected:
            return value
        page.wait_for_timeout(100)
    assert read() == expected


def test_the_facilitator_seats_names_hosts_moves_and_messages_tables(chromium, server, world):
    page = _console(chromium, server, world, "room")
    panel = page.locator("[data-tables-panel]")
    setup = panel.locator("[data-tables-setup]")
    try:
        # A table size of one is refused, and the reason shows beside the number.
        setup.get_by_label("People per table").check()
        setup.get_by_label("Number", exact=True).fill("1")
        setup.get_by_role("button", name="Set up the tables").click()
        setup.locator("[data-error-for=size]", has_text="Between 2 and 50 people a table.").wait_for()
        assert _db(world, lambda s: s.get(Workshop, world["room"]["workshop"]).table_plan) is None

        setup.get_by_label("Number of tables").check()
        setup.get_by_label("Number", exact=True).fill("3")
        setup.get_by_label("Mix the sectors").check()
        setup.get_by_role("button", name="Set up the tables").click()
        cards = panel.locator("[data-table-card]")
        cards.nth(2).wait_for()
        assert cards.count() == 3
        assert _db(world, lambda s: s.get(Workshop, world["room"]["workshop"]).table_plan)["rule"] == "mixed"
        assert setup.locator("[data-error-for=size]").inner_text() == ""

        setup.get_by_role("button", name="Assign everyone").click()
        panel.get_by_text("Everyone has a table.").wait_for()
        seats = _seats(world, "room")
        assert None not in seats.values()
        by_table = {}
        for name, sector in ROOM:
            by_table.setdefault(seats[name], set()).add(sector)
        assert sorted(len(s) for s in by_table.values()) == [3, 3, 3]  # mixed: three sectors a table
        assert "Health" in cards.first.inner_text()  # each person's sector shows with their name

        (first_id, first_name), (second_id, _) = _tables(world, "room")[:2]
        first = panel.locator(f"[data-table-card='{first_id}']")
        second = panel.locator(f"[data-table-card='{second_id}']")

        # Rename: an empty name is refused beside the field; then a real one is kept.
        first.get_by_role("button", name=f"Rename {first_name}").click()
        name_box = first.get_by_label(f"New name for {first_name}")
        assert name_box.evaluate("el => el === document.activeElement")
        name_box.fill("  ")
        name_box.press("Enter")
        first.get_by_text("Give the table a name.").wait_for()
        name_box.fill("Window table")
        name_box.press("Enter")
        first.get_by_role("heading", name="Window table").wait_for()
        assert _tables(world, "room")[0] == (first_id, "Window table")

        # Host: one of the people seated there.
        seated_first = [n for n, t in _seats(world, "room").items() if t == first_id]
        host = seated_first[0]
        first.get_by_label("Host of Window table", exact=True).select_option(label=host)
        first.get_by_role("button", name="Set the host of Window table").click()
        first.locator(f"[data-person='{world['room']['people'][host]}']", has_text="host").wait_for()
        assert _db(world, lambda s: s.get(Participant, world["room"]["people"][host]).table_host) is True

        # Move by keyboard: choose a person (a toggle), then "Seat … at" another table.
        mover = seated_first[1]
        pid = str(world["room"]["people"][mover])
        person = first.locator(f"[data-person='{pid}']")
        person.focus()
        page.keyboard.press("Enter")
        panel.locator(f"[data-person='{pid}'][aria-pressed=true]").wait_for()
        page.locator("#announcer", has_text=f"{mover} chosen").wait_for(state="attached")
        seat = second.get_by_role("button", name=re.compile(f"Seat {mover} at"))
        seat.focus()
        page.keyboard.press("Enter")
        second.locator(f"[data-person='{pid}']").wait_for()
        _eventually(lambda: _seats(world, "room")[mover], second_id, page)
        page.wait_for_function(f"document.activeElement && document.activeElement.dataset.person === '{pid}'")
        assert second.locator(f"[data-person='{pid}']").get_attribute("aria-pressed") == "false"

        # Escape lets go of a chosen person without moving them.
        panel.locator(f"[data-person='{pid}']").click()
        panel.locator(f"[data-person='{pid}'][aria-pressed=true]").wait_for()
        page.keyboard.press("Escape")
        panel.locator(f"[data-person='{pid}'][aria-pressed=false]").wait_for()
        assert _seats(world, "room")[mover] == second_id

        # Move by dragging the name onto a table (the host, whose hosting ends with the move).
        hpid = str(world["room"]["people"][host])
        panel.locator(f"[data-person='{hpid}']").drag_to(second)
        second.locator(f"[data-person='{hpid}']").wait_for()
        _eventually(lambda: _seats(world, "room")[host], second_id, page)
        assert _db(world, lambda s: s.get(Participant, int(hpid)).table_host) is False

        # Unseat: the chosen person goes to "Not seated yet" (and back to a table by dragging).
        unseated = panel.locator("[data-tables-unseated]")
        panel.locator(f"[data-person='{pid}']").click()
        unseated.get_by_role("button", name=f"Unseat {mover}").click()
        unseated.locator(f"[data-person='{pid}']").wait_for()
        _eventually(lambda: _seats(world, "room")[mover], None, page)
        assert "1 not seated" in panel.locator("[data-tables-summary]").inner_text()
        unseated.locator(f"[data-person='{pid}']").drag_to(first)
        first.locator(f"[data-person='{pid}']").wait_for()
        _eventually(lambda: _seats(world, "room")[mover], first_id, page)

        # A message: empty is refused beside the field; one to every table is sent and listed.
        message = panel.locator("[data-tables-message]")
        message.get_by_role("button", name="Send the message").click()
        message.get_by_text("Write the message.").wait_for()
        message.get_by_label("Send to").select_option(label="Every table")
        message.get_by_label("Message", exact=True).fill("Five minutes left: agree on one idea.")
        assert "243 characters left" in message.inner_text()
        message.get_by_role("button", name="Send the message").click()
        message.locator("[data-tables-sent]", has_text="Five minutes left: agree on one idea.").wait_for()
        sent = _db(world, lambda s: [a.payload for a in s.scalars(select(Action).where(
            Action.workshop_id == world["room"]["workshop"], Action.type == "control.table_message"))])
        assert [(p["text"], p.get("table_id")) for p in sent] == [("Five minutes left: agree on one idea.", None)]
        assert message.get_by_label("Message", exact=True).input_value() == ""
        message.get_by_label("Send to").select_option(label="Table 2")
        message.get_by_label("Message", exact=True).fill("Table 2: your turn to report back.")
        message.get_by_role("button", name="Send the message").click()
        message.locator("[data-tables-sent] li", has_text="To Table 2:").wait_for()
        newest = message.locator("[data-tables-sent] li").first.inner_text()
        assert newest == "To Table 2: Table 2: your turn to report back."
        last = _db(world, lambda s: s.scalars(select(Action).where(
            Action.workshop_id == world["room"]["workshop"], Action.type == "control.table_message")
            .order_by(Action.seq.desc())).first().payload)
        assert (last["text"], last["table_id"]) == ("Table 2: your turn to report back.", second_id)

        screenshot(page, "tables-console-en-1280")
        found = axe_violations(page)
        assert not found, describe(found)

        # The console's step in tables, then back with the whole room.
        bar = page.locator("[data-step-tables]")
        step_id = world["room"]["step"]
        bar.get_by_role("button", name="Run this step in tables").click()
        bar.get_by_text("This step runs at 3 tables").wait_for()
        assert _db(world, lambda s: s.get(Step, step_id).in_tables) is True
        screenshot(page, "tables-console-en-1280-in-tables")
        # Tables a step ran in keep their work: stopping them is refused, and the panel says why.
        page.once("dialog", lambda dialog: dialog.accept())
        setup.get_by_role("button", name="Stop using tables").click()
        setup.locator("[data-form-error]", has_text="A step has already run in these tables").wait_for()
        assert len(_tables(world, "room")) == 3
        bar.get_by_role("button", name="Back to the whole room").click()
        bar.get_by_text("This step runs with the whole room").wait_for()
        assert _db(world, lambda s: s.get(Step, step_id).in_tables) is False
        assert not page.errors, page.errors
    finally:
        page.context.close()


def test_the_panel_in_french_and_stopping_tables_after_a_confirm(chromium, server, world):
    page = _console(chromium, server, world, "fr", lang="fr")
    panel = page.locator("[data-tables-panel]")
    setup = panel.locator("[data-tables-setup]")
    try:
        assert panel.get_by_role("heading", name="Tables de travail").is_visible()
        setup.get_by_label("Je place les participants moi-même").check()
        setup.get_by_label("Personnes par table").check()
        setup.get_by_label("Nombre", exact=True).fill("2")
        setup.get_by_role("button", name="Installer les tables").click()
        panel.locator("[data-table-card]").nth(1).wait_for()
        plan = _db(world, lambda s: s.get(Workshop, world["fr"]["workshop"]).table_plan)
        assert (plan["rule"], plan.get("size")) == ("hand", 2) and len(_tables(world, "fr")) == 2
        panel.locator("[data-tables-unseated]").get_by_role("heading", name="Pas encore à une table").wait_for()
        assert setup.get_by_role("button", name="Placer tout le monde").is_hidden()  # "hand": no automatic seating
        screenshot(page, "tables-console-fr-1280")
        found = axe_violations(page)
        assert not found, describe(found)

        # Dismissing the confirm keeps the tables; accepting removes them.
        page.once("dialog", lambda dialog: dialog.dismiss())
        setup.get_by_role("button", name="Ne plus utiliser de tables").click()
        page.wait_for_timeout(300)  # nothing is sent: there is no reply to wait for
        assert len(_tables(world, "fr")) == 2
        page.once("dialog", lambda dialog: dialog.accept())
        setup.get_by_role("button", name="Ne plus utiliser de tables").click()
        panel.locator("[data-tables-seating]").wait_for(state="hidden")
        assert _tables(world, "fr") == []
        assert _db(world, lambda s: s.get(Workshop, world["fr"]["workshop"]).table_plan) is None
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.parametrize("size,name", [(LAPTOP, "1280"), (PROJECTOR, "1920")])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sixty_tables_scroll_inside_the_panel(chromium, server, world, size, name, lang):
    fac = LiveClient(server.url, world["big"]["workshop"], role="facilitator", cookie=world["cookie"])
    try:
        if not _tables(world, "big"):
            assert fac.control("tables_setup", {"rule": "mixed", "count": 60})["ok"]
            assert fac.control("tables_assign")["ok"]
    finally:
        fac.close()
    page = _console(chromium, server, world, "big", lang=lang, size=size)
    try:
        cards = page.locator("[data-table-cards]")
        cards.locator("[data-table-card]").nth(59).wait_for(state="attached")
        box = cards.evaluate("el => ({scroll: el.scrollHeight, client: el.clientHeight, width: el.scrollWidth,"
                             " shown: el.clientWidth, page: document.documentElement.scrollWidth})")
        assert box["scroll"] > box["client"], box  # the cards scroll inside their box
        assert box["width"] <= box["shown"] and box["page"] <= size["viewport"]["width"], box  # nothing sideways
        assert box["client"] <= 0.7 * size["viewport"]["height"] + 1, box
        cards.scroll_into_view_if_needed()
        screenshot(page, f"tables-console-60-{lang}-{name}")
    finally:
        page.context.close()
