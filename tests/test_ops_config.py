"""Configuration errors: one line that names the variable and the fix, no traceback, both for
serving (``python wsgi.py``) and for ``flask --app wsgi db upgrade``."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import ConfigError, load_config
from tests.live_server import free_port
from tests.services import require

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("env, names", [
    ({"PORT": "abc"}, ["PORT='abc'", "PORT=5000"]),
    ({"PORT": "70000"}, ["PORT=70000", "1-65535"]),
    ({"ASYNC_MODE": "evenlet"}, ["ASYNC_MODE='evenlet'", "eventlet, gevent"]),
    ({"DATABASE_URL": "not a url"}, ["DATABASE_URL", "postgresql://"]),
    ({"DATABASE_URL": "mysql://u@h/db"}, ["DATABASE_URL", "mysql"]),
    ({"DATABASE_URL": "sqlite:////no/such/folder/cg.db"}, ["DATABASE_URL", "/no/such/folder", "mkdir -p"]),
    ({"PUBLIC_URL": "192.168.1.20:5000"}, ["PUBLIC_URL", "http://192.168.1.20:5000"]),
    ({"PUBLIC_URL": "https://cg.example.org/sub"}, ["PUBLIC_URL", "no path"]),
    ({"BROADCAST_INTERVAL": "fast"}, ["BROADCAST_INTERVAL='fast'", "0.15"]),
    ({"LOG_LEVEL": "loud"}, ["LOG_LEVEL='LOUD'", "INFO"]),
    ({"TIME_ZONE": "Mars/Olympus"}, ["TIME_ZONE='Mars/Olympus'", "Europe/Paris"]),
    ({"SNAPSHOT_EVERY": "0"}, ["SNAPSHOT_EVERY=0", "1 or more", "SNAPSHOT_EVERY=50"]),
    ({"SNAPSHOT_EVERY": "often"}, ["SNAPSHOT_EVERY='often'", "whole number"]),
])
def test_a_bad_setting_names_itself_and_the_fix(tmp_path, monkeypatch, env, names):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    message = str(caught.value)
    assert "\n" not in message
    for name in names:
        assert name in message


def test_good_settings_load(tmp_path, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("PUBLIC_URL", "http://192.168.1.20:8123/")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/cg")
    config = load_config(str(tmp_path))
    assert config["PORT"] == 8123
    assert config["PUBLIC_URL"] == "http://192.168.1.20:8123"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/cg"


def test_a_database_url_with_a_password_is_not_echoed(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://user:hunter2secret@db/cg")
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert "hunter2secret" not in str(caught.value)


def _run(command, tmp_path, **env):
    full = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cg.db'}", **env}
    full.pop("FLASK_RUN_FROM_CLI", None)
    return subprocess.run(command, cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)


UPGRADE = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
SERVE = [sys.executable, "wsgi.py"]


def _one_line_refusal(done, *needles):
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("command", [UPGRADE, SERVE], ids=["db-upgrade", "serve"])
@pytest.mark.parametrize("env, needles", [
    ({"PORT": "abc"}, ["PORT='abc'"]),
    ({"ASYNC_MODE": "eventlett"}, ["ASYNC_MODE='eventlett'"]),
    ({"DATABASE_URL": "postgresql//nope"}, ["DATABASE_URL"]),
    ({"DATABASE_URL": "sqlite:////no/such/folder/cg.db"}, ["/no/such/folder"]),
], ids=["port", "async-mode", "database-url", "sqlite-folder"])
def test_commands_refuse_a_bad_setting_in_one_line(tmp_path, command, env, needles):
    _one_line_refusal(_run(command, tmp_path, **env), *needles)


@pytest.mark.postgres
@pytest.mark.parametrize("command", [UPGRADE, SERVE], ids=["db-upgrade", "serve"])
def test_an_unreachable_postgresql_is_named(tmp_path, command):
    require("PostgreSQL", 5432)  # the driver is exercised against a port where nothing listens
    port = free_port()
    done = _run(command, tmp_path, DATABASE_URL=f"postgresql://postgres:s3cret@127.0.0.1:{port}/cg")
    _one_line_refusal(done, "DATABASE_URL", f"127.0.0.1:{port}", "PostgreSQL")
    assert "s3cret" not in done.stderr


def test_serving_refuses_an_unreachable_redis(tmp_path):
    port = free_port()
    done = _run(SERVE, tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0", PORT=str(free_port()))
    _one_line_refusal(done, "REDIS_URL", f"127.0.0.1:{port}", "unset REDIS_URL")


def test_the_port_check_names_a_non_numeric_port():
    done = subprocess.run([sys.executable, "-m", "app.portcheck", "127.0.0.1", "abc"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    _one_line_refusal(done, "PORT='abc'")
