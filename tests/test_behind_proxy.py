"""Behind a TLS-terminating reverse proxy (docs/deploy.md): the page is https, the app sees
http. The Socket.IO same-origin check and the app's own URLs then depend on the proxy's
X-Forwarded-Proto header, which the documented nginx config sends on every location."""
from pathlib import Path

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"
PAGE = {"Origin": "https://cg.example.org", "Host": "cg.example.org"}


def test_socket_handshake_from_an_https_page_needs_the_forwarded_scheme(app):
    client = app.test_client()
    refused = client.get(HANDSHAKE, headers=PAGE)
    assert refused.status_code == 400 and b"Not an accepted origin" in refused.data
    accepted = client.get(HANDSHAKE, headers={**PAGE, "X-Forwarded-Proto": "https"})
    assert accepted.status_code == 200 and accepted.data.startswith(b"0{")


def test_with_a_trusted_proxy_the_app_sees_the_client_and_the_scheme(app):
    from flask import request

    from app import configure_proxy

    @app.route("/_whoami")
    def whoami():
        return f"{request.scheme} {request.remote_addr}"

    forwarded = {"Host": "cg.example.org", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert app.test_client().get("/_whoami", headers=forwarded, environ_base=proxy).text == "http 127.0.0.1"
    app.config["TRUSTED_PROXIES"] = 1
    configure_proxy(app)
    assert app.test_client().get("/_whoami", headers=forwarded, environ_base=proxy).text == "https 203.0.113.7"


def test_the_documented_nginx_config_forwards_the_scheme_to_socket_io():
    deploy = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text()
    socket_block = deploy.split("location /socket.io", 1)[1].split("}", 1)[0]
    assert "X-Forwarded-Proto $scheme" in socket_block
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in socket_block


def test_a_non_default_port_survives_the_proxy_and_the_documented_config_keeps_it():
    """nginx's ``$host`` drops the port; the origin check then compares ``https://cg:8443``
    with ``https://cg`` and refuses every websocket. ``$http_host`` keeps it."""
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "ASYNC_MODE": "threading"})
    page = {"Origin": "https://cg.example.org:8443", "X-Forwarded-Proto": "https"}
    as_host = app.test_client().get(HANDSHAKE, headers={**page, "Host": "cg.example.org"})
    assert as_host.status_code == 400  # what $host forwarded
    as_http_host = app.test_client().get(HANDSHAKE, headers={**page, "Host": "cg.example.org:8443"})
    assert as_http_host.status_code == 200
    deploy = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text()
    hosts = [line.split("Host", 1)[1].split(";")[0].strip() for line in deploy.splitlines()
             if "proxy_set_header Host " in line]
    assert hosts and set(hosts) == {"$http_host"}
