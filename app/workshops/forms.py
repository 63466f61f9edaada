"""Forms for workshops and their agenda steps.

An exercise's own configuration form is a plain ``wtforms.Form`` (exercises don't depend on
Flask); its CSRF token comes from a hidden field in the template, checked by CSRFProtect.
"""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.forms_common import strip

LANGUAGES = [SelectChoice("en", "English"), SelectChoice("fr", "Français")]


class WorkshopForm(FlaskForm):
    title = StringField("Title", [DataRequired("Give the workshop a title."), Length(max=160)], filters=[strip],
                        description="For example: Kick-off, or Spring planning day.")
    # "blank", "builtin:<key>" or "saved:<id>"; resolved (or refused with a 404) by the library.
    template = StringField("Start from", [Optional(), Length(max=40)], default="blank")


class SettingsForm(FlaskForm):
    title = StringField("Title", [DataRequired("Give the workshop a title."), Length(max=160)], filters=[strip])
    anonymous = BooleanField("Anonymous contributions",
                             description="Other participants and the room screen don't see who wrote what. "
                                         "You still do.")
    late_join = BooleanField("Let people join after the workshop has started")
    room_locked = BooleanField("Lock the room",
                               description="Nobody new can join. People already in can still come back.")
    language = SelectField("Default language", choices=LANGUAGES)


class AddStepForm(FlaskForm):
    exercise = SelectField("Exercise", validate_choice=False)


class MoveStepForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class StepForm(FlaskForm):
    title = StringField("Title", [DataRequired("Give the step a title."), Length(max=160)], filters=[strip])
    notes = TextAreaField("Facilitator notes", [Length(max=5000)], filters=[strip],
                          description="Only facilitators see these: why this step, how to run it, what to watch.")
    duration_minutes = IntegerField("Duration in minutes", [Optional(), NumberRange(1, 480,
                                    "Use a number of minutes between 1 and 480.")],
                                    description="Leave blank if you don't want a timer.")


class ConfirmForm(FlaskForm):
    """No fields: a POST with a valid CSRF token is the confirmation."""
