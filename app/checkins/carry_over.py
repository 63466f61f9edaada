"""What a check-in starts from: the open items the partnership's plan still holds after its
last held workshop — actions not done (with owner and due date), agreement clauses not agreed,
open questions and roles without a lead.

They become the starting content of the first step whose exercise takes some
(:attr:`Exercise.carry_over_field`), so the room begins by going through them, and the
facilitator can edit them in that step's configuration until the first contribution.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from app.exercises.validation import validate
from app.extensions import db
from app.models import PlanItem, Workshop
from app.models.base import utcnow
from app.partnerships.open_work import open_work
from app.plan.items import action_data

#: At most this many items are carried over; the rest are counted ("and N more in the plan").
MAX_CARRIED = 30
#: A carried line is cut to this many characters (a plan item's title may be longer than a note).
LONGEST_LINE = 280
#: The built-in template whose workshops are check-ins when a facilitator creates one by hand.
CHECK_IN_TEMPLATE = "check_in"


def open_lines(items, today: date) -> list[str]:
    """One line per open item of the plan ``items`` (models or rows), in the current language:
    actions first (soonest due first), then clauses, open questions and roles."""
    live = [item for item in items if item.status != "dropped"]
    actions = [(action_data(item.data), item.title) for item in live if item.section == "actions"]
    actions = sorted(((data, title) for data, title in actions if data.get("status") != "done"),
                     key=lambda pair: (str(pair[0].get("due") or "9999"), pair[1].lower()))
    things = open_work(live, today, [])
    return ([_action_line(title, data) for data, title in actions]
            + [_("Clause not agreed yet: %(title)s", title=t.title) for t in things["agreement_open"]]
            + [_("Open question: %(title)s", title=item.title) for item in live if item.section == "flags"]
            + [_("Role without a lead: %(title)s", title=t.title) for t in things["role_unassigned"]])


def _action_line(title: str, data: dict) -> str:
    owner = str(data.get("owner") or "").strip()
    due = _day(data.get("due"))
    if owner and due:
        return _("Action: %(title)s (%(owner)s, due %(due)s)", title=title, owner=owner, due=format_date(due))
    if owner:
        return _("Action: %(title)s (%(owner)s, no due date)", title=title, owner=owner)
    if due:
        return _("Action: %(title)s (nobody owns it yet, due %(due)s)", title=title, due=format_date(due))
    return _("Action: %(title)s (nobody owns it yet)", title=title)


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def previous_held(workshop: Workshop) -> Workshop | None:
    """The partnership's most recently ended workshop other than ``workshop``."""
    query = (db.select(Workshop).filter_by(partnership_id=workshop.partnership.id, status="ended")
             .where(Workshop.id != workshop.id).order_by(Workshop.ended_at.desc(), Workshop.id.desc()))
    return db.session.scalars(query).first()


def is_check_in(template) -> bool:
    """Is ``template`` (a built-in dict or a saved row) the built-in check-in?"""
    return isinstance(template, dict) and template.get("key") == CHECK_IN_TEMPLATE


def carry_into(workshop: Workshop) -> dict | None:
    """Put the open items into the workshop's first step that takes starting content, and record
    it in ``workshop.carried_over``. Nothing when no workshop was held before, nothing is open
    or no step takes them. The caller commits."""
    previous = previous_held(workshop)
    target = _first_taking_step(workshop)
    if previous is None or target is None:
        return None
    step, exercise = target
    items = db.session.scalars(db.select(PlanItem).filter_by(partnership_id=workshop.partnership.id)).all()
    with force_locale(workshop.language or "en"):
        lines = open_lines(items, utcnow().date())
    if not lines:
        return None
    shown = [line[:LONGEST_LINE] for line in lines[:MAX_CARRIED]]
    config, errors = validate(exercise.config_form, {**step.config, exercise.carry_over_field: "\n".join(shown)})
    if errors:
        return None  # the exercise refuses this much text: the step keeps its own start
    step.config, step.state = config, exercise.initial_state(config)
    db.session.flush()  # the step's id, for the workshop page's link to it
    workshop.carried_over = {"from_id": previous.id, "from_title": previous.title, "step_id": step.id,
                             "count": len(shown), "more": len(lines) - len(shown)}
    return workshop.carried_over


def _first_taking_step(workshop: Workshop):
    exercises = current_app.extensions["exercises"]
    for step in workshop.steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is not None and exercise.carry_over_field and exercise.carry_over_field in (step.config or {}):
            return step, exercise
    return None
