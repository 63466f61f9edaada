"""The facilitator's list of participants (who, from where, here or away), rebuilt only when
it can have changed.

The list goes into the facilitator's document at every flush, and with a thousand people in
the room reading and rebuilding it each time was a tenth of the server's work. Any committed
change to a participant row bumps the workshop's roster revision in the broadcaster's store
(``broadcast.track_orm_changes``), which every server process sees; presence comes from the
store too. So the list is reused while both are unchanged, and is never stale.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Participant


class RosterCache:
    def __init__(self, size: int = 64):
        # workshop id -> (revision, online actors, participant rows, the built list); at most
        # ``size`` workshops (the oldest entry goes), so a long-running server does not grow.
        self.size = size
        self.entries: dict[int, tuple] = {}

    def participants(self, workshop_id: int, online: set) -> dict:
        revision = current_app.extensions["broadcaster"].store.roster_revision(workshop_id)
        cached = self.entries.get(workshop_id)
        if revision is not None and cached is not None and cached[0] == revision:
            if cached[1] == online:
                return cached[3]
            rows = cached[2]
        else:
            rows = _rows(workshop_id)
        built = {
            str(pid): {"name": name, "organisation": org, "sector": sector, "here": f"p:{pid}" in online,
                        # The console shows joins per minute from these (a flood of made-up people).
                        "joined": joined.isoformat() + "Z" if joined else ""}
            for pid, name, org, sector, joined in rows
        }
        if workshop_id not in self.entries and len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[workshop_id] = (revision, frozenset(online), rows, built)
        return built


def _rows(workshop_id: int) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        select(Participant.id, Participant.name, Participant.organisation, Participant.sector,
               Participant.joined_at).where(
            Participant.workshop_id == workshop_id, Participant.removed.is_(False)
        )
    )]


def participants(workshop_id: int, online: set) -> dict:
    """Participant id -> name, organisation, sector, when they joined and whether they are here,
    for the console."""
    return current_app.extensions.setdefault("roster_cache", RosterCache()).participants(workshop_id, online)


class NamesCache:
    """Actor id -> name and organisation, the one source of names for views and exports
    (reducers keep only ids and sectors). The participants' part is reused while the roster
    revision is unchanged, like the facilitator's list above, so a broadcast flush does not
    query the roster each time; the facilitators' few names are read fresh."""

    def __init__(self, size: int = 64):
        self.size = size
        self.entries: dict[int, tuple] = {}

    def names(self, workshop) -> dict:
        revision = current_app.extensions["broadcaster"].store.roster_revision(workshop.id)
        cached = self.entries.get(workshop.id)
        if revision is not None and cached is not None and cached[0] == revision:
            people = cached[1]
        else:
            people = participant_names(workshop.id)
            if workshop.id not in self.entries and len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[workshop.id] = (revision, people)
        return {**facilitator_names(workshop), **people}


def participant_names(workshop_id: int) -> dict:
    """Every participant of the workshop, removed ones too (their work stays on the board)."""
    rows = db.session.execute(
        select(Participant.id, Participant.name, Participant.organisation).where(Participant.workshop_id == workshop_id)
    )
    return {f"p:{pid}": {"name": name or "", "organisation": org or ""} for pid, name, org in rows}


def facilitator_names(workshop) -> dict:
    partnership = workshop.partnership
    people = [partnership.owner, *partnership.co_facilitators]
    return {f"f:{f.id}": {"name": f.display_name, "organisation": ""} for f in people if f is not None}


def names(workshop) -> dict:
    """Actor id -> ``{"name", "organisation"}`` for :attr:`Audience.names` and exports."""
    return current_app.extensions.setdefault("names_cache", NamesCache()).names(workshop)
