"""Accessibility in real Chromium: axe-core finds no violations on any page (phone and laptop,
English and French), the console works by keyboard alone with a visible focus, nothing scrolls
sideways at 320 px or at 200 % text, the participant page works before the socket connects, and
live updates are announced politely and not too often."""
from __future__ import annotations

import itertools
import secrets
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Participant, Step, Workshop
from tests.browser import LAPTOP, PHONE, launched, require_chromium, screenshot
from tests.factories import create_champion, create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, LiveServer, facilitator_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EXERCISES = ("ideas", "alignment_mapper", "policy_window", "reframing", "role_board",
             "indicators", "agreement", "data_sharing", "commitments", "trust_pulse")
# Every page, and every exercise's console, participant page and room screen, at 360, 390, 1280
# and 1920 px.
SIZES = {"phone": PHONE, "laptop": LAPTOP, "small-phone": {**PHONE, "viewport": {"width": 360, "height": 740}},
         "projector": {"viewport": {"width": 1920, "height": 1080}}}
LANGS = ("en", "fr")
EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"


# -- one server, one seeded world, one browser for the module ---------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE} (npm install)")
    live = LiveServer(tmp_path_factory.mktemp("a11y"))
    live.migrate()
    live.start()
    yield live
    live.stop()


def _act(workshop_id, actor, step_id, kind, data):
    from app.live import engine

    return engine.submit_action(workshop_id, actor, {"op": secrets.token_hex(8), "step": step_id, "type": kind,
                                                     "data": data})


def _control(workshop_id, actor, command, data) -> bool:
    """A facilitator control (moving a phase, say), through the same path as the console's."""
    from app.live import engine
    from app.live.controls import CONTROLS

    mutate = CONTROLS[command][1]
    ack = engine.record_change(workshop_id, actor, secrets.token_hex(8), f"control.{command}", data,
                               lambda workshop: mutate(workshop, data))
    return bool(ack.get("ok"))


def _fill_steps(workshop, people):
    """Give every exercise something to show (best effort: a refused action just shows less)."""
    from app.exercises import Actor
    from app.live.identity import participant_actor

    owner = workshop.partnership.owner if hasattr(workshop.partnership, "owner") else None
    fac = Actor(role="facilitator", id=f"f:{owner.id if owner else 1}", name="Fran")
    ana, ben = (participant_actor(p) for p in people)
    steps = {s.exercise_key: s.id for s in workshop.steps}
    w = workshop.id
    _act(w, ana, steps["ideas"], "add_note", {"text": "Breakfast club before lessons"})
    _act(w, ben, steps["ideas"], "add_note", {"text": "Walking bus from the estate"})
    am = steps["alignment_mapper"]
    _act(w, ana, am, "add_goal", {"text": "Every child ready to learn"})
    _act(w, ben, am, "add_goal", {"text": "Healthy early years"})
    _control(w, fac, "step_phase", {"step_id": am, "phase": "shared"})
    _act(w, ben, am, "respond", {"card_id": "g1", "response": "shared"})
    _act(w, ana, am, "respond", {"card_id": "g2", "response": "partly"})
    pw = steps["policy_window"]
    _act(w, ana, pw, "add_note", {"column": "politics", "text": "Council election in the spring",
                                  "effect": "opens", "influence": "partly"})
    _act(w, ben, pw, "add_note", {"column": "power", "text": "Budget cuts in the news", "effect": "closes",
                                  "influence": "no"})
    _control(w, fac, "step_phase", {"step_id": pw, "phase": "read"})
    for actor, level in ((ana, "open"), (ben, "closed")):
        _act(w, actor, pw, "rate", {"target": "overall", "level": level})
        _act(w, actor, pw, "rate", {"target": "politics", "level": "opening"})
    _control(w, fac, "step_phase", {"step_id": pw, "phase": "act"})  # the ratings reach the room
    _act(w, ana, steps["reframing"], "add_problem", {"text": "Families wait months for support"})
    rb = steps["role_board"]
    _act(w, ana, rb, "volunteer", {"target_id": "r1", "reason": "We host the meetings"})
    _act(w, ben, rb, "volunteer", {"target_id": "r2", "reason": "We hold the data"})
    ind = steps["indicators"]
    _act(w, ana, ind, "propose", {"name": "Children ready for school at five", "kind": "quantitative",
                                  "source": "School entry checks", "baseline": "62", "target": "75", "unit": "%",
                                  "breakdown": "y", "breakdown_why": "By neighbourhood"})
    _act(w, ben, ind, "propose", {"name": "Families know where to get help", "kind": "milestone",
                                  "baseline": "No shared directory", "target": "Directory in every clinic"})
    _control(w, fac, "step_phase", {"step_id": ind, "phase": "rate"})
    for actor, scores in ((ana, ("5", "4")), (ben, ("4", "2"))):
        for k in ("k1", "k2"):
            _act(w, actor, ind, "rate", {"indicator_id": k, "importance": scores[0], "feasibility": scores[1]})
    _control(w, fac, "step_phase", {"step_id": ind, "phase": "adopt"})
    _act(w, fac, ind, "adopt", {"indicator_id": "k1"})
    ag = steps["agreement"]
    _act(w, fac, ag, "set_representative", {"actor_id": ana.id, "organisation": "North School"})
    _act(w, fac, ag, "open_clause", {"clause_id": "c1"})
    _act(w, ana, ag, "answer", {"clause_id": "c1", "version": 1, "answer": "reservations",
                                "reason": "The review comes too early"})
    ds = steps["data_sharing"]
    _act(w, ana, ds, "add_dataset", {"name": "Attendance records", "holder": ""})
    db.session.expire_all()
    dataset = next(iter(db.session.get(Step, ds).state["datasets"]), "")
    _act(w, ana, ds, "add_flow", {"dataset_id": dataset, "recipient": "City Clinic", "purpose": "Spot missed checks",
                                  "barriers": ["consent"], "barrier_note": "", "agreement": "dsa", "status": "needed"})
    db.session.expire_all()
    flow = next(iter(db.session.get(Step, ds).state["flows"]), "")
    _act(w, ben, ds, "add_barrier_note", {"flow_id": flow, "barrier": "technical", "text": "Systems do not link"})
    cm = steps["commitments"]
    _act(w, ana, cm, "commit", {"kind": "staff_time", "description": "A youth worker two evenings a week",
                                "amount": "24", "until": "2027-06-30", "essential": True})
    _act(w, ben, cm, "commit", {"kind": "funds", "description": "Seed money for the pilot", "amount": "5 000",
                                "until": "", "essential": False})
    _act(w, ben, cm, "commit", {"kind": "spaces", "description": "The clinic's meeting room", "amount": "Tuesdays",
                                "until": "", "essential": True})
    tp = steps["trust_pulse"]
    _act(w, ana, tp, "answer", {"question_id": "trust", "value": 4, "comment": "Good start"})
    _act(w, ben, tp, "answer", {"question_id": "trust", "value": 2, "comment": ""})


def _hold_for_approval(workshop, person):
    """One note of ``person`` waiting in the moderation queue: the console's moderation panel
    and their phone's "waiting for the facilitator" list are checked on every live page. The
    row goes in directly, so the room stays unmoderated for the other tests' actions."""
    from app.models import HeldAction

    step_id = next(s.id for s in workshop.steps if s.exercise_key == "ideas")
    db.session.add(HeldAction(workshop_id=workshop.id, step_id=step_id, actor_key=f"p:{person.id}",
                              op_id=secrets.token_hex(8), type="add_note",
                              data={"text": "A lift to the clinic on Fridays", "category": None}))
    db.session.commit()


def _hand_over(partnership):
    """North School's champion role, handed over once (City Clinic and Homes Trust have none)."""
    from datetime import date

    create_champion(partnership, "North School", name="Nadia Okafor", role="Deputy head", started_on=date(2026, 1, 5),
                    ended_on=date(2026, 9, 1), handover_note="The steering group's minutes")
    create_champion(partnership, "North School", name="Sam Patel", contact="s.patel@north.example",
                    started_on=date(2026, 9, 1),
                    handover_note="Minutes, the data agreement draft and the funder's contact")


@pytest.fixture(scope="module")
def world(server):
    """Two live workshops with one step of each exercise (English and French room), a draft
    workshop for the keyboard test, a curated plan with a snapshot, and participants."""
    from app.plan.snapshot import take_snapshot
    from tests.plan_helpers import curated_plan, partnership_with_two_workshops

    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator(EMAIL, PASSWORD)
        partnership = create_partnership(facilitator)
        _hand_over(partnership)
        harvested = curated_plan(partnership, facilitator)
        snapshot = take_snapshot(harvested)
        db.session.commit()
        ids = {"partnership": partnership.id, "snapshot": snapshot.id, "harvested": harvested.id}
        from app.plan.items import plan_items

        ids["item"] = plan_items(partnership.id, ("promoted",))[0].id
        # A second partnership, two workshops on: the comparison with figures that moved and a late action.
        ids["compared"] = partnership_with_two_workshops(facilitator, name="Compared").id
        for lang in LANGS:
            workshop = create_workshop(partnership, title=f"Room ({lang})", steps=[(k, None) for k in EXERCISES],
                                       language=lang)
            people = []
            tokens = {}
            for name, org, sector, plang in (("Ana", "North School", "Education", "en"),
                                             ("Ben", "City Clinic", "Health", "fr")):
                person, token = create_participant(workshop, name=name, organisation=org, sector=sector)
                person.language = plang
                people.append(person)
                tokens[plang] = token
            db.session.commit()
            _fill_steps(workshop, people)
            _hold_for_approval(workshop, people[0])
            ids[lang] = {"workshop": workshop.id, "steps": [s.id for s in workshop.steps], "tokens": tokens,
                         "code": workshop.join_code}
        draft = create_workshop(partnership, title="Keyboard", steps=(("ideas", None), ("ideas", None)),
                                status="draft")
        ids["draft"] = {"workshop": draft.id, "steps": [s.id for s in draft.steps]}
        ids["between"] = _between_sessions(partnership)
        ids["trends"] = _held_series(facilitator)
        ids["live_step"] = ids["en"]["steps"][0]
        db.session.remove()
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    ids["room"] = {}  # workshop id -> index of the step the room is on
    return ids


def _between_sessions(partnership) -> dict:
    """A draft workshop of three steps open between sessions: now, later, and no longer."""
    from datetime import timedelta

    from app.models.base import utcnow

    workshop = create_workshop(partnership, title="Between sessions", steps=[("ideas", None)] * 3, status="draft")
    now, day = utcnow(), timedelta(days=1)
    for step, (opens, closes) in zip(workshop.steps, ((now - day, now + day), (now + 10 * day, now + 20 * day),
                                                      (now - 20 * day, now - 10 * day)), strict=True):
        step.opens_at, step.closes_at = opens, closes
    db.session.commit()
    return {"workshop": workshop.id, "code": workshop.join_code, "steps": [s.id for s in workshop.steps]}
def _held_series(facilitator) -> int:
    """A partnership of its own with two held workshops, so its trends page draws a chart (the
    world's live workshops never started, and the other pages expect them so)."""
    from datetime import datetime

    partnership = create_partnership(facilitator, name="Series")
    for n, sectors in enumerate((("Education", "Health"), ("Education", "Health", "Housing"))):
        workshop = create_workshop(partnership, title=f"Session {n + 1}", status="ended",
                                   started_at=datetime(2027, 1 + n, 12))
        for sector in sectors:
            create_participant(workshop, name=sector, sector=sector)
    db.session.commit()
    return partnership.id


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def cookies_for(url: str, header: str) -> list[dict]:
    pairs = (part.split("=", 1) for part in header.split("; ") if "=" in part)
    return [{"name": name, "value": value, "url": url} for name, value in pairs]


@pytest.fixture(scope="module")
def contexts(chromium, server, world):
    """Contexts reused by every test: (size, who) -> BrowserContext."""
    made = {}

    def get(size: str, who: str):
        key = (size, who)
        if key not in made:
            context = chromium.new_context(**SIZES[size], bypass_csp=True)
            if who == "facilitator":
                context.add_cookies(cookies_for(server.url, world["cookie"]))
            elif who.startswith("participant-"):
                # participant-<room lang>-<participant lang>
                _, room, plang = who.split("-")
                context.add_cookies([{"name": f"cg_p{world[room]['workshop']}", "value": world[room]["tokens"][plang],
                                      "url": server.url}])
            made[key] = context
        return made[key]

    yield get
    for context in made.values():
        context.close()


# -- axe -------------------------------------------------------------------------------------

def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '')
          .replace(/\\s+/g, ' ').slice(0, 220))}));
    }""")


def small_targets(page) -> list[str]:
    """Visible controls of a phone page less than 44 px tall (links inside sentences excepted)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        'main button, main select, main textarea, main summary, main a.button, main .btn, ' +
        'main input:not([type=hidden]):not([type=checkbox]):not([type=radio])'))
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} "${(el.getAttribute('aria-label') || el.textContent || el.name || '').trim()
        .slice(0, 40)}" ${Math.round(el.getBoundingClientRect().height)}px`)""")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['id']}] ({v['impact']}) {v['help']}")
        lines.extend(f"    {t}" for t in v["targets"])
    return "\n".join(lines)


def assert_no_violations(page, name: str) -> None:
    screenshot(page, f"a11y-{name}")
    found = axe_violations(page)
    assert not found, f"{name} {page.url}\n{describe(found)}"


# -- the pages -------------------------------------------------------------------------------

def facilitator_pages(w) -> dict[str, str]:
    p, ws = w["partnership"], w["en"]["workshop"]
    step = w["en"]["steps"][1]
    return {
        "account": "/account",
        "partnerships": "/partnerships/",
        "partnership-new": "/partnerships/new",
        "partnership-detail": f"/partnerships/{p}",
        "partnership-edit": f"/partnerships/{p}/edit",
        "newcomer-brief-choice": f"/partnerships/{p}/brief",
        "newcomer-brief": f"/partnerships/{p}/brief?organisation=City+Clinic",
        "champion": f"/partnerships/{p}/champion?organisation=North+School",
        "champion-none": f"/partnerships/{p}/champion?organisation=Homes+Trust",
        "workshop-create": f"/partnerships/{p}/workshops/new",
        "checkins-plan": f"/partnerships/{p}/checkins",
        "workshop-detail": f"/workshops/{ws}",
        "workshop-settings": f"/workshops/{ws}/settings",
        "step-edit": f"/workshops/{ws}/steps/{step}",
        "agenda-templates": "/agenda-templates",
        "plan": f"/partnerships/{p}/plan",
        "plan-item-edit": f"/partnerships/{p}/plan/items/{w['item']}/edit",
        "plan-history": f"/partnerships/{p}/plan/history",
        "plan-snapshots": f"/partnerships/{p}/plan/snapshots",
        "plan-compare": f"/partnerships/{p}/plan/compare",
        "plan-compare-figures": f"/partnerships/{w['compared']}/plan/compare",
        "plan-snapshot": f"/partnerships/{p}/plan/snapshots/{w['snapshot']}",
        "plan-print": f"/partnerships/{p}/plan/print",
        "workshop-summary": f"/workshops/{w['harvested']}/export/summary",
        "plan-live-view": f"/w/{w['harvested']}/plan-view",
        "step-window": f"/workshops/{w['between']['workshop']}/steps/{w['between']['steps'][0]}",
        "trends": f"/partnerships/{w['trends']}/trends",
        "trends-empty": f"/partnerships/{p}/trends",
        "trends-screen": f"/partnerships/{w['trends']}/trends/screen",
    }


def between_pages(w) -> dict[str, str]:
    """A step's link between sessions: its join form (window open), not yet open, closed."""
    code, steps = w["between"]["code"], w["between"]["steps"]
    return {"between-join": f"/j/{code}/s/{steps[0]}", "between-not-yet": f"/j/{code}/s/{steps[1]}",
            "between-closed": f"/j/{code}/s/{steps[2]}"}


PUBLIC = {"landing": "/", "login": "/login", "register": "/register"}
_NO_IDS = {"partnership": 0, "en": {"workshop": 0, "steps": [0, 0]}, "item": 0, "snapshot": 0, "harvested": 0,
           "compared": 0, "trends": 0, "between": {"workshop": 0, "code": "", "steps": [0, 0, 0]}}
BETWEEN = list(between_pages(_NO_IDS))
STATIC_PAGES = list(PUBLIC) + ["join"] + BETWEEN + list(facilitator_pages(_NO_IDS))


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", STATIC_PAGES)
def test_page_has_no_axe_violations(server, world, contexts, name, size, lang):
    if name in BETWEEN:
        context, path = contexts(size, "anonymous"), between_pages(world)[name]
    elif name in PUBLIC or name == "join":
        context, path = contexts(size, "anonymous"), PUBLIC.get(name) or f"/j/{world['en']['code']}"
    else:
        context, path = contexts(size, "facilitator"), facilitator_pages(world)[name]
    page = context.new_page()
    try:
        response = page.goto(server.url + with_lang(path, lang))
        assert response.status == 200, f"{name}: HTTP {response.status}"
        # The exports and the room's plan view speak the document's (or the workshop's) language.
        expected = LANGS if name in ("plan-print", "workshop-summary", "plan-live-view") else (lang,)
        assert page.evaluate("document.documentElement.lang") in expected
        assert_no_violations(page, f"{name}-{size}-{lang}")
        if size in ("phone", "small-phone") and name in ("landing", "login", "register", "join", "between-join"):
            assert small_targets(page) == [], f"touch targets under 44px: {small_targets(page)}"
    finally:
        page.close()


def move_room(world, lang: str, index: int) -> None:
    workshop = world[lang]["workshop"]
    if world["room"].get(workshop) == index:
        return
    client = LiveClient(f"{world['url']}", workshop, role="facilitator", cookie=world["cookie"])
    try:
        step_id = world[lang]["steps"][index]
        assert client.control("goto", {"step_id": step_id})["ok"]
        assert client.control("bring_here")["ok"]
        client.wait(lambda c: c.doc["workshop"]["room_step"] == step_id)
    finally:
        client.close()
    world["room"][workshop] = index


LIVE = list(itertools.product(range(len(EXERCISES)), ("console", "participant", "screen"), SIZES, LANGS))


@pytest.mark.parametrize(("index", "kind", "size", "lang"), LIVE,
                         ids=[f"{EXERCISES[i]}-{k}-{s}-{lang}" for i, k, s, lang in LIVE])
def test_live_page_has_no_axe_violations(server, world, contexts, index, kind, size, lang):
    world["url"] = server.url
    if kind == "console":
        room, context = "en", contexts(size, "facilitator")
        path = with_lang(f"/w/{world['en']['workshop']}/console", lang)
    elif kind == "participant":
        room, context = "en", contexts(size, f"participant-en-{lang}")
        path = f"/w/{world['en']['workshop']}/me"
    else:
        room, context = lang, contexts(size, "facilitator")
        path = f"/w/{world[lang]['workshop']}/screen"
    move_room(world, room, index)
    page = context.new_page()
    try:
        page.goto(server.url + path)
        page.wait_for_selector(f"section.step-{EXERCISES[index]}:not([hidden])")
        if kind != "screen":
            page.wait_for_selector("[data-save-state][data-state=saved]")
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.lang") == lang
        assert_no_violations(page, f"{kind}-{EXERCISES[index]}-{size}-{lang}")
        if size in ("phone", "small-phone") and kind == "participant":
            assert small_targets(page) == [], f"touch targets under 44px: {small_targets(page)}"
    finally:
        page.close()


# -- keyboard, reflow, zoom, offline, announcements ------------------------------------------

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing focused';
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return outline || shadow ? '' : `no focus indicator on ${el.outerHTML.slice(0, 120)}`;
}"""


def tab_to(page, predicate_js: str, limit: int = 80, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``predicate_js(document.activeElement)`` holds; the focus
    must be visible at every stop. Focus may already be there (the console keeps it on the
    control that replaced the one just used)."""
    if page.evaluate(f"(el => el !== document.body && ({predicate_js}))(document.activeElement)"):
        assert not page.evaluate(FOCUS_VISIBLE)
        return
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        problem = page.evaluate(FOCUS_VISIBLE)
        assert not problem, problem
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"never reached an element where {predicate_js}")


def button_named(text: str) -> str:
    return f"el.tagName === 'BUTTON' && el.textContent.trim().startsWith({text!r})"


def test_console_by_keyboard_alone(server, world, chromium):
    context = chromium.new_context(**LAPTOP)
    context.add_cookies(cookies_for(server.url, world["cookie"]))
    page = context.new_page()
    draft = world["draft"]
    page.goto(f"{server.url}/w/{draft['workshop']}/console?lang=en")
    page.wait_for_selector("[data-save-state][data-state=saved]")

    tab_to(page, button_named("Open the lobby"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Status: Lobby")
    tab_to(page, button_named("Start the workshop"), backwards=False)
    page.keyboard.press("Space")
    page.wait_for_selector("text=Status: Live")
    # Step 2 in the agenda rail is before the workshop buttons: go back with Shift+Tab.
    tab_to(page, "el.classList.contains('agenda-btn') && el.textContent.startsWith('2.')", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_selector(".agenda-item.is-current .agenda-btn:has-text('2.')")
    # Focus stays on the step just chosen, and is still visible.
    assert page.evaluate("document.activeElement.textContent.startsWith('2.')")
    assert not page.evaluate(FOCUS_VISIBLE)
    tab_to(page, button_named("Bring everyone here"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=The room is on this step")
    tab_to(page, button_named("Lock"))
    page.keyboard.press("Space")
    page.wait_for_selector("[data-step-controls] button[aria-pressed=true]:has-text('Lock')")
    tab_to(page, button_named("Hide answers"))
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-step-controls] button:has-text('Reveal answers')")
    tab_to(page, button_named("Reveal answers"), backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-step-controls] button:has-text('Hide answers')")
    tab_to(page, button_named("Start timer"))
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-step-controls] button:has-text('Pause')")
    page.wait_for_selector(f"section[data-step='{draft['steps'][1]}'] [data-timer]:not([hidden])")
    screenshot(page, "a11y-keyboard-console")
    context.close()


def no_sideways_scroll(page, width: int, name: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""(w) => Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > w + 1 && el.offsetParent !== null)
      .slice(0, 5).map((el) => el.tagName + '.' + el.className)""", width)
    assert scroll <= width, f"{name} scrolls sideways: {scroll}px > {width}px; too wide: {wide}"


NARROW = ["landing", "login", "register", "join", "partnerships", "partnership-detail", "workshop-detail",
          "step-edit", "plan", "plan-history", "console", "participant", "screen"]


@pytest.mark.parametrize("name", NARROW)
def test_nothing_scrolls_sideways_at_320px(server, world, chromium, name):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    ws = world["en"]["workshop"]
    if name in ("console", "screen") or name not in PUBLIC and name != "join" and name != "participant":
        context.add_cookies(cookies_for(server.url, world["cookie"]))
    if name == "participant":
        context.add_cookies([{"name": f"cg_p{ws}", "value": world["en"]["tokens"]["en"], "url": server.url}])
    path = {"join": f"/j/{world['en']['code']}", "console": f"/w/{ws}/console", "participant": f"/w/{ws}/me",
            "screen": f"/w/{ws}/screen", **PUBLIC}.get(name) or facilitator_pages(world)[name]
    page = context.new_page()
    page.goto(server.url + with_lang(path, "en"))
    if name in ("console", "participant", "screen"):
        page.wait_for_selector("section.step:not([hidden])")
    page.wait_for_timeout(200)
    screenshot(page, f"a11y-320-{name}")
    no_sideways_scroll(page, 320, name)
    context.close()


CLIPPED = """() => Array.from(document.querySelectorAll(
    'button, select, input:not([type=hidden]), textarea, a.button, summary, label'))
  .filter((el) => el.offsetParent !== null)
  .filter((el) => el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX !== 'visible'
               || el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map((el) => `${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 40)}"`)"""


@pytest.mark.parametrize(("kind", "size"), [("participant", "phone"), ("participant", "laptop"),
                                            ("console", "phone"), ("console", "laptop")])
def test_text_at_200_percent(server, world, chromium, kind, size):
    ws = world["en"]["workshop"]
    context = chromium.new_context(**SIZES[size], bypass_csp=True)
    if kind == "console":
        context.add_cookies(cookies_for(server.url, world["cookie"]))
        path = f"/w/{ws}/console?lang=en"
    else:
        context.add_cookies([{"name": f"cg_p{ws}", "value": world["en"]["tokens"]["en"], "url": server.url}])
        path = f"/w/{ws}/me"
    page = context.new_page()
    page.goto(server.url + path)
    page.wait_for_selector("section.step:not([hidden])")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.wait_for_timeout(200)
    screenshot(page, f"a11y-200pct-{kind}-{size}")
    width = SIZES[size]["viewport"]["width"]
    if kind == "participant":
        no_sideways_scroll(page, width, f"{kind} at 200%")
    clipped = page.evaluate(CLIPPED)
    assert clipped == [], f"clipped controls at 200% text on the {kind} ({size}): {clipped}"
    context.close()


def test_participant_page_usable_before_the_socket_connects(server, world, chromium):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(db.session.get(Workshop, world["en"]["workshop"]).partnership, title="Slow net")
        _, token = create_participant(workshop, name="Dee")
        ids = (workshop.id, workshop.steps[0].id)
        db.session.remove()
    context = chromium.new_context(**PHONE)
    context.add_cookies([{"name": f"cg_p{ids[0]}", "value": token, "url": server.url}])
    page = context.new_page()
    # Venue Wi-Fi that lets the page load but not the socket: both transports are refused.
    page.route("**/socket.io/**", lambda route: route.abort())
    page.route_web_socket("**/socket.io/**", lambda ws: ws.close())
    page.goto(f"{server.url}/w/{ids[0]}/me")
    page.wait_for_selector("section.step-ideas:not([hidden])")
    field = page.get_by_label("Your idea")
    assert field.is_visible() and field.is_editable()
    field.fill("Homework club in the library")
    page.get_by_role("button", name="Post my idea").click()
    page.wait_for_selector("[data-outbox]:not([hidden]) :text('Homework club in the library')")
    status = page.locator("[data-save-state]").inner_text()
    assert "waiting to send" in status or "Not connected" in status or "Offline" in status, status
    assert "saved" not in status.lower()
    screenshot(page, "a11y-before-socket")
    page.close()
    # Later, with a connection: the note kept in the outbox (localStorage) is sent exactly once.
    page = context.new_page()
    page.goto(f"{server.url}/w/{ids[0]}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]", timeout=20000)
    page.wait_for_selector(".note-text:has-text('Homework club in the library')")
    with app.app_context():
        state = db.session.get(Step, ids[1]).state
        db.session.remove()
    assert [n["text"] for n in state["notes"].values()] == ["Homework club in the library"]
    context.close()


def test_live_updates_are_announced_politely_and_spaced(server, world, chromium):
    ws = world["en"]["workshop"]
    context = chromium.new_context(**PHONE)
    context.add_cookies([{"name": f"cg_p{ws}", "value": world["en"]["tokens"]["en"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{ws}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    assert page.locator("[aria-live=polite]#announcer").count() == 1
    announcers = page.evaluate("""() => Array.from(document.querySelectorAll('[aria-live=polite]'))
      .filter((el) => !el.closest('[hidden]') && !el.matches('[data-error-for], [data-save-state]'))
      .map((el) => el.id)""")
    assert announcers == ["announcer"], announcers
    assert page.locator("#alerts[role=alert]").count() == 1
    # Count writes to the announcer while updates arrive quickly.
    page.evaluate("""() => {
      window.__writes = [];
      new MutationObserver(() => window.__writes.push(Date.now()))
        .observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true});
    }""")
    page.evaluate("""async () => {
      const ui = await import('/static/js/ui.js');
      for (let i = 0; i < 20; i += 1) { ui.announce(`update ${i}`); await new Promise((r) => setTimeout(r, 100)); }
    }""")
    writes = page.evaluate("window.__writes")
    assert 1 <= len(writes) <= 2, writes
    gaps = [b - a for a, b in itertools.pairwise(writes)]
    # The announcer waits 1,500 ms between polite messages; the observer's clock reads each write
    # when its callback runs, a few ms late or (Date.now() is coarsened) early: 1,498 ms was seen.
    assert all(gap >= 1500 - 20 for gap in gaps), gaps
    context.close()


def test_participant_language_column_is_used(server, world):
    app = server.seed_app()
    with app.app_context():
        langs = {p.name: p.language for p in db.session.query(Participant)
                 .filter_by(workshop_id=world["en"]["workshop"])}
        db.session.remove()
    assert langs == {"Ana": "en", "Ben": "fr"}

