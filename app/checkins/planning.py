"""Planning a series of check-ins: one draft workshop per date, each with the template's agenda
and the open items carried over, and the dates in the plan's check-ins section (which the
calendar export and the partnership home's "check-ins that have not happened" read)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _

from app.agenda_templates import library
from app.checkins import carry_over
from app.extensions import db
from app.i18n import current_language
from app.models import PlanItem, Workshop
from app.plan import curate
from app.workshops.codes import new_join_code


@dataclass
class Series:
    """What the facilitator asked for: the dates, the time and length, the template's choice id."""

    dates: list
    start_time: time
    minutes: int
    every: int
    unit: str
    template: str


@dataclass
class Planned:
    created: list = field(default_factory=list)   # the new workshops
    skipped: list = field(default_factory=list)   # dates that already had a planned workshop


def language_of(partnership) -> str:
    """The partnership's language: that of its latest workshop, else the facilitator's."""
    latest = max(partnership.workshops, key=lambda w: (w.created_at, w.id), default=None)
    return latest.language if latest is not None and latest.language else current_language()


def planned_dates(partnership, drafts_only: bool = False) -> list[date]:
    """The days the partnership's workshops (or only those not started yet) are planned for,
    soonest first."""
    return sorted({w.planned_for.date() for w in partnership.workshops
                   if w.planned_for and (w.status == "draft" or not drafts_only)})


def plan_series(partnership, series: Series, facilitator) -> Planned:
    """Create the check-ins of ``series`` that are not planned yet. The caller commits."""
    language = language_of(partnership)
    taken = set(planned_dates(partnership))
    planned = Planned(skipped=[day for day in series.dates if day in taken])
    with force_locale(language):
        template = library.resolve(series.template, facilitator)
        for day in series.dates:
            if day not in taken:
                planned.created.append(_create(partnership, template, day, series, language))
        _record_dates(partnership, library.name_of(template), series, facilitator)
    return planned


def _create(partnership, template, day: date, series: Series, language: str) -> Workshop:
    title = _("%(name)s, %(day)s", name=library.name_of(template), day=format_date(day, "long"))[:160]
    workshop = Workshop(partnership=partnership, title=title, join_code=new_join_code(), status="draft",
                        language=language, planned_for=datetime.combine(day, series.start_time),
                        planned_minutes=series.minutes)
    db.session.add(workshop)
    library.apply_template(workshop, template)
    carry_over.carry_into(workshop)
    return workshop


def cadence_words(every: int, unit: str) -> str:
    """"every 4 weeks", "every month"… in the current language."""
    if unit == "weeks":
        return ngettext("every week", "every %(num)d weeks", every)
    return ngettext("every month", "every %(num)d months", every)


def _record_dates(partnership, name: str, series: Series, facilitator) -> PlanItem:
    """Add the dates to the plan's check-in item of this name, or add that item."""
    query = db.select(PlanItem).filter_by(partnership_id=partnership.id, section="checkins", title=name) \
        .where(PlanItem.status != "dropped").order_by(PlanItem.id)
    item = db.session.scalars(query).first()
    days = [day.isoformat() for day in series.dates]
    cadence = cadence_words(series.every, series.unit)
    if item is None:
        return curate.add(partnership, "checkins", name, "", {"cadence": cadence, "dates": days}, facilitator)
    data = dict(item.data or {})
    data.update(cadence=cadence, dates=sorted(set(data.get("dates") or []) | set(days)))
    curate.edit(item, item.title, item.text, data, facilitator)
    return item
