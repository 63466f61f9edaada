"""Real Chromium: a screen-reader user is told what happens in the room, once each, and no
message is lost; new ideas from others arrive summarised; the ideas list does not move under
a voter and placing the last dot keeps the focus where it was."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Facilitator
from tests.browser import PHONE, launched, require_chromium
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie, running
from tests.test_accessibility import AXE, assert_no_violations, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"

# Records every text the page's live regions take, with the region's id, in order.
OBSERVE = """() => {
  window.__said = [];
  for (const id of ['announcer', 'urgent', 'alerts']) {
    const el = document.getElementById(id);
    if (!el) continue;
    new MutationObserver(() => { if (el.textContent) window.__said.push([id, el.textContent]); })
      .observe(el, {childList: true, characterData: true, subtree: true});
  }
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("a11y_live"))


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


@pytest.fixture(scope="module")
def cookie(server):
    app = server.seed_app()
    with app.app_context():
        create_facilitator(EMAIL, PASSWORD)
        db.session.remove()
    return facilitator_cookie(server.url, EMAIL, PASSWORD)


@pytest.fixture
def room(server, cookie):
    """A fresh live workshop (ideas, ideas, reframing, role board, alignment map, policy window)
    with three participants (one with an Arabic name): its ids, the
    participants' tokens, and a facilitator socket."""
    app = server.seed_app()
    with app.app_context():
        owner = db.session.query(Facilitator).filter_by(email=EMAIL).one()
        partnership = create_partnership(owner)
        steps = [(key, None) for key in ("ideas", "ideas", "reframing", "role_board", "alignment_mapper",
                                         "policy_window", "data_sharing")]
        workshop = create_workshop(partnership, title="Room", steps=steps)
        tokens = [create_participant(workshop, name=name)[1] for name in ("Ana", "Ben", "فاطمة الزهراء")]
        dee, token = create_participant(workshop, name="Dee")
        dee.language = "fr"  # reads the room in French
        db.session.commit()
        tokens.append(token)
        ids = {"workshop": workshop.id, "steps": [s.id for s in workshop.steps], "tokens": tokens}
        db.session.remove()
    fac = LiveClient(server.url, ids["workshop"], role="facilitator", cookie=cookie)
    yield ids, fac
    fac.close()


def phone(chromium, server, ids, who=0, section=None, **size):
    """A participant's phone on the room's step (the first ideas step unless ``section``)."""
    context = chromium.new_context(**{**PHONE, **size}, bypass_csp=True)  # bypass: axe is injected
    ws = ids["workshop"]
    context.add_cookies([{"name": f"cg_p{ws}", "value": ids["tokens"][who], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{ws}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    if section:
        page.wait_for_selector(f"section[data-step='{section}']:not([hidden])")
    else:
        first = ids["steps"][0]
        page.wait_for_selector(f"section[data-step='{first}'] [data-region='dots-left']:has-text('dots left')")
    page.evaluate(OBSERVE)
    return page


def said(page):
    return page.evaluate("window.__said")


def wait_said(page, text, region="announcer", timeout=15000):
    page.wait_for_function("([text, region]) => window.__said.some(([id, t]) => id === region && t.includes(text))",
                           arg=[text, region], timeout=timeout)


def test_each_room_change_is_announced_once(chromium, server, room):
    ids, fac = room
    step = ids["steps"][0]
    page = phone(chromium, server, ids)
    assert fac.control("step_status", {"step_id": step, "status": "locked"})["ok"]
    wait_said(page, "locked")
    assert fac.control("step_status", {"step_id": step, "status": "open"})["ok"]
    wait_said(page, "open for contributions again")
    assert fac.control("step_hidden", {"step_id": step, "hidden": True})["ok"]
    wait_said(page, "hidden from the room")
    assert fac.control("step_hidden", {"step_id": step, "hidden": False})["ok"]
    wait_said(page, "revealed")
    assert fac.control("timer", {"step_id": step, "command": "start", "seconds": 600})["ok"]
    wait_said(page, "timer has started")
    assert fac.control("goto", {"step_id": ids["steps"][2]})["ok"]
    assert fac.control("bring_here", {})["ok"]
    wait_said(page, "moved to another step")
    assert fac.control("step_status", {"step_id": ids["steps"][2], "status": "closed"})["ok"]
    wait_said(page, "now closed")
    assert fac.control("workshop_status", {"status": "ended"})["ok"]
    wait_said(page, "workshop has ended", region="urgent")
    texts = " ".join(t for _id, t in said(page))
    for words in ("locked", "open for contributions again", "hidden from the room", "revealed", "timer has started",
                  "moved to another step", "now closed", "workshop has ended"):
        assert texts.count(words) == 1, (words, said(page))
    # Nothing about saving: the indicator is not a live region.
    assert "saved" not in texts.lower() and "Saving" not in texts
    page.context.close()


def test_the_end_of_time_is_said_assertively(chromium, server, room):
    ids, fac = room
    page = phone(chromium, server, ids)
    assert fac.control("timer", {"step_id": ids["steps"][0], "command": "start", "seconds": 2})["ok"]
    wait_said(page, "Time's up", region="urgent")
    assert [t for i, t in said(page) if "Time's up" in t] == ["Time's up"]
    page.context.close()


def test_quick_messages_are_queued_and_merged_not_dropped(chromium, server, room):
    ids, _fac = room
    page = phone(chromium, server, ids)
    page.evaluate("""async () => {
      const ui = await import('/static/js/ui.js');
      ui.announce('First news');
      await new Promise((r) => setTimeout(r, 400));
      ui.announce('Idea posted');
      ui.announce('Idea posted');
    }""")
    wait_said(page, "Idea posted")
    texts = [t for _id, t in said(page)]
    assert texts[0] == "First news"
    assert sum(t.count("Idea posted") for t in texts) == 1, texts
    page.context.close()


def test_new_ideas_from_others_arrive_summarised(chromium, server, room):
    ids, _fac = room
    step = ids["steps"][0]
    page = phone(chromium, server, ids)
    ben = LiveClient(server.url, ids["workshop"], token=ids["tokens"][1])
    try:
        for text in ("Walking bus", "Breakfast club", "Homework room"):
            assert ben.act(step, "add_note", {"text": text})["ok"]
        # My own idea is not news from the room.
        section = page.locator(f"section[data-step='{step}']")
        section.get_by_label("Your idea").fill("Safe crossings")
        section.get_by_role("button", name="Post my idea").click()
        wait_said(page, "3 new ideas from the room")
        news = [t for _id, t in said(page) if "new idea" in t]
        assert news == ["3 new ideas from the room"], said(page)
    finally:
        ben.close()
    page.context.close()


def test_order_stays_while_voting_and_focus_stays_after_the_last_dot(chromium, server, room):
    ids, _fac = room
    step = ids["steps"][0]
    ben = LiveClient(server.url, ids["workshop"], token=ids["tokens"][1])
    try:
        for text in ("Walking bus", "Breakfast club", "Homework room"):
            assert ben.act(step, "add_note", {"text": text})["ok"]
        page = phone(chromium, server, ids)
        section = page.locator(f"section[data-step='{step}']")
        cards = section.locator("[data-region='room'] .note-text")
        page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 3",
                               arg=f"section[data-step='{step}'] [data-region='room'] .note-text")
        before = cards.all_inner_texts()
        last = before[-1]
        # Others vote the last idea to the top while this person is about to vote.
        notes = ben.notes(step)
        target = next(n for n in notes.values() if n["text"] == last)
        for _ in range(3):
            assert ben.act(step, "vote", {"note_id": target["id"]})["ok"]
        page.wait_for_selector(f"section[data-step='{step}'] .note-meta:has-text('3 dots')")
        assert cards.all_inner_texts() == before  # nothing moved under the finger
        plus = section.get_by_role("button", name=f"Place a dot on {last}")
        for n in range(3):
            plus.focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f"section[data-step='{step}'] .vote-count:text-is('{n + 1}')")
        # After the last dot, the focus is still on that "+" (not thrown to "−").
        page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('aria-label')"
                               f" === {('Place a dot on ' + last)!r}")
        assert plus.get_attribute("aria-disabled") == "true"
        assert cards.all_inner_texts() == before
        # This state (kept order, "Sort by dots", spent "+" buttons) passes axe, with 44 px targets.
        if AXE.exists():
            assert_no_violations(page, "ideas-participant-kept-order")
        assert small_targets(page) == []
        # On request, the list takes the room's order.
        section.get_by_role("button", name="Sort by dots").click()
        page.wait_for_function("([sel, first]) => document.querySelector(sel).textContent === first",
                               arg=[f"section[data-step='{step}'] [data-region='room'] .note-text", last])
        assert cards.all_inner_texts()[0] == last
        assert section.get_by_role("button", name="Sort by dots").count() == 0
        page.context.close()
    finally:
        ben.close()


def test_error_containers_are_live_regions_even_while_empty(chromium, server, room):
    ids, _fac = room
    page = phone(chromium, server, ids)
    shown = page.evaluate("""() => Array.from(document.querySelectorAll(['#alerts', '#announcer', '#urgent',
        'section:not([hidden]) [data-error-for]', 'section:not([hidden]) [data-form-error]'].join(', ')))
      .map((el) => [el.id || el.dataset.errorFor || 'form', getComputedStyle(el).display,
                    el.getAttribute('aria-live') || el.getAttribute('role')])""")
    assert shown and all(display != "none" and live for _name, display, live in shown), shown
    page.context.close()


def bring_room(fac, step_id):
    assert fac.control("goto", {"step_id": step_id})["ok"]
    assert fac.control("bring_here", {})["ok"]


def console_on(chromium, server, cookie, fac, step_id, **size):
    """The console (laptop unless ``size`` says otherwise) showing ``step_id``."""
    assert fac.control("goto", {"step_id": step_id})["ok"]
    context = chromium.new_context(**(size or {"viewport": {"width": 1280, "height": 800}}), bypass_csp=True)
    pairs = (part.split("=", 1) for part in cookie.split("; ") if "=" in part)
    context.add_cookies([{"name": k, "value": v, "url": server.url} for k, v in pairs])
    page = context.new_page()
    page.goto(f"{server.url}/w/{fac.doc['workshop']['id']}/console?lang=en")
    page.wait_for_selector(f"section[data-step='{step_id}']:not([hidden])")
    return page


# Buttons whose accessible name does not contain their visible words (WCAG 2.5.3).
NAME_MISMATCH = """(root) => Array.from(document.querySelectorAll(`${root} button[aria-label]`))
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el.textContent.replace(/\\s+/g, ' ').trim(), el.getAttribute('aria-label')])
  .filter(([text, label]) => text && !label.toLowerCase().includes(text.toLowerCase()))"""


def test_role_board_names_contain_their_labels_and_focus_is_not_under_the_tray(chromium, server, cookie, room):
    ids, fac = room
    step = ids["steps"][3]
    bring_room(fac, step)
    for org in ("North School", "City Clinic", "Homes Trust", "Youth Club", "Food Bank", "Library"):
        assert fac.act(step, "add_organisation", {"name": org, "sector": "Education"})["ok"]
    for org, position in (("North School", "lead"), ("City Clinic", ""), ("Homes Trust", "")):
        ack = fac.act(step, "assign", {"target_id": "r1", "organisation": org, "position": position})
        assert ack["ok"], ack
    page = console_on(chromium, server, cookie, fac, step, viewport={"width": 1280, "height": 520})
    page.wait_for_selector("button:has-text('Make lead')")
    assert page.evaluate(NAME_MISMATCH, f"section[data-step='{step}']") == []
    # Keyboard backwards from the bottom: no focused control sits under the sticky tray.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.locator(f"section[data-step='{step}'] button").last.focus()
    hidden, steps = [], 0
    while steps < 150 and not page.evaluate("() => document.activeElement.closest('.rb-tray-sticky') !== null"):
        steps += 1
        page.keyboard.press("Shift+Tab")
        where = page.evaluate("""() => {
          const el = document.activeElement;
          const tray = document.querySelector('section.step:not([hidden]) .rb-tray-sticky');
          if (!el || !tray || tray.contains(el) || !el.closest('section.step:not([hidden])')) return null;
          const box = el.getBoundingClientRect(); const bar = tray.getBoundingClientRect();
          return box.top < bar.bottom - 1 && box.bottom > bar.top ? el.textContent.trim().slice(0, 40) : null;
        }""")
        if where:
            hidden.append(where)
    assert steps < 150, "the keyboard never got back to the tray"
    assert hidden == [], hidden
    page.context.close()


def test_the_alignment_map_scrolls_by_keyboard_at_phone_width(chromium, server, cookie, room):
    ids, fac = room
    page = console_on(chromium, server, cookie, fac, ids["steps"][4], viewport={"width": 360, "height": 740})
    wrap = page.locator(f"section[data-step='{ids['steps'][4]}'] .am-map-wrap")
    assert wrap.get_attribute("tabindex") == "0"
    assert wrap.get_attribute("aria-label")
    wrap.focus()
    assert page.evaluate("document.activeElement.classList.contains('am-map-wrap')")
    page.context.close()


def test_the_home_page_rejoin_link_is_a_24px_target(chromium, server):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server.url}/?lang=en")
    box = page.get_by_role("link", name="Joined before on another device?").bounding_box()
    assert box["height"] >= 24, box
    page.close()


def test_a_right_to_left_name_keeps_its_place_in_policy_window_meta_lines(chromium, server, cookie, room):
    ids, fac = room
    step = ids["steps"][5]
    bring_room(fac, step)
    arabic = LiveClient(server.url, ids["workshop"], token=ids["tokens"][2])
    try:
        assert arabic.act(step, "add_note", {"column": "politics", "text": "انتخابات المجلس", "effect": "opens",
                                             "influence": "partly"})["ok"]
    finally:
        arabic.close()
    page = console_on(chromium, server, cookie, fac, step)
    meta = page.locator(f"section[data-step='{step}'] .note-meta").first
    meta.wait_for()
    # Each part is its own isolate, and the name is one of them: it cannot swap places with "0 dots".
    parts = meta.evaluate("(el) => Array.from(el.querySelectorAll(':scope > bdi')).map((b) => b.textContent)")
    assert any("فاطمة الزهراء" in part for part in parts), parts
    assert meta.locator("bdi", has_text="فاطمة الزهراء").count() >= 1
    name = meta.locator("bdi bdi", has_text="فاطمة الزهراء")
    assert name.inner_text() == "فاطمة الزهراء"
    page.context.close()


WIDE = """(w) => ({scroll: document.documentElement.scrollWidth,
  wide: Array.from(document.querySelectorAll('body *'))
    .filter((el) => el.getBoundingClientRect().right > w + 1 && el.offsetParent !== null)
    .slice(0, 6).map((el) => `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}"`)})"""


@pytest.mark.parametrize("index", [2, 3, 4, 5, 6],
                         ids=["reframing", "role_board", "alignment_mapper", "policy_window", "data_sharing"])
@pytest.mark.parametrize("zoom", ["320px", "200%-text"])
def test_the_console_does_not_scroll_sideways(chromium, server, cookie, room, index, zoom):
    ids, fac = room
    step = ids["steps"][index]
    bring_room(fac, step)
    if zoom == "320px":  # 1280 px at 400 % zoom
        page = console_on(chromium, server, cookie, fac, step, viewport={"width": 320, "height": 640})
        width = 320
    else:
        page = console_on(chromium, server, cookie, fac, step, viewport={"width": 390, "height": 844})
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        width = 390
    page.wait_for_timeout(100)  # one layout after the style
    found = page.evaluate(WIDE, width)
    assert found["scroll"] <= width, found
    page.context.close()


def test_a_phase_change_is_said_once_in_the_exercise_s_words(chromium, server, room):
    ids, fac = room
    step = ids["steps"][5]
    bring_room(fac, step)
    page = phone(chromium, server, ids, section=step)
    assert fac.control("step_phase", {"step_id": step, "phase": "read"})["ok"]
    try:
        wait_said(page, "Rate how open the window is")
    except Exception:
        raise AssertionError(said(page)) from None
    page.wait_for_timeout(1600)  # anything queued behind it would be said by now
    assert sum(t.count("Rate how open the window is") for _id, t in said(page)) == 1, said(page)
    page.context.close()


@pytest.mark.parametrize(("width", "text"), [(320, "100%"), (360, "100%"), (390, "200%")])
def test_french_tabs_never_break_inside_a_word(chromium, server, room, width, text):
    ids, fac = room
    step = ids["steps"][5]
    bring_room(fac, step)
    page = phone(chromium, server, ids, who=3, section=step, viewport={"width": width, "height": 740})
    tabs = page.locator(f"section[data-step='{step}'] .pw-tab")
    tabs.first.wait_for()
    page.evaluate("(size) => { document.documentElement.style.fontSize = size; }", text)
    page.wait_for_timeout(100)  # one layout after the change
    broken = page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel)).flatMap((tab) => {
      const walker = document.createTreeWalker(tab, NodeFilter.SHOW_TEXT);
      const out = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.textContent.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
          if (range.getClientRects().length > 1) out.push(m[0]);
        }
      }
      return out;
    })""", f"section[data-step='{step}'] .pw-tab")
    assert "Personnes" in " ".join(tabs.all_inner_texts()), tabs.all_inner_texts()
    assert broken == [], broken
    # Nor does a word run out of its tab ("Personnes" wider than its button at 360 px).
    spilling = page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel))
      .filter((tab) => tab.scrollWidth > tab.clientWidth + 1).map((tab) => tab.textContent)""",
                             f"section[data-step='{step}'] .pw-tab")
    assert spilling == [], spilling
    page.context.close()


# (visible words, accessible name) of buttons named for what they act on: the French name must
# hold the French visible words too (WCAG 2.5.3).
LABELLED = [
    ("role_board", "Take off", "Take off {organisation} from {target}"),
    ("role_board", "Make lead", "Make lead: {organisation} for {target}"),
    ("role_board", "Edit", "Edit {target}"),
    ("app", "Remove", "Remove {name}"),
    ("policy_window", "Remove", "Remove action: {text}"),
    ("ideas", "Delete", "Delete: {text}"),
]


@pytest.mark.parametrize(("where", "visible", "name"), LABELLED)
def test_french_accessible_names_hold_the_visible_words(where, visible, name):
    from babel.messages.pofile import read_po

    from app.i18n_catalogs import ROOT

    folder = ROOT / "app" if where == "app" else ROOT / "plugins" / where
    with (folder / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="fr")
    french = {m.id: m.string for m in catalog if m.id and not m.context}
    assert french[visible].lower() in french[name].lower(), (french[visible], french[name])
