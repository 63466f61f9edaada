"""WTForms forms of the Policy window canvas: its configuration and each action.

Payloads arrive as a browser form post would send them (strings; ticked boxes as "y"), so the
same forms serve the socket and HTTP.
"""
from datetime import date

from wtforms import BooleanField, DateField, Form, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import DateInput

#: The three Ps, in the order the canvas shows them.
COLUMNS = (
    ("politics", "Politics"),
    ("people", "People"),
    ("power", "Power"),
)
#: What the room reads the window on: each P, and the window as a whole.
OVERALL = "overall"
#: How open the window is, from shut to wide open; the index is the score.
LEVELS = (
    ("closed", "Closed"),
    ("opening", "Opening"),
    ("open", "Open"),
)
EFFECTS = (
    ("opens", "Opens the window"),
    ("closes", "Closes the window"),
)
INFLUENCE = (
    ("yes", "We can influence it"),
    ("partly", "Partly in our hands"),
    ("no", "Out of our hands"),
)
#: The four things the room does, one after another; the facilitator moves it on.
PHASES = (
    ("map", "Map the climate"),
    ("weigh", "Weigh what matters"),
    ("read", "Read the window"),
    ("act", "Decide when and how to act"),
)
#: What the facilitator can turn a note into.
ACTION_KINDS = (
    ("use", "An enabler to use"),
    ("shift", "A barrier to shift"),
    ("moment", "A moment to aim for"),
)

# Written for this project: one short nudge per P, in plain words.
DEFAULT_PROMPTS = {
    "politics": "Policy direction, elections, budgets and funding rounds: what in the political "
    "and money climate helps or blocks us right now?",
    "people": "Who makes the calls that matter here? Think of leaders, champions and gatekeepers, "
    "what drives them and what they can decide.",
    "power": "Where does pressure come from: campaigners, news stories, public mood, professional "
    "networks? Which way is it pushing?",
}

ITEM_ID = [InputRequired(), Length(max=24)]
PROMPT = [Length(max=300)]
TARGETS = (*COLUMNS, (OVERALL, "The whole window"))


def choice(choices, label, message, default=None):
    """A select whose wrong answers get ``message`` rather than WTForms' generic one."""
    values = [value for value, _ in choices]
    options = [SelectChoice(value, text) for value, text in choices]
    return SelectField(label, choices=options, default=default, validate_choice=False,
                       validators=[AnyOf(values, message=message)])



class DayField(DateField):
    """A calendar day (``<input type="date">``) with a message a person can act on."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Give the date as a calendar day, like 2027-05-14.") from exc


def iso_day(form, field):
    """Validator: the text is a calendar day written YYYY-MM-DD."""
    try:
        date.fromisoformat(field.data or "")
    except ValueError as exc:
        raise ValidationError("Give the date as a calendar day, like 2027-05-14.") from exc


def _today() -> str:
    return date.today().isoformat()


class PolicyWindowConfigForm(Form):
    focus = StringField(
        "What the window is for",
        default="Getting our partners to start this work together",
        validators=[DataRequired(), Length(max=200)],
        description="The room judges whether the climate favours this, now or soon.",
    )
    use_politics = BooleanField("Map Politics", default=True)
    politics_prompt = TextAreaField("Prompt for Politics", default=DEFAULT_PROMPTS["politics"], validators=PROMPT)
    use_people = BooleanField("Map People", default=True)
    people_prompt = TextAreaField("Prompt for People", default=DEFAULT_PROMPTS["people"], validators=PROMPT)
    use_power = BooleanField("Map Power", default=True)
    power_prompt = TextAreaField("Prompt for Power", default=DEFAULT_PROMPTS["power"], validators=PROMPT)
    votes = IntegerField(
        "Votes per participant",
        default=5,
        validators=[InputRequired(), NumberRange(0, 20)],
        description="Used to mark the notes that matter most. 0 skips voting.",
    )
    allow_stacking = BooleanField("Allow several votes on one note", default=False)
    notes_per_participant = IntegerField(
        "Notes per participant", default=15, validators=[InputRequired(), NumberRange(1, 50)]
    )
    ratings_hidden = BooleanField(
        "Keep the window ratings hidden until you reveal them",
        default=True,
        description="People then read the window for themselves before seeing the room's view.",
    )
    horizon_start = StringField(
        "Dates count from",
        default=_today,
        widget=DateInput(),
        validators=[InputRequired(), iso_day],
        description="Usually the day of the workshop.",
    )
    horizon_months = IntegerField(
        "Date horizon (months ahead)",
        default=24,
        validators=[InputRequired(), NumberRange(1, 120)],
        description="Notes may carry a date from a year before the start up to this far ahead.",
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not (self.use_politics.data or self.use_people.data or self.use_power.data):
            self.use_politics.errors = [*self.use_politics.errors, "Map at least one of the three Ps."]
            return False
        return ok


class AddNoteForm(Form):
    column = choice(COLUMNS, "Which P", "Pick Politics, People or Power.")
    text = TextAreaField(
        "What is going on", validators=[DataRequired(message="Write something first."), Length(max=1000)]
    )
    effect = choice(EFFECTS, "Does it open or close the window?", "Say whether it opens or closes the window.",
                    default="opens")
    influence = choice(INFLUENCE, "Can we influence it?", "Say how far it is in our hands.", default="partly")
    date = DayField(
        "Date, if it has one (optional)",
        validators=[Optional()],
        description="An election, a budget, a term start, a funding deadline…",
    )


class EditNoteForm(AddNoteForm):
    note_id = StringField(validators=ITEM_ID)


class NoteForm(Form):
    note_id = StringField(validators=ITEM_ID)


class TargetForm(Form):
    target = choice(TARGETS, "What you rate", "Rate one of the Ps or the whole window.")


class RateForm(TargetForm):
    level = choice(LEVELS, "How open is it?", "Rate it closed, opening or open.")


class PhaseForm(Form):
    phase = choice(PHASES, "Phase", "Pick one of the four phases.")


class EmptyForm(Form):
    """An action that needs no data."""


class AddActionForm(Form):
    # Choices come from the live notes, so the reducer checks the id, not the form.
    note_id = SelectField("From which note", choices=[], validate_choice=False, validators=ITEM_ID)
    kind = choice(ACTION_KINDS, "Treat it as", "Pick an enabler, a barrier or a moment.")
    text = TextAreaField(
        "What we will do", validators=[DataRequired(message="Say what the room will do."), Length(max=500)]
    )
    lead = StringField("Who leads it (optional)", validators=[Optional(), Length(max=120)])
    date = DayField("By when (optional)", validators=[Optional()])


class EditActionForm(Form):
    action_id = StringField(validators=ITEM_ID)
    kind = choice(ACTION_KINDS, "Treat it as", "Pick an enabler, a barrier or a moment.")
    text = TextAreaField(
        "What we will do", validators=[DataRequired(message="Say what the room will do."), Length(max=500)]
    )
    lead = StringField("Who leads it (optional)", validators=[Optional(), Length(max=120)])
    date = DayField("By when (optional)", validators=[Optional()])


class ActionIdForm(Form):
    action_id = StringField(validators=ITEM_ID)
