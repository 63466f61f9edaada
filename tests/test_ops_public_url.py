"""A phone in the room can join: PUBLIC_URL fixes the join link and the QR code, the console
and the room screen warn about a loopback join link, Socket.IO accepts PUBLIC_URL's origin and
still refuses foreign ones, and the server says at start which address phones should use."""
import re

import pytest
from flask_babel import force_locale

from app.ops.netinfo import is_loopback_url, lan_address, startup_message
from app.workshops.qr import qr_svg
from tests.factories import create_facilitator, create_partnership, create_workshop, login

LAN = "http://192.168.1.20:5000"
HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture
def workshop(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()), status="lobby")
    login(client)
    return workshop


def warning_shown(html: str) -> bool:
    return "data-loopback-warning" in html


def test_without_public_url_a_loopback_join_link_is_flagged_on_console_and_screen(client, workshop):
    for page in (f"/w/{workshop.id}/console", f"/w/{workshop.id}/screen"):
        html = client.get(page).text
        assert f"http://localhost/j/{workshop.join_code}" in html or page.endswith("console")
        assert warning_shown(html), page
        assert "HOST=0.0.0.0" in html and "PUBLIC_URL" in html


def test_the_warning_is_translated(app, client, workshop):
    workshop.language = "fr"
    from app.extensions import db

    db.session.commit()
    html = client.get(f"/w/{workshop.id}/screen").text
    assert warning_shown(html)
    assert "Les téléphones ne peuvent pas ouvrir ce lien" in html


def test_public_url_fixes_join_link_and_qr_code_and_removes_the_warning(app, client, workshop):
    app.config["PUBLIC_URL"] = LAN
    join = f"{LAN}/j/{workshop.join_code}"
    screen = client.get(f"/w/{workshop.id}/screen").text
    assert join in screen and not warning_shown(screen)
    assert not warning_shown(client.get(f"/w/{workshop.id}/console").text)
    assert join in client.get(f"/workshops/{workshop.id}").text  # the agenda page's short link
    with app.test_request_context(), force_locale(workshop.language or "en"):
        expected = qr_svg(join)
    assert client.get(f"/w/{workshop.id}/qr.svg").data == expected


def test_a_page_opened_at_the_network_address_needs_no_public_url(client, workshop):
    html = client.get(f"/w/{workshop.id}/screen", base_url="http://192.168.1.20:5000").text
    assert f"{LAN}/j/{workshop.join_code}" in html and not warning_shown(html)


def test_socket_accepts_the_public_origin_and_refuses_foreign_ones(app):
    app.config["PUBLIC_URL"] = "https://cg.example.org"
    client = app.test_client()
    # The page on PUBLIC_URL, reaching this process through a proxy that sends another Host.
    accepted = client.get(HANDSHAKE, headers={"Origin": "https://cg.example.org", "Host": "10.0.0.5:8001"})
    assert accepted.status_code == 200 and accepted.data.startswith(b"0{")
    same_origin = client.get(HANDSHAKE, headers={"Origin": "http://10.0.0.5:8001", "Host": "10.0.0.5:8001"})
    assert same_origin.status_code == 200
    for foreign in ("https://evil.example.com", "http://cg.example.org", "https://cg.example.org.evil.com"):
        refused = client.get(HANDSHAKE, headers={"Origin": foreign, "Host": "10.0.0.5:8001"})
        assert refused.status_code == 400 and b"Not an accepted origin" in refused.data, foreign


def test_without_public_url_only_the_same_origin_is_accepted(app):
    client = app.test_client()
    assert client.get(HANDSHAKE, headers={"Origin": "http://cg.lan:5000", "Host": "cg.lan:5000"}).status_code == 200
    assert client.get(HANDSHAKE, headers={"Origin": "https://cg.example.org", "Host": "cg.lan:5000"}).status_code == 400


def test_loopback_detection():
    for url in ("http://127.0.0.1:5000/j/X", "http://localhost:5000", "http://[::1]:5000", "http://127.1.2.3"):
        assert is_loopback_url(url), url
    for url in ("http://192.168.1.20:5000", "https://cg.example.org", "http://10.0.0.5"):
        assert not is_loopback_url(url), url


def test_lan_address_is_a_real_address_or_none():
    address = lan_address()
    assert address is None or (re.fullmatch(r"\d+\.\d+\.\d+\.\d+", address) and not address.startswith("127."))


def test_startup_says_how_phones_join():
    on_loopback = startup_message("127.0.0.1", 5000, None, lan="192.168.1.20")
    assert "http://127.0.0.1:5000" in on_loopback
    assert "HOST=0.0.0.0 make run" in on_loopback and "http://192.168.1.20:5000" in on_loopback
    everywhere = startup_message("0.0.0.0", 8000, None, lan="192.168.1.20")
    assert "Phones in the room join at http://192.168.1.20:8000" in everywhere
    public = startup_message("0.0.0.0", 8000, "https://cg.example.org", lan="192.168.1.20")
    assert "PUBLIC_URL: https://cg.example.org" in public
