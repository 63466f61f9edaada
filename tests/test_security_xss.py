"""Script and HTML in every text field never run or render as markup (real Chromium), and every
HTML page carries a Content-Security-Policy without 'unsafe-inline'."""
import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.browser import LAPTOP, PHONE, browser, log_in  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient
from tests.test_security_authz import fill, routes, world  # noqa: F401  (fixture)


def payload(field: str) -> str:
    """Markup that would run if it were ever parsed as HTML: an image error handler and a script."""
    return f"<img src=x onerror=alert(1)>{field}<script>alert(2)</script>"


FIELDS = ["name", "org", "note", "partnership", "purpose", "title", "step", "stepnotes", "prompt"]


@pytest.mark.browser
@pytest.mark.live
@pytest.mark.timeout(180)
def test_markup_in_every_text_field_shows_as_text_and_never_runs(server, browser):  # noqa: F811
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        partnership = create_partnership(facilitator, name=payload("partnership"), purpose=payload("purpose"))
        config = {**default_config(app.extensions["exercises"]["ideas"]), "prompt": payload("prompt")}
        workshop = create_workshop(partnership, title=payload("title"), steps=(("ideas", config),))
        step = db.session.get(Step, workshop.steps[0].id)
        step.title, step.notes = payload("step"), payload("stepnotes")
        db.session.commit()
        _, token = create_participant(workshop, name=payload("name"), organisation=payload("org"))
        workshop_id, step_id, partnership_id = workshop.id, step.id, partnership.id
        db.session.remove()
    phone = LiveClient(server.url, workshop_id, token=token)
    assert phone.act(step_id, "add_note", {"text": payload("note")})["ok"]
    phone.close()

    dialogs = []
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, server.url)
    mobile = browser.new_context(**PHONE)
    mobile.add_cookies([{"name": f"cg_p{workshop_id}", "value": token, "url": server.url}])
    pages = {
        "console": (page, f"/w/{workshop_id}/console", ["note", "title", "step", "prompt", "name"]),
        "screen": (laptop.new_page(), f"/w/{workshop_id}/screen", ["note", "title", "prompt"]),
        "participant": (mobile.new_page(), f"/w/{workshop_id}/me", ["note", "title", "prompt"]),
        "agenda": (laptop.new_page(), f"/workshops/{workshop_id}", ["title", "step"]),
        "step editor": (laptop.new_page(), f"/workshops/{workshop_id}/steps/{step_id}", ["step", "stepnotes"]),
        "partnership": (laptop.new_page(), f"/partnerships/{partnership_id}", ["partnership", "purpose"]),
    }
    shown = set()
    for label, (tab, path, expected) in pages.items():
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(server.url + path)
        tab.wait_for_load_state("networkidle")
        if label in ("console", "screen", "participant"):  # drawn from the socket's document
            tab.get_by_text(payload("note"), exact=False).first.wait_for(timeout=10_000)
        # Visible text, plus what form fields show (an edit form shows the text in its inputs).
        text = tab.inner_text("body") + "\n".join(
            tab.evaluate("[...document.querySelectorAll('input, textarea')].map(e => e.value)"))
        for field in expected:
            assert payload(field) in text, f"{label}: the literal {field!r} text is not visible"
        shown.update(field for field in FIELDS if payload(field) in text)
        assert tab.locator("img[src='x']").count() == 0, f"{label}: an <img> was created from user text"
        # (The page's boot document is a <script type="application/json">: data, never run.)
        created = tab.evaluate("[...document.scripts].filter(s => s.type !== 'application/json'"
                               " && s.textContent.includes('alert(')).length")
        assert created == 0, f"{label}: a <script> was created from user text"
    assert dialogs == [], f"user text ran as script: {dialogs}"
    assert {"name", "note", "title", "step", "prompt", "partnership"} <= shown
    laptop.close()
    mobile.close()


def test_every_html_page_has_a_content_security_policy_without_unsafe_inline(app, world):  # noqa: F811
    from tests.test_security_authz import visitor_client

    facilitator = visitor_client(app, "facilitator_access", world)
    participant = visitor_client(app, "participant_here", world)
    anonymous = app.test_client()
    html_pages = 0
    for rule, method in [*routes(app), *((r, "GET") for r in app.url_map.iter_rules() if r.endpoint in (
            "auth.home", "auth.login", "auth.register", "join.rejoin"))]:
        if method != "GET":
            continue
        for client in (facilitator, participant, anonymous):
            response = client.get(fill(rule, world["here"]))
            if not response.mimetype == "text/html":
                continue
            html_pages += 1
            policy = response.headers.get("Content-Security-Policy", "")
            assert policy, f"{rule.rule}: no Content-Security-Policy"
            assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
            assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert html_pages > 20
    # Error pages too.
    assert "Content-Security-Policy" in anonymous.get("/no/such/page").headers
