"""WTForms forms of the Policy window canvas: its configuration and each action.

Payloads arrive as a browser form post would send them (strings; ticked boxes as "y"), so the
same forms serve the socket and HTTP.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, DateField, Form, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import DateInput

from app.exercises.forms import ITEM_ID

#: The three Ps, in the order the canvas shows them.
COLUMNS = (
    ("politics", _l("Politics")),
    ("people", _l("People")),
    ("power", _l("Power")),
)
#: What the room reads the window on: each P, and the window as a whole.
OVERALL = "overall"
#: How open the window is, from shut to wide open; the index is the score.
LEVELS = (
    ("closed", lazy_pgettext("policy_window", "Closed")),  # the window, not the step
    ("opening", _l("Opening")),
    ("open", _l("Open")),
)
EFFECTS = (
    ("opens", _l("Opens the window")),
    ("closes", _l("Closes the window")),
)
INFLUENCE = (
    ("yes", _l("We can influence it")),
    ("partly", _l("Partly in our hands")),
    ("no", _l("Out of our hands")),
)
#: The four things the room does, one after another; the facilitator moves it on.
PHASES = (
    ("map", _l("Map the climate")),
    ("weigh", _l("Weigh what matters")),
    ("read", _l("Read the window")),
    ("act", _l("Decide when and how to act")),
)
PHASE_LABELS = dict(PHASES)
#: What the facilitator can turn a note into.
ACTION_KINDS = (
    ("use", _l("An enabler to use")),
    ("shift", _l("A barrier to shift")),
    ("moment", _l("A moment to aim for")),
    # Out of our hands is not out of reach: the partners cannot shift it, but they can prepare
    # for it and build support around it (advocacy, allies, timing).
    ("influence", _l("A barrier to influence from outside")),
)

# Written for this project: one short nudge per P, in plain words. Lazy: a new step's config
# stores them as plain text in the language of whoever adds the step (see the callable defaults).
DEFAULT_PROMPTS = {
    "politics": _l("Policy direction, elections, budgets and funding rounds: what in the political "
                   "and money climate helps or blocks us right now?"),
    "people": _l("Who makes the calls that matter here? Think of leaders, champions and gatekeepers, "
                 "what drives them and what they can decide."),
    "power": _l("Where does pressure come from: campaigners, news stories, public mood, professional "
                "networks? Which way is it pushing?"),
}
DEFAULT_FOCUS = _l("Getting our partners to start this work together")

PROMPT = [Length(max=300)]
TARGETS = (*COLUMNS, (OVERALL, _l("The whole window")))


def stored(text):
    """A callable default: ``text`` as plain str, in the language of whoever adds the step."""
    return lambda: str(text)


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
            raise ValueError(_l("Give the date as a calendar day, like 2027-05-14.")) from exc


def iso_day(form, field):
    """Validator: the text is a calendar day written YYYY-MM-DD."""
    try:
        date.fromisoformat(field.data or "")
    except ValueError as exc:
        raise ValidationError(_l("Give the date as a calendar day, like 2027-05-14.")) from exc


def _today() -> str:
    return date.today().isoformat()


class PolicyWindowConfigForm(Form):
    focus = StringField(
        _l("What the window is for"),
        default=stored(DEFAULT_FOCUS),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The room judges whether the climate favours this, now or soon."),
    )
    use_politics = BooleanField(_l("Map Politics"), default=True)
    politics_prompt = TextAreaField(_l("Prompt for Politics"), default=stored(DEFAULT_PROMPTS["politics"]),
                                    validators=PROMPT)
    use_people = BooleanField(_l("Map People"), default=True)
    people_prompt = TextAreaField(_l("Prompt for People"), default=stored(DEFAULT_PROMPTS["people"]),
                                  validators=PROMPT)
    use_power = BooleanField(_l("Map Power"), default=True)
    power_prompt = TextAreaField(_l("Prompt for Power"), default=stored(DEFAULT_PROMPTS["power"]),
                                 validators=PROMPT)
    votes = IntegerField(
        _l("Votes per participant"),
        default=5,
        validators=[InputRequired(), NumberRange(0, 20)],
        description=_l("Used to mark the notes that matter most. 0 skips voting."),
    )
    allow_stacking = BooleanField(_l("Allow several votes on one note"), default=False)
    notes_per_participant = IntegerField(
        _l("Notes per participant"), default=15, validators=[InputRequired(), NumberRange(1, 50)]
    )
    ratings_hidden = BooleanField(
        _l("Keep the window ratings private until the room decides how to act"),
        default=True,
        description=_l("People then read the window for themselves before seeing the room's view."),
    )
    horizon_start = StringField(
        _l("Dates count from"),
        default=_today,
        widget=DateInput(),
        validators=[InputRequired(), iso_day],
        description=_l("Usually the day of the workshop."),
    )
    horizon_months = IntegerField(
        _l("Date horizon (months ahead)"),
        default=24,
        validators=[InputRequired(), NumberRange(1, 120)],
        description=_l("Notes may carry a date from a year before the start up to this far ahead."),
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not (self.use_politics.data or self.use_people.data or self.use_power.data):
            self.use_politics.errors = [*self.use_politics.errors, _l("Map at least one of the three Ps.")]
            return False
        return ok


class AddNoteForm(Form):
    column = choice(COLUMNS, _l("Which P"), _l("Pick Politics, People or Power."))
    text = TextAreaField(
        _l("What is going on"), validators=[DataRequired(message=_l("Write something first.")), Length(max=1000)]
    )
    effect = choice(EFFECTS, _l("Does it open or close the window?"), _l("Say whether it opens or closes the window."),
                    default="opens")
    influence = choice(INFLUENCE, _l("Can we influence it?"), _l("Say how far it is in our hands."), default="partly")
    date = DayField(
        _l("Date, if it has one (optional)"),
        validators=[Optional()],
        description=_l("An election, a budget, a term start, a funding deadline…"),
    )


class EditNoteForm(AddNoteForm):
    note_id = StringField(validators=ITEM_ID)


class NoteForm(Form):
    note_id = StringField(validators=ITEM_ID)


class TargetForm(Form):
    target = choice(TARGETS, _l("What you rate"), _l("Rate one of the Ps or the whole window."))


class RateForm(TargetForm):
    level = choice(LEVELS, _l("How open is it?"), _l("Rate it closed, opening or open."))






class AddActionForm(Form):
    # Choices come from the live notes, so the reducer checks the id, not the form.
    note_id = SelectField(_l("From which note"), choices=[], validate_choice=False, validators=ITEM_ID)
    kind = choice(ACTION_KINDS, _l("Treat it as"), _l("Pick an enabler, a barrier or a moment."))
    text = TextAreaField(
        _l("What we will do"), validators=[DataRequired(message=_l("Say what the room will do.")), Length(max=500)]
    )
    lead = StringField(_l("Who leads it (optional)"), validators=[Optional(), Length(max=120)])
    date = DayField(_l("By when (optional)"), validators=[Optional()])


class EditActionForm(Form):
    action_id = StringField(validators=ITEM_ID)
    kind = choice(ACTION_KINDS, _l("Treat it as"), _l("Pick an enabler, a barrier or a moment."))
    text = TextAreaField(
        _l("What we will do"), validators=[DataRequired(message=_l("Say what the room will do.")), Length(max=500)]
    )
    lead = StringField(_l("Who leads it (optional)"), validators=[Optional(), Length(max=120)])
    date = DayField(_l("By when (optional)"), validators=[Optional()])


class ActionIdForm(Form):
    action_id = StringField(validators=ITEM_ID)
