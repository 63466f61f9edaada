"""Forms for workshops and their agenda steps.

An exercise's own configuration form is a plain ``wtforms.Form`` (exercises don't depend on
Flask); its CSRF token comes from a hidden field in the template, checked by CSRFProtect.
"""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.forms_common import FlaskForm, strip
from app.models.workshop import LANGUAGE_FILTER_MODES

LANGUAGES = [SelectChoice("en", "English"), SelectChoice("fr", "Français")]
#: The participation modes (app/exercises/participation.py) as a facilitator chooses them.
PARTICIPATION = [SelectChoice("standard", _l("Partnership meeting: name, organisation and sector")),
                 SelectChoice("community", _l("Community or youth session: a nickname and a role, "
                                              "big buttons, one question at a time"))]


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
    participation = RadioField(
        _l("Who is taking part"), choices=PARTICIPATION, default="standard",
        validators=[AnyOf(["standard", "community"], _l("Choose how people take part."))],
        description=_l("In a community or youth session, people join with a first name or nickname and say "
                       "whether they are a community member, a young person, a parent or carer, or work for "
                       "an organisation here. Nothing else about them is kept. Their phones show larger "
                       "buttons and text, and one question per screen. Each step can differ."))
    lived_experience = BooleanField(
        _l("Show lived-experience voices as their own group"),
        description=_l("Young people, parents and carers and community members are counted together as "
                       "“Lived experience” in results and in the plan, so the professionals in the room don't "
                       "drown them out. In an anonymous workshop the group is named only once it has 3 people "
                       "or more."))


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
    # "" (follow the workshop) is stored as None.
    participation = SelectField(
        _l("Who is taking part in this step"),
        choices=[SelectChoice("", _l("As the workshop is set"))] + PARTICIPATION,
        coerce=lambda value: value or None, validate_choice=True,
        description=_l("A community or youth step shows larger buttons and one question per screen, "
                       "whatever the rest of the workshop does."))


class ConfirmForm(FlaskForm):
    """No fields: a POST with a valid CSRF token is the confirmation."""
