"""Internal champions: who carries the partnership inside each organisation, and handovers
that keep the history (``ChampionHolding``, one row per holding).

A handover ends the current holding on its day and starts the new person's, and puts a proposed
action in the plan to brief them, owned by their organisation. ``handover_problem`` and
``champions_by_organisation`` are pure; the rest reads or changes the session, the caller commits.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _

from app.extensions import db
from app.models import ChampionHolding
from app.plan import curate

#: The plan action to brief a new champion is due this many days after the handover.
BRIEFING_DUE_DAYS = 14
#: A handover or stepping down may be recorded this far ahead, not further.
MAX_DAYS_AHEAD = 365


def name_key(name: str) -> str:
    """How two spellings of one organisation compare: spacing and case do not count."""
    return " ".join(str(name or "").split()).casefold()


def organisation_named(partnership, asked: str) -> str | None:
    """The organisation as the partnership names it, or None when it has none of that name."""
    key = name_key(asked)
    return next((name for name in partnership.organisations if key and name_key(name) == key), None)


def handover_problem(current: ChampionHolding | None, day: date, today: date) -> str | None:
    """Why ``day`` can't end the current holding (or start a new one), in words; None when it can."""
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        return _("That date is more than a year away. Record the handover closer to the time.")
    if current is not None and day < current.started_on:
        return _("%(name)s only took the role on %(day)s: choose that day or a later one.",
                 name=current.name, day=_day(current.started_on))
    return None


def _day(day: date) -> str:
    from app.exercises import format_day

    return format_day(day.isoformat())


def history_of(partnership, organisation: str) -> list[ChampionHolding]:
    """Every holding of the organisation's champion role, latest first."""
    key = name_key(organisation)
    return [holding for holding in _holdings(partnership) if name_key(holding.organisation) == key]


def _holdings(partnership) -> list[ChampionHolding]:
    query = (db.select(ChampionHolding).filter_by(partnership_id=partnership.id)
             .order_by(ChampionHolding.started_on.desc(), ChampionHolding.id.desc()))
    return db.session.execute(query).scalars().all()


def every_holding(partnership) -> list[ChampionHolding]:
    """All the partnership's holdings, by organisation, then first to latest (for the plan file)."""
    query = (db.select(ChampionHolding).filter_by(partnership_id=partnership.id)
             .order_by(ChampionHolding.organisation, ChampionHolding.started_on, ChampionHolding.id))
    return db.session.execute(query).scalars().all()


def current_of(partnership, organisation: str) -> ChampionHolding | None:
    return next((holding for holding in history_of(partnership, organisation) if holding.current), None)


def champions_by_organisation(organisations, holdings) -> list[tuple[str, object]]:
    """``[(organisation, its current holding or None)]`` in the partnership's order."""
    current = {name_key(h.organisation): h for h in holdings if h.ended_on is None}
    return [(name, current.get(name_key(name))) for name in organisations]


def champions(partnership) -> list[tuple[str, ChampionHolding | None]]:
    return champions_by_organisation(partnership.organisations, _holdings(partnership))


def hand_over(partnership, organisation: str, person: dict, day: date, facilitator) -> ChampionHolding:
    """End the current holding on ``day`` (if any), start ``person``'s (``name``, ``role``,
    ``contact``, ``note``) and add the proposed plan action to brief them."""
    current = current_of(partnership, organisation)
    if current is not None:
        current.ended_on = day
    holding = ChampionHolding(partnership_id=partnership.id, organisation=organisation, name=person["name"],
                              role=person.get("role") or "", contact=person.get("contact") or "",
                              handover_note=person.get("note") or "", started_on=day)
    db.session.add(holding)
    curate.add(partnership, "actions", _("Brief %(name)s on the partnership", name=person["name"]), "",
               {"owner": organisation, "due": (day + timedelta(days=BRIEFING_DUE_DAYS)).isoformat()},
               facilitator, status="proposed")
    return holding


def step_down(partnership, organisation: str, day: date) -> ChampionHolding | None:
    """The current champion left on ``day`` and no one holds the role yet; None when no one held it."""
    current = current_of(partnership, organisation)
    if current is not None:
        current.ended_on = day
    return current
