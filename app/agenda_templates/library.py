"""What a facilitator can start a workshop from, and turning a template into agenda steps.

A template step's ``config`` holds overrides only. Applied to a workshop, a step gets the
exercise's defaults, then what the partnership fills in, then the overrides — and the result is
checked with the exercise's own config form, like every other configuration.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app

from app.agenda_templates.builtin import BUILTIN_TEMPLATES, localized
from app.exercises.validation import validate
from app.extensions import db
from app.models import AgendaTemplate, Step, Workshop
from app.workshops.agenda import starting_config

BLANK = "blank"
MAX_STEPS = 40


@dataclass
class Applied:
    """What :func:`apply_template` did: the steps made, and what it had to leave out or reset."""

    steps: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # titles of steps whose exercise isn't enabled
    reset: list = field(default_factory=list)  # titles whose saved configuration no longer validates


def choice_id(template) -> str:
    """The value the "New workshop" form sends for ``template`` (a built-in dict or a saved row)."""
    if isinstance(template, AgendaTemplate):
        return f"saved:{template.id}"
    return f"builtin:{template['key']}"


def steps_of(template) -> list[dict]:
    return template.steps if isinstance(template, AgendaTemplate) else template["steps"]


def name_of(template) -> str:
    return template.name if isinstance(template, AgendaTemplate) else template["name"]


def builtin_templates() -> list[dict]:
    """The built-in templates, with their texts in the current language."""
    return [localized(t) for t in BUILTIN_TEMPLATES.values()]


def saved_for(facilitator) -> list[AgendaTemplate]:
    """The facilitator's own templates and those their co-facilitators share with them."""
    return list(db.session.scalars(AgendaTemplate.visible_to(facilitator)))


def resolve(choice: str | None, facilitator):
    """The template a form's ``choice`` names, None for a blank agenda; 404 for anything else.

    A saved template the facilitator may not see answers 404 exactly like one that doesn't exist.
    """
    if not choice or choice == BLANK:
        return None
    kind, _, ident = choice.partition(":")
    if kind == "builtin" and ident in BUILTIN_TEMPLATES:
        return localized(BUILTIN_TEMPLATES[ident])
    if kind == "saved" and ident.isdigit():
        template = db.session.get(AgendaTemplate, int(ident))
        if template is not None and template.can_use(facilitator):
            return template
    abort(404)


def apply_template(workshop: Workshop, template) -> Applied:
    """Append the template's steps to ``workshop``'s agenda. The caller commits."""
    enabled = current_app.extensions["exercises"]
    applied = Applied()
    for source in steps_of(template):
        exercise = enabled.get(source["exercise_key"])
        if exercise is None:
            applied.skipped.append(source["title"])
            continue
        config, ok = step_config(exercise, workshop.partnership, source.get("config") or {})
        if not ok:
            applied.reset.append(source["title"])
        step = Step(position=len(workshop.steps), exercise_key=exercise.key,
                    title=source["title"][:160], notes=source.get("notes") or "",
                    duration_minutes=source.get("duration_minutes"), config=config,
                    state=exercise.initial_state(config), hidden=bool(exercise.hidden_at_start(config)))
        workshop.steps.append(step)
        applied.steps.append(step)
    return applied


def step_config(exercise, partnership, overrides: dict) -> tuple[dict, bool]:
    """``(config, True)`` with the overrides applied and validated; ``(the starting config, False)``
    when the overrides no longer pass the exercise's form (the exercise changed since saving).
    """
    base = starting_config(exercise, partnership)
    fields = set(base)
    data, errors = validate(exercise.config_form, {**base, **{k: v for k, v in overrides.items() if k in fields}})
    if errors:
        return base, False
    return data, True


def template_steps(workshop: Workshop) -> list[dict]:
    """A workshop's agenda as template steps: for each, only the configuration the facilitator changed.

    Values the partnership filled in are left out (the next partnership fills in its own), and so
    are values whose default depends on the day (a date the dates count from, say).
    """
    enabled = current_app.extensions["exercises"]
    steps = []
    for step in workshop.steps:
        exercise = enabled.get(step.exercise_key)
        config = dict(step.config or {})
        if exercise is not None:
            base = starting_config(exercise, workshop.partnership)
            dated = set(exercise.dated_config_fields)
            config = {k: v for k, v in config.items() if k in base and k not in dated and base[k] != v}
        steps.append({"exercise_key": step.exercise_key, "title": step.title, "notes": step.notes or "",
                      "duration_minutes": step.duration_minutes, "config": config})
    return steps


def describe(template) -> dict:
    """A template as the pages show it: name, one-line summary, its steps, what this server can't run."""
    enabled = current_app.extensions["exercises"]
    saved = isinstance(template, AgendaTemplate)
    steps = [{
        "title": step["title"],
        "exercise": (str(enabled[step["exercise_key"]].title) if step["exercise_key"] in enabled
                     else step["exercise_key"]),
        "enabled": step["exercise_key"] in enabled,
        "duration_minutes": step.get("duration_minutes"),
    } for step in steps_of(template)]
    return {
        "id": choice_id(template),
        "name": name_of(template),
        "summary": (template.description if saved else template["summary"]),
        "owner": template.owner.display_name if saved else None,
        "shared": template.shared if saved else False,
        "steps": steps,
        "minutes": sum(s["duration_minutes"] or 0 for s in steps if s["enabled"]),
        "missing": [s["title"] for s in steps if not s["enabled"]],
    }


def offer(facilitator) -> dict:
    """What the "New workshop" page lists: the built-in templates, mine, and those shared with me."""
    saved = saved_for(facilitator)
    return {
        "builtin": [describe(t) for t in builtin_templates()],
        "own": [describe(t) for t in saved if t.owner_id == facilitator.id],
        "shared": [describe(t) for t in saved if t.owner_id != facilitator.id],
    }
