"""In Chromium: the console and the room screen opened at 127.0.0.1 say plainly that phones
can't use the join link; with PUBLIC_URL set the screen shows that address and no warning."""
import pytest

from app.extensions import db
from tests.browser import LAPTOP, browser, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_partnership, create_workshop
from tests.live_server import running

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]


def _workshop(live) -> tuple[int, str]:
    app = live.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()), status="lobby")
        found = workshop.id, workshop.join_code
        db.session.remove()
    return found


@pytest.mark.parametrize("public_url", [None, "http://192.168.1.20:5000"], ids=["loopback", "public-url"])
def test_console_and_screen_warn_about_a_loopback_join_link(tmp_path, browser, public_url):  # noqa: F811
    env = {"PUBLIC_URL": public_url} if public_url else {}
    for live in running(tmp_path, **env):
        wid, code = _workshop(live)
        page = browser.new_page(**LAPTOP)
        log_in(page, live.url)
        for which in ("console", "screen"):
            page.goto(f"{live.url}/w/{wid}/{which}")
            warning = page.locator("[data-loopback-warning]")
            if public_url:
                assert warning.count() == 0
            else:
                assert warning.is_visible()
                assert "it points to this computer (127.0.0.1)" in warning.inner_text()
            screenshot(page, f"ops-{which}-{'public' if public_url else 'loopback'}")
        expected = f"{public_url or live.url}/j/{code}"
        assert page.locator("[data-lobby] .join-url").inner_text() == expected
        page.close()
