"""The plan document: a plain, JSON-safe dict of everything an export shows.

Built once from the database; every format renders this dict and nothing else, so a figure
in the PDF and the spreadsheet can never disagree. Anonymity is applied here, once, and so is
the cleaning of text no format can hold (:mod:`app.exports.clean`).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import current_app
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.exercises import Audience, participation
from app.exercises.contract import PLAN_SECTIONS, format_day, named_rows
from app.exercises.defaults import shown_default, shown_title
from app.exercises.phases import plans_now
from app.exports import clean, columns
from app.extensions import db
from app.live import roster
from app.live.rooms import sector_sizes
from app.models import PlanRevision, Workshop
from app.partnerships.champions import every_holding
from app.plan.forms import ACTION_STATUSES
from app.plan.items import action_data, by_section, plan_items, provenance_line, reader_data, shown_data, worded
from app.plan.snapshot import snapshots
from app.tables.instances import instances_by_table

log = logging.getLogger(__name__)

#: Sections shown as tables in documents: (headers, keys of the rows in ``doc[section]``).
#: The headers are lazy: they read in the language of the request (or of ``force_locale``).
TABLES = {
    "roles": ((_l("Role"), _l("Lead"), _l("Supporting"), _l("Responsibilities")),
              ("role", "lead", "supporting", "responsibilities")),
    "indicators": ((_l("Indicator"), _l("Data source"), _l("Who collects"), _l("How often")),
                   ("indicator", "data_source", "collected_by", "frequency")),
    "actions": ((_l("Action"), _l("Owner"), _l("Due"), _l("Status")), ("action", "owner", "due_text", "status_text")),
}
#: The contributions' column naming the breakout table a row was written at (issue 22).
TABLE_COLUMN = "table"
#: How many of a table's plan titles a report lists under it (the spreadsheets have every row).
TABLE_PLAN_SHOWN = 5
#: A name in its own direction: first strong isolate … pop directional isolate.
ISOLATE = "\u2068{}\u2069"
EMPTY_NOTE = _l("This plan is empty so far: nothing has been promoted into it yet.")


def exported_line(doc: dict) -> str:
    """"Exported <date and time>" in the current language."""
    when = datetime.fromisoformat(doc["generated_at"])
    return _("Exported %(when)s", when=format_datetime(when, "medium"))


def plan_document(partnership) -> dict:
    """Everything about ``partnership``'s plan, for every export format."""
    items = plan_items(partnership.id)
    promoted = [item for item in items if item.status == "promoted"]
    sections = [
        {"key": key, "title": title, "items": [item_entry(item) for item in members]}
        for key, title, members in by_section(promoted) if members
    ]
    by_key = {section["key"]: section["items"] for section in sections}
    return clean.document({
        "partnership": partnership_entry(partnership),
        "generated_at": _now(),
        "empty": not promoted,
        "empty_note": str(EMPTY_NOTE),
        "sections": sections,
        "roles": [role_row(item) for item in by_key.get("roles", [])],
        "indicators": [indicator_row(item) for item in by_key.get("indicators", [])],
        "actions": [action_row(item) for item in by_key.get("actions", [])],
        "checkins": [checkin_row(item) for item in by_key.get("checkins", [])],
        "items": [stored_item(item) for item in items],
        "history": [revision_entry(r) for r in _revisions(partnership.id)],
        "snapshots": [snapshot_entry(s) for s in reversed(snapshots(partnership.id))],
        "workshops": [workshop_entry(w) for w in partnership.workshops],
        "champions": [champion_entry(h) for h in every_holding(partnership)],
    })


def champion_entry(holding) -> dict:
    """A holding of an organisation's champion role (``ChampionHolding``), days as ``YYYY-MM-DD``."""
    return {"organisation": holding.organisation, "name": holding.name, "role": holding.role,
            "contact": holding.contact, "started_on": holding.started_on.isoformat(),
            "ended_on": holding.ended_on.isoformat() if holding.ended_on else None,
            "handover_note": holding.handover_note}


def workshop_document(workshop: Workshop) -> dict:
    """One workshop: its agenda, raw contributions and what it gave the plan (for the
    per-workshop exports and the one-page summary)."""
    items = [item for item in plan_items(workshop.partnership_id, ("proposed", "promoted"))
             if (item.provenance or {}).get("workshop_id") == workshop.id]
    return clean.document({
        "partnership": partnership_entry(workshop.partnership),
        "generated_at": _now(),
        "workshop": workshop_entry(workshop),
        "plan_items": [item_entry(item) for item in items],
    })


def partnership_entry(partnership) -> dict:
    return {
        "name": partnership.name,
        "purpose": partnership.purpose or "",
        "sectors": list(partnership.sectors or []),
        "organisations": list(partnership.organisations or []),
    }


def stored_item(item) -> dict:
    """An item as stored, with an action's data in the plan's vocabulary (``owner``/``due``)."""
    entry = item.as_dict()
    if entry["section"] == "actions":
        entry["data"] = action_data(entry["data"])
    return entry


def item_entry(item) -> dict:
    """An item as documents show it: its words in the reader's language, its data without the
    wording (that is code's, not a reader's)."""
    entry = stored_item(item)
    entry.update(worded(item))
    entry["data"] = reader_data(entry["data"])
    # The same with the default texts the exercise copied in (a default role's name) in the
    # reader's words, for the documents' tables (the JSON keeps "data" as stored).
    entry["read_data"] = {key: shown_default(_exercise_of(item), value) for key, value in entry["data"].items()}
    entry["shown"] = shown_data(item)
    # The spreadsheets' headers for those keys, in the reader's language (not in the JSON export).
    entry["shown_names"] = columns.names(_exercise_of(item), entry["shown"])
    provenance = item.provenance or {}
    entry["shown_step_title"] = shown_title(provenance.get("exercise", ""), provenance.get("step_title", ""))
    entry["provenance_line"] = provenance_line(item.provenance)
    entry["sectors"] = list((item.provenance or {}).get("sectors") or [])
    return entry


def _exercise_of(item):
    """The exercise an item came from (None for a facilitator's own item or an unknown exercise)."""
    if item.origin != "exercise":
        return None
    return current_app.extensions["exercises"].get((item.provenance or {}).get("exercise"))


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def role_row(item: dict) -> dict:
    """Role / lead / supporting / responsibilities, from the item's data or its title and text."""
    data = item.get("read_data", item["data"])
    return {
        "role": _text(data.get("role")) or item["title"],
        "lead": _text(data.get("lead")),
        "supporting": _text(data.get("supporting")),
        "responsibilities": _text(data.get("responsibilities")) or item["text"],
    }


def indicator_row(item: dict) -> dict:
    data = item.get("read_data", item["data"])
    return {
        "indicator": _text(data.get("indicator")) or item["title"],
        "data_source": _text(data.get("data_source")),
        "collected_by": _text(data.get("collected_by") or data.get("who_collects")),
        "frequency": _text(data.get("frequency") or data.get("how_often")),
    }


def action_row(item: dict) -> dict:
    data = action_data(item["data"])
    status = _text(data.get("status")) or "open"
    due = _text(data.get("due"))
    # "due" and "status" are the keys (the calendar reads them); the tables show the words.
    return {"id": item["id"], "action": item["title"], "owner": _text(data.get("owner")), "due": due,
            "status": status, "due_text": format_day(due) if due else "",
            "status_text": str(ACTION_STATUSES.get(status, status))}


def checkin_row(item: dict) -> dict:
    data = item["data"]
    dates = data.get("dates") or []
    dates = [str(d) for d in (dates if isinstance(dates, list) else [dates])]
    # "dates" are calendar days (the calendar reads them); "dates_text" as the reader writes them.
    return {"id": item["id"], "title": item["title"], "cadence": _text(data.get("cadence")), "dates": dates,
            "dates_text": [format_day(d) for d in dates]}


def workshop_entry(workshop: Workshop) -> dict:
    exercises = current_app.extensions["exercises"]
    audience = export_audience(workshop)
    names = {} if audience.anonymous else roster.names(workshop)
    at_tables = table_instances(workshop)
    return {
        "id": workshop.id,
        "title": workshop.title,
        "join_code": workshop.join_code,
        "status": workshop.status,
        "anonymous": workshop.anonymous,
        "late_join": workshop.late_join,
        "moderated": workshop.moderated,
        "language_filter": workshop.language_filter,
        "joins_per_device": workshop.joins_per_device,
        "participation": workshop.participation,
        "lived_experience": workshop.lived_experience,
        "language": workshop.language,
        "created_at": _iso(workshop.created_at),
        "ended_at": _iso(workshop.ended_at),
        "planned_for": _iso(workshop.planned_for),
        "planned_minutes": workshop.planned_minutes,
        # Small groups are folded into "other" in anonymous mode, as on the room screen.
        "participants": audience.breakdown(audience.sector_sizes),
        # The breakout tables (issue 22): how the room is split and each table's name and place.
        "table_plan": dict(workshop.table_plan) if workshop.table_plan else None,
        "tables": [{"id": t.id, "position": t.position, "name": t.name} for t in workshop.tables],
        "steps": [step_entry(audience, names, step, exercises.get(step.exercise_key), at_tables.get(step.id, []))
                  for step in workshop.steps],
    }


def table_instances(workshop: Workshop) -> dict[int, list]:
    """Plenary step id -> ``[(table, instance)]`` in the tables' order, for every step some
    table worked in (run in tables now, or before: turning it off keeps the tables' work)."""
    found = instances_by_table(step.id for step in workshop.steps)
    return {step_id: [(table, by_table[table.id]) for table in workshop.tables if table.id in by_table]
            for step_id, by_table in found.items() if by_table}


def step_entry(audience, names, step, exercise, at_tables=()) -> dict:
    """One plenary step; ``at_tables`` (``[(table, instance)]``) its tables' own work: their rows
    join the step's, each with its table's name in a ``table`` column, and each table has a
    short entry of its own (:func:`table_entry`) for the documents."""
    rows = contributions(audience, names, step, exercise)
    tables = []
    for table, instance in at_tables:
        own = contributions(audience, names, instance, exercise)
        rows.extend({TABLE_COLUMN: table.name, **row} for row in own)
        tables.append(table_entry(table, instance, exercise, len(own)))
    keys: list = [TABLE_COLUMN] if tables else []
    for row in rows:
        keys.extend(key for key in row if key not in keys)
    return {
        "id": step.id,
        "position": step.position,
        "exercise": step.exercise_key,
        "exercise_title": str(exercise.title) if exercise else step.exercise_key,
        # The title as this reader reads it (a default one in their language); the JSON keeps the stored one.
        "title": shown_title(step.exercise_key, step.title),
        "stored_title": step.title,
        "notes": step.notes or "",
        "config": dict(step.config or {}),
        "duration_minutes": step.duration_minutes,
        "participation": step.participation,
        "in_tables": bool(step.in_tables),
        "tables": tables,
        # "columns" and "rows" keep the keys and raw values (the JSON export's); "headers" and
        # "shown_rows" are how the spreadsheets show them, in the reader's language.
        "contributions": {"columns": keys, "rows": rows, "headers": columns.names(exercise, keys),
                          "shown_rows": [columns.shown_row(exercise, row) for row in rows]},
    }


def table_entry(table, instance, exercise, count: int) -> dict:
    """What one table did in a step, for the reports: its name, how many contributions, and the
    titles of what the exercise's ``plan()`` makes of the table's own state (the first few)."""
    titles = plan_titles(exercise, instance)
    return {"table_id": table.id, "name": table.name, "position": table.position, "count": count,
            "plan": titles[:TABLE_PLAN_SHOWN], "more": max(0, len(titles) - TABLE_PLAN_SHOWN)}


def plan_titles(exercise, step) -> list[str]:
    """The titles of the plan items ``exercise.plan()`` gives for ``step``'s state, when the plan
    may take them yet (:func:`plans_now`); none for an unknown or failing exercise: one broken
    exercise must not stop an export."""
    if exercise is None or not plans_now(exercise, step):
        return []
    try:
        made = exercise.plan(step.state, step.config) or []
    except Exception:  # the report still shows the table's contributions
        log.exception("plan() of exercise %r failed for table step %s", step.exercise_key, step.id)
        return []
    return [str(item.get("title") or "") for item in made
            if isinstance(item, dict) and item.get("section") in PLAN_SECTIONS and item.get("title")]


def table_line(table: dict, isolate: bool = True) -> str:
    """"Oak: 3 contributions", the line a report shows for a table under its step. The name is
    the facilitator's text, isolated in its own direction (FSI … PDI) so a right-to-left name,
    or an override typed into it, never turns the rest of the line around; ``isolate=False``
    for a renderer without the bidi algorithm (reportlab), where the marks would only be boxes."""
    name = ISOLATE.format(table["name"]) if isolate else table["name"]
    return _("%(table)s: %(contributions)s", table=name, contributions=contribution_count(table["count"]))


def contribution_count(count: int) -> str:
    """"3 contributions", in the reader's language (a step's and a table's)."""
    return ngettext("%(num)d contribution", "%(num)d contributions", count)


def table_points(table: dict) -> list[str]:
    """What a report lists under a table's line: its first plan titles, then "and 4 more"."""
    more = [ngettext("and %(num)d more", "and %(num)d more", table["more"])] if table["more"] else []
    return list(table["plan"]) + more


def export_audience(workshop) -> Audience:
    """Who an export is for: someone outside the room, so the room screen's rules apply —
    in an anonymous workshop no authorship, and sectors only for groups of 3 or more."""
    return Audience(role="screen", anonymous=workshop.anonymous, sector_sizes=sector_sizes(workshop.id),
                    lived_experience=participation.grouping_for(workshop))


def contributions(audience: Audience, names, step, exercise) -> list[dict]:
    """The step's raw rows, authors' names resolved from ``names`` (the roster's, actor id ->
    name and organisation), authorship removed when ``audience`` may not see it."""
    if exercise is None:
        return []
    rows = named_rows(exercise.contributions(step.state) or [], names, audience.anonymous)
    return [anonymise(row, exercise.authorship, audience) for row in rows]


def anonymise(row: dict, authorship, audience: Audience) -> dict:
    """The one place exports remove authorship from a row (names already resolved); the rest
    of the row is content and stays (the organisation a role is assigned to, a target sector)."""
    if audience.sees_authors:
        return row
    for column in authorship.names:
        if column in row:
            row[column] = ""
    if authorship.sector in row:
        row[authorship.sector] = audience.shown_sector(row[authorship.sector] or "") or ""
    for column in authorship.sector_lists:
        if column in row:
            row[column] = _visible_sectors(row[column], audience)
    for column, sector_column in authorship.sector_flags.items():
        if column in row and not audience.sector_visible(row.get(sector_column) or ""):
            row[column] = ""
    return row


def _visible_sectors(sectors, audience: Audience) -> list:
    shown: list = []
    for sector in sectors if isinstance(sectors, list) else [s for s in str(sectors or "").split(", ") if s]:
        name = audience.shown_sector(sector) or "other"
        if name not in shown:
            shown.append(name)
    return shown


def revision_entry(revision: PlanRevision) -> dict:
    return {"id": revision.id, "by": revision.actor_name, "action": revision.action, "item_id": revision.item_id,
            "before": revision.before, "after": revision.after, "at": _iso(revision.created_at)}


def snapshot_entry(snapshot) -> dict:
    return {"id": snapshot.id, "workshop_id": snapshot.workshop_id, "workshop_title": snapshot.workshop_title,
            "created_at": _iso(snapshot.created_at), "items": list(snapshot.items or [])}


def _revisions(partnership_id: int) -> list[PlanRevision]:
    return db.session.execute(
        db.select(PlanRevision).filter_by(partnership_id=partnership_id).order_by(PlanRevision.created_at,
                                                                                  PlanRevision.id)
    ).scalars().all()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
