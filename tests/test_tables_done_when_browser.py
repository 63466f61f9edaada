"""Issue 22's "done when", end to end on the real server: a facilitator runs a 30-person workshop
in five mixed-sector tables through an alignment step and rolls it up into the plenary and the
plan, with phones on each table.

The facilitator works only in the console (Chromium, 1280x800): sets up five mixed tables,
assigns everyone, runs the step in tables, brings the room back, merges the tables' goals into
a theme of the room and promotes them to the plan, and shows every table's result on the room
screen. One phone per table is a real Chromium page (360x740) whose person writes their goal in
the page's own form; the other 25 people are socket clients (tests/live_server.LiveClient) that
write theirs through the same ``act`` path. Each Chromium phone sees its own table's goals and
never another table's."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import BreakoutTable, Participant, PlanItem, Step
from tests.browser import LAPTOP, PHONE, launched, login_cookies, move_phase, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, read_db, running, seed_app

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
SECTORS = ["Education", "Health", "Housing", "Social care", "Local government"]
MERGED = "Every child gets to school safely"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    # The console's clicks come faster than a person's (the control throttle has its own tests).
    yield from running(tmp_path_factory.mktemp("tables-done-when"), CONTROL_RATE="1000", CONTROL_BURST="1000")


@pytest.fixture(scope="module")
def world(server):
    """A live workshop with one alignment step and 30 participants, six of each of five sectors."""
    app = seed_app(server.db_url)
    with app.app_context():
        partnership = create_partnership(create_facilitator(EMAIL, PASSWORD), name="Safe routes partnership")
        partnership.sectors = SECTORS
        workshop = create_workshop(partnership, title="Kick-off", steps=(("alignment_mapper", None),))
        people = {}
        for n in range(30):
            participant, token = create_participant(workshop, name=f"Person {n:02d}", sector=SECTORS[n % 5])
            people[participant.id] = token
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "people": people}
        db.session.remove()
    ids["app"] = app
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def read(world, query):
    return read_db(world["app"], query)


def eventually(page, check, tries=150):
    for _ in range(tries):
        value = check()
        if value:
            return value
        page.wait_for_timeout(100)
    assert check()


def seating(session, workshop_id):
    tables = session.scalars(select(BreakoutTable).where(BreakoutTable.workshop_id == workshop_id)
                             .order_by(BreakoutTable.position)).all()
    people = session.scalars(select(Participant).where(Participant.workshop_id == workshop_id)).all()
    return [(t.id, t.name, [p for p in people if p.table_id == t.id]) for t in tables]


def facilitator_page(chromium, server, world, path, size):
    context = chromium.new_context(**size)
    context.add_cookies(login_cookies(server.url, world["cookie"]))
    page = context.new_page()
    page.goto(f"{server.url}/w/{world['workshop']}/{path}")
    return page


def phone_page(chromium, server, world, participant_id):
    context = chromium.new_context(**PHONE)
    context.add_cookies([{"name": f"cg_p{world['workshop']}", "value": world["people"][participant_id],
                          "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{world['workshop']}/me")
    return page


def test_thirty_people_five_mixed_tables_alignment_rolled_up_into_plenary_and_plan(chromium, server, world):
    step_id = world["step"]
    console = facilitator_page(chromium, server, world, "console", LAPTOP)
    console.wait_for_selector("[data-save-state][data-state=saved]")
    panel = console.locator("[data-tables-panel]")
    setup = panel.locator("[data-tables-setup]")

    # Five tables, sectors mixed, everyone assigned — from the console's panel.
    setup.get_by_label("Number of tables").check()
    setup.get_by_label("Number", exact=True).fill("5")
    setup.get_by_label("Mix the sectors").check()
    setup.get_by_role("button", name="Set up the tables").click()
    panel.locator("[data-table-card]").nth(4).wait_for()
    panel.get_by_role("button", name="Assign everyone").click()
    seated = eventually(console, lambda: (lambda s: s if all(len(p) == 6 for _i, _n, p in s) else None)(
        read(world, lambda session: seating(session, world["workshop"]))))
    assert len(seated) == 5
    for _table_id, _name, people in seated:  # mixed: every sector at every table, none twice over
        counts = Counter(p.sector for p in people)
        assert set(counts) == set(SECTORS) and max(counts.values()) == 2, counts

    # The step runs in tables, from the console's switch.
    console.get_by_role("button", name="Run this step in tables").click()
    eventually(console, lambda: read(world, lambda s: s.get(Step, step_id).in_tables))

    # One real phone per table: each shows its table; its person writes a goal in the page.
    phones, sockets = {}, []
    try:
        for table_id, name, people in seated:
            first, *others = people
            page = phone_page(chromium, server, world, first.id)
            page.locator("[data-table-banner]", has_text=name).wait_for()
            form = page.locator("form[data-action=add_goal]")
            form.locator("textarea[name=text]").fill(f"Safe walking routes ({name})")
            form.get_by_role("button", name="Add this goal").click()
            phones[table_id] = (name, page)
            for person in others[:2]:  # two more per table on sockets, the rest only connected
                client = LiveClient(server.url, world["workshop"], token=world["people"][person.id])
                ack = client.act(step_id, "add_goal", {"text": f"Homework club near {name} ({person.name})"})
                assert ack["ok"] and ack["table"] == table_id, ack
                sockets.append(client)
            for person in others[2:]:
                sockets.append(LiveClient(server.url, world["workshop"], token=world["people"][person.id]))
        for name, page in phones.values():
            page.locator("[data-region=mine]", has_text=f"Safe walking routes ({name})").wait_for()
        # The room moves on to sharing (the console's phase bar): each table sees its own goals.
        move_phase(console, "Shared?")
        for table_id, (name, page) in phones.items():
            others = page.locator("[data-region=others]")
            others.get_by_text(f"Homework club near {name}", exact=False).first.wait_for()
            text = page.inner_text("body")
            for other_id, (other, _page) in phones.items():  # nothing of another table on this phone
                if other_id != table_id:
                    assert f"({other})" not in text, (name, other)
        screenshot(phones[seated[0][0]][1], "done-when-phone-table-1-390")

        # Back in plenary: the console rolls the five tables' goals up.
        console.get_by_role("button", name="Back to the whole room").click()
        eventually(console, lambda: not read(world, lambda s: s.get(Step, step_id).in_tables))
        rollup = console.locator("[data-rollup]")
        rollup.wait_for()
        assert rollup.locator("[data-rollup-table]").count() == 5
        for _table_id, name, _people in seated:
            item = rollup.locator("[data-rollup-item]", has_text=f"Safe walking routes ({name})")
            item.locator("input[type=checkbox]").check()
        rollup.get_by_role("button", name="Add to this step", exact=True).click()
        editor = rollup.locator("[data-rollup-merge]")
        editor.locator("textarea").first.fill(MERGED)
        editor.get_by_role("button", name="Add the merged result to this step").click()
        themes = eventually(console, lambda: [t["name"] for t in read(
            world, lambda s: s.get(Step, step_id).state).get("themes", {}).values()])
        assert themes == [MERGED]
        for _table_id, name, _people in seated:  # the console shows it (and has let go of the ticks)
            rollup.locator("[data-rollup-item]", has_text=f"Safe walking routes ({name})").get_by_text(
                "In this step").wait_for()

        for _table_id, name, _people in seated:
            console.get_by_label(f"Safe walking routes ({name})").check()
        rollup.get_by_role("button", name="Add to the plan").click()
        editor.get_by_label("Title").fill(MERGED)
        editor.get_by_role("button", name="Add the merged result to the plan").click()
        item = eventually(console, lambda: read(world, lambda s: s.scalar(select(PlanItem).where(
            PlanItem.source_key.like(f"{step_id}:rollup:%")))))
        assert item.title == MERGED
        assert sorted(item.provenance["tables"]) == sorted(name for _i, name, _p in seated)
        screenshot(console, "done-when-console-rollup-1280")

        # The room screen shows every table's result together.
        screen = facilitator_page(chromium, server, world, "screen", {"viewport": {"width": 1920, "height": 1080}})
        rollup.get_by_role("button", name="All tables together").click()
        shown = screen.locator("[data-screen-rollup]")
        shown.wait_for()
        eventually(screen, lambda: shown.locator(".screen-rollup-table").count() == 5)
        screenshot(screen, "done-when-screen-rollup-1920")
    finally:
        for client in sockets:
            client.close()
