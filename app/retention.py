"""Retention: remove old participant data (``flask --app wsgi purge --older-than DAYS``).

A workshop's participants and their contributions (the ``Action`` log rows they made) are
deleted once the workshop ended more than DAYS ago — or, for a workshop that never ended, was
created more than DAYS ago. The text of its moderation queue (held or decided) is blanked with
them; the moderation log keeps who decided what, and when. The workshop, its agenda and the
facilitator's plan stay; the steps' state keeps what the room produced — it holds no names
(exercises store actor ids and sectors; names come from the participant rows deleted here) — so
each step's current state is first stored whole as its snapshot: the log rows deleted here are
no longer needed to build it.

A partnership's past internal champions (holdings of the role that ended more than DAYS ago)
are deleted too: their name and contact are personal data the partnership no longer needs. The
current champion of each organisation, and the note handed over to them, stay.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, delete, func, or_, select, update

from app.extensions import db
from app.live.engine import bump_version
from app.live.states import write_snapshot
from app.models import Action, ChampionHolding, HeldAction, ItemReport, Participant, Step, Workshop
from app.models.base import utcnow


@dataclass
class Purged:
    workshops: list  # (id, title, participants) of each workshop whose participant data went
    participants: int
    actions: int
    champions: int = 0  # past champions' holdings


def expired_champions(days: int, now=None):
    """Holdings of a champion role that ended more than ``days`` days ago."""
    cutoff = ((now or utcnow()) - timedelta(days=days)).date()
    return ChampionHolding.ended_on.is_not(None) & (ChampionHolding.ended_on < cutoff)


def expired_workshops(days: int, now=None):
    """Workshops that ended (or, never ended, were created) more than ``days`` days ago."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    return select(Workshop.id, Workshop.title).where(
        or_(Workshop.ended_at < cutoff, and_(Workshop.ended_at.is_(None), Workshop.created_at < cutoff))
    ).order_by(Workshop.id)


def purge(days: int, now=None, dry_run: bool = False) -> Purged:
    """Delete the participants of expired workshops and every action they sent."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    expired = dict(tuple(row) for row in db.session.execute(expired_workshops(days, now)))
    people = db.session.execute(
        select(Participant.id, Participant.workshop_id).where(Participant.workshop_id.in_(expired))
    ).all() if expired else []
    per_workshop: dict[int, int] = {}
    for _pid, wid in people:
        per_workshop[wid] = per_workshop.get(wid, 0) + 1
    actions = 0
    for wid in per_workshop:
        condition = and_(Action.workshop_id == wid, Action.actor_key.like("p:%"))
        if dry_run:
            actions += db.session.scalar(select(func.count()).select_from(Action).where(condition)) or 0
        else:
            _snapshot_steps(wid)
            actions += db.session.execute(delete(Action).where(condition)).rowcount or 0
    if not dry_run and per_workshop:
        db.session.execute(delete(Participant).where(Participant.workshop_id.in_(list(per_workshop))))
        # The moderation log stays (who decided, when) but loses the participants' words.
        db.session.execute(update(HeldAction).where(HeldAction.workshop_id.in_(list(per_workshop)))
                           .values(data={}, reason="", filter_words=None))
        db.session.execute(update(ItemReport).where(ItemReport.workshop_id.in_(list(per_workshop)))
                           .values(text="", note=""))
    champions = _purge_champions(days, now, dry_run)
    if not dry_run:
        db.session.commit()
    workshops = [(wid, expired[wid], count) for wid, count in sorted(per_workshop.items())]
    return Purged(workshops, len(people), actions, champions)


def _snapshot_steps(workshop_id: int) -> None:
    """Store every step's state of the workshop whole, under its write lock (no action can land
    between), before the log rows it was built from are deleted."""
    bump_version(workshop_id)
    for step_id in db.session.scalars(select(Step.id).where(Step.workshop_id == workshop_id)):
        write_snapshot(step_id)


def _purge_champions(days: int, now, dry_run: bool) -> int:
    condition = expired_champions(days, now)
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(ChampionHolding).where(condition)) or 0
    return db.session.execute(delete(ChampionHolding).where(condition)).rowcount or 0
