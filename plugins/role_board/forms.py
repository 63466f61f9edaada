"""WTForms forms of the Role assignment board: its configuration and each action."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import ITEM_ID

ID = ITEM_ID
MAX_ROLES, MAX_BODIES, MAX_ORGANISATIONS = 30, 20, 150
NAME_MAX, DESCRIPTION_MAX, SECTOR_MAX = 80, 240, 60

# Default roles and groups: ``(name, what it involves)``, translated into the language of whoever
# adds the step (the config stores plain text, one "name | description" per line).
DEFAULT_ROLES = [
    (_l("Lead / backbone coordination"),
     _l("Brings the partners together, keeps the shared work moving and sees the whole.")),
    (_l("Community outreach liaison"),
     _l("Keeps residents and families involved and carries their voice into decisions.")),
    (_l("Data and measurement lead"), _l("Looks after the shared indicators, data agreements and progress reports.")),
    (_l("Project manager"), _l("Keeps track of tasks, deadlines and who is doing what between meetings.")),
    (_l("Technical assistance provider"), _l("Lends expertise, training and hands-on help to partners who need it.")),
    (_l("Communications lead"), _l("Tells the partnership's story and keeps every partner informed.")),
    (_l("Fundraiser"), _l("Finds money and in-kind support so partners have the capacity to take part.")),
]

DEFAULT_BODIES = [
    (_l("Leadership table or board"),
     _l("Senior people from each partner who set direction and sign off big decisions.")),
    (_l("Steering committee"), _l("A wider group, community members included, that guides the work in the open.")),
    (_l("Advisory council"), _l("People with lived experience or expertise who advise without running the work.")),
    (_l("Operations council"), _l("Staff who plan and coordinate day-to-day delivery across partners.")),
    (_l("Data team"), _l("People from each partner who share, clean and make sense of the data.")),
]


def default_lines(rows) -> str:
    """The config text of default ``(name, description)`` rows, in the current language."""
    return "\n".join(f"{name} | {description}" for name, description in rows)


def split_line(line: str) -> tuple[str, str]:
    """``"Name | extra"`` -> ``("Name", "extra")``; spaces tidied, the extra part optional."""
    name, _, extra = line.partition("|")
    return " ".join(name.split()), " ".join(extra.split())


def parse_lines(text: str | None) -> list[tuple[str, str]]:
    """Every non-blank line of a config textarea as ``(name, extra)``."""
    return [split_line(line) for line in (text or "").splitlines() if split_line(line)[0]]


def lines_validator(too_many, most: int, extra_max: int):
    """Validate a one-per-line textarea: bounded count and lengths, no duplicate names.

    ``too_many``: the message when there are more than ``most`` lines (``{most}`` placeholder).
    """

    def check(form, field):
        rows = parse_lines(field.data)
        if len(rows) > most:
            raise ValidationError(str(too_many).format(most=most))
        seen = set()
        for name, extra in rows:
            if len(name) > NAME_MAX:
                raise ValidationError(str(_l("Keep each name under {most} characters: {name}…")).format(
                    most=NAME_MAX, name=name[:30]))
            if len(extra) > extra_max:
                raise ValidationError(str(_l("Keep the text after '|' under {most} characters ({name}).")).format(
                    most=extra_max, name=name))
            if name.lower() in seen:
                raise ValidationError(str(_l("{name} is listed twice.")).format(name=name))
            seen.add(name.lower())

    return check


class RoleBoardConfigForm(Form):
    roles = TextAreaField(
        _l("Roles (one per line: name | what it involves)"),
        default=lambda: default_lines(DEFAULT_ROLES),
        validators=[Length(max=12000),
                    lines_validator(_l("Keep it to {most} roles or fewer."), MAX_ROLES, DESCRIPTION_MAX)],
        description=_l("You can add, rename and remove roles during the session too."),
    )
    bodies = TextAreaField(
        _l("Groups in the partnership structure (one per line: name | what it is for)"),
        default=lambda: default_lines(DEFAULT_BODIES),
        validators=[Length(max=8000),
                    lines_validator(_l("Keep it to {most} groups or fewer."), MAX_BODIES, DESCRIPTION_MAX)],
    )
    organisations = TextAreaField(
        _l("Organisations in the partnership (one per line, optionally 'Name | Sector')"),
        default="",
        validators=[Length(max=15000), lines_validator(_l("Keep it to {most} organisations or fewer."),
                                                       MAX_ORGANISATIONS, SECTOR_MAX)],
        description=_l("Participants' own organisations are added when they take part."),
    )
    overload_limit = IntegerField(
        _l("Most roles one organisation should lead"),
        default=2,
        validators=[InputRequired(), NumberRange(1, 10)],
        description=_l("The board flags any organisation leading more roles than this."),
    )
    hide_nominations = BooleanField(_l("Keep nominations private until you show them to the room"), default=False)


class VolunteerForm(Form):
    target_id = StringField(_l("Role or group"), validators=ID)
    reason = TextAreaField(_l("What your organisation would bring (optional)"),
                           validators=[Optional(), Length(max=500)])


class NominateForm(Form):
    target_id = StringField(_l("Role or group"), validators=ID)
    organisation = StringField(
        _l("Organisation"), validators=[DataRequired(message=_l("Say which organisation.")), Length(max=NAME_MAX)]
    )
    reason = TextAreaField(
        _l("Why them?"), validators=[DataRequired(message=_l("Give a reason for the nomination.")), Length(max=500)]
    )


class NominationForm(Form):
    nomination_id = StringField(validators=ID)


class ConfirmNominationForm(NominationForm):
    position = StringField(_l("As"), validators=[Optional(), Length(max=12)])  # "lead", "supporting" or automatic


class AssignForm(Form):
    target_id = StringField(_l("Role or group"), validators=ID)
    organisation = StringField(
        _l("Organisation"), validators=[DataRequired(message=_l("Say which organisation.")), Length(max=NAME_MAX)]
    )
    position = StringField(_l("As"), validators=[Optional(), Length(max=12)])


class UnassignForm(Form):
    target_id = StringField(validators=ID)
    organisation = StringField(validators=ID)


class AddItemForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Give it a name.")), Length(max=NAME_MAX)])
    description = StringField(_l("What it involves (optional)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)])


class EditBodyForm(AddItemForm):
    target_id = StringField(validators=ID)


class EditRoleForm(EditBodyForm):
    responsibilities = TextAreaField(_l("Responsibilities"), validators=[Optional(), Length(max=2000)])


class TargetForm(Form):
    target_id = StringField(validators=ID)


class AddOrganisationForm(Form):
    name = StringField(_l("Organisation"),
                       validators=[DataRequired(message=_l("Give its name.")), Length(max=NAME_MAX)])
    sector = StringField(_l("Sector (optional)"), validators=[Optional(), Length(max=SECTOR_MAX)])


class OrganisationForm(Form):
    organisation = StringField(validators=ID)


class LimitForm(Form):
    limit = IntegerField(_l("Most roles one organisation should lead"),
                         validators=[InputRequired(), NumberRange(1, 10)])

