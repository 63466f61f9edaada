"""WTForms forms of the Reframing prompts exercise: its configuration and each action."""
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import ITEM_ID, lines

#: The phases the room moves through; the facilitator sets the current one.
PHASES = (
    ("priorities", _l("Their priorities")),
    ("reframe", _l("Reframe")),
    ("rate", _l("Would it land?")),
    ("choose", _l("Choose")),
)
SCALE = (1, 5)
MAX_SECTORS = 12
MAX_PROMPTS = 12


def default_issue() -> str:
    """The example issue a new step starts with, in the language of whoever adds the step."""
    return gettext("Families in our area struggling to keep a stable home")


def default_sectors() -> str:
    return "\n".join([gettext("Education"), gettext("Health")])


def default_prompts() -> str:
    # Written for this project: each prompt nudges the writer to start from the partner's world.
    return "\n".join([
        gettext("Which load that they already carry could this take off their shoulders?"),
        gettext("How would people in that sector put this problem in their own everyday words?"),
        gettext("What is pressing for them this year that makes this worth their time now?"),
        gettext("Which of their own goals or targets would this help them reach?"),
        gettext("What could they stop doing, or do less of, if this worked?"),
    ])


SECTOR = [InputRequired(message=_l("Pick a sector.")), Length(max=80)]
TEXT = [DataRequired(message=_l("Write something first.")), Length(max=1000)]


def _line_count_message(what: str, too_few: bool, n: int) -> str:
    if what == "sectors":
        if too_few:
            return ngettext("Give at least %(num)d sector, one per line.",
                            "Give at least %(num)d sectors, one per line.", n)
        return ngettext("Give at most %(num)d sector.", "Give at most %(num)d sectors.", n)
    if too_few:
        return ngettext("Give at least %(num)d prompt, one per line.",
                        "Give at least %(num)d prompts, one per line.", n)
    return ngettext("Give at most %(num)d prompt.", "Give at most %(num)d prompts.", n)


def line_count(minimum: int, maximum: int, what: str):
    """A validator: the field holds between ``minimum`` and ``maximum`` distinct lines of
    ``what`` ("sectors" or "prompts")."""

    def check(form, field):
        found = len(lines(field.data))
        if found < minimum:
            raise ValidationError(_line_count_message(what, True, minimum))
        if found > maximum:
            raise ValidationError(_line_count_message(what, False, maximum))

    return check


class ReframingConfigForm(Form):
    issue = TextAreaField(
        _l("Our issue, as we name it today"),
        default=default_issue,
        validators=[DataRequired(), Length(max=300)],
        description=_l("The room restates this in each partner sector's own priorities and language."),
    )
    sectors = TextAreaField(
        _l("Sectors to reframe for (one per line)"),
        default=default_sectors,
        validators=[Length(max=1000), line_count(1, MAX_SECTORS, "sectors")],
        description=_l("Participants who join under one of these sectors count as insiders for it."),
    )
    prompts = TextAreaField(
        _l("Prompts that guide the reframing (one per line)"),
        default=default_prompts,
        validators=[Length(max=3000), line_count(1, MAX_PROMPTS, "prompts")],
    )
    ratings_hidden = BooleanField(
        _l("Keep the ratings private until the room moves on to choosing"),
        default=True,
        description=_l("People then rate without being swayed by how others rated."),
    )
    priorities_per_person = IntegerField(
        _l("Priorities per person for each sector"), default=5, validators=[InputRequired(), NumberRange(1, 30)]
    )
    reframes_per_person = IntegerField(
        _l("Reframes per person for each sector"), default=3, validators=[InputRequired(), NumberRange(1, 20)]
    )
    max_length = IntegerField(
        _l("Longest text (characters)"), default=280, validators=[InputRequired(), NumberRange(20, 1000)]
    )


class AddPriorityForm(Form):
    sector = StringField(_l("Sector"), validators=SECTOR)
    text = TextAreaField(_l("What matters to them right now?"), validators=TEXT)


class EditPriorityForm(Form):
    priority_id = StringField(validators=ITEM_ID)
    text = TextAreaField(_l("Priority"), validators=TEXT)


class PriorityIdForm(Form):
    priority_id = StringField(validators=ITEM_ID)


class AddReframeForm(Form):
    sector = StringField(_l("For which sector?"), validators=SECTOR)
    prompt = StringField(_l("Prompt that helped (optional)"), validators=[Optional(), Length(max=3)])
    text = TextAreaField(_l("Our issue, in their words"), validators=TEXT)


class EditReframeForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    text = TextAreaField(_l("Reframe"), validators=TEXT)


class ReframeIdForm(Form):
    reframe_id = StringField(validators=ITEM_ID)


class RateForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    score = IntegerField(
        _l("Would it land?"),
        validators=[InputRequired(message=_l("Choose a rating from 1 to 5.")),
                    NumberRange(*SCALE, message=_l("Ratings go from 1 to 5."))],
    )


class ConnectForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    priority_id = StringField(validators=ITEM_ID)
    connected = BooleanField(_l("Connects to this priority"))


class SectorForm(Form):
    sector = StringField(_l("Sector"), validators=SECTOR)
