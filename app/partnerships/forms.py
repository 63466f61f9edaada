"""Forms for partnerships."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

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
