"""What each audience of a workshop sees: the documents the broadcaster patches."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.exercises import Audience, participation
from app.exercises import phases as step_phases
from app.extensions import db
from app.join import devices
from app.live import moderation, roster, windows
from app.live.presence import get_presence
from app.live.states import current_state
from app.models import Action, Participant, Step, Workshop
from app.models.base import utcnow
from app.tables import live as tables_live
from app.tables import rollup_docs
from app.tables import views as table_views
from app.tables.instances import instances_by_table


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
        participation=participation.mode_for(workshop, step),
        lived_experience=participation.grouping_for(workshop),
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


def build_doc(workshop: Workshop, role: str, sizes: dict | None = None, memo: dict | None = None) -> dict:
    """The whole document ``role`` sees of ``workshop`` at ``workshop.version``. ``role`` may be
    a table's phone audience (``table:<id>``, app/tables/live.py): the participants' document
    with each step run in tables showing that table's instance. ``memo`` (one flush's) keeps
    the phones' views of plenary steps, the same in every table's document."""
    role, table_id = tables_live.split_audience(role)
    sizes = sector_sizes(workshop.id) if sizes is None else sizes
    exercises = current_app.extensions["exercises"]
    names = names_for(workshop, role)
    steps = {}
    shown = visible_steps(workshop, role)
    at_table = instances_at(shown, table_id) if table_id is not None else {}
    progress = tables_live.progress(workshop, shown, role) if role in ("facilitator", "screen") else {}
    rolled = rollup_docs.console_parts(workshop, shown) if role == "facilitator" else {}
    for step in shown:
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        if table_id is not None and step.in_tables:
            steps[str(step.id)] = _table_step(workshop, step, at_table.get(step.id), exercise, sizes, names)
            continue
        steps[str(step.id)] = {**step_meta(step), "view": _view(workshop, step, exercise, role, sizes, names, memo)}
        if step.id in progress:
            steps[str(step.id)]["tables"] = progress[step.id]
        if step.id in rolled:  # the tables' outputs, for the facilitator to roll up (app/tables/rollup.py)
            steps[str(step.id)]["rollup"] = rolled[step.id]
    doc = {
        "seq": workshop.version,
        "workshop": workshop_meta(workshop, role),
        "steps": steps,
        "presence": presence_doc(workshop, role, sizes),
    }
    if role == "facilitator":  # held contributions reach the console only
        doc["moderation"] = moderation.console_doc(workshop, names)
        doc["tables"] = table_views.console_doc(workshop)
    if role == "screen" and (shown_rollup := rollup_docs.screen_part(workshop)) is not None:
        doc["rollup"] = shown_rollup  # only once the facilitator shows it (rollup_screen)
    return doc


def _view(workshop, step, exercise, role, sizes, names, memo):
    """The exercise's view of a plenary step for ``role``; the phones' one once per flush."""
    if memo is None or role != "participant":
        return exercise.view(current_state(step), audience_for(workshop, step, role, sizes, names=names))
    key = (step.id, step.version, step.hidden, step.phase, workshop.anonymous)
    if key not in memo:
        memo[key] = exercise.view(current_state(step), audience_for(workshop, step, role, sizes, names=names))
    return memo[key]


def _table_step(workshop, step, instance, exercise, sizes, names) -> dict:
    """A step run in tables as one table's phones see it: the plenary step's meta (status, timer,
    privacy: inherited), the instance's version, and the view of the instance's state (the
    exercise's initial one while the table has no instance yet)."""
    state = current_state(instance) if instance is not None else exercise.initial_state(step.config)
    return {**step_meta(step), "version": instance.version if instance is not None else 0,
            "final": phase_holds(instance) if instance is not None else False,
            "view": exercise.view(state, audience_for(workshop, step, "participant", sizes, names=names))}


def instances_at(steps, table_id: int) -> dict[int, Step]:
    """Plenary step id -> its instance at ``table_id``, for the steps run in tables (one query)."""
    ids = [s.id for s in steps if s.in_tables]
    if not ids:
        return {}
    return {s.parent_id: s for s in db.session.scalars(
        select(Step).where(Step.parent_id.in_(ids), Step.table_id == table_id))}


#: personal_doc's ``seat`` when the caller did not read it: read the participant's table.
UNREAD = object()


def personal_doc(workshop: Workshop, actor_id: str, sizes: dict | None = None, seat=UNREAD,
                 instances: dict | None = None) -> dict:
    """What one participant alone sees: their own part of each visible step — of their table's
    instance for a step run in tables. ``seat`` (their table id) and ``instances`` (plenary step
    id -> {table id -> instance}) let a flush read them once for every participant."""
    sizes = sector_sizes(workshop.id) if sizes is None else sizes
    exercises = current_app.extensions["exercises"]
    result = {}
    shown = visible_steps(workshop, "participant")
    if any(step.in_tables for step in shown):
        if seat is UNREAD:
            seat = db.session.scalar(select(Participant.table_id).where(Participant.id == int(actor_id[2:])))
        if instances is None:
            instances = instances_by_table(s.id for s in shown if s.in_tables)
    for step in shown:
        exercise = exercises.get(step.exercise_key)
        if exercise is not None:
            audience = audience_for(workshop, step, "participant", sizes, participant_id=actor_id)
            state = current_state(step)
            if step.in_tables and seat is not None:
                instance = instances.get(step.id, {}).get(seat)
                state = current_state(instance) if instance is not None else exercise.initial_state(step.config)
            result[str(step.id)] = exercise.personal(state, audience)
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
        by_sector = Audience(role="screen", anonymous=workshop.anonymous, sector_sizes=sizes,
                             lived_experience=participation.grouping_for(workshop)).breakdown(sizes)
    doc = {"here": here, "total": total, "by_sector": by_sector}
    if role == "facilitator":
        doc["participants"] = roster.participants(workshop.id, online)
        doc["contributed"] = _contributed(workshop)
        doc["guessing"] = rejoin_guessing(workshop)
        doc["device_refused"] = devices.refusals(workshop)
    return doc


def _contributed(workshop: Workshop) -> dict:
    """Per step: how many participants have contributed at least once."""
    # A step run in tables counts its tables' contributors too: their actions are on the instances.
    plenary = func.coalesce(Step.parent_id, Step.id)
    rows = db.session.execute(
        select(plenary, func.count(func.distinct(Action.actor_key)))
        .join(Step, Step.id == Action.step_id)
        .where(Action.workshop_id == workshop.id, Action.actor_key.like("p:%"))
        .group_by(plenary)
    )
    return {str(step_id): count for step_id, count in rows}


def rejoin_guessing(workshop: Workshop) -> bool:
    """True while wrong rejoin codes for this workshop come in at a third of the limit a minute
    or more (seen by this process): the console tells the facilitator someone is guessing."""
    window = current_app.extensions.get("join_code_limiter")
    if window is None:
        return False
    return window.count("code:" + workshop.join_code) >= max(1, current_app.config["REJOIN_CODE_RATE_LIMIT"] // 3)
