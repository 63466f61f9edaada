"""Forms for saving an agenda as a template."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms_common import strip


class SaveTemplateForm(FlaskForm):
    name = StringField("Template name", [DataRequired("Give the template a name."), Length(max=120)],
                       filters=[strip], description="For example: Half-day kick-off with health partners.")
    description = TextAreaField("What it is for (optional)", [Length(max=500)], filters=[strip])
    shared = BooleanField("Share with my co-facilitators",
                          description="Everyone who facilitates a partnership with you can use it; only you can "
                                      "delete it.")
