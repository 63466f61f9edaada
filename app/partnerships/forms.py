"""Forms for partnerships."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from app.forms_common import FlaskForm, LinesField, lower, strip


class PartnershipForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(_l("Give the partnership a name.")), Length(max=160)],
                       filters=[strip])
    purpose = TextAreaField(_l("Shared purpose"), [Length(max=2000)], filters=[strip],
                            description=_l("One or two sentences everyone can sign up to."))
    sectors = LinesField(_l("Sectors"), max_items=30, max_length=60,
                         description=_l("One per line, for example Education, Health, Housing. "
                                        "Participants pick theirs when they join."))
    organisations = LinesField(_l("Organisations"), max_items=30, max_length=120,
                               description=_l("One per line. Participants can also type an organisation "
                                              "that isn't listed."))


class ShareForm(FlaskForm):
    email = EmailField(_l("Co-facilitator's email"), [DataRequired(_l("Enter an email address.")),
                                                      Email(_l("That doesn't look like an email address.")),
                                                      Length(max=254)], filters=[strip, lower],
                       description=_l("They see the invitation when they log in with this email, and choose "
                                     "whether to join."))


class ConfirmForm(FlaskForm):
    """No fields: a POST with a valid CSRF token is the confirmation."""


class ChampionForm(FlaskForm):
    """Name an organisation's internal champion, or hand the role over to someone new."""

    name = StringField(_l("Their name"), [DataRequired(_l("Give the new champion's name.")), Length(max=120)],
                       filters=[strip])
    role = StringField(_l("Job title (optional)"), [Length(max=120)], filters=[strip])
    contact = StringField(_l("Work contact (optional)"), [Length(max=254)], filters=[strip],
                          description=_l("Only a work email or phone number their organisation agreed to share."))
    day = DateField(_l("Date of the handover"), [InputRequired(_l("Give the date they take the role on."))])
    note = TextAreaField(_l("What was handed over"), [Length(max=4000)], filters=[strip],
                         description=_l("Contacts, documents, promises in progress: what they need to carry on."))


class StepDownForm(FlaskForm):
    """The champion left the role and no one has taken it on yet."""

    left_on = DateField(_l("Date they stepped down"), [InputRequired(_l("Give the date they stepped down."))])
