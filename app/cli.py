"""``flask --app wsgi ...`` commands."""
import click
from flask import Flask, current_app

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

    result = create_demo()
    base = base_url.rstrip("/")
    workshop = result["workshop"]
    click.echo(f"Log in at   {base}/login")
    click.echo(f"  email     {result['email']}")
    click.echo(f"  password  {result['password'] or '(unchanged: the demo account already existed)'}")
    click.echo(f"Join code   {workshop.join_code}")
    click.echo(f"Join link   {base}/j/{workshop.join_code}")
    click.echo(f"Agenda      {base}/workshops/{workshop.id}")
    click.echo(f"Steps       {', '.join(step.exercise_key for step in workshop.steps) or '(no exercises enabled)'}")
