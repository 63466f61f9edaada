"""Forms for partnerships."""
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from app.forms_common import LinesField, lower, strip


class PartnershipForm(FlaskForm):
    name = StringField("Name", [DataRequired("Give the partnership a name."), Length(max=160)], filters=[strip])
    purpose = TextAreaField("Shared purpose", [Length(max=2000)], filters=[strip],
                            description="One or two sentences everyone can sign up to.")
    sectors = LinesField("Sectors", max_items=30, max_length=60,
                         description="One per line, for example Education, Health, Housing. "
                                     "Participants pick theirs when they join.")
    organisations = LinesField("Organisations", max_items=30, max_length=120,
                               description="One per line. Participants can also type an organisation "
                                           "that isn't listed.")


class ShareForm(FlaskForm):
    email = EmailField("Co-facilitator's email", [DataRequired("Enter an email address."),
                                                  Email("That doesn't look like an email address."),
                                                  Length(max=254)], filters=[strip, lower],
                       description="They need a Common Ground account on this server first.")


class ConfirmForm(FlaskForm):
    """No fields: a POST with a valid CSRF token is the confirmation."""
