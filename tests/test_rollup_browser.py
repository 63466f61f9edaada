"""The breakout tables' roll-up in real Chromium (issue 22), on the real server: three tables'
phones write goals through the socket; the console (1280x800) shows every table's results side
by side, merges two tables' goals in the facilitator's words into the plenary step, sends one
and then a merged pair to the plan (and takes one back out), and turns the room screen
(1920x1080) from every table together to one table at a time. In English and in French, clean
under axe-core; with 5 and 20 tables the console keeps its actions in reach and the screen
fits the projector without scrolling."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Action, BreakoutTable, Facilitator, PlanItem
from tests.browser import LAPTOP, launched, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer, facilitator_cookie, seed_app
from tests.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(600)]
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
SECTORS = ["Education", "Health", "Housing"]
GOALS = {
    "Oak": ["Safe walking routes to every school", "Breakfast before the first lesson"],
    "Elm": ["A school nurse on every site", "Eye tests for every six-year-old"],
    "Ash": ["Stable homes near the schools", "Quiet places to do homework"],
}
NAMES = ["Amira Haddad", "Bruno Keller", "Chen Wei", "Dana Osei", "Emil Novak", "Fatou Diallo"]
MERGED = "Safe and healthy journeys to school"
PLAN_TITLE = "Every child has a quiet, stable place to learn"
IN_VIEW = "(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 1; }"
# The smallest result title on the screen in CSS pixels, after screenfit.js's zoom.
SMALLEST_TEXT = """() => {
  const body = document.querySelector('[data-screen-rollup] [data-step-body]');
  const zoom = parseFloat(body.style.zoom) || 1;
  return Math.min(...Array.from(body.querySelectorAll('.screen-rollup-item-title'))
    .map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom));
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    # Controls as fast as the test clicks (the control throttle has its own tests). The join
    # link is on the network, as in a venue, so no loopback warning sits above the console.
    live = LiveServer(tmp_path_factory.mktemp("rollup"), CONTROL_RATE="1000", CONTROL_BURST="1000")
    live.env["PUBLIC_URL"] = f"http://192.0.2.10:{live.port}"
    live.migrate()
    live.start()
    yield live
    live.stop()


def seed_workshop(server, tables: list[str], title: str, language: str = "en") -> dict:
    """A live workshop of the facilitator's with one alignment mapper step and ``tables``, each
    with two seated people of one sector (in turn); returns their ids and phone tokens."""
    app = seed_app(server.db_url)
    with app.app_context():
        owner = db.session.query(Facilitator).filter_by(email=EMAIL).one()
        workshop = create_workshop(create_partnership(owner, name=f"{title} partnership"), title=title,
                                   steps=(("alignment_mapper", None),), language=language)
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tables": {}, "tokens": {}}
        for position, name in enumerate(tables):
            table = BreakoutTable(workshop_id=workshop.id, position=position, name=name)
            db.session.add(table)
            db.session.flush()
            ids["tables"][name] = table.id
            for seat in range(2):
                person = NAMES[(2 * position + seat) % len(NAMES)]
                participant, token = create_participant(workshop, name=person, sector=SECTORS[position % 3])
                participant.table_id = table.id
                ids["tokens"].setdefault(name, []).append(token)
        db.session.commit()
        db.session.remove()
    return ids


@pytest.fixture(scope="module")
def cookie(server):
    app = seed_app(server.db_url)
    with app.app_context():
        create_facilitator(EMAIL, PASSWORD)
        db.session.remove()
    return facilitator_cookie(server.url, EMAIL, PASSWORD)


def run_in_tables(server, ids, cookie) -> LiveClient:
    console = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    assert console.control("step_tables", {"step_id": ids["step"], "on": True})["ok"]
    return console


def write_goals(server, ids, console):
    """Each table's two phones write their goal (the participants' own socket path)."""
    phones = []
    for name, goals in GOALS.items():
        for token, goal in zip(ids["tokens"][name], goals, strict=True):
            phone = LiveClient(server.url, ids["workshop"], token=token)
            ack = phone.act(ids["step"], "add_goal", {"text": goal})
            assert ack["ok"] and ack["table"] == ids["tables"][name], ack
            phones.append(phone)
    console.wait(lambda c: sum(len(t["items"]) for t in rollup_of(c, ids)["tables"]) >= 6 + 3)
    return phones


def rollup_of(client, ids) -> dict:
    return (client.doc["steps"][str(ids["step"])].get("rollup") or {"tables": []}) if client.doc else {"tables": []}


def browser_context(chromium, server, cookie, **options):
    context = chromium.new_context(**options, bypass_csp=True)  # bypass: axe is injected
    context.add_cookies([{"name": k, "value": v, "url": server.url}
                         for k, v in (p.split("=", 1) for p in cookie.split("; ") if "=" in p)])
    return context


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollHeight <= innerHeight + 1"
                         " && document.documentElement.scrollWidth <= innerWidth + 1")


def assert_axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


@pytest.fixture(scope="module")
def room(server, cookie):
    ids = seed_workshop(server, list(GOALS), "Roll-up")
    console = run_in_tables(server, ids, cookie)
    phones = write_goals(server, ids, console)
    yield ids, console
    for client in (console, *phones):
        client.close()


def open_console(context, server, ids, lang: str):
    """The console of ``ids``'s workshop in ``lang``, once its roll-up panel shows."""
    console = context.new_page()
    console.goto(f"{server.url}/w/{ids['workshop']}/console?lang={lang}")
    panel = console.locator("[data-rollup]")
    panel.wait_for()
    return console, panel


def goal(page, text):
    return page.locator("[data-rollup] [data-rollup-item]", has_text=text)


def test_the_console_merges_plans_and_shows_the_tables_results(chromium, server, cookie, room):
    ids, watcher = room
    step = ids["step"]
    console_context = browser_context(chromium, server, cookie, **LAPTOP)
    screen_context = browser_context(chromium, server, cookie, **PROJECTOR)
    try:
        console, panel = open_console(console_context, server, ids, "en")
        columns = panel.locator("[data-rollup-table]")
        assert columns.count() == 3
        oak = panel.locator(f"[data-rollup-table='{ids['tables']['Oak']}']")
        head = oak.inner_text()
        assert "Oak" in head and "Education" in head and "2 of 2 contributed" in head
        # Two goals from two tables, merged in the facilitator's words into the plenary step.
        console.get_by_label(GOALS["Oak"][0]).check()
        console.get_by_label(GOALS["Elm"][0]).check()
        assert "2 results ticked" in panel.inner_text()
        panel.get_by_role("button", name="Add to this step", exact=True).click()
        editor = panel.locator("[data-rollup-merge]")
        wording = editor.get_by_label("Wording")
        assert wording.input_value() == f"{GOALS['Oak'][0]} / {GOALS['Elm'][0]}"
        assert "Oak" in editor.inner_text() and "Elm" in editor.inner_text()
        wording.fill(MERGED)
        screenshot(console, "rollup-console-merge-1280")
        editor.get_by_role("button", name="Add the merged result to this step").click()
        goal(console, GOALS["Oak"][0]).get_by_text("In this step").wait_for()
        goal(console, GOALS["Elm"][0]).get_by_text("In this step").wait_for()
        assert editor.is_hidden() and "No result ticked yet." in panel.inner_text()
        # Adopting twice is refused, and the words say why next to the actions.
        console.get_by_label(GOALS["Oak"][0]).check()
        panel.get_by_role("button", name="Add to this step", exact=True).click()
        panel.locator("[data-rollup-error]").get_by_text("already").wait_for()
        panel.get_by_role("button", name="Untick all").click()

        # One goal into the plan as it is, then two merged with an edited title.
        console.get_by_label(GOALS["Ash"][0]).check()
        panel.get_by_role("button", name="Add to the plan").click()
        goal(console, GOALS["Ash"][0]).get_by_text("In the plan").wait_for()
        console.get_by_label(GOALS["Ash"][1]).check()
        console.get_by_label(GOALS["Oak"][1]).check()
        panel.get_by_role("button", name="Add to the plan").click()
        assert editor.get_by_label("Title").input_value() == f"{GOALS['Oak'][1]} / {GOALS['Ash'][1]}"  # table order
        editor.get_by_label("Title").fill(PLAN_TITLE)
        editor.get_by_role("button", name="Add the merged result to the plan").click()
        planned = panel.locator("[data-rollup-planned]")
        planned.get_by_text(PLAN_TITLE).wait_for()
        assert "From: Oak, Ash" in planned.inner_text()
        screenshot(console, "rollup-console-1280")
        assert_axe_clean(console)

        app = seed_app(server.db_url)
        with app.app_context():
            # The alignment mapper brings a table's goals in as a theme of the room.
            adopted = db.session.query(Action).filter_by(step_id=step, type="create_theme").all()
            assert [a.payload["name"] for a in adopted] == [MERGED]
            rows = db.session.query(PlanItem).filter(PlanItem.source_key.like(f"{step}:rollup:%"))
            items = {i.source_key: i for i in rows}
            assert items[f"{step}:rollup:r1"].title == GOALS["Ash"][0]
            assert items[f"{step}:rollup:r2"].title == PLAN_TITLE
            assert items[f"{step}:rollup:r2"].status != "dropped"
            db.session.remove()
        # Taken back out of the plan: gone from the list, dropped in the plan.
        planned.get_by_role("button", name=f"Take “{PLAN_TITLE}” out of the plan").click()
        planned.get_by_text(PLAN_TITLE).wait_for(state="detached")
        with app.app_context():
            item = db.session.query(PlanItem).filter_by(source_key=f"{step}:rollup:r2").one()
            assert item.status == "dropped"
            db.session.remove()
        watcher.wait(lambda c: [p["id"] for p in rollup_of(c, ids)["planned"]] == ["r1"])

        # The room screen: every table together, then one at a time, from the console's buttons.
        screen = screen_context.new_page()
        screen.goto(f"{server.url}/w/{ids['workshop']}/screen?lang=en")
        screen.locator(f"section[data-step='{step}']").wait_for()
        shown = screen.locator("[data-screen-rollup]")
        assert shown.is_hidden()
        panel.get_by_role("button", name="All tables together").click()
        shown.wait_for()
        assert shown.locator(".screen-rollup-table").count() == 3
        text = shown.inner_text()
        assert all(g in text for goals in GOALS.values() for g in goals)
        assert "Education" in text and "Health" in text and "Housing" in text
        assert not any(name.split()[0] in screen.inner_text("body") for name in NAMES)  # sectors, never names
        assert fits(screen) and screen.locator("[data-screen-page]").is_hidden()
        screenshot(screen, "rollup-screen-all-1920")
        assert_axe_clean(screen)
        panel.get_by_role("button", name="One table at a time").click()
        screen.locator("[data-screen-rollup].is-turn .screen-rollup-table h3", has_text="Oak").wait_for()
        assert shown.locator(".screen-rollup-table").count() == 1
        assert "table 1 of 3" in panel.inner_text()
        panel.get_by_role("button", name="Next table").click()
        screen.locator(".screen-rollup-table h3", has_text="Elm").wait_for()
        assert GOALS["Oak"][0] not in shown.inner_text()
        screenshot(screen, "rollup-screen-turn-1920")
        panel.get_by_role("button", name="Previous table").click()
        screen.locator(".screen-rollup-table h3", has_text="Oak").wait_for()
        panel.get_by_role("button", name="Nothing", exact=True).click()
        shown.wait_for(state="hidden")
        screen.locator(f"section[data-step='{step}']").wait_for()
    finally:
        console_context.close()
        screen_context.close()


def test_french_console_and_screen(chromium, server, cookie):
    """A French workshop: its room screen speaks the workshop's language, the console the
    facilitator's choice."""
    ids = seed_workshop(server, list(GOALS), "Atelier", language="fr")
    watcher = run_in_tables(server, ids, cookie)
    phones = write_goals(server, ids, watcher)
    assert watcher.control("rollup_plan", {"step": ids["step"], "items": [
        item["key"] for table in rollup_of(watcher, ids)["tables"] for item in table["items"]
        if item["title"] == GOALS["Ash"][0]]})["ok"]
    console_context = browser_context(chromium, server, cookie, **LAPTOP)
    screen_context = browser_context(chromium, server, cookie, **PROJECTOR)
    try:
        console, panel = open_console(console_context, server, ids, "fr")
        text = panel.inner_text()
        for label in ("Ce que les tables ont trouvé", "Ajouter à cette étape", "Ajouter au plan",
                      "Montrer à l'écran", "2 sur 2 ont contribué", "Aucun résultat coché pour l'instant."):
            assert label in text, label
        assert "Dans le plan" in goal(console, GOALS["Ash"][0]).inner_text()
        console.get_by_label(GOALS["Elm"][1]).check()
        console.get_by_label(GOALS["Ash"][1]).check()
        panel.get_by_role("button", name="Ajouter au plan").click()
        editor = panel.locator("[data-rollup-merge]")
        assert "Fusionner en un seul" in editor.inner_text()
        assert editor.get_by_label("Titre").is_visible()
        screenshot(console, "rollup-console-1280-fr")
        assert_axe_clean(console)
        editor.get_by_role("button", name="Annuler").click()
        panel.get_by_role("button", name="Toutes les tables ensemble").click()
        screen = screen_context.new_page()
        screen.goto(f"{server.url}/w/{ids['workshop']}/screen?lang=fr")
        shown = screen.locator("[data-screen-rollup]")
        shown.wait_for()
        assert "Ce que les 3 tables ont trouvé" in shown.inner_text()
        assert "2 sur 2 ont contribué" in shown.inner_text()
        screenshot(screen, "rollup-screen-all-1920-fr")
        panel.get_by_role("button", name="Une table à la fois").click()
        screen.get_by_text("Une table à la fois").wait_for()
        screenshot(screen, "rollup-screen-turn-1920-fr")
        assert_axe_clean(screen)
        panel.get_by_role("button", name="Rien", exact=True).click()
        shown.wait_for(state="hidden")
    finally:
        console_context.close()
        screen_context.close()
        for client in (watcher, *phones):
            client.close()


@pytest.mark.parametrize("count", [5, 20])
def test_many_tables_stay_usable(chromium, server, cookie, count):
    """5 and 20 tables, each with three results: the console wraps them in columns, never wider
    than the window, with the actions in view while scrolling; the screen fits 1920x1080 without
    scrolling (5 tables without even paging)."""
    names = [f"Table {n}" for n in range(1, count + 1)]
    ids = seed_workshop(server, names, f"Roll-up {count}")
    console_client = run_in_tables(server, ids, cookie)
    for name in names:  # one phone a table writes its three goals, then hangs up
        phone = LiveClient(server.url, ids["workshop"], token=ids["tokens"][name][0])
        for n in range(3):
            ack = phone.act(ids["step"], "add_goal", {"text": f"{name}: a goal worded for the room, number {n + 1}"})
            assert ack["ok"], ack
        phone.close()
    console_client.wait(lambda c: sum(len(t["items"]) for t in rollup_of(c, ids)["tables"]) >= 4 * count)
    assert console_client.control("rollup_screen", {"step": ids["step"], "mode": "all"})["ok"]
    contexts = []
    try:
        for size, options in (("1280", LAPTOP), ("1920", PROJECTOR)):
            context = browser_context(chromium, server, cookie, **options)
            contexts.append(context)
            console, panel = open_console(context, server, ids, "en")
            assert panel.locator("[data-rollup-table]").count() == count
            assert console.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")
            console.get_by_label(f"{names[-1]}: a goal worded for the room, number 1").check()
            actions = panel.locator("[data-rollup-actions]")
            assert actions.evaluate(IN_VIEW)
            assert "1 result ticked" in actions.inner_text()
            screenshot(console, f"rollup-console-{count}-tables-{size}")
        screen_context = browser_context(chromium, server, cookie, **PROJECTOR)
        contexts.append(screen_context)
        screen = screen_context.new_page()
        screen.goto(f"{server.url}/w/{ids['workshop']}/screen?lang=en")
        shown = screen.locator("[data-screen-rollup]")
        shown.wait_for()
        assert fits(screen)
        if count == 5:
            assert screen.locator("[data-screen-page]").is_hidden()
            assert shown.locator(".screen-rollup-table:visible").count() == 5
            smallest = screen.evaluate(SMALLEST_TEXT)
            assert smallest >= 18, smallest  # readable from the back of a room
        else:  # twenty do not fit even at screenfit's smallest size: they are paged, never scrolled
            screen.get_by_text("Page 1 of 2").wait_for()
        screenshot(screen, f"rollup-screen-{count}-tables-1920")
    finally:
        for context in contexts:
            context.close()
        console_client.close()
