"""The "Plan the check-ins" form: the cadence, the first date, how many or until when, the time
and length, and the agenda template each check-in starts from."""
from __future__ import annotations

from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectChoice, SelectField, TimeField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.checkins import schedule
from app.forms_common import FlaskForm
from app.models.base import utcnow

#: The template a check-in starts from unless the facilitator picks another.
DEFAULT_TEMPLATE = "builtin:check_in"
UNITS = [SelectChoice("weeks", _l("weeks")), SelectChoice("months", _l("months"))]


class CheckinPlanForm(FlaskForm):
    every = IntegerField(_l("Every"), [InputRequired(_l("Say how often: a number of weeks or months.")),
                                       NumberRange(1, 52, _l("Use a number between 1 and 52."))], default=1)
    unit = SelectField(_l("Weeks or months"), choices=UNITS, default="months")
    first_date = DateField(_l("First check-in"), [InputRequired(_l("Give the date of the first check-in."))])
    count = IntegerField(_l("How many check-ins"), [Optional(), NumberRange(
        1, schedule.MAX_CHECKINS, _l("Plan between 1 and %(max)d check-ins at a time.", max=schedule.MAX_CHECKINS))],
        description=_l("Give this, or the date of the last one below."))
    until = DateField(_l("Or until"), [Optional()], description=_l("The check-ins stop on or before this date."))
    start_time = TimeField(_l("Starts at"), [InputRequired(_l("Give the time the check-ins start."))],
                           default=time(14, 0))
    minutes = IntegerField(_l("Length in minutes"), [InputRequired(_l("Say how long a check-in lasts.")),
                                                     NumberRange(15, 480, _l("Use a number of minutes between 15 "
                                                                             "and 480."))], default=90)
    # "builtin:<key>" or "saved:<id>" of a template this facilitator may use (the controller
    # fills the choices); anything else is a form error rather than a 404.
    template = SelectField(_l("Agenda of each check-in"), default=DEFAULT_TEMPLATE, validate_choice=False)

    #: The dates the valid form plans (filled by :meth:`validate`).
    dates: list = []

    def validate_first_date(self, field):
        if field.data and field.data < utcnow().date():
            raise ValidationError(_l("That date has passed: the first check-in must be today or later."))

    def validate_template(self, field):
        if field.data not in {choice.value for choice in self.template.choices}:
            raise ValidationError(_l("Choose one of the agenda templates in the list."))

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the series they make together (:func:`schedule.checkin_dates`)."""
        if not super().validate(extra_validators):
            return False
        if self.count.data is None and self.until.data is None:
            self.count.errors.append(_l("Say how many check-ins to plan, or until which date."))
            return False
        if self.count.data is not None and self.until.data is not None:
            self.until.errors.append(_l("Give how many check-ins or an end date, not both."))
            return False
        if self.until.data is not None and self.until.data < self.first_date.data:
            self.until.errors.append(_l("The end date is before the first check-in."))
            return False
        try:
            self.dates = schedule.checkin_dates(self.first_date.data, self.every.data, self.unit.data,
                                                self.count.data, self.until.data)
        except schedule.TooMany as too_many:
            self.until.errors.append(_l("That makes %(num)d check-ins; plan at most %(max)d at a time.",
                                        num=too_many.count, max=schedule.MAX_CHECKINS))
            return False
        return True
