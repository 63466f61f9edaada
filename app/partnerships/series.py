"""The partnership's trends as series, pure: from every held workshop's measures
(:func:`app.partnerships.measures.measures_by_workshop`) to one :class:`Series` per figure, with
one line per group (the whole room, each sector). No database, no Flask: the trends page and its
room-screen view draw what this returns, and the unit tests feed it plain tuples.

A figure is "the same" from one workshop to the next when its exercise and its ``Measure.key``
are; a workshop where two steps give the same figure for the same group keeps the later one (the
reading taken last, as "what changed" does: app/plan/figures.py), so each workshop is one point
of a line.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The exercise key of the series the core draws itself (who took part); no exercise has it.
PARTICIPATION = ""
#: A series is drawn from this many workshops on; with fewer it is listed as first measured.
MIN_POINTS = 2


@dataclass
class Series:
    """One figure across workshops: ``points`` are ``(workshop, {group: value})`` in the order
    the workshops were held, only those where it was measured; ``groups`` are its lines in the
    order drawn ("" — the whole room — first, then the sectors by name)."""

    exercise: str
    key: str
    label: Any
    unit: str = ""
    low: float | None = None
    high: float | None = None
    points: list = field(default_factory=list)

    @property
    def drawn(self) -> bool:
        """Whether the series has enough workshops to be a line rather than a single figure."""
        return len(self.points) >= MIN_POINTS

    @property
    def groups(self) -> list[str]:
        found = {group for _workshop, values in self.points for group in values}
        return sorted(found, key=lambda group: (group != "", group.casefold(), group))

    def line(self, group: str) -> list[float | None]:
        """The values of one group, one per point (None where that group has none)."""
        return [values.get(group) for _workshop, values in self.points]


def build_series(measured: Iterable[tuple[Any, Iterable[tuple[str, Any]]]]) -> list[Series]:
    """``[(workshop, [(exercise key, Measure)])]`` (workshops in the order held) -> every figure's
    :class:`Series`, grouped by exercise in the order the exercises first appear (agenda order),
    then by the order the figures first appear. A series takes the scale, unit and label of its
    latest workshop: the figure as the partnership words it now."""
    by_key: dict[tuple[str, str], Series] = {}
    for workshop, measures in measured:
        for exercise, measure in measures:
            series = by_key.setdefault((exercise, measure.key), Series(exercise, measure.key, measure.label))
            _add_point(series, workshop, measure)
    by_key = {key: series for key, series in by_key.items() if series.points}
    exercise_order = {}
    for exercise, _key in by_key:
        exercise_order.setdefault(exercise, len(exercise_order))
    return sorted(by_key.values(), key=lambda s: exercise_order[s.exercise])  # stable: figure order kept


def _add_point(series: Series, workshop, measure) -> None:
    if not _finite(measure.value):  # a figure no chart can place (NaN, infinity, not a number)
        return
    if not series.points or series.points[-1][0] is not workshop:
        series.points.append((workshop, {}))
    values = series.points[-1][1]
    values[measure.group] = measure.value  # a later step of the same workshop: the latest reading
    series.label, series.unit, series.low, series.high = measure.label, measure.unit, measure.low, measure.high


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def participation_series(counts: Iterable[tuple[Any, Mapping[str, int]]], label: Any) -> Series:
    """``[(workshop, {sector: people})]`` -> the core's "who took part" series: the whole room's
    headcount and one line per sector ("" — no sector given — counts in the whole room only)."""
    series = Series(PARTICIPATION, "participants", label, low=0)
    for workshop, by_sector in counts:
        values = {sector: count for sector, count in by_sector.items() if sector and count}
        values[""] = sum(by_sector.values())
        series.points.append((workshop, values))
    return series


def change(series: Series) -> tuple[str, float, float, int] | None:
    """How the series' main line moved: ``(group, first value, last value, workshops)`` for the
    whole room's line, or the group measured in the most workshops when the room has none."""
    groups = series.groups
    if not groups:
        return None
    group = "" if "" in groups else max(groups, key=lambda g: sum(v is not None for v in series.line(g)))
    values = [value for value in series.line(group) if value is not None]
    return group, values[0], values[-1], len(values)
