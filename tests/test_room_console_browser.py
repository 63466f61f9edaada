"""Issue 17 in real Chromium, the console (1280x800) and the phones (390x844, 360x740), English
and French, with a full room: the exercise shows above the fold, the keyboard shortcuts act
(and never while typing), the timer starts from the planned minutes, the console previews the
screen; phones show the first input without scrolling, never split a short word across lines,
keep a half-typed draft across a reload; at the end the screen thanks the room (with the plan's
QR when chosen), the console links to the plan and exports, and phones link to "my plan"."""
from __future__ import annotations

import re

import pytest

from tests.browser import LAPTOP, PHONE, launched, require_chromium, screenshot
from tests.live_server import LiveClient, LiveServer, facilitator_cookie
from tests.room_seed import EMAIL, PASSWORD, seed_room

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}

# Words of up to ten letters that the browser laid out over two lines (a mid-word break).
SPLIT_WORDS = r"""() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.offsetParent) continue;
    for (const m of node.textContent.matchAll(/[\p{L}]{2,10}/gu)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(m[0]);
    }
  }
  return split;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    # Controls as fast as the module sends them (it moves the room through every step; the
    # 5-a-second control throttle has its own tests in test_sync_limits.py).
    live = LiveServer(tmp_path_factory.mktemp("console"), SCREEN_ROTATE_SECONDS="0", CONTROL_RATE="1000",
                      CONTROL_BURST="1000")
    # As in a venue: the join link is on the network (a documentation address), so the console
    # shows no loopback warning above the step (test_ops_browser.py covers the warning).
    live.env["PUBLIC_URL"] = f"http://192.0.2.10:{live.port}"
    live.migrate()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def world(server):
    ids = seed_room(server.db_url)
    assert ids["en"]["done"]["notes"] == 40 and ids["fr"]["done"]["goals"] == 12, ids
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


@pytest.fixture(scope="module")
def facilitator(server, world):
    clients = {}

    def get(lang):
        if lang not in clients:
            clients[lang] = LiveClient(server.url, world[lang]["workshop"], role="facilitator", cookie=world["cookie"])
        return clients[lang]

    yield get
    for client in clients.values():
        client.close()


def bring_room(client, step_id: int) -> None:
    assert client.control("goto", {"step_id": step_id})["ok"]
    assert client.control("bring_here")["ok"]
    client.wait(lambda c: c.doc["workshop"]["room_step"] == step_id and c.doc["workshop"]["current_step"] == step_id)


def console_page(chromium, server, world, lang):
    context = chromium.new_context(**LAPTOP)
    context.add_cookies([{"name": k, "value": v, "url": server.url}
                         for k, v in (p.split("=", 1) for p in world["cookie"].split("; ") if "=" in p)])
    page = context.new_page()
    page.goto(f"{server.url}/w/{world[lang]['workshop']}/console?lang={lang}")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    return page


def phone_page(chromium, server, world, lang, size=PHONE):
    context = chromium.new_context(**size)
    context.add_cookies([{"name": f"cg_p{world[lang]['workshop']}", "value": world[lang]["token"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{world[lang]['workshop']}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    return page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_console_shows_the_exercise_above_the_fold_and_times_from_the_plan(chromium, server, world, facilitator, lang):
    step_id = world[lang]["steps"]["ideas"]
    bring_room(facilitator(lang), step_id)
    page = console_page(chromium, server, world, lang)
    try:
        body = page.locator(f'section[data-step="{step_id}"] [data-step-body]')
        body.wait_for()
        top = body.bounding_box()["y"]
        assert top < 360, top  # the controls used to take the top 400 px
        first_card = page.locator(f'section[data-step="{step_id}"] li.note').first.bounding_box()
        assert first_card["y"] + 40 < 800
        assert page.locator(f"#timer-min-{step_id}").input_value() == "15"  # the step's planned minutes
        clock = page.locator("[data-plan-clock]").inner_text()
        assert ("min planned" if lang == "en" else "min prévues") in clock
        screenshot(page, f"room-console-1280-{lang}")
    finally:
        page.context.close()


def test_keyboard_shortcuts_act_and_never_while_typing(chromium, server, world, facilitator):
    client = facilitator("en")
    steps = world["en"]["steps"]
    bring_room(client, steps["ideas"])
    page = console_page(chromium, server, world, "en")
    try:
        page.keyboard.press("?")
        dialog = page.locator("[data-shortcuts]")
        dialog.wait_for(state="visible")
        assert "Lock the step" in dialog.inner_text()
        screenshot(page, "room-console-shortcuts")
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        # Typing an "l" in a field types it; it does not lock the step.
        page.locator(f'section[data-step="{steps["ideas"]}"] summary', has_text="Add a note yourself").click()
        field = page.locator(f'section[data-step="{steps["ideas"]}"] textarea').first
        field.click()
        page.keyboard.type("l r n")
        assert "l r n" in field.input_value()
        assert client.doc["steps"][str(steps["ideas"])]["status"] == "open"
        page.locator("h1").click()
        # Each toggle reads what the page shows, so wait for the page too before pressing again.
        page.keyboard.press("l")
        client.wait(lambda c: c.doc["steps"][str(steps["ideas"])]["status"] == "locked")
        page.wait_for_selector('[data-step-controls] button[aria-pressed="true"]:text-is("Lock")')
        page.keyboard.press("l")
        client.wait(lambda c: c.doc["steps"][str(steps["ideas"])]["status"] == "open")
        page.wait_for_selector('[data-step-controls] button[aria-pressed="false"]:text-is("Lock")')
        page.keyboard.press("r")
        client.wait(lambda c: c.doc["steps"][str(steps["ideas"])]["hidden"] is True)
        page.wait_for_selector('[data-step-controls] button:text-is("Reveal answers")')
        page.keyboard.press("r")
        client.wait(lambda c: c.doc["steps"][str(steps["ideas"])]["hidden"] is False)
        page.keyboard.press("+")  # off: starts with the planned 15 minutes
        client.wait(lambda c: c.doc["steps"][str(steps["ideas"])]["timer"]["state"] == "running")
        page.wait_for_selector(f'[data-timer-step="{steps["ideas"]}"]:text-matches("^1[45]:")')
        page.keyboard.press("n")
        client.wait(lambda c: c.doc["workshop"]["room_step"] == steps["alignment_mapper"])
        assert client.control("timer", {"step_id": steps["ideas"], "command": "clear"})["ok"]
    finally:
        page.context.close()


def test_console_selects_act_only_on_an_explicit_confirm(chromium, server, world, facilitator):
    client = facilitator("en")
    step_id = world["en"]["steps"]["ideas"]
    bring_room(client, step_id)
    page = console_page(chromium, server, world, "en")
    try:
        notes = lambda c: c.doc["steps"][str(step_id)]["view"]["notes"]  # noqa: E731
        client.wait(lambda c: len(notes(c)) == 40)
        first = page.locator(f'section[data-step="{step_id}"] li.note').first
        # The merge choices are built when asked for ("Merge…"), then act only on "Merge".
        first.get_by_label(re.compile("^Merge “.*” into another note$")).click()
        merge = first.locator("[data-merge-choice]")
        merge.focus()
        page.keyboard.press("ArrowDown")  # used to merge at once
        page.keyboard.press("ArrowDown")
        assert merge.input_value() != ""
        # A control sent after it from this page arrives after any merge it had sent (one outbox,
        # in order): once the lock shows, a merge would have shown too.
        page.get_by_role("button", name="Lock", exact=True).click()
        client.wait(lambda c: c.doc["steps"][str(step_id)]["status"] == "locked")
        assert len(notes(client)) == 40
        assert client.control("step_status", {"step_id": step_id, "status": "open"})["ok"]
        client.wait(lambda c: c.doc["steps"][str(step_id)]["status"] == "open")
        # The lock redrew the cards; the open merge and its choice survive it: now confirm.
        assert merge.input_value() != ""
        button = first.get_by_role("button", name=re.compile("into the chosen note$"))
        assert button.is_enabled()
        button.click()
        client.wait(lambda c: len(notes(c)) == 39)
    finally:
        page.context.close()


def test_console_previews_the_room_screen(chromium, server, world, facilitator):
    step_id = world["fr"]["steps"]["role_board"]
    bring_room(facilitator("fr"), step_id)
    page = console_page(chromium, server, world, "fr")
    try:
        page.locator("[data-screen-preview] summary").click()
        frame = page.frame_locator("[data-screen-preview] iframe")
        frame.locator(f'section[data-step="{step_id}"]:not([hidden]) h2').wait_for(timeout=20000)
        box = page.locator("[data-screen-preview] .screen-preview-frame").bounding_box()
        assert 150 < box["width"] < 400 and abs(box["height"] - box["width"] * 9 / 16) < 3
        screenshot(page, "room-console-preview-fr")
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_phone_first_input_above_the_fold_and_no_split_words(chromium, server, world, facilitator, lang):
    client = facilitator(lang)
    am = world[lang]["steps"]["alignment_mapper"]
    # Step 1 as people meet it: the alignment mapper's first phase, writing goals.
    assert client.control("step_phase", {"step_id": am, "phase": "goals"})["ok"]
    for key in ("alignment_mapper", "ideas", "policy_window", "reframing", "role_board",
                "indicators", "agreement", "data_sharing", "commitments", "trust_pulse"):
        bring_room(client, world[lang]["steps"][key])
        for name, size in (("390", PHONE), ("360", SMALL_PHONE)):
            page = phone_page(chromium, server, world, lang, size)
            try:
                section = page.locator(f'section[data-step="{world[lang]["steps"][key]}"]')
                section.wait_for()
                if key in ("alignment_mapper", "ideas") and name == "390":
                    field = section.locator("[data-step-body] :is(textarea, input:not([type=hidden]), select, "
                                            "button):visible").first
                    box = field.bounding_box()
                    assert box and box["y"] + box["height"] <= 844, (key, box)
                split = page.evaluate(SPLIT_WORDS)
                assert not split, (key, name, split[:10])
                screenshot(page, f"room-phone-{name}-{lang}-{key}")
            finally:
                page.context.close()
    assert client.control("step_phase", {"step_id": am, "phase": "shared"})["ok"]


def test_a_half_typed_draft_survives_a_reload(chromium, server, world, facilitator):
    bring_room(facilitator("en"), world["en"]["steps"]["ideas"])
    page = phone_page(chromium, server, world, "en")
    try:
        field = page.get_by_label("Your idea")
        field.fill("Half an idea about the walking")
        page.reload()
        page.wait_for_selector("[data-save-state][data-state=saved]")
        assert page.get_by_label("Your idea").input_value() == "Half an idea about the walking"
        page.get_by_label("Your idea").fill("A whole idea about the walking bus")
        page.get_by_role("button", name="Post my idea").click()
        page.wait_for_selector('.note-text:has-text("A whole idea about the walking bus")')
        page.reload()
        page.wait_for_selector("[data-save-state][data-state=saved]")
        assert page.get_by_label("Your idea").input_value() == ""  # sent, so no longer a draft
    finally:
        page.context.close()


def test_after_the_end_thanks_plan_qr_links_to_plan_and_my_plan(chromium, server, world, facilitator):
    client = facilitator("fr")
    step_id = world["fr"]["steps"]["ideas"]
    bring_room(client, step_id)
    console = console_page(chromium, server, world, "fr")
    screen = console.context.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"{server.url}/w/{world['fr']['workshop']}/screen")
    phone = phone_page(chromium, server, world, "fr")
    try:
        console.once("dialog", lambda d: d.accept())
        console.get_by_role("button", name="Terminer l'atelier").click()
        screen.locator("[data-ended]").wait_for(state="visible")
        assert "Merci" in screen.locator("[data-ended]").inner_text()
        assert screen.locator("[data-lobby]").is_hidden() and screen.locator(".join-code").is_hidden()
        assert screen.locator("[data-plan-qr]").is_hidden()
        console.locator("[data-plan-qr]").check()
        screen.locator("[data-plan-qr] img").wait_for(state="visible")
        assert "/plan-qr.svg" in screen.locator("[data-plan-qr] img").get_attribute("src")
        assert screen.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight")
        screenshot(screen, "room-screen-ended-fr")
        links = console.locator("[data-ended-links]")
        links.wait_for(state="visible")
        assert links.locator(f"a[href$='/partnerships/{1}/plan'], a[href*='/plan']").count() >= 1
        assert links.locator("a[href*='/export/']").count() >= 3
        screenshot(console, "room-console-ended-fr")
        my_plan = phone.locator("[data-my-plan] a")
        my_plan.wait_for(state="visible")
        assert my_plan.get_attribute("href").endswith(f"/w/{world['fr']['workshop']}/my-plan")
        screenshot(phone, "room-phone-ended-fr")
    finally:
        console.context.close()
        phone.context.close()
