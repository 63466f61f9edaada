"""What each audience of a workshop sees: the documents the broadcaster patches."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.exercises import Audience
from app.exercises import phases as step_phases
from app.extensions import db
from app.join import devices
from app.live import moderation, roster, windows
from app.live.presence import get_presence
from app.live.states import current_state
from app.models import Action, Participant, Step, Workshop
from app.models.base import utcnow
from app.tables import views as table_views


def room_name(workshop_id: int, audience: str) -> str:
    """Socket.IO room of an audience ("facilitator", "screen", "participant") or one actor."""
    return f"w{workshop_id}:{audience}"


def sector_sizes(workshop_id: int) -> dict:
    rows = db.session.execute(
        select(Participant.sector, func.count())
        .where(Participant.workshop_id == workshop_id, Participant.removed.is_(False))
        .group_by(Participant.sector)
    )
    return {sector or "": count for sector, count in rows}


def audience_for(workshop: Workshop, step: Step, role: str, sizes: dict, participant_id=None,
                 names=None) -> Audience:
    """``names`` (actor id -> name, organisation) only for audiences that may see authors."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    phase = step_phases.current(exercise, step.config, step.phase) if exercise is not None else None
    return Audience(
        role="facilitator" if role == "facilitator" else role,
        participant_id=participant_id,
        hidden=step.hidden,
        anonymous=workshop.anonymous,
        sector_sizes=sizes,
        sectors=tuple(workshop.partnership.sectors or ()),
        names=names or {},
        phase=phase.key if phase else None,
        phases=step_phases.keys(exercise, step.config) if exercise is not None else (),
    )


def names_for(workshop: Workshop, role: str) -> dict:
    """The roster's names, or none when the workshop's anonymity keeps them from ``role``."""
    return roster.names(workshop) if role == "facilitator" or not workshop.anonymous else {}


def visible_steps(workshop: Workshop, role: str) -> list[Step]:
    """The room's step, the console's (for the facilitator), and every step open between
    sessions right now (app/live/windows.py): people contribute to those from a link."""
    ids = {workshop.room_step_id}
    if role == "facilitator":
        ids.add(workshop.current_step_id)
    now = utcnow()
    return [step for step in workshop.steps if step.id in ids or windows.is_open(step, now)]


def build_doc(workshop: Workshop, role: str, sizes: dict | None = None) -> dict:
    """The whole document ``role`` sees of ``workshop`` at ``workshop.version``."""
    sizes = sector_sizes(workshop.id) if sizes is None else sizes
    exercises = current_app.extensions["exercises"]
    names = names_for(workshop, role)
    steps = {}
    for step in visible_steps(workshop, role):
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        steps[str(step.id)] = {
            **step_meta(step),
            "view": exercise.view(current_state(step), audience_for(workshop, step, role, sizes, names=names)),
        }
    doc = {
        "seq": workshop.version,
        "workshop": workshop_meta(workshop, role),
        "steps": steps,
        "presence": presence_doc(workshop, role, sizes),
    }
    if role == "facilitator":  # held contributions reach the console only
        doc["moderation"] = moderation.console_doc(workshop, names)
        doc["tables"] = table_views.console_doc(workshop)
    return doc


def personal_doc(workshop: Workshop, actor_id: str, sizes: dict | None = None) -> dict:
    """What one participant alone sees: their own part of each visible step."""
    sizes = sector_sizes(workshop.id) if sizes is None else sizes
    exercises = current_app.extensions["exercises"]
    result = {}
    for step in visible_steps(workshop, "participant"):
        exercise = exercises.get(step.exercise_key)
        if exercise is not None:
            audience = audience_for(workshop, step, "participant", sizes, participant_id=actor_id)
            result[str(step.id)] = exercise.personal(current_state(step), audience)
    result["table"] = table_views.personal(workshop, actor_id)  # always sent: None clears the phone's
    held = moderation.personal_held(workshop, actor_id)
    if held is not None:
        result["held"] = held  # their own contributions waiting for (or refused by) the facilitator
    return result


def step_meta(step: Step) -> dict:
    return {
        "id": step.id,
        "key": step.exercise_key,
        "title": step.title,
        "status": step_status(step),
        "hidden": step.hidden,
        "phase": step_phase_key(step),
        "final": phase_holds(step),
        "version": step.version,
        "timer": timer_doc(step),
        "minutes": step.duration_minutes or 0,
        "window": window_doc(step),
    }


def phase_holds(step: Step) -> bool:
    """The room may not go back from the step's phase (its results are final): the console greys
    out the earlier phases."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    if exercise is None or not exercise.phases:
        return False
    return step_phases.holds(exercise, step.config, step.phase, current_state(step))


def step_status(step: Step) -> str:
    """The status the step's rules follow: an open window opens it (windows.effective_status)."""
    return windows.effective_status(step.status, windows.is_open(step, utcnow()))


def window_doc(step: Step) -> dict | None:
    """The step's window between sessions, as the timer's moments are sent (ISO, UTC), or None."""
    if step.opens_at is None or step.closes_at is None:
        return None
    return {"opens_at": step.opens_at.isoformat() + "Z", "closes_at": step.closes_at.isoformat() + "Z"}


def step_phase_key(step: Step) -> str | None:
    """The step's current phase key (None for an exercise without phases)."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    phase = step_phases.current(exercise, step.config, step.phase) if exercise is not None else None
    return phase.key if phase else None


def timer_doc(step: Step) -> dict:
    if step.timer_ends_at is not None:
        return {"state": "running", "ends_at": step.timer_ends_at.isoformat() + "Z"}
    if step.timer_remaining is not None:
        return {"state": "paused", "remaining": step.timer_remaining}
    return {"state": "off"}


def workshop_meta(workshop: Workshop, role: str) -> dict:
    meta = {
        "id": workshop.id,
        "title": workshop.title,
        "status": workshop.status,
        "anonymous": workshop.anonymous,
        "room_step": workshop.room_step_id or 0,
        "agenda": [
            {"id": s.id, "title": s.title, "key": s.exercise_key, "status": step_status(s), "position": s.position,
             "minutes": s.duration_minutes or 0}
            for s in workshop.steps
        ],
    }
    if role in ("facilitator", "screen"):
        meta["join_code"] = workshop.join_code
        meta["room_locked"] = workshop.room_locked
        meta["late_join"] = workshop.late_join
        meta["moderated"] = workshop.moderated
        meta["spotlight"] = workshop.spotlight or {}
        meta["screen"] = {"page": 0, "paused": False, "plan_qr": False, **(workshop.screen or {}),
                          "rotate_seconds": current_app.config["SCREEN_ROTATE_SECONDS"]}
    if role == "facilitator":
        meta["current_step"] = workshop.current_step_id or 0
        meta["started_at"] = _iso(workshop.started_at)
        meta["ended_at"] = _iso(workshop.ended_at)
    return meta


def _iso(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def presence_doc(workshop: Workshop, role: str, sizes: dict) -> dict:
    online = get_presence().online(workshop.id)
    here = sum(1 for actor in online if actor.startswith("p:"))
    total = sum(sizes.values())
    if role == "participant":
        # Phones do not show the headcount: leaving it out spares every phone a patch per join.
        return {}
    by_sector = dict(sizes)
    if role == "screen":
        by_sector = Audience(role="screen", anonymous=workshop.anonymous, sector_sizes=sizes).breakdown(sizes)
    doc = {"here": here, "total": total, "by_sector": by_sector}
    if role == "facilitator":
        doc["participants"] = roster.participants(workshop.id, online)
        doc["contributed"] = _contributed(workshop)
        doc["guessing"] = rejoin_guessing(workshop)
        doc["device_refused"] = devices.refusals(workshop)
    return doc


def _contributed(workshop: Workshop) -> dict:
    """Per visible step: how many participants have contributed at least once."""
    rows = db.session.execute(
        select(Action.step_id, func.count(func.distinct(Action.actor_key)))
        .where(Action.workshop_id == workshop.id, Action.actor_key.like("p:%"), Action.step_id.is_not(None))
        .group_by(Action.step_id)
    )
    return {str(step_id): count for step_id, count in rows}


def rejoin_guessing(workshop: Workshop) -> bool:
    """True while wrong rejoin codes for this workshop come in at a third of the limit a minute
    or more (seen by this process): the console tells the facilitator someone is guessing."""
    window = current_app.extensions.get("join_code_limiter")
    if window is None:
        return False
    return window.count("code:" + workshop.join_code) >= max(1, current_app.config["REJOIN_CODE_RATE_LIMIT"] // 3)
