"""The figures that moved between two workshops: each exercise's measures
(:class:`~app.exercises.contract.Measure`) at the earlier workshop set against the later one's.

Pure: both sides are ``[(exercise key, Measure)]`` as :func:`app.partnerships.measures.step_measures`
gives them. Figures pair on (exercise key, measure key, group), which exercises keep stable from
one workshop to the next. When a workshop ran the same exercise twice, its later step's figure is
the one that counts (the latest reading of that workshop). Numbers are written in the reader's
language (``format_number``), so call this inside a request.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.exercises import format_number
from app.exercises.contract import Measure

MINUS = "\u2212"


@dataclass
class Figure:
    """One figure as a reader reads it: its label, whom it is for, the values and the change."""

    label: str
    group: str                  # "" for the whole room
    before: str                 # "" for a figure new at the later workshop
    after: str
    difference: str = ""        # "+0.5", "−2", "" when it did not move or is new
    direction: int = 0          # 1 up, -1 down, 0 the same


@dataclass
class ExerciseFigures:
    """The figures of one exercise: those that moved, those that held, those new this time."""

    key: str
    title: str
    moved: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    new: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.unchanged or self.new)


def amount(measure: Measure) -> str:
    """The value with its unit, in the reader's language ("3.5", "17 %", "90 h/month")."""
    return f"{format_number(measure.value)} {measure.unit}".strip()


def difference(before: float, after: float, unit="") -> str:
    """The signed change ("+0.5", "−2 %"); "" when there is none."""
    change = round(after - before, 2)
    if not change:
        return ""
    sign = "+" if change > 0 else MINUS
    return f"{sign}{format_number(abs(change))} {unit}".strip()


def _by_pair(measures: Iterable[tuple[str, Measure]]) -> dict:
    """(exercise key, measure key, group) -> Measure; a later step's figure wins."""
    return {(exercise, m.key, m.group): m for exercise, m in measures}


def figures_moved(before: Iterable[tuple[str, Measure]], after: Iterable[tuple[str, Measure]],
                  titles: Mapping[str, str]) -> list[ExerciseFigures]:
    """``[ExerciseFigures]`` for each exercise with a figure at the later workshop, in the order
    they come there; figures the later workshop no longer gives are left out (the exercise was
    not run, or not far enough to give them). Empty when the later side has none."""
    earlier, later = _by_pair(before), _by_pair(after)
    found: dict[str, ExerciseFigures] = {}
    for (exercise, key, group), measure in later.items():
        entry = found.setdefault(exercise, ExerciseFigures(exercise, titles.get(exercise, exercise)))
        old = earlier.get((exercise, key, group))
        now = amount(measure)
        if old is None:
            entry.new.append(Figure(str(measure.label), group, "", now))
            continue
        change = round(measure.value - old.value, 2)
        figure = Figure(str(measure.label), group, amount(old), now, difference(old.value, measure.value, measure.unit),
                        (change > 0) - (change < 0))
        (entry.moved if change else entry.unchanged).append(figure)
    return [entry for entry in found.values() if not entry.empty]


def group_name(group: str) -> str:
    """Whom a figure is for, as a table cell says it."""
    return group or _("Whole room")
