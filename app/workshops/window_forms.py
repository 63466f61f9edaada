"""The form that opens a step between sessions (app/live/windows.py holds the rule itself).

People type local times in the app's time zone (``TIME_ZONE``); the step stores them in UTC.
"""
from flask_babel import get_timezone, to_user_timezone, to_utc
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField
from wtforms.validators import InputRequired

from app.forms_common import FlaskForm
from app.live import windows

WINDOW_ERRORS = {
    "order": _l("The window must close after it opens."),
    "too_long": _l("A window can stay open for 60 days at most."),
}


class WindowForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("Open from"), [InputRequired(_l("Say when contributions open."))],
                                  format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    closes_at = DateTimeLocalField(_l("Open until"), [InputRequired(_l("Say when contributions close."))],
                                   format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        zone = str(get_timezone())
        for field in (self.opens_at, self.closes_at):
            field.description = _l("Date and time in %(zone)s.", zone=zone)
        if step is not None and step.opens_at is not None and not self.is_submitted():
            self.opens_at.data, self.closes_at.data = local(step.opens_at), local(step.closes_at)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problem = windows.check_window(*self.utc_window())
        if problem:
            self.closes_at.errors.append(WINDOW_ERRORS[problem])
            return False
        return True

    def utc_window(self):
        """(opens_at, closes_at) as the step stores them: naive UTC."""
        return utc(self.opens_at.data), utc(self.closes_at.data)


def local(moment):
    """A stored moment (naive UTC) as the form shows it: naive, in the app's time zone."""
    return to_user_timezone(moment).replace(tzinfo=None)


def utc(moment):
    """A typed moment (naive, in the app's time zone) as the step stores it: naive UTC."""
    return to_utc(moment) if moment is not None else None
