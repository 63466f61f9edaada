"""How a step's window between sessions is said to a person: its moments in the app's time zone
(``BABEL_DEFAULT_TIMEZONE``, set by ``TIME_ZONE``) and the reader's language."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import format_date, format_time, get_timezone
from flask_babel import gettext as _

from app.exercises.defaults import LocalizedStep
from app.i18n import current_language


def moment(when: datetime) -> str:
    """A stored (naive UTC) moment as people read it: "2 December 2026 at 17:00 (Europe/Paris)"."""
    # Both formatters take a naive moment as UTC and show it in the app's time zone.
    return _("%(date)s at %(time)s (%(zone)s)", date=format_date(when, "long"), time=format_time(when, "short"),
             zone=str(get_timezone()))


def step_title(step) -> str:
    """The step's title as the reader sees it: a default title in their language."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    return LocalizedStep(step, exercise, current_language()).title if exercise is not None else step.title
