"""WTForms forms of the outcome indicators step: its configuration and each action.

Payloads arrive as a browser form post sends them (strings; a ticked box as "y"), so the same
forms serve the socket and HTTP. Rules that depend on the indicator (a number for a
quantitative one) are the reducer's, so they hold for every sender.
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, Form, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import ITEM_ID

#: What an indicator measures with: a number, or a milestone reached or not.
KINDS = (
    ("milestone", _l("A qualitative milestone")),
    ("quantitative", _l("A quantitative measure")),
)
#: Each indicator is rated on these two, from 1 to SCALE.
DIMENSIONS = ("importance", "feasibility")
SCALE = 5
#: Lengths the reducer enforces too.
NAME_MAX = 160
TEXT_MAX = 300
SHORT_MAX = 80
VALUE_MAX = 120
SEED_MAX = 40

DEFAULT_OUTCOME = _l("The outcomes our partnership wants to see change")


def _default_outcome() -> str:
    """A callable default: plain text in the language of whoever adds the step."""
    return str(DEFAULT_OUTCOME)


class DayField(DateField):
    """A calendar day (``<input type="date">``) with a message a person can act on."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Give the date as a calendar day, like 2027-05-14.")) from exc


def seed_lines(text) -> list[list[str]]:
    """The config's carried-over indicators: one a line, "name | baseline | target | unit"."""
    rows = []
    for line in (text or "").splitlines():
        parts = [" ".join(part.split()) for part in line.split("|")]
        if parts and parts[0]:
            rows.append((parts + ["", "", ""])[:4])
    return rows


def valid_seed(form, field):
    rows = seed_lines(field.data)
    if len(rows) > SEED_MAX:
        raise ValidationError(_l("List at most {n} indicators.").format(n=SEED_MAX))
    for row in rows:
        if len(row[0]) > NAME_MAX or any(len(part) > SHORT_MAX for part in row[1:]):
            raise ValidationError(_l("Keep each name under {n} characters, and each baseline, target and unit "
                                     "under {m}.").format(n=NAME_MAX, m=SHORT_MAX))


class ConfigForm(Form):
    outcome = StringField(_l("The shared outcomes the indicators measure"), default=_default_outcome,
                          validators=[InputRequired(), Length(max=200)])
    per_person = IntegerField(_l("Proposals per participant"), default=5,
                              validators=[InputRequired(), NumberRange(1, 20)])
    private_proposals = BooleanField(
        _l("Keep proposals private until the room rates them"), default=False,
        description=_l("Each participant sees only their own proposals until the rating starts."))
    seed = TextAreaField(
        _l("Indicators carried over from an earlier step (optional)"), default="",
        validators=[Optional(), valid_seed],
        description=_l("One a line, as “name | baseline | target | unit”. Use it at a check-in to re-rate the "
                       "indicators already adopted and record their latest value."))


def _kind():
    return SelectField(_l("Kind of indicator"), choices=[SelectChoice(v, t) for v, t in KINDS],
                       default="quantitative", validate_choice=False,
                       validators=[AnyOf([v for v, _ in KINDS], message=_l("Pick a measure or a milestone."))])


class ProposeForm(Form):
    name = StringField(_l("Indicator"), validators=[InputRequired(message=_l("Name the indicator first.")),
                                                    Length(max=NAME_MAX)],
                       description=_l("What changes, in a few words: “children ready for school at five”."))
    kind = _kind()
    source = StringField(_l("Where the data comes from"), validators=[Optional(), Length(max=TEXT_MAX)])
    owner = StringField(_l("Organisation that tracks it (optional)"), validators=[Optional(), Length(max=SHORT_MAX)])
    baseline = StringField(_l("Baseline: where we are now"), validators=[Optional(), Length(max=SHORT_MAX)],
                           description=_l("A number for a measure (12 or 12.5); words for a milestone."))
    target = StringField(_l("Target: where we want to be"), validators=[Optional(), Length(max=SHORT_MAX)])
    unit = StringField(_l("Unit (optional)"), validators=[Optional(), Length(max=SHORT_MAX)],
                       description=_l("%, families, days…"))
    review = DayField(_l("Review date (optional)"), validators=[Optional()])
    breakdown = BooleanField(_l("Results must be broken down by group"), default=False)
    breakdown_why = TextAreaField(_l("Which groups, and why (optional)"),
                                  validators=[Optional(), Length(max=TEXT_MAX)],
                                  description=_l("By income, by community, by age… so no group is left out "
                                                 "of an average."))


class EditForm(ProposeForm):
    indicator_id = StringField(validators=ITEM_ID)


class IndicatorForm(Form):
    indicator_id = StringField(validators=ITEM_ID)


def _score(label):
    return IntegerField(label, validators=[Optional(), NumberRange(1, SCALE, message=_l("Give a score from 1 to 5."))])


class RateForm(IndicatorForm):
    importance = _score(_l("Importance"))
    feasibility = _score(_l("Feasibility"))


class RecordForm(IndicatorForm):
    value = StringField(_l("Latest value"), validators=[InputRequired(message=_l("Give the latest value.")),
                                                        Length(max=VALUE_MAX)])
    date = DayField(_l("Measured on"), validators=[InputRequired(message=_l("Give the day it was measured."))])


class ValueDayForm(IndicatorForm):
    date = DayField(_l("Measured on"), validators=[InputRequired(message=_l("Give the day it was measured."))])
