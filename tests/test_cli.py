"""Command-line tools: create-facilitator, demo, exercises."""
import re

from app.agenda_templates.builtin import KICKOFF
from app.extensions import db
from app.models import Facilitator, Partnership, Workshop
from app.workshops.codes import ALPHABET
from tests.factories import create_facilitator


def facilitator(email):
    return db.session.execute(db.select(Facilitator).filter_by(email=email)).scalar_one_or_none()


def test_create_facilitator_with_password_option(runner):
    result = runner.invoke(args=["create-facilitator", "Lead@Example.org", "--password", "a strong secret",
                                 "--name", "Lee"])
    assert result.exit_code == 0, result.output
    created = facilitator("lead@example.org")
    assert created.name == "Lee"
    assert created.check_password("a strong secret")
    assert "a strong secret" not in created.password_hash


def test_create_facilitator_prompts_twice(runner):
    result = runner.invoke(args=["create-facilitator", "lead@example.org"],
                           input="a strong secret\na strong secret\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat" in result.output  # asked twice
    assert facilitator("lead@example.org").check_password("a strong secret")


def test_create_facilitator_refuses_mismatch_short_and_duplicate(runner):
    result = runner.invoke(args=["create-facilitator", "a@example.org"], input="a strong secret\nother one!!\n")
    assert result.exit_code != 0 and facilitator("a@example.org") is None
    result = runner.invoke(args=["create-facilitator", "a@example.org", "--password", "short"])
    assert result.exit_code != 0 and "at least 10" in result.output
    assert facilitator("a@example.org") is None
    create_facilitator(email="taken@example.org")
    result = runner.invoke(args=["create-facilitator", "taken@example.org", "--password", "a strong secret"])
    assert result.exit_code != 0 and "already an account" in result.output


def test_demo_creates_a_joinable_workshop(runner, app, client):
    result = runner.invoke(args=["demo", "--base-url", "https://cg.example.org/"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Password\s+(\S+)", result.output).group(1)
    assert facilitator("demo@example.org").check_password(password)
    workshop = db.session.execute(db.select(Workshop)).scalar_one()
    assert workshop.status == "lobby"
    assert len(workshop.join_code) == 8 and set(workshop.join_code) <= set(ALPHABET)
    assert workshop.join_code in result.output
    assert f"https://cg.example.org/j/{workshop.join_code}" in result.output
    assert "https://cg.example.org/login" in result.output
    partnership = workshop.partnership
    assert partnership.sectors == ["Education", "Health", "Housing", "Social services", "Local government",
                                   "Community"]
    assert len(partnership.organisations) >= 4
    enabled = app.extensions["exercises"]
    order = [step["exercise_key"] for step in KICKOFF["steps"]]  # the agenda is the kick-off template
    assert [s.exercise_key for s in workshop.steps] == [k for k in order if k in enabled]
    assert all(step.notes for step in workshop.steps)
    assert client.get(f"/j/{workshop.join_code}").status_code == 200  # people can join right away
    login = client.post("/login", data={"email": "demo@example.org", "password": password})
    assert login.status_code == 302


def test_demo_reuses_the_demo_account(runner):
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "http://127.0.0.1:5000/j/" in second.output
    assert "unchanged" in second.output
    assert db.session.scalar(db.select(db.func.count(Facilitator.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 2
    password = re.search(r"Password\s+(\S+)", first.output).group(1)
    assert facilitator("demo@example.org").check_password(password)


def test_exercises_command_lists_enabled(runner, app):
    result = runner.invoke(args=["exercises"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == list(app.extensions["exercises"])
    assert "ideas\t" + app.extensions["exercises"]["ideas"].title in lines


def test_commands_explain_a_missing_schema(runner):
    db.drop_all()
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0 and "db upgrade" in result.output
    result = runner.invoke(args=["create-facilitator", "a@example.org", "--password", "a strong secret"])
    assert result.exit_code != 0 and "db upgrade" in result.output


def test_commands_do_not_print_eventlet_deprecation_noise(tmp_path):
    """``flask --app wsgi ...`` (what the README and `make run` use) prints its answer, not an
    eight-line warning about eventlet, which the README already explains."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("ASYNC_MODE", None)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "exercises"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ideas\t" in done.stdout
    assert "Eventlet is deprecated" not in done.stderr


def test_demo_links_use_the_real_port_and_public_url(runner, app):
    app.config["PORT"] = 8123
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/login" in result.output and ":5000" not in result.output
    app.config["PUBLIC_URL"] = "https://cg.example.org"
    result = runner.invoke(args=["demo"])
    workshop = db.session.execute(db.select(Workshop).order_by(Workshop.id.desc())).scalars().first()
    assert f"https://cg.example.org/j/{workshop.join_code}" in result.output


def test_demo_says_how_to_reset_the_password_and_does_it(runner):
    first = runner.invoke(args=["demo"])
    old = re.search(r"Password\s+(\S+)", first.output).group(1)
    again = runner.invoke(args=["demo"])
    assert "--reset-password" in again.output
    reset = runner.invoke(args=["demo", "--reset-password"])
    assert reset.exit_code == 0, reset.output
    new = re.search(r"Password\s+(\S+)", reset.output).group(1)
    assert new != old and facilitator("demo@example.org").check_password(new)
    assert not facilitator("demo@example.org").check_password(old)


def test_backup_copies_the_sqlite_database(runner, app, tmp_path):
    create_facilitator(email="kept@example.org")
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    import sqlite3

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT email FROM facilitator").fetchall() == [("kept@example.org",)]
    finally:
        copy.close()
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_backup_of_postgresql_gives_pg_dump_advice_without_the_password(runner, app, tmp_path):
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://cg:s3cret@db.example.org:5432/cg"
    result = runner.invoke(args=["backup", str(tmp_path / "cg.dump")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output and "db.example.org" in result.output and "s3cret" not in result.output
    assert not (tmp_path / "cg.dump").exists()
