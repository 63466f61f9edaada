"""Issue 17: curating the plan without page reloads — by section, in bulk, and item by item.

57 proposals took 48 reloads: now a section's proposals are promoted or dropped with one
button, ticked items together, and the page's script does it in the background (no reload),
while the same forms still work without JavaScript.
"""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import PlanItem
from app.plan import curate
from app.plan.items import plan_items
from tests.browser import CHROMIUM, FLAGS, LAPTOP, log_in, require_chromium
from tests.factories import create_facilitator, create_partnership, login
from tests.live_server import LiveServer
from tests.plan_helpers import end_and_harvest, workshop_with_notes

NOTES = tuple(f"Proposal {n}" for n in range(6))


def _plan(with_login=None):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    end_and_harvest(workshop_with_notes(partnership, notes=NOTES))
    curate.add(partnership, "risks", "Funding gap", "", {"mitigation": ""}, facilitator)
    db.session.commit()
    if with_login is not None:
        login(with_login)
    return partnership


def _csrf(client, partnership) -> str:
    """The page's CSRF token (checked only in the test that turns CSRF on)."""
    html = client.get(f"/partnerships/{partnership.id}/plan").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _statuses(partnership) -> dict:
    return {i.title: i.status for i in plan_items(partnership.id)}


def test_a_section_is_promoted_with_one_post_without_javascript(client):
    partnership = _plan(client)
    token = _csrf(client, partnership)
    assert set(_statuses(partnership).values()) == {"proposed", "promoted"}  # precondition
    response = client.post(f"/partnerships/{partnership.id}/plan/bulk",
                           data={"csrf_token": token, "section": "ideas", "change": "promote"})
    assert response.status_code == 302
    statuses = _statuses(partnership)
    assert all(statuses[n] == "promoted" for n in NOTES) and statuses["Funding gap"] == "promoted"
    assert "6 items changed." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_ticked_items_are_dropped_together_and_answer_json(client):
    partnership = _plan(client)
    token = _csrf(client, partnership)
    ids = [i.id for i in plan_items(partnership.id) if i.title in NOTES[:3]]
    response = client.post(f"/partnerships/{partnership.id}/plan/bulk",
                           data={"csrf_token": token, "change": "drop", "item_ids": ids},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["changed"] == 3 and set(body["items"].values()) == {"dropped"}
    assert body["counts"] == {"proposed": 3, "promoted": 1, "dropped": 3}
    assert [n for n, s in _statuses(partnership).items() if s == "dropped"] == list(NOTES[:3])


def test_one_item_answers_json_when_asked(client):
    partnership = _plan(client)
    token = _csrf(client, partnership)
    item = next(i for i in plan_items(partnership.id) if i.title == NOTES[0])
    response = client.post(f"/partnerships/{partnership.id}/plan/items/{item.id}/promote",
                           data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.get_json()["items"] == {str(item.id): "promoted"}


def test_bulk_refuses_without_csrf_and_touches_only_this_partnership(client, app):
    partnership = _plan(client)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/partnerships/{partnership.id}/plan/bulk",
                       data={"section": "ideas", "change": "promote"}).status_code == 400
    other = create_partnership(create_facilitator(email="other@example.org"), name="Other")
    foreign = PlanItem(partnership_id=other.id, section="ideas", title="Theirs", text="", data={}, position=1,
                       status="proposed", origin="facilitator", provenance={})
    db.session.add(foreign)
    db.session.commit()
    token = _csrf(client, partnership)
    client.post(f"/partnerships/{partnership.id}/plan/bulk",
                data={"csrf_token": token, "change": "promote", "item_ids": [foreign.id]})
    assert db.session.get(PlanItem, foreign.id).status == "proposed"
    assert client.post(f"/partnerships/{other.id}/plan/bulk",
                       data={"csrf_token": token, "section": "ideas", "change": "promote"}).status_code == 404


def test_nothing_ticked_says_so(client):
    partnership = _plan(client)
    response = client.post(f"/partnerships/{partnership.id}/plan/bulk",
                           data={"csrf_token": _csrf(client, partnership), "change": "promote"},
                           follow_redirects=True)
    assert "tick some items first" in response.get_data(as_text=True)


# -- in the browser: no reload --------------------------------------------------------------

@pytest.fixture
def server(tmp_path):
    require_chromium()
    live = LiveServer(tmp_path)
    live.migrate()
    live.start()
    yield live
    live.stop()


def test_curating_in_the_browser_never_reloads_the_page(server):
    from playwright.sync_api import expect, sync_playwright

    app = server.seed_app()
    with app.app_context():
        partnership_id = _plan().id
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_context(**LAPTOP).new_page()
        log_in(page, server.url)
        page.goto(f"{server.url}/partnerships/{partnership_id}/plan")
        page.evaluate("window.__noReload = true")
        ideas = page.locator("#section-ideas")
        page.get_by_role("checkbox", name=f"Select “{NOTES[0]}”").check()
        page.get_by_role("checkbox", name=f"Select “{NOTES[1]}”").check()
        ideas.locator("#bulk-ideas").get_by_role("button", name="Drop").click()
        expect(page.locator("[data-curate-status]")).to_have_text("2 items changed.", timeout=20000)
        expect(ideas.get_by_text("2 dropped")).to_be_visible()
        ideas.get_by_role("button", name="Promote the 4 proposed").click()
        expect(page.locator("[data-curate-status]")).to_have_text("4 items changed.", timeout=20000)
        expect(ideas.locator(".plan-item.is-promoted")).to_have_count(4)
        expect(page.locator("#heading-ideas")).to_be_focused()
        item = ideas.locator(".plan-item.is-promoted").first
        item.get_by_role("button", name="Drop").click()
        expect(ideas.get_by_text("3 dropped")).to_be_visible(timeout=20000)
        assert page.evaluate("window.__noReload") is True  # the same document all along
        assert "4 in the plan" in page.locator("[data-plan-counts]").inner_text()
        browser.close()
    with app.app_context():
        assert sorted(i.status for i in plan_items(partnership_id) if i.title in NOTES) == \
            ["dropped"] * 3 + ["promoted"] * 3


def test_57_proposals_are_curated_in_one_request_per_section_not_one_reload_each(client):
    # The walkthrough: 57 proposals, 48 reloads. Now: one post per section, none per item.
    partnership = _plan(client)
    sections = ("common_ground", "differences", "window", "framing", "ideas")
    for n in range(57 - len(NOTES)):
        db.session.add(PlanItem(partnership_id=partnership.id, section=sections[n % 4], title=f"Extra {n}", text="",
                                data={}, position=n + 10, status="proposed", origin="exercise", provenance={}))
    db.session.commit()
    assert sum(s == "proposed" for s in _statuses(partnership).values()) == 57  # precondition
    posts = 0
    for section in sections:
        response = client.post(f"/partnerships/{partnership.id}/plan/bulk", data={"section": section,
                               "change": "promote"}, headers={"Accept": "application/json"})
        assert response.status_code == 200
        posts += 1
    assert posts == 5 and sum(s == "promoted" for s in _statuses(partnership).values()) == 58
