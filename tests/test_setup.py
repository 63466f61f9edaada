"""What `make run` relies on: a clear message when the port is taken, a secret key generated
once (never hard-coded), configuration from the environment, the exercises setting."""
import socket

import pytest

from app import create_app
from app.config import load_config
from app.exercises.registry import PluginError
from app.portcheck import main as portcheck


def test_a_taken_port_is_reported_clearly(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert portcheck(["portcheck", "127.0.0.1", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"Port {port}" in err and "PORT=" in err
    assert portcheck(["portcheck", "127.0.0.1", str(port)]) == 0  # free again


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    other = load_config(str(tmp_path / "elsewhere"))["SECRET_KEY"]
    assert first == second and len(first) >= 64 and other != first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_configuration_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/cg")
    monkeypatch.setenv("REDIS_URL", "redis://r:6379/0")
    monkeypatch.setenv("ASYNC_MODE", "gevent")
    monkeypatch.setenv("PORT", "5123")
    monkeypatch.setenv("EXERCISES", "ideas, role_board")
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/cg"
    assert config["REDIS_URL"] == "redis://r:6379/0" and config["ASYNC_MODE"] == "gevent"
    assert config["PORT"] == 5123 and config["EXERCISES"] == ["ideas", "role_board"]
    monkeypatch.delenv("DATABASE_URL")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_exercises_can_be_restricted_and_unknown_ones_stop_start_up(tmp_path):
    app = create_app({"EXERCISES": ["ideas"], "ASYNC_MODE": "threading",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert list(app.extensions["exercises"]) == ["ideas"]
    with pytest.raises(PluginError, match="no_such_exercise"):
        create_app({"EXERCISES": ["no_such_exercise"], "ASYNC_MODE": "threading",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'y.db'}"})


def test_pages_and_scripts_go_out_compressed(client):
    page = client.get("/login", headers={"Accept-Encoding": "br, gzip"})
    script = client.get("/static/js/live.js", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br" and script.headers["Content-Encoding"] == "br"
    plain = client.get("/static/js/live.js")
    assert "Content-Encoding" not in plain.headers and len(script.get_data()) < len(plain.get_data()) / 2


def test_settings_are_read_from_the_config_never_restated(tmp_path, monkeypatch):
    """Defaults live in app/config.py only: no module reads a setting with a fallback of its own
    (``config.get("X", default)``), which could disagree with it; wsgi.py's ASYNC_MODE, read
    before anything is imported, must agree with it."""
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent
    restated = [f"{path.relative_to(root)}: {match.group(0)}"
                for path in (root / "app").rglob("*.py") if path.name != "config.py"
                for match in re.finditer(r'config\.get\("[A-Z_]+",[^)]*\)', path.read_text())]
    assert restated == []
    monkeypatch.delenv("ASYNC_MODE", raising=False)
    wsgi_default = re.search(r'os\.environ\.get\("ASYNC_MODE", "(\w+)"\)', (root / "wsgi.py").read_text()).group(1)
    assert load_config(str(tmp_path))["ASYNC_MODE"] == wsgi_default
