"""The configuration form and one form per action."""
from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class ConfigForm(Form):
    question = StringField(_l("Question"), default="What will your organisation do next?",
                           validators=[DataRequired(), Length(max=200)])
    per_person = IntegerField(_l("Pledges per person"), default=2, validators=[InputRequired(), NumberRange(1, 5)])


class PledgeForm(Form):
    text = TextAreaField(_l("Your pledge"), validators=[DataRequired(), Length(max=300)])


class PledgeIdForm(Form):
    pledge_id = StringField(validators=[InputRequired(), Length(max=24)])
