"""WTForms forms of the Role assignment board: its configuration and each action."""
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

ID = [InputRequired(), Length(max=24)]
MAX_ROLES, MAX_BODIES, MAX_ORGANISATIONS = 30, 20, 150
NAME_MAX, DESCRIPTION_MAX, SECTOR_MAX = 80, 240, 60

DEFAULT_ROLES = "\n".join([
    "Lead / backbone coordination | Brings the partners together, keeps the shared work moving and sees the whole.",
    "Community outreach liaison | Keeps residents and families involved and carries their voice into decisions.",
    "Data and measurement lead | Looks after the shared indicators, data agreements and progress reports.",
    "Project manager | Keeps track of tasks, deadlines and who is doing what between meetings.",
    "Technical assistance provider | Lends expertise, training and hands-on help to partners who need it.",
    "Communications lead | Tells the partnership's story and keeps every partner informed.",
    "Fundraiser | Finds money and in-kind support so partners have the capacity to take part.",
])

DEFAULT_BODIES = "\n".join([
    "Leadership table or board | Senior people from each partner who set direction and sign off big decisions.",
    "Steering committee | A wider group, community members included, that guides the work in the open.",
    "Advisory council | People with lived experience or expertise who advise without running the work.",
    "Operations council | Staff who plan and coordinate day-to-day delivery across partners.",
    "Data team | People from each partner who share, clean and make sense of the data.",
])


def split_line(line: str) -> tuple[str, str]:
    """``"Name | extra"`` -> ``("Name", "extra")``; spaces tidied, the extra part optional."""
    name, _, extra = line.partition("|")
    return " ".join(name.split()), " ".join(extra.split())


def parse_lines(text: str | None) -> list[tuple[str, str]]:
    """Every non-blank line of a config textarea as ``(name, extra)``."""
    return [split_line(line) for line in (text or "").splitlines() if split_line(line)[0]]


def lines_validator(what: str, most: int, extra_max: int):
    """Validate a one-per-line textarea: bounded count and lengths, no duplicate names."""

    def check(form, field):
        rows = parse_lines(field.data)
        if len(rows) > most:
            raise ValidationError(f"Keep it to {most} {what} or fewer.")
        seen = set()
        for name, extra in rows:
            if len(name) > NAME_MAX:
                raise ValidationError(f"Keep each name under {NAME_MAX} characters: {name[:30]}…")
            if len(extra) > extra_max:
                raise ValidationError(f"Keep the text after '|' under {extra_max} characters ({name}).")
            if name.lower() in seen:
                raise ValidationError(f"{name} is listed twice.")
            seen.add(name.lower())

    return check


class RoleBoardConfigForm(Form):
    roles = TextAreaField(
        "Roles (one per line: name | what it involves)",
        default=DEFAULT_ROLES,
        validators=[Length(max=12000), lines_validator("roles", MAX_ROLES, DESCRIPTION_MAX)],
        description="You can add, rename and remove roles during the session too.",
    )
    bodies = TextAreaField(
        "Groups in the partnership structure (one per line: name | what it is for)",
        default=DEFAULT_BODIES,
        validators=[Length(max=8000), lines_validator("groups", MAX_BODIES, DESCRIPTION_MAX)],
    )
    organisations = TextAreaField(
        "Organisations in the partnership (one per line, optionally 'Name | Sector')",
        default="",
        validators=[Length(max=15000), lines_validator("organisations", MAX_ORGANISATIONS, SECTOR_MAX)],
        description="Participants' own organisations are added when they take part.",
    )
    overload_limit = IntegerField(
        "Most roles one organisation should lead",
        default=2,
        validators=[InputRequired(), NumberRange(1, 10)],
        description="The board flags any organisation leading more roles than this.",
    )
    hide_nominations = BooleanField("Keep nominations private until you show them to the room", default=False)


class VolunteerForm(Form):
    target_id = StringField("Role or group", validators=ID)
    reason = TextAreaField("What your organisation would bring (optional)", validators=[Optional(), Length(max=500)])


class NominateForm(Form):
    target_id = StringField("Role or group", validators=ID)
    organisation = StringField(
        "Organisation", validators=[DataRequired(message="Say which organisation."), Length(max=NAME_MAX)]
    )
    reason = TextAreaField(
        "Why them?", validators=[DataRequired(message="Give a reason for the nomination."), Length(max=500)]
    )


class NominationForm(Form):
    nomination_id = StringField(validators=ID)


class ConfirmNominationForm(NominationForm):
    position = StringField("As", validators=[Optional(), Length(max=12)])  # "lead", "supporting" or automatic


class AssignForm(Form):
    target_id = StringField("Role or group", validators=ID)
    organisation = StringField(
        "Organisation", validators=[DataRequired(message="Say which organisation."), Length(max=NAME_MAX)]
    )
    position = StringField("As", validators=[Optional(), Length(max=12)])


class UnassignForm(Form):
    target_id = StringField(validators=ID)
    organisation = StringField(validators=ID)


class AddItemForm(Form):
    name = StringField("Name", validators=[DataRequired(message="Give it a name."), Length(max=NAME_MAX)])
    description = StringField("What it involves (optional)", validators=[Optional(), Length(max=DESCRIPTION_MAX)])


class EditBodyForm(AddItemForm):
    target_id = StringField(validators=ID)


class EditRoleForm(EditBodyForm):
    responsibilities = TextAreaField("Responsibilities", validators=[Optional(), Length(max=2000)])


class TargetForm(Form):
    target_id = StringField(validators=ID)


class AddOrganisationForm(Form):
    name = StringField("Organisation", validators=[DataRequired(message="Give its name."), Length(max=NAME_MAX)])
    sector = StringField("Sector (optional)", validators=[Optional(), Length(max=SECTOR_MAX)])


class OrganisationForm(Form):
    organisation = StringField(validators=ID)


class LimitForm(Form):
    limit = IntegerField("Most roles one organisation should lead", validators=[InputRequired(), NumberRange(1, 10)])


class ShowNominationsForm(Form):
    visible = BooleanField("Show nominations to the room")
