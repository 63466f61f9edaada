"""``flask --app wsgi ...`` commands."""
import click
from flask import Flask, current_app, url_for

from app.extensions import db
from app.models import Facilitator

MIN_PASSWORD = 10


def register_commands(app: Flask) -> None:
    app.cli.add_command(exercises_command)
    app.cli.add_command(create_facilitator_command)
    app.cli.add_command(demo_command)


@click.command("exercises")
def exercises_command():
    """Print the enabled exercises: key<TAB>title."""
    for key, exercise in current_app.extensions["exercises"].items():
        click.echo(f"{key}\t{exercise.title}")


@click.command("create-facilitator")
@click.argument("email")
@click.option("--name", default="", help="Display name shown to co-facilitators.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted twice when left out; pass it only in scripts.")
def create_facilitator_command(email, name, password):
    """Create a facilitator account for EMAIL."""
    _require_schema()
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("that doesn't look like an email address", param_hint="EMAIL")
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"use at least {MIN_PASSWORD} characters", param_hint="--password")
    if db.session.execute(db.select(Facilitator).filter_by(email=email)).scalar_one_or_none():
        raise click.ClickException(f"there is already an account for {email}")
    facilitator = Facilitator(email=email, name=name.strip())
    facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    click.echo(f"Created facilitator {email}.")


@click.command("demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the server is reached, for the printed links.")
def demo_command(base_url):
    """Create a demo facilitator, partnership and workshop (status lobby) to try things out."""
    from app.demo import create_demo

    _require_schema()
    result = create_demo()
    workshop = result["workshop"]
    # Build the links with the app's own URL rules, as seen from ``--base-url``.
    with current_app.test_request_context(base_url=base_url.rstrip("/") + "/"):
        links = {
            "Log in at": url_for("auth.login", _external=True),
            "Join link": url_for("join.code", code=workshop.join_code, _external=True),
            "Agenda": url_for("workshops.detail", workshop_id=workshop.id, _external=True),
            "Console": url_for("live.console", workshop_id=workshop.id, _external=True),
            "Room screen": url_for("live.screen", workshop_id=workshop.id, _external=True),
        }
    click.echo(f"{'Email':<12}{result['email']}")
    click.echo(f"{'Password':<12}{result['password'] or '(unchanged: the demo account already existed)'}")
    click.echo(f"{'Join code':<12}{workshop.join_code}")
    for label, link in links.items():
        click.echo(f"{label:<12}{link}")
    steps = ", ".join(step.exercise_key for step in workshop.steps) or "(no exercises enabled)"
    click.echo(f"{'Steps':<12}{steps}")


def _require_schema() -> None:
    """Stop with a helpful message, not a SQL traceback, when the database isn't set up yet."""
    if not db.inspect(db.engine).has_table("facilitator"):
        raise click.ClickException("the database has no tables yet; run `flask --app wsgi db upgrade` "
                                   "(or `make run` once) first")
