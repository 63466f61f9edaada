"""The partnership home: its series of workshops, the living plan's state and what is still
open, gathered for one page in a fixed number of queries (``bench/home.py`` measures it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import PlanItem, Workshop
from app.models.base import utcnow
from app.partnerships import champions
from app.partnerships.open_work import KINDS, open_work
from app.plan.items import SECTION_ORDER, section_title

#: How many things of one kind the home lists; the rest are counted, and the plan has them all.
SHOWN_PER_KIND = 8
#: How the home groups workshops, in the order it shows them.
GROUPS = ("live", "planned", "past")
_GROUP_OF = {"lobby": "live", "live": "live", "draft": "planned", "ended": "past"}


@dataclass
class Home:
    workshops: dict      # {group: [Workshop]}
    sections: list       # [(key, title, promoted count, proposed count)] of sections with items
    open_things: dict    # {kind: [OpenThing]}
    champions: list      # [(organisation, its current ChampionHolding or None)]
    open_count: int
    shown_per_kind: int
    kinds: dict          # KINDS, for the headings


def _workshops(partnership) -> list[Workshop]:
    query = (db.select(Workshop).filter_by(partnership_id=partnership.id)
             .options(selectinload(Workshop.steps)).order_by(Workshop.created_at, Workshop.id))
    return db.session.execute(query).scalars().all()


def build(partnership, today: date | None = None) -> Home:
    today = today or utcnow().date()
    workshops = _workshops(partnership)
    grouped = {group: [] for group in GROUPS}
    for workshop in workshops:
        grouped[_GROUP_OF.get(workshop.status, "planned")].append(workshop)
    grouped["past"].sort(key=lambda w: w.ended_at or w.created_at, reverse=True)  # latest first
    items = _plan_rows(partnership)
    started = [w.started_at.date() for w in workshops if w.started_at]
    held = champions.champions(partnership)
    things = open_work(items, today, started, [name for name, holding in held if holding is None])
    return Home(grouped, _section_counts(items), things, held, sum(len(v) for v in things.values()), SHOWN_PER_KIND,
                KINDS)


def _plan_rows(partnership) -> list:
    """Only the columns the home reads: the ORM objects cost 0.1 s at 1,500 items."""
    query = db.select(PlanItem.id, PlanItem.section, PlanItem.title, PlanItem.status, PlanItem.data) \
        .filter_by(partnership_id=partnership.id)
    return db.session.execute(query).all()


def _section_counts(items) -> list[tuple]:
    """``[(key, title, promoted, proposed)]`` for the sections with items not dropped, in plan order."""
    counts: dict = {}
    for item in items:
        if item.status != "dropped":
            promoted, proposed = counts.get(item.section, (0, 0))
            counts[item.section] = (promoted + (item.status == "promoted"), proposed + (item.status == "proposed"))
    order = sorted(counts, key=lambda key: (SECTION_ORDER.get(key, len(SECTION_ORDER)), key))
    return [(key, section_title(key), *counts[key]) for key in order]
