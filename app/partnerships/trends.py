"""The partnership's trends, gathered for its pages: who took part in each held workshop (the
core's own chart, from the Participant rows) and every figure the exercises measure
(:mod:`app.partnerships.measures`), as :class:`~app.partnerships.series.Series` in the order
the page shows them, each with the heading of the exercise it comes from."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Participant
from app.partnerships.measures import held_workshops, step_measures
from app.partnerships.series import PARTICIPATION, Series, build_series, participation_series

PEOPLE = _l("People taking part")


@dataclass
class Trends:
    workshops: list        # the held workshops, in the order held
    drawn: list            # [(heading, [Series])]: two workshops or more, one chart each
    first_measured: list   # [(heading, Series)]: measured in one workshop so far

    @property
    def charts(self) -> list[Series]:
        """Every drawn series, in page order: what the room screen steps through."""
        return [series for _heading, group in self.drawn for series in group]


def build(partnership) -> Trends:
    workshops = held_workshops(partnership)
    everything = [participation_series(_headcounts(workshops), PEOPLE)]
    everything += build_series((workshop, step_measures(workshop)) for workshop in workshops)
    drawn: dict[str, list[Series]] = {}
    for series in everything:
        if series.drawn:
            drawn.setdefault(series.exercise, []).append(series)
    first = [(heading(s.exercise), s) for s in everything if s.points and not s.drawn]
    return Trends(workshops, [(heading(key), group) for key, group in drawn.items()], first)


def heading(exercise_key: str) -> str:
    """The heading a series goes under: its exercise's title in the reader's language."""
    if exercise_key == PARTICIPATION:
        return _("Who took part")
    exercise = current_app.extensions["exercises"].get(exercise_key)
    return str(exercise.title) if exercise else exercise_key


def _headcounts(workshops) -> list[tuple]:
    """``[(workshop, {sector: people})]``: each workshop's participants (not removed) by sector,
    in one query."""
    if not workshops:
        return []
    query = (db.select(Participant.workshop_id, Participant.sector, db.func.count())
             .where(Participant.workshop_id.in_([w.id for w in workshops]), Participant.removed.is_(False))
             .group_by(Participant.workshop_id, Participant.sector))
    counts: dict[int, dict[str, int]] = {}
    for workshop_id, sector, count in db.session.execute(query):
        by_sector = counts.setdefault(workshop_id, {})
        by_sector[sector or ""] = by_sector.get(sector or "", 0) + count
    return [(workshop, counts.get(workshop.id, {})) for workshop in workshops]
