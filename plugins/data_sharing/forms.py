"""WTForms forms of the data-sharing map: its configuration and each action.

Choice fields do not check their choices here: the reducer refuses an unknown barrier,
agreement or status with a sentence of its own (a form's "Not a valid choice" says less)."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import Form, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.exercises.forms import ITEM_ID, N_

NAME_MAX = 80  # an organisation's or a data set's name
TEXT_MAX = 280  # a purpose, a barrier note
MAX_ORGANISATIONS = 40
MAX_DATASETS = 60
MAX_FLOWS = 120
MAX_NOTES = 20  # barrier notes on one flow

BARRIERS = (
    ("legal", lazy_pgettext("data_sharing", "Legal")),
    ("consent", lazy_pgettext("data_sharing", "Consent")),
    ("technical", lazy_pgettext("data_sharing", "Technical")),
    ("trust", lazy_pgettext("data_sharing", "Trust")),
    ("other", lazy_pgettext("data_sharing", "Other")),
)
AGREEMENTS = (
    ("dsa", _l("Data-sharing agreement")),
    ("consent_form", _l("Consent form")),
    ("anonymised", _l("Anonymised extract only")),
    ("none", _l("No agreement needed")),
)
STATUSES = (
    ("needed", lazy_pgettext("data_sharing", "Needed")),
    ("in_progress", lazy_pgettext("data_sharing", "In progress")),
    ("in_place", lazy_pgettext("data_sharing", "In place")),
)



def _choices(pairs) -> list:
    return [SelectChoice(key, label) for key, label in pairs]


DEFAULT_PROMPT = N_("Which data does each partner hold, and who needs it for our shared outcomes?")


class DataSharingConfigForm(Form):
    prompt = StringField(_l("Question for the room"), default=DEFAULT_PROMPT,
                         validators=[DataRequired(), Length(max=200)])
    organisations = TextAreaField(
        _l("Organisations in the partnership (one per line)"),
        default="",
        validators=[Length(max=MAX_ORGANISATIONS * (NAME_MAX + 1))],
        description=_l("Participants can name other organisations too."),
    )
    datasets_per_participant = IntegerField(
        _l("Data sets one participant may add"), default=10,
        validators=[InputRequired(), NumberRange(1, MAX_DATASETS)],
    )


class AddDatasetForm(Form):
    name = StringField(_l("Data set"), validators=[DataRequired(message=_l("Name the data set.")),
                                                   Length(max=NAME_MAX)])
    holder = StringField(_l("Held by (organisation)"), validators=[Optional(), Length(max=NAME_MAX)],
                         description=_l("Leave empty for your own organisation."))


class EditDatasetForm(AddDatasetForm):
    dataset_id = StringField(validators=ITEM_ID)


class DatasetForm(Form):
    dataset_id = StringField(validators=ITEM_ID)


class AddFlowForm(Form):
    dataset_id = StringField(_l("Data set"), validators=[DataRequired(message=_l("Pick a data set.")),
                                                        Length(max=24)])
    recipient = StringField(_l("Needed by (organisation)"),
                            validators=[DataRequired(message=_l("Say which organisation needs it.")),
                                        Length(max=NAME_MAX)])
    purpose = TextAreaField(_l("What for"), validators=[DataRequired(message=_l("Say what the data is for.")),
                                                        Length(max=TEXT_MAX)])
    barriers = SelectMultipleField(_l("What stands in the way"), choices=_choices(BARRIERS), validate_choice=False)
    barrier_note = TextAreaField(_l("About the barriers (optional)"), validators=[Optional(), Length(max=TEXT_MAX)])
    agreement = SelectField(_l("Agreement needed"), choices=_choices(AGREEMENTS), default="dsa", validate_choice=False)
    status = SelectField(lazy_pgettext("data_sharing", "Status"), choices=_choices(STATUSES), default="needed",
                         validate_choice=False)


class EditFlowForm(AddFlowForm):
    flow_id = StringField(validators=ITEM_ID)


class FlowForm(Form):
    flow_id = StringField(validators=ITEM_ID)


class BarrierNoteForm(Form):
    flow_id = StringField(validators=ITEM_ID)
    barrier = SelectField(_l("Kind of obstacle"), choices=_choices(BARRIERS), default="other", validate_choice=False)
    text = StringField(_l("The obstacle you see"), validators=[DataRequired(message=_l("Write something first.")),
                                                               Length(max=TEXT_MAX)])


class DeleteNoteForm(Form):
    flow_id = StringField(validators=ITEM_ID)
    note_id = StringField(validators=ITEM_ID)


class AddOrganisationForm(Form):
    name = StringField(_l("Organisation"), validators=[DataRequired(message=_l("Name the organisation.")),
                                                       Length(max=NAME_MAX)])


class OrganisationForm(Form):
    organisation_id = StringField(validators=ITEM_ID)
