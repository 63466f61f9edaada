"""WTForms forms of the Reframing prompts exercise: its configuration and each action."""
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

#: The phases the room moves through; the facilitator sets the current one.
PHASES = (
    ("priorities", "Their priorities"),
    ("reframe", "Reframe"),
    ("rate", "Would it land?"),
    ("choose", "Choose"),
)
SCALE = (1, 5)
MAX_SECTORS = 12
MAX_PROMPTS = 12

# Written for this project: each prompt nudges the writer to start from the partner's world.
DEFAULT_PROMPTS = "\n".join([
    "Which load that they already carry could this take off their shoulders?",
    "How would people in that sector put this problem in their own everyday words?",
    "What is pressing for them this year that makes this worth their time now?",
    "Which of their own goals or targets would this help them reach?",
    "What could they stop doing, or do less of, if this worked?",
])

ITEM_ID = [InputRequired(), Length(max=24)]
SECTOR = [InputRequired(message="Pick a sector."), Length(max=80)]
TEXT = [DataRequired(message="Write something first."), Length(max=1000)]


def lines(text) -> list[str]:
    """Non-blank lines of ``text``, stripped, without repeats (case-insensitive), in order."""
    seen, result = set(), []
    for line in (text or "").splitlines():
        clean = " ".join(line.split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            result.append(clean)
    return result


def line_count(minimum: int, maximum: int, what: str):
    """A validator: the field holds between ``minimum`` and ``maximum`` distinct lines."""

    def check(form, field):
        found = len(lines(field.data))
        if found < minimum:
            raise ValidationError(f"Give at least {minimum} {what}, one per line.")
        if found > maximum:
            raise ValidationError(f"Give at most {maximum} {what}.")

    return check


class ReframingConfigForm(Form):
    issue = TextAreaField(
        "Our issue, as we name it today",
        default="Families in our area struggling to keep a stable home",
        validators=[DataRequired(), Length(max=300)],
        description="The room restates this in each partner sector's own priorities and language.",
    )
    sectors = TextAreaField(
        "Sectors to reframe for (one per line)",
        default="Education\nHealth",
        validators=[Length(max=1000), line_count(1, MAX_SECTORS, "sectors")],
        description="Participants who join under one of these sectors count as insiders for it.",
    )
    prompts = TextAreaField(
        "Prompts that guide the reframing (one per line)",
        default=DEFAULT_PROMPTS,
        validators=[Length(max=3000), line_count(1, MAX_PROMPTS, "prompts")],
    )
    ratings_hidden = BooleanField(
        "Keep the ratings to yourself until you reveal them",
        default=True,
        description="People then rate without being swayed by how others rated.",
    )
    priorities_per_person = IntegerField(
        "Priorities per person for each sector", default=5, validators=[InputRequired(), NumberRange(1, 30)]
    )
    reframes_per_person = IntegerField(
        "Reframes per person for each sector", default=3, validators=[InputRequired(), NumberRange(1, 20)]
    )
    max_length = IntegerField(
        "Longest text (characters)", default=280, validators=[InputRequired(), NumberRange(20, 1000)]
    )


class AddPriorityForm(Form):
    sector = StringField("Sector", validators=SECTOR)
    text = TextAreaField("What matters to them right now?", validators=TEXT)


class EditPriorityForm(Form):
    priority_id = StringField(validators=ITEM_ID)
    text = TextAreaField("Priority", validators=TEXT)


class PriorityIdForm(Form):
    priority_id = StringField(validators=ITEM_ID)


class AddReframeForm(Form):
    sector = StringField("For which sector?", validators=SECTOR)
    prompt = StringField("Prompt that helped (optional)", validators=[Optional(), Length(max=3)])
    text = TextAreaField("Our issue, in their words", validators=TEXT)


class EditReframeForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    text = TextAreaField("Reframe", validators=TEXT)


class ReframeIdForm(Form):
    reframe_id = StringField(validators=ITEM_ID)


class RateForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    score = IntegerField(
        "Would it land?",
        validators=[InputRequired(message="Choose a rating from 1 to 5."),
                    NumberRange(*SCALE, message="Ratings go from 1 to 5.")],
    )


class ConnectForm(Form):
    reframe_id = StringField(validators=ITEM_ID)
    priority_id = StringField(validators=ITEM_ID)
    connected = BooleanField("Connects to this priority")


class RevealRatingsForm(Form):
    revealed = BooleanField("Show the ratings to the room")


class PhaseForm(Form):
    phase = StringField("Phase", validators=[InputRequired(), AnyOf([k for k, _ in PHASES], message="Pick a phase.")])


class SectorForm(Form):
    sector = StringField("Sector", validators=SECTOR)
