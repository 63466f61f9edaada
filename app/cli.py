"""``flask --app wsgi ...`` commands."""
from pathlib import Path

import click
from flask import Flask, current_app, url_for

from app.extensions import db
from app.models import Facilitator

MIN_PASSWORD = 10


def register_commands(app: Flask) -> None:
    app.cli.add_command(exercises_command)
    app.cli.add_command(create_facilitator_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(export_plan_command)
    app.cli.add_command(import_plan_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)


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
@click.option("--base-url", default=None,
              help="Where the server is reached, for the printed links (default: PUBLIC_URL, else HOST and PORT).")
@click.option("--reset-password", is_flag=True, help="Give the existing demo account a new password.")
@click.option("--simulate", "simulate_count", type=click.IntRange(1, 2000), default=None, metavar="N",
              help="Also play the workshop with N simulated participants through every step, end it and "
                   "fill the plan, so every export has real content.")
def demo_command(base_url, reset_password, simulate_count):
    """Create a demo facilitator, partnership and workshop (status lobby) to try things out."""
    from app.demo import create_demo, default_base_url

    _require_schema()
    base_url = base_url or default_base_url(current_app.config)
    result = create_demo(reset_password=reset_password)
    workshop = result["workshop"]
    if simulate_count:
        from app.simulate import simulate

        counts = simulate(workshop, simulate_count)
        click.echo(f"Simulated {counts['participants']} participants: {counts['accepted']} changes accepted, "
                   f"{counts['refused']} refused by the exercises' rules; {counts['plan_items']} items in the plan.")
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
    unchanged = "(unchanged: the demo account already existed; forgot it? flask --app wsgi demo --reset-password)"
    click.echo(f"{'Password':<12}{result['password'] or unchanged}")
    click.echo(f"{'Join code':<12}{workshop.join_code}")
    for label, link in links.items():
        click.echo(f"{label:<12}{link}")
    steps = ", ".join(step.exercise_key for step in workshop.steps) or "(no exercises enabled)"
    click.echo(f"{'Steps':<12}{steps}")
    if simulate_count:
        with current_app.test_request_context(base_url=base_url.rstrip("/") + "/"):
            plan_url = url_for("plan.page", partnership_id=workshop.partnership_id, _external=True)
        click.echo(f"{'Plan':<12}{plan_url}")


@click.command("export-plan")
@click.argument("partnership_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "pdf", "xlsx", "csv", "json", "ics"]),
              default="md", show_default=True, help="csv writes a zip of CSV files.")
@click.option("--output", "output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="File to write; - for standard output.")
@click.option("--language", type=click.Choice(["en", "fr"]), default="en", show_default=True,
              help="Language of the document: its headings, notes and the sentences exercises wrote "
                   "(what people typed stays as written).")
def export_plan_command(partnership_id, fmt, output, language):
    """Export PARTNERSHIP_ID's plan in one format."""
    from flask_babel import force_locale

    from app.exports import ExportFailed, export_plan
    from app.models import Partnership

    _require_schema()
    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None:
        raise click.ClickException(f"there is no partnership {partnership_id}")
    with force_locale(language):
        try:
            content, _mimetype, _name = export_plan(partnership, fmt)
        except ExportFailed as failure:
            raise click.ClickException(f"{failure} ({failure.reason})") from None
    with click.open_file(output, "wb") as out:
        out.write(content)
    if output != "-":
        click.echo(f"Wrote {output} ({len(content):,} bytes).", err=True)


@click.command("import-plan")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", "owner_email", required=True, help="Email of the facilitator who will own it.")
def import_plan_command(path, owner_email):
    """Recreate a partnership, its plan and its workshop agendas from a JSON export at PATH."""
    import os

    from app.exports.json_io import MAX_BYTES, ImportFailed, import_plan

    _require_schema()
    owner = db.session.execute(db.select(Facilitator).filter_by(email=owner_email.strip().lower())).scalar_one_or_none()
    if owner is None:
        raise click.ClickException(f"there is no facilitator account for {owner_email}")
    if os.path.getsize(path) > MAX_BYTES:
        raise click.ClickException(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; nothing was imported")
    with open(path, "rb") as source:
        raw = source.read()
    try:
        partnership = import_plan(raw, owner)
    except ImportFailed as exc:
        raise click.ClickException(f"{exc} Nothing was imported.") from exc
    click.echo(f"Imported partnership {partnership.id}: {partnership.name} "
               f"({len(partnership.workshops)} workshops).")


@click.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="Workshops that ended (or, never ended, were created) more than DAYS ago; "
                   "default: the RETENTION_DAYS setting.")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
def purge_command(days, dry_run):
    """Delete the participants (and their contributions) of old workshops, and past champions."""
    from app.retention import purge

    _require_schema()
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    result = purge(days, dry_run=dry_run)
    verb = "Would remove" if dry_run else "Removed"
    for workshop_id, title, count in result.workshops:
        click.echo(f"Workshop {workshop_id} ({title}): {count} participants")
    click.echo(f"{verb} {result.participants} participants and {result.actions} of their actions "
               f"from {len(result.workshops)} workshops older than {days} days.")
    click.echo(f"{verb} {result.champions} past internal champions whose role ended more than {days} days ago.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path):
    """Copy the SQLite database to PATH, safely while the server runs (PostgreSQL: says how)."""
    from app.ops.backup import BackupRefused, backup_sqlite

    try:
        size = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up the database to {path} ({size:,} bytes). To restore: stop the server, "
               "copy it over the database file (removing any -wal and -shm files beside it), start again.")


def _require_schema() -> None:
    """Stop with a helpful message, not a SQL traceback, when the database isn't set up yet."""
    if not db.inspect(db.engine).has_table("facilitator"):
        raise click.ClickException("the database has no tables yet; run `flask --app wsgi db upgrade` "
                                   "(or `make run` once) first")
