"""Forms for saving an agenda as a template."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms_common import FlaskForm, strip


class SaveTemplateForm(FlaskForm):
    name = StringField(_l("Template name"), [DataRequired(_l("Give the template a name.")), Length(max=120)],
                       filters=[strip], description=_l("For example: Half-day kick-off with health partners."))
    description = TextAreaField(_l("What it is for (optional)"), [Length(max=500)], filters=[strip])
    shared = BooleanField(_l("Share with my co-facilitators"),
                          description=_l("Everyone who facilitates a partnership with you can use it; only you can "
                                         "delete it."))
