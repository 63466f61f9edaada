"""Real Chromium, the app's real Content-Security-Policy (no bypass): the trends page draws its
charts from the app's stylesheet — the lines are painted, in the palette's colour, not the
browser's default — with no CSP violation; the room-screen view fits 1920 x 1080 with its
labels large enough to read from the back of the room. Screenshots at 390, 1280 and 1920 px in
English and French go to $SCREENSHOT_DIR."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.extensions import db
from tests.browser import LAPTOP, PHONE, launched, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveServer, facilitator_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

EMAIL, PASSWORD = "facilitator@example.org", "correct horse battery"
SIZES = {"phone": PHONE, "laptop": LAPTOP, "projector": {"viewport": {"width": 1920, "height": 1080}}}
#: The whole room's line (.color-0 in trends.css): var(--ink).
INK = "rgb(27, 31, 36)"
#: Collects what the browser refuses under the CSP, from before the page's first byte.
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
                          (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    live = LiveServer(tmp_path_factory.mktemp("trends"))
    live.migrate()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def partnership_id(server):
    """Four held workshops, people from three sectors, one title with markup and one very long."""
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator(EMAIL, PASSWORD))
        titles = ("Kick-off", "<b>Mapping</b> the goals", "Roles and the backbone organisation, with the "
                  "whole steering group and every school of the trust", "Review")
        rooms = ((3, 2, 1), (4, 2, 2), (4, 3, 3), (5, 4, 3))
        for n, (title, sizes) in enumerate(zip(titles, rooms, strict=True)):
            workshop = create_workshop(partnership, title=title, status="ended",
                                       started_at=datetime(2027, 1, 12) + timedelta(weeks=6 * n))
            for sector, size in zip(("Education", "Health", "Housing"), sizes, strict=True):
                for person in range(size):
                    create_participant(workshop, name=f"{sector} {person}", sector=sector)
        db.session.commit()
        found = partnership.id
        db.session.remove()
    return found


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


@pytest.fixture(scope="module")
def cookie(server, partnership_id):
    return facilitator_cookie(server.url, EMAIL, PASSWORD)


def open_page(chromium, server, cookie, size, path):
    context = chromium.new_context(**SIZES[size])
    pairs = (part.split("=", 1) for part in cookie.split("; ") if "=" in part)
    context.add_cookies([{"name": name, "value": value, "url": server.url} for name, value in pairs])
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(server.url + path)
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    return page, console


def refused(page, console) -> list[str]:
    return page.evaluate("window.__csp") + [m for m in console if "Content Security Policy" in m]


def line_paint(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("""(line) => {
        const box = line.getBoundingClientRect(), style = getComputedStyle(line);
        return {width: box.width, height: box.height, stroke: style.stroke, strokeWidth: style.strokeWidth,
                fill: style.fill};
    }""")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", SIZES)
def test_the_charts_are_painted_by_the_apps_stylesheet_without_a_csp_violation(chromium, server, cookie,
                                                                              partnership_id, size, lang):
    page, console = open_page(chromium, server, cookie, size, f"/partnerships/{partnership_id}/trends?lang={lang}")
    try:
        chart = page.locator("svg.trend-chart[role=img]")
        assert chart.count() == 1
        assert chart.get_attribute("aria-label").startswith("People taking part" if lang == "en" else
                                                            "Personnes présentes")
        room = line_paint(page, ".trend-chart .series.color-0 .line")
        assert room["width"] > 0 and room["height"] > 0
        assert room["stroke"] == INK and room["strokeWidth"] == "3px" and room["fill"] == "none"
        assert line_paint(page, ".trend-chart .series.color-1 .line")["stroke"] == "rgb(0, 114, 178)"
        # The workshop with markup in its title shows the characters typed, under the axis and in the table.
        assert page.locator(".trend-chart .axis.x tspan", has_text="<b>Mapping").count() == 1
        assert page.locator("table.trend-table th[scope=row]", has_text="<b>Mapping</b> the goals").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        screenshot(page, f"trends-{size}-{lang}")
        assert refused(page, console) == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_room_screen_fits_the_projector_and_reads_from_afar(chromium, server, cookie, partnership_id, lang):
    page, console = open_page(chromium, server, cookie, "projector",
                              f"/partnerships/{partnership_id}/trends/screen?lang={lang}")
    try:
        assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
        chart = page.locator("svg.trend-chart").bounding_box()
        assert chart["height"] > 1080 / 2 and chart["y"] + chart["height"] <= 1080
        # Type on the chart at least 20 px tall on the projector (a one-line label's box is ~1.2 em).
        label = page.locator(".trend-chart .axis.y text").first.bounding_box()
        assert label["height"] >= 24
        assert line_paint(page, ".trend-chart .series.color-0 .line")["stroke"] == INK
        screenshot(page, f"trends-screen-projector-{lang}")
        assert refused(page, console) == []
    finally:
        page.context.close()


def test_the_trends_page_leads_to_the_room_screen(chromium, server, cookie, partnership_id):
    page, _console = open_page(chromium, server, cookie, "laptop", f"/partnerships/{partnership_id}")
    try:
        page.get_by_role("link", name="Trends").click()
        page.get_by_role("link", name="Show on the room screen").click()
        page.locator(".trends-screen svg.trend-chart").wait_for()
        page.get_by_role("link", name="Back to the trends page").click()
        page.get_by_role("heading", name="Trends", level=1).wait_for()
    finally:
        page.context.close()
