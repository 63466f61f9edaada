"""The plan as the room sees it: on the room screen while the workshop runs, and on
participants' phones once it has ended. Server-rendered, read-only, no JSON, no scripts.
"""
from __future__ import annotations

import logging

from flask import abort, current_app, g, render_template, request
from flask_login import current_user, login_required

from app.exercises.contract import PLAN_SECTIONS
from app.exercises.phases import plans_now
from app.exports.model import export_audience
from app.extensions import db
from app.live.identity import participant_cookie
from app.models import Participant, Workshop
from app.plan.collect import provenance_for
from app.plan.items import by_section, plan_items, provenance_line, sector_names

log = logging.getLogger(__name__)
#: Seconds between reloads of the room-screen view while the workshop runs.
REFRESH_SECONDS = 20


@login_required
def room_view(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not workshop.partnership.can_access(current_user):
        abort(404)
    g.locale = workshop.language  # the room screen speaks the workshop's language
    return _render(workshop, "screen")


def participant_view(workshop_id: int):
    participant = Participant.by_token(request.cookies.get(participant_cookie(workshop_id)))
    if participant is None or participant.workshop_id != workshop_id or participant.removed:
        return render_template("live/not_joined.html"), 403
    workshop = participant.workshop
    g.locale = participant.language or workshop.language  # as on the participant's own page
    if workshop.status != "ended":
        return render_template("plan/live_view.html", workshop=workshop, sections=[], audience="participant",
                               not_yet=True, refresh=REFRESH_SECONDS), 403
    return _render(workshop, "participant")


def _render(workshop: Workshop, audience: str):
    sections = [(key, title, items) for key, title, items in by_section(workshop_items(workshop)) if items]
    live = workshop.status != "ended"
    return render_template("plan/live_view.html", workshop=workshop, sections=sections, audience=audience,
                           not_yet=False, refresh=REFRESH_SECONDS if live else None, live=live,
                           provenance_line=provenance_line, sector_names=sector_names)


def workshop_items(workshop: Workshop) -> list[dict]:
    """What this workshop gives the plan: straight from the steps while it runs; once it has
    ended, the harvested items the facilitators have not dropped."""
    if workshop.status == "ended":
        items = [item.as_dict() for item in plan_items(workshop.partnership_id, ("proposed", "promoted"))
                 if (item.provenance or {}).get("workshop_id") == workshop.id]
        if items:
            return items
    return _from_steps(workshop)


def _from_steps(workshop: Workshop) -> list[dict]:
    exercises = current_app.extensions["exercises"]
    audience = export_audience(workshop)  # the plan's rule for naming sectors (app/plan/collect.py)
    items = []
    for step in workshop.steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is None or not plans_now(exercise, step):
            continue
        try:
            contributions = exercise.plan(step.state, step.config) or []
        except Exception:
            log.exception("plan() of exercise %r failed for step %s", step.exercise_key, step.id)
            continue
        for position, contribution in enumerate(contributions):
            if contribution.get("section") in PLAN_SECTIONS:
                items.append({"section": contribution["section"], "title": contribution.get("title", ""),
                              "text": contribution.get("text", ""), "data": contribution.get("data") or {},
                              "position": step.position * 1000 + position,
                              "provenance": provenance_for(workshop, step, exercise, contribution, audience)})
    return items
