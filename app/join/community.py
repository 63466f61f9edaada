"""The join form of a community or youth session (app/exercises/participation.py).

It asks as little as it can: a first name or nickname, a role — community member, young person,
parent or carer, or "I work for an organisation here", which then asks the sector as the usual
form does — an optional organisation and the screen's language. The role goes into
``Participant.sector`` as a reserved value, so every sector rule (anonymity, breakdowns,
exports) applies to it unchanged. Nothing else about the person is asked or kept
(docs/joining.md, "Community and youth sessions").
"""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.exercises import participation
from app.forms_common import FlaskForm, strip
from app.i18n import LANGUAGES
from app.join.forms import OTHER_SECTOR, _no_control_characters, _single_spaces

#: A nickname is short: long enough for "Jean-Baptiste", too short for a full name and address.
NICKNAME_MAX = 30

ROLE_CHOICES = [SelectChoice(key, label) for key, label in participation.ROLES.items()] + [
    SelectChoice(participation.WORKS_HERE, _l("I work for an organisation here"))]


class CommunityJoinForm(FlaskForm):
    name = StringField(_l("Your first name or a nickname"),
                       [DataRequired(_l("Tell the room what to call you: a first name or a nickname.")),
                        Length(1, NICKNAME_MAX, _l("Keep it to %(max)d characters or fewer.", max=NICKNAME_MAX)),
                        _no_control_characters], filters=[strip, _single_spaces],
                       description=_l("Not your full name: a first name or a nickname is enough."))
    role = RadioField(_l("You are here as"), [InputRequired(_l("Choose what brings you here."))],
                      choices=ROLE_CHOICES)
    sector = SelectField(_l("Your sector"),
                         description=_l("Only if you work for an organisation here."))
    organisation = StringField(_l("Your organisation (optional)"),
                               [Optional(), Length(max=120, message=_l("Keep it to 120 characters or fewer.")),
                                _no_control_characters], filters=[strip, _single_spaces])
    language = SelectField(_l("Language"), choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           description=_l("The language of your screen during the workshop."))

    def set_choices(self, partnership) -> None:
        """The partnership's sectors plus "Other", for people who work for an organisation here; a
        sector spelled like a community role is left out (it would read as one)."""
        sectors = [s for s in partnership.sectors or []
                   if s.casefold() != OTHER_SECTOR.casefold() and not participation.reserved(s)]
        self.sector.choices = ([SelectChoice("", _l("Choose…"))] + [SelectChoice(s) for s in sectors]
                               + [SelectChoice(OTHER_SECTOR, _l("Other"))])

    def validate_sector(self, field) -> None:
        if self.role.data == participation.WORKS_HERE and not field.data:
            raise ValidationError(_l("Choose the sector closest to your work."))

    def participant_data(self) -> dict:
        """What a participant is made of: the nickname, the role or the sector, the optional
        organisation and the language — nothing else."""
        role = self.role.data
        return {"name": self.name.data,
                "sector": self.sector.data if role == participation.WORKS_HERE else role,
                "organisation": self.organisation.data or "", "table_group": "",
                "language": self.language.data}
