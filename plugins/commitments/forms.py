"""WTForms forms of the Commitments ledger: its configuration and each action.

The amount is a text field on purpose: people type "12,5" or "1 000" on a phone, which a number
input would refuse or misread; the reducer reads it with the unit its kind implies
(:mod:`plugins.commitments.ledger`) and answers a clear error on the ``amount`` field."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, Form, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import ITEM_ID, N_
from plugins.commitments.ledger import KIND_LABELS, KINDS, NEEDS_MAX_LINES, parse_needs

DEFAULT_PROMPT = N_("What will your organisation bring to the shared work?")
DESCRIPTION_MAX = 300
AMOUNT_TEXT_MAX = 120


def _needs_valid(form, field):
    """Each line of the needs reads "kind | amount"; a wrong line is named by its number."""
    try:
        parse_needs(field.data or "")
    except ValueError as exc:
        raise ValidationError(str(exc.args[0])) from exc


class CommitmentsConfigForm(Form):
    prompt = StringField(_l("Question for the room"), default=DEFAULT_PROMPT,
                         validators=[InputRequired(), Length(max=200)])
    needs = TextAreaField(
        _l("What the work needs (one per line, optional)"), default="",
        validators=[Length(max=NEEDS_MAX_LINES * 40), _needs_valid],
        description=_l("Write a kind and an amount, like “staff time | 40” (hours a month), “funds | 10000” "
                       "or “people | 6”. The console then shows the gap for each."))
    currency = StringField(_l("Currency of the funds"), default="€", validators=[InputRequired(), Length(max=8)])
    overload_hours = IntegerField(
        _l("Most staff hours a month one organisation should carry"), default=80,
        validators=[InputRequired(), NumberRange(1, 20000)],
        description=_l("An organisation committing more staff time than this is flagged as over-committed."))
    load_share = IntegerField(
        _l("Share of a kind one organisation may carry (%)"), default=60,
        validators=[InputRequired(), NumberRange(34, 100)],
        description=_l("An organisation bringing more than this share of a kind's total is flagged."))


class DayField(DateField):
    """An optional calendar day (``<input type="date">``) with a message a person can act on."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Write the end date as a calendar day, like 2027-06-30.")) from exc


def _kind_field():
    return SelectField(_l("What kind of help"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS],
                       validate_choice=False,
                       validators=[AnyOf(KINDS, message=_l("Pick one of the kinds in the list."))])


class CommitForm(Form):
    kind = _kind_field()
    description = TextAreaField(_l("What exactly"), validators=[Length(max=DESCRIPTION_MAX * 2)])
    amount = StringField(_l("How much"), validators=[Length(max=AMOUNT_TEXT_MAX * 2)],
                         description=_l("Hours a month for staff time, a sum for funds, a number for people; "
                                        "a few words for anything else."))
    until = DayField(_l("Until (optional)"), validators=[Optional()])
    essential = BooleanField(_l("Essential for the work (untick if it is nice to have)"), default=True)


class CarryInForm(CommitForm):
    """A table's confirmed commitment brought into the plenary ledger (the roll-up)."""
    organisation = StringField(_l("Organisation"), validators=[
        InputRequired(message=_l("Name the organisation this commitment belongs to.")), Length(max=120)])


class EditForm(CommitForm):
    commitment_id = StringField(validators=ITEM_ID)


class CommitmentForm(Form):
    commitment_id = StringField(validators=ITEM_ID)


class NeedsForm(Form):
    needs = TextAreaField(_l("What the work needs"), validators=[Length(max=NEEDS_MAX_LINES * 40)],
                          description=_l("One line per kind, like “staff time | 40”."))
