"""WTForms forms of the Trust and relationship pulse: its configuration and its one action."""
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import Form, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import lines

#: The core questions, always the same so later workshops can be compared: their keys are stable
#: (the plan's data and the partnership journey trend by them); their words are the project's own.
CORE = (
    ("trust", _l("We trust each other as much as our shared work needs.")),
    ("disagree", _l("I can say that I disagree without it costing me or my organisation.")),
    ("heard", _l("My organisation's priorities are heard and taken into account.")),
    ("between", _l("Between meetings, we hear from each other when we need to.")),
)
#: The scale, 1 to 5, with words for each point.
SCALE = (
    (1, _l("Not at all")),
    (2, _l("A little")),
    (3, _l("Partly")),
    (4, _l("Mostly")),
    (5, _l("Fully")),
)
LOW, HIGH = 1, 5
#: Longest comment by default, and the most a facilitator may allow.
DEFAULT_COMMENT = 280
MAX_COMMENT = 500
MAX_EXTRA = 6
MAX_QUESTION = 200


def extra_lines(form, field):
    found = lines(field.data)
    if len(found) > MAX_EXTRA:
        raise ValidationError(ngettext("Add at most %(num)d question of your own.",
                                       "Add at most %(num)d questions of your own.", MAX_EXTRA))
    if any(len(line) > MAX_QUESTION for line in found):
        raise ValidationError(_l("Keep each question under %(n)d characters.", n=MAX_QUESTION))


class PulseConfigForm(Form):
    extra_questions = TextAreaField(
        _l("Questions of your own (one per line, optional)"),
        default="",
        validators=[Length(max=MAX_EXTRA * (MAX_QUESTION + 2)), extra_lines],
        description=_l("They come after the four core questions, which always stay the same so "
                       "workshops can be compared."),
    )
    comment_length = IntegerField(
        _l("Longest comment (characters)"), default=DEFAULT_COMMENT,
        validators=[InputRequired(), NumberRange(40, MAX_COMMENT)],
    )


class AnswerForm(Form):
    question_id = StringField(_l("Question"), validators=[InputRequired(), Length(max=24)])
    value = IntegerField(_l("Your answer"), validators=[
        InputRequired(message=_l("Choose a point on the scale.")),
        NumberRange(LOW, HIGH, message=_l("Choose a point from 1 to 5."))])
    comment = TextAreaField(_l("Comment (optional, shown without your name)"), validators=[
        Optional(), Length(max=MAX_COMMENT, message=_l("Keep your comment under %(max)d characters."))])
