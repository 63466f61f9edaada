"""Forms for joining a workshop."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.forms_common import FlaskForm, strip
from app.i18n import LANGUAGES

#: Stored as the sector's value in every language; only its label is translated.
OTHER_SECTOR = "Other"


def _no_control_characters(_form, field):
    if field.data and any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in field.data):
        raise ValidationError(_l("Please use ordinary letters, numbers and punctuation."))


def _single_spaces(value):
    return " ".join(value.split()) if isinstance(value, str) else value


class CodeForm(FlaskForm):
    """The landing page box: just a join code."""

    code = StringField(_l("Workshop code"), [DataRequired(_l("Type the code your facilitator shows.")),
                                             Length(max=64)], filters=[strip])


class JoinForm(FlaskForm):
    name = StringField(_l("Your name"), [DataRequired(_l("Tell the room what to call you.")),
                                         Length(1, 60, _l("Keep your name to 60 characters or fewer.")),
                                         _no_control_characters], filters=[strip, _single_spaces],
                       description=_l("A first name is fine."))
    organisation = StringField(_l("Your organisation"),
                               [Optional(), Length(max=120, message=_l("Keep it to 120 characters or fewer.")),
                                _no_control_characters],
                               filters=[strip, _single_spaces],
                               description=_l("Pick from the list or type your own."))
    sector = SelectField(_l("Your sector"), [InputRequired(_l("Choose the sector closest to your work."))])
    table_group = StringField(_l("Table or group (optional)"), [Optional(), Length(max=40), _no_control_characters],
                              filters=[strip, _single_spaces])
    # Language names are written in their own language, so everyone can find theirs.
    language = SelectField(_l("Language"), choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           description=_l("The language of your screen during the workshop."))

    def participant_data(self) -> dict:
        """What the new participant is made of (app/join/participants.create)."""
        return self.data

    def set_choices(self, partnership) -> None:
        """Offer the partnership's sectors plus "Other"."""
        sectors = [s for s in partnership.sectors or [] if s.casefold() != OTHER_SECTOR.casefold()]
        self.sector.choices = ([SelectChoice("", _l("Choose…"))] + [SelectChoice(s) for s in sectors]
                               + [SelectChoice(OTHER_SECTOR, _l("Other"))])


class RejoinForm(FlaskForm):
    code = StringField(_l("Workshop code"), [DataRequired(_l("Type the workshop code.")), Length(max=64)],
                       filters=[strip])
    rejoin_code = StringField(_l("Your personal rejoin code"),
                              [DataRequired(_l("Type the 6-character code you were given when you joined.")),
                               Length(max=32)], filters=[strip],
                              description=_l("You saw it on your screen after you joined."))
