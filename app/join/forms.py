"""Forms for joining a workshop."""
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.forms_common import strip

OTHER_SECTOR = "Other"


def _no_control_characters(_form, field):
    if field.data and any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in field.data):
        raise ValidationError("Please use ordinary letters, numbers and punctuation.")


def _single_spaces(value):
    return " ".join(value.split()) if isinstance(value, str) else value


class CodeForm(FlaskForm):
    """The landing page box: just a join code."""

    code = StringField("Workshop code", [DataRequired("Type the code your facilitator shows."), Length(max=64)],
                       filters=[strip])


class JoinForm(FlaskForm):
    name = StringField("Your name", [DataRequired("Tell the room what to call you."),
                                     Length(1, 60, "Keep your name to 60 characters or fewer."),
                                     _no_control_characters], filters=[strip, _single_spaces],
                       description="A first name is fine.")
    organisation = StringField("Your organisation", [Optional(), Length(max=120, message="Keep it to 120 "
                                                     "characters or fewer."), _no_control_characters],
                               filters=[strip, _single_spaces],
                               description="Pick from the list or type your own.")
    sector = SelectField("Your sector", [InputRequired("Choose the sector closest to your work.")])
    table_group = StringField("Table or group (optional)", [Optional(), Length(max=40), _no_control_characters],
                              filters=[strip, _single_spaces])

    def set_choices(self, partnership) -> None:
        """Offer the partnership's sectors plus "Other"."""
        sectors = [s for s in partnership.sectors or [] if s.casefold() != OTHER_SECTOR.casefold()]
        self.sector.choices = [SelectChoice("", "Choose…")] + [SelectChoice(s) for s in [*sectors, OTHER_SECTOR]]


class RejoinForm(FlaskForm):
    code = StringField("Workshop code", [DataRequired("Type the workshop code."), Length(max=64)],
                       filters=[strip])
    rejoin_code = StringField("Your personal rejoin code", [DataRequired("Type the 6-character code you were "
                              "given when you joined."), Length(max=32)], filters=[strip],
                              description="You saw it on your screen after you joined.")
