"""Forms for workshops and their agenda steps.

An exercise's own configuration form is a plain ``wtforms.Form`` (exercises don't depend on
Flask); its CSRF token comes from a hidden field in the template, checked by CSRFProtect.
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.forms_common import FlaskForm, strip
from app.models.workshop import LANGUAGE_FILTER_MODES

LANGUAGES = [SelectChoice("en", "English"), SelectChoice("fr", "Français")]


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(_l("Give the workshop a title.")), Length(max=160)],
                        filters=[strip], description=_l("For example: Kick-off, or Spring planning day."))
    # "blank", "builtin:<key>" or "saved:<id>"; resolved (or refused with a 404) by the library.
    template = StringField(_l("Start from"), [Optional(), Length(max=40)], default="blank")


class SettingsForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(_l("Give the workshop a title.")), Length(max=160)],
                        filters=[strip])
    anonymous = BooleanField(_l("Anonymous contributions"),
                             description=_l("Other participants and the room screen don't see who wrote what. "
                                            "You still do."))
    late_join = BooleanField(_l("Let people join after the workshop has started"))
    room_locked = BooleanField(_l("Lock the room"),
                               description=_l("Nobody new can join. People already in can still come back."))
    moderated = BooleanField(_l("Hold contributions for the facilitator to approve"),
                             description=_l("What participants write reaches the room screen and the other phones "
                                            "only once you approve it on the console. Votes and ratings are not "
                                            "held."))
    language_filter = SelectField(
        _l("Offensive-language filter"),
        [AnyOf(LANGUAGE_FILTER_MODES, message=_l("Choose Off, Flag or Hold for the offensive-language filter."))],
        choices=[SelectChoice("off", _l("Off")),
                 SelectChoice("flag", _l("Flag: share it, and list it on my console")),
                 SelectChoice("hold", _l("Hold: keep it for me to approve"))],
        default="off", validate_choice=False,
        description=_l("Looks for offensive words in English and French in what participants write: a flagged "
                       "contribution reaches the room and is listed on your console, a held one waits for your "
                       "approval even when the workshop is not moderated."))
    joins_per_device = IntegerField(
        _l("People per phone or browser"),
        [Optional(), NumberRange(1, 50, _l("Use a number between 1 and 50, or leave it empty for no limit."))],
        description=_l("Leave empty for no limit. 1 stops one phone from joining as several people; a tablet "
                       "passed around a table needs more. A private window or cleared cookies still count as "
                       "a new phone, so keep an eye on the console's join notices too."))
    language = SelectField(_l("Default language"), choices=LANGUAGES, default="en",
                           description=_l("The language of the room screen, and of participants' phones unless "
                                          "they choose another. Plan items from this workshop are written in it."))


class AddStepForm(FlaskForm):
    exercise = SelectField(_l("Exercise"), validate_choice=False)


class MoveStepForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class ReorderForm(FlaskForm):
    # The step ids in their new order, comma-separated (what the agenda editor's drag sends).
    order = StringField(validators=[DataRequired(), Length(max=2000)])

    def step_ids(self) -> list[int] | None:
        try:
            return [int(part) for part in self.order.data.split(",") if part.strip()]
        except ValueError:
            return None


class StepForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(_l("Give the step a title.")), Length(max=160)], filters=[strip])
    notes = TextAreaField(_l("Facilitator notes"), [Length(max=5000)], filters=[strip],
                          description=_l("Only facilitators see these: why this step, how to run it, what to watch."))
    duration_minutes = IntegerField(_l("Duration in minutes"), [Optional(), NumberRange(
                                    1, 480, _l("Use a number of minutes between 1 and 480."))],
                                    description=_l("Leave blank if you don't want a timer."))


class ConfirmForm(FlaskForm):
    """No fields: a POST with a valid CSRF token is the confirmation."""
