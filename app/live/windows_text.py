"""How a step's window between sessions is said to a person: its moments in the app's time zone
(``BABEL_DEFAULT_TIMEZONE``, set by ``TIME_ZONE``) and the reader's language."""
from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, format_time, get_timezone
from flask_babel import gettext as _


def moment(when: datetime) -> str:
    """A stored (naive UTC) moment as people read it: "2 December 2026 at 17:00 (Europe/Paris)"."""
    # Both formatters take a naive moment as UTC and show it in the app's time zone.
    return _("%(date)s at %(time)s (%(zone)s)", date=format_date(when, "long"), time=format_time(when, "short"),
             zone=str(get_timezone()))
